"""上次会议议定事项落实情况: the supervised 议定事项 of earlier meetings, still open or done since the last
meeting, with whom, by when and how far (`office.decisions`); nothing when there are none."""

from __future__ import annotations

from workbench.drafts.blocks import Block, CellSource, Column, DecisionFigures, PacketDocument, Paragraph, Part, Table
from workbench.office import decisions
from workbench.packet.parts.common import MARK, MARK_NOTE, PORTRAIT_MM, Context
from workbench.packet.wording import short_date, zh_date

COLUMNS = [
    Column("序号", 10, "center"),
    Column("议定事项", 62),
    Column("责任单位", 24, "center"),
    Column("完成时限", 20, "center"),
    Column("落实情况", 40),
]
assert sum(c.width_mm for c in COLUMNS) == PORTRAIT_MM


def draft_decisions(c: Context) -> list[PacketDocument]:
    since = c.previous.held_on if c.previous is not None else None
    rows = decisions.follow_ups(c.store, c.meeting, c.as_of, since=since)
    done = [f for f in rows if f.closed_since]
    late = [f for f in rows if f.overdue]
    c.packet.figures.decisions = DecisionFigures(
        listed=len(rows), done_since=len(done), open=len(rows) - len(done), overdue=len(late)
    )
    if not rows:
        return []
    still = len(rows) - len(done)
    counts = ([f"上次会议以来已落实{len(done)}项"] if done else []) + (
        [f"尚未落实{still}项" + (f"（其中逾期{len(late)}项）" if late else "")] if still else []
    )
    first = f"截至{zh_date(c.as_of)}，此前常委会议议定并列入督办的事项，本次报告{len(rows)}项：{'，'.join(counts)}。"
    blocks: list[Block] = [Paragraph(first)]
    table_rows: list[list[str]] = []
    sources: list[CellSource] = []
    for n, f in enumerate(rows, start=1):
        d = f.decision
        state = decisions.status_label(d)
        if f.closed_since and d.closed_on:
            state += f"（{short_date(d.closed_on, c.as_of)}办结）"
        elif f.overdue:
            state = f"{MARK}{state}（已逾期）"
        progress = f"{state}\n{d.feedback.strip()}" if d.feedback and d.feedback.strip() else state
        # Read back from Word: the unit, and the 落实情况 under its state (a leader rewrites it).
        if d.owner_unit:
            sources.append(CellSource(len(table_rows), 2, "decision", d.id, "owner_unit", d.owner_unit))
        if d.feedback and d.feedback == d.feedback.strip():
            sources.append(CellSource(len(table_rows), 4, "decision", d.id, "feedback", d.feedback, prefix=f"{state}\n"))
        table_rows.append(
            [
                str(n),
                f"{d.text.strip()}（{f.meeting.short_title}）",
                d.owner_unit or "—",
                short_date(d.deadline, c.as_of, missing="未定"),
                progress,
            ]
        )
    marked = [i for i, f in enumerate(rows) if f.overdue]
    blocks.append(
        Table(
            columns=COLUMNS,
            rows=table_rows,
            marked_rows=marked,
            sources=sources,
            note=MARK_NOTE if marked else "",
            caption="上次会议议定事项落实情况表",
        )
    )
    return [
        PacketDocument(
            key=Part.DECISIONS,
            title="上次会议议定事项落实情况",
            blocks=blocks,
            rule="取自此前各次常委会议的议定事项中“列入督办”的各项：尚未落实的逐次列出，上次会议以来已落实的列出一次。",
        )
    ]
