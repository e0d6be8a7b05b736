"""签到 on the day of a meeting: who of the expected standing members has signed in, who is on leave, who
has not come, and whether those present are already more than half (过半数), read out before the meeting
opens.

The expected members are the meeting's standing members (`figures.standing_members`), grouped by 界别 in
the roster's order as the printed 签到表 groups them. A member counts as present once an attendance record
says 出席 (a tick on the tablet writes one); on leave when the attendance record says 请假, or — while
nothing is recorded for them — when their 回执 asked leave; everyone else has not come (未到). Counting
against all expected members, not against the records made so far, is what makes the live count right:
while ticking, only those who came have a record (`figures.attendance_summary` counts records once any
exist, which is right only after everyone has been entered).

When signing in ends, `SignInDay.closing()` says what to record for those still without a record: 请假
with the 回执's reason, or 无故缺席.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.store import Store
from workbench.store.rows import Attendance, MeetingReply, Member

PRESENT, ON_LEAVE, ABSENT = "present", "on_leave", "absent_unexcused"
NO_SECTOR = "其他"  # as the printed 签到表 heads members without a 界别


@dataclass(frozen=True)
class SignInMember:
    member: Member
    record: Attendance | None  # the member's attendance record for the meeting, as stored
    reply: MeetingReply | None  # the member's 回执

    @property
    def present(self) -> bool:
        return self.record is not None and self.record.state == PRESENT

    @property
    def asked_leave(self) -> bool:
        return self.reply is not None and self.reply.answer == "leave"

    @property
    def on_leave(self) -> bool:
        if self.record is not None:
            return self.record.state == ON_LEAVE
        return self.asked_leave

    @property
    def leave_reason(self) -> str | None:
        """The reason of the leave: the attendance record's, else the 回执's."""
        if self.record is not None and self.record.state == ON_LEAVE and self.record.reason:
            return self.record.reason
        return self.reply.reason if self.asked_leave and self.reply is not None else None


@dataclass
class SignInGroup:
    sector: str
    members: list[SignInMember] = field(default_factory=list)


@dataclass
class SignInDay:
    meeting: MeetingInfo
    groups: list[SignInGroup] = field(default_factory=list)

    @property
    def members(self) -> list[SignInMember]:
        return [m for g in self.groups for m in g.members]

    def member(self, member_id: int) -> SignInMember:
        return next(m for m in self.members if m.member.id == member_id)

    @property
    def expected(self) -> int:
        return len(self.members)

    @property
    def present(self) -> int:
        return sum(1 for m in self.members if m.present)

    @property
    def on_leave(self) -> int:
        return sum(1 for m in self.members if m.on_leave)

    @property
    def missing(self) -> int:
        """Not present and not on leave: not come yet, or recorded 无故缺席."""
        return self.expected - self.present - self.on_leave

    @property
    def quorum(self) -> bool:
        return self.present * 2 > self.expected

    @property
    def still_needed(self) -> int:
        """How many more must sign in for more than half to be present."""
        return max(0, self.expected // 2 + 1 - self.present)

    def sentence(self) -> str:
        """ "应到15人，已签到9人，请假2人，未到4人；已过半数，可以开会。"."""
        counts = f"应到{self.expected}人，已签到{self.present}人，请假{self.on_leave}人，未到{self.missing}人；"
        if self.quorum:
            return counts + "已过半数，可以开会。"
        return counts + f"尚未过半数（还差{self.still_needed}人）。"

    def closing(self) -> list[tuple[SignInMember, str, str | None]]:
        """What to record, when signing in ends, for each member still without an attendance record:
        (member, state, reason) — 请假 with the 回执's reason for those who asked leave, else 无故缺席.
        Records already made (on the 出勤 tab, say) are left as they are."""
        out: list[tuple[SignInMember, str, str | None]] = []
        for m in self.members:
            if m.record is None:
                out.append((m, ON_LEAVE, m.leave_reason) if m.asked_leave else (m, ABSENT, None))
        return out


def grouped(members: list[Member]) -> list[tuple[str, list[Member]]]:
    """Members by 界别, the groups in the order the roster first names them, members in roster order;
    those without a 界别 last under 其他 (the printed 签到表's order)."""
    groups: dict[str, list[Member]] = defaultdict(list)
    for m in sorted(members, key=lambda m: m.id):
        groups[(m.sector or "").strip() or NO_SECTOR].append(m)
    ordered = [s for s in groups if s != NO_SECTOR] + ([NO_SECTOR] if NO_SECTOR in groups else [])
    return [(s, groups[s]) for s in ordered]


def sign_in_day(store: Store, meeting: MeetingInfo) -> SignInDay:
    """Where signing in stands now for `meeting`, read from the store."""
    records = {r.member_id: r for r in store.select(Attendance, meeting_id=meeting.id)}
    replies = {r.member_id: r for r in store.select(MeetingReply, meeting_id=meeting.id)}
    day = SignInDay(meeting)
    for sector, members in grouped(figures.standing_members(store, meeting.id)):
        day.groups.append(SignInGroup(sector, [SignInMember(m, records.get(m.id), replies.get(m.id)) for m in members]))
    return day
