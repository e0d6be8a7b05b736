"""Dashboard figures: many viewers opening the page at once, against the floor plain Voilà sets.

A meeting's 25–40 members open the dashboard on tablets at the same moment. For 10, 25 and
40 viewers the bench opens that many pages at once (one headless Chromium, a fresh context
per page, all navigations started together) against two servers measured in the same run:

- the dashboard as `workbench serve` starts it (`serve.voila_command`), freshly started, so
  the first viewers also wait for the page to be built from the store;
- the floor: plain `voila` (default options) serving a one-cell notebook, started the same way.

For each page: seconds from the burst's start until every KPI is visible (floor: until Voilà
shows the executed cell), or never within the limit. Server memory is the peak, sampled
every 0.25 s, of the summed VmRSS of the server process and everything it started (kernels).
The browser runs on the same two cores as the servers, so absolute times include it; the
ratios compare like with like.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from workbench.apps import serve

from . import inputs
from .runs import BenchError, median

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOAD_TIMEOUT_S = 240
VIEWERS = (10, 25, 40)

# Every [data-kpi] element present and visible.
_ALL_KPIS_VISIBLE = """(expected) => {
  const kpis = Array.from(document.querySelectorAll('[data-kpi]'));
  if (kpis.length < expected) return false;
  return kpis.every(el => el.offsetParent !== null && el.getBoundingClientRect().height > 0);
}"""
# The floor's page is done when Voilà removes its spinner and shows the executed cell.
_PAGE_DONE = """() => {
  const cells = document.getElementById('rendered_cells');
  return !!cells && cells.style.display !== 'none' && !document.getElementById('loading');
}"""


def expected_kpis(store: Path) -> int:
    """How many KPIs the live view of the next meeting shows (the page must show them all)."""
    from datetime import date

    from workbench.office.meetings import next_meeting
    from workbench.store import Store
    from workbench.ui.dashboard.data import live_view

    with Store.open(f"sqlite:///{store}", readonly=True) as s:
        meeting = next_meeting(s)
        return len(live_view(s, meeting.id if meeting else None, date.today()).kpis)


def one_cell_notebook(folder: Path) -> Path:
    path = folder / "floor.ipynb"
    path.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "execution_count": None,
                        "id": "floor",
                        "metadata": {},
                        "outputs": [],
                        "source": "print('看板')",
                    }
                ],
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {
                    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                    "language_info": {"name": "python"},
                },
            }
        ),
        encoding="utf-8",
    )
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- /proc


def _tree_rss_kb(root: int) -> int:
    """Summed VmRSS of `root` and all its descendants."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(parents.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class PeakMemory(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self._done.wait(0.25)

    def finish(self) -> float:
        self._done.set()
        self.join()
        return self.peak_kb / 1024


# ---------------------------------------------------------------- servers


class Server:
    """The dashboard (`serve`'s command over `store`) or the floor (plain voila, one-cell notebook)."""

    def __init__(self, kind: str, store: Path, folder: Path):
        self.port = _free_port()
        env = serve._child_env()
        env["WORKBENCH_DB_URL"] = f"sqlite:///{store}"
        self.config_dir = None
        if kind == "dashboard":
            options = serve.ServeOptions(port=self.port, open_browser=False)
            self.config_dir = serve.write_config_dir(options)
            command, cwd = serve.voila_command(options, self.config_dir), self.config_dir
        else:
            command = [
                sys.executable,
                "-m",
                "voila",
                str(one_cell_notebook(folder)),
                "--no-browser",
                "--Voila.ip=127.0.0.1",
                f"--Voila.port={self.port}",
                "--Voila.port_retries=0",
                "--Voila.log_level=ERROR",
            ]
            cwd = folder
        self.process = subprocess.Popen(
            command,
            cwd=str(cwd),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}/"
        try:
            serve._wait_until_listening(self.process, "127.0.0.1", self.port)
        except Exception as exc:
            self.stop()
            raise BenchError(f"{kind} server did not start: {exc}") from None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.config_dir:
            shutil.rmtree(self.config_dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


async def _burst(url: str, viewers: int, ready_js: str, arg) -> list[float | None]:
    """Seconds from the burst's start until each page was ready (None: not within LOAD_TIMEOUT_S)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts = [await browser.new_context() for _ in range(viewers)]
            pages = [await c.new_page() for c in contexts]
            start = time.perf_counter()

            async def one(page) -> float | None:
                try:
                    await page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
                    await page.wait_for_function(
                        ready_js, arg=arg, polling=100, timeout=max(1, LOAD_TIMEOUT_S - (time.perf_counter() - start)) * 1000
                    )
                    return time.perf_counter() - start
                except Exception:
                    return None

            return await asyncio.gather(*(one(pg) for pg in pages))
        finally:
            await browser.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, math.ceil(q * len(ordered)) - 1)
    return ordered[k]


def burst(kind: str, store: Path, folder: Path, viewers: int, expected: int) -> dict:
    ready, arg = (_ALL_KPIS_VISIBLE, expected) if kind == "dashboard" else (_PAGE_DONE, None)
    with Server(kind, store, folder) as server:
        memory = PeakMemory(server.process.pid)
        memory.start()
        times = asyncio.run(_burst(server.url, viewers, ready, arg))
        peak_mb = memory.finish()
    shown = [t if t is not None else float(LOAD_TIMEOUT_S) for t in times]  # never-rendered count as the limit
    return {
        "times": times,
        "p50": percentile(shown, 0.50),
        "p95": percentile(shown, 0.95),
        "never": sum(1 for t in times if t is None),
        "peak_mb": peak_mb,
    }


def http_burst(store: Path, folder: Path, requests: int) -> list[float]:
    """Seconds until each of `requests` plain GETs started at once has the whole page (no browser):
    what the server itself costs, apart from the browsers sharing its cores."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    with Server("dashboard", store, folder) as server:
        start = time.perf_counter()

        def get(_k: int) -> float:
            with urllib.request.urlopen(server.url, timeout=LOAD_TIMEOUT_S) as r:
                r.read()
            return time.perf_counter() - start

        with ThreadPoolExecutor(requests) as pool:
            return list(pool.map(get, range(requests)))


def first_load(store: Path, folder: Path, expected: int) -> float | None:
    """One viewer on a freshly started dashboard: the page is built from the store for them."""
    with Server("dashboard", store, folder) as server:
        return asyncio.run(_burst(server.url, 1, _ALL_KPIS_VISIBLE, expected))[0]


def measure(fig, runs: int, quick: bool = False) -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        raise BenchError("playwright is not installed") from None
    if not Path(CHROMIUM).exists():
        raise BenchError(f"{CHROMIUM} not found")
    demo = inputs.demo_store()
    big = inputs.scaled_store(10000)
    expected = {"demo": expected_kpis(demo), "10k": expected_kpis(big)}
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        folder = Path(tmp)
        for n in (10,) if quick else VIEWERS:
            # The floor first, then the dashboard, each on a freshly started server.
            for kind in ("floor", "dashboard"):
                results[f"{kind}_{n}"] = burst(kind, demo, folder, n, expected["demo"])
                r = results[f"{kind}_{n}"]
                label = "dashboard" if kind == "dashboard" else "floor (plain voila, one cell)"
                fig.add("dashboard", f"{n} viewers, {label}: p50 to KPIs / page done", r["p50"], "s", "{:.2f}")
                fig.add("dashboard", f"{n} viewers, {label}: p95", r["p95"], "s", "{:.2f}")
                fig.add("dashboard", f"{n} viewers, {label}: pages never rendered", r["never"], "", "{:.0f}")
                fig.add("dashboard", f"{n} viewers, {label}: peak server memory", r["peak_mb"], "MB", "{:.0f}")
        bare = http_burst(demo, folder, max(VIEWERS))
        fig.add(
            "dashboard",
            f"{max(VIEWERS)} plain GETs at once, no browser: p95 to whole page",
            percentile(bare, 0.95),
            "s",
            "{:.3f}",
        )
        results["http_only"] = {"times": bare}
        loads = {"demo": [], "10k": []}
        for _ in range(max(1, runs)):
            loads["demo"].append(first_load(demo, folder, expected["demo"]))
            loads["10k"].append(first_load(big, folder, expected["10k"]))
    fig.details["dashboard"] = {"bursts": results, "first_loads": loads, "kpis": expected}
    t_demo = median([t for t in loads["demo"] if t is not None]) if any(loads["demo"]) else None
    t_big = median([t for t in loads["10k"] if t is not None]) if any(loads["10k"]) else None
    fig.add("dashboard", "one viewer, fresh server, demo store: time to KPIs", t_demo, "s", "{:.2f}")
    fig.add("dashboard", "one viewer, fresh server, 10,000 proposals: time to KPIs", t_big, "s", "{:.2f}")

    largest = max(n for n in ((10,) if quick else VIEWERS))
    d, f = results[f"dashboard_{largest}"], results[f"floor_{largest}"]
    p95_ratio = d["p95"] / f["p95"] if f["p95"] else None
    note = f"{largest} viewers: dashboard p95 {d['p95']:.2f} s vs floor {f['p95']:.2f} s"
    fig.target("dashboard_burst_p95_vs_floor", p95_ratio, note)
    fig.target("dashboard_burst_p95_vs_floor_aim", p95_ratio, note)
    fig.target(
        "dashboard_burst_memory_vs_floor",
        d["peak_mb"] / f["peak_mb"] if f["peak_mb"] else None,
        f"{largest} viewers: dashboard {d['peak_mb']:.0f} MB vs floor {f['peak_mb']:.0f} MB",
    )
    never = sum(r["never"] for k, r in results.items() if k.startswith("dashboard_"))
    fig.target(
        "dashboard_burst_never_rendered",
        never,
        "floor: " + ", ".join(f"{k.split('_')[1]} viewers {r['never']}" for k, r in results.items() if k.startswith("floor_")),
    )
    fig.target(
        "dashboard_10k_vs_demo",
        t_big / t_demo if t_big and t_demo else None,
        f"10k {t_big or 0:.2f} s vs demo {t_demo or 0:.2f} s",
    )
