"""`backup` and `restore` as a secretary runs them, on SQLite and PostgreSQL, and the automatic backups."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from helpers.paths import ROOT
from workbench.store import Store


def _dump(url: str) -> list[str]:
    """The whole store as SQL text: equal dumps mean equal stores."""
    if url.startswith("sqlite"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return list(con.iterdump())
        finally:
            con.close()
    address = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    out = subprocess.run(["pg_dump", "--no-owner", address], capture_output=True, text=True, check=True).stdout
    # \\restrict and \\unrestrict carry a random key per dump (PostgreSQL 15.14 and later).
    return [line for line in out.splitlines() if not line.startswith(("-- Dumped", "\\restrict", "\\unrestrict"))]


def _fill(store: Store) -> None:
    with store.writer("测试秘书") as w:
        from workbench.store import schema

        c = w.insert(schema.committee, {"name": "政协青岚县委员会", "county": "青岚县"})
        t = w.insert(schema.term, {"committee_id": c, "term_no": 11})
        w.insert(schema.meeting, {"term_id": t, "kind": "standing_committee_meeting", "seq_no": 18, "held_on": date(2026, 3, 20)})
        for n in range(1, 6):
            w.insert(schema.proposal, {"year": 2026, "case_no": n, "title": f"关于第{n}件事的建议", "lead_unit": "县财政局"})


@pytest.fixture
def office(backend_url, workbench_env, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_DB_URL", backend_url)
    monkeypatch.setenv("WORKBENCH_BACKUP_DIR", str(tmp_path / "备份"))
    with Store.open() as store:
        _fill(store)
    return backend_url


def test_backup_change_restore_gives_back_the_same_store(office, cli, tmp_path):
    before = _dump(office)
    r = cli("backup", tmp_path / "手动")
    assert r.code == 0, r
    [file] = list((tmp_path / "手动").iterdir())
    assert file.name in r.out

    with Store.open() as store:
        p = store.rows("proposal")[0]
        store.update("proposal", p["id"], {"title": "改过的案由"}, expected_version=p["version"])
        store.delete("proposal", store.rows("proposal")[-1]["id"], expected_version=1)
        store.insert("proposal", {"year": 2026, "case_no": 99, "title": "新增的建议"})
    assert _dump(office) != before

    r = cli("restore", file)
    assert r.code == 0, r
    assert "恢复前的数据库已备份为" in r.out
    assert _dump(office) == before
    # The store as it was before the restore was kept, and can itself be restored.
    [kept] = list((tmp_path / "备份").iterdir())
    assert str(kept) in r.out
    with Store.open() as store:
        assert len(store.rows("proposal")) == 5


def test_restore_refuses_a_file_that_is_not_a_backup(office, cli, tmp_path):
    before = _dump(office)
    bogus = tmp_path / "材料.docx"
    bogus.write_bytes(b"PK\x03\x04 not a database")
    r = cli("restore", bogus)
    assert r.code == 1 and "不是" in r.err and "数据库未改动" in r.err
    assert _dump(office) == before


_WRITER = textwrap.dedent("""
    import sys
    from workbench.store import Store, schema
    with Store.open(sys.argv[1]) as store:
        with store.writer("王秘书", purpose="导入提案") as w:
            print("holding", flush=True)
            sys.stdin.readline()
""")


def test_restore_refuses_while_someone_writes_and_changes_nothing(office, cli, tmp_path, workbench_env):
    r = cli("backup", tmp_path / "手动")
    [file] = list((tmp_path / "手动").iterdir())
    before = _dump(office)
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, office],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=workbench_env,
    )
    try:
        assert proc.stdout.readline().strip() == "holding"
        r = cli("restore", file)
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert r.code == 1, r
    assert "不能恢复" in r.err or "正由以下连接使用" in r.err
    assert "数据库未改动" in r.err
    if office.startswith("sqlite"):
        assert "王秘书" in r.err and "导入提案" in r.err
    assert _dump(office) == before
    assert not (tmp_path / "备份").exists() or not list((tmp_path / "备份").iterdir())


def test_backups_are_rotated(workbench_env, store, cli, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_BACKUP_DIR", str(tmp_path / "备份"))
    monkeypatch.setenv("WORKBENCH_BACKUP_KEEP", "3")
    made = []
    for _ in range(5):
        r = cli("backup")
        assert r.code == 0, r
        made.append(r.out.split("备份文件：")[1].strip())
    left = sorted(str(p) for p in (tmp_path / "备份").iterdir())
    assert left == sorted(made[-3:])  # the newest three, even when made within the same second


def test_a_large_import_is_backed_up_first(demo_store, cli, monkeypatch, tmp_path):
    from test_sheets_bad_input import proposal_rows, write_xlsx

    monkeypatch.setenv("WORKBENCH_BACKUP_DIR", str(tmp_path / "备份"))
    monkeypatch.setenv("WORKBENCH_BACKUP_ROWS", "2")
    path = write_xlsx(tmp_path / "提案.xlsx", proposal_rows())
    before = _dump(demo_store.url)
    r = cli("import", "提案", path)
    assert r.code == 0, r
    [kept] = list((tmp_path / "备份").iterdir())
    assert "导入前已自动备份数据库" in r.out and str(kept) in r.out
    # The backup is the store as it was before the import.
    assert _dump(f"sqlite:///{kept}") == before

    monkeypatch.setenv("WORKBENCH_BACKUP_ROWS", "500")
    rows = proposal_rows()
    rows[0][2] = "再改一次案由"
    r = cli("import", "提案", write_xlsx(tmp_path / "提案2.xlsx", rows))
    assert r.code == 0 and "自动备份" not in r.out
    assert len(list((tmp_path / "备份").iterdir())) == 1


def test_a_bad_backup_setting_is_a_chinese_error(store, cli, monkeypatch):
    monkeypatch.setenv("WORKBENCH_BACKUP_KEEP", "很多")
    r = cli("backup")
    assert r.code == 1 and "WORKBENCH_BACKUP_KEEP" in r.err and "整数" in r.err
    assert os.environ["WORKBENCH_BACKUP_KEEP"] == "很多"
