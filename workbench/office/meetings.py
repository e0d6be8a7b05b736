"""Meetings: numbering within a term, formal and short titles, finding "the next meeting".

A title is never stored: "政协青岚县第十一届委员会常务委员会第五次会议" and
"十一届五次常委会议" are derived from committee, term, kind and sequence number,
so renumbering or renaming the committee cannot leave stale titles behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from workbench.base import config
from workbench.base.errors import NotFoundError, ValidationError
from workbench.base.numerals import chinese_date, chinese_datetime, chinese_number
from workbench.base.values import entered_day
from workbench.office import committee
from workbench.store import Store, schema
from workbench.store.rows import Attendance, Committee, Meeting, PacketSnapshot, Term


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    term_id: int
    term_no: int
    kind: str
    seq_no: int
    held_on: date | None
    start_time: str | None
    venue: str | None
    presider: str | None
    status: str | None
    version: int
    committee_name: str
    county: str
    office: str | None
    archived_on: date | None = None  # archived (归档): its records change only as a 更正 (`store.archive`)

    @property
    def title(self) -> str:
        return formal_title(self.county, self.term_no, self.kind, self.seq_no)

    @property
    def short_title(self) -> str:
        return short_title(self.term_no, self.kind, self.seq_no)

    @property
    def committee_of_term(self) -> str:
        """The committee as decisions name it: 政协××县第十一届委员会."""
        return term_committee(self.county, self.term_no)


def term_committee(county: str, term_no: int) -> str:
    return f"政协{county}第{chinese_number(term_no)}届委员会"


class MeetingKind(StrEnum):
    """The meeting kinds the store knows (codes of labels' meeting_kind); the packet is a standing committee's."""

    STANDING_COMMITTEE = "standing_committee_meeting"
    PLENARY = "plenary"
    CHAIRS = "chairs_meeting"


# How each kind is named: in the formal title after the committee (…常务委员会第十八次会议) and in short.
_WORDING: dict[str, tuple[str, str]] = {
    MeetingKind.STANDING_COMMITTEE: ("常务委员会第{seq}次会议", "常委会议"),
    MeetingKind.PLENARY: ("第{seq}次会议", "会议"),
    MeetingKind.CHAIRS: ("第{seq}次主席会议", "主席会议"),
}
_OTHER = ("第{seq}次会议", "会议")


def formal_title(county: str, term_no: int, kind: str, seq_no: int) -> str:
    formal, _ = _WORDING.get(kind, _OTHER)
    return term_committee(county, term_no) + formal.format(seq=chinese_number(seq_no))


def short_title(term_no: int, kind: str, seq_no: int) -> str:
    _, short = _WORDING.get(kind, _OTHER)
    return f"{chinese_number(term_no)}届{chinese_number(seq_no)}次{short}"


def list_meetings(store: Store, *, kind: str | None = None) -> list[MeetingInfo]:
    committees = {c.id: c for c in store.select(Committee)}
    terms = {t.id: t for t in store.select(Term)}
    meetings = store.select(Meeting, kind=kind) if kind else store.select(Meeting)
    out = []
    for m in meetings:
        t = terms[m.term_id]
        c = committees[t.committee_id]
        out.append(
            MeetingInfo(
                id=m.id,
                term_id=m.term_id,
                term_no=t.term_no,
                kind=m.kind,
                seq_no=m.seq_no,
                held_on=m.held_on,
                start_time=m.start_time,
                venue=m.venue,
                presider=m.presider,
                status=m.status,
                version=m.version,
                committee_name=c.name,
                county=c.county,
                office=c.office,
                archived_on=m.archived_on,
            )
        )
    return sorted(out, key=lambda i: (i.term_no, i.kind, i.seq_no))


def next_meeting(store: Store, *, kind: str = MeetingKind.STANDING_COMMITTEE, today: date | None = None) -> MeetingInfo | None:
    """The first meeting of this kind not yet held (by number), in the newest term that has one, or None.

    After 换届 a meeting of the old term left "筹备中" must not stand in front of the new term's. A
    meeting whose date has passed though nobody marked it 已召开 is taken only when no later one is open:
    the secretary is preparing the one ahead.
    """
    open_ = [m for m in list_meetings(store, kind=kind) if m.status not in ("held", "cancelled")]
    if not open_:
        return None
    newest = max(m.term_no for m in open_)
    mine = [m for m in open_ if m.term_no == newest]
    today = today or date.today()
    ahead = [m for m in mine if m.held_on is None or m.held_on >= today]
    return (ahead or mine)[0]


def previous_meeting(store: Store, meeting: MeetingInfo) -> MeetingInfo | None:
    earlier = [
        m
        for m in list_meetings(store, kind=meeting.kind)
        if (m.term_no, m.seq_no) < (meeting.term_no, meeting.seq_no) and m.status != "cancelled"
    ]
    return earlier[-1] if earlier else None


def resolve(store: Store, ref: str | int) -> MeetingInfo:
    """A meeting by id, by short or formal title, or `next` (the next standing-committee meeting)."""
    text = str(ref).strip()
    meetings = list_meetings(store)
    if text.lower() in ("next", "下次", "下一次"):
        found = next_meeting(store)
        if found is None:
            raise NotFoundError("没有尚未召开的常委会议。请先新建下一次会议。")
        return found
    for m in meetings:
        if text == str(m.id) or text in (m.short_title, m.title):
            return m
    known = "、".join(m.short_title for m in meetings) or "（暂无会议）"
    raise NotFoundError(f"找不到会议“{text}”。可用的会议有：{known}；也可写 next 表示下一次常委会议。")


def suggest_next(store: Store, *, kind: str = MeetingKind.STANDING_COMMITTEE) -> dict:
    """Term and number for the next meeting of `kind`: one after the last in the newest term."""
    term = store.first(Term, order_by=Term.table.c.term_no.desc())
    if term is None:
        raise NotFoundError(
            "库中还没有本会和届次信息，无法新建会议。请先在“本会设置”页填写县名、届次和起始年份，"
            "或运行 python -m workbench init --county 县名 --term 届次 --term-start 起始年份。"
        )
    seqs = [m.seq_no for m in list_meetings(store, kind=kind) if m.term_id == term.id]
    return {"term_id": term.id, "term_no": term.term_no, "kind": kind, "seq_no": (max(seqs) + 1) if seqs else 1}


def create_meeting(
    store: Store,
    *,
    term_id: int,
    seq_no: int,
    kind: str = MeetingKind.STANDING_COMMITTEE,
    held_on: date | None = None,
    venue: str | None = None,
    presider: str | None = None,
    start_time: str | None = None,
    actor: str | None = None,
) -> MeetingInfo:
    existing = [m for m in list_meetings(store, kind=kind) if m.term_id == term_id and m.seq_no == seq_no]
    if existing:
        raise ValidationError(f"{existing[0].short_title}已经存在，不能重复新建。")
    new_id = store.insert(
        "meeting",
        {
            "term_id": term_id,
            "kind": kind,
            "seq_no": seq_no,
            "held_on": held_on,
            "venue": venue,
            "presider": presider,
            "start_time": start_time,
            "status": "planned",
        },
        actor=actor,
    )
    return resolve(store, new_id)


# ---------------------------------------------------------------- adding, changing, deleting

# What `meeting edit` may change; title and term follow from these and are never typed.
EDITABLE = ("seq_no", "held_on", "start_time", "venue", "presider", "status")


def parse_date(value: str | date | None, *, what: str = "会议日期") -> date | None:
    """A date as the secretary typed it (2027-03-18, 2027年3月18日, 2027.3.18 …), or a Chinese refusal."""
    return entered_day(value, what=what)


def kind_code(value: str | None) -> str:
    """`--kind 常委会议` (or the code) as the stored code."""
    code = config.labels()["meeting_kind"].code(value or MeetingKind.STANDING_COMMITTEE, where="会议类型")
    return code or MeetingKind.STANDING_COMMITTEE


def _current_term(store: Store) -> committee.CommitteeProfile:
    profile = committee.profile(store)
    if profile is None or profile.term_id is None:
        raise NotFoundError(
            "库中还没有本会和届次信息，不能新建会议。请先运行 python -m workbench init "
            "--county 县名 --term 届次 --term-start 起始年份，或在编辑器“本会设置”页填写。"
        )
    return profile


def _check_values(term_no: int, start_year: int | None, values: dict) -> None:
    held_on = values.get("held_on")
    if held_on is not None and start_year and held_on.year < start_year:
        raise ValidationError(
            f"会议日期 {held_on.isoformat()} 早于第{chinese_number(term_no)}届的起始年份 {start_year} 年，未作改动。"
        )
    seq_no = values.get("seq_no")
    if seq_no is not None and not 1 <= int(seq_no) <= 999:
        raise ValidationError(f"会议次序“{seq_no}”无效，应为 1 到 999 之间的整数。")
    for field, zh, limit in (("start_time", "开始时间", 20), ("venue", "地点", 100), ("presider", "主持人", 50)):
        text = values.get(field)
        if text is not None and len(text) > limit:
            raise ValidationError(f"{zh}“{text[:20]}……”过长（最多 {limit} 个字），未作改动。")


def _clean_text(value: str | None) -> str | None:
    return (value or "").strip() or None


def add_meeting(
    store: Store,
    *,
    held_on: str | date | None,
    kind: str | None = None,
    seq_no: int | None = None,
    start_time: str | None = None,
    venue: str | None = None,
    presider: str | None = None,
    actor: str | None = None,
) -> MeetingInfo:
    """A new meeting in the current term: number the next one unless given, presided by the chair unless given."""
    profile = _current_term(store)
    code = kind_code(kind)
    values: dict[str, Any] = {
        "held_on": parse_date(held_on),
        "seq_no": seq_no,
        "start_time": _clean_text(start_time),
        "venue": _clean_text(venue),
        "presider": _clean_text(presider),
    }
    _check_values(profile.term_no or 0, profile.term_start_year, values)
    if values["presider"] is None and profile.leaders:
        values["presider"] = profile.leaders[0].name  # protocol order: the chair presides
    m = schema.meeting
    with store.writer(actor) as w:
        # Numbered inside the write transaction: two secretaries adding at once cannot take the same number.
        taken = {r.seq_no for r in w.conn.execute(select(m.c.seq_no).where(m.c.term_id == profile.term_id, m.c.kind == code))}
        if values["seq_no"] is None:
            values["seq_no"] = max(taken, default=0) + 1
        elif values["seq_no"] in taken:
            raise ValidationError(
                f"{short_title(profile.term_no or 0, code, values['seq_no'])}已经存在，"
                f"不能重复新建。本届下一次应为第{chinese_number(max(taken) + 1)}次（--seq {max(taken) + 1}）。"
            )
        new_id = w.insert(m, {"term_id": profile.term_id, "kind": code, "status": "planned", **values})
    return resolve(store, new_id)


def edit_meeting(
    store: Store, ref: str | int, changes: dict, *, actor: str | None = None, expected_version: int | None = None
) -> MeetingInfo:
    """Change a meeting's number, date, time, venue, presider or status; the rest of its record stays.

    The command line and the editor's 会议 tab both save through here: the same checks, the same date
    spellings. `expected_version` is the version the editor showed: a change made meanwhile by someone
    else is refused with a `ConflictError` instead of overwritten. Inside an open writer (the editor's
    edit session) the write joins it.
    """
    meeting = resolve(store, ref)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"会议的“{'、'.join(sorted(unknown))}”不能在此修改。")
    values: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "held_on":
            values[field] = parse_date(value)
        elif field == "status":
            values[field] = config.labels()["meeting_status"].code(value, where="会议状态")
        elif field == "seq_no":
            values[field] = int(value)
        else:
            values[field] = _clean_text(value)
    if not values:
        raise ValidationError("没有给出要修改的内容。可修改：--date、--time、--venue、--presider、--seq、--status。")
    term = store.one(Term, meeting.term_id)
    _check_values(meeting.term_no, term.start_year, values)
    m = schema.meeting
    with store.writer(actor) as w:
        if "seq_no" in values and values["seq_no"] != meeting.seq_no:
            clash = w.conn.execute(
                select(m.c.id).where(m.c.term_id == meeting.term_id, m.c.kind == meeting.kind, m.c.seq_no == values["seq_no"])
            ).first()
            if clash:
                raise ValidationError(
                    f"{short_title(meeting.term_no, meeting.kind, values['seq_no'])}已经存在，"
                    f"{meeting.short_title}不能改为这个次序，未作改动。"
                )
        w.update(m, meeting.id, values, expected_version=expected_version or meeting.version)
    return resolve(store, meeting.id)


def last_details(store: Store, *, kind: str = MeetingKind.STANDING_COMMITTEE) -> dict[str, str]:
    """The time, venue and presider of the latest meeting of `kind`: where the next one usually starts from."""
    listed = [m for m in list_meetings(store, kind=kind) if m.status != "cancelled"]
    if not listed:
        return {}
    last = listed[-1]
    return {k: v for k, v in (("start_time", last.start_time), ("venue", last.venue), ("presider", last.presider)) if v}


def archive_meeting(store: Store, ref: str | int, *, actor: str | None = None, today: date | None = None) -> MeetingInfo:
    """归档 a held meeting: from now on its records (agenda, attendance, votes, decisions, …) change only as a
    更正 with its reason (`store.writer(correction=…)`), except the 督办 of its decisions."""
    meeting = resolve(store, ref)
    today = today or date.today()
    if meeting.archived_on is not None:
        raise ValidationError(f"{meeting.short_title}已于{chinese_date(meeting.archived_on)}归档，无需再次归档。")
    if meeting.status != "held" and not (meeting.held_on is not None and meeting.held_on <= today):
        raise ValidationError(f"{meeting.short_title}尚未召开，不能归档。会议召开、各项记录录入完毕后再归档。")
    with store.writer(actor) as w:
        w.update(schema.meeting, meeting.id, {"archived_on": today, "status": "held"}, expected_version=meeting.version)
    return resolve(store, meeting.id)


def delete_meeting(store: Store, ref: str | int, *, actor: str | None = None) -> str:
    """Delete a meeting entered by mistake, with its agenda; refuse once its packet was exported or attendance kept.

    Briefing topics planned for it are kept and become unassigned. Returns what was done, in Chinese.
    """
    meeting = resolve(store, ref)
    exported = store.first(PacketSnapshot, meeting_id=meeting.id, order_by=PacketSnapshot.table.c.exported_at.desc())
    attended = len(store.select(Attendance, meeting_id=meeting.id))
    if exported is not None:
        raise ValidationError(
            f"{meeting.short_title}的会议材料已于{chinese_datetime(exported.exported_at)}由{exported.exported_by}导出，"
            "导出的材料和快照以这次会议为准，不能删除，未作改动。如会议不再召开，请将其状态改为“已取消”："
            f"python -m workbench meeting edit {meeting.id} --status 已取消"
        )
    if attended:
        raise ValidationError(
            f"{meeting.short_title}已录入 {attended} 条出勤记录，不能删除，未作改动。"
            "如会议不再召开，请将其状态改为“已取消”："
            f"python -m workbench meeting edit {meeting.id} --status 已取消"
        )
    agenda, topics = schema.agenda_item, schema.briefing_topic
    with store.writer(actor) as w:
        current = w.get(schema.meeting, meeting.id)
        items = w.conn.execute(select(agenda.c.id, agenda.c.version).where(agenda.c.meeting_id == meeting.id)).all()
        for r in items:
            w.delete(agenda, r.id, expected_version=r.version)
        planned = w.conn.execute(select(topics.c.id, topics.c.version).where(topics.c.meeting_id == meeting.id)).all()
        for r in planned:
            w.update(topics, r.id, {"meeting_id": None}, expected_version=r.version)
        w.delete(schema.meeting, meeting.id, expected_version=current["version"])
    done = f"已删除{meeting.short_title}"
    if items:
        done += f"及其议程 {len(items)} 项"
    if planned:
        done += f"；原拟在该次会议通报的 {len(planned)} 个议题保留，改为未安排会议"
    return done + "。"
