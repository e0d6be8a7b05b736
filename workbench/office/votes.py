"""表决: the counts of a meeting's votes, whether each passed, and when a vote may be shown.

Passed means more 赞成 than half of the base (过半数), and the base is set by the labels config's rule
`vote_pass_of_all`: 1 (the default, as the CPPCC charter has it for the 常委会议) counts all standing
members of the meeting, 0 those present. A vote without its counts has no result yet. A vote marked
保密 (a personnel matter, by default) is not shown outside the secretaries' editor and the minutes
until its 公布日期 has come; one without a 公布日期 stays hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workbench.base import config
from workbench.office import figures
from workbench.store import Store
from workbench.store.rows import Vote


@dataclass(frozen=True)
class VoteResult:
    vote: Vote
    base: int  # the number more than half of which must vote 赞成
    base_label: str  # 全体常务委员 / 出席会议的常务委员
    passed: bool | None  # None: the counts are not entered yet
    present: int  # those recorded present (0 before attendance is entered)

    @property
    def cast(self) -> int:
        return sum(n or 0 for n in (self.vote.in_favour, self.vote.against, self.vote.abstain))

    def counts(self) -> str:
        """ "赞成14票，反对0票，弃权1票"."""
        v = self.vote
        return f"赞成{v.in_favour or 0}票，反对{v.against or 0}票，弃权{v.abstain or 0}票"

    def outcome(self) -> str:
        if self.passed is None:
            return "尚未录入表决票数"
        return "通过" if self.passed else "未通过"

    def problem(self) -> str | None:
        """What does not add up, in the office's words; None when nothing."""
        if self.passed is None:
            return None
        if self.present and self.cast > self.present:
            return f"投票合计{self.cast}票，多于出席会议的{self.present}人，请核对。"
        return None


def pass_base(store: Store, meeting_id: int) -> tuple[int, str]:
    summary = figures.attendance_summary(store, meeting_id)
    if config.labels().rule("vote_pass_of_all"):
        return len(figures.standing_members(store, meeting_id)), "全体常务委员"
    return summary.present, "出席会议的常务委员"


def result(store: Store, vote: Vote, *, base: tuple[int, str] | None = None) -> VoteResult:
    count, label = base or pass_base(store, vote.meeting_id)
    present = figures.attendance_summary(store, vote.meeting_id).present
    if vote.in_favour is None:
        return VoteResult(vote, count, label, None, present)
    return VoteResult(vote, count, label, vote.in_favour * 2 > count, present)


def results(store: Store, meeting_id: int) -> list[VoteResult]:
    """The meeting's 表决 in their order, each with its result."""
    votes = sorted(store.select(Vote, meeting_id=meeting_id), key=lambda v: (v.position, v.id))
    if not votes:
        return []
    base = pass_base(store, meeting_id)
    return [result(store, v, base=base) for v in votes]


def shown_on(vote: Vote, day: date) -> bool:
    """May be shown beyond the secretaries (the dashboard, a leader) on `day`."""
    if not vote.confidential:
        return True
    return vote.announced_on is not None and vote.announced_on <= day
