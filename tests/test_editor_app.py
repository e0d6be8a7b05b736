"""`python -m workbench edit` in a real browser: the secretary's whole task done by clicking.

The command is started as a user starts it (a process, 127.0.0.1, a token), over a private
copy of the demo county grown to 300 proposals; headless Chromium (Debian's) does the work:
the meeting's details, a progress note, the agenda's order, the export and its link, a
search and a filter on the proposals, two undos in a row. Afterwards the store and the
exported .docx are read back, and the tracked notebook is unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest
import requests
from docx import Document
from test_editor_tabs import grow_proposals

from helpers.browser import launch_chromium
from helpers.paths import ROOT
from helpers.processes import command_line, descendants, require_programs, resident_kb
from helpers.serving import editing

NOTEBOOK = ROOT / "notebooks" / "prepare_packet.ipynb"
NOTE = "第四季度：召开推进会，形成专题调研报告。"


@pytest.fixture(scope="module")
def edit_app_process(tmp_path_factory, _demo_db_file):
    """The running `workbench edit`: (url, store file, output folder, log, process)."""
    require_programs("chromium")
    from workbench.store import Store

    base = tmp_path_factory.mktemp("edit")
    data, out = base / "data", base / "output"
    data.mkdir()
    shutil.copy(_demo_db_file, data / "workbench.sqlite")
    with Store.open(f"sqlite:///{data / 'workbench.sqlite'}") as store:
        grow_proposals(store, 300)
    env = dict(os.environ)
    env.update(WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(out), WORKBENCH_USER="浏览器秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    with editing(base, env) as (url, log, proc):
        yield url, data / "workbench.sqlite", out, log, proc


@pytest.fixture(scope="module")
def edit_app(edit_app_process):
    return edit_app_process[:4]


def _wait_for_owner(db, item_id: int, owner: str | None) -> None:
    """Until the store holds `owner` for the item (the undo is done in the page's kernel)."""
    from workbench.store import Store

    deadline = time.monotonic() + 30
    while True:
        with Store.open(f"sqlite:///{db}") as store:
            if store.get("plan_item", item_id)["owner"] == owner:
                return
        assert time.monotonic() < deadline, f"撤销后责任人应为 {owner}"
        time.sleep(0.3)


def _text(locator) -> str:
    return locator.inner_text()


@pytest.mark.browser
def test_edit_serves_only_the_editor_with_a_chinese_loading_screen(edit_app):
    url, _db, _out, _log = edit_app
    page = requests.get(url, timeout=120).content.decode("utf-8")
    assert "正在打开会议材料编辑窗口" in page and "正在准备编辑窗口" in page
    assert "PacketEditor" not in page  # no code in the page
    assert requests.get(url.split("?")[0], timeout=30, allow_redirects=False).status_code in (302, 403)
    login = requests.get(url.split("?")[0], timeout=30).content.decode("utf-8")  # without the token: a login page
    assert "会议材料编辑窗口" in login and "访问口令" in login and "看板" not in login and "Password" not in login
    assert requests.get(url.replace("/?", "/voila/files/workbench.sqlite?"), timeout=30).status_code >= 400
    assert requests.get(url.replace("/?", "/api/contents?"), timeout=30).status_code >= 400


@pytest.mark.browser
def test_secretary_task_by_clicking_in_the_editor_app(edit_app, artifacts):
    from playwright.sync_api import sync_playwright

    from workbench.store import Store

    url, db, out, _log = edit_app
    notebook_before = NOTEBOOK.read_bytes()
    with Store.open(f"sqlite:///{db}") as store:
        item = next(r for r in store.rows("plan_item") if r["number"] == 5)
        owner_item = next(r for r in store.rows("plan_item") if r["number"] == 7)
        meeting = next(m for m in store.rows("meeting") if m["seq_no"] == 18)
        agenda = store.rows("agenda_item", order_by="position", meeting_id=meeting["id"])
    assert len(agenda) >= 2

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 950}, locale="zh-CN")
            page.goto(url, timeout=180_000)
            try:
                page.wait_for_selector(".wb-editor", timeout=180_000)
            except Exception:
                page.screenshot(path=str(artifacts / "editor-app-not-shown.png"))
                raise AssertionError("编辑窗口未出现：" + page.inner_text("body")[:2000]) from None
            # no code, no notebook around the editor
            assert page.locator(".jp-InputArea-editor:visible, .jp-Toolbar:visible, #jp-top-panel").count() == 0
            assert "PacketEditor" not in page.content()
            assert not page.get_by_text("运行所有单元格").is_visible()  # nor the note for JupyterLab users

            # 1. the meeting's venue
            page.get_by_role("tab", name="会议", exact=True).click()
            venue = page.locator(f".wb-row-meeting-{meeting['id']} .wb-meeting-venue input")
            venue.fill("县政协机关二楼会议室")
            venue.press("Enter")
            page.locator(".wb-save-meeting").click()
            page.get_by_text("已保存 1 行。").first.wait_for(timeout=60_000)

            # 2. a progress note on the plan tab
            page.get_by_role("tab", name="工作要点").click()
            row = page.locator(f".wb-row-plan_item-{item['id']}")
            row.wait_for(timeout=60_000)
            note = row.locator(".wb-progress_note-text textarea")
            note.fill(NOTE)
            note.press("Tab")
            page.locator(".wb-save-plan").click()
            page.get_by_text("进展情况已记入").wait_for(timeout=60_000)

            # 3. two undos in a row of one's own edits
            owner = page.locator(f".wb-row-plan_item-{owner_item['id']} .wb-plan_item-owner input")
            for text in ("第一次", "第二次"):
                owner.fill(text)
                owner.press("Enter")
                page.locator(".wb-save-plan").click()
                page.locator(".wb-grid-notice", has_text="已保存 1 行").last.wait_for(timeout=60_000)
                time.sleep(0.3)
            page.locator(".wb-undo").click()
            _wait_for_owner(db, owner_item["id"], "第一次")
            page.locator(".wb-undo").click()
            _wait_for_owner(db, owner_item["id"], owner_item["owner"])
            # The store is undone in the kernel first; the notice reaches the page a moment later.
            page.locator(".wb-editor-notice", has_text="已撤销").wait_for(timeout=60_000)
            notice_after_undos = _text(page.locator(".wb-editor-notice"))
            deadline = time.monotonic() + 30
            while True:  # the store is undone first, the page's box a moment later
                shown_owner = owner.input_value()
                if shown_owner == (owner_item["owner"] or "") or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            undo_width = page.locator(".wb-undo").bounding_box()["width"]  # beside a long notice

            # 4. the agenda's order: the first item moves down
            page.get_by_role("tab", name="议程").click()
            page.locator(f".wb-row-agenda_item-{agenda[0]['id']} .wb-agenda-down").click()
            page.get_by_text("已调整议程顺序。").wait_for(timeout=60_000)

            # 5. search and a filter on 300 proposals
            page.get_by_role("tab", name="提案办理").click()
            page.locator(".wb-grid-count-proposals", has_text="共 300 条").wait_for(timeout=60_000)
            search = page.locator(".wb-search-proposals input")
            search.fill("第233号")
            search.press("Enter")
            page.locator(".wb-grid-count-proposals", has_text="找到 1 条").wait_for(timeout=60_000)
            assert page.locator("[class*='wb-row-proposal-']:visible").count() == 1
            search.fill("")
            search.press("Enter")
            page.locator(".wb-grid-count-proposals", has_text="共 300 条，第 1/12 页").wait_for(timeout=60_000)
            overdue = page.locator(".wb-filter-proposals-overdue select")
            for attempt in range(3):
                # A choice made while the page is still drawing the tab can be lost: choose again, as a person would.
                overdue.select_option("逾期")
                try:
                    page.locator(".wb-grid-count-proposals", has_text="找到").wait_for(timeout=20_000)
                    break
                except Exception:
                    if attempt == 2:
                        raise
                    overdue.select_option("全部")
            overdue_count = _text(page.locator(".wb-grid-count-proposals"))
            expected = min(25, int(overdue_count.split("找到 ")[1].split(" 条")[0]))
            deadline = time.monotonic() + 60
            while True:  # the count is drawn at once, the new rows' views one by one a moment later
                cells = page.locator("[class*='wb-row-proposal-']:visible").all_inner_texts()
                if (len(cells) == expected and all("逾期" in c for c in cells)) or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            assert cells and all("逾期" in c for c in cells)
            assert len(cells) == expected
            page.screenshot(path=str(artifacts / "editor-app-proposals.png"))

            # 6. export, and the link
            page.get_by_role("tab", name="导出").click()
            page.locator(".wb-export").click()
            link = page.locator(".wb-export-links a.wb-file-link").first
            link.wait_for(timeout=240_000)
            assert link.is_visible()
            with page.expect_download() as got:
                link.click()
            downloaded = got.value.path().read_bytes()
            page.screenshot(path=str(artifacts / "editor-app-export.png"))
            body = page.inner_text("body")
        finally:
            browser.close()

    assert "Traceback" not in body and "--force" not in body
    assert "已撤销" in notice_after_undos and "不能撤销" not in notice_after_undos
    assert shown_owner == (owner_item["owner"] or "")  # the tab shows the undone value
    assert len(notice_after_undos) > 60 and undo_width >= 130, (notice_after_undos, undo_width)  # not squeezed
    assert "找到" in overdue_count
    with Store.open(f"sqlite:///{db}") as store:
        assert store.get("meeting", meeting["id"])["venue"] == "县政协机关二楼会议室"
        notes = store.rows("progress_note", plan_item_id=item["id"])
        assert notes[-1]["text"] == NOTE and notes[-1]["author"] == "浏览器秘书"
        assert store.get("plan_item", owner_item["id"])["owner"] == owner_item["owner"]
        order = [a["id"] for a in store.rows("agenda_item", order_by="position", meeting_id=meeting["id"])]
        assert order[:2] == [agenda[1]["id"], agenda[0]["id"]]
    folders = list((out / "十一届十八次常委会议").iterdir())
    assert len(folders) == 1 and folders[0].name.endswith("导出")
    docs = {f.name: f for f in folders[0].glob("*.docx")}
    texts = {
        name: "\n".join(p.text for p in Document(f).paragraphs)
        + "\n".join(c.text for t in Document(f).tables for r in t.rows for c in r.cells)
        for name, f in docs.items()
    }
    assert any(downloaded == f.read_bytes() for f in docs.values())
    assert any(NOTE in t for t in texts.values())
    assert any("县政协机关二楼会议室" in t for t in texts.values())
    agenda_text = next(t for n, t in texts.items() if "议程" in n)
    assert agenda_text.index(agenda[1]["title"][:12]) < agenda_text.index(agenda[0]["title"][:12])
    assert NOTEBOOK.read_bytes() == notebook_before
    if (ROOT / ".git").exists() and shutil.which("git"):
        status = subprocess.run(
            ["git", "status", "--porcelain", "notebooks"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        assert status == ""


@pytest.mark.browser
def test_a_30_mb_upload_reaches_the_editor_and_a_too_large_one_is_refused_before_sending(edit_app, tmp_path, artifacts):
    """tornado's default 10 MiB websocket message dropped a 15 MB workbook without a word; now 30 MB arrives
    (the import reads it and answers about its content) and a file over the limit is refused in the page."""
    from playwright.sync_api import sync_playwright

    from workbench.apps.edit import UPLOAD_LIMIT_MB

    url, _db, _out, log = edit_app
    big = tmp_path / "各单位报回_30MB.xlsx"
    big.write_bytes(b"not a workbook " + os.urandom(30 * 1024 * 1024))
    huge = tmp_path / "过大的表格.xlsx"
    with open(huge, "wb") as f:  # sparse: the page checks the size, nothing reads the bytes
        f.truncate((UPLOAD_LIMIT_MB + 1) * 1024 * 1024)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
            page.goto(url, timeout=180_000)
            page.wait_for_selector(".wb-editor", timeout=180_000)
            page.get_by_role("tab", name="导入").click()
            # The upload widget's file input is not in the page: the button opens the file chooser.
            choose = page.get_by_role("button", name="选择表格文件")
            with page.expect_file_chooser() as chooser:
                choose.click()
            chooser.value.set_files(str(big))
            page.locator(".wb-sheet-preview").click()
            notice = page.locator(".wb-editor", has_text=big.name).last
            notice.wait_for(timeout=120_000)
            answered = page.locator(".wb-editor").inner_text()
            assert "请先点击" not in answered and big.name in answered
            page.screenshot(path=str(artifacts / "editor-upload-30mb.png"))

            with page.expect_file_chooser() as chooser:
                page.get_by_role("button", name="选择表格文件 (1)").click()
            chooser.value.set_files(str(huge))
            alert = page.locator("#wb-upload-too-large")
            alert.wait_for(timeout=30_000)
            text = alert.inner_text()
            assert f"文件过大（上限 {UPLOAD_LIMIT_MB} MB）" in text and huge.name in text and "未上传" in text
            page.screenshot(path=str(artifacts / "editor-upload-too-large.png"))
            page.locator(".wb-sheet-preview").click()  # nothing was sent: the tab still holds the 30 MB file
            page.wait_for_timeout(1500)
            assert page.locator(".wb-editor").inner_text().count(big.name) >= 1
        finally:
            browser.close()
    text = log.read_text()
    assert "Traceback" not in text and "max_message_size" not in text.lower()


def _kernels(server_pid: int) -> list[int]:
    return [p for p in descendants(server_pid) if "ipykernel" in command_line(p)]


def _server_kb(pid: int) -> int:
    """Memory of the command and the Voilà server it runs, without the kernels."""
    return sum(resident_kb(p) for p in [pid, *descendants(pid)] if "ipykernel" not in command_line(p))


@pytest.mark.browser
def test_kernels_end_with_their_page_over_ten_opens_and_closes(edit_app_process, artifacts):
    """Each editor page runs a kernel; closing or reloading the page must end it (10 times over)."""
    from playwright.sync_api import sync_playwright

    url, _db, _out, _log, proc = edit_app_process
    deadline = time.monotonic() + 60
    while _kernels(proc.pid) and time.monotonic() < deadline:  # pages of the tests before this one
        time.sleep(1)
    floor = len(_kernels(proc.pid))
    start_kb = _server_kb(proc.pid)
    peaks: list[int] = []
    memory: list[int] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(locale="zh-CN")
            for cycle in range(10):
                page = context.new_page()
                page.goto(url, timeout=180_000)
                if cycle in (0, 4, 9):
                    page.locator(".wb-editor").wait_for(timeout=180_000)
                else:  # closed while the editor is still being drawn: its kernel must end as well
                    wait_until = time.monotonic() + 120
                    while len(_kernels(proc.pid)) <= floor and time.monotonic() < wait_until:
                        time.sleep(0.2)
                    page.wait_for_timeout(1000)
                if cycle == 4:
                    page.reload()  # a reload ends the old page's kernel too
                    page.locator(".wb-editor").wait_for(timeout=180_000)
                peaks.append(len(_kernels(proc.pid)))
                page.close(run_before_unload=True)
                memory.append(_server_kb(proc.pid))
            context.close()
        finally:
            browser.close()
    deadline = time.monotonic() + 60
    while len(_kernels(proc.pid)) > floor and time.monotonic() < deadline:
        time.sleep(1)
    left = len(_kernels(proc.pid))
    end_kb = _server_kb(proc.pid)
    (artifacts / "editor-kernels.txt").write_text(
        f"起始内核 {floor} 个，每次打开后 {peaks}，结束后 {left} 个；"
        f"服务进程内存 {start_kb} KiB，每次关闭后 {memory} KiB，结束后 {end_kb} KiB\n",
        encoding="utf-8",
    )
    assert max(peaks) <= floor + 2, peaks  # one page open at a time: its kernel, perhaps the last one ending
    assert left == floor, f"关闭页面60秒后仍有 {left - floor} 个内核未结束"
    # The server's memory grows over its first pages (about 20 MB each, measured: templates, caches and
    # the allocator's high-water mark) and then stays level; what must not happen is growth with every
    # page. So the last five pages (and the reload among the first five) may add at most 20% to what
    # the server held after the first five.
    warm = memory[4]
    assert end_kb <= warm * 1.2, (start_kb, memory, end_kb)
