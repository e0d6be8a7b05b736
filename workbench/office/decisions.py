"""议定事项 and their 督办: what a meeting agreed, who carries each out by when, and how far it has got.

A meeting's decisions are entered during or after it (the editor's 议定 tab), in the order the minutes
print them. Those marked 列入督办 are followed up: until they are done they come back in every later
standing-committee packet ("上次会议议定事项落实情况") and on the dashboard; one done since the last
meeting is reported once more, with its 办结日期, and then drops out.

Definitions, used by the packet, the dashboard and the minutes alike:
- *open* at a day: 列入督办, and not 已落实 (or 已落实 with a 办结日期 after that day);
- *overdue*: open with a 完成时限 before the day;
- *due soon*: open with a 完成时限 within `decision_warn_days` (labels config) of the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from workbench.base import config
from workbench.office.meetings import MeetingInfo, list_meetings
from workbench.store import Store
from workbench.store.rows import Decision


def of_meeting(store: Store, meeting_id: int) -> list[Decision]:
    """The meeting's 议定事项 in their order."""
    return sorted(store.select(Decision, meeting_id=meeting_id), key=lambda d: (d.position, d.id))


def closed_by(d: Decision, day: date) -> bool:
    """Done by `day`: 已落实, and closed on or before it (a decision marked done without a date counts as done)."""
    return d.status == "done" and (d.closed_on is None or d.closed_on <= day)


def overdue(d: Decision, day: date) -> bool:
    return bool(d.supervised) and not closed_by(d, day) and d.deadline is not None and d.deadline < day


def status_label(d: Decision) -> str:
    return config.labels()["decision_status"].label(d.status) if d.status else "已交办"


@dataclass(frozen=True)
class FollowUp:
    """A supervised decision as a later packet reports it."""

    decision: Decision
    meeting: MeetingInfo  # the meeting that decided it
    overdue: bool
    closed_since: bool  # done since the previous meeting: reported this once


@dataclass(frozen=True)
class FollowUpFigures:
    total: int
    done: int
    open: int
    overdue: int
    due_soon: int


def follow_ups(store: Store, meeting: MeetingInfo, as_of: date, *, since: date | None = None) -> list[FollowUp]:
    """The supervised decisions of the standing-committee meetings held before `meeting`, as its packet
    reports them at `as_of`: those still open, and those done after `since` (the previous meeting's day)."""
    earlier = {
        m.id: m
        for m in list_meetings(store, kind=meeting.kind)
        if m.id != meeting.id and m.held_on is not None and (meeting.held_on is None or m.held_on < meeting.held_on)
    }
    if not earlier:
        return []
    rows = store.select(Decision, Decision.table.c.meeting_id.in_(list(earlier)), supervised=True)
    out = []
    for d in rows:
        done = closed_by(d, as_of)
        closed_since = done and d.closed_on is not None and (since is None or d.closed_on > since)
        if done and not closed_since:
            continue  # reported as done at an earlier meeting
        out.append(FollowUp(d, earlier[d.meeting_id], overdue(d, as_of), closed_since))
    out.sort(key=lambda f: (f.meeting.held_on or date.min, f.decision.position, f.decision.id))
    return out


def figures(store: Store, as_of: date, *, year: int | None = None) -> FollowUpFigures:
    """All supervised decisions (of meetings held in `year`, if given) as they stand at `as_of`."""
    held = {m.id: m for m in list_meetings(store) if m.held_on is not None and m.held_on <= as_of}
    if year is not None:
        held = {k: m for k, m in held.items() if m.held_on is not None and m.held_on.year == year}
    rows = store.select(Decision, Decision.table.c.meeting_id.in_(list(held)), supervised=True) if held else []
    warn = timedelta(days=config.labels().rule("decision_warn_days"))
    done = sum(closed_by(d, as_of) for d in rows)
    late = sum(overdue(d, as_of) for d in rows)
    soon = sum(1 for d in rows if not closed_by(d, as_of) and d.deadline is not None and as_of <= d.deadline <= as_of + warn)
    return FollowUpFigures(len(rows), done, len(rows) - done, late, soon)
