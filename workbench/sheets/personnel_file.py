"""Reading a 任免名单 the office received as a workbook (.xlsx) or a Word table (.docx).

Lists come from the 统战部 or the 组织部 in their own layout: a header row somewhere near the
top (姓名, 性别, 民族, 出生年月, 党派/政治面貌, 界别, 工作单位及职务, 拟任/拟免职务, 原因), often a
title row above it, and the kind of each person either in a column (事项: 增补委员, 免职 …) or as
group rows/paragraphs between them ("一、增补委员（2名）"). Every row is read and checked before
anything is stored; a problem is refused in Chinese naming the file, the sheet or table, the row
and what is wrong. A 事项 cell may name the kind (免职) or word the matter as the printed list
does (任文史委员会副主任, 免去……职务), which gives the post too. `personnel.append` stores the rows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from workbench.base import config, values
from workbench.base.errors import SheetError, WorkbenchError
from workbench.office.personnel import check_values
from workbench.plans import word
from workbench.store import coerce, schema

# Store field → the headers lists use for it (compared without spaces).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "born": ("出生年月", "出生日期", "出生时间", "出生年份"),
    "party": ("党派", "政治面貌", "党派（政治面貌）"),
    "sector": ("界别", "所在界别", "拟任界别"),
    "unit_and_post": ("工作单位及职务", "现工作单位及职务", "单位及职务", "工作单位", "现任职务", "现职"),
    "post": ("任免职务", "拟任职务", "拟免职务", "拟任免职务", "辞去职务", "拟任（免）职务"),
    "kind": ("事项", "事项类别", "类别", "任免类别", "类型", "任免事项", "拟任免事项"),
    "reason": ("原因", "理由", "任免原因", "辞职原因"),
}
_NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[、.．)）]\s*")


def _plain(value: Any) -> str:
    return re.sub(r"\s+", "", values.without_controls(str(value))) if value is not None else ""


def _field_of(header: str) -> str | None:
    text = _plain(header)
    for field, names in HEADERS.items():
        if text in names:
            return field
    return None


def _group_kind(cells: list[str]) -> str | None:
    """A group row or paragraph ("一、增补委员（2名）", "二、免职"): the kind it names, else None."""
    text = " ".join(c for c in cells if c).strip()
    if not text or len([c for c in cells if c]) > 1:
        return None
    text = re.sub(r"[（(][^）)]*[）)]\s*$", "", _NUMBERING.sub("", text)).strip("：: ")
    try:
        return config.labels()["personnel_kind"].code(text, where="")
    except WorkbenchError:  # not a kind's name: an ordinary line
        return None


# A 事项 cell that words the matter itself, as the printed list does: (pattern, kind).
_MATTERS = (
    (re.compile(r"^增补(?:为)?(.*?)(?:委员)?$"), "add_member"),
    (re.compile(r"^(?:接受)?辞去(.+?)(?:职务)?$"), "resign"),
    (re.compile(r"^撤销(.*?)委员资格$"), "revoke"),
    (re.compile(r"^免去(.+?)(?:职务)?$"), "remove"),
    (re.compile(r"^(?:拟)?任(.+)$"), "appoint"),
)


def _kind_and_post(text: str) -> tuple[str, str | None] | None:
    """ "任文史委员会副主任" → (appoint, 文史委员会副主任); a kind's own name → (kind, None); else None."""
    kind = _group_kind([text])
    if kind is not None:
        return kind, None
    for pattern, kind in _MATTERS:
        m = pattern.match(_plain(text))
        if m:
            post = m.group(1).strip() or None
            return kind, (None if kind in ("add_member", "revoke") else post)
    return None


def _rows_of_table(
    cells: list[list[Any]], where: str, start_kind: str | None = None
) -> tuple[list[tuple[str, dict]], str | None]:
    """(place, values) for each person of one table (or sheet); the kind last named carries on."""
    header_at, columns = None, {}
    for i, row in enumerate(cells[:12]):
        found = {j: f for j, c in enumerate(row) if (f := _field_of(str(c or ""))) is not None}
        if "name" in found.values():
            header_at, columns = i, found
            break
    if header_at is None:
        raise SheetError(f"{where}：没有找到表头（应有“姓名”一列，以及性别、民族、出生年月、党派、工作单位及职务等列）。")
    out: list[tuple[str, dict]] = []
    kind = start_kind
    for i, row in enumerate(cells[header_at + 1 :], start=header_at + 2):
        texts = [str(c).strip() if c is not None else "" for c in row]
        if not any(texts):
            continue
        group = _group_kind(texts)
        if group is not None:
            kind = group
            continue
        entry = {f: row[j] for j, f in columns.items() if j < len(row)}
        if not _plain(entry.get("name")):
            continue  # a total line or a note under the table
        entry.setdefault("kind", None)
        if not _plain(entry.get("kind")):
            entry["kind"] = kind
        out.append((f"{where}第{i}行", entry))
    return out, kind


def _word_tables(table, printed, where: str) -> list[tuple[str, list[list[str]]]]:
    """A Word table's rows of printed text (tracked changes accepted, hidden text left out), and the tables
    nested in its cells: one with a header of its own is read as a table of its own, one without
    continues the table it sits in, its rows in place of the row that holds it."""
    from docx.table import Table as DocxTable

    out: list[tuple[str, list[list[str]]]] = []
    rows: list[list[str]] = []
    for n, row in enumerate(table.rows, start=1):
        if word.row_deleted(row._tr):
            continue
        cells = list(row.cells)
        rows.append([printed.cell_text(c._tc) for c in cells])
        seen: set[int] = set()
        for c in cells:
            if id(c._tc) in seen:
                continue  # a merged cell appears once per column it spans
            seen.add(id(c._tc))
            for inner in word.nested_tables(c._tc):
                found = _word_tables(DocxTable(inner, table._parent), printed, f"{where}第{n}行内的表格")
                for place, inner_rows in found:
                    if place.endswith("内的表格") and not _has_header(inner_rows) and inner_rows is found[0][1]:
                        rows.extend(inner_rows)
                    else:
                        out.append((place, inner_rows))
    return [(where, rows), *out]


def _has_header(rows: list[list[str]]) -> bool:
    return any(_field_of(c) == "name" for row in rows[:12] for c in row)


def _checked(place: str, entry: dict) -> dict:
    row: dict = {}
    for field in ("kind", "name", "gender", "ethnicity", "born", "party", "sector", "unit_and_post", "post", "reason"):
        raw = entry.get(field)
        if isinstance(raw, str):
            raw = raw.strip()
        zh = schema.personnel_change.c[field].info["zh"]
        if field == "kind" and raw:
            matter = _kind_and_post(str(raw))
            if matter is not None:
                raw = matter[0]
                if matter[1] and not _plain(entry.get("post")):
                    entry["post"] = matter[1]
        if field == "kind" and not raw:
            raise SheetError(
                f"{place}：“{_plain(entry.get('name'))}”没有事项类别。请加一列“事项”（增补委员、接受辞去职务、"
                "撤销委员资格、任职、免职），或在各组人员之前加一行写明类别，如“一、增补委员”。"
            )
        row[field] = coerce(schema.personnel_change, field, raw, where=f"{place}“{zh}”")
    try:
        check_values(row)
    except WorkbenchError as exc:
        raise SheetError(f"{place}：{exc}") from None
    return row


class People(list):
    """The people read from a list, with what reading left out or filled (`notices`, in Chinese)."""

    def __init__(self, rows: list[dict], notices: list[str]):
        super().__init__(rows)
        self.notices = notices


def _as_seen(sheet) -> tuple[list[list], list[int]]:
    """A sheet's cells as a person sees them: cells merged down filled in each row, hidden rows left out."""
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        if merged.max_row == merged.min_row:
            continue  # a title or group row ("一、增补委员") merged across: one value, not one per column
        value = cells[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(cells) else None
        for r in range(merged.min_row, min(merged.max_row, len(cells)) + 1):
            row = cells[r - 1]
            row.extend([None] * (merged.max_col - len(row)))
            for c in range(merged.min_col, merged.max_col + 1):
                if row[c - 1] in (None, ""):
                    row[c - 1] = value
    hidden = [
        n for n, row in enumerate(cells, start=1) if sheet.row_dimensions[n].hidden and any(c not in (None, "") for c in row)
    ]
    # A hidden row becomes blank, not removed: row numbers in messages stay those Excel shows.
    for n in hidden:
        cells[n - 1] = [None] * len(cells[n - 1])
    return cells, hidden


def read(path: str | Path) -> People:
    """The people of the list in `path`, in file order, each as the values a `personnel_change` row holds.

    Their `notices` say what was left out (hidden sheets and rows).
    """
    path = Path(path)
    notices: list[str] = []
    if not path.exists():
        raise SheetError(f"找不到文件“{path}”。")
    suffix = path.suffix.lower()
    rows: list[tuple[str, dict]] = []
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            # Not read-only: a 任免名单 is short, and only a full load knows merged cells and hidden rows.
            book = openpyxl.load_workbook(path, data_only=True)
        except Exception:
            raise SheetError(f"“{path.name}”无法作为 Excel 工作簿打开（可能已损坏、加密或不是 .xlsx 文件）。") from None
        try:
            kind = None
            for sheet in book.worksheets:
                if sheet.sheet_state != "visible":
                    # A hidden sheet holds drafts ("免去……职务（草稿，未定）"): never part of the list.
                    notices.append(f"隐藏的工作表“{sheet.title}”未读取。")
                    continue
                cells, hidden = _as_seen(sheet)
                if hidden:
                    notices.append(f"工作表“{sheet.title}”的隐藏行（第{'、'.join(map(str, hidden[:10]))}行）未读取。")
                if not any(any(c not in (None, "") for c in r) for r in cells):
                    continue
                found, kind = _rows_of_table(cells, f"“{path.name}”工作表“{sheet.title}”", kind)
                rows += found
        finally:
            book.close()
    elif suffix == ".docx":
        import docx
        from docx.table import Table as DocxTable

        try:
            document = docx.Document(str(path))
        except Exception:
            raise SheetError(f"“{path.name}”无法作为 Word 文档打开（可能已损坏、加密或不是 .docx 文件）。") from None
        printed = word.Printed(document)
        pending = word.revisions(document.element.body).notice()
        if pending:  # read as it prints, with every tracked change accepted: said, as for a plan
            notices.append(pending)
        kind, n = None, 0
        for element in document.element.body.iterchildren():
            if element.tag.endswith("}p"):
                kind = _group_kind([printed.text(element)]) or kind
            elif element.tag.endswith("}tbl"):
                n += 1
                for where, cells in _word_tables(DocxTable(element, document), printed, f"“{path.name}”第{n}个表格"):
                    found, kind = _rows_of_table(cells, where, kind)
                    rows += found
    else:
        raise SheetError(f"“{path.name}”不是 Excel 工作簿（.xlsx）或 Word 文档（.docx），无法读取任免名单。")
    if not rows:
        raise SheetError(f"“{path.name}”中没有读到任何人员（表头下没有填写姓名的行）。")
    return People([_checked(place, entry) for place, entry in rows], notices)
