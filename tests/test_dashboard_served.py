"""The dashboard as leaders get it: `python -m workbench serve` on a test port, driven by Chromium and raw sockets.

One server for the whole module (the CI machine has two cores). It serves a copy of the
demo county with a hostile plan item, proposals without a due date and a packet exported
for the next meeting, behind a token, started from a folder outside the project to show
`serve` works from any working directory. The checks are the issue's acceptance list:
figures equal plain SQL on the database file, Chinese rendered, no code runs from the
kernel websocket, comm messages cannot write, hostile text stays text, file routes refuse
the database and notebooks, the token is required, an empty store is explained, the
exported snapshot reads as Chinese. A second, short-lived server checks the password login.
"""
from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import json
import re
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
import requests
import websocket

from conftest import ROOT, free_port, launch_chromium, require_programs, stop_process_group
from workbench.numerals import chinese_date
from test_dashboard_render import (_no_due_date_proposals, _panel_rows, assert_reads_as_chinese,
                                   snapshot_figures_expected, sql_expected)

TOKEN = "wb-test-token-7f3c"
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_TOPIC = "<script>alert(2)</script>关于测试的监督事项"


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


def _environment(base: Path) -> tuple[dict, Path]:
    data = base / "data"
    data.mkdir()
    env = dict(os.environ)
    env.update(WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(base / "output"),
               WORKBENCH_USER="测试秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    return env, data / "workbench.sqlite"


@contextlib.contextmanager
def _serving(base: Path, env: dict, *options: str, stdin: str | None = None):
    """`python -m workbench serve` on a free port until the block ends; yields (url, port, log path)."""
    port = free_port()
    elsewhere = base / "elsewhere"   # not the project folder: serve must not depend on the working directory
    elsewhere.mkdir(exist_ok=True)
    log_path = base / f"serve-{port}.log"
    log = open(log_path, "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "serve", "--port", str(port), "--no-browser",
                             "--pool-size", "1", *options],
                            cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
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


@pytest.fixture(scope="module")
def served(tmp_path_factory, _demo_db_file):
    """A running dashboard over the demo county plus hostile records; yields its address and folders."""
    base = tmp_path_factory.mktemp("served")
    env, db = _environment(base)
    shutil.copy(_demo_db_file, db)

    from workbench.publish import export_packet
    from workbench.store import Store, schema
    with Store.open(f"sqlite:///{db}") as store:
        section = store.rows("plan_section", order_by="number")[0]
        with store.writer("测试秘书") as w:
            w.insert(schema.plan_item, {"section_id": section["id"], "number": 99, "title": XSS_TITLE,
                                        "lead_leader": "周启明", "lead_committee": "办公室",
                                        "deadline": date(2026, 1, 31), "status": "lagging"})
            w.insert(schema.supervision_item, {"code": "JD-XSS", "topic": XSS_TOPIC, "department": "县测试局",
                                               "leader": "陆正平", "deadline": date(2026, 2, 1),
                                               "status": "in_progress"})
        _no_due_date_proposals(store)
        # The snapshot leaders can pick: the real thing, as the secretaries' export writes it.
        exported = export_packet(store, "next", base / "packet", actor="测试秘书")
        snapshot = store.rows("packet_snapshot", id=exported.snapshot_id)[0]

    with _serving(base, env, "--token", TOKEN) as (url, port, log):
        yield {"url": url, "port": port, "db": db, "data": db.parent, "base": base, "env": env, "log": log,
               "snapshot": snapshot}


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
    # The page that asks for the token is ours, in Chinese; jupyter_server's English page is not shown.
    assert 'data-page="login"' in followed.text and "访问口令" in followed.text
    assert "Token authentication" not in followed.text and "jupyter server list" not in followed.text
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(f"ws://127.0.0.1:{served['port']}/api/kernels/"
                                    f"{uuid.uuid4()}/channels", timeout=30)
    wrong = requests.get(served["url"] + "/?token=wrong", allow_redirects=False, timeout=60)
    assert wrong.status_code in (302, 403)


def test_token_holder_cannot_set_a_password(served):
    """jupyter_server's login form lets a token holder set a new password, written to a config file in
    the server's folder; the dashboard turns that off."""
    written = [ROOT / "notebooks" / "jupyter_server_config.json",
               served["base"] / "elsewhere" / "jupyter_server_config.json"]
    assert not any(p.exists() for p in written)
    with requests.Session() as http:
        login = http.get(served["url"] + "/login", timeout=60)
        r = http.post(served["url"] + "/login?next=%2F",
                      data={"_xsrf": _xsrf(login.text), "password": TOKEN, "new_password": "taken-over"},
                      allow_redirects=False, timeout=60)
    assert r.status_code == 302          # the token still logs in …
    assert not any(p.exists() for p in written)   # … but no password was set


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
        browser = launch_chromium(p)
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


@pytest.mark.browser
def test_kpis_equal_plain_sql_on_the_database(served, page_session, artifacts):
    page = page_session["page"]
    as_of = date.fromisoformat(page.get_attribute("[data-as-of]", "data-as-of"))
    expected = sql_expected(served["db"], as_of)
    for key in ("plan_done", "plan_in_progress", "plan_lagging", "supervision_overdue", "reply_rate",
                "satisfaction_rate", "materials_missing"):
        value = expected[key]
        cell = page.locator(f'[data-kpi="{key}"]')
        shown = cell.inner_text().strip()
        if key.endswith("rate"):
            assert shown == f"{value * 100:.1f}%", (key, shown)
            assert abs(float(cell.get_attribute("data-value")) - value) < 1e-6
        else:
            assert shown == f"{value}项", (key, shown)
            assert int(cell.get_attribute("data-value")) == value
    overdue = page.locator('[data-panel="overdue"]').inner_text()
    assert f"逾期事项（{expected['overdue_rows']}项）" in overdue
    assert f"监督建议书逾期未反馈（{expected['feedback_overdue']}项）" in overdue
    # The demo is chosen so that these are not trivially zero.
    assert expected["supervision_overdue"] > 0 and expected["plan_lagging"] > 0 and expected["proposals_overdue"] > 0
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


@pytest.mark.browser
def test_exported_snapshot_reads_as_chinese_in_the_browser(served, page_session, artifacts):
    """Picking the exported packet's snapshot in the meeting selector shows labelled Chinese figures only."""
    page = page_session["page"]
    select = page.locator("select").first
    options = [o.strip() for o in select.locator("option").all_inner_texts()]
    snapshot_label = next(o for o in options if "会议材料快照" in o)
    live_label = select.locator("option:checked").inner_text().strip()
    try:
        select.select_option(label=snapshot_label)
        page.wait_for_selector("[data-snapshot]", timeout=60_000)
        text = page.locator(".wb-dash").last.inner_text()
        assert_reads_as_chinese(text)
        assert_reads_as_chinese(" ".join(options))
        moment = served["snapshot"]["exported_at"]
        assert (f"导出时间：{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}；导出人：测试秘书；"
                f"数据截至{chinese_date(min(date(2026, 12, 17), date.today()))}") in text
        body = page.locator("[data-snapshot]").locator("xpath=..").inner_html()
        data = json.loads(served["snapshot"]["data"])
        for panel, rows in snapshot_figures_expected(data).items():
            shown = _panel_rows(body, panel)
            for name, value in rows.items():
                assert shown.get(name) == value, (panel, name, shown.get(name), value)
        page.set_viewport_size({"width": 1400, "height": 2600})
        page.screenshot(path=str(artifacts / "dashboard-snapshot.png"), full_page=True)
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})
        select.select_option(label=live_label)
        page.wait_for_selector('[data-kpi="reply_rate"]', timeout=60_000)


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
                moment = served["snapshot"]["exported_at"]
                assert "会议材料导出时的快照" in html
                assert f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}" in html
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


# ---------------------------------------------------------------- password


PASSWORD = "青岚-看板-2026"


def _xsrf(page_html: str) -> str:
    return html_lib.unescape(re.search(r'name="_xsrf" value="([^"]+)"', page_html).group(1))


@pytest.mark.browser
def test_password_login(tmp_path, _demo_db_file, page_session, artifacts):
    """`serve --password` reading the password from standard input (as a script starts it), then:
    no login → the Chinese login page; a wrong password → refused; the right one → the dashboard."""
    env, db = _environment(tmp_path)
    shutil.copy(_demo_db_file, db)
    with _serving(tmp_path, env, "--password", stdin=PASSWORD + "\n") as (url, port, log):
        text = log.read_text(encoding="utf-8")
        assert "打开后需输入您设置的密码" in text and PASSWORD not in text
        # Without logging in: sent to the login page; no kernel, no figures, no kernel websocket.
        r = requests.get(url + "/", allow_redirects=False, timeout=60)
        assert r.status_code == 302 and "/login" in r.headers["Location"]
        with requests.Session() as http:
            login = http.get(url + "/", timeout=60)
            assert 'data-page="login"' in login.text and "访问密码" in login.text
            assert "kernelId" not in login.text and "data-kpi" not in login.text
            wrong = http.post(url + "/login?next=%2F", data={"_xsrf": _xsrf(login.text), "password": "wrong"},
                              allow_redirects=False, timeout=60)
            assert wrong.status_code == 401 and "密码不正确" in wrong.text and "kernelId" not in wrong.text
            assert "Invalid credentials" not in wrong.text
            assert "kernelId" not in http.get(url + "/", timeout=60).text
        with pytest.raises(websocket.WebSocketBadStatusException):
            websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{uuid.uuid4()}/channels", timeout=30)
        # The module's Chromium, in a context of its own (no cookies from the token server's page).
        context = page_session["browser"].new_context(viewport={"width": 1000, "height": 700}, locale="zh-CN")
        try:
            page = context.new_page()
            page.goto(url + "/", timeout=180_000)
            page.wait_for_selector('[data-page="login"]', timeout=60_000)
            page.screenshot(path=str(artifacts / "dashboard-login.png"))
            page.fill("#password_input", "not-the-password")
            page.click("#login_submit")
            page.wait_for_selector("[data-login-error]", timeout=60_000)
            assert "密码不正确" in page.inner_text("body")
            assert page.locator("[data-kpi]").count() == 0
            page.fill("#password_input", PASSWORD)
            page.click("#login_submit")
            page.wait_for_selector('[data-kpi="reply_rate"]', timeout=180_000)
            assert "常委会议工作看板" in page.inner_text("body")
        finally:
            context.close()
