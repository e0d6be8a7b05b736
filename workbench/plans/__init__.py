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
    """Read a .txt / .docx / .html file and parse it into work plans (a Word task table into items with owners)."""
    src = read_source(path)
    if src.data is not None and src.data.startswith(b"PK"):
        from workbench.plans.task_table import plans_in

        found = plans_in(src.data, src.name)
        if found and any(p.item_count for p in found):
            return found
    return _parse_text(src.text, source=src.name)


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
