"""筹备工作安排: the preparation schedule of a meeting (`office.schedule`) as a document: a short opening,
the table of steps with their dates and states (overdue ones in bold), the office's signature."""

from __future__ import annotations

from datetime import date

from workbench.base import config
from workbench.base.filenames import safe_component
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Column, Paragraph, Signature, StandaloneDocument, Table
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.office import schedule as preparation
from workbench.office.schedule import RED, Schedule
from workbench.office.sender import office
from workbench.store import Store


def draft(store: Store, request: Request) -> Drafted:
    meeting = request.need_meeting("筹备工作安排")
    plan = preparation.build(store, meeting)
    today = request.as_of or request.issued_on or date.today()
    name = f"{safe_component(meeting.short_title)}_筹备工作安排.docx"
    return Drafted([Output(name, document(plan, office(store).name, today=today))], draft=plan)


def document(schedule: Schedule, sender: str, *, today: date):
    """The 筹备工作安排 as a document: a short opening, the table of steps, the office's signature."""
    states = config.labels()["schedule_state"]
    m = schedule.meeting
    rows, marked = [], []
    for n, s in enumerate(schedule.steps, start=1):
        signal = s.signal(today, schedule.warn_days)
        if signal == RED:
            marked.append(n - 1)
        remark = "；".join(
            x
            for x in (
                s.note or "",
                "日期已调整" if s.moved else "",
                f"{chinese_date(s.done_on)}完成" if s.done_on else "",
                "已逾期" if signal == RED else "",
            )
            if x
        )
        rows.append([str(n), s.label, chinese_date(s.due_on), s.offset_text, states.label(s.state), remark])
    table = Table(
        columns=[
            Column("序号", 12, "center"),
            Column("工作事项", 40),
            Column("完成时间", 32, "center"),
            Column("时间要求", 28, "center"),
            Column("状态", 18, "center"),
            Column("备注", 26),
        ],
        rows=rows,
        marked_rows=marked,
        note="加粗的事项已过完成时间尚未完成。" if marked else "",
    )
    opening = (
        f"{m.title}定于{chinese_date(m.held_on)}召开。为做好会议筹备工作，按会前倒排工作日的安排"
        "（节假日顺延），现将各项工作及完成时间安排如下："
    )
    closing = "请各承办人员按时间节点做好相关工作，遇有变化及时报告办公室。"
    return StandaloneDocument(
        title=f"{m.short_title}筹备工作安排",
        blocks=[Paragraph(opening), table, Paragraph(closing)],
        signature=Signature(sender, today),
        author=sender,
    )
