"""Year work plans (年度工作要点): read a document, parse its outline, store it.

`parse_file(path)` and `parse_text(text)` return a list of `Plan`s (a document
may hold several); `import_plan(store, plans_or_path)` stores them, keeping what
the office recorded against each item. The notebook editor calls `parse_text`
for pasted text.
"""

from __future__ import annotations

from pathlib import Path

from workbench.plans.outline import Item, Plan, Section, plans_to_dict
from workbench.plans.outline import parse_text as _parse_text
from workbench.plans.sources import PASTED, read_source


def parse_text(text: str, *, source: str = PASTED) -> list[Plan]:
    """Parse pasted text (or any text) into work plans; raises `PlanParseError` if there is none."""
    return _parse_text(text, source=source)


def parse_file(path: str | Path) -> list[Plan]:
    """Read a .txt / .docx / .html file and parse it into work plans.

    A Word task table (任务分解表) gives its items owners and deadlines: after a numbered body it fills
    in the body's items (`task_table.merge`); alone it is the plan.
    """
    src = read_source(path)
    plans = _parse_docx(src) if src.data is not None and src.data.startswith(b"PK") else None
    if plans is None:
        plans = _parse_text(src.text, source=src.name)
    for plan in plans:
        plan.notices[:0] = src.notices
    return plans


def _parse_docx(src) -> list[Plan] | None:
    """The plans of a .docx holding a task table, or None when it holds none (then its text is parsed)."""
    from workbench.base.errors import PlanParseError
    from workbench.plans import task_table
    from workbench.plans.sources import read_docx

    assert src.data is not None
    found = task_table.plans_in(src.data, src.name)
    if not found or not any(p.item_count for p in found):
        return None
    body_text, _ = read_docx(src.data, src.name, skip_table=task_table.is_task_table, caption=task_table.is_caption)
    try:
        body = _parse_text(body_text, source=src.name) if body_text.strip() else []
    except PlanParseError:
        body = []  # the table is the whole plan
    body = [p for p in body if p.item_count]
    if not body:
        return found
    table = found[0]
    target = next((p for p in body if table.year is not None and p.year == table.year), body[0])
    task_table.merge(target, table)
    return body


from workbench.plans.importer import ImportReport, import_plan  # noqa: E402  (importer needs the parsers above)

__all__ = [
    "ImportReport",
    "Item",
    "Plan",
    "Section",
    "import_plan",
    "parse_file",
    "parse_text",
    "plans_to_dict",
]
