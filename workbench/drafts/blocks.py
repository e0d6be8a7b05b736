"""What documents say, as plain data: the contract between drafting and the Word writer.

Blocks (heading, paragraph, table) and the documents made of them: the meeting packet
(`Packet` of `PacketDocument`s with their appendices), an ordinary document outside the packet
(`StandaloneDocument`, with its signature, 附注, attendance lines or 纪要 head) and a letter
(`Letter`, 信函格式). `workbench.drafts`' kinds and `workbench.packet` fill them from the store; the
editor may change a packet by hand; `workbench.documents` turns them into .docx/.pdf. Nothing here
knows the store or Word, so a document can be built in a test, pickled, or turned into JSON.

A packet is a list of documents in the glossary's order (cover, notice, agenda,
briefings, plan progress, next year's draft plan, supervision, proposals, personnel,
attendance, liaison groups, changes since the last meeting). Each document is either rendered from a
template in `templates/` with `context` (cover, notice, agenda: prose a
secretary edits in Word), or built from `blocks` (headings, paragraphs, tables),
or both: template first, then blocks. A document may carry appendices (附件, GB/T 9704
§7.3 and §8): named in the 附件说明 under its body and printed after it, each on a new page.
"""

from __future__ import annotations

import contextlib
import types
import typing
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, Union


class Part(StrEnum):
    """The key of each part of the meeting packet (`PacketDocument.key`), declared once; their names,
    order and drafting modules are in `drafts.kinds.PACKET_PARTS`."""

    COVER = "cover"
    NOTICE = "notice"
    AGENDA = "agenda"
    BRIEFINGS = "briefings"
    PLAN_PROGRESS = "plan_progress"
    DRAFT_PLAN = "draft_plan"
    SUPERVISION = "supervision"
    PROPOSALS = "proposals"
    PERSONNEL = "personnel"
    ATTENDANCE = "attendance"
    LIAISON = "liaison"
    DECISIONS = "decisions"
    CHANGES = "changes"


@dataclass
class Heading:
    """一、 (level 1, 黑体), （一） (level 2, 楷体), 1. (level 3, 仿宋 bold). `text` includes its number."""

    text: str
    level: int = 1
    kind: Literal["heading"] = "heading"


@dataclass
class Paragraph:
    """Body text: 仿宋 16 pt with a two-character first-line indent, unless `align` says otherwise."""

    text: str
    align: Literal["justify", "center", "right", "left"] = "justify"
    bold: bool = False
    # Characters of body text between a right-aligned line and the margin (署名 and 成文日期).
    right_indent_chars: float = 0
    # Kept on one page with the next paragraph (a 署名 with its 成文日期).
    keep_with_next: bool = False
    kind: Literal["paragraph"] = "paragraph"


@dataclass
class Column:
    header: str
    width_mm: float
    align: Literal["left", "center", "right"] = "left"


@dataclass
class CellSource:
    """Where the text of one table cell comes from: a field of a stored record, printed after `prefix`
    (e.g. a progress note's date, "9月3日："). An export marks the cell with a hidden bookmark (`mark`,
    given by `packet.provenance.assign`), so the text edited in Word or WPS can be read back to its record."""

    row: int
    col: int
    table: str  # the store's table name, e.g. "proposal"
    record_id: int
    field: str  # the column, e.g. "title"
    value: str  # the field's value as the packet was drafted (a record changed since then is a conflict)
    prefix: str = ""
    mark: str = ""
    kind: Literal["cell_source"] = "cell_source"


@dataclass
class Table:
    """A table; `landscape` puts it in its own landscape section (wide tables)."""

    columns: list[Column]
    rows: list[list[str]]
    caption: str = ""
    landscape: bool = False
    # Row indices (into `rows`) to mark, e.g. overdue or lagging items, drawn in bold.
    marked_rows: list[int] = field(default_factory=list)
    note: str = ""
    # Cells printing a record's field, marked in the export for reading edits back (`packet.readback`).
    sources: list[CellSource] = field(default_factory=list)
    # Set when exporting: a mark on the first cell of each row holding sources, so a cell whose own mark
    # Word dropped (its whole text typed over) is still found in its row.
    row_marks: dict[int, str] = field(default_factory=dict)
    kind: Literal["table"] = "table"


Block = Heading | Paragraph | Table


@dataclass
class Appendix:
    """An attachment (附件) of a document, laid out as GB/T 9704 lays out attachments.

    The document names it in the 附件说明 under its body ("附件：title"); it starts on a new page
    with "附件" (黑体) at the top left, then `title` centred in the title style, then `blocks`
    (a wide table turns that page to landscape). It is part of its document: it has no line of
    its own in the packet's contents and its title is kept out of the outline the contents collects.
    """

    title: str
    blocks: list[Block] = field(default_factory=list)
    kind: Literal["appendix"] = "appendix"


@dataclass
class PacketDocument:
    """One document of the packet, written as its own .docx and as a part of the merged packet."""

    key: str  # stable English key, e.g. "agenda", "proposals"
    title: str  # Chinese title shown in the document and the table of contents
    template: str | None = None  # file name in templates/, rendered with `context`
    context: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    included: bool = True  # the editor can leave a document out
    rule: str = ""  # Chinese: why its content was pulled in (shown in the editor)
    appendices: list[Appendix] = field(default_factory=list)  # 附件, printed after the body in this order
    # Set when exporting: the hidden bookmark naming this document and its export (`packet.provenance`), and
    # the wording kept from an edited export, whole paragraph → what to print instead (`packet.text_overrides`).
    mark: str = ""
    text_overrides: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- the figures a packet quotes
#
# Filled by assembly from `workbench.office.figures`, frozen into the export's snapshot as JSON and read
# back by `PacketFigures.from_json` (the dashboard's snapshot view reads them that way too).
# Every field may be None: a snapshot written by an older version may lack it.


@dataclass
class MinutesHead:
    """The head of a 会议纪要 (GB/T 9704 §10.3): 纪要标志, issue number, compiling office and date."""

    mark: str  # may hold a line break: the committee, then what these minutes are
    number: str  # 第十八期
    office: str
    date_text: str  # 2026年12月17日


@dataclass
class Signature:
    sender: str
    signed_on: date | None
    sealed: bool = False


@dataclass
class StandaloneDocument:
    """A document with a title, blocks, an optional closing signature, 附注 and attendance lines."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None
    note: str = ""  # 附注, e.g. （联系人：…，电话：…）
    # 纪要: ("出席", "…") lines at the end, label in 黑体.
    attendance: list[tuple[str, str]] = field(default_factory=list)
    subtitle: str = ""  # a line under the title in 楷体, e.g. （2026年6月18日）
    author: str = ""
    show_title: bool = True  # 纪要 carry their mark in a head of their own instead
    minutes_head: MinutesHead | None = None


@dataclass
class Letter:
    kind: str  # code of labels' letter_kind
    sender: str  # 政协青岚县委员会办公室: mark and 署名
    number: str  # 发文字号, e.g. 青政协办函〔2026〕7号
    title: str
    recipient: str  # 主送机关, without the colon
    paragraphs: list[str] = field(default_factory=list)
    # Each table with the sentence that leads into it (催办函: the overdue items).
    tables: list[tuple[str, Table]] = field(default_factory=list)
    after_table: list[str] = field(default_factory=list)
    closing: str = "特此函告。"
    issued_on: date | None = None
    contact: str = ""  # 附注, e.g. 联系人：王明，电话：0000-1234567

    def text(self) -> str:
        """The letter as plain text, for the editor's preview and for tests."""
        lines = [self.sender, self.number, self.title, f"{self.recipient}：", *self.paragraphs]
        for lead, table in self.tables:
            lines.append(lead)
            lines.append("　".join(c.header for c in table.columns))
            lines += ["　".join(r) for r in table.rows]
        lines += [*self.after_table, self.closing]
        return "\n".join(lines)


@dataclass
class PlanFigures:
    year: int | None = None
    total: int | None = None
    by_status: dict[str, int] | None = None
    listed_ids: list[int] | None = None
    flagged_ids: list[int] | None = None  # overdue or lagging (▲)
    marked_ids: list[int] | None = None  # of those, the ones listed in the packet
    without_update: list[int] | None = None
    # 专门委员会 → what it leads, as the plan report's table printed it (`office.special_committees`).
    by_committee: dict[str, dict[str, int]] | None = None


@dataclass
class SupervisionFigures:
    total: int | None = None
    groups: int | None = None
    by_status: dict[str, int] | None = None
    overdue_codes: list[str] | None = None
    lagging_codes: list[str] | None = None
    feedback_overdue_codes: list[str] | None = None
    listed_codes: list[str] | None = None


@dataclass
class ProposalFiguresQuoted:
    year: int | None = None
    total: int | None = None
    filed: int | None = None
    replied: int | None = None
    reply_rate: float | None = None
    rated: int | None = None
    satisfied: int | None = None
    basically_satisfied: int | None = None
    dissatisfied: int | None = None
    satisfaction_rate: float | None = None
    by_status: dict[str, int] | None = None
    by_category: dict[str, int] | None = None
    by_unit: list[tuple[str, int]] | None = None
    by_reply_category: dict[str, int] | None = None
    by_review_result: dict[str, int] | None = None
    open: int | None = None
    overdue: int | None = None
    overdue_case_nos: list[int] | None = None
    table_case_nos: list[int] | None = None  # the body's table (section 五)
    appendix_case_nos: list[int] | None = None  # the appendix listing every filed proposal, when the rule asks


@dataclass
class BriefingFigures:
    codes: list[str] | None = None
    count: int | None = None
    materials_missing: list[str] | None = None


@dataclass
class RatingFigures:
    """One department's rating by the 常委 at the previous meeting (counts by level code)."""

    department: str | None = None
    subject: str | None = None
    counts: dict[str, int] | None = None
    rate: float | None = None


@dataclass
class MeetingAttendance:
    expected: int | None = None
    present: int | None = None
    on_leave: int | None = None
    absent_unexcused: int | None = None


@dataclass
class AttendanceFigures:
    expected: int | None = None
    present: int | None = None
    on_leave: int | None = None
    absent_unexcused: int | None = None
    meetings: dict[str, MeetingAttendance] | None = None
    absence_limit: int | None = None
    absences: dict[str, int] | None = None
    reached: list[str] | None = None


@dataclass
class LiaisonFigures:
    required: int | None = None
    done: int | None = None
    completion: float | None = None


@dataclass
class ChangeFigures:
    new_items: int | None = None
    status_changes: int | None = None
    became_overdue: int | None = None
    no_update: int | None = None
    has_snapshot: bool | None = None
    previous: str | None = None
    keys: dict[str, list[str]] | None = None


@dataclass
class DecisionFigures:
    """The earlier meetings' supervised 议定事项 as the packet reports them."""

    listed: int | None = None
    done_since: int | None = None
    open: int | None = None
    overdue: int | None = None


@dataclass
class PersonnelFigures:
    """The meeting's 任免名单: how many people, by kind code."""

    total: int | None = None
    by_kind: dict[str, int] | None = None


@dataclass
class PacketFigures:
    as_of: str | None = None  # ISO date the figures are taken as of ("截至")
    quarter: str | None = None  # the meeting's quarter as the packet names it (2027年第一季度)
    rules: dict[str, str] | None = None
    plan: PlanFigures | None = None
    supervision: SupervisionFigures | None = None
    proposals: ProposalFiguresQuoted | None = None
    briefings: BriefingFigures | None = None
    attendance: AttendanceFigures | None = None
    liaison: dict[str, LiaisonFigures] | None = None
    changes: ChangeFigures | None = None
    previous_ratings: list[RatingFigures] | None = None
    personnel: PersonnelFigures | None = None
    decisions: DecisionFigures | None = None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data) -> PacketFigures:
        """Figures from snapshot JSON; values missing or of the wrong type are left None."""
        loaded = _load(cls, data if isinstance(data, dict) else {})
        assert isinstance(loaded, cls)
        return loaded


class _Unreadable(Exception):
    pass


def _load(tp, value):
    """`value` (decoded JSON) as type `tp`; raises _Unreadable where it does not fit."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        return _load(next(a for a in args if a is not type(None)), value)
    if isinstance(tp, type) and is_dataclass(tp):
        if not isinstance(value, dict):
            raise _Unreadable
        hints, kwargs = typing.get_type_hints(tp), {}
        for f in fields(tp):
            if f.name in value:
                with contextlib.suppress(_Unreadable):
                    kwargs[f.name] = _load(hints[f.name], value[f.name])
        return tp(**kwargs)
    if origin is dict:
        if not isinstance(value, dict):
            raise _Unreadable
        return {str(k): _load(args[1], v) for k, v in value.items()}
    if origin is list:
        if not isinstance(value, list):
            raise _Unreadable
        return [_load(args[0], v) for v in value]
    if origin is tuple:
        if not isinstance(value, (list, tuple)) or len(value) != len(args):
            raise _Unreadable
        return tuple(_load(a, v) for a, v in zip(args, value))
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise _Unreadable
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _Unreadable
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise _Unreadable
    if tp is str:
        if isinstance(value, str):
            return value
        raise _Unreadable
    return value


@dataclass
class Packet:
    meeting_id: int
    meeting_title: str  # 政协青岚县第十一届委员会常务委员会第十八次会议
    meeting_short_title: str  # 十一届十八次常委会议
    meeting_date: date | None
    office: str  # 政协青岚县委员会办公室 (issuing office on the cover)
    documents: list[PacketDocument] = field(default_factory=list)
    figures: PacketFigures = field(default_factory=PacketFigures)  # the numbers quoted, for tests and snapshots
    generated_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    # Names this export in its hidden bookmarks and its snapshot (`packet.provenance`); set when exporting.
    export_token: str = ""

    def document(self, key: str) -> PacketDocument:
        for d in self.documents:
            if d.key == key:
                return d
        raise KeyError(key)

    def to_dict(self) -> dict:
        return asdict(self)
