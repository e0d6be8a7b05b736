"""回执: one row per member the meeting expects, to enter each 回执 as it comes back (参加, or 请假 with the
reason, and the day), and above the rows where they stand — answered, on leave, still to be rung, and
whether those attending are already more than half (`office.replies`). A returned list is imported on
the 导入 page (参会回执); the 签到表 then prints 请假 for those on leave, and `document 回执汇总` the list to chase.
"""

from __future__ import annotations

import html

import ipywidgets as W

from workbench.office import figures, replies
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid
from workbench.ui.editor.parts.member_rows import MemberRecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

TABLE = "meeting_reply"
NOT_YET = "未回执"
COLUMNS = [
    Column("member_name", "姓名", "90px", editable=False),
    Column("member_sector", "界别", "110px", editable=False),
    Column("member_phone", "联系电话", "130px", editable=False, show=lambda r: r["member_phone"] or "—"),
    Column("answer", "回执情况", "120px"),
    Column("reason", "请假事由", "220px"),
    Column("replied_on", "回执日期", "120px"),
]
EMPTY = "还没有常委名单。请在“导入”页导入委员名单（标明哪些是常委），再在此登记回执。"


@tab("replies", "回执", order=69)
class RepliesTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.summary = W.HTML("")
        self.summary.add_class("wb-replies-summary")
        self.grid = RecordGrid(
            COLUMNS,
            empty_text=EMPTY,
            css="replies",
            table=TABLE,
            filters=[Filter("回执情况", lambda r: r["shown_answer"], "answer", [NOT_YET, "参加", "请假"])],
        )
        self.grid.save_button.on_click(lambda _b: self._update_summary())
        self.widget = W.VBox([self.summary, self.grid.widget])
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches(TABLE, "member") and self.meeting is not None:
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        if meeting is None:
            self.grid.set_rows([])
            self.summary.value = ""
            return
        store = self.session.store
        records = {r["member_id"]: r for r in store.rows(TABLE, meeting_id=meeting.id)}
        answers = {"attend": "参加", "leave": "请假"}
        shown = []
        for m in sorted(figures.standing_members(store, meeting.id), key=lambda m: m.id):
            base = records.get(m.id) or {"id": None, "version": 0, "answer": None, "reason": None, "replied_on": None}
            shown.append(
                {
                    **base,
                    "member": m.as_dict(),
                    "member_name": m.name,
                    "member_sector": m.sector,
                    "member_phone": m.phone,
                    "shown_answer": answers.get(base["answer"] or "", NOT_YET),
                }
            )
        meeting_id = meeting.id
        self.grid.show(
            shown,
            lambda r: MemberRecordRow(self.session, TABLE, meeting_id, r, COLUMNS, ("answer", "reason", "replied_on")),
            key=lambda r: r["member"]["id"],
        )
        self._update_summary()

    def _update_summary(self) -> None:
        if self.meeting is None:
            return
        status = replies.reply_status(self.session.store, self.meeting)
        if not status.expected:
            self.summary.value = ""
            return
        quorum = "已回执参加的超过应到人数的一半" if status.quorum_expected else "已回执参加的尚未超过应到人数的一半"
        silent = "、".join(m.name for m in status.silent[:12]) + ("等" if len(status.silent) > 12 else "")
        self.summary.value = f"<b>{html.escape(status.sentence())}{quorum}。</b>" + (
            f"<br>未回执：{html.escape(silent)}（可导出“回执汇总”逐一电话催报）。" if status.silent else ""
        )
