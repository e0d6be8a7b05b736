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

from sqlalchemy import inspect, select, func
from sqlalchemy.engine import Connection, Engine

from ..errors import StoreError
from . import schema

# Tables that a step creates; a brand-new v1 database does not have them.
_V1_EXCLUDED = {"packet_snapshot"}


def _v1(conn: Connection) -> None:
    tables = [t for t in schema.metadata.sorted_tables if t.name not in _V1_EXCLUDED]
    schema.metadata.create_all(conn, tables=tables)


def _v2_packet_snapshot(conn: Connection) -> None:
    schema.packet_snapshot.create(conn, checkfirst=True)


def _v3_section_text(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("plan_section")}
    if "text" not in columns:
        conn.exec_driver_sql("ALTER TABLE plan_section ADD COLUMN text TEXT")


STEPS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "初始结构", _v1),
    (2, "增加会议材料快照", _v2_packet_snapshot),
    (3, "工作要点部分增加说明文字", _v3_section_text),
]
LATEST = STEPS[-1][0]


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
            with engine.begin() as conn:
                step(conn)
                conn.execute(schema.schema_version.insert().values(
                    version=version, applied_at=datetime.now()))
    return before, max(before, min(target, LATEST))
