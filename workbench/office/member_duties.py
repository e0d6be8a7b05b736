"""委员履职: what each member of the current term did in a year, counted from the records the office
already keeps, for the 委员履职情况统计表 (`drafts/duty_record.py`), the year-end 履职 review and analysts.

Definitions (a member, a calendar year):
- 常委会议: standing members only; the 常委会议 of the year with an attendance record for the member
  (应到), of which 出席 and 请假. Meetings without attendance entered are not counted.
- 领衔提案: the year's proposals whose 提案人 is the member's name (a trailing 等 allowed: "王某等");
  联名提案: those naming the member among 联名人. Proposals not filed (不予立案, 并案) count too: the
  member wrote them.
- 社情民意: as `office.public_opinion` counts per submitter (报送, 被采用, 获批示), by the name as written.
- 专委会: the committees the member sits on, with the post (`office.special_committees`).
- 联络组: the member's liaison group.
Names are matched as written, so two members of one name share their counts; the table marks them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from workbench.base import config
from workbench.office import public_opinion, special_committees
from workbench.office.committee import current_term_id
from workbench.store import Store
from workbench.store.rows import Attendance, LiaisonGroup, Meeting, Member, Proposal

_NAMES = re.compile(r"[、，,；;\s]+")


@dataclass
class Duties:
    member: Member
    group: str | None = None
    meetings_expected: int = 0  # standing members: 常委会议 with an attendance record
    meetings_present: int = 0
    meetings_on_leave: int = 0
    proposals_led: int = 0
    proposals_joined: int = 0
    opinions_submitted: int = 0
    opinions_adopted: int = 0
    opinions_instructed: int = 0
    committee_posts: list[str] = field(default_factory=list)  # "提案委副主任" (the short name where kept)
    namesake: bool = False  # another member of the term has this name: counts by name are shared

    @property
    def name(self) -> str:
        return self.member.name


def _lead_name(proposer: str | None) -> str:
    return re.sub(r"等\d*人?$", "", (proposer or "").strip())


def member_duties(store: Store, year: int) -> list[Duties]:
    """The current term's members with their year's figures, in roster order."""
    term_id = current_term_id_of(store)
    m = Member.table
    members = store.select(Member, (m.c.term_id == term_id) | m.c.term_id.is_(None)) if term_id else store.select(Member)
    groups = {g.id: g.name for g in store.select(LiaisonGroup)}
    names = Counter(x.name for x in members)
    out = {x.id: Duties(x, groups.get(x.liaison_group_id) if x.liaison_group_id else None) for x in members}
    for d in out.values():
        d.namesake = names[d.name] > 1

    mt = Meeting.table
    held = select(mt.c.id).where(
        mt.c.kind == "standing_committee_meeting", mt.c.held_on >= date(year, 1, 1), mt.c.held_on <= date(year, 12, 31)
    )
    for a in store.select(Attendance, Attendance.table.c.meeting_id.in_(held)):
        present = out.get(a.member_id)
        if present is None or not present.member.is_standing_member:
            continue
        d = present
        d.meetings_expected += 1
        d.meetings_present += a.state == "present"
        d.meetings_on_leave += a.state == "on_leave"

    by_name: dict[str, list[Duties]] = {}
    for d in out.values():
        by_name.setdefault(d.name, []).append(d)
    for p in store.select(Proposal, year=year):
        for d in by_name.get(_lead_name(p.proposer), []):
            d.proposals_led += 1
        for joined in {n for n in _NAMES.split(p.co_proposers or "") if n}:
            for d in by_name.get(joined, []):
                d.proposals_joined += 1

    figures = public_opinion.opinion_figures(store, date(year, 1, 1), date(year, 12, 31))
    for t in figures.by_submitter:
        for d in by_name.get(t.name, []):
            d.opinions_submitted, d.opinions_adopted, d.opinions_instructed = t.submitted, t.adopted, t.instructed

    roles = config.labels()["committee_role"]
    committees = {c.id: c for c in special_committees.committees(store)}
    for cid, seats in special_committees.seats(store).items():
        for s in seats:
            seated = out.get(s.member_id)
            if seated is not None and cid in committees:
                c = committees[cid]
                seated.committee_posts.append(f"{c.short_name or c.name}{roles.label(s.role)}")
    return [out[x.id] for x in sorted(members, key=lambda x: x.id)]


def current_term_id_of(store: Store) -> int | None:
    with store.reading() as conn:
        return current_term_id(conn)
