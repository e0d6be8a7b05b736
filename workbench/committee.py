"""The committee an office works for: its names, the office's contact, the current term and its leaders.

This is what notices, covers and signatures print ("政协青岚县委员会办公室", "联系人：…",
"主持人：周启明（主席）"), read in one place so every document says the same. The
current term is the newest one (`init --term N` starts a new one); the leaders are
those entered for the current term, in protocol order (主席, 副主席…, 秘书长).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .store import Store, schema


@dataclass(frozen=True)
class Leader:
    name: str
    title: str            # "主席", "副主席", "秘书长" … as printed


@dataclass(frozen=True)
class CommitteeProfile:
    county: str                   # "青岚县"
    name: str                     # "政协青岚县委员会"
    office: str                   # "政协青岚县委员会办公室"
    contact_person: str | None
    contact_phone: str | None
    term_no: int | None           # current term
    term_start_year: int | None
    leaders: tuple[Leader, ...]   # in protocol order
    id: int = 0
    term_id: int | None = None
    version: int = 1              # of the committee row, for conflict checks when the setup tab saves

    def title_of(self, name: str) -> str | None:
        """The title of a leader by name ("主席" for the presider), or None for anyone else."""
        wanted = (name or "").strip()
        for leader in self.leaders:
            if leader.name == wanted:
                return leader.title
        return None


def default_name(county: str) -> str:
    return f"政协{county}委员会"


def default_office(county: str) -> str:
    return f"{default_name(county)}办公室"


def profile(store: Store) -> CommitteeProfile | None:
    """The committee as stored, or None when no committee is set up yet."""
    c, t, lead = schema.committee, schema.term, schema.leader
    with store.engine.connect() as conn:
        row = conn.execute(select(c).order_by(c.c.id)).mappings().first()
        if row is None:
            return None
        term = conn.execute(select(t).where(t.c.committee_id == row["id"])
                            .order_by(t.c.term_no.desc())).mappings().first()
        leaders: tuple[Leader, ...] = ()
        if term is not None:
            leaders = tuple(Leader(r.name, r.title) for r in conn.execute(
                select(lead.c.name, lead.c.title).where(lead.c.term_id == term["id"])
                .order_by(lead.c.position, lead.c.id)))
    return CommitteeProfile(
        county=row["county"], name=row["name"], office=row["office"] or default_office(row["county"]),
        contact_person=row["contact_person"], contact_phone=row["contact_phone"],
        term_no=term["term_no"] if term else None, term_start_year=term["start_year"] if term else None,
        leaders=leaders, id=row["id"], term_id=term["id"] if term else None, version=row["version"])
