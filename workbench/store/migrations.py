"""Versioned schema migrations: a database made by any earlier version opens in this one.

A new database is created from the current tables and stamped with the latest
version. An older one is brought forward step by step, each step in the same
transaction as its version stamp, so a failed step leaves the database as it was.
To change the schema: edit `schema.py`, then append a step here that turns the
previous version into the new one without losing rows.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy import func, inspect, select, text
from sqlalchemy.schema import CreateTable
from sqlalchemy.engine import Connection, Engine

from ..errors import StoreError
from . import schema

# Tables that a step creates; a brand-new v1 database does not have them.
_V1_EXCLUDED = {"packet_snapshot", "schedule_step", "letter", "rating", "rating_vote"}


def _v1(conn: Connection) -> None:
    tables = [t for t in schema.metadata.sorted_tables if t.name not in _V1_EXCLUDED]
    schema.metadata.create_all(conn, tables=tables)


def _v2_packet_snapshot(conn: Connection) -> None:
    schema.packet_snapshot.create(conn, checkfirst=True)


def _v3_section_text(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("plan_section")}
    if "text" not in columns:
        conn.exec_driver_sql("ALTER TABLE plan_section ADD COLUMN text TEXT")


def _v4_office_setup(conn: Connection) -> None:
    """Office contact, the term's leaders, and members belonging to a term."""
    inspector = inspect(conn)
    committee_columns = {c["name"] for c in inspector.get_columns("committee")}
    for name in ("contact_person", "contact_phone"):
        if name not in committee_columns:
            conn.exec_driver_sql(f"ALTER TABLE committee ADD COLUMN {name} VARCHAR(50)")
    schema.leader.create(conn, checkfirst=True)
    if "term_id" in {c["name"] for c in inspector.get_columns("member")}:
        return   # created by this version already
    if conn.dialect.name == "sqlite":
        # SQLite cannot drop the old UNIQUE (name, position): rebuild the table under a new
        # name and swap it in (foreign keys are off for this step, see `migrate`).
        ddl = str(CreateTable(schema.member).compile(dialect=conn.dialect))
        conn.exec_driver_sql(ddl.replace("CREATE TABLE member ", "CREATE TABLE member_v4 ", 1))
        columns = ", ".join(c.name for c in schema.member.c if c.name != "term_id")
        conn.exec_driver_sql(f"INSERT INTO member_v4 ({columns}) SELECT {columns} FROM member")
        conn.exec_driver_sql("DROP TABLE member")
        conn.exec_driver_sql("ALTER TABLE member_v4 RENAME TO member")
    else:
        conn.exec_driver_sql("ALTER TABLE member ADD COLUMN term_id INTEGER REFERENCES term (id)")
        for uc in inspect(conn).get_unique_constraints("member"):
            if sorted(uc["column_names"]) == ["name", "position"]:
                conn.exec_driver_sql(f'ALTER TABLE member DROP CONSTRAINT "{uc["name"]}"')
        conn.exec_driver_sql("ALTER TABLE member ADD CONSTRAINT member_term_id_name_position_key "
                             "UNIQUE (term_id, name, position)")
    # Members already stored belong to the newest term the store knows.
    newest = conn.execute(select(schema.term.c.id).order_by(schema.term.c.term_no.desc())).scalar()
    if newest is not None:
        conn.execute(schema.member.update().values(term_id=newest))


def _v5_cycle(conn: Connection) -> None:
    for table in (schema.schedule_step, schema.letter, schema.rating, schema.rating_vote):
        table.create(conn, checkfirst=True)


def _v6_proposal_session(conn: Connection) -> None:
    """Each proposal's plenary session, worked out for rows already stored from their year and the terms.

    A term's plenary sessions are held once a year from its first year on, so a
    proposal of year Y in a term starting in year S was filed at session Y − S + 1.
    Rows whose year lies in no stored term keep an empty session.
    """
    columns = {c["name"] for c in inspect(conn).get_columns("proposal")}
    for name in ("term_no", "session_no"):
        if name not in columns:
            conn.exec_driver_sql(f"ALTER TABLE proposal ADD COLUMN {name} INTEGER")
    terms = conn.exec_driver_sql(
        "SELECT term_no, start_year, end_year FROM term WHERE start_year IS NOT NULL ORDER BY term_no").all()
    for term_no, start, end in terms:
        last = end if end is not None else start + 4
        conn.execute(text("UPDATE proposal SET term_no = :t, session_no = year - :s + 1 "
                          "WHERE term_no IS NULL AND year BETWEEN :s AND :e"),
                     {"t": term_no, "s": start, "e": last})


STEPS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "初始结构", _v1),
    (2, "增加会议材料快照", _v2_packet_snapshot),
    (3, "工作要点部分增加说明文字", _v3_section_text),
    (4, "本会设置：办公室联系人、本届领导、委员所属届次", _v4_office_setup),
    (5, "增加筹备日程、函件和常委测评", _v5_cycle),
    (6, "提案增加届次、会次", _v6_proposal_session),
]
# Steps that rebuild a table other tables refer to: on SQLite they run with foreign keys off,
# which can only be switched outside a transaction; the keys are checked before commit.
_REBUILDS = {4}
LATEST = STEPS[-1][0]


def _sqlite_foreign_keys(conn: Connection, *, on: bool) -> None:
    # On the DBAPI connection itself: through SQLAlchemy the PRAGMA would open a transaction first.
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def current_version(conn: Connection) -> int | None:
    """The schema version, 0 for an empty database, None for a database that is not ours."""
    names = set(inspect(conn).get_table_names())
    if "schema_version" not in names:
        return 0 if not names else None
    return conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0


def migrate(engine: Engine, *, target: int = LATEST) -> tuple[int, int]:
    """Bring the database to `target`; return (version before, version after)."""
    with engine.begin() as conn:
        before = current_version(conn)
    if before is None:
        raise StoreError(f"数据库 {engine.url!r} 中已有其他表，不是工作台数据库，未作任何改动。")
    if before > LATEST:
        raise StoreError(
            f"数据库结构版本为 {before}，比本程序支持的 {LATEST} 新。请升级工作台后再打开。"
        )
    for version, _title, step in STEPS:
        if before < version <= target:
            with engine.connect() as conn:
                keys_off = version in _REBUILDS and engine.dialect.name == "sqlite"
                if keys_off:
                    _sqlite_foreign_keys(conn, on=False)
                with conn.begin():
                    step(conn)
                    if keys_off and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise StoreError(f"升级数据库结构（第 {version} 步）后数据引用不一致，已撤销本步，数据未改动。")
                    conn.execute(schema.schema_version.insert().values(
                        version=version, applied_at=datetime.now()))
                if keys_off:
                    _sqlite_foreign_keys(conn, on=True)
    return before, max(before, min(target, LATEST))
