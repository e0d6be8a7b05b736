"""Returned department workbooks against the office's own edits made after they were sent out.

A unit fills in a workbook exported on one day and returns it days later. If a
secretary changed the same field of the same record in between:
- and the unit left the cell as it was exported, the office's newer value stands and
  the cell is simply not a change;
- and the unit wrote something else, taking it would silently overwrite her edit, so
  the cell is reported as a problem (nothing is written unless the secretary imports
  only the other rows) and the row leaves the list of changes.
Progress notes (plan progress) are checked the same way: a note the office added or
edited after the export is never overwritten by the returned sheet.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from workbench.base import config
from workbench.sheets.diff import Preview
from workbench.sheets.kinds import PROGRESS_NOTE_FIELDS as NOTE_FIELDS
from workbench.sheets.validate import Problem
from workbench.store import Store, coerce, schema


def _history_since(store: Store, table_name: str, ids: list[int], since: datetime) -> list[dict]:
    h = schema.history
    out = []
    for start in range(0, len(ids), 500):
        out += store.fetch(
            select(h)
            .where(h.c.table_name == table_name, h.c.record_id.in_(ids[start : start + 500]), h.c.at > since)
            .order_by(h.c.id)
        )
    return out


def _shown(table, field: str, raw: str | None) -> str:
    value = json.loads(raw) if raw else None
    set_name = table.c[field].info.get("labels") if field in table.c else None
    if set_name and value:
        return config.labels()[set_name].label(value)
    return "（空）" if value in (None, "") else str(value)


def check(store: Store, preview: Preview, where: str, since: datetime) -> None:
    """Drop untouched cells the office changed since `since`; move truly conflicting rows into problems."""
    kind = preview.kind
    table = schema.entity(kind.table)
    entries = {e.record.id: e for e in preview.changed if e.record is not None}
    if not entries:
        return
    first_edit: dict[tuple[int, str], dict] = {}  # the value at export is the first edit's old value
    last_edit: dict[tuple[int, str], dict] = {}
    for r in _history_since(store, table.name, list(entries), since):
        if r["field"]:
            first_edit.setdefault((r["record_id"], r["field"]), r)
            last_edit[(r["record_id"], r["field"])] = r
    note_ids = {e.note[1]: e for e in entries.values() if e.note and e.note[0] == "update"}
    touched_notes = {r["record_id"]: r for r in _history_since(store, "progress_note", list(note_ids), since)}

    bad: set[int] = set()
    for record_id, entry in entries.items():
        kept = []
        for change in entry.changes:
            key = (record_id, change.field)
            if change.field in NOTE_FIELDS or key not in first_edit:
                kept.append(change)
                continue
            exported = first_edit[key]["old_value"]
            exported_value = coerce(table, change.field, json.loads(exported)) if exported else None
            if change.new == exported_value:
                continue  # the unit left it as sent: the office's newer value stands
            edit = last_edit[key]
            preview.problems.append(
                Problem(
                    where,
                    entry.row,
                    change.zh,
                    None if change.new is None else str(change.new),
                    f"核对后的值：本表导出后，库中此项已由 {edit['actor']} 于 {edit['at']:%Y-%m-%d %H:%M} 改为"
                    f"“{_shown(table, change.field, edit['new_value'])}”，为免覆盖未导入；"
                    "请与该单位核对后在库中修改，或重新导出填报表",
                )
            )
            if entry.row is not None:
                bad.add(entry.row)
        entry.changes = kept
        if entry.note and entry.note[0] == "update" and entry.note[1] in touched_notes:
            edit = touched_notes[entry.note[1]]
            preview.problems.append(
                Problem(
                    where,
                    entry.row,
                    "进展情况",
                    entry.values.get("note"),
                    f"核对后的进展情况：本表导出后，库中同一日期的进展情况已由 {edit['actor']} 于 "
                    f"{edit['at']:%Y-%m-%d %H:%M} 填写或修改，为免覆盖未导入",
                )
            )
            if entry.row is not None:
                bad.add(entry.row)
    preview.bad_rows |= bad
    still_changed = [e for e in preview.changed if e.row not in bad and (e.changes or e.note)]
    preview.unchanged.extend(e for e in preview.changed if e.row not in bad and not (e.changes or e.note))
    preview.changed[:] = still_changed
