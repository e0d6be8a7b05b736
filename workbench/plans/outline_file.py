"""The outline file: a parsed plan written out for the secretary to check and correct in a text editor.

`plan parse FILE --outline OUT.txt` writes it; `plan import --outline OUT.txt` stores what it says. One
line per part and per item, the level shown by indentation, so that a correction is an edit of a line:

    标题：政协某县委员会2025年工作要点
    年度：2025
    前言：2025年县政协工作的总体要求是……
    一、加强思想政治建设
        说明：围绕……重点做好以下工作：
        1. 深入学习党的创新理论
            正文：深入学习党的创新理论。组织常委会议集体学习。
            牵头领导：张某
            完成时限：2025-12-31

* a line at the left margin is a part, an indented line an item: indent an item's line less to make it a
  part, more to make a part an item;
* delete an item's line to merge its 正文 into the item above; add a line to split one;
* turn an item's line into a “正文：” line to keep its words in the item above without it being an item;
* lines starting with # are notes and are ignored.

Numbers written before a title (一、 1. （一）) are kept; a line without one is numbered after the one
above. A line the reader cannot place is refused with the file's name and the line's number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from workbench.base import values
from workbench.base.errors import PlanParseError
from workbench.plans.outline import Item, Plan, Section, numbering

# The item fields an outline line may set, as the task table and the plan tab name them.
FIELDS = {
    "牵头领导": "lead_leader",
    "牵头委室": "lead_committee",
    "责任单位": "lead_committee",
    "协作单位": "partners",
    "配合单位": "partners",
    "责任人": "owner",
    "完成时限": "deadline",
}
_WRITTEN = {
    "lead_leader": "牵头领导",
    "lead_committee": "牵头委室",
    "partners": "协作单位",
    "owner": "责任人",
    "deadline": "完成时限",
}
_INDENT = "    "
_HEAD = (
    "# 工作要点大纲：请逐行核对，改正后保存，再用“plan import --outline 本文件”导入。\n"
    "# 顶格的一行是一个部分，缩进的一行是一个条目；把条目行的缩进去掉即改为部分，给部分行加上缩进即改为条目。\n"
    "# 删除一个条目行，其“正文”并入上一条；把条目行改为“正文：……”，这段文字归入上一条而不单列为条目。\n"
    "# 以 # 开头的行是说明，导入时不读。\n"
)


def write_outline(plans: list[Plan]) -> str:
    """The outline file's text for `plans` (each plan after the first starts again with its 标题 line)."""
    out = [_HEAD]
    for n, plan in enumerate(plans):
        if n:
            out.append("")
        for notice in plan.notices:
            out.append(f"# 说明：{notice}")
        out.append(f"标题：{plan.title or ''}")
        out.append(f"年度：{plan.year or ''}")
        if plan.source:
            out.append(f"来源：{plan.source}")
        out.extend(f"前言：{line}" for line in plan.intro.split("\n") if line.strip())
        for section in plan.sections:
            marker = section.marker if section.marker and numbering(section.marker + section.title) else ""
            out.append(f"{marker or _cn_marker(section.number)}{section.title}")
            out.extend(f"{_INDENT}说明：{line}" for line in section.text.split("\n") if line.strip())
            for item in section.items:
                marker = item.marker if item.marker and numbering(f"{item.marker} {item.title}") else f"{item.number}."
                out.append(f"{_INDENT}{marker} {item.title}")
                if item.only_in_table:
                    out.append(f"{_INDENT * 2}# 此条仅见于任务分解表，正文中没有。")
                if item.text.strip() and item.text.strip() != item.title:
                    out.extend(f"{_INDENT * 2}正文：{line}" for line in item.text.split("\n") if line.strip())
                for key, value in item.fields.items():
                    if key in _WRITTEN and value not in (None, ""):
                        shown = value.isoformat() if isinstance(value, date) else str(value)
                        out.append(f"{_INDENT * 2}{_WRITTEN[key]}：{shown}")
    return "\n".join(out) + "\n"


def _cn_marker(number: int) -> str:
    from workbench.base.numerals import chinese_number

    return f"{chinese_number(number)}、"


_KEY = re.compile(r"^([^：:]{2,6})[：:]\s*(.*)$")


def read_outline(text: str, name: str, *, where: Callable[[int], str] | None = None) -> list[Plan]:
    """The plans an outline file (as written by `write_outline`, then corrected by hand) describes.

    `where(line_no)` names a line in a refusal; by default “file name”第N行. The editor's outline rows
    (`outline_rows.py`) pass their own, so that a refusal names the row the secretary sees.
    """
    plans: list[Plan] = []
    plan: Plan | None = None
    section: Section | None = None
    item: Item | None = None
    body: dict[int, list[str]] = {}  # id(item) → its 正文 lines

    if where is None:

        def where(no: int) -> str:
            return f"“{name}”第{no}行"

    def current_plan() -> Plan:
        nonlocal plan
        if plan is None:
            plan = Plan(title=None, year=None, source=name)
            plans.append(plan)
        return plan

    for no, raw in enumerate(text.replace("\ufeff", "").splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "＃")):
            continue
        indented = line[0] in " \t\u3000"
        key = _KEY.match(stripped)
        label, value = (key.group(1), key.group(2).strip()) if key else ("", "")
        if not indented and label in ("标题", "年度", "来源", "前言"):
            if label == "标题":
                if plan is not None and plan.sections:
                    plan = None
                current_plan().title = value or None
                section = item = None
            elif label == "年度":
                current_plan().year = _year(value, where(no))
            elif label == "来源":
                current_plan().source = value or name
            else:
                p = current_plan()
                p.intro = f"{p.intro}\n{value}" if p.intro else value
            continue
        if indented and label == "说明":
            if section is None:
                raise PlanParseError(f"{where(no)}：“说明”行应写在某个部分之下，它前面还没有部分。")
            section.text = f"{section.text}\n{value}" if section.text else value
            continue
        if indented and label == "正文":
            if item is None:
                if section is None:
                    raise PlanParseError(f"{where(no)}：“正文”行应写在某个条目之下，它前面还没有部分或条目。")
                section.text = f"{section.text}\n{value}" if section.text else value
                continue
            body.setdefault(id(item), []).append(value)
            continue
        if indented and label in FIELDS:
            if item is None:
                raise PlanParseError(f"{where(no)}：“{label}”行应写在某个条目之下，它前面还没有条目。")
            _set_field(item, FIELDS[label], value, current_plan().year, where(no))
            continue
        if not indented:
            mark = numbering(stripped)
            p = current_plan()
            number = mark.number if mark else (p.sections[-1].number + 1 if p.sections else 1)
            title = (mark.rest if mark else stripped).strip()
            if not title:
                raise PlanParseError(f"{where(no)}：部分“{stripped}”没有标题。")
            section = Section(number=number, title=title, marker=mark.marker if mark else "")
            p.sections.append(section)
            item = None
            continue
        if section is None:
            raise PlanParseError(
                f"{where(no)}：条目“{_short(stripped)}”之前没有部分。请在它上面写一个顶格的部分标题（如“一、加强思想政治建设”）。"
            )
        mark = numbering(stripped)
        title = (mark.rest if mark else stripped).strip()
        if not title:
            raise PlanParseError(f"{where(no)}：条目“{stripped}”没有标题。")
        numbers = [i.number for s in current_plan().sections for i in s.items]
        number = mark.number if mark else max(numbers, default=0) + 1
        if number in {i.number for i in section.items}:
            number = max(i.number for i in section.items) + 1  # a line split off keeps the order, not a clash
        item = Item(number, title, "", mark.marker if mark else "")
        section.items.append(item)
    for p in plans:
        for s in p.sections:
            for i in s.items:
                lines = body.get(id(i), [])
                completion = i.fields.pop("_deadline_text", None)
                i.text = "\n".join(lines) if lines else i.title
                if completion and f"完成时限：{completion}" not in i.text:
                    i.text += f"\n完成时限：{completion}"
    plans = [p for p in plans if p.sections]
    if not any(p.item_count for p in plans):
        raise PlanParseError(f"“{name}”中没有任何条目（缩进的行），无法导入。请检查大纲文件是否完整。")
    return plans


def _year(value: str, where: str) -> int | None:
    if not value:
        return None
    try:
        return values.integer(value, low=1949, high=2100, what="年度")
    except values.Bad:
        raise PlanParseError(f"{where}：年度“{value}”不正确，应写作 2025 这样的四位年份。") from None


def _set_field(item: Item, key: str, value: str, year: int | None, where: str) -> None:
    if not value:
        return
    if key != "deadline":
        item.fields[key] = value
        return
    when = values.deadline(value, year)
    if when is None:
        item.fields["_deadline_text"] = value  # names no date (“长期坚持”): kept in the item's words
    else:
        item.fields["deadline"] = when


def _short(text: str, n: int = 20) -> str:
    return text if len(text) <= n else text[:n] + "…"
