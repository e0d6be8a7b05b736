"""Dashboard figures: time until every KPI is visible in headless Chromium, against an empty notebook.

Both notebooks are served by standalone voila with the command line that
`workbench.serve.voila_command` builds (the same template, kernel transport and
options), the empty one from a temp folder. "Cold" turns preheating off, so the
kernel starts when the page is requested; "preheated" keeps the dashboard's own
options and loads the page once the pool kernel has finished its imports and
sits idle in `wait_for_request()`. Every load uses a new browser context (empty
cache). The kernel's RSS is VmRSS from /proc of the kernel processes under the
voila server, read once the page shows every KPI.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from workbench import serve

from . import inputs
from .runs import BenchError, median

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOAD_TIMEOUT_MS = 240_000
POOL_SIZE = 1   # one preheated kernel: the machine has two cores and other engineers on it

# Every [data-kpi] element present and visible (voila shows #rendered_cells only once all cells ran).
_ALL_KPIS_VISIBLE = """(expected) => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none') return false;
  const kpis = Array.from(document.querySelectorAll('[data-kpi]'));
  if (kpis.length < expected) return false;
  return kpis.every(el => el.offsetParent !== null && el.getBoundingClientRect().height > 0);
}"""
# The empty notebook's page is done when voila removes its spinner and shows the (empty) cells.
_PAGE_DONE = """() => {
  const cells = document.getElementById('rendered_cells');
  return !!cells && cells.style.display !== 'none' && !document.getElementById('loading');
}"""


def expected_kpis(store: Path) -> int:
    """How many KPIs the live view of the next meeting shows (the page must show them all)."""
    from datetime import date

    from workbench.meetings import next_meeting
    from workbench.store import Store
    from workbench.ui.dashboard.data import live_view
    with Store.open(f"sqlite:///{store}", readonly=True) as s:
        meeting = next_meeting(s)
        return len(live_view(s, meeting.id if meeting else None, date.today()).kpis)


def empty_notebook(folder: Path) -> Path:
    path = folder / "empty.ipynb"
    path.write_text(json.dumps({
        "cells": [], "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}}}), encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- /proc


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def kernel_pids(server_pid: int) -> list[int]:
    """Descendants of the voila server whose command line is an ipykernel."""
    tree, found, todo = _children(), [], [server_pid]
    while todo:
        pid = todo.pop()
        for child in tree.get(pid, []):
            todo.append(child)
            try:
                cmd = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"ipykernel" in cmd:
                found.append(child)
    return found


def _status_kb(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def wait_pool_idle(server_pid: int, count: int, timeout: float = 240) -> None:
    """Until `count` kernels exist and none used CPU for 2 s (imports done, waiting for a request)."""
    deadline = time.monotonic() + timeout
    last, quiet_since = None, None
    while time.monotonic() < deadline:
        pids = sorted(kernel_pids(server_pid))
        ticks = tuple(_cpu_ticks(p) for p in pids)
        if len(pids) >= count and ticks == last:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 2.0:
                return
        else:
            quiet_since = None
        last = ticks
        time.sleep(0.5)
    raise BenchError("preheated kernel pool did not become idle in time")


# ---------------------------------------------------------------- voila


class Server:
    """Standalone voila for one notebook over one store, with the dashboard's options."""

    def __init__(self, notebook: Path, store: Path, *, preheat: bool):
        self.port = _free_port()
        # A token (as `serve --token` sets) lets the bench shut kernels down over the API without a browser cookie.
        self.token = serve.new_token()
        self.options = serve.ServeOptions(port=self.port, pool_size=POOL_SIZE, open_browser=False, token=self.token)
        self.config_dir = serve.write_config_dir(self.options)
        command = serve.voila_command(self.options, self.config_dir)
        command = [str(notebook) if c == str(serve.NOTEBOOK) else c for c in command]
        if not preheat:
            command = [c.replace("preheat_kernel=True", "preheat_kernel=False") for c in command]
        self.command = command
        env = serve._child_env()
        env["WORKBENCH_DB_URL"] = f"sqlite:///{store}"
        self.process = subprocess.Popen(command, cwd=str(notebook.parent), env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}/"
        self.url = f"{self.base}?token={self.token}"
        try:
            serve._wait_until_listening(self.process, "127.0.0.1", self.port)
        except Exception as exc:
            self.stop()
            raise BenchError(f"voila did not start: {exc}") from None

    def shutdown_kernel(self, kernel_id: str) -> None:
        """What the page's beforeunload beacon does when a leader closes the tab."""
        request = urllib.request.Request(f"{self.base}voila/api/shutdown/{kernel_id}", method="POST", data=b"",
                                         headers={"Authorization": f"token {self.token}"})
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.URLError as exc:
            raise BenchError(f"could not shut kernel {kernel_id} down: {exc}") from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.config_dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _load(browser, server: Server, ready_js: str, arg=None) -> tuple[float, float | None]:
    """(seconds until ready, largest kernel VmRSS in MB) for one page load in a fresh context."""
    context = browser.new_context()
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(server.url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(ready_js, arg=arg, timeout=LOAD_TIMEOUT_MS, polling=50)
        seconds = time.perf_counter() - start
        rss = [_status_kb(p, "VmRSS") for p in kernel_pids(server.process.pid)]
        rss_mb = max((r for r in rss if r), default=0) / 1024 or None
        kernel_id = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    finally:
        context.close()
    server.shutdown_kernel(kernel_id)   # so kernels do not pile up between loads
    return seconds, rss_mb


def _measure_server(browser, notebook: Path, store: Path, *, preheat: bool, runs: int, ready_js: str,
                    arg=None) -> dict:
    times, rss = [], []
    with Server(notebook, store, preheat=preheat) as server:
        for _ in range(runs):
            if preheat:
                wait_pool_idle(server.process.pid, POOL_SIZE)
            else:
                _wait_no_kernels(server.process.pid)
            seconds, kernel_mb = _load(browser, server, ready_js, arg)
            times.append(seconds)
            rss.append(kernel_mb)
    return {"times": times, "kernel_rss_mb": rss}


def _wait_no_kernels(server_pid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while kernel_pids(server_pid) and time.monotonic() < deadline:
        time.sleep(0.3)


def measure(fig, runs: int) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BenchError("playwright is not installed") from None
    if not Path(CHROMIUM).exists():
        raise BenchError(f"{CHROMIUM} not found")
    runs = max(runs, 3) if runs > 1 else 1
    demo = inputs.demo_store()
    big = inputs.scaled_store(10000)
    expected = {"demo": expected_kpis(demo), "10k": expected_kpis(big)}
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            empty = empty_notebook(Path(tmp))
            plan = [
                ("empty_cold", empty, demo, False, _PAGE_DONE, None),
                ("dashboard_demo_cold", serve.NOTEBOOK, demo, False, _ALL_KPIS_VISIBLE, expected["demo"]),
                ("dashboard_demo_preheated", serve.NOTEBOOK, demo, True, _ALL_KPIS_VISIBLE, expected["demo"]),
                ("dashboard_10k_preheated", serve.NOTEBOOK, big, True, _ALL_KPIS_VISIBLE, expected["10k"]),
                ("dashboard_10k_cold", serve.NOTEBOOK, big, False, _ALL_KPIS_VISIBLE, expected["10k"]),
                ("empty_preheated", empty, demo, True, _PAGE_DONE, None),
            ]
            for name, notebook, store, preheat, ready, arg in plan:
                results[name] = _measure_server(browser, notebook, store, preheat=preheat, runs=runs,
                                                ready_js=ready, arg=arg)
        finally:
            browser.close()
    labels = {
        "empty_cold": "empty notebook, cold",
        "empty_preheated": "empty notebook, preheated",
        "dashboard_demo_cold": "dashboard, demo store, cold",
        "dashboard_demo_preheated": "dashboard, demo store, preheated",
        "dashboard_10k_cold": "dashboard, 10,000 proposals, cold",
        "dashboard_10k_preheated": "dashboard, 10,000 proposals, preheated",
    }
    t = {name: median(r["times"]) for name, r in results.items()}
    for name, label in labels.items():
        fig.add("dashboard", f"{label}: time until every KPI / page done", t[name], "s")
    rss_demo = median(results["dashboard_demo_preheated"]["kernel_rss_mb"] + results["dashboard_demo_cold"]["kernel_rss_mb"])
    rss_10k = median(results["dashboard_10k_preheated"]["kernel_rss_mb"] + results["dashboard_10k_cold"]["kernel_rss_mb"])
    fig.add("dashboard", "dashboard kernel RSS, demo store", rss_demo, "MB", "{:.0f}")
    fig.add("dashboard", "dashboard kernel RSS, 10,000 proposals", rss_10k, "MB", "{:.0f}")
    fig.add("dashboard", "empty notebook kernel RSS", median(results["empty_cold"]["kernel_rss_mb"]), "MB", "{:.0f}")
    fig.details["dashboard"] = results
    fig.details["dashboard_kpis"] = expected

    def ratio(a, b):
        return t[a] / t[b] if t.get(a) is not None and t.get(b) else None

    fig.target("dashboard_cold_vs_empty", ratio("dashboard_demo_cold", "empty_cold"),
               f"dashboard {t['dashboard_demo_cold']:.2f} s vs empty {t['empty_cold']:.2f} s")
    fig.target("dashboard_preheated_vs_empty_cold", ratio("dashboard_demo_preheated", "empty_cold"),
               f"dashboard {t['dashboard_demo_preheated']:.2f} s vs empty cold {t['empty_cold']:.2f} s")
    fig.target("dashboard_10k_vs_demo", ratio("dashboard_10k_preheated", "dashboard_demo_preheated"),
               f"cold: {t['dashboard_10k_cold']:.2f} s vs {t['dashboard_demo_cold']:.2f} s")
    fig.target("dashboard_kernel_rss", max(v for v in (rss_demo, rss_10k) if v is not None)
               if rss_demo or rss_10k else None, f"demo {rss_demo or 0:.0f} MB, 10k {rss_10k or 0:.0f} MB")
