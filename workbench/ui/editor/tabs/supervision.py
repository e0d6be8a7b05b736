"""Supervision items (监督事项): the leader who reports, the deadline, the status, progress, and when feedback came in.

The list and the overdue marks come from `figures.supervision_items` as of the
meeting's date, the same definition the packet and the dashboard use. Items come
from the units' returned sheets (导入) or are added here one by one, each with the
next free code of the meeting's year (JD2026-07 …); a row is deleted on a second
click, through the session, so 撤销上一次修改 brings it back.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.office import figures, preparation
from workbench.office.meetings import MeetingInfo
from workbench.store.rows import SupervisionItem
from workbench.ui.editor.parts.confirm import ConfirmButton
from workbench.ui.editor.parts.deleting import delete_shown
from workbench.ui.editor.parts.fields import Field, Notice, button, shown
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.briefings import next_code
from workbench.ui.editor.tabs.registry import tab

TABLE = "supervision_item"
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
    # The export check asks for 完成时限 on this tab, so it is filled here.
    Column("deadline", "完成时限", "120px"),
    Column("status", "状态", "130px"),
    Column("progress", "进展情况", "260px", multiline=True),
    Column("feedback_received_on", "反馈材料收到日期", "140px"),
]
# The form for a new item: (field, width, placeholder).
FORM = [
    ("topic", "260px", "监督事项，如：义务教育阶段课后服务落实情况"),
    ("department", "150px", "责任单位，如：县教体局"),
    ("form", "130px", "监督形式"),
    ("leader", "110px", "牵头领导"),
    ("deadline", "130px", "完成时限 2026-12-31"),
]
EMPTY = "还没有民主监督事项。点击“新增”逐条录入，或在“导入”页导入各单位报来的表格。"


class SupervisionRow(RecordRow):
    """An item with its delete button (a second click deletes)."""

    def __init__(self, session: EditSession, record: dict, delete: ConfirmButton):
        self.delete_button = delete
        super().__init__(session, TABLE, record, COLUMNS, extra_widgets=[delete.widget])


@tab("supervision", "民主监督", order=50)
class SupervisionTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.grid = RecordGrid(
            COLUMNS,
            empty_text=EMPTY,
            extra_headers=[("删除", "90px")],
            css="supervision",
            table=TABLE,
            filters=[
                Filter("状态", lambda r: shown(TABLE, "status", r.get("status")), "status"),
                Filter("责任单位", lambda r: r.get("department") or "", "unit"),
                Filter("逾期", lambda r: "逾期" if r.get("days_overdue") else "未逾期", "overdue", ["逾期", "未逾期"]),
            ],
        )
        self.caption = W.HTML("")
        self.notice = Notice()
        self.form = {
            name: Field(TABLE, name, width=width, placeholder=hint, css=f"wb-supervision-new-{name}")
            for name, width, hint in FORM
        }
        self.add_button = button("新增", style="success", css="wb-supervision-add")
        self.add_button.on_click(lambda _b: self.add())
        self.widget = W.VBox(
            [
                self.caption,
                self.grid.widget,
                W.HTML("<b>新增监督事项</b>　事项编号自动按年度顺延；其余各项可在上表中补充。"),
                W.HBox([*(f.box for f in self.form.values()), self.add_button], layout=W.Layout(flex_flow="row wrap")),
                self.notice.widget,
            ]
        )
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches(TABLE, "supervision_group") and event.source is not self:
            self.load(self.meeting)

    def _as_of(self) -> date:
        # The meeting's cut-off (截至), as the check and the packet count overdue items.
        meeting = self.meeting
        return preparation.prepare(self.session.store, meeting).cut_off if meeting is not None else date.today()

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        as_of = self._as_of()
        states = figures.supervision_items(self.session.store, as_of)
        late = sum(1 for s in states if s.overdue)
        self.caption.value = f"共 {len(states)} 项监督事项；按 {as_of:%Y-%m-%d} 计逾期未办结 {late} 项。" if states else ""
        records = [{**s.item, "days_overdue": s.days_overdue} for s in states]
        self.grid.show(records, self._row)

    def _row(self, record: dict) -> SupervisionRow:
        name = f"监督事项{record['code']}《{record['topic']}》"
        delete = ConfirmButton(
            lambda: f"将删除{name}（删除后可点击“撤销上一次修改”恢复）。",
            lambda: self.delete(record["id"]),
            self.notice,
            css="wb-supervision-remove",
        )
        return SupervisionRow(self.session, record, delete)

    def add(self) -> int | None:
        self.notice.clear()
        if not all([f.check() for f in self.form.values()]):
            self.notice.error("新监督事项的内容有误（见红字说明），未新增。")
            return None
        values = {name: f.parse() for name, f in self.form.items()}
        code = next_code([s.code for s in self.session.store.select(SupervisionItem)], f"JD{self._as_of().year}-")
        try:
            with self.session.change(f"新增监督事项“{values['topic']}”", source=self) as rec:
                new_id = rec.insert(TABLE, {**values, "code": code, "status": "not_started"})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        for f in self.form.values():
            f.reset(None)
        self.load(self.meeting)
        self.notice.ok(f"已新增监督事项 {code}“{values['topic']}”，状态为“未启动”。")
        return new_id

    def delete(self, record_id: int) -> bool:
        """Delete one item through the session (one change, undone by 撤销上一次修改)."""
        record = self.grid.row(record_id).record
        name = f"监督事项{record['code']}《{record['topic']}》"
        return delete_shown(
            self.session, self.grid, self.notice, TABLE, record_id, name, reload=lambda: self.load(self.meeting), source=self
        )
