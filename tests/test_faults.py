"""Fault injection and concurrency on whole commands: kill -9 at seeded points, two writers at once.

Kill points are chosen by a seeded random generator among moments the test can see from outside
(the hidden folder appears, the n-th file is in it, LibreOffice starts, the import's writer begins)
plus a short random delay, so each run kills in the same kinds of places and a failure can be replayed
with its seed. The figures (kills landed, inputs, lost updates) go to the end of the test output.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from helpers.figures import FIGURES
from helpers.paths import ROOT
from helpers.processes import require_programs

pytestmark = pytest.mark.faults

SEED = int(os.environ.get("WORKBENCH_FAULT_SEED", "20260318"))


def _start(env: dict, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(env: dict, *args) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "workbench", *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done


def _kill_when(proc: subprocess.Popen, seen, jitter: float, timeout: float = 300) -> bool:
    """Kill -9 `proc` `jitter` seconds after `seen()` first holds; False if it finished first."""
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end:
        if seen():
            time.sleep(jitter)
            break
        time.sleep(0.002)
    if proc.poll() is not None:
        proc.communicate()
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    return True


def _files(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _hidden(folder: Path) -> list[Path]:
    return [p for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.workbench-")]


def _soffice_dirs(pids: set[int]) -> list[Path]:
    return [
        p
        for prefix in ("workbench-soffice-*", "workbench-layout-*")
        for p in Path(tempfile.gettempdir()).glob(prefix)
        if p.name.split("-")[2].isdigit() and int(p.name.split("-")[2]) in pids
    ]


def _wait_for_orphans(paths: list[Path], timeout: float = 120) -> None:
    """An orphaned soffice (its parent was killed) finishes on its own; wait until none names these folders."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        busy = False
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmdline = (entry / "cmdline").read_bytes()
                except OSError:
                    continue
                if any(str(p).encode() in cmdline for p in paths):
                    busy = True
                    break
        if not busy:
            return
        time.sleep(0.5)


def _moments(folder: Path, pid: int, rng: random.Random, *, pdf: bool = False):
    """A seeded moment of an export to kill at: (description, test, jitter). The tests look only at what
    anyone could see: Word files newer than the start in the folder or beside it, LibreOffice's folder."""
    start_ns = time.time_ns()

    def newer(f: Path) -> bool:
        try:
            return f.stat().st_mtime_ns >= start_ns
        except FileNotFoundError:  # renamed or swapped away between the listing and the look
            return False

    def written() -> int:
        try:
            places = [folder, *_hidden(folder)] if folder.parent.is_dir() else []
            return sum(1 for place in places if place.is_dir() for f in place.glob("*.docx") if newer(f))
        except FileNotFoundError:  # a hidden folder swapped in while it was being listed
            return 0

    if pdf:
        return "LibreOffice", lambda: bool(_soffice_dirs({pid})), rng.uniform(0.5, 3.0)
    what = rng.choice(["begun", "files written", "files written", "all written"])
    if what == "begun":
        delay = rng.uniform(0.2, 3.0)
        return what, lambda: time.time_ns() - start_ns > delay * 1e9, 0
    if what == "files written":
        n = rng.randint(1, 10)
        return f"{what} ≥{n}", lambda: written() >= n, rng.uniform(0, 0.05)
    return what, lambda: written() >= 11, rng.uniform(0, 0.01)


def _check_whole(before: dict, after: dict, names: set[str], *, keep: dict) -> str:
    """The folder holds the earlier export untouched, or the new one complete: never a mix."""
    exported_before = {k: v for k, v in before.items() if k not in keep}
    exported_after = {k: v for k, v in after.items() if k not in keep}
    for name, digest in keep.items():
        assert after.get(name) == digest, f"{name} was lost"
    if exported_after == exported_before:
        return "earlier"
    assert set(exported_after) == names, f"mixed folder: {sorted(set(exported_after) ^ names)}"
    assert not set(exported_after.values()) & set(exported_before.values()), "old and new files mixed"
    return "new"


@pytest.fixture
def demo_env(workbench_env, _demo_db_file):
    import shutil

    shutil.copy(_demo_db_file, Path(workbench_env["WORKBENCH_DATA_DIR"]) / "workbench.sqlite")
    env = dict(workbench_env)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_kill_9_during_packet_export_leaves_the_earlier_export_whole(demo_env, tmp_path):
    rng = random.Random(SEED)
    outcomes = {"earlier": 0, "new": 0}
    kills, finished, pids = 0, 0, set()

    # With --force over an earlier export.
    forced = tmp_path / "材料"
    _finish(demo_env, "packet", "export", "--out", forced)
    names = set(_files(forced))
    for _ in range(6):
        before = _files(forced)
        proc = _start(demo_env, "packet", "export", "--out", forced, "--force")
        pids.add(proc.pid)
        _what, seen, jitter = _moments(forced, proc.pid, rng)
        if _kill_when(proc, seen, jitter):
            kills += 1
            outcomes[_check_whole(before, _files(forced), names, keep={})] += 1
        else:
            finished += 1
            assert set(_files(forced)) == names

    # Without --force into a folder holding a secretary's own file, which must survive every kill.
    shared = tmp_path / "共用文件夹"
    shared.mkdir()
    (shared / "秘书笔记.txt").write_text("会前再核对一遍出勤。", encoding="utf-8")
    keep = _files(shared)
    for _ in range(4):
        before = _files(shared)
        proc = _start(demo_env, "packet", "export", "--out", shared)
        pids.add(proc.pid)
        _what, seen, jitter = _moments(shared, proc.pid, rng)
        if _kill_when(proc, seen, jitter):
            kills += 1
            outcomes[_check_whole(before, _files(shared), names, keep=keep)] += 1
        else:
            finished += 1
        for name in names:  # the secretary moves a landed export away before the next try
            (shared / name).unlink(missing_ok=True)

    # Once with --pdf, killed while LibreOffice converts.
    pdf_kills = 0
    if os.environ.get("CI") or _has_soffice():
        require_programs("soffice")
        before = _files(forced)
        proc = _start(demo_env, "packet", "export", "--out", forced, "--force", "--pdf")
        pids.add(proc.pid)
        _what, seen, jitter = _moments(forced, proc.pid, rng, pdf=True)
        if _kill_when(proc, seen, jitter):
            kills += 1
            pdf_kills += 1
            state = _check_whole(before, _files(forced), names | {"十一届十八次常委会议_会议材料.pdf"}, keep={})
            outcomes[state] += 1
        _wait_for_orphans(_soffice_dirs(pids))

    # The next export into each folder finishes and leaves nothing of the killed ones behind.
    _finish(demo_env, "packet", "export", "--out", forced, "--force")
    _finish(demo_env, "packet", "export", "--out", shared, "--force")
    assert set(_files(forced)) == names
    assert _files(shared)["秘书笔记.txt"] == keep["秘书笔记.txt"]
    for folder in (forced, shared):
        assert not _hidden(folder), _hidden(folder)
        assert not list(folder.glob(".~*")), list(folder.glob(".~*"))
    assert not _soffice_dirs(pids), _soffice_dirs(pids)
    db = Path(demo_env["WORKBENCH_DATA_DIR"]) / "workbench.sqlite"
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert kills >= 6, f"only {kills} kills landed"
    FIGURES.append(
        f"packet export 被 kill -9：{kills} 次（其中 --pdf 转换中 {pdf_kills} 次；"
        f"之后仍为原材料 {outcomes['earlier']} 次，为完整新材料 {outcomes['new']} 次，混合 0 次）；"
        f"未及终止即完成 {finished} 次；种子 {SEED}"
    )


def _has_soffice() -> bool:
    import shutil

    return shutil.which("soffice") is not None


def _proposal_csv(path: Path, first_case: int, rows: int) -> Path:
    lines = ["年度,案号,案由,提案人,类别,主办单位,交办日期,状态"]
    for n in range(first_case, first_case + rows):
        lines.append(f"2026,{n},关于第{n}号事项的建议,委员{n % 97},经济建设,县财政局,2026-03-10,已交办")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _writing_seen(url: str):
    """A test for "the import's transaction has begun writing": SQLite's writer note (store/holder.py)
    exists; on PostgreSQL, another session of the database holds a transaction id."""
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///") + ".writer").exists
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")

    def seen() -> bool:
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                    )
                ).scalar()
            )

    return seen


def _count(url: str) -> tuple[int, int]:
    from sqlalchemy import func, select

    from workbench.store import Store, schema

    with Store.open(url, readonly=True) as store, store.engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(schema.proposal)).scalar(),
            conn.execute(select(func.count()).select_from(schema.history)).scalar(),
        )


def test_kill_9_during_a_large_import_leaves_all_or_nothing(backend_url, workbench_env, tmp_path):
    from workbench.store import Store

    env = dict(workbench_env, WORKBENCH_DB_URL=backend_url, WORKBENCH_BACKUP_DIR=str(tmp_path / "备份"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    Store.open(backend_url).close()
    sqlite = backend_url.startswith("sqlite")
    writing = _writing_seen(backend_url)
    rng = random.Random(SEED + (0 if sqlite else 1))
    rows = 6000
    kills, outcomes = 0, {"before": 0, "after": 0}
    for attempt in range(5):
        path = _proposal_csv(tmp_path / f"提案{attempt}.csv", 10000 * (attempt + 1), rows)
        before = _count(backend_url)
        proc = _start(env, "import", "提案", path)
        if rng.random() < 0.7:  # mostly while the import writes, sometimes before
            jitter = rng.uniform(0, 0.15)  # the import writes its rows within a second or so
            landed = _kill_when(proc, writing, jitter)
        else:
            deadline = time.monotonic() + rng.uniform(0.3, 2.5)
            landed = _kill_when(proc, lambda deadline=deadline: time.monotonic() > deadline, 0)
        after = _count(backend_url)
        if after == before:
            outcomes["before"] += 1
        else:
            assert after == (before[0] + rows, before[1] + rows), (before, after)
            outcomes["after"] += 1
        kills += landed
        if sqlite:
            db = backend_url.removeprefix("sqlite:///")
            assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The store still takes the next import, and a killed backup left no temporary file once rotated.
    _finish(env, "import", "提案", _proposal_csv(tmp_path / "最后.csv", 900000, rows))
    assert not list((tmp_path / "备份").glob(".~*"))
    assert kills >= 2, f"only {kills} kills landed"
    FIGURES.append(
        f"导入 {rows} 条提案时被 kill -9（{'SQLite' if sqlite else 'PostgreSQL'}）：{kills} 次，"
        f"之后库为导入前 {outcomes['before']} 次、导入后 {outcomes['after']} 次，半截 0 次；种子 {SEED}"
    )


_INCREMENTER = textwrap.dedent("""
    import sys
    from workbench.base.errors import ConflictError
    from workbench.store import Store
    url, record_id, times = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    conflicts = 0
    with Store.open(url) as store:
        done = 0
        while done < times:
            row = store.get("liaison_activity", record_id)          # read
            try:                                                    # modify, write
                store.update("liaison_activity", record_id, {"participants": row["participants"] + 1},
                             expected_version=row["version"], actor=sys.argv[4])
                done += 1
            except ConflictError:
                conflicts += 1                                      # reread and try again
    print(conflicts)
""")


def test_two_writers_lose_no_update(backend_url, workbench_env):
    from datetime import date

    from workbench.store import Store, schema

    with Store.open(backend_url) as store, store.writer() as w:
        group = w.insert(schema.liaison_group, {"name": "第一联络组"})
        record = w.insert(
            schema.liaison_activity,
            {"group_id": group, "held_on": date(2026, 3, 1), "activity_kind": "research", "title": "调研", "participants": 0},
        )
    times = 60
    env = dict(workbench_env, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _INCREMENTER, backend_url, str(record), str(times), who],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("甲秘书", "乙秘书")
    ]
    conflicts = 0
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        conflicts += int(out.strip())
    with Store.open(backend_url, readonly=True) as store:
        final = store.get("liaison_activity", record)
        history = [h for h in store.history("liaison_activity", record) if h["action"] == "update"]
    lost = 2 * times - final["participants"]
    assert lost == 0 and final["version"] == 2 * times + 1 and len(history) == 2 * times
    backend = "SQLite" if backend_url.startswith("sqlite") else "PostgreSQL"
    FIGURES.append(f"两个进程各读-改-写同一条记录 {times} 次（{backend}）：丢失修改 {lost} 次，冲突后重读重试 {conflicts} 次")


_LONG_WRITER = textwrap.dedent("""
    import sys, time
    from workbench.store import Store, schema
    with Store.open(sys.argv[1]) as store:
        with store.writer("王秘书", purpose="导入提案") as w:
            print("writing", flush=True)
            end = time.monotonic() + float(sys.argv[2])
            n = 0
            while time.monotonic() < end:
                n += 1
                w.insert(schema.proposal, {"year": 2030, "case_no": n, "title": f"长事务中的第{n}件"})
                time.sleep(0.01)
    print(n)
""")


def test_the_dashboard_reads_while_a_long_writer_works(backend_url, workbench_env):
    from datetime import date

    from workbench.office import demo
    from workbench.store import Store
    from workbench.ui.dashboard.data import live_view

    with Store.open(backend_url) as store:
        demo.load(store)
    env = dict(workbench_env, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", _LONG_WRITER, backend_url, "4"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reads, seen = 0, set()
    try:
        assert proc.stdout.readline().strip() == "writing"
        with Store.open(backend_url, readonly=True) as leaders, Store.open(backend_url) as secretary:
            while proc.poll() is None:
                view = live_view(leaders, None, date(2026, 3, 20))
                assert view.proposals.total > 0
                seen.add(len(secretary.rows("proposal", year=2030)))
                reads += 1
    finally:
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert reads >= 1
    assert seen <= {0, int(out)}  # the writer's rows are seen all at once after its commit, or not at all
    FIGURES.append(
        f"长事务写入 4 秒期间看板读取（{'SQLite' if backend_url.startswith('sqlite') else 'PostgreSQL'}）："
        f"{reads} 次，读取出错 0 次"
    )
