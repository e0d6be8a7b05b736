"""Servers the tests start: a free local port, stopping a whole process group, programs the test needs,
and what a server has running below it (its kernels) and how much memory it holds."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

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


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children …), read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def resident_kb(pid: int) -> int:
    """Resident memory of one process in KiB (0 once it is gone)."""
    try:
        for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
