"""The meeting's preparation schedule (筹备日程): each step's date (from the rule in labels.toml),
its state, and a red/yellow/green mark (overdue / due within `warn_days` / fine). Choosing a state
and pressing 保存 records it through the session, so it can be undone and a colleague's change
in between is refused rather than overwritten.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as W

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.base.numerals import chinese_date
from workbench.office import schedule
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.registry import tab

COLOURS = {schedule.RED: "#c0392b", schedule.YELLOW: "#e0a030", schedule.GREEN: "#3a9d5d", schedule.DONE: "#7f8c8d"}


@tab("schedule", "筹备日程", order=100)
class ScheduleTab:
    def __init__(self, session: EditSession, *, today: date | None = None):
        self.session = session
        self.today = today
        self.meeting: MeetingInfo | None = None
        self.plan: schedule.Schedule | None = None
        self.rows = W.VBox([])
        self.caption = W.HTML("")
        self.notice = Notice()
        self.states: dict[str, W.Dropdown] = {}
        self.widget = W.VBox([self.caption, self.rows, self.notice.widget])

    def _today(self) -> date:
        return self.today or date.today()

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        self.states = {}
        self.rows.children = []
        self.caption.value = ""
        if meeting is None:
            return
        try:
            self.plan = schedule.build(self.session.store, meeting)
        except WorkbenchError as exc:
            self.plan = None
            self.caption.value = f"<div>{html.escape(str(exc))}</div>"
            return
        labels = config.labels()["schedule_state"]
        self.caption.value = (
            f"<div>按会议日期{html.escape(chinese_date(meeting.held_on))}倒排（按工作日计，已跳过周末和法定节假日）。"
            f"<span style='color:{COLOURS['red']}'>●</span> 逾期　"
            f"<span style='color:{COLOURS['yellow']}'>●</span> {self.plan.warn_days}日内到期　"
            f"<span style='color:{COLOURS['green']}'>●</span> 正常</div>"
        )
        rows = []
        for step in self.plan.steps:
            signal = step.signal(self._today(), self.plan.warn_days)
            mark = W.HTML(
                f"<span class='wb-signal wb-signal-{signal}' style='color:{COLOURS[signal]};font-size:18px'>●</span>"
                f" {html.escape(schedule.SIGNAL_WORDS[signal])}",
                layout=W.Layout(width="80px"),
            )
            state = W.Dropdown(
                options=[(v.label, v.code) for v in labels.values], value=step.state, layout=W.Layout(width="110px")
            )
            state.add_class(f"wb-schedule-state-{step.key}")
            self.states[step.key] = state
            save = button("保存", css=f"wb-schedule-save-{step.key}")
            save.on_click(lambda _b, key=step.key: self.save(key))
            done = f"（{chinese_date(step.done_on)}完成）" if step.done_on else ""
            row = W.HBox(
                [
                    mark,
                    W.HTML(f"<b>{html.escape(step.label)}</b>", layout=W.Layout(width="130px")),
                    W.HTML(
                        html.escape(chinese_date(step.due_on)) + ("（已调整）" if step.moved else ""),
                        layout=W.Layout(width="150px"),
                    ),
                    W.HTML(html.escape(step.offset_text), layout=W.Layout(width="120px")),
                    state,
                    save,
                    W.HTML(html.escape(done)),
                ]
            )
            row.add_class(f"wb-schedule-{step.key}")
            rows.append(row)
        self.rows.children = rows

    def save(self, key: str) -> bool:
        self.notice.clear()
        if self.meeting is None or self.plan is None:
            self.notice.error("请先选择有会议日期的会议。")
            return False
        state = self.states[key].value
        try:
            step, values = schedule.step_changes(self.plan, key, state=state, today=self._today())
            with self.session.change(f"筹备日程“{step.label}”改为{config.labels()['schedule_state'].label(state)}") as rec:
                if step.record_id is None:
                    rec.insert("schedule_step", {"meeting_id": self.meeting.id, "step": key, **values})
                else:
                    rec.update("schedule_step", step.record_id, values, expected_version=step.version or 1)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return False
        self.load(self.meeting)
        self.notice.ok(f"已保存：{step.label}　{config.labels()['schedule_state'].label(state)}。")
        return True
