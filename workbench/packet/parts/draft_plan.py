"""下一年度工作要点（草案）: the next year's plan for the December (or January) meeting, from the imported draft."""

from __future__ import annotations

from datetime import date

from workbench.drafts.blocks import (
    Block,
    Heading,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
)
from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.packet.parts.common import Context
from workbench.packet.rules import PacketRules
from workbench.packet.wording import ordinal
from workbench.store import Store
from workbench.store.rows import WorkPlan


def _draft_plan(store: Store, meeting: MeetingInfo, rules: PacketRules, packet: Packet) -> list[PacketDocument]:
    """The next year's 工作要点（草案） for the December (or January) meeting, from the imported draft."""
    year = figures.draft_plan_year(store, meeting.held_on) if rules.draft_plan != "never" else None
    if year is None:
        return []
    items = figures.plan_items(store, date(year, 12, 31), year=year)
    plan = store.select(WorkPlan, year=year)[0]
    title = f"{plan.title or f'政协{meeting.county}委员会{year}年工作要点'}（草案）"
    blocks: list[Block] = []
    for section in figures.plan_by_section(items):
        blocks.append(Heading(f"{ordinal(section['number'])}{section['title']}", level=1))
        for i in (x for x in items if x.section_number == section["number"]):
            body = (i.text or "").strip()
            wording = body if body.startswith(i.title) else i.title + (f"。{body}" if body else "")
            blocks.append(Paragraph(f"{i.number}. {wording}"))
    return [
        PacketDocument(
            key=Part.DRAFT_PLAN,
            title=title.replace("（草案）（草案）", "（草案）"),
            blocks=blocks,
            rule=rules.describe("draft_plan") + f"本次收入{year}年工作要点，共{len(items)}条。",
        )
    ]


def draft_draft_plan(c: Context) -> list[PacketDocument]:
    return _draft_plan(c.store, c.meeting, c.rules, c.packet)
