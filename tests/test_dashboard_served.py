"""The dashboard as leaders get it: `python -m workbench serve` on a test port, driven by Chromium and raw sockets.

One server for the whole module (the CI machine has two cores). It serves a copy of the
demo county with a hostile plan item, proposals without a due date and a packet exported
for the next meeting, behind a token, started from a folder outside the project to show
`serve` works from any working directory. The checks are the issue's acceptance list:
figures equal plain SQL on the database file, Chinese rendered, no kernel, kernel websocket
or comm channel exists to send code or widget values to, hostile text stays text, file routes
refuse the database and notebooks, the token is required, an empty store is explained, the
exported snapshot reads as Chinese, the page fits phones and tablets and prints on A4, ten
viewers at once all get it, a GET flood starts nothing. Short-lived servers check the password
login, its rate limit and the queue page.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import requests
import websocket
from test_dashboard_render import (
    _no_due_date_proposals,
    _panel_rows,
    assert_reads_as_chinese,
    snapshot_figures_expected,
    sql_expected,
)

from helpers.browser import launch_chromium
from helpers.paths import ROOT
from helpers.processes import free_port, require_programs, stop_process_group
from helpers.serving import environment, serving
from workbench.base.numerals import chinese_date

TOKEN = "wb-test-token-7f3c"
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_TOPIC = "<script>alert(2)</script>关于测试的监督事项"
CONFIDENTIAL_VOTE = "关于免去秦保密同志县政协秘书长职务的决定（草案）"


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
    env, db = environment(base)
    shutil.copy(_demo_db_file, db)

    from workbench.publish import export_packet
    from workbench.store import Store, schema

    with Store.open(f"sqlite:///{db}") as store:
        section = store.rows("plan_section", order_by="number")[0]
        with store.writer("测试秘书") as w:
            w.insert(
                schema.plan_item,
                {
                    "section_id": section["id"],
                    "number": 99,
                    "title": XSS_TITLE,
                    "lead_leader": "周启明",
                    "lead_committee": "办公室",
                    "deadline": date(2026, 1, 31),
                    "status": "lagging",
                },
            )
            w.insert(
                schema.supervision_item,
                {
                    "code": "JD-XSS",
                    "topic": XSS_TOPIC,
                    "department": "县测试局",
                    "leader": "陆正平",
                    "deadline": date(2026, 2, 1),
                    "status": "in_progress",
                },
            )
            # A personnel vote of the last meeting held, 保密 and not yet announced: on no page a leader can reach
            # (the demo's own vote of that meeting was announced, and its record shows it).
            held = max(store.rows("meeting", status="held", kind="standing_committee_meeting"), key=lambda m: m["held_on"])
            w.insert(
                schema.vote,
                {
                    "meeting_id": held["id"],
                    "position": 2,
                    "subject": CONFIDENTIAL_VOTE,
                    "in_favour": 20,
                    "against": 1,
                    "abstain": 0,
                    "confidential": True,
                },
            )
        _no_due_date_proposals(store)
        # The snapshot leaders can pick: the real thing, as the secretaries' export writes it.
        exported = export_packet(store, "next", base / "packet", actor="测试秘书")
        snapshot = store.rows("packet_snapshot", id=exported.snapshot_id)[0]

    with serving(base, env, "--token", TOKEN) as (url, port, log):
        yield {"url": url, "port": port, "db": db, "data": db.parent, "base": base, "env": env, "log": log, "snapshot": snapshot}


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
    with pytest.raises(websocket.WebSocketException):  # refused, or sent to the login page
        websocket.create_connection(f"ws://127.0.0.1:{served['port']}/api/kernels/{uuid.uuid4()}/channels", timeout=30)
    wrong = requests.get(served["url"] + "/?token=wrong", allow_redirects=False, timeout=60)
    assert wrong.status_code in (302, 403)


def test_token_holder_cannot_set_a_password(served):
    """jupyter_server's login form lets a token holder set a new password, written to a config file in
    the server's folder; the dashboard turns that off."""
    written = [ROOT / "notebooks" / "jupyter_server_config.json", served["base"] / "elsewhere" / "jupyter_server_config.json"]
    assert not any(p.exists() for p in written)
    with requests.Session() as http:
        login = http.get(served["url"] + "/login", timeout=60)
        r = http.post(
            served["url"] + "/login?next=%2F",
            data={"_xsrf": _xsrf(login.text), "password": TOKEN, "new_password": "taken-over"},
            allow_redirects=False,
            timeout=60,
        )
    assert r.status_code == 302  # the token still logs in …
    assert not any(p.exists() for p in written)  # … but no password was set


@pytest.mark.parametrize(
    "path",
    [
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
    ],
)
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
        page.on(
            "request",
            lambda req: None if req.url.startswith(served["url"]) or req.url.startswith("data:") else outside.append(req.url),
        )
        page.goto(f"{served['url']}/?token={TOKEN}", timeout=180_000)
        page.wait_for_selector('[data-kpi="reply_rate"]', timeout=180_000)
        yield {"page": page, "dialogs": dialogs, "outside": outside, "browser": browser}
        browser.close()


@pytest.mark.browser
def test_kpis_equal_plain_sql_on_the_database(served, page_session, artifacts):
    page = page_session["page"]
    as_of = date.fromisoformat(page.get_attribute("[data-as-of]", "data-as-of"))
    expected = sql_expected(served["db"], as_of)
    for key in (
        "plan_done",
        "plan_in_progress",
        "plan_lagging",
        "supervision_overdue",
        "reply_rate",
        "satisfaction_rate",
        "materials_missing",
    ):
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
        assert page.locator(f'[data-panel="{panel}"] .wb-chart').count() == 1, panel
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
        with page.expect_navigation(timeout=60_000):
            select.select_option(label=snapshot_label)
        page.wait_for_selector("[data-snapshot]", timeout=60_000)
        text = page.locator("main .wb-dash").inner_text()
        assert_reads_as_chinese(text)
        assert_reads_as_chinese(" ".join(options))
        assert "token" not in page.url  # the login cookie carries the viewer on, not the address
        moment = served["snapshot"]["exported_at"]
        assert (
            f"导出时间：{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}；导出人：测试秘书；"
            f"数据截至{chinese_date(min(date(2026, 12, 17), date.today()))}"
        ) in text
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
        with page.expect_navigation(timeout=60_000):
            page.locator("select").first.select_option(label=live_label)
        page.wait_for_selector('[data-kpi="reply_rate"]', timeout=60_000)


def _children(pid: int) -> list[int]:
    """Processes started by `pid`, at any depth (kernels would be among them)."""
    import psutil

    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _server_pid(port: int) -> int:
    import psutil

    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return conn.pid
    pytest.skip("cannot see the server's process (no permission to list sockets)")


def test_no_kernel_websocket_or_comm_route_exists(served):
    """No kernel runs behind the page, so neither code nor widget values can be sent to one: the kernel
    and comm routes answer 404 with a Chinese page, even with the token, and no traceback or path."""
    assert "kernelId" not in requests.get(f"{served['url']}/?token={TOKEN}", timeout=60).text
    for path in (
        "api/kernels",
        f"api/kernels/{uuid.uuid4()}",
        "api/sessions",
        "voila/query/" + str(uuid.uuid4()),
        "voila/render/dashboard.ipynb",
        "notebooks/dashboard.ipynb",
    ):
        r = requests.get(f"{served['url']}/{path}?token={TOKEN}", timeout=60)
        assert r.status_code == 404, path
        assert "页面不存在" in r.text and "Traceback" not in r.text and str(ROOT) not in r.text
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(
            f"ws://127.0.0.1:{served['port']}/api/kernels/{uuid.uuid4()}/channels?token={TOKEN}", timeout=30
        )
    assert refused.value.status_code == 404
    # A comm message with a value no option has, posted where a kernel would listen: no traceback back.
    r = requests.post(
        f"{served['url']}/api/kernels/{uuid.uuid4()}/channels?token={TOKEN}",
        timeout=60,
        json={"msg_type": "comm_msg", "content": {"data": {"method": "update", "state": {"index": 999}}}},
    )
    assert r.status_code == 404 and "Traceback" not in r.text and 'File "' not in r.text
    assert _children(_server_pid(served["port"])) == []


def test_a_flood_of_bare_gets_starts_nothing_and_stays_small(served):
    """30 bare GETs at once (link previews, a scanner, a reload storm): each gets the page or the queue
    page; no process is started, and the server's memory does not grow with the number of requests."""
    from concurrent.futures import ThreadPoolExecutor

    import psutil

    server = psutil.Process(_server_pid(served["port"]))
    requests.get(f"{served['url']}/?token={TOKEN}", timeout=60)
    before = server.memory_info().rss

    def bare(k: int) -> int:
        return requests.get(f"{served['url']}/?token={TOKEN}&view=flood-{k}", timeout=120).status_code

    with ThreadPoolExecutor(30) as pool:
        codes = list(pool.map(bare, range(30)))
    assert set(codes) <= {200, 503} and codes.count(200) >= 1, codes
    assert _children(server.pid) == []  # kernels started: none, so the maximum is never exceeded
    assert server.memory_info().rss - before < 40 * 2**20, (before, server.memory_info().rss)


@pytest.mark.browser
def test_ten_opens_and_closes_in_a_browser_leave_no_process_and_no_growth(served, page_session, artifacts):
    """A leader opens the dashboard, reloads it, closes it, ten times over (as the editor's kernel test does):
    no kernel or other process is ever started, and the server's memory stays within 20% of the first page's."""
    import psutil

    server = psutil.Process(_server_pid(served["port"]))
    memory: list[int] = []
    children: list[int] = []
    # The module's browser (a second Playwright cannot start beside it), in a context of its own: fresh cookies.
    context = page_session["browser"].new_context(locale="zh-CN")
    try:
        for cycle in range(10):
            page = context.new_page()
            page.goto(f"{served['url']}/?token={TOKEN}", timeout=120_000)
            page.get_by_text("常委会议工作看板").first.wait_for(timeout=60_000)
            if cycle in (3, 7):
                page.reload(timeout=120_000)
                page.get_by_text("常委会议工作看板").first.wait_for(timeout=60_000)
            children.append(len(_children(server.pid)))
            page.close(run_before_unload=True)
            memory.append(server.memory_info().rss)
    finally:
        context.close()
    (artifacts / "dashboard-cycles.txt").write_text(
        f"每次打开后子进程 {children} 个；看板服务进程内存（每次关闭后）{[m // 1024 for m in memory]} KiB\n", encoding="utf-8"
    )
    assert children == [0] * 10
    assert memory[-1] <= memory[0] * 1.2, memory


# ---------------------------------------------------------------- phones, tablets, print, many viewers

# Elements sticking out past the right edge of the window, other than inside a table's own scroller.
_TOO_WIDE = """(vw) => Array.from(document.querySelectorAll('body *')).filter(e => {
  if (e.closest('.wb-scroll')) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5);
}).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


# Text nodes drawn smaller than 12 px (the page's own size, or an SVG's scaled down).
_TOO_SMALL = """() => {
  const out = [];
  for (const e of document.querySelectorAll('.wb-dash *, .wb-page *')) {
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!e.getClientRects().length) continue;
    let size = parseFloat(getComputedStyle(e).fontSize);
    const svg = e.closest('svg');
    const box = svg && svg.viewBox.baseVal;
    if (box && box.width) size *= svg.getBoundingClientRect().width / box.width;
    if (size < 11.99) out.push(e.tagName + ' ' + e.textContent.trim().slice(0, 12) + ' ' + size.toFixed(1));
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width,height,name", [(390, 844, "phone"), (768, 1024, "tablet")])
def test_page_fits_phones_and_tablets(served, page_session, artifacts, width, height, name):
    context = page_session["browser"].new_context(
        viewport={"width": width, "height": height},
        locale="zh-CN",
        device_scale_factor=1,
        is_mobile=name == "phone",
        has_touch=True,
    )
    try:
        page = context.new_page()
        page.goto(f"{served['url']}/?token={TOKEN}", timeout=120_000)
        page.wait_for_selector('[data-kpi="reply_rate"]', timeout=120_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(_TOO_WIDE, width) == []
        # Every KPI card lies within the window, its value in a legible size.
        for cell in page.locator("[data-kpi]").all():
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
            assert float(page.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)", cell.element_handle())) >= 20
        # Charts fit their card; every word on the page is at least 12 px, names are not cut.
        for chart in page.locator(".wb-chart").all():
            box = chart.bounding_box()
            assert box["x"] + box["width"] <= width
        assert page.evaluate(_TOO_SMALL) == []
        if name == "phone":
            # The meeting choice is a list of links that wrap (a select would cut its text), the chosen one named in full.
            chooser = page.locator(".wb-choose-list")
            assert chooser.is_visible() and not page.locator(".wb-choose select").is_visible()
            chosen = page.locator(".wb-choose select option[selected]").first.inner_text()
            assert chosen in chooser.locator("summary").inner_text()
            assert page.evaluate("(e) => e.scrollWidth <= e.clientWidth", chooser.element_handle())
        assert "…" not in page.locator('[data-panel="plan_sections"]').inner_text()
        # The overdue table scrolls inside its card; its first column (the item) stays in view.
        scroller = page.locator('[data-panel="overdue"] .wb-scroll').first
        first = page.locator('[data-panel="overdue"] tbody tr').first.locator("td").first
        page.screenshot(path=str(artifacts / f"dashboard-{name}.png"))
        scroller.scroll_into_view_if_needed()
        left = first.bounding_box()["x"]
        page.evaluate("(e) => { e.scrollLeft = 400; }", scroller.element_handle())
        page.wait_for_timeout(100)
        assert abs(first.bounding_box()["x"] - left) < 1
        assert first.inner_text().strip()
        page.screenshot(path=str(artifacts / f"dashboard-{name}-overdue.png"))
        if name == "phone":  # another meeting, chosen from the list
            page.locator(".wb-choose-list summary").click()
            page.locator(".wb-choose-list li:not(.chosen) a").first.click()
            page.wait_for_selector('[data-kpi="reply_rate"], .wb-message', timeout=120_000)
            assert "view=" in page.url
    finally:
        context.close()


@pytest.mark.browser
def test_page_prints_on_a4_portrait_with_the_data_date(served, page_session, artifacts):
    require_programs("pdftotext", "pdfinfo")
    context = page_session["browser"].new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{served['url']}/?token={TOKEN}", timeout=120_000)
        page.wait_for_selector('[data-kpi="reply_rate"]', timeout=120_000)
        as_of = date.fromisoformat(page.get_attribute("[data-data-date]", "data-data-date"))
        pdf = artifacts / "dashboard-print.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert abs(float(size.group(1)) - 595) < 2 and abs(float(size.group(2)) - 842) < 2  # A4 portrait
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"数据截至{as_of.year}年{as_of.month}月{as_of.day}日" in first
    assert "会议：" not in first  # the selector is not printed
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    for number in range(1, pages + 1):  # every page: whose board, the data date, its number
        one = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = "".join(one.split())
        assert f"数据截至{as_of.year}年{as_of.month}月{as_of.day}日" in flat, number
        assert f"第{number}页共{pages}页" in flat, number
        assert "常委会议工作看板" in flat, number
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in (
        "工作要点各部分进展",
        "提案办理状态",
        "主办单位承办提案数",
        "提案答复类别",
        "委员联络组活动指标",
        "逾期事项",
        "情况通报议题",
        "无故缺席",
    ):
        assert heading in text, heading


@pytest.mark.browser
def test_ten_viewers_at_once_all_see_the_kpis(served):
    """Ten browsers open the page at the same moment; every one shows every KPI."""
    import asyncio

    from playwright.async_api import async_playwright

    async def burst() -> list[int]:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
            try:
                contexts = [await browser.new_context(locale="zh-CN") for _ in range(10)]
                pages = [await c.new_page() for c in contexts]

                async def one(page) -> int:
                    await page.goto(f"{served['url']}/?token={TOKEN}", timeout=120_000)
                    await page.wait_for_selector('[data-kpi="materials_missing"]', timeout=120_000)
                    return await page.locator("[data-kpi]").count()

                return await asyncio.gather(*(one(pg) for pg in pages))
            finally:
                await browser.close()

    # A thread of its own: the module's synchronous Playwright already runs an event loop in this one.
    import threading

    results: list = []
    runner = threading.Thread(target=lambda: results.append(asyncio.run(burst())))
    runner.start()
    runner.join(300)
    assert results == [[7] * 10]


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
                # The shared page is rechecked against the store every couple of seconds.
                for _ in range(30):
                    page.goto(f"{served['url']}/?token={TOKEN}", timeout=180_000)
                    if page.locator('[data-state="message"]').count():
                        break
                    time.sleep(1)
                page.wait_for_selector('[data-state="message"]', timeout=10_000)
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


def test_serve_terminal_stays_chinese_after_all_of_the_above(served):
    """After logins, floods, bursts, bad routes and a vanished store, the terminal holds no English
    warning an office's IT person would worry about (a Chinese line may name an address, a path or a command)."""
    lines = [line for line in served["log"].read_text(encoding="utf-8").splitlines() if line.strip()]
    # An English line: Latin words and no Chinese (a Chinese message may name a command such as `demo`).
    english = [
        line
        for line in lines
        if re.search(r"[A-Za-z]{4,}", re.sub(r"https?://\S+", "", line)) and not re.search(r"[\u4e00-\u9fff]", line)
    ]
    assert english == [], english


# ---------------------------------------------------------------- password


PASSWORD = "青岚-看板-2026"


def _xsrf(page_html: str) -> str:
    return html_lib.unescape(re.search(r'name="_xsrf" value="([^"]+)"', page_html).group(1))


@pytest.mark.browser
def test_password_login(tmp_path, _demo_db_file, page_session, artifacts):
    """`serve --password` reading the password from standard input (as a script starts it), then:
    no login → the Chinese login page; a wrong password → refused; the right one → the dashboard."""
    env, db = environment(tmp_path)
    shutil.copy(_demo_db_file, db)
    with serving(tmp_path, env, "--password", stdin=PASSWORD + "\n") as (url, port, log):
        text = log.read_text(encoding="utf-8")
        assert "打开后需输入您设置的密码" in text and PASSWORD not in text
        # Without logging in: sent to the login page; no kernel, no figures, no kernel websocket.
        r = requests.get(url + "/", allow_redirects=False, timeout=60)
        assert r.status_code == 302 and "/login" in r.headers["Location"]
        with requests.Session() as http:
            login = http.get(url + "/", timeout=60)
            assert 'data-page="login"' in login.text and "访问密码" in login.text
            assert "kernelId" not in login.text and "data-kpi" not in login.text
            wrong = http.post(
                url + "/login?next=%2F", data={"_xsrf": _xsrf(login.text), "password": "wrong"}, allow_redirects=False, timeout=60
            )
            assert wrong.status_code == 401 and "密码不正确" in wrong.text and "kernelId" not in wrong.text
            assert "Invalid credentials" not in wrong.text
            assert "kernelId" not in http.get(url + "/", timeout=60).text
        with pytest.raises(websocket.WebSocketException):  # refused, or sent to the login page
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


def test_password_attempts_are_rate_limited(tmp_path, _demo_db_file):
    """Five wrong passwords within a minute, then every try (even the right one) is told to wait, in Chinese."""
    env, db = environment(tmp_path)
    shutil.copy(_demo_db_file, db)
    with serving(tmp_path, env, "--password", stdin=PASSWORD + "\n") as (url, _port, _log):
        with requests.Session() as http:
            form = _xsrf(http.get(url + "/login", timeout=60).text)

            def attempt(password: str) -> requests.Response:
                return http.post(
                    url + "/login?next=%2F", data={"_xsrf": form, "password": password}, allow_redirects=False, timeout=60
                )

            for k in range(5):
                assert attempt(f"wrong-{k}").status_code == 401
            for password in ("wrong-again", PASSWORD):
                r = attempt(password)
                assert r.status_code == 429, r.status_code
                assert "输入错误次数过多" in r.text and "秒后再试" in r.text
                assert 0 < int(r.headers["Retry-After"]) <= 60
                assert "kernelId" not in r.text and "data-kpi" not in r.text
            assert "data-kpi" not in http.get(url + "/", timeout=60).text
        # A refused form (no form token) is answered in Chinese, without a traceback.
        r = requests.post(url + "/login", data={"password": PASSWORD}, timeout=60)
        assert r.status_code == 403 and "请求未被接受" in r.text and "Traceback" not in r.text


@pytest.mark.browser
def test_busy_server_shows_the_queue_page_and_retries_by_itself(tmp_path, _demo_db_file, page_session, artifacts):
    """A viewer who would wait longer than the server allows gets "访问人数较多，正在排队", which reloads
    itself until the dashboard shows. Here the allowed wait is zero, so the first viewer queues."""
    from workbench.apps import serve

    env, db = environment(tmp_path)
    shutil.copy(_demo_db_file, db)
    port = free_port()
    options = serve.ServeOptions(port=port, open_browser=False)
    config_dir = serve.write_config_dir(options)
    env = {**serve._child_env(), **env}
    cmd = [
        *serve.voila_command(options, config_dir),
        "--DashboardServer.queue_after_seconds=0",
        "--DashboardServer.recheck_seconds=120",
        "--DashboardServer.retry_seconds=1",
    ]
    proc = subprocess.Popen(
        cmd, cwd=config_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        serve._wait_until_listening(proc, "127.0.0.1", port, timeout=120)
        page = page_session["browser"].new_page(locale="zh-CN")
        try:
            first = page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            assert first.status == 503 and 0 < int(first.headers["retry-after"]) <= 5
            text = first.text()
            assert "访问人数较多，正在排队" in text and 'http-equiv="refresh"' in text
            assert_reads_as_chinese(re.sub(r"<(script|style)>.*?</\1>|<[^>]+>", " ", text, flags=re.S))
            page.screenshot(path=str(artifacts / "dashboard-queue.png"))
            page.wait_for_selector('[data-kpi="reply_rate"]', timeout=60_000)  # no click, no reload by hand
        finally:
            page.close()
    finally:
        stop_process_group(proc)
        shutil.rmtree(config_dir, ignore_errors=True)


# ---------------------------------------------------------------- 检索


def _search(served, query: str) -> requests.Response:
    return requests.get(f"{served['url']}/search", params={"q": query, "token": TOKEN}, timeout=60)


def test_the_page_offers_search_and_finds_records_by_a_two_character_word(served):
    page = requests.get(f"{served['url']}/?token={TOKEN}", timeout=60).text
    assert '<form class="wb-search" method="get" action="/search" role="search">' in page
    r = _search(served, "停车")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    found = int(re.search(r'data-found="(\d+)"', r.text).group(1))
    assert found >= 2
    assert "<mark>停车</mark>" in r.text and "提案 " in r.text and "社情民意信息 SQ2026-05" in r.text
    assert 'value="停车"' in r.text and "← 返回看板" in r.text
    assert "检索“停车”，按相关程度列出" in r.text


def test_search_shows_data_and_the_query_as_text(served):
    r = _search(served, "关于测试的监督事项")
    assert "JD-XSS" in r.text
    assert "<script>alert(2)</script>" not in r.text and "&lt;script&gt;alert(2)&lt;/script&gt;" in r.text
    asked = _search(served, '<img src=x onerror=alert(1)>"')
    # The store holds that very text in hostile titles: found, and shown as text like the query.
    assert "<img src=x" not in asked.text and "&lt;img src=x onerror=alert(1)&gt;" in asked.text


def test_search_finds_no_personnel_matter_and_writes_nothing(served):
    from workbench.store import Store

    with Store.open(f"sqlite:///{served['db']}", readonly=True) as store:
        before = store.data_version()
    # Words only the 任免名单 holds (a post to be given, its reason): 人事事项 are not searchable.
    for word in ("文史和学习委员会副主任", "工作需要"):
        assert 'data-found="0"' in _search(served, word).text
    assert "请在上方输入要检索的词语" in _search(served, "  ").text
    long = _search(served, "停车" * 60)
    assert long.status_code == 200 and "Traceback" not in long.text
    assert requests.post(f"{served['url']}/search?token={TOKEN}", data={"q": "停车"}, timeout=60).status_code in (403, 405)
    with Store.open(f"sqlite:///{served['db']}", readonly=True) as store:
        assert store.data_version() == before


def test_search_on_a_phone(served, page_session, artifacts):
    page = page_session["browser"].new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page.goto(f"{served['url']}/?token={TOKEN}", timeout=60_000)
        box = page.locator(".wb-search input")
        box.fill("养老")
        box.press("Enter")
        page.wait_for_selector(".wb-search-results", timeout=60_000)
        assert page.locator(".wb-search-results mark").first.inner_text() == "养老"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width  # nothing wider than the phone
        page.screenshot(path=str(artifacts / "dashboard-phone-search.png"), full_page=True)
    finally:
        page.close()


def test_no_route_shows_a_personnel_matter_or_a_vote_before_it_is_announced(served):
    """保密: the 任免名单 of any meeting and a vote before its 公布日期, on every view a leader can choose and in
    检索; an announced vote is shown in its meeting's record only."""
    from workbench.store import Store

    with Store.open(f"sqlite:///{served['db']}", readonly=True) as store:
        keys = [""] + [f"live-{m['id']}" for m in store.rows("meeting")]
        keys += [f"snapshot-{s['id']}" for s in store.rows("packet_snapshot")]
        announced = [v for v in store.rows("vote") if v["announced_on"] is not None and v["announced_on"] <= date.today()]
        secret = [CONFIDENTIAL_VOTE, "秦保密"]
        # What only the 任免名单 holds: the posts given or taken and the reasons (names may be members').
        secret += [p["post"] for p in store.rows("personnel_change") if p["post"] and len(p["post"]) >= 6]
    assert len(keys) > 5 and len(secret) >= 3 and len(announced) == 1
    shown_on = []
    for key in keys:
        page = requests.get(f"{served['url']}/", params={"view": key, "token": TOKEN}, timeout=120)
        assert page.status_code == 200 and "<main" in page.text, key
        for text in secret:
            assert text not in page.text, (key, text)
        if announced[0]["subject"] in page.text:
            shown_on.append(key)
    assert shown_on == [f"live-{announced[0]['meeting_id']}"]
    for word in ("秦保密", "秘书长职务", "增补政协青岚县"):  # words only the votes hold
        assert 'data-found="0"' in _search(served, word).text, word
