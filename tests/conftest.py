"""Shared fixtures: a private store per test (empty or with the demo county), the CLI, the corpus.

Every test gets its own data and output folders through the same environment
variables a user would set, so nothing touches the project's own `data/`.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Laying every exported packet out with LibreOffice costs seconds each; the tests of the contents'
# page numbers turn it on (`WORKBENCH_PAGE_LAYOUT=auto`) where they need it.
os.environ.setdefault("WORKBENCH_PAGE_LAYOUT", "off")
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
ARTIFACTS = ROOT / "artifacts"


def pytest_runtest_setup(item):
    """Tests marked `corpus` read ../shared/corpus: skipped with the reason where it is absent, failed in CI."""
    if item.get_closest_marker("corpus") and not CORPUS.is_dir():
        message = f"缺少语料文件夹 {CORPUS}（与项目文件夹并列的 shared/corpus）"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def workbench_env(tmp_path, monkeypatch):
    """Point the workbench at a fresh data and output folder; return the environment to pass to subprocesses."""
    data = tmp_path / "data"
    out = tmp_path / "output"
    data.mkdir()
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(data))
    monkeypatch.setenv("WORKBENCH_OUTPUT_DIR", str(out))
    monkeypatch.setenv("WORKBENCH_USER", "测试秘书")
    monkeypatch.delenv("WORKBENCH_DB_URL", raising=False)
    monkeypatch.delenv("WORKBENCH_LABELS", raising=False)
    return dict(os.environ)


@pytest.fixture
def store(workbench_env):
    from workbench.store import Store

    s = Store.open()
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_db_file(tmp_path_factory):
    from workbench.office import demo
    from workbench.store import Store

    path = tmp_path_factory.mktemp("demo") / "workbench.sqlite"
    with Store.open(f"sqlite:///{path}") as s:
        demo.load(s)
    return path


@pytest.fixture
def demo_store(workbench_env, _demo_db_file):
    """A store holding the demo county, private to this test."""
    from workbench.store import Store

    target = Path(workbench_env["WORKBENCH_DATA_DIR"]) / "workbench.sqlite"
    shutil.copy(_demo_db_file, target)
    s = Store.open()
    yield s
    s.close()


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"CliResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(workbench_env):
    """Run `python -m workbench ARGS` in this process (fast) and capture what a user would see."""
    from workbench.cli import main

    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse's own errors and --help
                code = exc.code if isinstance(exc.code, int) else 1
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def cli_process(workbench_env):
    """Run `python -m workbench ARGS` as a real process, as a user's shell would."""

    def run(*args: str, timeout: float = 300) -> CliResult:
        p = subprocess.run(
            [sys.executable, "-m", "workbench", *map(str, args)],
            cwd=ROOT,
            env=workbench_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return CliResult(p.returncode, p.stdout, p.stderr)

    return run


# Headless Chromium from Debian's package; without the background-networking flags it keeps
# trying to reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    """Debian's chromium under Playwright (never a downloaded browser)."""
    require_programs("chromium")
    return playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc: subprocess.Popen, timeout: float = 60) -> None:
    """SIGTERM a server started with start_new_session=True and its children (kernels), then SIGKILL if needed."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def require_programs(*names: str) -> None:
    """Skip a test whose system programs are missing on a developer's machine; in CI they must be there."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        message = f"缺少系统程序 {'、'.join(missing)}（.ci/run 会用 apt 安装）"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@contextlib.contextmanager
def _postgresql_database():
    """A new, empty PostgreSQL database on the server named by WORKBENCH_TEST_PG_URL, dropped afterwards."""
    admin_url = os.environ.get("WORKBENCH_TEST_PG_URL")
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail("CI 中须设置 WORKBENCH_TEST_PG_URL（.ci/run 会启动 PostgreSQL）")
        pytest.skip("未设置 WORKBENCH_TEST_PG_URL，跳过 PostgreSQL 用例")
    import uuid

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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path):
    """A fresh, empty database on each backend: SQLite always, PostgreSQL where WORKBENCH_TEST_PG_URL names a server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'backend.sqlite'}"
        return
    with _postgresql_database() as url:
        yield url


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database (skipped locally without WORKBENCH_TEST_PG_URL, required in CI)."""
    with _postgresql_database() as url:
        yield url


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


# Figures the fault, concurrency and fuzzing tests report (inputs tried, kills, lost updates): printed at the
# end of every run, whatever -s or -q, so CI logs show them.
FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("故障注入、并发与模糊测试数字")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests keep screenshots and rendered pages for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
