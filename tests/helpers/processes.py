"""Servers the tests start: a free local port, stopping a whole process group, programs the test needs."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc: subprocess.Popen, timeout: float = 60) -> None:
    """SIGTERM a server started with start_new_session=True and its children (kernels), then SIGKILL if needed."""
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
