"""A held meeting, once archived (归档), is a record of what happened: its own row and every record that
belongs to it (agenda, 回执, attendance, votes, decisions, 任免名单, topics …) change only as a 更正,
a correction whose reason is kept with each changed field in the history.

Checked once per transaction, just before it commits, from the history rows it wrote: every write
path (editor, imports, the command line, undo) logs history, so none can go around the rule, and a
refused transaction rolls back whole. Two things stay open on an archived meeting: the 督办 of its
decisions (落实状态, 落实情况, 办结日期 are followed up at later meetings) and the export snapshots of
its packet (an export records what was printed; it edits nothing).
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Connection, select, update

from workbench.base.errors import ValidationError
from workbench.store import schema

# Fields of a decision that its 督办 fills in after the meeting.
FOLLOW_UP = {"decision": {"status", "feedback", "closed_on"}}
OPEN = {"packet_snapshot"}


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _owned() -> dict[str, object]:
    return {t.name: t for t in schema.metadata.sorted_tables if "meeting_id" in t.c and t.name not in OPEN}


def _meeting_of(conn: Connection, row) -> int | None:
    """The meeting a history row's record belongs to (the meeting itself for its own row)."""
    if row.table_name == "meeting":
        return row.record_id
    for text in (row.new_value, row.old_value):  # an insert's or a delete's snapshot of the record
        if row.action in ("insert", "delete") and text:
            values = json.loads(text)
            if isinstance(values, dict) and values.get("meeting_id") is not None:
                return int(values["meeting_id"])
    if row.field == "meeting_id" and row.old_value:  # moved away from a meeting: that meeting counts too
        return int(json.loads(row.old_value))
    table = _owned()[row.table_name]
    return conn.execute(select(table.c.meeting_id).where(table.c.id == row.record_id)).scalar()  # type: ignore[attr-defined]


def _archived_before(conn: Connection, meeting_id: int, rows: list) -> date | None:
    """The meeting's 归档日期 as it stood when the transaction began."""
    own = [r for r in rows if r.table_name == "meeting" and r.record_id == meeting_id]
    for r in own:
        if r.field == "archived_on" or r.action == "delete":
            if r.action == "delete":
                value = json.loads(r.old_value).get("archived_on") if r.old_value else None
            else:
                value = json.loads(r.old_value) if r.old_value else None
            return date.fromisoformat(value) if value else None
        if r.action == "insert":
            return None  # made in this transaction
    m = schema.meeting
    return conn.execute(select(m.c.archived_on).where(m.c.id == meeting_id)).scalar()


def check(conn: Connection, since: int, correction: str | None) -> None:
    """Refuse the transaction's writes to archived meetings unless it is a 更正; note its reason on them."""
    h = schema.history
    names = [*_owned(), "meeting"]
    rows = list(conn.execute(select(h).where(h.c.id > since, h.c.table_name.in_(names)).order_by(h.c.id)).all())
    if not rows:
        return
    touched: dict[int, list] = {}
    for r in rows:
        if r.field in FOLLOW_UP.get(r.table_name, set()):
            continue
        meeting_id = _meeting_of(conn, r)
        if meeting_id is not None:
            touched.setdefault(meeting_id, []).append(r)
    archived = {m: day for m in touched if (day := _archived_before(conn, m, rows)) is not None}
    if not archived:
        return
    if not correction or not correction.strip():
        meeting_id, day = next(iter(archived.items()))
        what = schema.metadata.tables[touched[meeting_id][0].table_name].info.get("zh", "记录")
        m = schema.meeting
        held = conn.execute(select(m.c.held_on).where(m.c.id == meeting_id)).scalar()
        which = f"{_day(held)}召开的会议" if held else "该次会议"
        raise ValidationError(
            f"{which}已于{_day(day)}归档，其{what}不能直接修改，本次修改未保存。"
            "如确需更正，请在编辑器“会议”页写明更正原因并点击“开始更正”后再修改"
            "（命令行导入时加 --correction 更正原因）。"
        )
    ids = [r.id for m in archived for r in touched[m]]
    conn.execute(update(h).where(h.c.id.in_(ids)).values(note=f"更正：{correction.strip()}"))
