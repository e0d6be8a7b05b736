"""The meeting being prepared: choose one or create the next, edit date, venue and presider, delete one made by mistake;
归档 a held one, and 更正 an archived one with the reason written down.

Term and number of a new meeting are suggested by `meetings.suggest_next` (the next
常委会议 in the current term); the secretary may change the number. Titles are never
typed: they follow from committee, term, kind and number. With no meeting at all (a new
office) the tab shows only the form for the first one; with no committee yet it says
to fill in 本会设置 first. A new meeting starts from the last one: its time, venue and presider are
prefilled from `meetings.last_details`. Once held and entered, a meeting is archived
(`meetings.archive_meeting`) and its records are read-only in every tab; a 更正 started here with its
reason lets them be changed, and the reason goes into the history of each change.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.base.numerals import chinese_date
from workbench.office import meetings
from workbench.office.meetings import MeetingInfo, MeetingKind, chinese_number
from workbench.ui.editor.parts.fields import Field, Notice, button, shown
from workbench.ui.editor.parts.grid import Column, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession, Recorder
from workbench.ui.editor.tabs.registry import tab

KIND = MeetingKind.STANDING_COMMITTEE

DETAIL_COLUMNS = [
    Column("held_on", "会议日期", "150px"),
    Column("start_time", "开始时间", "120px"),
    Column("venue", "地点", "240px"),
    Column("presider", "主持人", "120px"),
    Column("status", "会议状态", "130px"),
]


class MeetingRow(RecordRow):
    """The chosen meeting's details, saved through `meetings.edit_meeting` as the command line saves them."""

    def write(self, rec: Recorder) -> None:
        changes = self.changes()
        if not changes:
            return
        meetings.edit_meeting(self.session.store, self.id, changes, actor=self.session.actor, expected_version=self.version)
        row = dict(self.session.store.get("meeting", self.id))
        if row["version"] != self.version:  # nothing differed: nothing to undo
            rec.change.records.append(("meeting", self.id, row["version"]))
        self._saved_row = row


def meeting_label(m: MeetingInfo) -> str:
    when = m.held_on.isoformat() if m.held_on else "日期未定"
    status = shown("meeting", "status", m.status) or "未设状态"
    return f"{m.short_title}（{when}，{status}）"


@tab("meeting", "会议", order=10)
class MeetingPanel:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self._listeners: list = []
        self.title = W.HTML("")
        self.chooser = W.Dropdown(description="会议", layout=W.Layout(width="460px"))
        self.chooser.add_class("wb-meeting-chooser")
        self.details = RecordGrid(DETAIL_COLUMNS, css="meeting")
        self.details.save_button.description = "保存会议信息"
        self.details.save_button.layout.width = "140px"
        self.notice = Notice()

        self.new_term = W.HTML("")
        self.new_seq = W.BoundedIntText(min=1, max=999, description="第几次", layout=W.Layout(width="180px"))
        # Its own hint, unlike the chosen meeting's date above: this one is for the meeting about to be made.
        self.new_date = Field(
            "meeting", "held_on", width="150px", placeholder="新会议日期，如 2027-03-18", css="wb-new-meeting-date"
        )
        self.new_time = Field("meeting", "start_time", width="110px", placeholder="如 上午9:00", css="wb-new-meeting-time")
        self.new_venue = Field("meeting", "venue", width="220px", placeholder="会议地点", css="wb-new-meeting-venue")
        self.new_presider = Field("meeting", "presider", width="120px", placeholder="默认本届主席", css="wb-new-meeting-presider")
        self.create_button = button("新建会议", style="success", css="wb-create-meeting")
        self.create_button.on_click(lambda _b: self.create())
        new_box = W.VBox(
            [
                W.HTML("<b>新建下一次常委会议</b>（届次和次序已按已有会议推算，可修改次序）"),
                W.HBox([self.new_term, self.new_seq]),
                W.HBox(
                    [
                        W.HTML("会议日期", layout=W.Layout(width="70px")),
                        self.new_date.box,
                        W.HTML("时间", layout=W.Layout(width="40px")),
                        self.new_time.box,
                        W.HTML("地点", layout=W.Layout(width="40px")),
                        self.new_venue.box,
                        W.HTML("主持人", layout=W.Layout(width="50px")),
                        self.new_presider.box,
                    ]
                ),
                W.HTML("时间、地点和主持人已按上次会议填好，可修改。", layout=W.Layout(margin="0 0 4px 0")),
                self.create_button,
            ],
            layout=W.Layout(border="1px dashed #bbb", padding="6px", margin="8px 0"),
        )
        self.archive_state = W.HTML("")
        self.archive_state.add_class("wb-archive-state")
        self.archive_button = button("归档本次会议", css="wb-archive-meeting")
        self.archive_button.on_click(lambda _b: self._archive_clicked())
        self._archive_armed: int | None = None
        self.correction_reason = W.Text(placeholder="更正原因，如：核对签到表后发现出勤登记有误", layout=W.Layout(width="360px"))
        self.correction_reason.add_class("wb-correction-reason")
        self.correction_button = button("开始更正", style="warning", css="wb-correction")
        self.correction_button.on_click(lambda _b: self._correction_clicked())
        self.archive_box = W.VBox(
            [self.archive_state, W.HBox([self.archive_button, self.correction_reason, self.correction_button])],
            layout=W.Layout(margin="6px 0"),
        )

        self.delete_button = button("删除本次会议", style="danger", css="wb-delete-meeting")
        self.delete_button.on_click(lambda _b: self._delete_clicked())
        self._delete_armed: int | None = None
        self.widget = W.VBox(
            [self.chooser, self.title, self.details.widget, self.archive_box, self.delete_button, new_box, self.notice.widget]
        )
        self.refresh()
        self.chooser.observe(lambda ch: self._select(ch["new"]), names="value")
        if self.chooser.value is not None:
            self._select(self.chooser.value)
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if not event.touches("meeting", "term"):
            return
        if self.details.rows and event.source is self.details.rows[0]:
            self._after_details_saved()
        elif event.source is not self:
            self.reload()  # an undo, 本会设置 or another window's change: the list and details as stored
            if self.chooser.value is None:
                self._select(None)  # no meeting (yet): the other tabs and the heading say so

    def on_select(self, callback) -> None:
        """`callback(meeting)` whenever another meeting is chosen or the chosen one is saved."""
        self._listeners.append(callback)

    def refresh(self, *, select: int | None = None) -> None:
        """Reload the list of meetings and the suggestion for the next one."""
        listed = meetings.list_meetings(self.session.store, kind=KIND)
        options = [(meeting_label(m), m.id) for m in listed]
        if select is None:
            current = self.chooser.value
            upcoming = meetings.next_meeting(self.session.store, kind=KIND)
            select = (
                current
                if current in [i for _, i in options]
                else (upcoming.id if upcoming else (listed[-1].id if listed else None))
            )
        self.chooser.options = options
        self.chooser.value = select
        try:
            suggestion = meetings.suggest_next(self.session.store, kind=KIND)
        except WorkbenchError as exc:
            self.new_term.value = html.escape(str(exc))
            self.create_button.disabled = True
            self._suggestion = None
            return
        self._suggestion = suggestion
        self.create_button.disabled = False
        last = meetings.last_details(self.session.store, kind=KIND)
        for field_, name in ((self.new_time, "start_time"), (self.new_venue, "venue"), (self.new_presider, "presider")):
            if not field_.value.strip() and last.get(name):
                field_.value = last[name]
        self.new_term.value = f"第{chinese_number(suggestion['term_no'])}届"
        self.new_seq.value = suggestion["seq_no"]

    def _select(self, meeting_id: int | None) -> None:
        if meeting_id is None:
            self.meeting = None
            self.title.value = "<i>还没有会议，请在下方新建。</i>"
            self.details.set_rows([])
            self.delete_button.layout.display = "none"
            for cb in self._listeners:
                cb(None)
            return
        self.delete_button.layout.display = None
        self._disarm()
        if self.meeting is None or self.meeting.id != meeting_id:
            self._end_correction()  # a 更正 is of the meeting it was started on
        self.meeting = meetings.resolve(self.session.store, meeting_id)
        self.title.value = f"<h3 style='margin:6px 0'>{html.escape(self.meeting.title)}</h3>"
        row = MeetingRow(self.session, "meeting", self.session.store.get("meeting", meeting_id), DETAIL_COLUMNS)
        self.details.set_rows([row])
        self._show_archive()
        for cb in self._listeners:
            cb(self.meeting)

    # -- 归档 and 更正
    def _show_archive(self) -> None:
        m = self.meeting
        self._archive_armed = None
        self.archive_button.description = "归档本次会议"
        if m is None:
            self.archive_box.layout.display = "none"
            return
        self.archive_box.layout.display = None
        archived = m.archived_on is not None
        held = m.status == "held" or (m.held_on is not None and m.held_on <= date.today())
        self.archive_button.layout.display = None if held and not archived else "none"
        self.correction_reason.layout.display = self.correction_button.layout.display = None if archived else "none"
        if archived and self.session.correction:
            reason = html.escape(self.session.correction)
            self.archive_state.value = (
                f"<div class='wb-correcting'>正在更正{html.escape(m.short_title)}（更正原因：{reason}）。"
                "各页所作修改将连同更正原因记入修改记录；更正完毕请点击“结束更正”。</div>"
            )
            self.correction_button.description = "结束更正"
            self.correction_reason.disabled = True
        elif archived:
            self.archive_state.value = (
                f"<div class='wb-archived'>本次会议已于{chinese_date(m.archived_on)}归档，各页记录只读"
                "（议定事项的落实情况仍可填写）。如确需更正，请写明更正原因后点击“开始更正”。</div>"
            )
            self.correction_button.description = "开始更正"
            self.correction_reason.disabled = False
        elif held:
            self.archive_state.value = (
                "本次会议已召开。出勤、表决、议定事项和会议纪要录入核对完毕后，请归档："
                "归档后各项记录只读，确需修改时须写明原因更正。"
            )
        else:
            self.archive_state.value = ""

    def _archive_clicked(self) -> None:
        if self.meeting is None:
            return
        if self._archive_armed != self.meeting.id:
            self._archive_armed = self.meeting.id
            self.archive_button.description = "确认归档"
            self.notice.info(f"归档后{self.meeting.short_title}的各项记录只读，确需修改时须写明原因更正。请再点击“确认归档”。")
            return
        self.archive()

    def archive(self) -> bool:
        """Archive the chosen (held) meeting; its records are read-only from now on."""
        self.notice.clear()
        if self.meeting is None:
            return False
        try:
            info = meetings.archive_meeting(self.session.store, self.meeting.id, actor=self.session.actor)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            self._show_archive()
            return False
        self.session.data_changed({"meeting"}, "save", source=self)
        self.refresh(select=info.id)
        self._select(info.id)
        self.notice.ok(f"已将{info.short_title}归档。")
        return True

    def _correction_clicked(self) -> None:
        if self.session.correction:
            self._end_correction()
            self.notice.ok("已结束更正，本次会议的记录恢复只读。")
        else:
            reason = self.correction_reason.value.strip()
            if not reason:
                self.notice.error("请先写明更正原因，再点击“开始更正”。")
                return
            self.session.correction = reason
            self.notice.info(f"已开始更正：{reason}。")
        self._show_archive()

    def _end_correction(self) -> None:
        self.session.correction = None
        self.correction_reason.value = ""

    def _after_details_saved(self) -> None:
        # The date decides the quarter the other tabs show, so they reload with it.
        if self.meeting is None:
            return
        meeting_id = self.meeting.id
        self.refresh(select=meeting_id)
        self.meeting = meetings.resolve(self.session.store, meeting_id)
        for cb in self._listeners:
            cb(self.meeting)

    def reload(self) -> None:
        self.refresh()
        if self.chooser.value is not None:
            self._select(self.chooser.value)

    def create(self) -> MeetingInfo | None:
        self.notice.clear()
        if self._suggestion is None:
            return None
        fields = [self.new_date, self.new_time, self.new_venue, self.new_presider]
        if not all([f.check() for f in fields]):
            self.notice.error("新建会议的信息有误（见红字说明），未新建。")
            return None
        try:
            info = meetings.add_meeting(
                self.session.store,
                seq_no=int(self.new_seq.value),
                kind=KIND,
                held_on=self.new_date.parse(),
                start_time=self.new_time.parse(),
                venue=self.new_venue.parse(),
                presider=self.new_presider.parse(),
                actor=self.session.actor,
            )
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        self.session.remember(f"新建{info.short_title}", [("meeting", info.id, 1)], source=self)
        new_id = info.id
        for f in fields:
            f.reset(None)
        self.refresh(select=new_id)
        info = meetings.resolve(self.session.store, new_id)
        if info.held_on is None:
            # Kept as a draft: the number is taken, and the pre-export check asks for the date until it is given.
            self.notice.info(
                f"已新建{info.short_title}，但尚未填写会议日期。请在上方“会议日期”栏填写后点“保存会议信息”；"
                "日期未填写前，导出前检查会一直提示，各项数据按当天截至。"
            )
        else:
            self.notice.ok(f"已新建{info.short_title}。")
        return info

    def _disarm(self) -> None:
        self._delete_armed = None
        self.delete_button.description = "删除本次会议"

    def _delete_clicked(self) -> None:
        # A meeting is deleted on the second click: one stray click must not take a meeting and its agenda.
        if self.meeting is None:
            return
        if self._delete_armed != self.meeting.id:
            self._delete_armed = self.meeting.id
            self.delete_button.description = "确认删除"
            self.notice.info(
                f"将删除{self.meeting.short_title}及其议程，拟在该次会议通报的议题保留。确需删除，请再点击“确认删除”。"
            )
            return
        self.delete()

    def delete(self) -> bool:
        """Delete the chosen meeting; refused (with the reason) once its packet was exported or attendance kept."""
        self.notice.clear()
        if self.meeting is None:
            return False
        try:
            done = meetings.delete_meeting(self.session.store, self.meeting.id, actor=self.session.actor)
        except WorkbenchError as exc:
            self._disarm()
            self.notice.error(str(exc))
            return False
        self.reload()
        self.notice.ok(done)
        return True
