"""Attendance of standing members at the meeting (出勤): present, on leave (with the reason) or absent.

One row per standing member. A member with no attendance record yet gets one when a
state is chosen and saved; the counts read out for the quorum come from
`figures.attendance_summary`, and each member's unexcused absences this term from
`figures.absences`, so the secretary sees who is close to the committee's rule.
"""

from __future__ import annotations

import ipywidgets as W

from workbench.base import config
from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.fields import button
from workbench.ui.editor.parts.grid import Column, RecordGrid
from workbench.ui.editor.parts.member_rows import MemberRecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

COLUMNS = [
    Column("member_name", "姓名", "90px", editable=False),
    Column("member_sector", "界别", "110px", editable=False),
    Column("member_position", "工作单位及职务", "220px", editable=False),
    Column(
        "absences",
        "本届无故缺席",
        "110px",
        editable=False,
        show=lambda r: f"{r['absences']} 次" + ("（已达通报条件）" if r.get("reached") else "") if r.get("absences") else "",
    ),
    Column("state", "出勤情况", "130px"),
    Column("reason", "请假事由", "220px"),
]

EMPTY = "还没有常委名单。请在“导入”页导入委员名单（标明哪些是常委），再在此逐人登记出勤情况。"


@tab("attendance", "出勤", order=70)
class AttendanceTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.summary = W.HTML("")
        self.grid = RecordGrid(COLUMNS, empty_text=EMPTY, css="attendance", table="attendance")
        self.fill_button = button("未填写的均设为出席", css="wb-attendance-fill")
        self.fill_button.on_click(lambda _b: self.fill_present())
        self.grid.save_button.on_click(lambda _b: self._update_summary())
        self.widget = W.VBox([self.summary, self.fill_button, self.grid.widget])
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches("attendance", "member") and self.meeting is not None:
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        if meeting is None:
            self.grid.set_rows([])
            self.summary.value = ""
            return
        members = figures.standing_members(self.session.store, meeting.id)
        records = {r["member_id"]: r for r in self.session.store.rows("attendance", meeting_id=meeting.id)}
        absences = {a["id"]: a for a in figures.absences(self.session.store, meeting.term_id)}
        shown = []
        for m in members:
            base = records.get(m.id) or {"id": None, "version": 0, "state": None, "reason": None}
            absence = absences.get(m.id) or {}
            shown.append(
                {
                    **base,
                    "member": m.as_dict(),
                    "member_name": m.name,
                    "member_sector": m.sector,
                    "member_position": m.position,
                    "absences": absence.get("absences", 0),
                    "reached": absence.get("reached"),
                }
            )
        meeting_id = meeting.id
        self.grid.show(
            shown,
            lambda r: MemberRecordRow(self.session, "attendance", meeting_id, r, COLUMNS, ("state", "reason")),
            key=lambda r: r["member"]["id"],
        )
        self._update_summary()

    def fill_present(self) -> int:
        """Put 出席 in every row not yet filled in (not saved until 保存修改)."""
        present = config.labels()["attendance_state"].label("present")
        filled = 0
        for r in self.grid.rows:
            if not r.fields["state"].value.strip():
                r.fields["state"].value = present
                filled += 1
        self.grid.notice.info(f"已将 {filled} 人设为出席，请核对后点击“保存修改”。")
        return filled

    def _update_summary(self) -> None:
        if self.meeting is None:
            return
        s = figures.attendance_summary(self.session.store, self.meeting.id)
        if s.present + s.on_leave + s.absent_unexcused == 0:
            # Before the meeting nothing is recorded; "未过半数" would read as an alarm.
            self.summary.value = f"<b>应到 {s.expected} 人；本次会议尚未登记出勤情况。</b>"
            return
        quorum = "实到人数已过半数" if s.quorum else "实到人数未过半数"
        self.summary.value = (
            f"<b>应到 {s.expected} 人，实到 {s.present} 人，请假 {s.on_leave} 人，"
            f"无故缺席 {s.absent_unexcused} 人；{quorum}。</b>"
        )
