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
from workbench.plans import word
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


_PRINTED = word.Printed()


def _cell_text(tc) -> str:
    return _PRINTED.cell_text(tc)


def _rows(tbl) -> list[list[tuple[str, int, bool]]]:
    """Each row as (text, columns spanned, continues a vertical merge) per cell, nested tables ignored."""
    out = []
    for tr in word.rows(tbl):
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


def is_task_table(tbl) -> bool:
    """Whether a Word table (w:tbl) is a task table: a 工作任务 column and an owner or deadline column."""
    return _header(_rows(tbl)) is not None


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
            text = _PRINTED.text(el).strip()
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


# ------------------------------------------------------------------ a body with its task table
# A table's caption, just above it: “附件：2025年重点工作任务分解表”, “任务分解表”.
_CAPTION = re.compile(r"^(附件\s*\d*\s*[:：]?\s*)?[^。；;]{0,50}(表|清单)$|^附件\s*\d*\s*[:：]?$")


def is_caption(text: str) -> bool:
    return bool(_CAPTION.match(text.strip()))


def _match_key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text or "")


def _title_alike(task: Item, item: Item) -> bool:
    a, b = _match_key(task.title), _match_key(item.title)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.75


def merge(body: Plan, table: Plan) -> Plan:
    """The body's outline, with what the task table says of each item (lead, units, owner, deadline).

    A task is matched to a body item by its title first, then by its number: within the same part
    when the table is divided into the body's parts, else by the plan's running number. A task
    the body does not list is added to its part, marked `only_in_table`; the body's outline is
    never replaced, so the plan has at least the body's items.
    """
    items = [(s, i) for s in body.sections for i in s.items]
    tasks = [(ts, t) for ts in table.sections for t in ts.items]
    matched: dict[int, Item] = {}
    taken: set[int] = set()
    for k, (_, task) in enumerate(tasks):
        hit = next((i for _, i in items if id(i) not in taken and _title_alike(task, i)), None)
        if hit is not None:
            matched[k] = hit
            taken.add(id(hit))
    sections_of = _sections_of(body, table)
    running = len(table.sections) == 1 or all(t.number == n for n, (_, t) in enumerate(tasks, start=1))
    for k, (ts, task) in enumerate(tasks):
        if k in matched:
            continue
        hit = None
        where = sections_of.get(id(ts))
        if where is not None:
            hit = next((i for i in where.items if i.number == task.number and id(i) not in taken), None)
        if hit is None and running:
            same = [i for _, i in items if i.number == task.number]
            if len(same) == 1:
                hit = same[0]
            elif 0 < task.number <= len(items):
                hit = items[task.number - 1][1]  # the body numbers its items afresh in each part
            if hit is not None and id(hit) in taken:
                hit = None
        if hit is not None:
            matched[k] = hit
            taken.add(id(hit))
    added: list[Item] = []
    used = {i.number for _, i in items}
    section_of = {id(i): s for s, i in items}
    near: Section | None = None  # the part of the task before, for a task of a table not divided into parts
    for k, (ts, task) in enumerate(tasks):
        item = matched.get(k)
        if item is not None:
            near = section_of[id(item)]
            for name, value in task.fields.items():
                item.fields.setdefault(name, value)
            for line in task.text.split("\n"):
                if line.startswith("完成时限：") and line not in item.text:
                    item.text = f"{item.text}\n{line}" if item.text else line
            continue
        home = sections_of.get(id(ts)) or near or (body.sections[-1] if body.sections else None)
        if home is None:
            continue
        number = task.number if task.number not in used else max(used, default=0) + 1
        used.add(number)
        new = Item(number, task.title, task.text, f"{number}.", fields=dict(task.fields), only_in_table=True)
        home.items.append(new)
        added.append(new)
    body.title = body.title or table.title
    body.year = body.year or table.year
    filled = sum(1 for i in matched.values() if i.fields)
    body.notices.append(
        f"正文有 {len(body.sections)} 个部分、{len(items)} 条，其后附有任务分解表（{len(tasks)} 项任务）："
        f"已按正文的部分和条目读取，任务分解表中的牵头领导、责任单位、完成时限等已填入对应的 {filled} 条。"
    )
    if added:
        shown = "、".join(f"“{_short(i.title)}”" for i in added[:5])
        body.notices.append(
            f"任务分解表中有 {len(added)} 项任务在正文中没有对应的条目（{shown}{'等' if len(added) > 5 else ''}），"
            "已作为新条目补入所在部分，并标明“仅见于任务分解表”。请核对。"
        )
    missing = [i for _, i in items if id(i) not in taken]
    if missing and tasks:
        shown = "、".join(f"“{_short(i.title)}”" for i in missing[:5])
        body.notices.append(
            f"正文中有 {len(missing)} 条在任务分解表中没有对应的任务（{shown}{'等' if len(missing) > 5 else ''}），"
            "这些条目的牵头领导、责任单位和完成时限未填写。"
        )
    return body


def _sections_of(body: Plan, table: Plan) -> dict[int, Section]:
    """The body's part each of the table's parts stands for: the same heading, else the same number."""
    out: dict[int, Section] = {}
    named = [s for s in table.sections if s.title != "（未命名部分）"]
    for ts in named:
        key = _match_key(ts.title)
        hit = next((s for s in body.sections if key and (_match_key(s.title) == key or key in _match_key(s.title))), None)
        if hit is None and ts.marker:
            hit = next((s for s in body.sections if s.number == ts.number), None)
        if hit is not None:
            out[id(ts)] = hit
    return out


def _short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[:n] + "…"
