"""The meeting's agenda (会议议程): add, remove and reorder items, and set who presents each.

Reordering renumbers the whole agenda 1, 2, 3 … in one transaction, so positions never
collide or leave gaps, and one undo puts the old order back.
"""
from __future__ import annotations

import ipywidgets as W

from ...errors import WorkbenchError
from ...meetings import MeetingInfo
from .grid import Column, RecordGrid, RecordRow
from .session import DataChanged, EditSession
from .tabs import tab
from .fields import Field, Notice, button

SOURCES = {"briefing_topic": "情况通报议题", "manual": "手工添加", "plan_item": "工作要点",
           "supervision_item": "民主监督", "proposal": "提案"}

COLUMNS = [
    Column("position", "序号", "50px", editable=False),
    Column("title", "议程内容", "420px"),
    Column("presenter", "报告人/说明人", "260px"),
    Column("source", "来源", "110px", editable=False, show=lambda r: SOURCES.get(r.get("source") or "manual", r.get("source"))),
]


@tab("agenda", "议程", order=30)
class AgendaTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.grid = RecordGrid(COLUMNS, empty_text="本次会议还没有议程，请在下方添加。",
                               extra_headers=[("调整", "220px")], css="agenda", table="agenda_item")
        self.notice = Notice()
        self.new_title = Field("agenda_item", "title", width="420px", placeholder="议程内容，如：审议有关人事事项")
        self.new_presenter = Field("agenda_item", "presenter", width="260px", placeholder="报告人/说明人")
        self.add_button = button("添加议程", style="success", css="wb-agenda-add")
        self.add_button.on_click(lambda _b: self.add())
        self.widget = W.VBox([
            self.grid.widget,
            W.HTML("<b>添加议程</b>"),
            W.HBox([self.new_title.box, self.new_presenter.box, self.add_button]),
            self.notice.widget,
        ])
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches("agenda_item") and event.source is not self and self.meeting is not None:
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        records = (self.session.store.rows("agenda_item", order_by="position", meeting_id=meeting.id)
                   if meeting is not None else [])
        self.grid.show(records, self._row)

    def _row(self, rec: dict) -> RecordRow:
        up, down = button("上移", width="64px"), button("下移", width="64px")
        remove = button("删除", style="danger", width="64px")
        up.add_class("wb-agenda-up"), down.add_class("wb-agenda-down"), remove.add_class("wb-agenda-remove")
        up.on_click(lambda _b, i=rec["id"]: self.move(i, -1))
        down.on_click(lambda _b, i=rec["id"]: self.move(i, +1))
        remove.on_click(lambda _b, i=rec["id"]: self.remove(i))
        return RecordRow(self.session, "agenda_item", rec, COLUMNS, extra_widgets=[up, down, remove])

    @property
    def titles(self) -> list[str]:
        return [r.record["title"] for r in self.grid.rows]

    def _unsaved(self) -> bool:
        if any(r.dirty for r in self.grid.rows):
            self.notice.error("议程表中还有未保存的修改，请先点击“保存修改”，再调整顺序或删除。")
            return True
        return False

    def add(self) -> int | None:
        self.notice.clear()
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return None
        if not all([self.new_title.check(), self.new_presenter.check()]):
            self.notice.error("新议程的内容有误（见红字说明），未添加。")
            return None
        if self._unsaved():
            return None
        position = max((r.record["position"] for r in self.grid.rows), default=0) + 1
        title = self.new_title.parse()
        try:
            with self.session.change(f"添加议程“{title}”", source=self) as rec:
                new_id = rec.insert("agenda_item", {"meeting_id": self.meeting.id, "position": position,
                                                    "title": title, "presenter": self.new_presenter.parse(),
                                                    "source": "manual"})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        self.new_title.reset(None)
        self.new_presenter.reset(None)
        self.load(self.meeting)
        self.notice.ok(f"已添加第{position}项议程。")
        return new_id

    def remove(self, record_id: int) -> bool:
        self.notice.clear()
        if self._unsaved():
            return False
        row = self.grid.row(record_id)
        order = [r for r in self.grid.rows if r.id != record_id]
        try:
            with self.session.change(f"删除议程“{row.record['title']}”", source=self) as rec:
                rec.delete("agenda_item", record_id, expected_version=row.version)
                self._renumber(rec, order)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            self.load(self.meeting)   # show the agenda as it now stands
            return False
        self.load(self.meeting)
        self.notice.ok(f"已删除议程“{row.record['title']}”。")
        return True

    def move(self, record_id: int, delta: int) -> bool:
        self.notice.clear()
        if self._unsaved():
            return False
        order = list(self.grid.rows)
        i = next(k for k, r in enumerate(order) if r.id == record_id)
        j = i + delta
        if not 0 <= j < len(order):
            self.notice.info("已经在最" + ("前" if delta < 0 else "后") + "面了。")
            return False
        order[i], order[j] = order[j], order[i]
        try:
            with self.session.change("调整议程顺序", source=self) as rec:
                self._renumber(rec, order)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            self.load(self.meeting)
            return False
        self.load(self.meeting)
        self.notice.ok("已调整议程顺序。")
        return True

    @staticmethod
    def _renumber(rec, order: list[RecordRow]) -> None:
        for position, r in enumerate(order, start=1):
            if r.record["position"] != position:
                rec.update("agenda_item", r.id, {"position": position}, expected_version=r.version)
