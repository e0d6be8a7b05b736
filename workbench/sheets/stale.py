"""Returned department workbooks against the office's own edits made after they were sent out.

A unit fills in a workbook exported on one day and returns it days later. If a
secretary changed the same field of the same record in between, taking the
unit's value would silently overwrite her edit. Such cells are reported as
problems (so nothing is written unless the secretary imports only the other
rows) and the row leaves the list of changes.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from .. import config
from ..store import Store, schema
from .diff import Preview
from .validate import Problem

def check(store: Store, preview: Preview, where: str, since: datetime) -> None:
    """Move changed rows whose fields the office edited after `since` into `preview.problems`."""
    kind = preview.kind
    table = schema.entity(kind.table)
    ids = {e.record.id: e for e in preview.changed if e.record is not None}
    if not ids:
        return
    h = schema.history
    edits: dict[tuple[int, str], dict] = {}
    id_list = list(ids)
    for start in range(0, len(id_list), 500):
        for r in store.fetch(select(h).where(h.c.table_name == table.name, h.c.record_id.in_(id_list[start:start + 500]),
                                             h.c.at > since, h.c.field.is_not(None)).order_by(h.c.id)):
            edits[(r["record_id"], r["field"])] = r   # the latest edit of each field wins
    if not edits:
        return
    labels = config.labels()
    stale_rows = set()
    for record_id, entry in ids.items():
        for change in entry.changes:
            edit = edits.get((record_id, change.field))
            if edit is None:
                continue
            column = table.c[change.field] if change.field in table.c else None
            set_name = column.info.get("labels") if column is not None else None
            value = json.loads(edit["new_value"]) if edit["new_value"] else None
            shown = labels[set_name].label(value) if set_name and value else (value if value not in (None, "") else "（空）")
            preview.problems.append(Problem(
                where, entry.row, change.zh, None if change.new is None else str(change.new),
                f"核对后的值：本表导出后，库中此项已由 {edit['actor']} 于 {edit['at']:%Y-%m-%d %H:%M} 改为“{shown}”，"
                "为免覆盖未导入；请与该单位核对后在库中修改，或重新导出填报表"))
            stale_rows.add(entry.row)
    if stale_rows:
        preview.bad_rows |= stale_rows
        preview.changed[:] = [e for e in preview.changed if e.row not in stale_rows]
