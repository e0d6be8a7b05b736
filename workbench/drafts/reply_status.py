"""回执汇总: where the meeting's 回执 stand before the day — how many answered, who attends, who asked
leave and why, and who has not answered, with the phone number to ring (`office.replies`). A4 portrait,
for the secretary who chases and the 秘书长 who checks the quorum (过半数) before the meeting.
"""

from __future__ import annotations

from datetime import date

from workbench.base.filenames import safe_component
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Block, Column, Heading, Paragraph, StandaloneDocument, Table
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.drafts.sign_in import by_sector, expected_members, heading
from workbench.office import replies
from workbench.office.sender import office
from workbench.store import Store


def draft(store: Store, request: Request) -> Drafted:
    """The 回执汇总 of the requested meeting (`kinds`: 回执汇总)."""
    meeting = request.need_meeting("回执汇总")
    expected_members(store, meeting, "回执汇总")  # says in Chinese when the meeting has no members yet
    status = replies.reply_status(store, meeting)
    as_of = request.as_of or date.today()
    quorum = (
        "已回执参加的超过应到人数的一半。"
        if status.quorum_expected
        else f"已回执参加的{len(status.attending)}人，尚未超过应到人数的一半，请抓紧催报。"
    )
    blocks: list[Block] = [Paragraph(f"截至{chinese_date(as_of)}，{status.sentence()}{quorum}")]
    if status.silent:
        blocks.append(Heading("一、未回执人员", level=1))
        rows = [[str(n), m.name, m.sector or "", m.phone or "", ""] for n, m in enumerate(by_sector(status.silent), start=1)]
        columns = [
            Column("序号", 12, "center"),
            Column("姓名", 24, "center"),
            Column("界别", 30, "center"),
            Column("联系电话", 40, "center"),
            Column("催报情况", 50),
        ]
        blocks.append(Table(columns=columns, rows=rows))
    if status.on_leave:
        blocks.append(Heading(f"{'二' if status.silent else '一'}、请假人员", level=1))
        reasons = dict((m.id, r) for m, r in status.on_leave)
        members = by_sector([m for m, _r in status.on_leave])
        rows = [[str(n), m.name, m.sector or "", reasons[m.id] or "未注明"] for n, m in enumerate(members, start=1)]
        columns = [
            Column("序号", 12, "center"),
            Column("姓名", 24, "center"),
            Column("界别", 30, "center"),
            Column("请假事由", 90),
        ]
        blocks.append(Table(columns=columns, rows=rows))
    document = StandaloneDocument(title=heading(meeting, "参会回执汇总"), blocks=blocks, author=office(store).name)
    return Drafted([Output(f"{safe_component(meeting.short_title)}_回执汇总.docx", document)], draft=status)
