"""社情民意信息: the ledger of what members and units submitted, its 编报期数, how far up it was adopted and the
leaders' instructions (批示), with the year's figures above it.

The figures are `office.public_opinion`'s, the same the year-end summary quotes. Items come from the
office's register (导入, 社情民意) or are added here one by one, each with the next free code of
the year (SQ2026-05 …); a row is deleted on a second click, through the session, so
撤销上一次修改 brings it back.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.office import preparation, public_opinion
from workbench.office.meetings import MeetingInfo
from workbench.store.rows import PublicOpinion
from workbench.ui.editor.parts.confirm import ConfirmButton
from workbench.ui.editor.parts.deleting import delete_shown
from workbench.ui.editor.parts.fields import Field, Notice, button, shown
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.briefings import next_code
from workbench.ui.editor.tabs.registry import tab

TABLE = "public_opinion"
COLUMNS = [
    Column("code", "信息编号", "100px", editable=False),
    Column("title", "标题", "200px", multiline=True),
    Column("submitter", "报送人", "90px"),
    Column("submitter_unit", "报送单位", "110px"),
    Column("submitted_on", "报送日期", "110px"),
    Column("issue_no", "编报期数", "100px"),
    Column("adoption", "采用情况", "110px"),
    Column("adopted_by", "采用单位", "120px"),
    Column("instruction_leader", "批示领导", "100px"),
    Column("instruction_on", "批示日期", "110px"),
    Column("instruction", "批示内容", "160px", multiline=True),
]
FORM = [
    ("title", "300px", "标题，如：关于解决城区停车难问题的建议"),
    ("submitter", "110px", "报送人"),
    ("submitter_unit", "150px", "报送单位或界别"),
    ("submitted_on", "130px", "报送日期 2026-12-01"),
]
EMPTY = "还没有社情民意信息。点击“新增”逐条登记，或在“导入”页导入社情民意信息登记表。"


class OpinionRow(RecordRow):
    """An item with its delete button (a second click deletes)."""

    def __init__(self, session: EditSession, record: dict, delete: ConfirmButton):
        self.delete_button = delete
        super().__init__(session, TABLE, record, COLUMNS, extra_widgets=[delete.widget])


def _name(record: dict) -> str:
    return f"社情民意信息{record['code']}《{record['title']}》"


@tab("opinions", "社情民意", order=68)
class OpinionsTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.year = date.today().year
        self.grid = RecordGrid(
            COLUMNS,
            empty_text=EMPTY,
            extra_headers=[("删除", "90px")],
            css="opinions",
            table=TABLE,
            filters=[
                Filter("采用情况", lambda r: shown(TABLE, "adoption", r.get("adoption")) or "未填", "adoption"),
                Filter("报送人", lambda r: r.get("submitter") or "未注明", "submitter"),
                Filter(
                    "批示", lambda r: "有批示" if public_opinion.instructed(r) else "无批示", "instructed", ["有批示", "无批示"]
                ),
            ],
        )
        self.caption = W.HTML("")
        self.caption.add_class("wb-opinions-caption")
        self.notice = Notice()
        self.form = {
            name: Field(TABLE, name, width=width, placeholder=hint, css=f"wb-opinions-new-{name}") for name, width, hint in FORM
        }
        self.add_button = button("新增", style="success", css="wb-opinions-add")
        self.add_button.on_click(lambda _b: self.add())
        self.widget = W.VBox(
            [
                self.caption,
                self.grid.widget,
                W.HTML("<b>登记社情民意信息</b>　信息编号自动按年度顺延；编报、采用和批示情况可在上表中补充。"),
                W.HBox([*(f.box for f in self.form.values()), self.add_button], layout=W.Layout(flex_flow="row wrap")),
                self.notice.widget,
            ]
        )
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches(TABLE) and event.source is not self:
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        # The year of the meeting being prepared (its 截至): what its packet and the year's summary count.
        cut_off = preparation.prepare(self.session.store, meeting).cut_off if meeting is not None else date.today()
        self.year = cut_off.year
        f = public_opinion.opinion_figures(self.session.store, date(self.year, 1, 1), date(self.year, 12, 31))
        labels = config.labels()["opinion_adoption"]
        levels = "、".join(f"{labels.label(c)} {n} 条" for c, n in f.by_level.items())
        self.caption.value = (
            f"{self.year}年共登记社情民意信息 {f.submitted} 条，编报 {f.edited} 条，被采用 {f.adopted} 条"
            + (f"（{levels}）" if levels else "")
            + f"，获领导批示 {f.instructed} 条。"
            if f.any
            else ""
        )
        records = [dict(r) for r in self.session.store.select(PublicOpinion, order_by="code")]
        self.grid.show(records, self._row)

    def _row(self, record: dict) -> OpinionRow:
        delete = ConfirmButton(
            lambda: f"将删除{_name(record)}（删除后可点击“撤销上一次修改”恢复）。",
            lambda: self.delete(record["id"]),
            self.notice,
            css="wb-opinions-remove",
        )
        return OpinionRow(self.session, record, delete)

    def add(self) -> int | None:
        self.notice.clear()
        if not all([f.check() for f in self.form.values()]):
            self.notice.error("新登记的社情民意信息有误（见红字说明），未新增。")
            return None
        values = {name: f.parse() for name, f in self.form.items()}
        if not values.get("title"):
            self.notice.error("请填写社情民意信息的标题。")
            return None
        submitted = values.get("submitted_on") or date.today()
        code = next_code([r.code for r in self.session.store.select(PublicOpinion)], f"SQ{submitted.year}-")
        try:
            with self.session.change(f"登记社情民意信息“{values['title']}”", source=self) as rec:
                new_id = rec.insert(TABLE, {**values, "submitted_on": submitted, "code": code})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        for f in self.form.values():
            f.reset(None)
        self.load(self.meeting)
        self.notice.ok(f"已登记社情民意信息 {code}“{values['title']}”。")
        return new_id

    def delete(self, record_id: int) -> bool:
        """Delete one item through the session (one change, undone by 撤销上一次修改)."""
        name = _name(self.grid.row(record_id).record)
        return delete_shown(
            self.session, self.grid, self.notice, TABLE, record_id, name, reload=lambda: self.load(self.meeting), source=self
        )
