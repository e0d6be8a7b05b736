"""工作要点落实情况: how far each item of the year's work plan has got, this quarter's notes, lagging items marked."""

from __future__ import annotations

from workbench.drafts.blocks import (
    Block,
    CellSource,
    Column,
    Heading,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    PlanFigures,
    Table,
)
from workbench.office import figures, special_committees
from workbench.office.preparation import Preparation
from workbench.packet.parts.common import EMPTY, MARK, MARK_NOTE, Context, closing
from workbench.packet.rules import PacketRules
from workbench.packet.wording import label, ordinal, short_date, zh_date, zh_month_day
from workbench.store import Store


def _plan_progress(store: Store, prep: Preparation, rules: PacketRules, packet: Packet) -> PacketDocument:
    # The plan of the meeting's year (a March meeting prepared in December reports on the new plan),
    # its figures as of the cut-off, its notes those of the meeting's period.
    as_of, year, meeting_day = prep.cut_off, prep.plan_year, prep.day
    items = figures.plan_items(store, as_of, year=year, since=prep.since) if year is not None else []
    counts = figures.plan_status_counts(items)
    since = prep.since
    # Said as offices say it: "9月24日以来" (the last meeting's day), the period starting the day after.
    said_since = prep.previous.held_on if prep.previous and prep.previous.held_on and prep.previous.held_on < since else since
    if rules.plan_items == "updated_since_last_meeting":
        listed = [i for i in items if i.latest_note_on is not None and i.latest_note_on >= since]
    else:
        listed = items
    flagged = {i.id for i in figures.plan_items_flagged(items, as_of)}
    status_changed = figures.plan_items_status_changed(store, items, as_of, since)
    packet.figures.plan = PlanFigures(
        year=year,
        total=len(items),
        by_status=counts,
        listed_ids=[i.id for i in listed],
        flagged_ids=sorted(flagged),
        marked_ids=[i.id for i in listed if i.id in flagged],
        without_update=[i.id for i in figures.plan_items_without_update(items, as_of) if i.id not in status_changed],
    )
    committees = [
        c
        for c in special_committees.committee_figures(store, as_of, year=year, since=since, plan=items)
        if c.plan_items or c.supervision_items
    ]
    if committees:
        packet.figures.plan.by_committee = {
            c.name: {
                "plan_items": c.plan_items,
                "plan_done": c.plan_done,
                "plan_updated": c.plan_updated,
                "plan_flagged": c.plan_flagged,
                "supervision_items": c.supervision_items,
                "supervision_closed": c.supervision_closed,
                "activities": c.activities,
            }
            for c in committees
        }
    title = f"关于{year}年工作要点落实情况的报告" if year else "关于年度工作要点落实情况的报告"
    if not items:
        return PacketDocument(
            key=Part.PLAN_PROGRESS,
            title=title,
            included=False,
            blocks=[Paragraph(f"{year or meeting_day.year}年度工作要点尚未印发。")],
            rule=rules.describe("plan_items") + EMPTY,
        )
    status_text = "，".join(f"{label('plan_item_status', code)}{n}条" for code, n in counts.items() if n)
    sections = figures.plan_by_section(items)
    blocks: list[Block] = [
        Paragraph(
            f"{year}年度工作要点共{len(sections)}个部分{len(items)}条。截至{zh_date(as_of)}，{status_text}"
            + (
                f"；逾期或进展滞后的{len(flagged)}条"
                + (
                    "，已在表中标注"
                    if rules.plan_items == "all"
                    else f"，下表列出其中{sum(1 for i in listed if i.id in flagged)}条并已标注"
                )
                if flagged
                else ""
            )
            + "。"
            + ("" if rules.plan_items == "all" else f"以下列出{zh_date(said_since)}以来有新进展的{len(listed)}条。")
        )
    ]
    for section in sections:
        mine = [i for i in listed if i.section_number == section["number"]]
        if not mine:
            continue
        blocks.append(Heading(f"{ordinal(section['number'])}{section['title']}", level=1))
        rows: list[list[str]] = []
        marked: list[int] = []
        sources: list[CellSource] = []
        for i in mine:
            sources.append(CellSource(len(rows), 1, "plan_item", i.id, "title", i.title))
            if i.owner:
                sources.append(CellSource(len(rows), 3, "plan_item", i.id, "owner", i.owner))
            if len(i.notes_this_quarter) == 1:
                # One note prints as "9月3日：text": its text is the record's, the date before it is not.
                note = i.notes_this_quarter[0]
                said = f"{zh_month_day(note.noted_on)}："
                sources.append(CellSource(len(rows), 6, "progress_note", note.id, "text", note.text, prefix=said))
            status = label("plan_item_status", i.status or "not_started")
            if i.id in flagged:
                marked.append(len(rows))
                status = f"{MARK}{status}"
            rows.append(
                [
                    str(i.number),
                    i.title,
                    "、".join(x for x in (i.lead_leader, i.lead_committee) if x) or "—",
                    i.owner or "—",
                    short_date(i.deadline, as_of),
                    status,
                    _plan_progress_text(i, status_changed=i.id in status_changed),
                ]
            )
        blocks.append(
            Table(
                columns=[
                    Column("序号", 10, "center"),
                    Column("主要工作任务", 31),
                    Column("牵头领导/委室", 23),
                    Column("责任人", 17, "center"),
                    Column("完成时限", 21, "center"),
                    Column("状态", 20, "center"),
                    Column(f"{prep.quarter_label}进展情况", 34),
                ],
                rows=rows,
                marked_rows=marked,
                sources=sources,
                note=MARK_NOTE if marked else "",
            )
        )
    if committees:
        # After the items, as a summary of them: at the top it pushed the first section's table onto page 2.
        blocks += _committee_blocks(committees, year or as_of.year)
    blocks += closing(packet.office, packet.generated_at.date())
    return PacketDocument(key=Part.PLAN_PROGRESS, title=title, blocks=blocks, rule=rules.describe("plan_items"))


def _committee_blocks(committees: list[special_committees.CommitteeFigures], year: int) -> list[Block]:
    """Each 专门委员会's part: the plan items and supervision items it leads, how far they got, its activities."""
    lead = (
        f"按牵头委室统计，{len(committees)}个专门委员会牵头落实工作要点{sum(c.plan_items for c in committees)}条"
        + (f"、监督事项{n}项" if (n := sum(c.supervision_items for c in committees)) else "")
        + "，各委员会情况见下表。"
    )
    rows = [
        [
            c.name,
            str(c.plan_items),
            str(c.plan_done),
            str(c.plan_updated),
            str(c.plan_flagged),
            f"{c.supervision_items}（办结{c.supervision_closed}）" if c.supervision_items else "0",
            str(c.activities),
        ]
        for c in committees
    ]
    return [
        Paragraph(lead),
        Table(
            columns=[
                Column("专门委员会", 34),
                Column("牵头要点", 18, "center"),
                Column("已完成", 16, "center"),
                Column("本季度有进展", 24, "center"),
                Column("逾期或滞后", 20, "center"),
                Column("牵头监督事项", 26, "center"),
                Column(f"{year}年活动", 18, "center"),
            ],
            rows=rows,
            caption="各专门委员会牵头落实情况",
        ),
    ]


def _plan_progress_text(item: figures.PlanItemState, *, status_changed: bool = False) -> str:
    """This quarter's dated notes; for a completed item what it achieved, whenever that was noted; an item
    whose status alone changed this quarter says so, as the changes section does."""
    notes = "；".join(f"{zh_month_day(n.noted_on)}：{n.text}" for n in item.notes_this_quarter)
    if notes:
        return notes
    achieved = figures.plan_item_achievement(item)
    if achieved:
        return achieved
    if item.status == "done":
        return "已完成"
    if status_changed:
        return f"本季度状态调整为“{label('plan_item_status', item.status or 'not_started')}”，尚无书面进展情况"
    return "本季度暂无进展更新"


def draft_plan_progress(c: Context) -> list[PacketDocument]:
    return [_plan_progress(c.store, c.prep, c.rules, c.packet)]
