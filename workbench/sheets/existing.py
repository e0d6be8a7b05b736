"""What the store already holds for a sheet kind, loaded once and keyed by natural key.

Import compares every file row against this, so it never queries the store row
by row: one query per table, then dictionary look-ups. Values are kept in the
same form a normalised cell has (codes for labels, dates, names for referenced
meetings, groups and liaison groups), so a row exported and read back compares
equal. `refs` maps every accepted way of naming a referenced record (a meeting's
short or formal title, a group's name) to its canonical name and id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from workbench.office import meetings
from workbench.office.committee import current_term_id
from workbench.office.special_committees import forms
from workbench.sheets import normalize
from workbench.sheets.kinds import Kind
from workbench.store import Store, schema


@dataclass
class Record:
    id: int
    version: int
    values: dict[str, Any]
    # plan progress only: noted_on → (note id, version, text, author)
    notes: dict[date, tuple[int, int, str | None, str | None]] = field(default_factory=dict)


@dataclass
class Holdings:
    kind: Kind
    records: dict[tuple, Record] = field(default_factory=dict)
    refs: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    by_name: dict[str, list[Record]] = field(default_factory=dict)  # members
    # attendance, committee seats: name → (member id, position, term id); the meeting's term picks among namesakes
    members: dict[str, list[tuple[int, str | None, int | None]]] = field(default_factory=dict)
    meeting_terms: dict[int, int] = field(default_factory=dict)  # meeting id → term id
    term_id: int | None = None  # members: the current term, which new rows join
    terms: dict[int, int] = field(default_factory=dict)  # briefing topics: term number → id, for meetings to add
    planned: dict[str, Any] = field(default_factory=dict)  # meetings the file names that the store lacks, by name
    new_committees: list[str] = field(default_factory=list)  # 专门委员会 a composition list names that the store lacks

    def find(self, key: tuple) -> Record | None:
        found = self.records.get(key)
        if found is None and self.kind.name == "member":
            # A member whose 工作单位及职务 changed (or a file without that column) is still the same person.
            same_name = self.by_name.get(key[0], [])
            if len(same_name) == 1:
                return same_name[0]
        return found


def _clean(kind: Kind, values: dict) -> dict:
    out = {}
    for f in kind.fields:
        v = values.get(f.name)
        if f.type in ("text", "multiline", "ref"):
            v = normalize.text(v, multiline=f.type == "multiline")
        elif f.type == "bool":
            v = bool(v)
        out[f.name] = v
    return out


def load(store: Store, kind: Kind) -> Holdings:
    with store.engine.connect() as conn:
        return _LOADERS[kind.name](store, conn, kind)


def _meeting_refs(store: Store) -> dict[str, tuple[str, int]]:
    refs: dict[str, tuple[str, int]] = {}
    for m in meetings.list_meetings(store):
        for written in (m.short_title, m.title, str(m.id)):
            refs.setdefault(normalize.header_key(written), (m.short_title, m.id))
    return refs


def _plain(store, conn, kind: Kind, table, ref_map=None) -> Holdings:
    h = Holdings(kind)
    for row in conn.execute(select(table).order_by(*[table.c[k] for k in kind.key if k in table.c])).mappings():
        values = {f.name: row[f.name] for f in kind.fields if f.name in table.c}
        if ref_map:
            for name, (column, names) in ref_map.items():
                values[name] = names.get(row[column])
        values = _clean(kind, values)
        h.records[tuple(values[k] for k in kind.key)] = Record(row["id"], row["version"], values)
    return h


def _proposal(store, conn, kind):
    return _plain(store, conn, kind, schema.proposal)


def _supervision_item(store, conn, kind):
    g = schema.supervision_group
    groups = {r.id: r.name for r in conn.execute(select(g.c.id, g.c.name))}
    h = _plain(store, conn, kind, schema.supervision_item, {"group": ("group_id", groups)})
    h.refs["supervision_group"] = {normalize.header_key(n): (n, i) for i, n in groups.items()}
    return h


def _briefing_topic(store, conn, kind):
    refs = _meeting_refs(store)
    names = {i: short for short, i in refs.values()}
    h = _plain(store, conn, kind, schema.briefing_topic, {"meeting": ("meeting_id", names)})
    h.refs["meeting"] = refs
    h.terms = {r.term_no: r.id for r in conn.execute(select(schema.term.c.id, schema.term.c.term_no))}
    return h


def _member(store, conn, kind):
    g = schema.liaison_group
    groups = {r.id: r.name for r in conn.execute(select(g.c.id, g.c.name))}
    h = Holdings(kind)
    m = schema.member
    # Only the current term's roster: after 换届 the new roster's rows are new members of the new
    # term, and the old term's rows (with their attendance) are neither matched nor changed.
    h.term_id = current_term_id(conn)
    q = select(m).order_by(m.c.id)
    if h.term_id is not None:
        q = q.where((m.c.term_id == h.term_id) | m.c.term_id.is_(None))
    for row in conn.execute(q).mappings():
        values = {f.name: row[f.name] for f in kind.fields if f.name in m.c}
        values["liaison_group"] = groups.get(row["liaison_group_id"])
        values = _clean(kind, values)
        record = Record(row["id"], row["version"], values)
        h.records[(values["name"], values["position"])] = record
        h.by_name.setdefault(values["name"], []).append(record)
    h.refs["liaison_group"] = {normalize.header_key(n): (n, i) for i, n in groups.items()}
    return h


def _attendance(store, conn, kind):
    return _per_member(store, conn, kind, schema.attendance, ("state", "reason"))


def _meeting_reply(store, conn, kind):
    return _per_member(store, conn, kind, schema.meeting_reply, ("answer", "reason", "replied_on"))


def _per_member(store, conn, kind, a, own: tuple[str, ...]):
    """A meeting's rows per member (出勤, 回执), keyed by meeting and name; namesakes told apart by term."""
    refs = _meeting_refs(store)
    meeting_names = {i: short for short, i in refs.values()}
    m = schema.member
    h = Holdings(kind)
    member_info = {}
    for r in conn.execute(select(m.c.id, m.c.name, m.c.position, m.c.term_id).order_by(m.c.id)):
        name, position = normalize.text(r.name), normalize.text(r.position)
        member_info[r.id] = (name, position)
        if name is not None:  # the store refuses a member without a name; an old row without one matches nothing
            h.members.setdefault(name, []).append((r.id, position, r.term_id))
    h.meeting_terms = {r.id: r.term_id for r in conn.execute(select(schema.meeting.c.id, schema.meeting.c.term_id))}
    for row in conn.execute(select(a).order_by(a.c.meeting_id, a.c.member_id)).mappings():
        name, position = member_info[row["member_id"]]
        values = _clean(
            kind,
            {
                "meeting": meeting_names.get(row["meeting_id"]),
                "name": name,
                "position": position,
                **{column: row[column] for column in own},
            },
        )
        h.records[(values["meeting"], name)] = Record(row["id"], row["version"], values)
    h.refs["meeting"] = refs
    return h


def _plan_progress(store, conn, kind):
    wp, sec, item, note = schema.work_plan, schema.plan_section, schema.plan_item, schema.progress_note
    h = Holdings(kind)
    notes: dict[int, dict] = {}
    for n in conn.execute(select(note).order_by(note.c.noted_on, note.c.id)).mappings():
        notes.setdefault(n["plan_item_id"], {})[n["noted_on"]] = (
            n["id"],
            n["version"],
            normalize.text(n["text"], multiline=True),
            normalize.text(n["author"]),
        )
    q = (
        select(item, sec.c.title.label("section_title"), wp.c.year, wp.c.id.label("plan_id"))
        .join(sec, item.c.section_id == sec.c.id)
        .join(wp, sec.c.work_plan_id == wp.c.id)
        .order_by(wp.c.year, wp.c.id, item.c.number)
    )
    for row in conn.execute(q).mappings():
        item_notes = notes.get(row["id"], {})
        latest = max(item_notes) if item_notes else None
        values = {f.name: row[f.name] for f in kind.fields if f.name in item.c}
        values.update(
            year=row["year"],
            section=row["section_title"],
            noted_on=latest,
            note=item_notes[latest][2] if latest else None,
            author=item_notes[latest][3] if latest else None,
            last_note=f"{latest.isoformat()}：{item_notes[latest][2]}" if latest else None,
        )
        # A later work plan of the same year (a re-imported one) supersedes an earlier one.
        h.records[(row["year"], row["number"])] = Record(row["id"], row["version"], _clean(kind, values), notes=item_notes)
    return h


def _liaison_group(store, conn, kind):
    return _plain(store, conn, kind, schema.liaison_group)


def _public_opinion(store, conn, kind):
    return _plain(store, conn, kind, schema.public_opinion)


def _liaison_quota(store, conn, kind):
    g = schema.liaison_group
    groups = {r.id: r.name for r in conn.execute(select(g.c.id, g.c.name))}
    h = _plain(store, conn, kind, schema.liaison_quota, {"group": ("group_id", groups)})
    h.refs["liaison_group"] = {normalize.header_key(n): (n, i) for i, n in groups.items()}
    return h


def _committee_refs(conn) -> dict[str, tuple[str, int]]:
    """Every way a file may name a committee (full name, short name, 提案委 for 提案委员会, after 县政协)."""
    c = schema.special_committee
    refs: dict[str, tuple[str, int]] = {}
    for r in conn.execute(select(c.c.id, c.c.name, c.c.short_name).order_by(c.c.id)):
        for written in forms(r.name, r.short_name):
            refs.setdefault(normalize.header_key(written), (r.name, r.id))
    return refs


def _current_members(conn, h: Holdings) -> dict[int, tuple[str | None, str | None]]:
    """Fill `h.members` with the current term's members by name; return id → (name, position) of all."""
    m = schema.member
    h.term_id = current_term_id(conn)
    info = {}
    for r in conn.execute(select(m.c.id, m.c.name, m.c.position, m.c.term_id).order_by(m.c.id)):
        name, position = normalize.text(r.name), normalize.text(r.position)
        info[r.id] = (name, position)
        if name is not None and (h.term_id is None or r.term_id in (h.term_id, None)):
            h.members.setdefault(name, []).append((r.id, position, r.term_id))
    return info


def _special_committee(store, conn, kind):
    return _plain(store, conn, kind, schema.special_committee)


def _special_committee_member(store, conn, kind):
    h = Holdings(kind)
    refs = _committee_refs(conn)
    names = {i: name for name, i in refs.values()}
    info = _current_members(conn, h)
    s = schema.special_committee_member
    for row in conn.execute(select(s).order_by(s.c.committee_id, s.c.id)).mappings():
        name, position = info.get(row["member_id"], (None, None))
        values = _clean(
            kind, {"committee": names.get(row["committee_id"]), "name": name, "position": position, "role": row["role"]}
        )
        h.records[(values["committee"], name)] = Record(row["id"], row["version"], values)
    h.refs["special_committee"] = refs
    return h


def _special_committee_activity(store, conn, kind):
    refs = _committee_refs(conn)
    names = {i: name for name, i in refs.values()}
    h = _plain(store, conn, kind, schema.special_committee_activity, {"committee": ("committee_id", names)})
    h.refs["special_committee"] = refs
    return h


_LOADERS = {
    "liaison_group": _liaison_group,
    "liaison_quota": _liaison_quota,
    "proposal": _proposal,
    "supervision_item": _supervision_item,
    "briefing_topic": _briefing_topic,
    "member": _member,
    "attendance": _attendance,
    "meeting_reply": _meeting_reply,
    "plan_progress": _plan_progress,
    "public_opinion": _public_opinion,
    "special_committee": _special_committee,
    "special_committee_member": _special_committee_member,
    "special_committee_activity": _special_committee_activity,
}
