"""参会回执: who of a meeting's expected members answered the notice, attending or on leave (with the
reason), and who has not answered yet — the ones the office rings before the meeting.

The expected members are the meeting's standing members (`figures.standing_members`), in roster
order; a reply of someone no longer expected (a member who left the term) is not counted. The 回执
comes from an imported list (导入, 参会回执) or is entered one by one; the 签到表 marks those on leave,
and `drafts/reply_status.py` prints the summary with the list to chase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.store import Store
from workbench.store.rows import MeetingReply, Member


@dataclass
class ReplyStatus:
    meeting: MeetingInfo
    expected: list[Member] = field(default_factory=list)
    attending: list[Member] = field(default_factory=list)
    on_leave: list[tuple[Member, str | None]] = field(default_factory=list)  # with the reason given
    silent: list[Member] = field(default_factory=list)  # no 回执 yet

    @property
    def answered(self) -> int:
        return len(self.attending) + len(self.on_leave)

    @property
    def quorum_expected(self) -> bool:
        """More than half of the expected members said they will come (过半数), before anyone is chased."""
        return len(self.attending) * 2 > len(self.expected)

    def sentence(self) -> str:
        """ "应到15人，已回执12人（参加10人，请假2人），未回执3人。"."""
        return (
            f"应到{len(self.expected)}人，已回执{self.answered}人（参加{len(self.attending)}人，请假{len(self.on_leave)}人），"
            f"未回执{len(self.silent)}人。"
        )


def reply_status(store: Store, meeting: MeetingInfo) -> ReplyStatus:
    """The meeting's 回执 against its expected members."""
    expected = sorted(figures.standing_members(store, meeting.id), key=lambda m: m.id)
    replies = {r.member_id: r for r in store.select(MeetingReply, meeting_id=meeting.id)}
    out = ReplyStatus(meeting, expected)
    for m in expected:
        r = replies.get(m.id)
        if r is None:
            out.silent.append(m)
        elif r.answer == "leave":
            out.on_leave.append((m, r.reason))
        else:
            out.attending.append(m)
    return out
