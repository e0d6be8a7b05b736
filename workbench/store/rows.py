"""Typed records: one frozen dataclass per table, the shape in which rows leave the store.

Consumers read `proposal.replied_on`, not `row["replied_on"]`: a renamed or retyped column then
fails in `tests/test_store_rows.py` (which compares these classes with `schema.py`) and in the type
checker, not at run time in whichever module reads it. Read them with `Store.select` / `Store.first`
/ `Store.one` (`store/reading.py`). Joined or aggregated figures are built from these by `figures`.
Changing a table in `schema.py` means changing its class here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from sqlalchemy import Table

from workbench.store import schema

R = TypeVar("R", bound="Record")


class Record:
    """What every typed record shares: its table, reading from a row, and a plain-dict view."""

    __slots__ = ()
    table: ClassVar[Table]

    @classmethod
    def from_row(cls: type[R], row: Mapping[Any, Any]) -> R:
        return cls(**{name: row[name] for name in cls.field_names()})

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]  # subclasses are dataclasses

    def as_dict(self) -> dict[str, Any]:
        """The record as a plain dict: for writers (`Writer.update`'s current values), JSON and templates."""
        return asdict(self)  # type: ignore[call-overload]  # subclasses are dataclasses

    # Read-only mapping-style reading (`r["code"]`, `{**r}`, `r.get("x")`) for document templates and the
    # callers not yet converted; workbench code reads attributes, which the type checker can see.
    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None

    def keys(self) -> tuple[str, ...]:
        return self.field_names()

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name, default)


@dataclass(frozen=True, slots=True)
class Committee(Record):
    """政协委员会（`committee`）"""

    table: ClassVar[Table] = schema.committee
    id: int
    name: str
    county: str
    office: str | None
    contact_person: str | None
    contact_phone: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Term(Record):
    """届（`term`）"""

    table: ClassVar[Table] = schema.term
    id: int
    committee_id: int
    term_no: int
    start_year: int | None
    end_year: int | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Leader(Record):
    """本届领导（`leader`）"""

    table: ClassVar[Table] = schema.leader
    id: int
    term_id: int
    position: int
    name: str
    title: str
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Meeting(Record):
    """会议（`meeting`）"""

    table: ClassVar[Table] = schema.meeting
    id: int
    term_id: int
    kind: str
    seq_no: int
    held_on: date | None
    start_time: str | None
    venue: str | None
    presider: str | None
    status: str | None
    notes: str | None
    archived_on: date | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class AgendaItem(Record):
    """议程事项（`agenda_item`）"""

    table: ClassVar[Table] = schema.agenda_item
    id: int
    meeting_id: int
    position: int
    title: str
    presenter: str | None
    source: str | None
    source_id: int | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class WorkPlan(Record):
    """年度工作要点（`work_plan`）"""

    table: ClassVar[Table] = schema.work_plan
    id: int
    committee_id: int | None
    year: int | None
    title: str | None
    source_name: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class PlanSection(Record):
    """工作要点部分（`plan_section`）"""

    table: ClassVar[Table] = schema.plan_section
    id: int
    work_plan_id: int
    number: int
    title: str
    text: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class PlanItem(Record):
    """工作要点条目（`plan_item`）"""

    table: ClassVar[Table] = schema.plan_item
    id: int
    section_id: int
    number: int
    title: str
    text: str | None
    lead_leader: str | None
    lead_committee: str | None
    partners: str | None
    owner: str | None
    deadline: date | None
    status: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class ProgressNote(Record):
    """进展情况（`progress_note`）"""

    table: ClassVar[Table] = schema.progress_note
    id: int
    plan_item_id: int
    noted_on: date
    text: str
    author: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Proposal(Record):
    """提案（`proposal`）"""

    table: ClassVar[Table] = schema.proposal
    id: int
    year: int
    case_no: int
    term_no: int | None  # the plenary session (届次, 会次) it was filed at, from schema version 6
    session_no: int | None
    title: str
    proposer: str | None
    proposer_type: str | None
    co_proposers: str | None
    category: str | None
    review_result: str | None
    merged_into: int | None
    lead_unit: str | None
    co_units: str | None
    assigned_on: date | None
    due_on: date | None
    replied_on: date | None
    reply_category: str | None
    satisfaction: str | None
    key_proposal: bool | None
    supervising_leader: str | None
    status: str | None
    handling_note: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class SupervisionGroup(Record):
    """民主监督小组（`supervision_group`）"""

    table: ClassVar[Table] = schema.supervision_group
    id: int
    name: str
    department: str
    leader: str | None
    members: str | None
    year: int | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class SupervisionItem(Record):
    """监督事项（`supervision_item`）"""

    table: ClassVar[Table] = schema.supervision_item
    id: int
    group_id: int | None
    code: str
    form: str | None
    topic: str
    department: str
    leader: str | None
    lead_committee: str | None
    deadline: date | None
    status: str | None
    progress: str | None
    recommendation_sent_on: date | None
    feedback_received_on: date | None
    closed_on: date | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class BriefingTopic(Record):
    """情况通报议题（`briefing_topic`）"""

    table: ClassVar[Table] = schema.briefing_topic
    id: int
    meeting_id: int | None
    code: str
    topic: str
    reporting_body: str | None
    reporter: str | None
    reporter_title: str | None
    materials_due_on: date | None
    materials_received_on: date | None
    status: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class PublicOpinion(Record):
    """社情民意信息（`public_opinion`）"""

    table: ClassVar[Table] = schema.public_opinion
    id: int
    code: str
    title: str
    submitter: str | None
    submitter_unit: str | None
    submitted_on: date | None
    issue_no: str | None
    adoption: str | None
    adopted_by: str | None
    instruction_leader: str | None
    instruction_on: date | None
    instruction: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class SpecialCommittee(Record):
    """专门委员会（`special_committee`）"""

    table: ClassVar[Table] = schema.special_committee
    id: int
    name: str
    short_name: str | None
    position: int | None
    duties: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class SpecialCommitteeMember(Record):
    """专门委员会组成人员（`special_committee_member`）"""

    table: ClassVar[Table] = schema.special_committee_member
    id: int
    committee_id: int
    member_id: int
    role: str
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class SpecialCommitteeActivity(Record):
    """专门委员会活动（`special_committee_activity`）"""

    table: ClassVar[Table] = schema.special_committee_activity
    id: int
    committee_id: int
    held_on: date
    activity_kind: str | None
    title: str
    participants: int | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class MeetingReply(Record):
    """参会回执（`meeting_reply`）"""

    table: ClassVar[Table] = schema.meeting_reply
    id: int
    meeting_id: int
    member_id: int
    answer: str
    reason: str | None
    replied_on: date | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Decision(Record):
    """议定事项（`decision`）"""

    table: ClassVar[Table] = schema.decision
    id: int
    meeting_id: int
    position: int
    text: str
    subject: str | None
    owner_unit: str | None
    deadline: date | None
    supervised: bool | None
    status: str | None
    feedback: str | None
    closed_on: date | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Vote(Record):
    """表决事项（`vote`）"""

    table: ClassVar[Table] = schema.vote
    id: int
    meeting_id: int
    position: int
    subject: str
    in_favour: int | None
    against: int | None
    abstain: int | None
    confidential: bool | None
    announced_on: date | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class TextOverride(Record):
    """文字改动（`text_override`）"""

    table: ClassVar[Table] = schema.text_override
    id: int
    meeting_id: int
    document: str
    old_text: str
    new_text: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class LiaisonGroup(Record):
    """委员联络组（`liaison_group`）"""

    table: ClassVar[Table] = schema.liaison_group
    id: int
    name: str
    kind: str | None
    leader: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Member(Record):
    """委员（`member`）"""

    table: ClassVar[Table] = schema.member
    id: int
    name: str
    gender: str | None
    sector: str | None
    party: str | None
    position: str | None
    is_standing_member: bool | None
    liaison_group_id: int | None
    phone: str | None
    term_id: int | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Attendance(Record):
    """出勤记录（`attendance`）"""

    table: ClassVar[Table] = schema.attendance
    id: int
    meeting_id: int
    member_id: int
    state: str
    reason: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class LiaisonQuota(Record):
    """联络组活动指标（`liaison_quota`）"""

    table: ClassVar[Table] = schema.liaison_quota
    id: int
    group_id: int
    year: int
    activity_kind: str
    required_count: int
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class LiaisonActivity(Record):
    """联络组活动（`liaison_activity`）"""

    table: ClassVar[Table] = schema.liaison_activity
    id: int
    group_id: int
    held_on: date
    activity_kind: str
    title: str
    participants: int | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class ScheduleStep(Record):
    """筹备事项（`schedule_step`）"""

    table: ClassVar[Table] = schema.schedule_step
    id: int
    meeting_id: int
    step: str
    due_on: date | None
    state: str | None
    done_on: date | None
    note: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Letter(Record):
    """函件（`letter`）"""

    table: ClassVar[Table] = schema.letter
    id: int
    meeting_id: int | None
    kind: str
    recipient: str
    year: int
    serial: int
    title: str
    issued_on: date
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Rating(Record):
    """测评项目（`rating`）"""

    table: ClassVar[Table] = schema.rating
    id: int
    meeting_id: int
    position: int
    subject: str
    department: str
    briefing_topic_id: int | None
    ballots_handed_out: int | None
    ballots_returned: int | None
    abstained: int | None
    invalid: int | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class RatingVote(Record):
    """测评票数（`rating_vote`）"""

    table: ClassVar[Table] = schema.rating_vote
    id: int
    rating_id: int
    level: str
    votes: int
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class PersonnelChange(Record):
    """人事事项（`personnel_change`）"""

    table: ClassVar[Table] = schema.personnel_change
    id: int
    meeting_id: int
    position: int
    kind: str
    name: str
    gender: str | None
    ethnicity: str | None
    born: str | None
    party: str | None
    sector: str | None
    unit_and_post: str | None
    post: str | None
    reason: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class PacketSnapshot(Record):
    """会议材料快照（`packet_snapshot`）"""

    table: ClassVar[Table] = schema.packet_snapshot
    id: int
    meeting_id: int
    exported_at: datetime
    exported_by: str
    data: str
    files: str | None


@dataclass(frozen=True, slots=True)
class HistoryEntry(Record):
    """修改记录（`history`, append-only）: one field of one change, values as JSON text."""

    table: ClassVar[Table] = schema.history
    id: int
    change_id: str
    table_name: str
    record_id: int
    action: str
    field: str | None
    old_value: str | None
    new_value: str | None
    version: int
    undoes: str | None
    actor: str
    at: datetime
    note: str | None


RECORDS: tuple[type[Record], ...] = (
    Committee,
    Term,
    Leader,
    Meeting,
    AgendaItem,
    WorkPlan,
    PlanSection,
    PlanItem,
    ProgressNote,
    Proposal,
    SupervisionGroup,
    SupervisionItem,
    BriefingTopic,
    LiaisonGroup,
    Member,
    Attendance,
    LiaisonQuota,
    LiaisonActivity,
    ScheduleStep,
    Letter,
    Rating,
    RatingVote,
    PersonnelChange,
    PublicOpinion,
    SpecialCommittee,
    SpecialCommitteeMember,
    SpecialCommitteeActivity,
    MeetingReply,
    Decision,
    Vote,
    TextOverride,
    PacketSnapshot,
    HistoryEntry,
)
