"""The meeting's agenda (会议议程): add, remove and reorder items, and set who presents each.

Adding, deleting and reordering are those of every numbered list of a meeting (`ordered.py`).
"""

from __future__ import annotations

import ipywidgets as W

from workbench.ui.editor.parts.fields import Field, button
from workbench.ui.editor.parts.grid import Column
from workbench.ui.editor.parts.ordered import MeetingList
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.registry import tab

SOURCES = {
    "briefing_topic": "情况通报议题",
    "manual": "手工添加",
    "plan_item": "工作要点",
    "supervision_item": "民主监督",
    "proposal": "提案",
}

COLUMNS = [
    Column("position", "序号", "50px", editable=False),
    Column("title", "议程内容", "420px"),
    Column("presenter", "报告人/说明人", "260px"),
    Column("source", "来源", "110px", editable=False, show=lambda r: SOURCES.get(r.get("source") or "manual", r.get("source"))),
]


@tab("agenda", "议程", order=30)
class AgendaTab(MeetingList):
    table, css, what = "agenda_item", "agenda", "议程"

    def __init__(self, session: EditSession):
        super().__init__(session, COLUMNS, empty_text="本次会议还没有议程，请在下方添加。")
        self.new_title = Field("agenda_item", "title", width="420px", placeholder="议程内容，如：审议有关人事事项")
        self.new_presenter = Field("agenda_item", "presenter", width="260px", placeholder="报告人/说明人")
        self.add_button = button("添加议程", style="success", css="wb-agenda-add")
        self.add_button.on_click(lambda _b: self.add())
        self.widget = W.VBox(
            [
                self.grid.widget,
                W.HTML("<b>添加议程</b>"),
                W.HBox([self.new_title.box, self.new_presenter.box, self.add_button]),
                self.notice.widget,
            ]
        )

    def name(self, record: dict) -> str:
        return f"议程“{record['title']}”"

    @property
    def titles(self) -> list[str]:
        return [r.record["title"] for r in self.grid.rows]

    def add(self) -> int | None:
        self.notice.clear()
        if not all([self.new_title.check(), self.new_presenter.check()]):
            self.notice.error("新议程的内容有误（见红字说明），未添加。")
            return None
        title = self.new_title.parse()
        new_id = self.append({"title": title, "presenter": self.new_presenter.parse(), "source": "manual"}, f"议程“{title}”")
        if new_id is not None:
            self.new_title.reset(None)
            self.new_presenter.reset(None)
        return new_id
