"""Lint, format and type check as a test: `ruff check`, `ruff format --check` (workbench, tests, bench) and `mypy`
(configured in pyproject.toml) pass.

Both run from the virtualenv that runs the tests, so the README's test command and CI check the code the
same way; their output is printed when they fail.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess:
    exe = BIN / tool
    if not exe.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{tool} 未安装在 {BIN}（pip install -e '.[test]'）")
        pytest.skip(f"{tool} 未安装在 {BIN}（pip install -e '.[test]'）")
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


LINTED = ("workbench", "tests", "bench")


def test_ruff_is_clean():
    done = _run("ruff", "check", "--no-cache", *LINTED)
    assert done.returncode == 0, f"ruff check:\n{done.stdout}\n{done.stderr}"


def test_code_is_formatted():
    done = _run("ruff", "format", "--check", "--no-cache", *LINTED)
    assert done.returncode == 0, f"ruff format --check（运行 ruff format 修正）:\n{done.stdout}\n{done.stderr}"


def test_mypy_is_clean():
    done = _run("mypy")
    assert done.returncode == 0, f"mypy:\n{done.stdout}\n{done.stderr}"
