"""Two panels of the office's cycle for the leaders' dashboard: the meeting's preparation schedule
(筹备日程, each step red/yellow/green as in the editor) and the 常委's rating of the departments that
briefed this year (满意率 per department). Read-only, from `schedule` and `figures`; drawn by the
autoescaped template `template/page/cycle.html`.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.base.numerals import chinese_date
from workbench.office import figures, schedule
from workbench.office.meetings import MeetingInfo
from workbench.store import Store
from workbench.ui.dashboard.view import ENV

SIGNAL_COLOURS = {schedule.RED: "#c0392b", schedule.YELLOW: "#e0a030", schedule.GREEN: "#3a9d5d", schedule.DONE: "#7f8c8d"}


def schedule_panel(store: Store, meeting: MeetingInfo | None, as_of: date) -> dict | None:
    """What the schedule panel shows for `meeting` (None: no meeting, no panel)."""
    if meeting is None:
        return None
    warn = config.labels().group("schedule").get("warn_days", 3)
    panel: dict = {"title": meeting.short_title, "warn_days": warn, "error": None, "steps": []}
    try:
        plan = schedule.build(store, meeting)
    except WorkbenchError as exc:
        panel["error"] = str(exc)
        return panel
    states = config.labels()["schedule_state"]
    for s in plan.steps:
        signal = s.signal(as_of, plan.warn_days)
        panel["steps"].append(
            {
                "key": s.key,
                "signal": signal,
                "colour": SIGNAL_COLOURS[signal],
                "label": s.label,
                "due": chinese_date(s.due_on),
                "offset": s.offset_text,
                "state": states.label(s.state),
                "word": schedule.SIGNAL_WORDS[signal],
            }
        )
    return panel


def rating_panel(store: Store, year: int) -> dict:
    """The year's 满意率 per department, as the ratings panel shows it."""
    rows = [
        {
            "department": d["department"],
            "topics": d["topics"],
            "valid": d["valid"],
            "raw": "" if d["rate"] is None else f"{d['rate']:.6f}",
            "percent": figures.percent(d["rate"]),
        }
        for d in figures.rating_by_department(figures.rating_rates(store, year=year))
    ]
    return {"year": year, "rows": rows}


def render(store: Store, meeting: MeetingInfo | None, as_of: date) -> Markup:
    year = meeting.held_on.year if meeting and meeting.held_on else as_of.year
    # Output of an autoescaped template: safe to join to the other page parts as markup.
    return Markup(
        ENV.get_template("cycle.html").render(schedule=schedule_panel(store, meeting, as_of), ratings=rating_panel(store, year))
    )
