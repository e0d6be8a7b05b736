"""Two panels of the office's cycle for the leaders' dashboard: the meeting's preparation schedule
(筹备日程, each step red/yellow/green as in the editor) and the 常委's rating of the departments that
briefed this year (满意率 per department). Read-only, from `schedule` and `figures`; HTML escaped.
"""
from __future__ import annotations

from datetime import date

from ... import config, figures, schedule
from ...errors import WorkbenchError
from ...meetings import MeetingInfo
from ...numerals import chinese_date
from ...store import Store
from .charts import esc

SIGNAL_COLOURS = {schedule.RED: "#c0392b", schedule.YELLOW: "#e0a030", schedule.GREEN: "#3a9d5d",
                  schedule.DONE: "#7f8c8d"}


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return f'<table class="wb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def schedule_panel(store: Store, meeting: MeetingInfo | None, as_of: date) -> str:
    if meeting is None:
        return ""
    try:
        plan = schedule.build(store, meeting)
    except WorkbenchError as exc:
        body = f'<div class="wb-empty">{esc(str(exc))}</div>'
    else:
        states = config.labels()["schedule_state"]
        rows = []
        for s in plan.steps:
            signal = s.signal(as_of, plan.warn_days)
            colour = SIGNAL_COLOURS[signal]
            rows.append(f'<tr data-step="{esc(s.key)}" data-signal="{signal}">'
                        f'<td><span style="color:{colour}">●</span> {esc(s.label)}</td>'
                        f"<td>{esc(chinese_date(s.due_on))}</td><td>{esc(s.offset_text)}</td>"
                        f"<td>{esc(states.label(s.state))}</td>"
                        f'<td style="color:{colour}">{esc(schedule.SIGNAL_WORDS[signal])}</td></tr>')
        body = _table(["筹备事项", "完成时间", "时间要求", "状态", "提示"], rows)
    warn = config.labels().group("schedule").get("warn_days", 3)
    return (f'<div class="wb-panel" data-panel="schedule"><h3>{esc(meeting.short_title)}筹备日程</h3>{body}'
            f'<div class="wb-kpi-note">红：已过完成时间尚未完成；黄：{warn}日内到期；绿：正常。</div></div>')


def rating_panel(store: Store, year: int) -> str:
    by_department = figures.rating_by_department(figures.rating_rates(store, year=year))
    if not by_department:
        body = f'<div class="wb-empty">{year}年尚无常委测评结果。</div>'
    else:
        rows = []
        for d in by_department:
            raw = "" if d["rate"] is None else f"{d['rate']:.6f}"
            rows.append(f'<tr data-department="{esc(d["department"])}"><td>{esc(d["department"])}</td>'
                        f'<td class="num">{d["topics"]}</td><td class="num">{d["valid"]}</td>'
                        f'<td class="num" data-rate="{raw}">{esc(figures.percent(d["rate"]))}</td></tr>')
        body = _table(["被测评单位", "测评项数", "有效票", "满意率"], rows)
    return f'<div class="wb-panel" data-panel="ratings"><h3>{year}年常委测评满意率（按单位）</h3>{body}</div>'


def render(store: Store, meeting: MeetingInfo | None, as_of: date) -> str:
    year = meeting.held_on.year if meeting and meeting.held_on else as_of.year
    return (f'<div class="wb-dash"><div class="wb-grid">{schedule_panel(store, meeting, as_of)}'
            f"{rating_panel(store, year)}</div></div>")
