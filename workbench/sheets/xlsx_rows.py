"""Streaming the data rows of one worksheet straight from its XML: the import's fast, flat-memory path.

openpyxl finds the sheets, the header rows, the shared strings and which styles
are dates; the rows below the header are then read here with lxml's iterparse,
one row at a time, each row's XML dropped once read. So a 200,000-row workbook
is read without holding it, and several times faster than openpyxl's own cell
parser. A formula cell saved without its result (by a program that does not
calculate) comes back as `normalize.Formula`, never as an empty value.

Rows are read as a person sees them: a merged cell's value fills every cell of
its range (界别 merged down each group of a roster, 主办单位 merged over the
proposals one unit handles), and a hidden row — hidden by hand or by a filter —
is left out. Both are counted as they are read (`filled`, `hidden`) so the
preview can say what was filled and what was skipped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.base.errors import SheetError
from workbench.sheets.normalize import Formula

_LETTERS: dict[str, int] = {}


def _column(ref: str) -> int:
    """0-based column of a cell reference such as "AB12"."""
    letters = ref.rstrip("0123456789")
    n = _LETTERS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        n -= 1
        _LETTERS[letters] = n
    return n


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based rows and 0-based columns, as written in the sheet (“B3:B10”)."""

    ref: str
    top: int
    left: int
    bottom: int
    right: int


@dataclass
class Fill:
    """A merge whose value was copied into the data rows it covers."""

    merge: Merge
    value: Any
    rows: list[int] = field(default_factory=list)  # data rows that received the value


_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s+ref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')


def merges(path: Path, member: str) -> list[Merge]:
    """The merged ranges of a worksheet part, found by scanning its bytes (they follow the rows in the XML)."""
    found: list[Merge] = []
    tail = b""
    with zipfile.ZipFile(path) as z, z.open(member.lstrip("/")) as f:
        while chunk := f.read(1 << 20):
            data = tail + chunk
            last = 0
            for m in _MERGE.finditer(data):
                a, r1, b, r2 = m.groups()
                a_s, b_s = a.decode(), (b or a).decode()
                top, bottom = int(r1), int(r2 or r1)
                left, right = _column(a_s), _column(b_s)
                ref = f"{a_s}{top}" + (f":{b_s}{bottom}" if b else "")
                found.append(Merge(ref, min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
                last = m.end()
            # Keep the end of the chunk: a mergeCell element may be cut in two.
            tail = data[max(last, len(data) - 200) :]
    return [m for m in dict.fromkeys(found) if (m.bottom, m.right) != (m.top, m.left)]


class Rows:
    """The rows of a worksheet from `first_row` on, as (row number, values); iterable more than once."""

    def __init__(
        self,
        path: Path,
        member: str,
        first_row: int,
        shared: list,
        date_styles: set,
        epoch: datetime,
        merged: list[Merge] | None = None,
    ):
        self.path = path
        self.member = member.lstrip("/")
        self.first_row = first_row
        self.shared = shared
        self.date_styles = date_styles
        self.epoch = epoch
        # Only merges that start in the data: one reaching up into the header is part of the header.
        self.merged = sorted((m for m in merged or () if m.top >= first_row), key=lambda m: m.top)
        self.filled: list[Fill] = []  # after a full pass: merges copied into data rows
        self.hidden: list[int] = []  # after a full pass: hidden rows with values, left out

    def __iter__(self) -> Iterator[tuple[int, tuple]]:
        try:
            yield from self._rows()
        except SheetError:
            raise
        except Exception:  # a damaged part of the file shows only once read
            raise SheetError(
                f"读取文件“{self.path.name}”时出错，文件可能已损坏。请在 Excel 或 WPS 中打开确认后重新保存再导入。"
            ) from None

    def _rows(self) -> Iterator[tuple[int, tuple]]:
        from lxml import etree

        self.filled, self.hidden = [], []
        pending = list(self.merged)  # merges not yet reached, by top row
        active: list[Fill] = []  # merges whose range the rows are in
        with zipfile.ZipFile(self.path) as z, z.open(self.member) as f:
            number = 0
            for _, row in etree.iterparse(f, events=("end",), tag="{*}row", huge_tree=True):
                r = row.get("r")
                number = int(r) if r else number + 1
                if number >= self.first_row:
                    values = self._values(row, number)
                    own = any(_present(v) for v in values)
                    if pending or active:
                        values = self._fill(values, number, pending, active, own)
                    if row.get("hidden") in ("1", "true"):
                        if own:
                            self.hidden.append(number)
                    elif own:
                        yield number, values
                row.clear()
                parent = row.getparent()
                if parent is not None:
                    while row.getprevious() is not None:
                        del parent[0]

    def _fill(self, values: tuple, number: int, pending: list[Merge], active: list[Fill], own: bool) -> tuple:
        """The row with every cell a merge covers holding the merge's value (its top-left cell's)."""
        while pending and pending[0].top <= number:
            m = pending.pop(0)
            if m.top == number:
                value = values[m.left] if m.left < len(values) else None
                if _present(value):
                    active.append(Fill(m, value))
                    self.filled.append(active[-1])
        active[:] = [a for a in active if a.merge.bottom >= number]
        if not active:
            return values
        cells = list(values)
        for a in active:
            m = a.merge
            if len(cells) <= m.right:
                cells.extend([None] * (m.right + 1 - len(cells)))
            took = False
            for c in range(m.left, m.right + 1):
                if (number, c) != (m.top, m.left) and not _present(cells[c]):
                    cells[c] = a.value
                    took = True
            # Counted only for rows that hold values of their own: a blank row under a merge is not data.
            if took and own and number != m.top:
                a.rows.append(number)
        return tuple(cells)

    def _values(self, row, number: int) -> tuple:
        cells: dict[int, Any] = {}
        col = -1
        ns = row.tag[:-3]  # "{namespace}" of "{namespace}row": compared as plain strings below
        tags = (ns + "c", ns + "v", ns + "f", ns + "is", ns + "t")
        for c in row:
            if c.tag != tags[0]:
                continue
            ref = c.get("r")
            col = _column(ref) if ref else col + 1
            cells[col] = self._value(c, ref or f"{_name(col)}{number}", tags)
        if not cells:
            return ()
        return tuple(cells.get(i) for i in range(max(cells) + 1))

    def _value(self, c, ref: str, tags: tuple) -> Any:
        _, v_tag, f_tag, is_tag, t_tag = tags
        kind = c.get("t", "n")
        v = f = inline = None
        for child in c:
            tag = child.tag
            if tag == v_tag:
                v = child.text
            elif tag == f_tag:
                f = child
            elif tag == is_tag:
                inline = child
        if kind == "inlineStr":
            if inline is None:
                return None
            first = inline[0] if len(inline) else None
            if first is not None and first.tag == t_tag and len(inline) == 1:
                return first.text or ""
            # Rich text: the runs' text, without phonetic guides (rPh).
            return "".join(t.text or "" for r in inline if r.tag != ns_of(r) + "rPh" for t in r.iter(t_tag))
        if v is None or v == "":
            if f is not None:
                return Formula(ref, "=" + (f.text or "…"))
            return None
        if kind == "s":
            value = self.shared[int(v)]
            return value if isinstance(value, str) or value is None else str(value)
        if kind in ("str", "e"):
            return v
        if kind == "b":
            return v.strip() not in ("0", "false")
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(v)
        number = float(v) if ("." in v or "e" in v or "E" in v) else int(v)
        style = c.get("s")
        if style and int(style) in self.date_styles:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


def _present(v: Any) -> bool:
    return v is not None and (not isinstance(v, str) or bool(v.strip()))


def ns_of(el) -> str:
    return el.tag[: el.tag.index("}") + 1] if el.tag.startswith("{") else ""


def _name(col: int) -> str:
    s = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def rows(ws, path: Path, first_row: int) -> Rows | None:
    """Streaming rows for an openpyxl read-only worksheet, or None when its XML part is not at hand."""
    member = getattr(ws, "_worksheet_path", None)
    wb = getattr(ws, "parent", None)
    if not member or wb is None:
        return None
    return Rows(
        path,
        member,
        first_row,
        list(getattr(wb, "shared_strings", []) or []),
        set(getattr(wb, "_date_formats", set()) or set()),
        wb.epoch,
        merges(path, member),
    )
