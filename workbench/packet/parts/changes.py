"""上次会议以来变化情况: new items, status changes and what became overdue since the last meeting's packet."""

from __future__ import annotations

from datetime import date

from workbench.drafts.blocks import (
    Block,
    ChangeFigures,
    Column,
    Heading,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    Table,
)
from workbench.office.meetings import MeetingInfo
from workbench.packet import snapshot
from workbench.packet.parts.common import EMPTY, Context
from workbench.packet.wording import ordinal
from workbench.store import Store


def _changes(store: Store, meeting: MeetingInfo, as_of: date, packet: Packet) -> PacketDocument:
    report = snapshot.changes_since(store, meeting, as_of)
    packet.figures.changes = ChangeFigures(
        **report.counts(),
        has_snapshot=report.has_snapshot,
        previous=report.previous_title,
        keys={
            name: [f"{c.kind}:{c.key}" for c in getattr(report, name)]
            for name in ("new_items", "status_changes", "became_overdue", "no_update")
        },
    )
    blocks: list[Block] = [Paragraph(report.basis)]
    parts = [
        ("新增事项", report.new_items),
        ("状态变化", report.status_changes),
        ("新近逾期事项", report.became_overdue),
        ("本季度无更新事项", report.no_update),
    ]
    for n, (title, changes) in enumerate(parts, start=1):
        blocks.append(Heading(f"{ordinal(n)}{title}", level=1))
        if not changes:
            blocks.append(Paragraph("无。"))
            continue
        blocks.append(
            Table(
                columns=[Column("序号", 12, "center"), Column("类别", 29, "center"), Column("事项", 62), Column("变化情况", 53)],
                rows=[[str(i), snapshot.KINDS[c.kind][0], c.label, c.detail] for i, c in enumerate(changes, start=1)],
            )
        )
    title = f"{report.previous_title}以来变化情况" if report.previous_title else "变化情况"
    # The first meeting of a term (or of a new office) has no earlier meeting to compare with: the
    # packet says nothing about changes rather than list every item as "no update".
    first = report.previous_title is None
    return PacketDocument(
        key=Part.CHANGES,
        title=title,
        blocks=blocks,
        included=not first,
        rule="列出上次常委会议以来新增、状态变化、新近逾期和本季度无更新的事项。"
        + report.basis
        + ("本届尚无上次常委会议可比。" + EMPTY if first else ""),
    )


def draft_changes(c: Context) -> list[PacketDocument]:
    return [_changes(c.store, c.meeting, c.as_of, c.packet)]
