"""Assembling a meeting's packet from the store, by the secretary's rules, in the glossary's order.

cover → notice → agenda → briefings → plan progress → next year's draft plan (December) →
supervision → proposals → personnel (任免名单, when entered) → attendance → liaison
groups → changes since the last meeting: the order of `drafts.kinds.PACKET_PARTS`, each part drafted
by its module in `packet/parts/`. Every number quoted
comes from `workbench.office.figures` and is also put in `Packet.figures`, so a test or
a snapshot can check the packet against the store. The result is plain data
that the editor may change by hand before `workbench.documents` writes it.
"""

from __future__ import annotations

import importlib
from datetime import date

from workbench.base.errors import ValidationError
from workbench.drafts import kinds
from workbench.drafts.agenda import agenda_items
from workbench.drafts.blocks import Packet
from workbench.office import committee, preparation
from workbench.office.meetings import MeetingInfo, MeetingKind, resolve
from workbench.packet.parts.common import Context, closing
from workbench.packet.rules import PacketRules
from workbench.store import Store

__all__ = ["assemble", "closing"]


def assemble(
    store: Store, meeting: MeetingInfo | str | int, rules: PacketRules | None = None, *, today: date | None = None
) -> Packet:
    meeting = meeting if isinstance(meeting, MeetingInfo) else resolve(store, meeting)
    if meeting.kind != MeetingKind.STANDING_COMMITTEE:
        # The packet's documents (常委出勤, 常委会议以来变化) are those of a standing-committee meeting.
        raise ValidationError(
            f"{meeting.short_title}不是常委会议。会议材料按常委会议汇编，请选择一次常委会议，或写 next 表示下一次常委会议。"
        )
    rules = rules or PacketRules()
    prep = preparation.prepare(store, meeting, today=today)
    as_of = prep.cut_off
    packet = Packet(
        meeting_id=meeting.id,
        meeting_title=meeting.title,
        meeting_short_title=meeting.short_title,
        meeting_date=meeting.held_on,
        office=meeting.office or f"政协{meeting.county}委员会办公室",
    )
    packet.figures.as_of = as_of.isoformat()
    packet.figures.quarter = prep.quarter_label
    packet.figures.rules = rules.to_dict()

    context = Context(
        store, meeting, rules, packet, as_of, prep.previous, agenda_items(store, meeting), committee.profile(store), prep
    )
    for kind in kinds.PACKET_PARTS:
        packet.documents += getattr(importlib.import_module(kind.module), f"draft_{kind.key}")(context)
    return packet
