"""Shared fixtures: a private store per test (empty or with the demo county), the CLI, the corpus, Voilà.

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
import time
from pathlib import Path

import pytest
import requests

from helpers.figures import FIGURES
from helpers.paths import ARTIFACTS, CORPUS, ROOT
from helpers.processes import free_port, require_programs, stop_process_group
from helpers.stores import CliResult, postgresql_database

# Laying every exported packet out with LibreOffice costs seconds each; the tests of the contents'
# page numbers turn it on (`WORKBENCH_PAGE_LAYOUT=auto`) where they need it.
os.environ.setdefault("WORKBENCH_PAGE_LAYOUT", "off")


def pytest_sessionstart(session):
    """The environment as `workbench init`/`start`/`edit` leave it: the Jupyter settings and the "工作台"
    kernel the shipped notebooks name are in place (an editable install skips data files; see
    `apps/jupyter_settings.py`). Servers the tests start then find the kernel as a user's would."""
    from workbench.apps import jupyter_settings

    jupyter_settings.install()


def pytest_runtest_setup(item):
    """Tests marked `corpus` read ../shared/corpus: skipped with the reason where it is absent, failed in CI."""
    if item.get_closest_marker("corpus") and not CORPUS.is_dir():
        message = f"缺少语料文件夹 {CORPUS}（与项目文件夹并列的 shared/corpus）"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test that fails on a shared CI machine says what else was running and what its server logged:
    a stalled page cannot be told from a starved one afterwards."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or not item.get_closest_marker("browser"):
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        # top's figure is the CPU share now; ps would give each process's average over its life.
        # (its first frame counts from boot, so the second one, a second later, is shown).
        top = subprocess.run(["top", "-b", "-n", "2", "-d", "1", "-w", "200"], capture_output=True, text=True, timeout=15)
        frame = top.stdout[top.stdout.rfind("top - ") :]
        report.sections.append(("当时用处理器最多的进程", "\n".join(frame.splitlines()[:24])))
    served = item.funcargs.get("voila_editor") if hasattr(item, "funcargs") else None
    if served:
        with contextlib.suppress(OSError):
            tail = served[2].read_text(errors="replace").splitlines()[-40:]
            report.sections.append(("编辑器服务日志（末 40 行）", "\n".join(tail)))


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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path):
    """A fresh, empty database on each backend: SQLite always, PostgreSQL where WORKBENCH_TEST_PG_URL names a server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'backend.sqlite'}"
        return
    with postgresql_database() as url:
        yield url


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database (skipped locally without WORKBENCH_TEST_PG_URL, required in CI)."""
    with postgresql_database() as url:
        yield url


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


@pytest.fixture
def voila_editor(tmp_path, _demo_db_file):
    """Voilà serving notebooks/prepare_packet.ipynb over a private copy of the demo county."""
    require_programs("chromium")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(_demo_db_file, data / "workbench.sqlite")
    env = dict(os.environ)
    env.update(WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(tmp_path / "output"), WORKBENCH_USER="浏览器秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    port = free_port()
    log = open(tmp_path / "voila.log", "w")  # noqa: SIM115  (the server writes to it until the fixture stops it)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(ROOT / "notebooks" / "prepare_packet.ipynb"),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=False",
            f"--Voila.root_dir={ROOT / 'notebooks'}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail("Voilà 未能启动：\n" + (tmp_path / "voila.log").read_text())
            try:
                if requests.get(url + "api/kernelspecs", timeout=2).status_code < 500:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("Voilà 在 90 秒内未就绪：\n" + (tmp_path / "voila.log").read_text())
            time.sleep(0.5)
        yield url, data / "workbench.sqlite", tmp_path / "voila.log"
    finally:
        stop_process_group(proc, timeout=20)
        log.close()
