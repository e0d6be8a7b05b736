"""Wording kept from an export edited in Word (文字改动): text outside every record that a secretary chose,
when reading the file back, to keep for the meeting's later exports (a notice's sentence, a heading).

Stored per meeting and document (`text_override`): where the document would print `old_text` as a whole
paragraph it prints `new_text` ("" leaves the paragraph out). Kept again from a later export of the same
meeting, an override of an override becomes one (the first wording → the last); changed back to what the
workbench prints, it is gone.
"""

from __future__ import annotations

from workbench.drafts.blocks import Packet
from workbench.store import Store, Writer, schema
from workbench.store.rows import TextOverride


def for_meeting(store: Store, meeting_id: int) -> dict[str, dict[str, str]]:
    """document key → {what it would print: what it prints instead}."""
    out: dict[str, dict[str, str]] = {}
    for row in store.select(TextOverride, meeting_id=meeting_id):
        out.setdefault(row.document, {})[row.old_text] = row.new_text or ""
    return out


def attach(store: Store, packet: Packet) -> None:
    """Give each document of `packet` the wording kept for it (the writer prints it)."""
    kept = for_meeting(store, packet.meeting_id)
    for doc in packet.documents:
        doc.text_overrides = dict(kept.get(doc.key, {}))


def keep(w: Writer, meeting_id: int, document: str, printed: str, new: str) -> None:
    """Keep `new` where the export printed `printed`: a new override, or the end of an existing one's chain."""
    table = schema.text_override
    rows = [
        dict(r)
        for r in w.conn.execute(table.select().where(table.c.meeting_id == meeting_id, table.c.document == document)).mappings()
    ]
    new_text = new or None  # a paragraph deleted: nothing printed
    chained = next((r for r in rows if r["new_text"] == printed), None)
    if chained is not None:
        if chained["old_text"] == new:  # changed back to what the workbench prints
            w.delete(table, chained["id"], expected_version=chained["version"])
        else:
            w.update(table, chained["id"], {"new_text": new_text}, expected_version=chained["version"])
        return
    same = next((r for r in rows if r["old_text"] == printed), None)
    if same is not None:
        w.update(table, same["id"], {"new_text": new_text}, expected_version=same["version"])
        return
    w.insert(table, {"meeting_id": meeting_id, "document": document, "old_text": printed, "new_text": new_text})
