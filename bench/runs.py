"""Running scenarios in fresh processes and reducing repeated runs to medians."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from workbench.base import config

from .scenarios import RESULT_MARK


class BenchError(RuntimeError):
    """A scenario process failed; carries its stderr tail."""


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(config.PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("WORKBENCH_USER", "基准测试")
    return env


def run_scenario(name: str, args: dict, *, timeout: float = 1800) -> dict:
    """One scenario in a fresh interpreter; its JSON result."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.scenarios", name, json.dumps(args)],
        cwd=str(config.PROJECT_ROOT),
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not lines:
        raise BenchError(f"scenario {name} {args} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len(RESULT_MARK) :])


def repeat(name: str, args: dict, runs: int) -> list[dict]:
    return [run_scenario(name, args) for _ in range(runs)]


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def median_of(results: list[dict], key: str) -> float | None:
    return median(r[key] for r in results)
