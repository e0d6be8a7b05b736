"""The preparation of one meeting: which meeting, its period, its quarter and its cut-off (截至), decided once.

Every tab of the editor, the pre-export check, every document of the packet, the dashboard and the
command line take these facts from `prepare`, so no two places speak of different quarters or dates:

- the meeting being prepared is the one chosen, or the next one not yet held (`meetings.next_meeting`);
- its period runs from the day after the previous meeting of its kind to its own date: what happened
  in it is "本期" (this quarter's progress, new since the last meeting);
- its quarter is the quarter of the meeting's date — the meeting of 2027-03-25 reports to the committee
  for 2027年第一季度 even when its packet is prepared on 2026-12-06 (the office speaks of the meeting,
  not of the desk calendar); an undated meeting takes the quarter of its cut-off;
- its cut-off (截至) is the day the figures are taken: today for a meeting still ahead, never later than
  its date; for a meeting already held, the day its packet was exported (its frozen snapshot), else its
  date. A record dated after the cut-off (a reply dated next March) is counted nowhere and printed
  nowhere; the check names it (`records_after_cut_off`) so the secretary corrects the date or accepts it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from workbench.base.numerals import chinese_date, chinese_number
from workbench.office import figures
from workbench.office.meetings import MeetingInfo, next_meeting, previous_meeting
from workbench.store import Store
from workbench.store.rows import PacketSnapshot, Proposal, SupervisionItem


@dataclass(frozen=True)
class Preparation:
    """One meeting's preparation: the facts every tab, document and figure of it share."""

    meeting: MeetingInfo
    previous: MeetingInfo | None
    since: date  # first day of the period ("本期"): the day after the previous meeting
    cut_off: date  # 截至
    held: bool  # the meeting has taken place
    frozen: bool  # the cut-off is that of the packet exported for it (its snapshot)
    plan_year: int | None  # the work plan its progress report covers
    proposal_year: int | None  # the proposals its report covers

    @property
    def day(self) -> date:
        """The meeting's date, or its cut-off while it has none."""
        return self.meeting.held_on or self.cut_off

    @property
    def quarter(self) -> tuple[int, int]:
        return self.day.year, figures.quarter_of(self.day)

    @property
    def quarter_label(self) -> str:
        """2027年第一季度."""
        year, q = self.quarter
        return f"{year}年第{chinese_number(q)}季度"

    @property
    def cut_off_text(self) -> str:
        """2026年12月6日."""
        return chinese_date(self.cut_off)

    def clamp(self, day: date) -> date:
        """`day` moved into the period (from its first day to the meeting's date)."""
        return min(max(day, self.since), self.day)

    def default_date(self, today: date | None = None) -> date:
        """What a new date field of this meeting starts at: today, within the period."""
        return self.clamp(today or date.today())


def _snapshot_cut_off(store: Store, meeting_id: int) -> date | None:
    """The 截至 of the newest packet exported for a meeting. Read here rather than through
    `packet.snapshot` because the office floor sits below the packet; only one key is read."""
    ps = PacketSnapshot.table
    row = store.first(PacketSnapshot, meeting_id=meeting_id, order_by=(ps.c.exported_at.desc(), ps.c.id.desc()))
    if row is None or not row.data:
        return None
    try:
        value = json.loads(row.data).get("as_of")
        return date.fromisoformat(str(value)[:10]) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


def prepare(store: Store, meeting: MeetingInfo, *, today: date | None = None, cut_off: date | None = None) -> Preparation:
    """The preparation of `meeting` as of `today`.

    `cut_off` is given when it is already fixed (a packet assembled earlier and edited by hand, whose
    figures carry their 截至).
    """
    today = today or date.today()
    held = meeting.status == "held" or (meeting.held_on is not None and meeting.held_on < today)
    frozen = False
    if cut_off is None:
        exported = _snapshot_cut_off(store, meeting.id) if held else None
        if exported is not None:
            cut_off, frozen = exported, True
        else:
            cut_off = figures.data_date(meeting.held_on, today)
    previous = previous_meeting(store, meeting)
    if previous is not None and previous.held_on is not None and previous.held_on < (meeting.held_on or cut_off):
        since = previous.held_on + timedelta(days=1)
    else:
        since = figures.quarter_start(cut_off)
    since = min(since, cut_off)
    day = meeting.held_on or cut_off
    return Preparation(
        meeting=meeting,
        previous=previous,
        since=since,
        cut_off=cut_off,
        held=held,
        frozen=frozen,
        plan_year=figures.plan_year_reported(store, day),
        proposal_year=figures.proposal_year(store, day),
    )


def current(store: Store, *, today: date | None = None) -> Preparation | None:
    """The preparation of the meeting being prepared (the next one not yet held), or None if there is none."""
    meeting = next_meeting(store, today=today)
    return None if meeting is None else prepare(store, meeting, today=today)


# ---------------------------------------------------------------- records dated after the cut-off


@dataclass(frozen=True)
class LateRecord:
    """A record of the meeting's period dated after its cut-off: left out of every figure and table."""

    table: str  # progress_note, proposal, supervision_item
    id: int
    what: str  # Chinese: the date's name (答复日期)
    day: date
    left_out: str  # Chinese: what it is not counted in (未计入办复率)
    owner_id: int | None = None  # the plan item of a progress note
    extra: dict = field(default_factory=dict)


def records_after_cut_off(store: Store, prep: Preparation) -> list[LateRecord]:
    """Progress notes, replies, ratings, feedback and closings dated after the cut-off (up to any date)."""
    out: list[LateRecord] = []
    after = prep.cut_off
    if prep.plan_year is not None:
        for state in figures.plan_items(store, after, year=prep.plan_year, since=prep.since):
            for note in state.notes_after:
                out.append(
                    LateRecord("progress_note", note.id, "进展日期", note.noted_on, "未收入本期进展情况", owner_id=state.id)
                )
    if prep.proposal_year is not None:
        p = Proposal.table
        for r in store.select(Proposal, p.c.replied_on > after, year=prep.proposal_year, order_by="case_no"):
            if figures.is_filed(r) and r.replied_on is not None:
                out.append(LateRecord("proposal", r.id, "答复日期", r.replied_on, "未计入已答复件数和办复率"))
    s = SupervisionItem.table
    for it in store.select(SupervisionItem, s.c.feedback_received_on > after, order_by="code"):
        if it.feedback_received_on is not None:
            out.append(LateRecord("supervision_item", it.id, "反馈日期", it.feedback_received_on, "按尚未反馈列出"))
    for it in store.select(SupervisionItem, s.c.closed_on > after, order_by="code"):
        if it.closed_on is not None:
            out.append(LateRecord("supervision_item", it.id, "办结日期", it.closed_on, "逾期统计中按尚未办结计"))
    return out
