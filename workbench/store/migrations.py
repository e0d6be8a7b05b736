"""Versioned schema migrations: a database made by any earlier version opens in this one.

Every step is frozen: step 1 creates the version-1 tables (`schema_v1.py`, a copy
that never changes) and each later step applies only its own change, in plain
DDL, never by reading `schema.py`. A new database runs all steps, an old one the
steps it lacks, so both end up with the same tables (a test checks this from every
earlier version, and that the result matches `schema.py`). Each step runs in the
same transaction as its version stamp, so a failed step leaves the database as it
was; before any step runs on a database that already holds data, `backup` keeps a
copy of it. To change the schema: edit `schema.py`, then append a step here that
turns the previous version into the new one without losing rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateTable

from workbench.base.errors import StoreError
from workbench.store import schema, schema_v1
from workbench.store.database import WRITE_OPTION


def _v1(conn: Connection) -> None:
    schema_v1.metadata.create_all(conn)


def _v2_packet_snapshot(conn: Connection) -> None:
    # The table as version 2 added it; `meeting` is named only so the foreign key can be written.
    frozen = MetaData()
    Table("meeting", frozen, Column("id", Integer, primary_key=True))
    Table(
        "packet_snapshot",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
        Column("exported_at", DateTime, nullable=False),
        Column("exported_by", String(64), nullable=False),
        Column("data", Text, nullable=False),
        Column("files", Text),
    ).create(conn)


def _v3_section_text(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE plan_section ADD COLUMN text TEXT")


def _v4_tables() -> tuple[Table, Table]:
    """`leader` and `member` as version 4 has them (the tables they refer to named only for the keys)."""
    frozen = MetaData()
    Table("term", frozen, Column("id", Integer, primary_key=True))
    Table("liaison_group", frozen, Column("id", Integer, primary_key=True))
    bookkeeping = lambda: (  # noqa: E731
        Column("version", Integer, nullable=False),
        Column("updated_at", DateTime),
        Column("updated_by", String(64)),
    )
    leader = Table(
        "leader",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("term_id", Integer, ForeignKey("term.id"), nullable=False),
        Column("position", Integer, nullable=False),
        Column("name", String(50), nullable=False),
        Column("title", String(50), nullable=False),
        *bookkeeping(),
        UniqueConstraint("term_id", "name"),
    )
    member = Table(
        "member",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("name", String(50), nullable=False),
        Column("gender", String(4)),
        Column("sector", String(50)),
        Column("party", String(50)),
        Column("position", String(200)),
        Column("is_standing_member", Boolean),
        Column("liaison_group_id", Integer, ForeignKey("liaison_group.id")),
        Column("phone", String(30)),
        *bookkeeping(),
        Column("term_id", Integer, ForeignKey("term.id")),
        UniqueConstraint("term_id", "name", "position"),
    )
    return leader, member


def _v4_office_setup(conn: Connection) -> None:
    """Office contact, the term's leaders, and members belonging to a term."""
    leader, member = _v4_tables()
    for name in ("contact_person", "contact_phone"):
        conn.exec_driver_sql(f"ALTER TABLE committee ADD COLUMN {name} VARCHAR(50)")
    leader.create(conn)
    if conn.dialect.name == "sqlite":
        # SQLite cannot drop the old UNIQUE (name, position): rebuild the table under a new
        # name and swap it in (foreign keys are off for this step, see `migrate`).
        ddl = str(CreateTable(member).compile(dialect=conn.dialect))
        conn.exec_driver_sql(ddl.replace("CREATE TABLE member ", "CREATE TABLE member_v4 ", 1))
        columns = ", ".join(c.name for c in member.c if c.name != "term_id")
        conn.exec_driver_sql(f"INSERT INTO member_v4 ({columns}) SELECT {columns} FROM member")
        conn.exec_driver_sql("DROP TABLE member")
        conn.exec_driver_sql("ALTER TABLE member_v4 RENAME TO member")
    else:
        conn.exec_driver_sql("ALTER TABLE member ADD COLUMN term_id INTEGER REFERENCES term (id)")
        for uc in inspect(conn).get_unique_constraints("member"):
            if sorted(uc["column_names"]) == ["name", "position"]:
                conn.exec_driver_sql(f'ALTER TABLE member DROP CONSTRAINT "{uc["name"]}"')
        conn.exec_driver_sql(
            "ALTER TABLE member ADD CONSTRAINT member_term_id_name_position_key UNIQUE (term_id, name, position)"
        )
    # Members already stored belong to the newest term the store knows.
    conn.exec_driver_sql("UPDATE member SET term_id = (SELECT id FROM term ORDER BY term_no DESC LIMIT 1)")


def _v5_cycle(conn: Connection) -> None:
    """The meeting cycle: preparation schedule, letters, and the 常委's ratings, as version 5 added them."""
    frozen = MetaData()
    Table("meeting", frozen, Column("id", Integer, primary_key=True))
    Table("briefing_topic", frozen, Column("id", Integer, primary_key=True))

    def bookkeeping():
        return (Column("version", Integer, nullable=False), Column("updated_at", DateTime), Column("updated_by", String(64)))

    tables = [
        Table(
            "schedule_step",
            frozen,
            Column("id", Integer, primary_key=True),
            Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
            Column("step", String(40), nullable=False),
            Column("due_on", Date),
            Column("state", String(30)),
            Column("done_on", Date),
            Column("note", Text),
            *bookkeeping(),
            UniqueConstraint("meeting_id", "step"),
        ),
        Table(
            "letter",
            frozen,
            Column("id", Integer, primary_key=True),
            Column("meeting_id", Integer, ForeignKey("meeting.id")),
            Column("kind", String(30), nullable=False),
            Column("recipient", String(100), nullable=False),
            Column("year", Integer, nullable=False),
            Column("serial", Integer, nullable=False),
            Column("title", Text, nullable=False),
            Column("issued_on", Date, nullable=False),
            *bookkeeping(),
            UniqueConstraint("year", "serial"),
            UniqueConstraint("meeting_id", "kind", "recipient"),
        ),
        Table(
            "rating",
            frozen,
            Column("id", Integer, primary_key=True),
            Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
            Column("position", Integer, nullable=False),
            Column("subject", Text, nullable=False),
            Column("department", String(100), nullable=False),
            Column("briefing_topic_id", Integer, ForeignKey("briefing_topic.id")),
            Column("ballots_handed_out", Integer),
            Column("ballots_returned", Integer),
            Column("abstained", Integer),
            Column("invalid", Integer),
            *bookkeeping(),
            UniqueConstraint("meeting_id", "department", "subject"),
        ),
    ]
    rating_vote = Table(
        "rating_vote",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("rating_id", Integer, ForeignKey("rating.id"), nullable=False),
        Column("level", String(30), nullable=False),
        Column("votes", Integer, nullable=False),
        *bookkeeping(),
        UniqueConstraint("rating_id", "level"),
    )
    for table in (*tables, rating_vote):
        table.create(conn)


def _v6_proposal_session(conn: Connection) -> None:
    """Each proposal's plenary session, worked out for rows already stored from their year and the terms.

    A term's plenary sessions are held once a year from its first year on, so a
    proposal of year Y in a term starting in year S was filed at session Y − S + 1.
    Rows whose year lies in no stored term keep an empty session.
    """
    for name in ("term_no", "session_no"):
        conn.exec_driver_sql(f"ALTER TABLE proposal ADD COLUMN {name} INTEGER")
    terms = conn.exec_driver_sql(
        "SELECT term_no, start_year, end_year FROM term WHERE start_year IS NOT NULL ORDER BY term_no"
    ).all()
    for term_no, start, end in terms:
        last = end if end is not None else start + 4
        conn.execute(
            text("UPDATE proposal SET term_no = :t, session_no = year - :s + 1 WHERE term_no IS NULL AND year BETWEEN :s AND :e"),
            {"t": term_no, "s": start, "e": last},
        )


def _v7_personnel(conn: Connection) -> None:
    """The 任免名单 of a meeting, as version 7 added it."""
    frozen = MetaData()
    Table("meeting", frozen, Column("id", Integer, primary_key=True))
    Table(
        "personnel_change",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
        Column("position", Integer, nullable=False),
        Column("kind", String(30), nullable=False),
        Column("name", String(50), nullable=False),
        Column("gender", String(4)),
        Column("ethnicity", String(20)),
        Column("born", String(20)),
        Column("party", String(50)),
        Column("sector", String(50)),
        Column("unit_and_post", Text),
        Column("post", Text),
        Column("reason", Text),
        Column("version", Integer, nullable=False),
        Column("updated_at", DateTime),
        Column("updated_by", String(64)),
    ).create(conn)


def _v8_public_opinion(conn: Connection) -> None:
    """The 社情民意信息 ledger, as version 8 added it."""
    Table(
        "public_opinion",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("code", String(30), nullable=False, unique=True),
        Column("title", Text, nullable=False),
        Column("submitter", String(100)),
        Column("submitter_unit", String(100)),
        Column("submitted_on", Date),
        Column("issue_no", String(50)),
        Column("adoption", String(30)),
        Column("adopted_by", String(200)),
        Column("instruction_leader", String(100)),
        Column("instruction_on", Date),
        Column("instruction", Text),
        Column("version", Integer, nullable=False),
        Column("updated_at", DateTime),
        Column("updated_by", String(64)),
    ).create(conn)


def _v9_special_committees(conn: Connection) -> None:
    """The 专门委员会, their members and activities, and who leads a supervision item, as version 9 added them."""
    meta = MetaData()
    Table("member", meta, Column("id", Integer, primary_key=True))

    def versioned() -> tuple[Column, ...]:
        return (Column("version", Integer, nullable=False), Column("updated_at", DateTime), Column("updated_by", String(64)))

    Table(
        "special_committee",
        meta,
        Column("id", Integer, primary_key=True),
        Column("name", String(100), nullable=False, unique=True),
        Column("short_name", String(50)),
        Column("position", Integer),
        Column("duties", Text),
        *versioned(),
    ).create(conn)
    Table(
        "special_committee_member",
        meta,
        Column("id", Integer, primary_key=True),
        Column("committee_id", Integer, ForeignKey("special_committee.id"), nullable=False),
        Column("member_id", Integer, ForeignKey("member.id"), nullable=False),
        Column("role", String(30), nullable=False),
        *versioned(),
        UniqueConstraint("committee_id", "member_id"),
    ).create(conn)
    Table(
        "special_committee_activity",
        meta,
        Column("id", Integer, primary_key=True),
        Column("committee_id", Integer, ForeignKey("special_committee.id"), nullable=False),
        Column("held_on", Date, nullable=False),
        Column("activity_kind", String(30)),
        Column("title", Text, nullable=False),
        Column("participants", Integer),
        *versioned(),
    ).create(conn)
    conn.exec_driver_sql("ALTER TABLE supervision_item ADD COLUMN lead_committee VARCHAR(100)")


def _v10_meeting_reply(conn: Connection) -> None:
    """The 参会回执, as version 10 added it."""
    meta = MetaData()
    Table("meeting", meta, Column("id", Integer, primary_key=True))
    Table("member", meta, Column("id", Integer, primary_key=True))
    Table(
        "meeting_reply",
        meta,
        Column("id", Integer, primary_key=True),
        Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
        Column("member_id", Integer, ForeignKey("member.id"), nullable=False),
        Column("answer", String(30), nullable=False),
        Column("reason", Text),
        Column("replied_on", Date),
        Column("version", Integer, nullable=False),
        Column("updated_at", DateTime),
        Column("updated_by", String(64)),
        UniqueConstraint("meeting_id", "member_id"),
    ).create(conn)


def _v11_decisions_and_votes(conn: Connection) -> None:
    """The 议定事项 with their 督办, the 表决, a meeting's 归档日期 and a history row's note (更正), as version 11 added them."""
    meta = MetaData()
    Table("meeting", meta, Column("id", Integer, primary_key=True))

    def versioned() -> tuple[Column, ...]:
        return (Column("version", Integer, nullable=False), Column("updated_at", DateTime), Column("updated_by", String(64)))

    Table(
        "decision",
        meta,
        Column("id", Integer, primary_key=True),
        Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
        Column("position", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Column("subject", Text),
        Column("owner_unit", String(100)),
        Column("deadline", Date),
        Column("supervised", Boolean),
        Column("status", String(30)),
        Column("feedback", Text),
        Column("closed_on", Date),
        *versioned(),
    ).create(conn)
    Table(
        "vote",
        meta,
        Column("id", Integer, primary_key=True),
        Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
        Column("position", Integer, nullable=False),
        Column("subject", Text, nullable=False),
        Column("in_favour", Integer),
        Column("against", Integer),
        Column("abstain", Integer),
        Column("confidential", Boolean),
        Column("announced_on", Date),
        *versioned(),
    ).create(conn)
    conn.exec_driver_sql("ALTER TABLE meeting ADD COLUMN archived_on DATE")
    conn.exec_driver_sql("ALTER TABLE history ADD COLUMN note TEXT")


def _v12_text_override(conn: Connection) -> None:
    """The wording kept from an export edited in Word (文字改动), as version 12 added it."""
    meta = MetaData()
    Table("meeting", meta, Column("id", Integer, primary_key=True))
    Table(
        "text_override",
        meta,
        Column("id", Integer, primary_key=True),
        Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
        Column("document", String(40), nullable=False),
        Column("old_text", Text, nullable=False),
        Column("new_text", Text),
        Column("version", Integer, nullable=False),
        Column("updated_at", DateTime),
        Column("updated_by", String(64)),
    ).create(conn)


STEPS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "初始结构", _v1),
    (2, "增加会议材料快照", _v2_packet_snapshot),
    (3, "工作要点部分增加说明文字", _v3_section_text),
    (4, "本会设置：办公室联系人、本届领导、委员所属届次", _v4_office_setup),
    (5, "增加筹备日程、函件和常委测评", _v5_cycle),
    (6, "提案增加届次、会次", _v6_proposal_session),
    (7, "增加人事事项（任免名单）", _v7_personnel),
    (8, "增加社情民意信息", _v8_public_opinion),
    (9, "增加专门委员会及其组成人员、活动，监督事项增加牵头委室", _v9_special_committees),
    (10, "增加参会回执", _v10_meeting_reply),
    (11, "增加会议议定事项（督办）、表决事项和会议归档", _v11_decisions_and_votes),
    (12, "增加读回的文字改动", _v12_text_override),
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


def migrate(engine: Engine, *, target: int = LATEST, url: str | None = None) -> tuple[int, int]:
    """Bring the database to `target`; return (version before, version after).

    With `url` (the store's address), a database that holds data is backed up before the first step."""
    with engine.connect() as conn:
        before = current_version(conn)
    if before is None:
        raise StoreError(f"数据库 {engine.url!r} 中已有其他表，不是工作台数据库，未作任何改动。")
    if before > LATEST:
        raise StoreError(f"数据库结构版本为 {before}，比本程序支持的 {LATEST} 新。请升级工作台后再打开。")
    if url is not None and 0 < before < min(target, LATEST):
        from workbench.store.backup import backup

        backup(url, reason=f"升级前（结构版本 {before}）", engine=engine)
    writing = engine.execution_options(**{WRITE_OPTION: True})
    for version, _title, step in STEPS:
        if before < version <= target:
            with writing.connect() as conn:
                keys_off = version in _REBUILDS and engine.dialect.name == "sqlite"
                if keys_off:
                    _sqlite_foreign_keys(conn, on=False)
                with conn.begin():
                    step(conn)
                    if keys_off and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise StoreError(f"升级数据库结构（第 {version} 步）后数据引用不一致，已撤销本步，数据未改动。")
                    conn.execute(schema.schema_version.insert().values(version=version, applied_at=datetime.now()))
                if keys_off:
                    _sqlite_foreign_keys(conn, on=True)
    return before, max(before, min(target, LATEST))
