"""测评表: the 常委's satisfaction rating of the departments that brief a meeting — the ballot (.docx, one
row per briefing topic, levels from labels' rating_level, anonymous) and the tally sheet (.xlsx, one row
per ballot) that `office.evaluation` reads back."""

from __future__ import annotations

from workbench.base import config
from workbench.base.errors import SheetError
from workbench.base.filenames import safe_component
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Column, Paragraph, StandaloneDocument, Table
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.office import evaluation
from workbench.office.evaluation import Subject
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import office
from workbench.store import Store


def draft(store: Store, request: Request) -> Drafted:
    meeting = request.need_meeting("测评表")
    items = evaluation.subjects(store, meeting)
    if not items:
        raise SheetError(f"{meeting.short_title}还没有情况通报议题，没有可测评的事项。请先在“情况通报”页添加。")
    stem = safe_component(meeting.short_title)
    copies = evaluation.ballots_to_hand_out(store, meeting)
    return Drafted(
        [
            Output(f"{stem}_测评表.docx", ballot_document(meeting, items, office(store).name)),
            Output(f"{stem}_测评票录入表.xlsx", evaluation.tally_workbook(meeting, items, copies)),
        ],
        draft=copies,
    )


def ballot_document(meeting: MeetingInfo, items: list[Subject], sender: str):
    levels = config.labels()["rating_level"].labels
    columns = (
        [Column("序号", 12, "center"), Column("被测评单位", 30, "center"), Column("测评事项", 50)]
        + [Column(level, 14, "center") for level in levels]
        + [Column("意见和建议", 30)]
    )
    rows = [[str(s.position), s.department, s.subject] + [""] * len(levels) + [""] for s in items]
    held = chinese_date(meeting.held_on) if meeting.held_on else "　　年　月　日"
    return StandaloneDocument(
        title=f"县政协{meeting.short_title}\n情况通报满意度测评表",
        blocks=[
            Paragraph(f"测评时间：{held}", align="center"),
            Table(columns=columns, rows=rows, landscape=len(levels) > 3),
            Paragraph(
                "说明：请在每行选定的等次下划“√”，每行只划一项；不划的视为弃权，划两项及以上的视为无效。"
                "本表无记名，不需署名，请于会上交回。"
            ),
        ],
        author=sender,
    )
