"""An export a secretary started can be watched and stopped: the editor's 导出 tab shows each step and a
取消导出 button while it runs; stopping it ends LibreOffice's whole process group, writes no file, no
snapshot, and leaves earlier exports as they were. Driven in process and in a real browser.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from helpers.processes import require_programs
from workbench.store.rows import PacketSnapshot
from workbench.ui.editor import PacketEditor

pytestmark = pytest.mark.libreoffice


def _soffice_processes(marker: bytes = b"workbench-soffice-") -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes() and b"soffice" in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_an_export_stopped_while_libreoffice_works_leaves_nothing_behind(demo_store):
    require_programs("soffice")
    editor = PacketEditor(demo_store)
    editor.select("export")
    tab = editor.export
    tab.pdf.value = True
    target = tab.out_dir()
    snapshots = len(demo_store.select(PacketSnapshot))
    steps: list[str] = []
    tab.step.observe(lambda change: steps.append(change["new"]), names="value")
    mine = f"workbench-soffice-{os.getpid()}-".encode()

    thread = tab.start_export()
    assert thread is not None
    assert _wait_for(lambda: _soffice_processes(mine), 120), steps
    assert tab.stop_button.layout.display != "none" and not tab.stop_button.disabled
    tab.stop_button.click()
    thread.join(timeout=60)
    assert not thread.is_alive()

    assert "已取消导出，未写入任何文件" in tab.notice.text and not tab.notice.is_error
    assert _wait_for(lambda: not _soffice_processes(mine), 15), "取消后仍有 LibreOffice 进程"
    assert not target.exists()
    assert len(demo_store.select(PacketSnapshot)) == snapshots
    assert tab.stop_button.layout.display == "none" and not tab.export_button.disabled
    # What the secretary read meanwhile: the check, the packet, every file by name, then LibreOffice.
    assert "正在检查材料……" in steps and "正在生成合订本……" in steps
    assert any(s.startswith("正在生成第 1 份文件（共 ") for s in steps)
    assert any("LibreOffice" in s for s in steps)

    again = tab.start_export()  # the next export runs whole
    assert again is not None
    again.join(timeout=300)
    assert not tab.notice.is_error and tab.step.value == "导出完成。", tab.notice.text
    assert len(demo_store.select(PacketSnapshot)) == snapshots + 1


@pytest.mark.browser
def test_the_secretary_stops_an_export_in_the_browser(voila_editor, artifacts):
    require_programs("soffice")
    from playwright.sync_api import expect, sync_playwright

    from helpers.browser import launch_chromium

    url, _db, _log = voila_editor
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        try:
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".wb-editor", timeout=120_000)
            page.get_by_role("tab", name="导出").click()
            page.get_by_text("同时生成PDF（需要较长时间）").click()
            page.locator(".wb-export").click()
            expect(page.locator(".wb-editor")).to_contain_text("LibreOffice", timeout=120_000)
            stop = page.get_by_role("button", name="取消导出")
            expect(stop).to_be_visible()
            page.screenshot(path=str(artifacts / "editor-export-running.png"))
            stop.click()
            expect(page.locator(".wb-editor")).to_contain_text("已取消导出，未写入任何文件", timeout=60_000)
            expect(stop).to_be_hidden()
            assert _wait_for(lambda: not _soffice_processes(), 15), "取消后仍有 LibreOffice 进程"
            page.screenshot(path=str(artifacts / "editor-export-cancelled.png"))
        finally:
            browser.close()
