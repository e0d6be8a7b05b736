"""The dashboard's PostgreSQL role can only read: `db roles` creates it, and the server refuses its writes.

The dashboard's sessions are READ ONLY already; these tests switch that off on purpose
(as a bug or a hand-made connection could) and show that the server still refuses,
because the role has no right to write. SQLite keeps opening with `mode=ro`.
"""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from workbench.store import Store


@pytest.fixture
def reader_name(pg_url):
    """A role name unique to this test; the role (cluster-wide) is dropped afterwards."""
    name = f"wb_reader_{uuid.uuid4().hex[:8]}"
    yield name
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
            conn.exec_driver_sql(f'DROP OWNED BY "{name}"')
            conn.exec_driver_sql(f'DROP ROLE "{name}"')
    admin.dispose()


def _reader_url(out: str) -> str:
    found = re.search(r"WORKBENCH_DASHBOARD_DB_URL=(\S+)", out)
    assert found, out
    return found.group(1)


def _refusal(engine, sql: str, *, read_write: bool) -> str:
    with engine.connect() as conn:
        if read_write:
            # What the dashboard's own code never does: ask for a writable transaction.
            conn.exec_driver_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
            conn.commit()
        with pytest.raises(DBAPIError) as refused:
            conn.exec_driver_sql(sql)
            conn.commit()
        conn.rollback()
    return str(refused.value.orig)


def test_db_roles_creates_a_role_whose_inserts_the_server_refuses(cli, pg_url, reader_name, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB_URL", pg_url)
    assert cli("demo").code == 0
    result = cli("db", "roles", "--name", reader_name)
    assert result.code == 0, result
    assert f"已创建只读角色 {reader_name}" in result.out
    url = _reader_url(result.out)
    assert "127.0.0.1" in url  # password login over TCP: the reader has no system account for `peer`

    # The dashboard opens it as it opens any store read-only, and reads.
    with Store.open(url, readonly=True) as store:
        items = store.rows("plan_item")
        assert items
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM plan_item").scalar() == len(items)
        insert = (
            "INSERT INTO meeting (term_id, kind, seq_no, notes, version, updated_by) "
            "SELECT term_id, kind, 99, '伪造的会议', 1, '看板' FROM meeting LIMIT 1"
        )
        # Refused twice over: the role's sessions default to read-only ...
        assert "read-only transaction" in _refusal(engine, insert, read_write=False)
        # ... and, with that switched off, the role has no right to write at all.
        assert "permission denied" in _refusal(engine, insert, read_write=True)
        item = items[0]["id"]
        assert "permission denied" in _refusal(engine, f"UPDATE plan_item SET status = 'done' WHERE id = {item}", read_write=True)
        assert "permission denied" in _refusal(engine, "DELETE FROM history", read_write=True)
        assert "permission denied" in _refusal(engine, "CREATE TABLE wb_intruder (x int)", read_write=True)
    finally:
        engine.dispose()
    with Store.open(pg_url) as store:
        assert store.rows("plan_item") == items
        assert not [m for m in store.rows("meeting") if m["notes"] == "伪造的会议"]
    # The same statement is valid: the owner may run it (rolled back here), so the refusals above are the role's.
    owner = create_engine(pg_url)
    with owner.connect() as conn:
        assert conn.exec_driver_sql(insert).rowcount == 1
        conn.rollback()
    owner.dispose()


def test_tables_added_later_are_readable_and_a_new_password_replaces_the_old(cli, pg_url, reader_name, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB_URL", pg_url)
    assert cli("init").code == 0
    old = _reader_url(cli("db", "roles", "--name", reader_name).out)
    owner = create_engine(pg_url)
    with owner.begin() as conn:  # as a later migration would, under the owner's role
        conn.exec_driver_sql("CREATE TABLE wb_added_later (x int)")
        conn.exec_driver_sql("INSERT INTO wb_added_later VALUES (7)")
    owner.dispose()
    again = cli("db", "roles", "--name", reader_name)
    assert again.code == 0 and f"已更新只读角色 {reader_name}" in again.out
    new = _reader_url(again.out)
    assert new != old
    engine = create_engine(new)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT x FROM wb_added_later").scalar() == 7
    engine.dispose()
    stale = create_engine(old)
    with pytest.raises(DBAPIError, match="password authentication failed"):
        stale.connect()
    stale.dispose()


def test_db_roles_says_what_is_wrong(cli, pg_url, monkeypatch):
    result = cli("db", "roles")  # the default store is SQLite
    assert result.code == 1 and "只用于 PostgreSQL" in result.err and "mode=ro" in result.err
    monkeypatch.setenv("WORKBENCH_DB_URL", pg_url)
    result = cli("db", "roles", "--name", "Leaders; DROP")
    assert result.code == 1 and "角色名“Leaders; DROP”无效" in result.err


def test_the_dashboard_kernels_get_the_read_only_address(workbench_env, monkeypatch):
    from workbench.apps import serve

    reader = "postgresql+psycopg://workbench_reader:secret@127.0.0.1/workbench"
    monkeypatch.setenv("WORKBENCH_DB_URL", "postgresql+psycopg://secretary@127.0.0.1/workbench")
    monkeypatch.setenv("WORKBENCH_DASHBOARD_DB_URL", reader)
    assert serve._child_env()["WORKBENCH_DB_URL"] == reader
