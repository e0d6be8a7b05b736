"""The meeting's agenda (会议议程): start from what the materials call for, then add, remove, reorder and word it.

A meeting without an agenda shows the agenda its materials call for — the same
`drafts.agenda.agenda_items` the 材料内容 tab and the packet print (briefing topics, the
任免名单, the plan's progress) — and “按材料内容生成议程” stores it as the meeting's agenda in
one change, so nothing has to be typed again and one undo takes it back. From then on
the agenda is edited here. Adding, deleting and reordering are those of every numbered
list of a meeting (`ordered.py`); long items wrap in their boxes instead of being cut off.
"""

from __future__ import annotations

import html

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.drafts import agenda as agenda_draft
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.fields import Field, button
from workbench.ui.editor.parts.grid import Column
from workbench.ui.editor.parts.ordered import MeetingList
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.registry import tab

COLUMNS = [
    Column("position", "序号", "50px", editable=False),
    Column("title", "议程内容", "420px", multiline=True),
    Column("presenter", "报告人/说明人", "260px", multiline=True),
    Column(
        "source",
        "来源",
        "110px",
        editable=False,
        show=lambda r: agenda_draft.SOURCES.get(r.get("source") or "manual", r.get("source")),
    ),
]
GENERATE = "按材料内容生成议程"
# Text boxes grow with their text (Chromium's field-sizing), so a long item shows whole, wrapped.
WRAP_CSS = """<style>
.wb-agenda-tab textarea { field-sizing: content; min-height: 2.2em; white-space: pre-wrap; overflow-wrap: anywhere; }
.wb-agenda-tab .widget-textarea { height: auto !important; }
</style>"""


@tab("agenda", "议程", order=30)
class AgendaTab(MeetingList):
    table, css, what = "agenda_item", "agenda", "议程"

    def __init__(self, session: EditSession):
        super().__init__(session, COLUMNS, empty_text=f"本次会议还没有议程。请点击上方“{GENERATE}”，或在下方逐项添加。")
        self.proposal = W.HTML("")
        self.proposal.add_class("wb-agenda-proposal")
        self.generate_button = button(GENERATE, style="primary", css="wb-agenda-generate")
        self.generate_button.on_click(lambda _b: self.generate())
        self.start = W.VBox([self.proposal, self.generate_button])
        self.new_title = Field(
            "agenda_item", "title", width="420px", multiline=True, placeholder="议程内容，如：审议有关人事事项"
        )
        self.new_presenter = Field("agenda_item", "presenter", width="260px", placeholder="报告人/说明人")
        self.add_button = button("添加议程", style="success", css="wb-agenda-add")
        self.add_button.on_click(lambda _b: self.add())
        self.widget = W.VBox(
            [
                W.HTML(WRAP_CSS),
                self.start,
                self.grid.widget,
                W.HTML("<b>添加议程</b>"),
                W.HBox([self.new_title.box, self.new_presenter.box, self.add_button], layout=W.Layout(align_items="flex-start")),
                self.notice.widget,
            ]
        )
        self.widget.add_class("wb-agenda-tab")

    def name(self, record: dict) -> str:
        return f"议程“{record['title']}”"

    @property
    def titles(self) -> list[str]:
        return [r.record["title"] for r in self.grid.rows]

    def load(self, meeting: MeetingInfo | None) -> None:
        super().load(meeting)
        self._show_start()

    def _show_start(self) -> None:
        """With no agenda yet: the one the materials call for, as 材料内容 shows it, and the button to keep it."""
        items = agenda_draft.agenda_items(self.session.store, self.meeting) if self.meeting and not self.grid.records else []
        self.start.layout.display = None if items else "none"
        if not items:
            self.proposal.value = ""
            return
        lines = "".join(
            f"<li>{html.escape(i['text'])}"
            + (f"<span style='color:#555'>（{html.escape(i['presenter'])}）</span>" if i["presenter"] else "")
            + "</li>"
            for i in items
        )
        self.proposal.value = (
            f"<div><b>本次会议还没有议程。</b>“材料内容”页暂按材料内容列出以下 {len(items)} 项"
            f"（情况通报议题、任免名单、工作要点），点击“{GENERATE}”即存为本次会议的议程，再逐项修改：</div>"
            f"<ol style='margin:4px 0 8px 1.5em'>{lines}</ol>"
        )

    def generate(self) -> int:
        """Store the agenda the materials call for as this meeting's agenda, in one change; return how many items."""
        self.notice.clear()
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return 0
        if self.grid.records:
            self.notice.error("本次会议已有议程，请在下表中修改。")
            return 0
        items = agenda_draft.from_materials(self.session.store, self.meeting)
        if not items:
            self.notice.error("本次会议还没有情况通报议题、任免名单或工作要点，无法生成议程，请在下方逐项添加。")
            return 0
        try:
            with self.session.change(f"按材料内容生成{self.meeting.short_title}议程", source=self) as rec:
                for position, item in enumerate(items, start=1):
                    rec.insert(self.table, {"meeting_id": self.meeting.id, "position": position, **item})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return 0
        self.load(self.meeting)
        self.notice.ok(f"已按材料内容生成议程 {len(items)} 项，请核对各项内容和报告人。如需撤回，可点击“撤销上一次修改”。")
        return len(items)

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
