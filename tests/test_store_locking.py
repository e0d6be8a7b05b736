"""SQLite locking: reads never take the write lock, a waiting writer is told in Chinese who holds the store,
and a read inside a writer uses that writer's connection instead of waiting for itself."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from helpers.paths import ROOT
from workbench.base.errors import StoreError
from workbench.store import Store

# Another secretary's long save: opens a writer, inserts a committee, says so, and holds the lock until told.
_HOLDER = textwrap.dedent("""
    import sys
    from workbench.store import Store, schema
    with Store.open(sys.argv[1]) as store:
        with store.writer("王秘书", purpose="导入提案") as w:
            w.insert(schema.committee, {"name": "政协某县委员会", "county": "某县"})
            print("holding", flush=True)
            sys.stdin.readline()
""")


@pytest.fixture
def held(tmp_path, workbench_env):
    """A store whose write lock another process holds for as long as the test runs."""
    url = f"sqlite:///{tmp_path / 'held.sqlite'}"
    Store.open(url).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=workbench_env,
    )
    assert proc.stdout.readline().strip() == "holding"
    yield url
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0


def test_read_inside_a_writer_uses_the_writers_connection(store):
    from workbench.store import schema

    with store.writer() as w:
        new_id = w.insert(schema.committee, {"name": "政协青岚县委员会", "county": "青岚县"})
        # Before: a second connection waited 30 s for the lock this very writer held, then raised
        # "database is locked". Now the read sees the writer's own, not yet committed, row.
        assert store.get("committee", new_id)["county"] == "青岚县"
        assert [r["id"] for r in store.rows("committee")] == [new_id]
        with store.writer() as inner:  # a nested writer joins the outer transaction
            inner.update(schema.committee, new_id, {"office": "办公室"}, expected_version=1)
    assert store.get("committee", new_id)["office"] == "办公室"


def test_a_failing_nested_writer_rolls_back_only_its_own_part(store):
    from workbench.base.errors import ValidationError
    from workbench.store import schema

    with store.writer() as w:
        new_id = w.insert(schema.committee, {"name": "政协青岚县委员会", "county": "青岚县"})
        with pytest.raises(ValidationError), store.writer() as inner:
            inner.update(schema.committee, new_id, {"office": "办公室"}, expected_version=1)
            inner.insert(schema.committee, {"name": None, "county": "某县"})
    row = store.get("committee", new_id)
    assert row["office"] is None and row["version"] == 1


def test_reads_and_opening_do_not_wait_for_a_long_writer(held, monkeypatch):
    from workbench.store import database

    monkeypatch.setattr(database, "WRITE_WAIT_SECONDS", 1)
    # Before: every transaction began IMMEDIATE, so opening (init), reading and the dashboard's read-only
    # connection all failed with "database is locked" while another secretary imported.
    with Store.open(held) as store:
        assert store.rows("committee") == []  # the holder's row is not committed yet
    with Store.open(held, readonly=True) as leaders:
        assert leaders.rows("committee") == []


def test_a_waiting_writer_is_told_in_chinese_who_holds_the_store(held, monkeypatch):
    from workbench.store import database

    monkeypatch.setattr(database, "WRITE_WAIT_SECONDS", 1)
    with Store.open(held) as store, pytest.raises(StoreError) as caught:
        store.insert("committee", {"name": "政协另一县委员会", "county": "另一县"})
    message = str(caught.value)
    assert "保存修改未能进行" in message and "王秘书" in message and "导入提案" in message
    assert "locked" not in message


def test_a_dead_holders_note_is_not_believed(tmp_path, monkeypatch):
    import json

    from workbench.store import holder

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    Store.open(url).close()
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    note = tmp_path / "w.sqlite.writer"
    import socket

    note.write_text(json.dumps({"actor": "王秘书", "pid": proc.pid, "host": socket.gethostname()}), encoding="utf-8")
    assert holder.describe(url) is None
