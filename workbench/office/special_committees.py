"""专门委员会: who sits on each, what each leads, what each did; the figures of a period, defined once
for the packet's plan report, the dashboard, the editor's 专委会 tab and the analysts.

Plans print who leads an item as text in 牵头委室 ("提案委", "县政协经济委员会", "经济委、提案委");
`named_in` reads that text against the committees the office keeps, by full name, short name or the
common abbreviation (提案委员会 → 提案委), after the "县政协"/"政协" in front. An item naming two
committees counts for both. Text naming no committee (办公室, 各委室) leads nothing here.

Definitions (per committee, for a work-plan year and a cut-off date):
- 牵头要点: the year's plan items it leads; 已完成 those with status done; 滞后 those lagging or past
  their deadline (the packet's ▲, `figures.plan_items_flagged`); 本期有进展 those with a note in the period.
- 牵头监督事项: supervision items it leads; 已办结 closed by the cut-off; 逾期 open past their deadline.
- 活动: its activities dated in the year up to the cut-off.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from workbench.office import figures
from workbench.store import Store
from workbench.store.rows import Member, SpecialCommittee, SpecialCommitteeActivity, SpecialCommitteeMember

_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{0,8}?[县市区旗])?政协")
_SPLIT = re.compile(r"[、，,；;/／\s]+|和|及|与")
ROLE_ORDER = {"director": 0, "deputy_director": 1, "member": 2}


@dataclass(frozen=True)
class Seat:
    """A member's place on a committee."""

    id: int  # the special_committee_member row
    member_id: int
    name: str
    sector: str | None
    role: str  # director, deputy_director, member
    version: int


@dataclass
class CommitteeFigures:
    committee: SpecialCommittee
    seats: list[Seat] = field(default_factory=list)  # 主任, 副主任…, 委员, in that order
    plan_items: int = 0
    plan_done: int = 0
    plan_flagged: int = 0
    plan_updated: int = 0  # with a progress note in the period
    supervision_items: int = 0
    supervision_closed: int = 0
    supervision_overdue: int = 0
    activities: int = 0
    activities_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.committee.name

    @property
    def directors(self) -> list[str]:
        return [s.name for s in self.seats if s.role == "director"]

    @property
    def leads_anything(self) -> bool:
        return bool(self.plan_items or self.supervision_items or self.activities)


def committees(store: Store) -> list[SpecialCommittee]:
    """The office's committees in its order (排序, then name)."""
    rows = store.select(SpecialCommittee)
    return sorted(rows, key=lambda c: (c.position if c.position is not None else 999, c.name))


def forms(name: str, short_name: str | None = None) -> list[str]:
    """The ways a committee is written: 提案委员会, 提案委 (its short name, or the common abbreviation)."""
    out = [name, _PREFIX.sub("", name)]
    if short_name:
        out.append(short_name)
    for f in list(out):
        if f.endswith("委员会"):
            out.append(f[: -len("员会")])  # 提案委员会 → 提案委
    return [f for f in dict.fromkeys(out) if f]


def without_prefix(text: str) -> str:
    """A committee's name as written without the 县政协 in front (县政协经济委 → 经济委)."""
    return _PREFIX.sub("", text.strip())


def named_in(text: str | None, known: list[SpecialCommittee]) -> list[SpecialCommittee]:
    """The committees a 牵头委室 text names, in the order written; none for text naming none."""
    if not text:
        return []
    by_form = {form: c for c in known for form in forms(c.name, c.short_name)}
    out: list[SpecialCommittee] = []
    for part in _SPLIT.split(text.strip()):
        part = _PREFIX.sub("", part.strip("（）() "))
        found = by_form.get(part)
        if found is not None and found not in out:
            out.append(found)
    return out


def seats(store: Store) -> dict[int, list[Seat]]:
    """Committee id → its seats, 主任 first, then 副主任 and 委员, each by name."""
    members = {m.id: m for m in store.select(Member)}
    out: dict[int, list[Seat]] = {}
    for s in store.select(SpecialCommitteeMember):
        m = members.get(s.member_id)
        if m is None:
            continue
        out.setdefault(s.committee_id, []).append(Seat(s.id, m.id, m.name, m.sector, s.role, s.version))
    for mine in out.values():
        mine.sort(key=lambda s: (ROLE_ORDER.get(s.role, 9), s.name))
    return out


def activities(store: Store, *, start: date | None = None, end: date | None = None) -> list[SpecialCommitteeActivity]:
    """Activities dated from `start` to `end` (either open), newest first."""
    t = SpecialCommitteeActivity.table
    where = []
    if start is not None:
        where.append(t.c.held_on >= start)
    if end is not None:
        where.append(t.c.held_on <= end)
    return store.select(SpecialCommitteeActivity, *where, order_by=(t.c.held_on.desc(), t.c.id.desc()))


def committee_figures(
    store: Store, as_of: date, *, year: int | None, since: date | None = None, plan: list[figures.PlanItemState] | None = None
) -> list[CommitteeFigures]:
    """Every committee's figures as of `as_of`: the plan of `year` (`plan`, when the caller has its items
    already), the period's notes from `since`, supervision items and the year's activities."""
    known = committees(store)
    if not known:
        return []
    out = {c.id: CommitteeFigures(c) for c in known}
    for cid, mine in seats(store).items():
        if cid in out:
            out[cid].seats = mine
    items = plan if plan is not None else (figures.plan_items(store, as_of, year=year, since=since) if year else [])
    flagged = {i.id for i in figures.plan_items_flagged(items, as_of)}
    for i in items:
        for c in named_in(i.lead_committee, known):
            f = out[c.id]
            f.plan_items += 1
            f.plan_done += i.status == "done"
            f.plan_flagged += i.id in flagged
            f.plan_updated += bool(i.notes_this_quarter)
    for s in figures.supervision_items(store, as_of):
        for c in named_in(s.item.lead_committee, known):
            f = out[c.id]
            f.supervision_items += 1
            closed = s.item.status == "closed" and (s.item.closed_on is None or s.item.closed_on <= as_of)
            f.supervision_closed += closed
            f.supervision_overdue += s.overdue
    if year is not None:
        kinds: dict[int, Counter] = {}
        for a in activities(store, start=date(year, 1, 1), end=min(as_of, date(year, 12, 31))):
            if a.committee_id in out:
                out[a.committee_id].activities += 1
                kinds.setdefault(a.committee_id, Counter())[a.activity_kind or "other"] += 1
        for cid, counter in kinds.items():
            out[cid].activities_by_kind = dict(counter.most_common())
    return [out[c.id] for c in known]
