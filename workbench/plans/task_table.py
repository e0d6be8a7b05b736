"""Reading a work plan circulated as a Word table (任务分解表) into sections and items with owners and deadlines.

Offices publish the year's plan, or its breakdown, as a table: 序号 / 主要工作任务 /
牵头领导 / 牵头委室 / 协作单位 / 责任人 / 完成时限, with a row spanning the table for
each part (“一、加强思想政治建设”), or a first column naming the part, merged down
its rows. This is where owners and deadlines come from, so they are read into
the items rather than flattened into text. A deadline written as a period
(“6月底”, “上半年”, “全年”) becomes the last day of that period; one that names no
date (“长期坚持”) stays in the item's text, so nothing written is lost.
"""

from __future__ import annotations

import io
import re

from workbench.base import values
from workbench.plans.outline import Item, Plan, Section, _title_of, _year_in, numbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Column headers as offices write them → the plan item field (or the part and number columns).
COLUMNS = {
    "number": ("序号", "编号", "序"),
    "section": ("类别", "工作类别", "板块", "工作板块", "项目", "领域", "类型"),
    "title": (
        "主要工作任务",
        "工作任务",
        "重点任务",
        "主要任务",
        "工作内容",
        "任务内容",
        "具体任务",
        "工作事项",
        "任务",
        "工作要点",
        "具体工作",
    ),
    "lead_leader": ("牵头领导", "分管领导", "责任领导", "牵头县领导", "领导"),
    "lead_committee": ("牵头委室", "牵头单位", "责任委室", "责任单位", "牵头部门", "牵头委（室）", "责任部门"),
    "partners": ("协作单位", "配合单位", "协办单位", "参与单位", "协同单位", "配合委室"),
    "owner": ("责任人", "联系人", "具体责任人", "经办人"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "进度安排", "时限", "时间安排"),
}
_TABLE_SUFFIX = re.compile(r"(任务分解表|任务分工表|责任分解表|分解表|任务清单|责任清单|分工方案|任务分解)$")
_FIELDS = ("lead_leader", "lead_committee", "partners", "owner")


def _key(text: str) -> str:
    return re.sub(r"[\s*＊()（）]", "", text or "")


def _column(text: str) -> str | None:
    k = _key(text)
    for name, headers in COLUMNS.items():
        if k in headers:
            return name
    return None


def _cell_text(tc) -> str:
    parts = []
    for p in tc.iter(f"{_W}p"):
        parts.append("".join(t.text or "" for t in p.iter(f"{_W}t")))
    return "\n".join(s.strip() for s in parts if s.strip())


def _rows(tbl) -> list[list[tuple[str, int, bool]]]:
    """Each row as (text, columns spanned, continues a vertical merge) per cell, nested tables ignored."""
    out = []
    for tr in tbl.findall(f"{_W}tr"):
        row = []
        for tc in tr.findall(f"{_W}tc"):
            pr = tc.find(f"{_W}tcPr")
            span, cont = 1, False
            if pr is not None:
                gs = pr.find(f"{_W}gridSpan")
                if gs is not None:
                    span = int(gs.get(f"{_W}val", "1") or 1)
                vm = pr.find(f"{_W}vMerge")
                cont = vm is not None and vm.get(f"{_W}val") in (None, "continue")
            row.append((_cell_text(tc), span, cont))
        out.append(row)
    return out


def _grid(row) -> list[tuple[str, bool]]:
    """A row's cells laid out on the table's grid (a cell spanning three columns fills three places)."""
    out = []
    for text, span, cont in row:
        out.extend([(text, cont)] * span)
    return out


def _header(rows) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows[:4]):
        columns: dict[str, int] = {}
        for c, (text, _) in enumerate(_grid(row)):
            name = _column(text)
            if name and name not in columns:
                columns[name] = c
        if "title" in columns and len(set(columns) & {*_FIELDS, "deadline"}) >= 1:
            # A two-row header (“牵头单位” over “牵头领导 | 牵头委室”): the lower row names the columns below it.
            if i + 1 < len(rows):
                lower = {c: _column(t) for c, (t, _) in enumerate(_grid(rows[i + 1]))}
                if sum(1 for n in lower.values() if n) >= 2 and "title" not in lower.values():
                    for c, name in lower.items():
                        if name:
                            columns = {k: v for k, v in columns.items() if v != c or k == name}
                            columns[name] = c
                    return i + 1, columns
            return i, columns
    return None


def plans_in(data: bytes, name: str) -> list[Plan] | None:
    """The plan a .docx holds as a task table, or None when it holds none (then it is read as text)."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # not readable here: the text reader reports what is wrong
        return None
    body = document.element.body
    before: list[str] = []
    plan: Plan | None = None
    counters = {"section": 0}
    for el in body:
        if el.tag == f"{_W}p":
            text = "".join(t.text or "" for t in el.iter(f"{_W}t")).strip()
            if text and plan is None:
                before.append(text)
            continue
        if el.tag != f"{_W}tbl":
            continue
        rows = _rows(el)
        found = _header(rows)
        if found is None:
            continue
        if plan is None:
            title = next((t for t in (_title_of(_TABLE_SUFFIX.sub("", b)) for b in reversed(before)) if t), None)
            if title is None and before and len(before[-1]) <= 40 and "。" not in before[-1]:
                title = _TABLE_SUFFIX.sub("", before[-1]).strip() or None  # “…重点工作任务分解表”
            year = _year_in(title)[1] if title else None
            if year is None:
                for b in before:
                    hit, year = _year_in(b)
                    if hit:
                        break
            intro = [b for b in before if _title_of(b) is None]
            plan = Plan(title=title, year=year, intro="\n".join(intro), source=name)
        _read_table(plan, rows, *found, counters)
    if plan is None or not plan.sections:
        return None
    plan.sections = [s for s in plan.sections if s.items or s.text]
    return [plan]


def _read_table(plan: Plan, rows, header_row: int, columns: dict[str, int], counters: dict) -> None:
    width = max(len(_grid(r)) for r in rows)
    for row in rows[header_row + 1 :]:
        grid = _grid(row)
        texts = [t for t, _ in grid]
        distinct = {t for t in texts if t}
        if not distinct:
            continue
        if _column(texts[columns["title"]] if columns["title"] < len(texts) else "") == "title":
            continue  # the header repeated on a following page
        if len(row) == 1 or (len(distinct) == 1 and len(grid) >= width and sum(1 for t in texts if t) > 1):
            _new_section(plan, next(iter(distinct)), counters)  # a row spanning the table names a part
            continue
        part = _part_row(texts, columns)
        if part is not None:
            _new_section(plan, part, counters)
            continue
        if "section" in columns:
            text, cont = grid[columns["section"]] if columns["section"] < len(grid) else ("", False)
            if text and not cont and (not plan.sections or plan.sections[-1].title != _heading(text)[1]):
                _new_section(plan, text, counters)
        title_text = texts[columns["title"]] if columns["title"] < len(texts) else ""
        if not title_text:
            continue
        if not plan.sections:
            _new_section(plan, "", counters)
        _add_item(plan, plan.sections[-1], texts, columns, title_text)


def _part_row(texts: list[str], columns: dict[str, int]) -> str | None:
    """A part written as a row of its own: “一” in 序号 and the heading under 主要工作任务, the rest empty."""

    def cell(name: str) -> str:
        c = columns.get(name)
        return texts[c] if c is not None and c < len(texts) else ""

    others = [cell(n) for n in (*_FIELDS, "deadline") if n in columns]
    if any(others):
        return None
    number, title = cell("number").strip(), cell("title").strip()
    if re.fullmatch(r"[一二三四五六七八九十]{1,3}[、.．]?", number) and title:
        return f"{number.rstrip('、.．')}、{title}"
    mark = numbering(title)
    if mark is not None and mark.kind in ("part", "cn") and not number:
        return title
    return None


def _heading(text: str) -> tuple[int | None, str]:
    text = " ".join(text.split())
    mark = numbering(text)
    if mark is not None:
        return mark.number, mark.rest.rstrip("。：:；; ")
    return None, text.rstrip("。：:；; ")


def _new_section(plan: Plan, text: str, counters: dict) -> None:
    number, title = _heading(text)
    mark = numbering(text)
    counters["section"] = number if number and number > counters["section"] else counters["section"] + 1
    plan.sections.append(Section(number=counters["section"], title=title or "（未命名部分）", marker=mark.marker if mark else ""))


def _add_item(plan: Plan, section: Section, texts: list[str], columns: dict[str, int], title_text: str) -> None:
    number = None
    if "number" in columns and columns["number"] < len(texts):
        try:
            number = values.integer(texts[columns["number"]], low=1, high=9999)
        except values.Bad:
            number = None
    used = {i.number for i in section.items}
    if number is None or number in used:
        number = max(used, default=0) + 1
    body = " ".join(title_text.split("\n")) if len(title_text) < 60 else title_text
    mark = numbering(body)
    if mark is not None:
        body = mark.rest
    stop = re.search(r"[。！？!?]", body)
    title = (body[: stop.start()] if stop else body).strip().rstrip("，,；;：:")
    text = body
    fields: dict = {}
    for name in _FIELDS:
        if name in columns and columns[name] < len(texts) and texts[columns[name]]:
            fields[name] = " ".join(texts[columns[name]].split())
    if "deadline" in columns and columns["deadline"] < len(texts) and texts[columns["deadline"]]:
        written = " ".join(texts[columns["deadline"]].split())
        when = values.deadline(written, plan.year)
        if when is not None:
            fields["deadline"] = when
        else:
            text += f"\n完成时限：{written}"  # names no date: kept in the item's words
    section.items.append(Item(number, title or body[:30], text, str(number), fields=fields))
