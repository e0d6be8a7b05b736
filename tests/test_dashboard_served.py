"""The dashboard as leaders get it: `python -m workbench serve` on a test port, driven by Chromium and raw sockets.

One server for the whole module (the CI machine has two cores). It serves a copy of the
demo county with a hostile plan item and a token, started from a folder outside the
project to show `serve` works from any working directory. The checks are the issue's
acceptance list: figures equal the store, Chinese rendered, no code runs from the
kernel websocket, comm messages cannot write, hostile text stays text, file routes
refuse the database and notebooks, the token is required, an empty store is explained.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
import requests
import websocket

from conftest import ROOT, require_programs

TOKEN = "wb-test-token-7f3c"
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_TOPIC = "<script>alert(2)</script>关于测试的监督事项"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fingerprint(db: Path) -> dict:
    """Everything a write would change: row counts and version sums of every table, history, the file bytes."""
    import sqlite3
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {}
        for t in tables:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
            versions = conn.execute(f'SELECT SUM(version) FROM "{t}"').fetchone()[0] if "version" in cols else None
            out[t] = (conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0], versions)
    finally:
        conn.close()
    out["__sha256__"] = hashlib.sha256(db.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory, _demo_db_file):
    """A running dashboard over the demo county plus hostile records; yields its address and folders."""
    base = tmp_path_factory.mktemp("served")
    data = base / "data"
    data.mkdir()
    db = data / "workbench.sqlite"
    shutil.copy(_demo_db_file, db)
    env = dict(os.environ)
    env.update(WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(base / "output"),
               WORKBENCH_USER="测试秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)

    from workbench.store import Store, schema
    with Store.open(f"sqlite:///{db}") as store:
        section = store.rows("plan_section", order_by="number")[0]
        meeting = store.rows("meeting", seq_no=17)[0]
        with store.writer("测试秘书") as w:
            w.insert(schema.plan_item, {"section_id": section["id"], "number": 99, "title": XSS_TITLE,
                                        "lead_leader": "周启明", "lead_committee": "办公室",
                                        "deadline": date(2026, 1, 31), "status": "lagging"})
            w.insert(schema.supervision_item, {"code": "JD-XSS", "topic": XSS_TOPIC, "department": "县测试局",
                                               "leader": "陆正平", "deadline": date(2026, 2, 1),
                                               "status": "in_progress"})
            w.conn.execute(schema.packet_snapshot.insert().values(
                meeting_id=meeting["id"], exported_at=datetime(2026, 9, 20, 15, 30), exported_by="测试秘书",
                data=json.dumps({"as_of": "2026-09-20", "figures": {"reply_rate": 0.9}}), files="[]"))

    port = _free_port()
    elsewhere = base / "elsewhere"   # not the project folder: serve must not depend on the working directory
    elsewhere.mkdir()
    log = open(base / "serve.log", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "serve", "--port", str(port), "--no-browser",
                             "--token", TOKEN, "--pool-size", "1"],
                            cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while "已启动" not in (base / "serve.log").read_text(encoding="utf-8"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"看板服务未能启动：{(base / 'serve.log').read_text(encoding='utf-8')}")
            time.sleep(0.5)
        yield {"url": url, "port": port, "db": db, "data": data, "base": base, "env": env, "log": base / "serve.log"}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_serve_prints_the_url_in_chinese(served):
    text = served["log"].read_text(encoding="utf-8")
    assert "领导看板已启动" in text
    assert f"http://127.0.0.1:{served['port']}/?token={TOKEN}" in text
    assert "Traceback" not in text


# ---------------------------------------------------------------- without a browser


def test_request_without_token_is_refused(served):
    r = requests.get(served["url"] + "/", allow_redirects=False, timeout=60)
    assert r.status_code in (302, 403), r.status_code
    assert "kernelId" not in r.text
    followed = requests.get(served["url"] + "/", timeout=60)
    assert "kernelId" not in followed.text and "data-kpi" not in followed.text
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(f"ws://127.0.0.1:{served['port']}/api/kernels/"
                                    f"{uuid.uuid4()}/channels", timeout=30)
    wrong = requests.get(served["url"] + "/?token=wrong", allow_redirects=False, timeout=60)
    assert wrong.status_code in (302, 403)


@pytest.mark.parametrize("path", [
    "voila/files/dashboard.ipynb",
    "voila/files/analyses/proposal_handling_time.ipynb",
    "voila/files/%2e%2e/data/workbench.sqlite",
    "voila/files/..%2fdata%2fworkbench.sqlite",
    "voila/files/{db}",
    "voila/files/{db_rel}",
    "voila/files/../notebooks/dashboard.ipynb",
    "voila/static/../../dashboard.ipynb",
    "voila/api/contents/dashboard.ipynb",
    "voila/render/dashboard.ipynb",
    "voila/tree",
])
def test_file_routes_refuse_database_and_notebooks(served, path):
    import http.client
    db_rel = os.path.relpath(served["db"], ROOT / "notebooks")
    path = path.format(db=str(served["db"]).lstrip("/"), db_rel=db_rel)
    # http.client sends the path exactly as written (no dot-segment clean-up), as an attacker would.
    conn = http.client.HTTPConnection("127.0.0.1", served["port"], timeout=60)
    conn.request("GET", f"/{path}?token={TOKEN}")
    r = conn.getresponse()
    body = r.read()
    conn.close()
    assert b"SQLite format 3" not in body
    assert b'"nbformat"' not in body and b"wait_for_request" not in body
    if path.startswith("voila/files/"):
        assert r.status in (403, 404), (path, r.status)


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def page_session(served, artifacts):
    """One Chromium page on the dashboard for the browser checks, recording dialogs and outside requests."""
    require_programs("chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        dialogs: list[str] = []
        outside: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda req: None if req.url.startswith(served["url"]) or req.url.startswith("data:")
                else outside.append(req.url))
        page.goto(f"{served['url']}/?token={TOKEN}", timeout=180_000)
        page.wait_for_selector('[data-kpi="reply_rate"]', timeout=180_000)
        yield {"page": page, "dialogs": dialogs, "outside": outside, "browser": browser}
        browser.close()


def _figures_now(db: Path, as_of: date):
    from workbench import figures
    from workbench.meetings import next_meeting
    from workbench.store import Store
    with Store.open(f"sqlite:///{db}", readonly=True) as store:
        items = figures.plan_items(store, as_of)
        counts = figures.plan_status_counts(items)
        pf = figures.proposal_figures(store, as_of)
        overdue = sum(1 for s in figures.supervision_items(store, as_of) if s.overdue)
        meeting = next_meeting(store)
        missing = figures.materials_missing(figures.briefing_topics(store, meeting.id))
    return {"plan_done": counts["done"], "plan_in_progress": counts["in_progress"],
            "plan_lagging": counts["lagging"], "supervision_overdue": overdue,
            "reply_rate": pf.reply_rate, "satisfaction_rate": pf.satisfaction_rate,
            "materials_missing": len(missing)}


@pytest.mark.browser
def test_kpis_equal_figures_from_the_store(served, page_session, artifacts):
    from workbench.figures import percent
    page = page_session["page"]
    as_of = date.fromisoformat(page.get_attribute("[data-as-of]", "data-as-of"))
    expected = _figures_now(served["db"], as_of)
    for key, value in expected.items():
        cell = page.locator(f'[data-kpi="{key}"]')
        shown = cell.inner_text().strip()
        if key.endswith("rate"):
            assert shown == percent(value), (key, shown)
            assert abs(float(cell.get_attribute("data-value")) - value) < 1e-6
        else:
            assert shown == f"{value}项", (key, shown)
            assert int(cell.get_attribute("data-value")) == value
    # The demo is chosen so that these are not trivially zero.
    assert expected["supervision_overdue"] > 0 and expected["plan_lagging"] > 0
    assert page.get_by_text("十一届十八次常委会议", exact=False).count() >= 1
    # Voila scrolls inside its own container, so a tall window is what captures the whole page.
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


@pytest.mark.browser
def test_charts_render_without_internet(page_session):
    page = page_session["page"]
    for panel in ("plan_sections", "proposal_status", "proposal_units", "reply_categories", "liaison"):
        assert page.locator(f'[data-panel="{panel}"] svg.wb-chart').count() == 1, panel
    assert page.locator('[data-panel="reply_categories"]').get_by_text("A类", exact=False).count() >= 1
    assert page_session["outside"] == []


@pytest.mark.browser
def test_hostile_titles_show_as_text(page_session):
    page = page_session["page"]
    assert page.get_by_text(XSS_TITLE, exact=False).count() >= 1
    assert page.get_by_text(XSS_TOPIC, exact=False).count() >= 1
    assert page.locator('img[src="x"]').count() == 0
    assert page_session["dialogs"] == []


class KernelSocket:
    """A raw connection to the kernel websocket, speaking the Jupyter message protocol as a browser would."""

    def __init__(self, port: int, kernel_id: str, token: str):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?session_id={self.session}&token={token}",
            timeout=60)

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "test", "session": self.session,
                       "date": datetime.now().isoformat(), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        return msg_id

    def until(self, predicate, limit: float = 90) -> list[dict]:
        """Read messages until one satisfies `predicate`; return everything read."""
        seen = []
        end = time.monotonic() + limit
        while time.monotonic() < end:
            msg = json.loads(self.ws.recv())
            seen.append(msg)
            if predicate(msg):
                return seen
        raise AssertionError(f"no expected message among {[m['header']['msg_type'] for m in seen]}")

    def close(self):
        self.ws.close()


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


@pytest.mark.browser
def test_execute_request_over_the_websocket_does_not_run(served, page_session):
    marker = served["base"] / "executed.txt"
    ks = KernelSocket(served["port"], _kernel_id(page_session["page"]), TOKEN)
    try:
        run = ks.send("execute_request", {"code": f"open({str(marker)!r}, 'w').write('ran')", "silent": False,
                                          "store_history": False, "user_expressions": {}, "allow_stdin": False})
        # A message the server does forward, sent after: its reply proves the channel works end to end.
        info = ks.send("kernel_info_request", {})
        seen = ks.until(lambda m: m["parent_header"].get("msg_id") == info and m["msg_type"] == "kernel_info_reply")
    finally:
        ks.close()
    assert not any(m["parent_header"].get("msg_id") == run for m in seen)
    time.sleep(2)  # grace for a kernel that would have queued the request; the file must still be absent
    assert not marker.exists()


@pytest.mark.browser
def test_comm_messages_setting_widget_values_do_not_write(served, page_session):
    before = _fingerprint(served["db"])
    page = page_session["page"]
    ks = KernelSocket(served["port"], _kernel_id(page), TOKEN)
    try:
        req = ks.send("comm_info_request", {"target_name": "jupyter.widget"})
        reply = ks.until(lambda m: m["parent_header"].get("msg_id") == req and m["msg_type"] == "comm_info_reply")[-1]
        states = {}
        for comm_id in reply["content"]["comms"]:
            r = ks.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}})
            msg = ks.until(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
                           and m["content"]["data"].get("method") == "update")[-1]
            states[comm_id] = msg["content"]["data"]["state"]
        dropdown = next(c for c, s in states.items() if s.get("_model_name") == "DropdownModel")
        bodies = [c for c, s in states.items() if s.get("_model_name") == "HTMLModel" and "wb-kpis" in s.get("value", "")]
        assert len(bodies) == 1
        body = bodies[0]
        labels = states[dropdown]["_options_labels"]
        default = states[dropdown]["index"]
        snapshot_index = next(k for k, text in enumerate(labels) if "快照" in text)

        def choose(index: int) -> str:
            ks.send("comm_msg", {"comm_id": dropdown, "data": {"method": "update", "state": {"index": index},
                                                               "buffer_paths": []}})
            echo = ks.until(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == body
                            and "value" in m["content"]["data"].get("state", {}))[-1]
            return echo["content"]["data"]["state"]["value"]

        # The callbacks do run (the body is redrawn), yet nothing is written.
        for index in range(len(labels)):
            html = choose(index)
            if index == snapshot_index:
                assert "会议材料导出时的快照" in html and "2026年9月20日 15:30" in html
        # Values no option has, and the disabled flag (a disabled widget is no protection either).
        for state in ({"index": 999}, {"index": -5}, {"value": "x"}, {"disabled": True}, {"index": None}):
            ks.send("comm_msg", {"comm_id": dropdown, "data": {"method": "update", "state": state, "buffer_paths": []}})
        # Setting the body's own HTML would only change the sender's page (each visitor has a kernel of
        # their own), so it is not sent here: the page's dialog handler must stay untouched.
        html = choose(default)
        assert "wb-kpis" in html
        page.wait_for_selector('[data-kpi="reply_rate"]', timeout=60_000)
    finally:
        ks.close()
    assert _fingerprint(served["db"]) == before
    assert page_session["dialogs"] == []


@pytest.mark.browser
def test_empty_or_missing_store_shows_a_friendly_message(served, page_session, artifacts):
    db = served["db"]
    kept = served["base"] / "kept.sqlite"
    shutil.move(db, kept)
    browser = page_session["browser"]
    try:
        for case in ("missing", "empty"):
            if case == "empty":
                from workbench.store import Store
                Store.open(f"sqlite:///{db}").close()
            page = browser.new_page(locale="zh-CN")
            try:
                page.goto(f"{served['url']}/?token={TOKEN}", timeout=180_000)
                page.wait_for_selector('[data-state="message"]', timeout=180_000)
                text = page.inner_text("body")
                assert "暂无可显示的数据" in text
                assert "Traceback" not in text and "Error" not in text
                assert str(db) not in text
                if case == "empty":
                    page.screenshot(path=str(artifacts / "dashboard-empty.png"))
            finally:
                page.close()
            if case == "empty":
                for p in db.parent.glob("workbench.sqlite*"):
                    p.unlink()
    finally:
        shutil.move(kept, db)
