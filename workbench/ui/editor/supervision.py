"""Supervision items (监督事项): the leader who reports, the status, progress, and when feedback came in.

The list and the overdue marks come from `figures.supervision_items` as of the
meeting's date, the same definition the packet and the dashboard use.
"""
from __future__ import annotations

from datetime import date

import ipywidgets as W

from ... import figures
from ...meetings import MeetingInfo
from .grid import Column, RecordGrid, RecordRow
from .session import EditSession

COLUMNS = [
    Column("code", "事项编号", "100px", editable=False),
    Column("topic", "监督事项", "200px", editable=False),
    Column("department", "责任单位", "130px", editable=False),
    Column("overdue", "是否逾期", "90px", editable=False,
           show=lambda r: f"逾期{r['days_overdue']}天" if r.get("days_overdue") else ""),
    Column("leader", "牵头领导（汇报人）", "130px"),
    Column("status", "状态", "130px"),
    Column("progress", "进展情况", "260px", multiline=True),
    Column("feedback_received_on", "反馈材料收到日期", "140px"),
]


class SupervisionTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.grid = RecordGrid(COLUMNS, empty_text="库中还没有监督事项。", css="supervision")
        self.caption = W.HTML("")
        self.widget = W.VBox([self.caption, self.grid.widget])

    def load(self, meeting: MeetingInfo | None) -> None:
        as_of = (meeting.held_on if meeting and meeting.held_on else None) or date.today()
        states = figures.supervision_items(self.session.store, as_of)
        late = sum(1 for s in states if s.overdue)
        self.caption.value = (f"共 {len(states)} 项监督事项；按 {as_of:%Y-%m-%d} 计逾期未办结 {late} 项。"
                              if states else "")
        rows = []
        for s in states:
            record = {**s.item, "days_overdue": s.days_overdue}
            rows.append(RecordRow(self.session, "supervision_item", record, COLUMNS))
        self.grid.set_rows(rows)
