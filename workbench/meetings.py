"""Meetings: numbering within a term, formal and short titles, finding "the next meeting".

A title is never stored: "政协青岚县第十一届委员会常务委员会第五次会议" and
"十一届五次常委会议" are derived from committee, term, kind and sequence number,
so renumbering or renaming the committee cannot leave stale titles behind.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .errors import NotFoundError, ValidationError
from .numerals import chinese_number
from .store import Store, schema

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

    @property
    def title(self) -> str:
        return formal_title(self.county, self.term_no, self.kind, self.seq_no)

    @property
    def short_title(self) -> str:
        return short_title(self.term_no, self.kind, self.seq_no)

    @property
    def quarter(self) -> int | None:
        return (self.held_on.month - 1) // 3 + 1 if self.held_on else None


def formal_title(county: str, term_no: int, kind: str, seq_no: int) -> str:
    head = f"政协{county}第{chinese_number(term_no)}届委员会"
    seq = chinese_number(seq_no)
    if kind == "standing_committee_meeting":
        return f"{head}常务委员会第{seq}次会议"
    if kind == "plenary":
        return f"{head}第{seq}次会议"
    if kind == "chairs_meeting":
        return f"{head}第{seq}次主席会议"
    return f"{head}第{seq}次会议"


def short_title(term_no: int, kind: str, seq_no: int) -> str:
    suffix = {"standing_committee_meeting": "常委会议", "plenary": "会议", "chairs_meeting": "主席会议"}
    return f"{chinese_number(term_no)}届{chinese_number(seq_no)}次{suffix.get(kind, '会议')}"


def list_meetings(store: Store, *, kind: str | None = None) -> list[MeetingInfo]:
    m, t, c = schema.meeting, schema.term, schema.committee
    q = (select(m.c.id, m.c.term_id, t.c.term_no, m.c.kind, m.c.seq_no, m.c.held_on, m.c.start_time,
                m.c.venue, m.c.presider, m.c.status, m.c.version,
                c.c.name.label("committee_name"), c.c.county, c.c.office)
         .join(t, m.c.term_id == t.c.id).join(c, t.c.committee_id == c.c.id)
         .order_by(t.c.term_no, m.c.kind, m.c.seq_no))
    if kind:
        q = q.where(m.c.kind == kind)
    with store.engine.connect() as conn:
        return [MeetingInfo(**dict(r)) for r in conn.execute(q).mappings()]


def next_meeting(store: Store, *, kind: str = "standing_committee_meeting") -> MeetingInfo | None:
    """The first meeting of this kind not yet held (by term and number), or None."""
    for info in list_meetings(store, kind=kind):
        if info.status not in ("held", "cancelled"):
            return info
    return None


def previous_meeting(store: Store, meeting: MeetingInfo) -> MeetingInfo | None:
    earlier = [m for m in list_meetings(store, kind=meeting.kind)
               if (m.term_no, m.seq_no) < (meeting.term_no, meeting.seq_no) and m.status != "cancelled"]
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


def suggest_next(store: Store, *, kind: str = "standing_committee_meeting") -> dict:
    """Term and number for the next meeting of `kind`: one after the last in the newest term."""
    t = schema.term
    with store.engine.connect() as conn:
        term = conn.execute(select(t).order_by(t.c.term_no.desc())).mappings().first()
    if term is None:
        raise NotFoundError("库中还没有委员会和届次信息，无法建议下一次会议。请先运行 init 或导入数据。")
    seqs = [m.seq_no for m in list_meetings(store, kind=kind) if m.term_id == term["id"]]
    return {"term_id": term["id"], "term_no": term["term_no"], "kind": kind,
            "seq_no": (max(seqs) + 1) if seqs else 1}


def create_meeting(store: Store, *, term_id: int, seq_no: int, kind: str = "standing_committee_meeting",
                   held_on: date | None = None, venue: str | None = None, presider: str | None = None,
                   start_time: str | None = None, actor: str | None = None) -> MeetingInfo:
    existing = [m for m in list_meetings(store, kind=kind) if m.term_id == term_id and m.seq_no == seq_no]
    if existing:
        raise ValidationError(f"{existing[0].short_title}已经存在，不能重复新建。")
    new_id = store.insert("meeting", {"term_id": term_id, "kind": kind, "seq_no": seq_no,
                                      "held_on": held_on, "venue": venue, "presider": presider,
                                      "start_time": start_time, "status": "planned"}, actor=actor)
    return resolve(store, new_id)
