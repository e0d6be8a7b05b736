"""A normal install works outside the source checkout: `pip install .` into a new virtual environment,
then, in an empty folder, init → demo → packet export, and `serve` answers with the dashboard page.

This is what an office's IT person does on a server; it catches templates, notebooks or page
templates found only relative to a checkout. The install takes a minute or two (the dependencies
come from pip's cache or the package index), so the test is marked `install`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from docx import Document

from helpers.paths import ROOT
from helpers.processes import free_port

pytestmark = pytest.mark.install


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # A copy of the tree without build leftovers, so setuptools builds from what git tracks.
    source = tmp_path_factory.mktemp("source")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            dst = source / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    result = subprocess.run([str(python), "-m", "pip", "install", "-q", str(source)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return python


def _env(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKBENCH_", "PYTHON", "JUPYTER"))}
    env["WORKBENCH_USER"] = "安装测试"
    env["HOME"] = str(folder)
    return env


def test_installed_package_runs_init_demo_and_export_in_an_empty_folder(installed, tmp_path):
    where = subprocess.run(
        [str(installed), "-c", "import workbench, sys; print(workbench.__file__)"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "site-packages" in where and str(ROOT) not in where

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(installed), "-m", "workbench", *args],
            cwd=tmp_path,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=600,
        )

    for args in (["init"], ["demo"], ["packet", "export", "--meeting", "next", "--out", "x"]):
        r = run(*args)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    assert (tmp_path / "data" / "workbench.sqlite").is_file()
    merged = tmp_path / "x" / "十一届十八次常委会议_会议材料.docx"
    assert merged.is_file(), sorted(p.name for p in (tmp_path / "x").iterdir())
    text = "\n".join(p.text for p in Document(str(merged)).paragraphs)
    assert "政协青岚县第十一届委员会" in text and "{{" not in text


def test_installed_package_serves_the_dashboard(installed, tmp_path):
    env = _env(tmp_path)
    subprocess.run(
        [str(installed), "-m", "workbench", "demo"], cwd=tmp_path, env=env, check=True, capture_output=True, timeout=600
    )
    port = free_port()
    proc = subprocess.Popen(
        [str(installed), "-m", "workbench", "serve", "--port", str(port), "--no-browser"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if f"127.0.0.1:{port}" in line:
                break
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=180).read().decode("utf-8")
        # the installed package read the store and drew the dashboard (its page templates shipped too)
        assert "<html" in page.lower() and 'data-kpi="reply_rate"' in page, page[:2000]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
