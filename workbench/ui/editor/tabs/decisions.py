"""议定与表决: what the meeting decided and what it voted on, entered during or after it.

Above, the meeting's 表决: each with its counts, and beside them whether it passed by the labels
config's rule (`office.votes`), and whether it is 保密 until its 公布日期 (personnel matters are, by
default: the dashboard shows nothing of them before). Below, the 议定事项 in the order the minutes print
them, each with its 责任单位 and 完成时限; one marked 列入督办 is followed up, and those of earlier
meetings not yet done are listed under this meeting's own, to enter how far they have got before the
next packet reports them ("上次会议议定事项落实情况"). Rows are added with the forms under the grids and
deleted on a second click, through the session, so 撤销上一次修改 brings them back.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.office import decisions, votes
from workbench.office.meetings import MeetingInfo, list_meetings
from workbench.ui.editor.parts.confirm import ConfirmButton
from workbench.ui.editor.parts.deleting import delete_shown
from workbench.ui.editor.parts.fields import Field, Notice, button
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

VOTE_COLUMNS = [
    Column("position", "序号", "60px"),
    Column("subject", "表决事项", "260px", multiline=True),
    Column("in_favour", "赞成", "70px"),
    Column("against", "反对", "70px"),
    Column("abstain", "弃权", "70px"),
    Column("result", "表决结果", "170px", editable=False, show=lambda r: r["result"]),
    Column("confidential", "保密", "70px"),
    Column("announced_on", "公布日期", "120px"),
]
DECISION_COLUMNS = [
    # Kept within a tablet's width: a squeezed read-only cell would stand its text on end.
    Column("meeting_title", "会议", "80px", editable=False, show=lambda r: r["meeting_title"]),
    Column("text", "议定事项", "190px", multiline=True),
    Column("owner_unit", "责任单位", "100px"),
    Column("deadline", "完成时限", "96px"),
    Column("supervised", "列入督办", "64px"),
    Column("status", "落实状态", "90px"),
    Column("feedback", "落实情况", "150px", multiline=True),
    Column("closed_on", "办结日期", "96px"),
]
VOTE_FORM = [("subject", "360px", "表决事项，如：关于接受××同志辞去政协委员的决定（草案）")]
DECISION_FORM = [
    ("text", "320px", "议定事项，如：县住建局牵头制定老旧小区改造年度计划"),
    ("owner_unit", "160px", "责任单位"),
    ("deadline", "130px", "完成时限 2027-03-31"),
    ("supervised", "100px", "列入督办：是/否"),
]
VOTES_EMPTY = "本次会议还没有表决事项。需要表决的（如人事事项），请在下方逐项登记，会后录入票数。"
DECISIONS_EMPTY = "还没有议定事项。会议议定的事项请在下方逐项登记；列入督办的，下次会议材料将报告落实情况。"


class Row(RecordRow):
    """A vote or a decision with its delete button (a second click deletes)."""

    def __init__(self, session: EditSession, table: str, record: dict, columns: list[Column], delete: ConfirmButton):
        self.delete_button = delete
        super().__init__(session, table, record, columns, extra_widgets=[delete.widget])


@tab("decisions", "议定与表决", order=71)
class DecisionsTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.vote_caption = W.HTML("")
        self.vote_caption.add_class("wb-votes-caption")
        self.votes = RecordGrid(
            VOTE_COLUMNS, empty_text=VOTES_EMPTY, extra_headers=[("删除", "90px")], css="votes", table="vote", height="40vh"
        )
        self.votes.save_button.on_click(lambda _b: self.load(self.meeting))  # the results follow the counts saved
        self.decision_caption = W.HTML("")
        self.decision_caption.add_class("wb-decisions-caption")
        self.decisions = RecordGrid(
            DECISION_COLUMNS,
            empty_text=DECISIONS_EMPTY,
            extra_headers=[("删除", "80px")],
            css="decisions",
            table="decision",
            filters=[Filter("会议", lambda r: r["meeting_title"], "meeting")],
        )
        self.decisions.save_button.on_click(lambda _b: self._caption())
        self.notice = Notice()
        self.vote_form = {n: Field("vote", n, width=w, placeholder=h, css=f"wb-votes-new-{n}") for n, w, h in VOTE_FORM}
        self.decision_form = {
            n: Field("decision", n, width=w, placeholder=h, css=f"wb-decisions-new-{n}") for n, w, h in DECISION_FORM
        }
        self.add_vote_button = button("新增表决事项", style="success", css="wb-votes-add")
        self.add_vote_button.on_click(lambda _b: self.add_vote())
        self.add_decision_button = button("新增议定事项", style="success", css="wb-decisions-add")
        self.add_decision_button.on_click(lambda _b: self.add_decision())
        wrap = W.Layout(flex_flow="row wrap")
        self.widget = W.VBox(
            [
                W.HTML("<h4>表决事项</h4>"),
                self.vote_caption,
                self.votes.widget,
                W.HBox([*(f.box for f in self.vote_form.values()), self.add_vote_button], layout=wrap),
                W.HTML("<h4>议定事项</h4>"),
                self.decision_caption,
                self.decisions.widget,
                W.HBox([*(f.box for f in self.decision_form.values()), self.add_decision_button], layout=wrap),
                self.notice.widget,
            ]
        )
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches("vote", "decision", "attendance", "member") and event.source is not self:
            self.load(self.meeting)

    # -- showing
    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        if meeting is None:
            self.votes.set_rows([])
            self.decisions.set_rows([])
            self.vote_caption.value = self.decision_caption.value = ""
            return
        store = self.session.store
        results = votes.results(store, meeting.id)
        shown_votes = []
        for r in results:
            problem = r.problem()
            shown_votes.append({**r.vote.as_dict(), "result": r.outcome() + (f"（{problem}）" if problem else "")})
        if results:
            base = results[0]
            self.vote_caption.value = (
                f"赞成票超过{base.base_label}的半数（{base.base}人的半数）为通过。"
                "标为“保密”的表决事项在公布日期之前不在领导看板上显示。"
            )
        else:
            self.vote_caption.value = ""
        self.votes.show(shown_votes, lambda rec: self._row("vote", rec, VOTE_COLUMNS))
        titles = {m.id: _short(m) for m in list_meetings(store)}
        own = [{**d.as_dict(), "meeting_title": titles.get(d.meeting_id, "")} for d in decisions.of_meeting(store, meeting.id)]
        # Earlier meetings' supervised decisions not yet done today: the ones whose progress the office enters.
        earlier = [
            {**f.decision.as_dict(), "meeting_title": _short(f.meeting)}
            for f in decisions.follow_ups(store, meeting, date.today())
            if not f.closed_since
        ]
        self.decisions.show(own + earlier, lambda rec: self._row("decision", rec, DECISION_COLUMNS))
        self._caption()

    def _caption(self) -> None:
        if self.meeting is None:
            return
        own = decisions.of_meeting(self.session.store, self.meeting.id)
        supervised = sum(bool(d.supervised) for d in own)
        earlier = len(self.decisions.records) - len(own)
        self.decision_caption.value = f"本次会议议定事项 {len(own)} 项，其中列入督办 {supervised} 项。" + (
            f"下方另列此前会议列入督办、尚未落实的 {earlier} 项，请在下次会议前填写落实情况。" if earlier else ""
        )

    def _row(self, table: str, record: dict, columns: list[Column]) -> Row:
        name = _name(table, record)
        delete = ConfirmButton(
            lambda: f"将删除{name}（删除后可点击“撤销上一次修改”恢复）。",
            lambda: self.delete(table, record["id"]),
            self.notice,
            css=f"wb-{table}s-remove",
        )
        return Row(self.session, table, record, columns, delete)

    # -- adding and deleting
    def _add(self, table: str, form: dict[str, Field], what: str, required: str, extra: dict) -> int | None:
        self.notice.clear()
        if self.meeting is None:
            self.notice.error("请先在“会议”页选择或新建一次会议。")
            return None
        if not all([f.check() for f in form.values()]):
            self.notice.error(f"新登记的{what}有误（见红字说明），未新增。")
            return None
        values = {name: f.parse() for name, f in form.items()}
        if not values.get(required):
            self.notice.error(f"请填写{what}的内容。")
            return None
        rows = self.session.store.rows(table, meeting_id=self.meeting.id)
        position = max((r["position"] for r in rows), default=0) + 1
        try:
            with self.session.change(f"登记{what}“{values[required]}”", source=self) as rec:
                new_id = rec.insert(table, {**extra, **values, "meeting_id": self.meeting.id, "position": position})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        for f in form.values():
            f.reset(None)
        self.load(self.meeting)
        self.notice.ok(f"已登记{what}第{position}项“{values[required]}”。")
        return new_id

    def add_vote(self) -> int | None:
        return self._add("vote", self.vote_form, "表决事项", "subject", {"confidential": True})

    def add_decision(self) -> int | None:
        return self._add("decision", self.decision_form, "议定事项", "text", {"status": "assigned"})

    def delete(self, table: str, record_id: int) -> bool:
        grid = self.votes if table == "vote" else self.decisions
        name = _name(table, grid.row(record_id).record)
        return delete_shown(
            self.session, grid, self.notice, table, record_id, name, reload=lambda: self.load(self.meeting), source=self
        )


def _short(meeting: MeetingInfo) -> str:
    """ "十一届十七次": the column is narrow, and every row there is of a 常委会议."""
    return meeting.short_title.removesuffix("常委会议")


def _name(table: str, record: dict) -> str:
    if table == "vote":
        return f"表决事项第{record['position']}项“{record['subject']}”"
    return f"议定事项第{record['position']}项“{record['text']}”"
