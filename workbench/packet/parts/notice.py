"""封面、会议通知、会议议程: the three parts rendered from a template a secretary edits (cover.docx, notice.docx,
agenda.docx), filled from the meeting, 本会设置 and the agenda."""

from __future__ import annotations

from datetime import date

from workbench.drafts.agenda import GENERATED
from workbench.drafts.blocks import (
    Packet,
    PacketDocument,
    Part,
)
from workbench.office import committee
from workbench.office.meetings import MeetingInfo
from workbench.packet.parts.common import Context
from workbench.packet.rules import PacketRules
from workbench.packet.wording import zh_date

WEEKDAYS = "一二三四五六日"


def _weekday(day: date | None) -> str:
    return f"（星期{WEEKDAYS[day.weekday()]}）" if day else ""


def _when(meeting: MeetingInfo, *, weekday: bool = True) -> str:
    """The notice says the weekday; the agenda prints the time in brackets, where a second bracket would jar."""
    if meeting.held_on is None:
        return "时间另行通知"
    return f"{zh_date(meeting.held_on)}{_weekday(meeting.held_on) if weekday else ''}{meeting.start_time or ''}"


def _cover(meeting: MeetingInfo, packet: Packet) -> PacketDocument:
    # The cover template takes everything from `meeting` (title, office, date); the context is for the editor.
    return PacketDocument(
        key=Part.COVER,
        title="封面",
        template="cover.docx",
        context={"subtitle": "会议材料", "date_text": zh_date(meeting.held_on)},
        rule="会议名称、日期取自会议信息，落款为办公室名称。",
    )


def _contact(office: str, profile: committee.CommitteeProfile | None) -> str:
    """The notice's 联系人: person and telephone from 本会设置 (FORMATS.md: “张三，电话：1234567”)."""
    person = profile.contact_person if profile else None
    phone = profile.contact_phone if profile else None
    if person and phone:
        return f"{person}，电话：{phone}"
    return person or (f"{office}，电话：{phone}" if phone else office)


def _presider(meeting: MeetingInfo, profile: committee.CommitteeProfile | None) -> str:
    """“县政协主席周启明”: the presider with the title 本会设置 gives them, as reports name the presider."""
    name = meeting.presider or ""
    title = profile.title_of(name) if profile and name else None
    return f"县政协{title}{name}" if title else name


def _notice(
    meeting: MeetingInfo,
    packet: Packet,
    agenda: list[dict],
    rules: PacketRules,
    profile: committee.CommitteeProfile | None = None,
) -> PacketDocument:
    # Context keys are those of templates/notice.docx (workbench.documents.context.TEMPLATE_FIELDS).
    office = packet.office.replace(f"政协{meeting.county}委员会", "县政协")
    requirements = ["请各位常委提前阅读会议材料，安排好工作，准时出席会议。", f"因故不能出席的请于会前向{office}请假。"]
    return PacketDocument(
        key=Part.NOTICE,
        title="会议通知",
        template="notice.docx",
        context={
            "recipients": "各位常委",
            "time": _when(meeting),
            "place": meeting.venue or "（地点另行通知）",
            "topics": [i["text"] for i in agenda] or ["（议题待定）"],
            "attendees": "县政协常委",
            "observers": rules.observers,
            "requirements": requirements,
            "contact": rules.contact or _contact(office, profile),
            "issued_on": _issued_on(meeting, packet),
        },
        rule="会议时间、地点取自会议信息；议题取自本次会议议程；列席人员按材料规则填写；联系人及电话取自本会设置。",
    )


def _issued_on(meeting: MeetingInfo, packet: Packet) -> date:
    # A notice is dated the day it is prepared, never after the meeting (re-exporting a past meeting's packet).
    today = packet.generated_at.date()
    return min(today, meeting.held_on) if meeting.held_on else today


def _agenda(meeting: MeetingInfo, agenda: list[dict], profile: committee.CommitteeProfile | None = None) -> PacketDocument:
    from_rows = not any(GENERATED in i["source"] for i in agenda)
    return PacketDocument(
        key=Part.AGENDA,
        title="会议议程（草案）",
        template="agenda.docx",
        context={
            "time": _when(meeting, weekday=False),
            "place": meeting.venue or "",
            "presider": _presider(meeting, profile),
            "items": agenda,
        },
        rule=(
            "议程取自本次会议已录入的议程事项，按序号排列。"
            if from_rows and agenda
            else "本次会议尚未录入议程事项，暂按材料内容（情况通报议题、任免名单、工作要点）生成，请在“议程”页生成议程后核对。"
        ),
    )


def draft_cover(c: Context) -> list[PacketDocument]:
    return [_cover(c.meeting, c.packet)]


def draft_notice(c: Context) -> list[PacketDocument]:
    return [_notice(c.meeting, c.packet, c.agenda, c.rules, c.profile)]


def draft_agenda(c: Context) -> list[PacketDocument]:
    return [_agenda(c.meeting, c.agenda, c.profile)]
