"""人事事项（草案）: the 任免名单 the meeting is asked to decide on, one table per kind; nothing when none was entered."""

from __future__ import annotations

from collections import Counter

from workbench.drafts.blocks import (
    Block,
    CellSource,
    Column,
    Heading,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    PersonnelFigures,
    Table,
)
from workbench.office import personnel
from workbench.office.meetings import MeetingInfo
from workbench.packet.parts.common import Context
from workbench.packet.wording import ordinal
from workbench.store import Store

# Landscape widths (225 mm): the name, dates and short fields never wrap in 12 pt table text.
PERSONNEL_COLUMNS = [
    Column("序号", 12, "center"),
    Column("姓名", 18, "center"),
    Column("性别", 12, "center"),
    Column("民族", 12, "center"),
    Column("出生年月", 21, "center"),
    Column("党派", 22, "center"),
    Column("界别", 22, "center"),
    Column("工作单位及职务", 44),
    Column("任免事项", 42),
    Column("原因", 20, "center"),
]


def _personnel(store: Store, meeting: MeetingInfo, packet: Packet) -> list[PacketDocument]:
    """The 任免名单 the 常委会议 is asked to decide on, one table per kind; nothing when none was entered."""
    rows = personnel.changes(store, meeting.id)
    packet.figures.personnel = PersonnelFigures(total=len(rows), by_kind=dict(Counter(r.kind for r in rows)))
    if not rows:
        return []
    blocks: list[Block] = [Paragraph(personnel.summary(rows))]
    for n, group in enumerate(personnel.grouped(rows), start=1):
        blocks.append(Heading(f"{ordinal(n)}{group.label}（{len(group.changes)}名）", level=1))
        blocks.append(
            Table(
                columns=PERSONNEL_COLUMNS,
                landscape=True,
                rows=[
                    [
                        str(i),
                        r.name,
                        r.gender or "",
                        r.ethnicity or "",
                        r.born or "",
                        r.party or "",
                        r.sector or "",
                        r.unit_and_post or "",
                        personnel.matter(r),
                        r.reason or "",
                    ]
                    for i, r in enumerate(group.changes, start=1)
                ],
                sources=[
                    CellSource(i, col, "personnel_change", r.id, name, value)
                    for i, r in enumerate(group.changes)
                    for col, name, value in ((1, "name", r.name), (7, "unit_and_post", r.unit_and_post), (9, "reason", r.reason))
                    if value
                ],
            )
        )
    return [
        PacketDocument(
            key=Part.PERSONNEL,
            title="人事事项（草案）",
            blocks=blocks,
            rule=f"取自编辑器“人事事项”页录入的任免名单，共{len(rows)}人次，按事项类别分组列出。",
        )
    ]


def draft_personnel(c: Context) -> list[PacketDocument]:
    return _personnel(c.store, c.meeting, c.packet)
