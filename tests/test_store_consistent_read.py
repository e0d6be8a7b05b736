"""One export, one moment of the store: a colleague saving meanwhile never makes the figures printed
disagree with the records frozen beside them (SQLite and PostgreSQL); and a store on read-only media
(an archive copy, a write-protected stick) is read by every read-only command and the dashboard.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from helpers.figures import FIGURES
from workbench import publish
from workbench.office import demo
from workbench.office.meetings import next_meeting
from workbench.packet import snapshot
from workbench.store import Store, schema
from workbench.store.rows import PacketSnapshot, Proposal

EXPORTS = 20
# The statuses the colleague moves proposals between; neither is changed by a reply date, so the
# packet counts them exactly as the records hold them.
TOGGLED = ("handling", "assigned")


def _colleague(url: str, stop: threading.Event, saves: list[int]) -> None:
    """An editor saving every 20 ms: all open proposals move to the other status in one save."""
    with Store.open(url) as store:
        ids = [p.id for p in store.select(Proposal, status="handling") if p.replied_on is None]
        assert ids, "示例数据中应有尚未答复的办理中提案"
        turn = 0
        while not stop.is_set():
            status = TOGGLED[turn % 2]
            with store.writer("同事") as w:
                for pid in ids:
                    row = store.get("proposal", pid)
                    w.update(schema.entity("proposal"), pid, {"status": status}, expected_version=row["version"])
            saves.append(turn)
            turn += 1
            time.sleep(0.02)


def _exports_agree_with_their_snapshots(url: str, out: Path, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_PAGE_LAYOUT", "off")  # Word only: the race is in the reading
    stop, saves = threading.Event(), []
    with Store.open(url) as store:
        meeting = next_meeting(store)
        worker = threading.Thread(target=_colleague, args=(url, stop, saves), daemon=True)
        worker.start()
        try:
            ids = []
            for n in range(EXPORTS):
                result = publish.export_packet(store, meeting, out / f"第{n + 1}次", force=True)
                ids.append(result.snapshot_id)
        finally:
            stop.set()
            worker.join(timeout=30)
        assert len(saves) > EXPORTS, f"导出期间同事只保存了 {len(saves)} 次，不足以检验"
        mixed = set()
        for snapshot_id in ids:
            snap = snapshot.read(store.one(PacketSnapshot, snapshot_id))
            frozen = Counter(r["status"] for r in snap.records["proposals"].values())
            printed = snap.figures.proposals.by_status
            assert {s: printed[s] for s in TOGGLED} == {s: frozen[s] for s in TOGGLED}, snapshot_id
            mixed.add(frozen["assigned"])
    FIGURES.append(f"一致读取（{url.split(':')[0]}）：{EXPORTS} 次导出期间同事保存 {len(saves)} 次，快照与所印数字全部一致")
    # The saves did land between exports: the snapshots are not all of one state.
    assert len(mixed) > 1


def test_a_colleague_saving_during_exports_never_splits_a_snapshot_from_its_figures_sqlite(demo_store, tmp_path, monkeypatch):
    _exports_agree_with_their_snapshots(demo_store.url, tmp_path / "导出", monkeypatch)


def test_a_colleague_saving_during_exports_never_splits_a_snapshot_from_its_figures_postgresql(
    workbench_env, pg_url, tmp_path, monkeypatch
):
    with Store.open(pg_url) as s:
        demo.load(s)
    _exports_agree_with_their_snapshots(pg_url, tmp_path / "导出", monkeypatch)


# ---------------------------------------------------------------- read-only media


@contextlib.contextmanager
def read_only_medium(folder: Path, files: list[Path]):
    """`files` copied into `folder`, which then cannot be written: a read-only file system where we can
    mount one (root ignores permissions), a folder without write permission otherwise."""
    folder.mkdir()
    if os.geteuid() == 0:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)]).returncode:
            pytest.skip("本机不能挂载文件系统，无法模拟只读介质")
        try:
            for f in files:
                shutil.copy2(f, folder / f.name)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            yield folder
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    for f in files:
        shutil.copy2(f, folder / f.name)
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def _demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "存档" / "workbench.sqlite"
    path.parent.mkdir()
    with Store.open(f"sqlite:///{path}") as s:
        demo.load(s)
    return path


@pytest.fixture(scope="module")
def archived_demo(tmp_path_factory):
    return _demo_file(tmp_path_factory.mktemp("archive"))


def test_every_read_only_command_reads_a_store_on_read_only_media(archived_demo, tmp_path, cli_process, workbench_env):
    with read_only_medium(tmp_path / "光盘", [archived_demo]) as medium:
        url = f"sqlite:///{medium / 'workbench.sqlite'}"
        workbench_env["WORKBENCH_DB_URL"] = url
        listed = cli_process("meetings")
        assert listed.code == 0, listed.err
        assert "十一届十八次常委会议" in listed.out
        found = cli_process("search", "养老")
        assert found.code == 0 and "养老" in found.out, found.err
        checked = cli_process("packet", "check")  # exits 1: the demo's packet has findings to fix
        assert not checked.err and "导出前检查：须补正" in checked.out

        from workbench.ui.dashboard import pages

        page = pages.build("", url=url)
        assert "青岚县" in page.committee and "提案" in page.body and "暂时无法" not in page.body

        refused = cli_process("meeting", "add", "--date", "2027-03-25")
        assert refused.code != 0
        assert "所在的位置只读" in refused.err and "复制到可写的文件夹" in refused.err
        assert "不可访问" not in refused.err and "Traceback" not in refused.err
        assert sorted(p.name for p in medium.iterdir()) == ["workbench.sqlite"]  # nothing written there


def test_a_copy_taken_with_its_wal_still_holding_changes_is_read_whole(archived_demo, tmp_path, cli_process, workbench_env):
    """Copied while a program had it open: the last changes are still in the -wal, no -shm beside it."""
    work = tmp_path / "在用"
    work.mkdir()
    live = work / "workbench.sqlite"
    shutil.copy2(archived_demo, live)
    conn = sqlite3.connect(live)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE committee SET name = '政协青岚县委员会（存档）'")
    conn.commit()
    wal = work / "workbench.sqlite-wal"
    assert wal.stat().st_size > 0
    try:
        with read_only_medium(tmp_path / "U盘", [live, wal]) as medium:
            workbench_env["WORKBENCH_DB_URL"] = f"sqlite:///{medium / 'workbench.sqlite'}"
            listed = cli_process("setup")
            assert listed.code == 0, listed.err
            assert "（存档）" in listed.out
    finally:
        conn.close()
