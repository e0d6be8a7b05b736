"""民主监督事项推进情况: the groups sent to departments, their recommendations, feedback and what is overdue."""

from __future__ import annotations

from collections import Counter
from datetime import date

from workbench.base import config
from workbench.drafts.blocks import (
    Block,
    CellSource,
    Column,
    Heading,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    SupervisionFigures,
    Table,
)
from workbench.office import figures
from workbench.packet.parts.common import EMPTY, MARK, MARK_NOTE, Context, closing
from workbench.packet.rules import PacketRules
from workbench.packet.wording import label, short_date, zh_date
from workbench.store import Store

SUPERVISION_TITLE = "关于民主监督事项推进情况的报告"


def _supervision(store: Store, as_of: date, since: date, rules: PacketRules, packet: Packet) -> PacketDocument:
    states = figures.supervision_items(store, as_of)
    q0 = since  # "本季度内办结": closed within the meeting's period
    if rules.supervision_items == "open":
        listed = [s for s in states if s.item.status != "closed"]
    elif rules.supervision_items == "open_or_closed_this_quarter":
        listed = [s for s in states if s.item.status != "closed" or (s.item.closed_on is not None and s.item.closed_on >= q0)]
    else:
        listed = states
    by_status = Counter(s.item.status or "not_started" for s in states)
    overdue = [s for s in states if s.overdue]
    lagging = [s for s in states if s.item.status == "lagging"]
    feedback_overdue = [s for s in states if s.feedback_overdue]
    groups = sorted({s.group_name for s in states if s.group_name})
    packet.figures.supervision = SupervisionFigures(
        total=len(states),
        groups=len(groups),
        by_status={code: by_status.get(code, 0) for code in config.labels()["supervision_status"].codes},
        overdue_codes=[s.item.code for s in overdue],
        lagging_codes=[s.item.code for s in lagging],
        feedback_overdue_codes=[s.item.code for s in feedback_overdue],
        listed_codes=[s.item.code for s in listed],
    )
    if not states:
        return PacketDocument(
            key=Part.SUPERVISION,
            title=SUPERVISION_TITLE,
            blocks=[Paragraph("本年度暂无民主监督事项。")],
            included=False,
            rule=rules.describe("supervision_items") + EMPTY,
        )
    status_text = "，".join(
        f"{label('supervision_status', c)}{by_status[c]}项"
        for c in config.labels()["supervision_status"].codes
        if by_status.get(c)
    )
    blocks: list[Block] = [
        Paragraph(
            f"目前共有民主监督事项{len(states)}项，涉及" + (f"民主监督小组{len(groups)}个、" if groups else "") + "责任单位"
            f"{len({s.item.department for s in states})}个。截至{zh_date(as_of)}，{status_text}；"
            f"超过完成时限仍未办结的{len(overdue)}项"
            + (f"，逾期未反馈整改方案的{len(feedback_overdue)}项" if feedback_overdue else "")
            + "。"
        )
    ]

    # The writer puts the title, this short introduction and the heading on the wide table's landscape page.
    blocks.append(Heading("一、监督事项推进情况", level=1))
    rows: list[list[str]] = []
    sources: list[CellSource] = []
    marked: list[int] = []
    for s in listed:
        it = s.item
        status = label("supervision_status", it.status)
        # The remark goes on its own line of the cell, so neither it nor the status breaks inside a word.
        if s.overdue:
            status += f"\n（逾期{s.days_overdue}天）"
        elif s.feedback_overdue:
            status += "\n（逾期未反馈）"
        if s.overdue or s.feedback_overdue or it.status == "lagging":
            marked.append(len(rows))
            status = f"{MARK}{status}"
        group = s.group_name or (f"{label('supervision_form', it.form)}（未派小组）" if it.form else "—")
        sources.append(CellSource(len(rows), 1, "supervision_item", it.id, "topic", it.topic))
        if it.department:
            sources.append(CellSource(len(rows), 3, "supervision_item", it.id, "department", it.department))
        if it.progress and not s.claims_feedback_without_date:
            sources.append(CellSource(len(rows), 7, "supervision_item", it.id, "progress", it.progress))
        rows.append(
            [
                it.code,
                it.topic,
                group,
                it.department,
                it.leader or "—",
                short_date(it.deadline, as_of),
                status,
                _supervision_progress(s, as_of),
            ]
        )
    blocks.append(
        Table(
            columns=[
                Column("编号", 24, "center"),
                Column("监督事项", 34),
                Column("监督小组", 29),
                Column("责任单位", 30),
                Column("牵头领导", 19, "center"),
                Column("完成时限", 23, "center"),
                Column("状态", 33, "center"),
                Column("进展情况", 33),
            ],
            rows=rows,
            landscape=True,
            marked_rows=marked,
            sources=sources,
            note=MARK_NOTE if marked else "",
            caption="民主监督事项推进情况表",
        )
    )
    blocks.append(Heading("二、各监督小组情况", level=1))
    per_group: dict[str, dict] = {}
    for s in states:
        name = s.group_name or "未派小组（视察、评议等）"
        g = per_group.setdefault(name, {"departments": set(), "total": 0, "closed": 0, "flagged": 0})
        g["departments"].add(s.item.department)
        g["total"] += 1
        g["closed"] += s.item.status == "closed"
        g["flagged"] += s.overdue or s.feedback_overdue or s.item.status == "lagging"  # as the ▲ above
    blocks.append(
        Table(
            columns=[
                Column("监督小组", 50),
                Column("监督单位", 40),
                Column("事项数", 22, "center"),
                Column("已办结", 22, "center"),
                Column("逾期或滞后", 22, "center"),
            ],
            rows=[
                [name, "、".join(sorted(g["departments"])), str(g["total"]), str(g["closed"]), str(g["flagged"])]
                for name, g in per_group.items()
            ],
            caption="各民主监督小组事项统计表",
        )
    )
    blocks += closing(packet.office, packet.generated_at.date())
    return PacketDocument(key=Part.SUPERVISION, title=SUPERVISION_TITLE, blocks=blocks, rule=rules.describe("supervision_items"))


def _supervision_progress(s: figures.SupervisionState, as_of: date) -> str:
    """The progress as recorded, unless it claims feedback that has no date: then what the dates say."""
    it = s.item
    if s.claims_feedback_without_date:
        sent = it.recommendation_sent_on
        return (f"监督建议书已于{short_date(sent, as_of)}送达，" if sent else "") + "尚未收到整改方案反馈"
    return it.progress or "—"


def draft_supervision(c: Context) -> list[PacketDocument]:
    return [_supervision(c.store, c.as_of, c.prep.since, c.rules, c.packet)]
