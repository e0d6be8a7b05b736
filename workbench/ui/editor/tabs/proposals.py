"""Proposal handling (提案办理): for the year's proposals, the handling unit, status, reply and note.

A county files a few hundred proposals a year, so this is the table that needs the
grid's search, filters and pages most: by status, handling unit, category and
whether a proposal is overdue as of the meeting's date (the due date and the rule
are `figures.proposal_due_on` and the office's `proposal_due_months`, the same the
packet and the dashboard count with). 答复类别 and 满意度 are entered here, so the packet's
答复类别分布 and 满意率 count what the office knows; a status that contradicts the 答复日期
(`office.proposal_facts`) is said beside the row whenever it is shown or saved.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as W

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.office import figures, preparation, proposal_facts
from workbench.office.meetings import MeetingInfo
from workbench.store.rows import Proposal
from workbench.ui.editor.parts.fields import shown
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

COLUMNS = [
    Column("case_no", "案号", "56px", editable=False),
    Column("title", "案由", "260px", editable=False),
    Column("proposer", "提案人", "110px", editable=False),
    Column(
        "days_overdue",
        "是否逾期",
        "90px",
        editable=False,
        show=lambda r: f"逾期{r['days_overdue']}天" if r.get("days_overdue") else "",
    ),
    Column("lead_unit", "主办单位", "150px"),
    Column("status", "状态", "120px"),
    Column("due_on", "办理期限", "130px"),
    Column("replied_on", "答复日期", "130px"),
    Column("reply_category", "答复类别", "150px"),
    Column("satisfaction", "满意度", "110px"),
    Column("handling_note", "办理情况", "240px", multiline=True),
]
WARNING_COLOUR = "#b35900"


class ProposalRow(RecordRow):
    """A proposal, with what its status and dates say against each other beside it."""

    def __init__(self, session: EditSession, record: dict, months: int):
        self.warning = W.HTML("", layout=W.Layout(width="260px"))
        self.warning.add_class("wb-proposal-warning")
        super().__init__(session, "proposal", record, COLUMNS, extra_widgets=[self.warning])
        # An empty 办理期限 is the office's rule counted from the 交办日期: say which day that is.
        due = figures.proposal_due_on(Proposal.from_row(record), months) if record.get("due_on") is None else None
        if due is not None:
            self.fields["due_on"].widget.placeholder = f"按交办日期计 {due:%Y-%m-%d}"
        for name in ("status", "replied_on", "satisfaction"):
            self.fields[name].on_change(lambda _f: self.show_warning())
        self.show_warning()

    def load(self, record: dict) -> None:
        super().load(record)
        self.show_warning()

    def show_warning(self) -> None:
        try:
            found = proposal_facts.contradictions(
                self.fields["status"].parse(), self.fields["replied_on"].parse(), self.fields["satisfaction"].parse()
            )
        except WorkbenchError:
            found = []  # a value being typed is refused beside its own field
        self.warning.value = "".join(
            f'<div style="color:{WARNING_COLOUR};font-size:12px;line-height:1.4">⚠ {html.escape(text)}</div>' for text in found
        )


@tab("proposals", "提案办理", order=65)
class ProposalsTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.grid = RecordGrid(
            COLUMNS,
            empty_text="还没有该年度的提案。请在“导入”页导入提案办理情况表。",
            css="proposals",
            table="proposal",
            extra_headers=[("核对", "260px")],
            filters=[
                Filter("状态", lambda r: shown("proposal", "status", r.get("status")) or "未设状态", "status"),
                Filter("主办单位", lambda r: r.get("lead_unit") or "未定", "unit"),
                Filter("类别", lambda r: shown("proposal", "category", r.get("category")) or "未分类", "category"),
                Filter("逾期", lambda r: "逾期" if r.get("days_overdue") else "未逾期", "overdue", ["逾期", "未逾期"]),
            ],
        )
        self.caption = W.HTML("")
        self.widget = W.VBox([self.caption, self.grid.widget])
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches("proposal"):
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        # The meeting's proposal year and cut-off (截至), as the check and the packet count them.
        prep = preparation.prepare(self.session.store, meeting) if meeting is not None else None
        as_of = prep.cut_off if prep is not None else date.today()
        year = prep.proposal_year if prep is not None else figures.proposal_year(self.session.store, as_of)
        proposals = self.session.store.select(Proposal, year=year, order_by="case_no") if year else []
        months = config.labels().rule("proposal_due_months")
        records = [{**p.as_dict(), "days_overdue": figures.proposal_days_overdue(p, as_of, months)} for p in proposals]
        late = sum(1 for r in records if r["days_overdue"])
        self.caption.value = f"{year}年提案共 {len(records)} 件；按 {as_of:%Y-%m-%d} 计逾期未答复 {late} 件。" if records else ""
        self.grid.show(records, lambda r: ProposalRow(self.session, r, months))
