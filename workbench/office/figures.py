"""The figures every report quotes, each defined once: packet, dashboard and tests all call these.

Definitions (the office's usual practice; the rule numbers come from labels.toml):
- 立案 (filed): review_result is 立案. Merged, rejected or converted proposals are counted
  in the totals by review result but not in handling figures.
- Every proposal figure is taken as of a date (the meeting's): a reply dated after it does not
  count yet, so a past meeting's packet quotes what was true then.
- 办复率 (reply_rate) = filed proposals replied by the date / filed proposals.
- 满意率 (satisfaction_rate) = (满意 + 基本满意) / replied proposals with a satisfaction rating.
- A proposal's due date is its 办理期限, or, where none was entered, its assignment date plus
  the office's `proposal_due_months`. It is overdue as of a date when it is filed, not replied
  by then, and due before it. Open proposals are those not replied by the date or not yet closed.
- Supervision items are overdue when not closed by the date (closed_on) and past their deadline;
  their feedback is overdue when the recommendation was sent more than `supervision_feedback_days`
  before the date and no feedback had come by then.
- A plan item has "no update this quarter" when its latest progress note is older than the
  start of the quarter that holds the as-of date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from workbench.base import config
from workbench.office.meetings import MeetingKind
from workbench.store import Store, schema
from workbench.store.rows import (
    Attendance,
    BriefingTopic,
    HistoryEntry,
    LiaisonActivity,
    LiaisonGroup,
    LiaisonQuota,
    Meeting,
    Member,
    PlanItem,
    PlanSection,
    ProgressNote,
    Proposal,
    Rating,
    RatingVote,
    SupervisionGroup,
    SupervisionItem,
    WorkPlan,
)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def data_date(meeting_date: date | None, today: date | None = None) -> date:
    """The date figures are taken as of ("截至"): today for a meeting still ahead (or undated),
    the meeting's date for one already held, so a past meeting's packet quotes what was true then."""
    today = today or date.today()
    return min(meeting_date, today) if meeting_date else today


def rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def percent(value: float | None) -> str:
    """Rates as reports print them: 96.3%; a dash when there is nothing to rate."""
    return "—" if value is None else f"{value * 100:.1f}%"


# ---------------------------------------------------------------- plan


@dataclass
class PlanItemState:
    id: int
    section_number: int
    section_title: str
    number: int
    title: str
    owner: str | None
    lead_leader: str | None
    lead_committee: str | None
    deadline: date | None
    status: str | None
    version: int
    latest_note_on: date | None
    latest_note: str | None
    # Notes of the period being reported (from `since` to the as-of date): "本季度进展".
    notes_this_quarter: list[ProgressNote] = field(default_factory=list)
    text: str | None = None  # the item's full wording in the plan
    # Notes dated after the as-of date: left out of every figure, named by the check.
    notes_after: list[ProgressNote] = field(default_factory=list)


def plan_year(store: Store, as_of: date) -> int | None:
    """The year of the work plan in force on `as_of`: that year's, else the latest before it."""
    years = [p.year for p in store.select(WorkPlan, WorkPlan.table.c.year.is_not(None)) if p.year is not None]
    before = [y for y in years if y <= as_of.year]
    return max(before) if before else (max(years) if years else None)


def plan_year_reported(store: Store, meeting_date: date) -> int | None:
    """The plan a meeting's progress report covers: the one in force that day, never a later year's
    (a December meeting with only next year's plan imported deliberates it as a draft, reports on none)."""
    year = plan_year(store, meeting_date)
    return year if year is not None and year <= meeting_date.year else None


def plan_items(store: Store, as_of: date, *, year: int | None = None, since: date | None = None) -> list[PlanItemState]:
    """The plan's items as of `as_of`; the notes from `since` (default: the quarter's first day) count as
    this period's. A meeting's period comes from `office.preparation`."""
    year = year or plan_year(store, as_of)
    if year is None:
        return []
    wp, ps, pi, pn = WorkPlan.table, PlanSection.table, PlanItem.table, ProgressNote.table
    sections = {s.id: s for s in store.select(PlanSection, ps.c.work_plan_id.in_(select(wp.c.id).where(wp.c.year == year)))}
    section_number = select(ps.c.number).where(ps.c.id == pi.c.section_id).scalar_subquery()
    items = store.select(PlanItem, pi.c.section_id.in_(list(sections)), order_by=(section_number, pi.c.number))
    ids = [i.id for i in items]
    notes: dict[int, list[ProgressNote]] = defaultdict(list)
    if ids:
        for n in store.select(ProgressNote, pn.c.plan_item_id.in_(ids), order_by=("noted_on", "id")):
            notes[n.plan_item_id].append(n)
    q0 = since or quarter_start(as_of)
    out = []
    for i in items:
        mine = [n for n in notes[i.id] if n.noted_on <= as_of]
        latest = mine[-1] if mine else None
        section = sections[i.section_id]
        out.append(
            PlanItemState(
                id=i.id,
                section_number=section.number,
                section_title=section.title,
                number=i.number,
                title=i.title,
                owner=i.owner,
                lead_leader=i.lead_leader,
                lead_committee=i.lead_committee,
                deadline=i.deadline,
                status=i.status,
                version=i.version,
                latest_note_on=latest.noted_on if latest else None,
                latest_note=latest.text if latest else None,
                notes_this_quarter=[n for n in mine if n.noted_on >= q0],
                text=i.text,
                notes_after=[n for n in notes[i.id] if n.noted_on > as_of],
            )
        )
    return out


def draft_plan_year(store: Store, meeting_date: date | None) -> int | None:
    """The year whose work plan (草案) a December or January meeting deliberates, if it was imported:
    the next year's in December, the year's own in January."""
    if meeting_date is None or meeting_date.month not in (12, 1):
        return None
    year = meeting_date.year + 1 if meeting_date.month == 12 else meeting_date.year
    return year if store.first(WorkPlan, year=year) else None


def plan_status_counts(items: list[PlanItemState]) -> dict[str, int]:
    counts = Counter(i.status or "not_started" for i in items)
    return {code: counts.get(code, 0) for code in config.labels()["plan_item_status"].codes}


def plan_by_section(items: list[PlanItemState]) -> list[dict]:
    sections: dict[int, dict] = {}
    for i in items:
        s = sections.setdefault(
            i.section_number, {"number": i.section_number, "title": i.section_title, "counts": Counter(), "total": 0}
        )
        s["counts"][i.status or "not_started"] += 1
        s["total"] += 1
    return [sections[k] for k in sorted(sections)]


def plan_items_without_update(items: list[PlanItemState], as_of: date) -> list[PlanItemState]:
    """Open items with no progress note since the quarter began."""
    return [i for i in items if i.status not in ("done", "changed") and not i.notes_this_quarter]


def plan_items_status_changed(store: Store, items: list[PlanItemState], as_of: date, since: date | None = None) -> set[int]:
    """Ids of the open items without a note this period whose status was changed in it (by the history,
    from `since`, default the quarter's first day): such an item had an update, only not a written one."""
    quiet = plan_items_without_update(items, as_of)
    if not quiet:
        return set()
    h = HistoryEntry.table
    start = datetime.combine(since or quarter_start(as_of), time.min)
    end = datetime.combine(as_of, time.max)
    return {
        r.record_id
        for r in store.select(
            HistoryEntry,
            h.c.at >= start,
            h.c.at <= end,
            h.c.record_id.in_([i.id for i in quiet]),
            table_name=PlanItem.table.name,
            field="status",
        )
    }


def plan_items_unchanged(store: Store, items: list[PlanItemState], as_of: date, since: date | None = None) -> list[PlanItemState]:
    """Open items with no progress note this period whose status was not changed in it either."""
    changed = plan_items_status_changed(store, items, as_of, since)
    return [i for i in plan_items_without_update(items, as_of) if i.id not in changed]


def plan_item_overdue(item: PlanItemState, as_of: date) -> bool:
    return item.status not in ("done", "changed") and item.deadline is not None and item.deadline < as_of


def plan_items_flagged(items: list[PlanItemState], as_of: date) -> list[PlanItemState]:
    """Items the packet marks with ▲ and the dashboard lists as needing attention: lagging, or past
    their deadline and neither done nor changed."""
    return [i for i in items if i.status == "lagging" or plan_item_overdue(i, as_of)]


def plan_item_achievement(item: PlanItemState) -> str | None:
    """What a completed item achieved: its latest progress note, whenever it was written."""
    return item.latest_note if item.status == "done" else None


def days_overdue(due: date | None, as_of: date) -> int:
    """Whole days a deadline has passed as of `as_of`; 0 when not yet due or no deadline."""
    return max(0, (as_of - due).days) if due is not None else 0


def overdue_plan_items(items: list[PlanItemState], as_of: date) -> list[tuple[PlanItemState, int]]:
    """Plan items past their deadline and neither done nor changed, with days overdue, longest first."""
    late = [(i, days_overdue(i.deadline, as_of)) for i in items if plan_item_overdue(i, as_of)]
    return sorted(late, key=lambda pair: (-pair[1], pair[0].section_number, pair[0].number))


# ---------------------------------------------------------------- proposals


@dataclass
class ProposalFigures:
    year: int | None
    as_of: date
    total: int
    filed: int
    by_review_result: dict[str, int]
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_unit: list[tuple[str, int]]  # (handling unit, filed proposals it leads), most first
    replied: int
    reply_rate: float | None
    rated: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    satisfaction_rate: float | None
    by_reply_category: dict[str, int]
    open: list[Proposal]  # filed, not finished (no reply yet, or replied but neither closed nor rated)
    overdue: list[Proposal]  # filed, no reply, past due as of `as_of`
    due: dict[int, date | None] = field(default_factory=dict)  # each filed proposal's due date, by id
    status: dict[int, str | None] = field(default_factory=dict)  # each filed proposal's status as of `as_of`, by id
    replied_ids: set[int] = field(default_factory=set)  # the filed proposals replied by `as_of`


def replied_by(proposal: Proposal, as_of: date) -> bool:
    """Replied by the date: the one test behind 已答复, 办复率, the status and the 答复日期 a table prints."""
    return proposal.replied_on is not None and proposal.replied_on <= as_of


def status_bars(pf: ProposalFigures) -> list[tuple[str, int]]:
    """The handling-status chart's bars: the statuses of the proposals not yet replied, then 已答复 — every
    filed proposal replied by the date, the same count as 已答复 in 办复率 — then, of those, the ones that
    have gone further (其中已评价, 其中已办结 …). The bars before 已答复 and 已答复 add up to 立案."""
    labels = config.labels()["proposal_status"]
    not_replied = Counter(pf.status[i] for i in pf.status if i not in pf.replied_ids)
    further = Counter(pf.status[i] for i in pf.replied_ids if pf.status.get(i) != "replied")
    order = labels.codes + sorted(c for c in {*not_replied, *further} if c and c not in labels.codes)
    bars = [(labels.label(c) or "未填状态", not_replied[c]) for c in [*order, None] if not_replied.get(c)]
    bars.append((labels.label("replied"), pf.replied))
    bars += [(f"其中{labels.label(c)}", further[c]) for c in order if further.get(c)]
    return bars


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (交办 1月31日 + 1个月 → 2月28日)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise ValueError(day)


def proposal_due_on(proposal: Proposal, months: int) -> date | None:
    if proposal.due_on:
        return proposal.due_on
    if proposal.assigned_on:
        return add_months(proposal.assigned_on, months)
    return None


def proposal_year(store: Store, as_of: date) -> int | None:
    years = [r["year"] for r in store.fetch(select(schema.proposal.c.year).distinct())]
    before = [y for y in years if y <= as_of.year]
    return max(before) if before else (max(years) if years else None)


def proposal_days_overdue(proposal: Proposal, as_of: date, months: int) -> int:
    """Days a proposal is past its handling period as of `as_of`: filed, not replied by then, past due
    (its own due date, else assigned + `months`); 0 otherwise. The one definition the packet, the
    editor's 提案办理 tab and the letters use (`proposal_figures().overdue` are those above 0)."""
    if not is_filed(proposal) or replied_by(proposal, as_of):
        return 0
    return days_overdue(proposal_due_on(proposal, months), as_of)


def is_filed(p: Proposal) -> bool:
    """立案 as recorded; where a list records no review result, every proposal not marked 未立案 —
    the lists offices keep by plenary session are lists of filed proposals, numbered when filed."""
    if p.review_result:
        return p.review_result == "filed"
    return p.status != "not_filed"


# Proposal statuses in the order handling moves through them; later facts raise an earlier status.
_HANDLING = ("registered", "assigned", "handling", "replied", "rated", "closed")


def proposal_status(p: Proposal, *, replied: bool) -> str | None:
    """The status a proposal is in by the facts recorded, so no table says 办理中 beside a reply and a rating:
    a reply by the date makes it at least 已答复, a rating on top of that at least 已评价; and no table says
    已答复 (or later) beside 未答复: without a reply by the date it is 办理中 (the check names the record)."""
    status = p.status
    if status not in _HANDLING and status is not None:
        return status  # 重新办理, 回头看, 未立案: the office's own judgment
    rank = _HANDLING.index(status) if status is not None else -1
    if not replied and rank >= _HANDLING.index("replied"):
        return "handling"
    if replied and p.satisfaction and rank < _HANDLING.index("rated"):
        return "rated"
    if replied and rank < _HANDLING.index("replied"):
        return "replied"
    return status


def proposal_figures(store: Store, as_of: date, *, year: int | None = None) -> ProposalFigures:
    year = year or proposal_year(store, as_of)
    rows = store.select(Proposal, year=year, order_by="case_no") if year else []
    labels = config.labels()
    filed = [r for r in rows if is_filed(r)]
    replied = [r for r in filed if replied_by(r, as_of)]
    replied_ids = {r.id for r in replied}
    status = {r.id: proposal_status(r, replied=r.id in replied_ids) for r in filed}
    rated = [r for r in replied if r.satisfaction]
    sat = Counter(r.satisfaction for r in rated)
    months = labels.rule("proposal_due_months")
    due = {r.id: proposal_due_on(r, months) for r in filed}
    overdue = [r for r in filed if proposal_days_overdue(r, as_of, months) > 0]
    # Finished (办结): replied by the date and either closed or rated by the proposer.
    open_ = [r for r in filed if r.id not in replied_ids or (r.status != "closed" and not r.satisfaction)]
    by_unit = Counter(r.lead_unit for r in filed if r.lead_unit)

    def full(set_name: str, counter: Counter[str | None]) -> dict[str, int]:
        out = {code: counter.get(code, 0) for code in labels[set_name].codes}
        for code, n in counter.items():  # values no longer in the office's labels still count
            if code and code not in out:
                out[code] = n
        return out

    return ProposalFigures(
        year=year,
        as_of=as_of,
        total=len(rows),
        filed=len(filed),
        by_review_result=full("review_result", Counter(r.review_result or ("filed" if is_filed(r) else None) for r in rows)),
        by_status=full("proposal_status", Counter(status.values())),
        by_category=full("proposal_category", Counter(r.category for r in filed)),
        by_unit=sorted(by_unit.items(), key=lambda kv: (-kv[1], kv[0])),
        replied=len(replied),
        reply_rate=rate(len(replied), len(filed)),
        rated=len(rated),
        satisfied=sat.get("satisfied", 0),
        basically_satisfied=sat.get("basically_satisfied", 0),
        dissatisfied=sat.get("dissatisfied", 0),
        satisfaction_rate=rate(sat.get("satisfied", 0) + sat.get("basically_satisfied", 0), len(rated)),
        by_reply_category=full("reply_category", Counter(r.reply_category for r in replied)),
        open=open_,
        overdue=overdue,
        due=due,
        status=status,
        replied_ids=replied_ids,
    )


# ---------------------------------------------------------------- supervision


@dataclass
class SupervisionState:
    item: SupervisionItem
    group_name: str | None
    overdue: bool
    days_overdue: int
    feedback_overdue: bool = False  # recommendation sent, no feedback within the office's rule
    # The progress text says feedback (整改方案) came, but no feedback date was recorded by the date.
    claims_feedback_without_date: bool = False
    feedback_due: date | None = None  # recommendation sent + the office's feedback days


def supervision_items(store: Store, as_of: date) -> list[SupervisionState]:
    groups = {g.id: g.name for g in store.select(SupervisionGroup)}
    feedback_days = config.labels().rule("supervision_feedback_days")
    out = []
    for r in store.select(SupervisionItem, order_by="code"):
        # As of the date: an item closed (or answered) later was still open (or unanswered) then.
        open_then = r.status != "closed" or (r.closed_on is not None and r.closed_on > as_of)
        late = open_then and r.deadline is not None and r.deadline < as_of
        sent = r.recommendation_sent_on
        answered = r.feedback_received_on is not None and r.feedback_received_on <= as_of
        feedback_late = (
            open_then and sent is not None and sent <= as_of and not answered and sent + timedelta(days=feedback_days) < as_of
        )
        progress = r.progress or ""
        claims = not answered and "反馈" in progress and "未反馈" not in progress and "尚未反馈" not in progress
        days = (as_of - r.deadline).days if late and r.deadline is not None else 0
        out.append(
            SupervisionState(
                r,
                groups.get(r.group_id) if r.group_id is not None else None,
                late,
                days,
                feedback_late,
                claims,
                sent + timedelta(days=feedback_days) if sent is not None else None,
            )
        )
    return out


# ---------------------------------------------------------------- briefings


def briefing_topics(store: Store, meeting_id: int | None = None) -> list[BriefingTopic]:
    if meeting_id is not None:
        return store.select(BriefingTopic, meeting_id=meeting_id, order_by="code")
    return store.select(BriefingTopic, order_by="code")


def materials_missing(topics: list[BriefingTopic]) -> list[BriefingTopic]:
    return [t for t in topics if t.materials_received_on is None and t.status not in ("materials_received", "briefed")]


# ---------------------------------------------------------------- members


@dataclass
class AttendanceSummary:
    meeting_id: int
    expected: int
    present: int
    on_leave: int
    absent_unexcused: int
    recorded: bool = True  # attendance was entered; when not, `expected` is the whole standing committee

    @property
    def quorum(self) -> bool:
        """More than half present. Meaningless unless `recorded`: a report prints neither 是 nor 否 then."""
        return self.present * 2 > self.expected


def standing_members(store: Store, meeting_id: int) -> list[Member]:
    """The standing members expected at a meeting: those of its term (after 换届, the new roster)."""
    m, mt = Member.table, Meeting.table
    term_id = select(mt.c.term_id).where(mt.c.id == meeting_id).scalar_subquery()
    return store.select(Member, m.c.is_standing_member.is_(True), (m.c.term_id == term_id) | m.c.term_id.is_(None))


def attendance_summary(store: Store, meeting_id: int) -> AttendanceSummary:
    counts = Counter(r.state for r in store.select(Attendance, meeting_id=meeting_id))
    expected = sum(counts.values())
    recorded = expected > 0
    if not recorded:  # not yet recorded: everyone on the standing committee is expected
        expected = len(standing_members(store, meeting_id))
    return AttendanceSummary(
        meeting_id,
        expected,
        counts.get("present", 0),
        counts.get("on_leave", 0),
        counts.get("absent_unexcused", 0),
        recorded,
    )


def absences(store: Store, term_id: int, *, up_to: date | None = None) -> list[dict]:
    """Standing members with unexcused absences from standing-committee meetings in the term, most first.

    Each row: the member's id, name, sector and position plus `absences`, `limit` and `reached`
    (the committee's rule from labels.toml).
    """
    mt, a = Meeting.table, Attendance.table
    held = [mt.c.held_on <= up_to] if up_to is not None else []
    meetings = store.select(Meeting, *held, term_id=term_id, kind=MeetingKind.STANDING_COMMITTEE)
    absent = (
        Counter(
            r.member_id for r in store.select(Attendance, a.c.meeting_id.in_([m.id for m in meetings]), state="absent_unexcused")
        )
        if meetings
        else Counter()
    )
    limit = config.labels().rule("absence_limit")
    members = store.select(Member, Member.table.c.id.in_(list(absent))) if absent else []
    rows = [
        {
            "id": m.id,
            "name": m.name,
            "sector": m.sector,
            "position": m.position,
            "absences": absent[m.id],
            "limit": limit,
            "reached": absent[m.id] >= limit,
        }
        for m in members
    ]
    return sorted(rows, key=lambda r: (-r["absences"], r["name"]))


def absences_near_rule(store: Store, term_id: int, *, up_to: date | None = None) -> list[dict]:
    warning = config.labels().rule("absence_warning")
    return [r for r in absences(store, term_id, up_to=up_to) if r["absences"] >= warning]


# ---------------------------------------------------------------- liaison groups


def liaison_quotas(store: Store, year: int, *, up_to: date | None = None) -> list[dict]:
    """One row per group and activity kind: required, done, completion."""
    act = LiaisonActivity.table
    names = {g.id: g.name for g in store.select(LiaisonGroup)}
    quotas = store.select(LiaisonQuota, year=year, order_by=("group_id", "id"))
    done = Counter(
        (r.group_id, r.activity_kind)
        for r in store.select(LiaisonActivity, act.c.held_on >= date(year, 1, 1), act.c.held_on <= (up_to or date(year, 12, 31)))
    )
    return [
        {
            "group_id": r.group_id,
            "group_name": names[r.group_id],
            "activity_kind": r.activity_kind,
            "required": r.required_count,
            "done": done.get((r.group_id, r.activity_kind), 0),
            "completion": rate(done.get((r.group_id, r.activity_kind), 0), r.required_count),
        }
        for r in quotas
    ]


def liaison_completion_by_group(rows: list[dict]) -> list[dict]:
    """Per group: activities done against the sum of quotas (each kind capped at its quota)."""
    groups: dict[int, dict] = {}
    for r in rows:
        s = groups.setdefault(r["group_id"], {"group_name": r["group_name"], "required": 0, "done": 0})
        s["required"] += r["required"]
        s["done"] += min(r["done"], r["required"])
    return [{**v, "completion": rate(v["done"], v["required"])} for v in groups.values()]


# ---------------------------------------------------------------- member rating (测评)
# 满意率 of a rating = votes at the office's `satisfied_levels` ÷ valid votes; valid votes are the
# votes at any level except `excluded_levels` (e.g. 不了解). Abstentions and invalid ballots are
# not votes. The levels come from `[evaluation]` in labels.toml.


@dataclass
class RatingRate:
    meeting_id: int
    department: str
    subject: str
    counts: dict[str, int]  # level code → votes
    returned: int
    abstained: int
    invalid: int
    valid: int
    satisfied: int
    rate: float | None

    def line(self) -> str:
        levels = config.labels()["rating_level"]
        counts = "，".join(f"{levels.label(code)} {n} 票" for code, n in self.counts.items())
        return (
            f"{self.department}（{self.subject}）：{counts}，弃权 {self.abstained} 票，无效 {self.invalid} 票；"
            f"满意率 {percent(self.rate)}"
        )


def rating_rates(store: Store, *, meeting_id: int | None = None, year: int | None = None) -> list[RatingRate]:
    """Each rated topic with its counts and 满意率, by meeting then position."""
    group = config.labels().group("evaluation")
    satisfied_levels, excluded = set(group["satisfied_levels"]), set(group["excluded_levels"])
    rt, m = Rating.table, Meeting.table
    where = []
    if meeting_id is not None:
        where.append(rt.c.meeting_id == meeting_id)
    if year is not None:
        where.append(
            rt.c.meeting_id.in_(select(m.c.id).where(m.c.held_on >= date(year, 1, 1), m.c.held_on <= date(year, 12, 31)))
        )
    held_on = select(m.c.held_on).where(m.c.id == rt.c.meeting_id).scalar_subquery()
    ratings = store.select(Rating, *where, order_by=(held_on, rt.c.meeting_id, rt.c.position))
    votes: dict[int, dict[str, int]] = defaultdict(dict)
    if ratings:
        for v in store.select(RatingVote, RatingVote.table.c.rating_id.in_([r.id for r in ratings])):
            votes[v.rating_id][v.level] = v.votes
    codes = config.labels()["rating_level"].codes
    out = []
    for r in ratings:
        counts = {code: votes[r.id].get(code, 0) for code in codes}
        for code, n in votes[r.id].items():
            counts.setdefault(code, n)
        valid = sum(n for code, n in counts.items() if code not in excluded)
        satisfied = sum(n for code, n in counts.items() if code in satisfied_levels)
        out.append(
            RatingRate(
                r.meeting_id,
                r.department,
                r.subject,
                counts,
                r.ballots_returned or 0,
                r.abstained or 0,
                r.invalid or 0,
                valid,
                satisfied,
                rate(satisfied, valid),
            )
        )
    return out


def rating_by_department(rates: list[RatingRate]) -> list[dict]:
    """Per department over the given ratings: topics rated, valid votes, satisfied votes and the rate."""
    by: dict[str, dict] = {}
    for r in rates:
        d = by.setdefault(r.department, {"department": r.department, "topics": 0, "valid": 0, "satisfied": 0})
        d["topics"] += 1
        d["valid"] += r.valid
        d["satisfied"] += r.satisfied
    for d in by.values():
        d["rate"] = rate(d["satisfied"], d["valid"])
    return sorted(by.values(), key=lambda d: d["department"])
