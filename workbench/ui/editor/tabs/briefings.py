"""Briefing topics (情况通报议题) of the meeting: who reports, the status, when the materials came in.

A newly created meeting has no topics yet, so topics can also be added here; each gets
the next free code of the meeting's year (TB2026-13 …).
"""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.fields import Field, Notice, button
from workbench.ui.editor.parts.grid import Column, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

COLUMNS = [
    Column("code", "议题编号", "100px", editable=False),
    Column("topic", "通报议题", "260px", editable=False),
    Column("reporting_body", "通报单位", "140px"),
    Column("reporter", "通报人", "100px"),
    Column("reporter_title", "通报人职务", "110px"),
    Column("materials_due_on", "材料报送时限", "130px"),
    Column("materials_received_on", "材料收到日期", "130px"),
    Column("status", "状态", "120px"),
]


def next_code(existing: list[str], prefix: str) -> str:
    """The next free code after `prefix` (TB2026-13, JD2026-07): one more than the highest in use."""
    numbers = [int(c[len(prefix) :]) for c in existing if c.startswith(prefix) and c[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


@tab("briefings", "情况通报", order=60)
class BriefingsTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.grid = RecordGrid(
            COLUMNS,
            empty_text="本次会议还没有情况通报议题。可在下方“添加通报议题”逐条录入，或在“导入”页导入通报议题表。",
            css="briefings",
            table="briefing_topic",
        )
        self.caption = W.HTML("")
        self.notice = Notice()
        self.new_topic = Field("briefing_topic", "topic", width="320px", placeholder="如：关于某某情况的通报")
        self.new_body = Field("briefing_topic", "reporting_body", width="160px", placeholder="通报单位")
        self.new_reporter = Field("briefing_topic", "reporter", width="100px", placeholder="通报人")
        self.new_title = Field("briefing_topic", "reporter_title", width="110px", placeholder="职务")
        self.new_due = Field("briefing_topic", "materials_due_on", width="140px", placeholder="材料时限 2026-12-10")
        self.add_button = button("添加通报议题", style="success", css="wb-briefing-add")
        self.add_button.on_click(lambda _b: self.add())
        self.widget = W.VBox(
            [
                self.caption,
                self.grid.widget,
                W.HTML("<b>添加通报议题</b>"),
                W.HBox(
                    [
                        self.new_topic.box,
                        self.new_body.box,
                        self.new_reporter.box,
                        self.new_title.box,
                        self.new_due.box,
                        self.add_button,
                    ]
                ),
                self.notice.widget,
            ]
        )
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches("briefing_topic") and event.source is not self and self.meeting is not None:
            self.load(self.meeting)

    def _new_fields(self) -> list[Field]:
        return [self.new_topic, self.new_body, self.new_reporter, self.new_title, self.new_due]

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        topics = figures.briefing_topics(self.session.store, meeting.id) if meeting else []
        missing = figures.materials_missing(topics)
        self.caption.value = f"本次会议情况通报议题 {len(topics)} 个，其中尚未收到材料 {len(missing)} 个。" if topics else ""
        self.grid.show([t.as_dict() for t in topics], lambda t: RecordRow(self.session, "briefing_topic", t, COLUMNS))

    def add(self) -> int | None:
        self.notice.clear()
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return None
        if not all([f.check() for f in self._new_fields()]):
            self.notice.error("新议题的内容有误（见红字说明），未添加。")
            return None
        year = (self.meeting.held_on or date.today()).year
        code = next_code([t["code"] for t in figures.briefing_topics(self.session.store)], f"TB{year}-")
        topic = self.new_topic.parse()
        try:
            with self.session.change(f"添加通报议题“{topic}”", source=self) as rec:
                new_id = rec.insert(
                    "briefing_topic",
                    {
                        "meeting_id": self.meeting.id,
                        "code": code,
                        "topic": topic,
                        "reporting_body": self.new_body.parse(),
                        "reporter": self.new_reporter.parse(),
                        "reporter_title": self.new_title.parse(),
                        "materials_due_on": self.new_due.parse(),
                        "status": "planned",
                    },
                )
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        for f in self._new_fields():
            f.reset(None)
        self.load(self.meeting)
        self.notice.ok(f"已添加通报议题 {code}。")
        return new_id
