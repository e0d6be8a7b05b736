"""The dashboard and the editor as `python -m workbench serve` / `edit` start them, for the tests of the served pages."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.paths import ROOT
from helpers.processes import free_port, stop_process_group


def environment(base: Path) -> tuple[dict, Path]:
    data = base / "data"
    data.mkdir()
    env = dict(os.environ)
    env.update(WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(base / "output"), WORKBENCH_USER="测试秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    return env, data / "workbench.sqlite"


@contextlib.contextmanager
def serving(base: Path, env: dict, *options: str, stdin: str | None = None):
    """`python -m workbench serve` on a free port until the block ends; yields (url, port, log path)."""
    port = free_port()
    elsewhere = base / "elsewhere"  # not the project folder: serve must not depend on the working directory
    elsewhere.mkdir(exist_ok=True)
    log_path = base / f"serve-{port}.log"
    log = open(log_path, "w+", encoding="utf-8")  # noqa: SIM115  (the server writes to it until the fixture stops it)
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--no-browser", *options],
        cwd=elsewhere,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
    )
    if stdin is not None:
        proc.stdin.write(stdin.encode("utf-8"))
        proc.stdin.close()
    try:
        deadline = time.monotonic() + 240
        while "已启动" not in log_path.read_text(encoding="utf-8"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"看板服务未能启动：{log_path.read_text(encoding='utf-8')}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", port, log_path
    finally:
        stop_process_group(proc)
        log.close()


EDIT_TOKEN = "editor-test-token"


def editor_environment(base: Path, store_file: Path) -> dict:
    """A private copy of `store_file` under `base/data`, and the environment `workbench edit` runs with over it."""
    data = base / "data"
    data.mkdir()
    shutil.copy(store_file, data / "workbench.sqlite")
    env = dict(os.environ)
    env.update(WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(base / "output"), WORKBENCH_USER="浏览器秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])  # the kernel imports this checkout
    return env


@contextlib.contextmanager
def editing(base: Path, env: dict, *options: str):
    """`python -m workbench edit` on a free port until the block ends; yields (url with token, log path, process)."""
    port = free_port()
    log_path = base / f"edit-{port}.log"
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115  (the server writes to it until the block ends)
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "edit", "--no-browser", f"--port={port}", f"--token={EDIT_TOKEN}", *options],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while "编辑窗口已启动" not in log_path.read_text(encoding="utf-8"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("编辑窗口未能启动：\n" + log_path.read_text(encoding="utf-8"))
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/?token={EDIT_TOKEN}", log_path, proc
    finally:
        stop_process_group(proc, timeout=20)
        log.close()
