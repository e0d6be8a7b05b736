"""Supervision items (监督事项): the leader who reports, the status, progress, and when feedback came in.

The list and the overdue marks come from `figures.supervision_items` as of the
meeting's date, the same definition the packet and the dashboard use.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.fields import shown
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

COLUMNS = [
    Column("code", "事项编号", "100px", editable=False),
    Column("topic", "监督事项", "200px", editable=False),
    Column("department", "责任单位", "130px", editable=False),
    Column(
        "overdue",
        "是否逾期",
        "90px",
        editable=False,
        show=lambda r: f"逾期{r['days_overdue']}天" if r.get("days_overdue") else "",
    ),
    Column("leader", "牵头领导（汇报人）", "130px"),
    Column("status", "状态", "130px"),
    Column("progress", "进展情况", "260px", multiline=True),
    Column("feedback_received_on", "反馈材料收到日期", "140px"),
]


@tab("supervision", "民主监督", order=50)
class SupervisionTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.grid = RecordGrid(
            COLUMNS,
            empty_text="库中还没有监督事项。",
            css="supervision",
            table="supervision_item",
            filters=[
                Filter("状态", lambda r: shown("supervision_item", "status", r.get("status")), "status"),
                Filter("责任单位", lambda r: r.get("department") or "", "unit"),
                Filter("逾期", lambda r: "逾期" if r.get("days_overdue") else "未逾期", "overdue", ["逾期", "未逾期"]),
            ],
        )
        self.caption = W.HTML("")
        self.widget = W.VBox([self.caption, self.grid.widget])
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches("supervision_item", "supervision_group"):
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        as_of = (meeting.held_on if meeting and meeting.held_on else None) or date.today()
        states = figures.supervision_items(self.session.store, as_of)
        late = sum(1 for s in states if s.overdue)
        self.caption.value = f"共 {len(states)} 项监督事项；按 {as_of:%Y-%m-%d} 计逾期未办结 {late} 项。" if states else ""
        records = [{**s.item, "days_overdue": s.days_overdue} for s in states]
        self.grid.show(records, lambda record: RecordRow(self.session, "supervision_item", record, COLUMNS))
