"""The secretaries' editor: one window of tabs for preparing a standing-committee meeting's packet.

    from workbench.ui.editor import PacketEditor
    PacketEditor().show()

The tabs follow the work: 本会设置 (the committee, its contact and leaders, the term),
the meeting, the packet's contents by rule, the agenda,
plan progress, supervision, briefings, attendance, imports and the export; then the
cycle around the packet: the preparation schedule, the letters and the 常委's rating. Every
tab is a class that tests drive without a browser; this one only composes them,
passes the chosen meeting along, and offers undo of the last change.
"""
from __future__ import annotations

import html

import ipywidgets as W

from ...errors import WorkbenchError
from ...store import Store
from .agenda import AgendaTab
from .attendance import AttendanceTab
from .briefings import BriefingsTab
from .contents import ContentsTab
from .export import ExportTab
from .imports import ImportTab
from .letters import LettersTab
from .meeting import MeetingPanel
from .plan import PlanTab
from .rating import RatingTab
from .schedule import ScheduleTab
from .session import EditSession
from .setup import SetupTab
from .supervision import SupervisionTab
from .fields import ERROR_COLOUR, Notice, button

# Chinese webfonts first, so a browser without the office's fonts still renders 汉字, not boxes.
FONT_CSS = """<style>
.wb-editor, .wb-editor .widget-label, .wb-editor input, .wb-editor textarea, .wb-editor button,
.wb-editor select, .wb-editor .p-TabBar-tab, .wb-editor .lm-TabBar-tab {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
               "WenQuanYi Micro Hei", sans-serif; }
.wb-editor .lm-TabBar-tab, .wb-editor .p-TabBar-tab { min-width: 72px; }
</style>"""


class PacketEditor:
    def __init__(self, store: Store | None = None, *, actor: str | None = None):
        self.error: str | None = None
        try:
            self.store = store or Store.open()
        except WorkbenchError as exc:
            # No traceback for a secretary: the page says what is wrong with the store and stops there.
            self.error = str(exc)
            self.widget = W.HTML(f"<div style='color:{ERROR_COLOUR}'>无法打开工作台数据：{html.escape(self.error)}</div>")
            return
        self.session = EditSession(self.store, actor)
        self.setup = SetupTab(self.session)
        self.meeting = MeetingPanel(self.session)
        self.contents = ContentsTab(self.session)
        self.agenda = AgendaTab(self.session)
        self.plan = PlanTab(self.session)
        self.supervision = SupervisionTab(self.session)
        self.briefings = BriefingsTab(self.session)
        self.attendance = AttendanceTab(self.session)
        self.imports = ImportTab(self.session)
        self.export = ExportTab(self.session, self.contents)
        self.schedule = ScheduleTab(self.session)
        self.letters = LettersTab(self.session)
        self.rating = RatingTab(self.session)
        pages = [("本会设置", self.setup), ("会议", self.meeting), ("材料内容", self.contents), ("议程", self.agenda),
                 ("工作要点", self.plan), ("民主监督", self.supervision), ("情况通报", self.briefings),
                 ("出勤", self.attendance), ("导入", self.imports), ("导出", self.export),
                 ("筹备日程", self.schedule), ("函件", self.letters), ("测评", self.rating)]
        self.tabs = W.Tab(children=[p.widget for _, p in pages])
        self.tabs.titles = tuple(t for t, _ in pages)
        self.tabs.observe(self._opened, names="selected_index")

        self.undo_button = button("撤销上一次修改", css="wb-undo")
        self.undo_button.on_click(lambda _b: self.undo())
        self.notice = Notice("wb-editor-notice")
        self.heading = W.HTML("")
        self.widget = W.VBox([
            W.HTML(FONT_CSS + "<h2 style='margin:4px 0'>常委会议材料准备</h2>"),
            self.heading, W.HBox([self.undo_button, self.notice.widget]), self.tabs])
        self.widget.add_class("wb-editor")

        self._loaders = [self.contents, self.agenda, self.plan, self.supervision, self.briefings,
                         self.attendance, self.export, self.schedule, self.letters, self.rating]
        self.meeting.on_select(self._meeting_chosen)
        self.setup.on_saved(self._reload_all)
        self.session.on_undo(self._reload_all)
        self._meeting_chosen(self.meeting.meeting)

    def _meeting_chosen(self, meeting) -> None:
        if meeting:
            self.heading.value = f"<div>正在准备：<b>{html.escape(meeting.title)}</b></div>"
        elif self.setup.profile is None:
            self.heading.value = "<div>请先在“本会设置”页建立本会，再到“会议”页新建会议。</div>"
        else:
            self.heading.value = "<div>请先在“会议”页新建会议。</div>"
        for page in self._loaders:
            page.load(meeting)

    def _opened(self, change) -> None:
        # The packet is assembled only when someone looks at it: assembly reads much of the store.
        opened = self.tabs.children[change["new"]] if change["new"] is not None else None
        if opened is self.contents.widget:
            self.contents.ensure()
        elif opened is self.export.widget:
            self.export.show_preview()

    def _reload_all(self) -> None:
        self.meeting.reload()          # also re-loads every tab through on_select
        if self.meeting.meeting is None:
            self._meeting_chosen(None)

    def undo(self) -> str | None:
        try:
            text = self.session.undo()
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        self.notice.ok(text)
        return text

    def show(self) -> None:
        from IPython.display import display
        display(self.widget)
