"""Comparing a store before and after, fresh PostgreSQL databases, and what a CLI run showed its user."""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass

import pytest


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def store_snapshot(store) -> dict:
    """Every entity table's rows and the number of history entries: equal before and after means nothing was written."""
    from sqlalchemy import func, select

    from workbench.store import schema

    out = {}
    with store.engine.connect() as conn:
        for t in schema.entity_tables():
            out[t.name] = [dict(r) for r in conn.execute(select(t).order_by(t.c.id)).mappings()]
        out["history"] = conn.execute(select(func.count()).select_from(schema.history)).scalar()
    return out


@contextlib.contextmanager
def postgresql_database():
    """A new, empty PostgreSQL database on the server named by WORKBENCH_TEST_PG_URL, dropped afterwards."""
    admin_url = os.environ.get("WORKBENCH_TEST_PG_URL")
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail("CI 中须设置 WORKBENCH_TEST_PG_URL（.ci/run 会启动 PostgreSQL）")
        pytest.skip("未设置 WORKBENCH_TEST_PG_URL，跳过 PostgreSQL 用例")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"wb_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
