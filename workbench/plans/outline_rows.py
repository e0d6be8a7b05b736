"""The parsed outline as rows a secretary corrects in the editor before anything is stored.

One row per part heading, per item and per further paragraph, in the document's order, each set to one of
three levels: 部分 (a part), 条目 (an item), 正文 (a paragraph that is no item: it belongs to the item, or
the part, above it; above the first part, to the plan's 前言). A correction is one method of `Outline`:

* `set_level` promotes or demotes a row (部分 ↔ 条目), or marks it as 正文 (“不是条目”);
* `merge_up` joins a row to the row above it (a heading or paragraph the parser broke in two);
* `split` cuts a row in two at the words the secretary types, or after a number of characters (two items
  run together); the second row keeps the level of the first;
* `set_line` replaces a row's words.

An item's title is the part of its first row before the first “。”, as the parser takes it; a row the
secretary has not touched keeps the title, number and text the parser gave it. The rows are turned into
plans by writing them as the CLI's outline file and reading that with `outline_file.read_outline`, so the
editor stores exactly what `plan import --outline` would store for the same corrections, and a refusal
names the row (第N行) as the editor numbers them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date

from workbench.base.errors import PlanParseError
from workbench.plans.outline import Item, Plan, numbering
from workbench.plans.outline_file import FIELDS, read_outline

PART, ITEM, TEXT = "part", "item", "text"
# The levels as the editor offers them.
LEVELS = {PART: "部分", ITEM: "条目", TEXT: "正文（不是条目）"}
_STOPS = "。！？!?"
_INDENT = "    "
# An item's fields by the names the task table and the plan tab give them (牵头委室, not 责任单位).
FIELD_LABELS = {key: label for label, key in reversed(list(FIELDS.items()))}
_ids = itertools.count(1)
_KEY = re.compile(r"^([^：:]{2,6})[：:]")  # a line read_outline would take for a field or a plan line


@dataclass
class Row:
    """One line of the outline. `parsed` holds what the parser gave it, used while the row is as parsed."""

    level: str
    line: str
    plan: int = 0  # which plan of the document (a document may hold several)
    fields: dict = field(default_factory=dict)  # an item's owner, deadline … from the task table
    note: str = ""  # what the reader should know about the row (an item found only in the task table)
    id: int = field(default_factory=lambda: next(_ids))  # stays with the row through corrections
    parsed: _Parsed | None = None

    def as_parsed(self) -> _Parsed | None:
        """The parser's reading, while the row still has its level and words; None once corrected."""
        p = self.parsed
        return p if p is not None and p.level == self.level and p.line == self.line else None


@dataclass(frozen=True)
class _Parsed:
    level: str
    line: str
    title: str
    number: int | None  # for a line that does not show its number (an unnumbered item, a table task)
    own_text: bool  # whether the line's words are the start of the item's text, not only its title


@dataclass
class _Head:
    title: str | None
    year: int | None
    source: str
    notices: list[str]


def _first_sentence(text: str) -> tuple[str, bool]:
    for n, ch in enumerate(text):
        if ch in _STOPS:
            return text[:n].strip(), True
    return text.strip(), False


def _clean(text: str) -> str:
    return text.strip().rstrip("。：:；;，, ").strip()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _marked(marker: str, rest: str, *, item: bool) -> str:
    """A parsed line as shown: with its printed number when that number reads back."""
    if not marker or numbering(f"{marker} {rest}") is None:
        return rest
    return _join(marker, rest, space=item)


class Outline:
    """The rows of one parsed document, and the corrections made to them; `plans()` reads them back."""

    def __init__(self, found: list[Plan], name: str):
        self.name = name
        self.heads: list[_Head] = []
        self.rows: list[Row] = []
        for n, plan in enumerate(found):
            self.heads.append(_Head(plan.title, plan.year, plan.source or name, list(plan.notices)))
            self.rows.extend(Row(TEXT, line, n) for line in _lines(plan.intro))
            for section in plan.sections:
                line = _marked(section.marker, section.title, item=False)
                hidden = None if numbering(line) is not None else section.number  # a bare heading: counted
                parsed = _Parsed(PART, line, section.title, hidden, False)
                self.rows.append(Row(PART, line, n, parsed=parsed))
                self.rows.extend(Row(TEXT, text, n) for text in _lines(section.text))
                for item in section.items:
                    self.rows.extend(_item_rows(item, n))

    # ------------------------------------------------------------------ corrections
    def set_level(self, index: int, level: str) -> None:
        """Make row `index` a part, an item, or 正文 of the item or part above it."""
        if level not in LEVELS:
            raise PlanParseError(f"第{index + 1}行：类别“{level}”不正确，应为部分、条目或正文。")
        self._row(index).level = level

    def set_line(self, index: int, text: str) -> None:
        """Replace the words of row `index` (line breaks typed into the box become spaces)."""
        self._row(index).line = " ".join(text.split("\n")).strip()

    def merge_up(self, index: int) -> None:
        """Join row `index` to the end of the row above it; the row above keeps its level."""
        row = self._row(index)
        if index == 0 or self.rows[index - 1].plan != row.plan:
            raise PlanParseError(f"第{index + 1}行上面没有可以合并的行。")
        above = self.rows[index - 1]
        gap = " " if above.line[-1:].isascii() and row.line[:1].isascii() and above.line and row.line else ""
        above.line = f"{above.line}{gap}{row.line}"
        for key, value in row.fields.items():
            above.fields.setdefault(key, value)
        del self.rows[index]

    def split(self, index: int, at: str | int) -> None:
        """Cut row `index` in two: before the words `at` (their first place after the start), or after
        `at` characters. The second row has the level of the first."""
        row = self._row(index)
        where = f"第{index + 1}行"
        if isinstance(at, int):
            if not 0 < at < len(row.line):
                raise PlanParseError(f"{where}共 {len(row.line)} 个字，请填写 1 到 {len(row.line) - 1} 之间的字数。")
            cut = at
        else:
            words = at.strip()
            if not words:
                raise PlanParseError(f"请填写{where}从哪几个字起另起一行。")
            cut = row.line.find(words, 1)
            if cut < 0:
                if row.line.startswith(words):
                    raise PlanParseError(f"“{words}”在{where}的开头，从这里拆开，前一行就没有文字了。请填写后一行开头的几个字。")
                raise PlanParseError(f"{where}中没有“{words}”，无法拆分。请填写这一行中要另起一行处开头的几个字。")
        head, tail = row.line[:cut].rstrip(), row.line[cut:].strip()
        if not head or not tail:
            raise PlanParseError(f"{where}从这里拆开，有一行将没有文字。请换一个位置。")
        row.line = head
        self.rows.insert(index + 1, Row(row.level, tail, row.plan))

    def _row(self, index: int) -> Row:
        if not 0 <= index < len(self.rows):
            raise PlanParseError(f"大纲中没有第{index + 1}行。")
        return self.rows[index]

    # ------------------------------------------------------------------ reading back
    def index_of(self, row_id: int) -> int:
        """The position of the row with `row_id` now (rows move as others are merged or split)."""
        return next(n for n, r in enumerate(self.rows) if r.id == row_id)

    def text(self) -> tuple[str, list[int]]:
        """The rows written as the CLI's outline file, and for each of its lines the row (0-based) it
        came from; -1 for a plan's own lines (标题, 年度, 来源)."""
        out = _Written()
        for n, head in enumerate(self.heads):
            out.put(f"标题：{head.title or ''}", -1)
            out.put(f"年度：{head.year or ''}", -1)
            out.put(f"来源：{head.source}", -1)
            under: str | None = None  # PART or ITEM: what a 正文 row belongs to
            for i, row in enumerate(self.rows):
                if row.plan != n:
                    continue
                words = row.line.strip()
                where = f"第{i + 1}行"
                if not words:
                    raise PlanParseError(f"{where}没有文字。请填写，或点“合并到上一行”把这一行去掉。")
                if row.level == TEXT:
                    if under is None:
                        out.put(f"前言：{words}", i)
                    elif under == PART:
                        out.put(f"{_INDENT}说明：{words}", i)
                    else:
                        out.body(f"{_INDENT * 2}正文：{words}", i, row.fields)
                    continue
                out.close()
                key = _KEY.match(words)
                if key and key.group(1) in (*FIELDS, "正文", "说明", "标题", "年度", "来源", "前言"):
                    raise PlanParseError(
                        f"{where}以“{key.group(1)}：”开头，不像{LEVELS[row.level]}的标题。"
                        f"如果它是上一条的内容，请把类别改为“正文”；否则请改写这一行。"
                    )
                parsed = row.as_parsed()
                mark = numbering(words)
                rest = mark.rest if mark else words
                heading, stop = _first_sentence(rest)
                if row.level == PART:
                    title = parsed.title if parsed else _clean(heading if stop else rest) or rest
                    marker = mark.marker if mark else (_cn(parsed.number) if parsed and parsed.number else "")
                    out.put(_join(marker, title), i)
                    remainder = rest[len(heading) :].lstrip(_STOPS + " ") if stop and not parsed else ""
                    if remainder:
                        out.put(f"{_INDENT}说明：{remainder}", i)
                    under = PART
                    continue
                if under is None:
                    raise PlanParseError(f"{where}：条目“{_short(words)}”上面还没有部分。请把它或它上面的一行设为“部分”。")
                title = parsed.title if parsed else (heading if stop else _clean(rest) or rest)
                marker = mark.marker if mark else (f"{parsed.number}." if parsed and parsed.number else "")
                out.put(_INDENT + _join(marker, title, space=True), i)
                out.open(i, row.fields)
                if parsed.own_text if parsed else stop:
                    out.body(f"{_INDENT * 2}正文：{rest}", i, {})
                under = ITEM
            out.close()
        return "\n".join(out.lines) + "\n", out.origin

    def plans(self) -> list[Plan]:
        """The plans the rows now describe, read as `plan import --outline` reads its file; a row that
        cannot be placed is refused naming it (第N行)."""
        for n, head in enumerate(self.heads):
            rows = [r for r in self.rows if r.plan == n]
            if not any(r.level == PART for r in rows):
                which = f"第{n + 1}份工作要点（{head.title}）" if len(self.heads) > 1 else "大纲"
                raise PlanParseError(f"{which}中没有任何“部分”。请至少把一行设为“部分”（如“一、加强思想政治建设”）。")
        if not any(r.level == ITEM for r in self.rows):
            raise PlanParseError("大纲中没有任何“条目”，无法导入。请至少把一行设为“条目”。")
        text, origin = self.text()

        def where(no: int) -> str:
            row = origin[no - 1] if 0 < no <= len(origin) else -1
            return f"第{row + 1}行" if row >= 0 else "大纲"

        found = read_outline(text, self.name, where=where)
        # Each plan has a part (checked above), so the outline reads back one plan per head, in order.
        return [replace(p, source=h.source, notices=list(h.notices)) for p, h in zip(found, self.heads, strict=True)]


def _item_rows(item: Item, plan: int) -> list[Row]:
    """An item as rows: its first paragraph (or its heading), then each further paragraph as 正文."""
    shown = item.marker if item.marker and numbering(f"{item.marker} {item.title}") else ""
    number = None if shown else item.number
    paragraphs = _lines(item.text)
    if paragraphs and paragraphs[0].startswith(item.title) and paragraphs[0] != item.title:
        first, rest, own = paragraphs[0], paragraphs[1:], True
    elif paragraphs in ([], [item.title]):
        first, rest, own = item.title, [], True
    else:
        first, rest, own = item.title, paragraphs, False  # a heading: its paragraphs are the text
    line = _marked(shown, first, item=True)
    parsed = _Parsed(ITEM, line, item.title, number, own)
    note = "此条仅见于任务分解表，正文中没有。" if item.only_in_table else ""
    rows = [Row(ITEM, line, plan, fields=dict(item.fields), note=note, parsed=parsed)]
    return rows + [Row(TEXT, p, plan) for p in rest]


def _join(marker: str, title: str, *, space: bool = False) -> str:
    """A numbered line that reads back with its number: “1.” before “2025年…” needs a space."""
    if not marker:
        return title
    tight = f"{marker}{title}"
    return f"{marker} {title}" if space or numbering(tight) is None else tight


class _Written:
    """The outline file's lines as they are written, each with the row it came from; an item's text and
    fields are held until the next part or item, since its 正文 rows come after it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origin: list[int] = []
        self._body: list[tuple[str, int]] = []
        self._fields: dict = {}
        self._row = -1

    def put(self, line: str, row: int) -> None:
        self.lines.append(line)
        self.origin.append(row)

    def open(self, row: int, fields: dict) -> None:
        self._row, self._fields = row, dict(fields)

    def body(self, line: str, row: int, fields: dict) -> None:
        self._body.append((line, row))
        for key, value in fields.items():  # a line that was an item gives its owner … to the item it joins
            self._fields.setdefault(key, value)

    def close(self) -> None:
        for line, row in self._body:
            self.put(line, row)
        for key, value in self._fields.items():
            if key in FIELD_LABELS and value not in (None, ""):
                shown = value.isoformat() if isinstance(value, date) else str(value)
                self.put(f"{_INDENT * 2}{FIELD_LABELS[key]}：{shown}", self._row)
        self._body, self._fields, self._row = [], {}, -1


def _cn(number: int) -> str:
    from workbench.base.numerals import chinese_number

    return f"{chinese_number(number)}、"


def _short(text: str, n: int = 20) -> str:
    return text if len(text) <= n else text[:n] + "…"
