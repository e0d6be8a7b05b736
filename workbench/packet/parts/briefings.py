"""情况通报议题: the topics departments brief this meeting on, and the 常委's rating of the previous meeting's."""

from __future__ import annotations

from workbench.base import config
from workbench.drafts.blocks import (
    Block,
    BriefingFigures,
    CellSource,
    Column,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    RatingFigures,
    Table,
)
from workbench.office import figures
from workbench.office.meetings import MeetingInfo, previous_meeting
from workbench.packet.parts.common import EMPTY, Context
from workbench.packet.rules import PacketRules
from workbench.store import Store


def _briefings(store: Store, meeting: MeetingInfo, rules: PacketRules, packet: Packet) -> PacketDocument:
    topics = figures.briefing_topics(store, meeting.id)
    if rules.briefing_topics == "this_meeting_and_unassigned":
        topics += [t for t in figures.briefing_topics(store) if t.meeting_id is None and t.status != "briefed"]
    missing = {t.id for t in figures.materials_missing(topics)}
    # Whether materials came in is the secretary's business (the pre-export check lists it); the
    # 常委 read who reports on what.
    rows: list[list[str]] = []
    sources: list[CellSource] = []
    for n, t in enumerate(topics, start=1):
        reporter = f"{t.reporter_title or ''}{t.reporter or ''}" or "—"
        sources.append(CellSource(len(rows), 1, "briefing_topic", t.id, "topic", t.topic))
        if t.reporting_body:
            sources.append(CellSource(len(rows), 2, "briefing_topic", t.id, "reporting_body", t.reporting_body))
        rows.append([str(n), t.topic, t.reporting_body or "—", reporter])
    packet.figures.briefings = BriefingFigures(
        codes=[t.code for t in topics], count=len(topics), materials_missing=[t.code for t in topics if t.id in missing]
    )
    blocks: list[Block] = [Paragraph(f"本次会议拟安排情况通报{len(topics)}项。" if topics else "本次会议暂未安排情况通报议题。")]
    if topics:
        blocks.append(
            Table(
                columns=[
                    Column("序号", 14, "center"),
                    Column("通报议题", 70),
                    Column("通报单位", 40),
                    Column("通报人", 32, "center"),
                ],
                rows=rows,
                sources=sources,
                caption="情况通报议题安排表",
            )
        )
    blocks += _previous_ratings(store, meeting, packet)
    # A page saying there is nothing to brief is left out (the secretary can put it back).
    empty = not topics and len(blocks) == 1
    return PacketDocument(
        key=Part.BRIEFINGS,
        title="情况通报议题",
        blocks=blocks,
        included=not empty,
        rule=rules.describe("briefing_topics") + (EMPTY if empty else ""),
    )


def _previous_ratings(store: Store, meeting: MeetingInfo, packet: Packet) -> list:
    """The 常委's rating of the departments that briefed the previous meeting, with 满意率 per department."""
    previous = previous_meeting(store, meeting)
    rates = figures.rating_rates(store, meeting_id=previous.id) if previous else []
    if not previous or not rates:
        return []
    levels = config.labels()["rating_level"]
    packet.figures.previous_ratings = [
        RatingFigures(department=r.department, subject=r.subject, counts=dict(r.counts), rate=r.rate) for r in rates
    ]
    rows = [
        [
            r.department,
            r.subject,
            *[str(r.counts.get(c, 0)) for c in levels.codes],
            str(r.abstained),
            str(r.invalid),
            figures.percent(r.rate),
        ]
        for r in rates
    ]
    return [
        Paragraph(f"{previous.short_title}对{len(rates)}项情况通报进行了满意度测评，结果如下："),
        Table(
            columns=[Column("被测评单位", 28), Column("测评事项", 48)]
            + [Column(label, 14, "center") for label in levels.labels]
            + [Column("弃权", 12, "center"), Column("无效", 12, "center"), Column("满意率", 18, "center")],
            rows=rows,
            caption=f"{previous.short_title}情况通报满意度测评结果",
            landscape=True,
        ),
    ]


def draft_briefings(c: Context) -> list[PacketDocument]:
    return [_briefings(c.store, c.meeting, c.rules, c.packet)]
