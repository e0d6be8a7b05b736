"""参会回执: the reply form sent with a 常委会议's notice — each expected member (as the 签到表 lists them, by
界别) ticks 出席 or 请假 and gives the reason, and returns it by the day the materials are issued.
"""

from __future__ import annotations

from workbench.base.filenames import safe_component
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Column, Paragraph, StandaloneDocument, Table
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.drafts.sign_in import expected_members, heading, when_where
from workbench.office import schedule
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import office
from workbench.store import Store
from workbench.store.rows import Member

# Asked back this many working days before the meeting: the day its materials are issued, so the office
# knows who comes before it prints for them.
REPLY_WORKDAYS_BEFORE = 3


def reply_document(meeting: MeetingInfo, members: list[Member], sender: str, deadline: str) -> StandaloneDocument:
    columns = [
        Column("序号", 12, "center"),
        Column("姓名", 22, "center"),
        Column("界别", 28, "center"),
        Column("出席（√）", 20, "center"),
        Column("请假（√）", 20, "center"),
        Column("请假事由", 56),
    ]
    rows = [[str(n), m.name, m.sector or "", "", "", ""] for n, m in enumerate(members, start=1)]
    return StandaloneDocument(
        title=heading(meeting, "参　会　回　执"),
        blocks=[
            *when_where(meeting),
            Table(columns=columns, rows=rows),
            Paragraph(f"请于{deadline}前将回执交回{sender}（也可电话告知）。因故不能出席的，请注明请假事由。"),
        ],
        author=sender,
    )


def draft(store: Store, request: Request) -> Drafted:
    """The 回执 of the requested meeting (`kinds`: 回执), to send with the notice."""
    meeting = request.need_meeting("回执")
    members = expected_members(store, meeting, "回执")
    # Back by the day the materials are issued, so the office knows who comes before it prints for them.
    due = schedule.calendar().working_days_before(meeting.held_on, REPLY_WORKDAYS_BEFORE) if meeting.held_on else None
    deadline = chinese_date(due) if due else "会前"
    document = reply_document(meeting, members, office(store).name, deadline)
    return Drafted([Output(f"{safe_component(meeting.short_title)}_参会回执.docx", document)])
