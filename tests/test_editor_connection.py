"""`workbench edit` in a real browser: when the editor's server goes away under an open page, the page says so
in Chinese (and what to do) instead of leaving widgets that silently stop answering."""

from __future__ import annotations

import os
import signal

import pytest

from helpers.browser import launch_chromium
from helpers.processes import require_programs
from helpers.serving import editing, editor_environment


@pytest.mark.browser
def test_a_lost_connection_is_said_in_chinese_with_what_to_do(tmp_path, _demo_db_file, artifacts):
    from playwright.sync_api import sync_playwright

    require_programs("chromium")
    env = editor_environment(tmp_path, _demo_db_file)
    with editing(tmp_path, env) as (url, _log, proc), sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(locale="zh-CN")
            page.goto(url, timeout=180_000)
            page.locator(".wb-editor").wait_for(timeout=180_000)
            page.wait_for_timeout(1000)
            shown_while_connected = page.locator("#wb-connection").count()

            os.killpg(proc.pid, signal.SIGTERM)  # as Ctrl+C in the terminal, or a closed terminal window
            proc.wait(timeout=60)
            notice = page.locator("#wb-connection")
            notice.wait_for(timeout=30_000)
            first = notice.inner_text()
            page.get_by_text("连接未能恢复").wait_for(timeout=30_000)
            later = notice.inner_text()
            page.screenshot(path=str(artifacts / "editor-connection-lost.png"))
        finally:
            browser.close()

    assert shown_while_connected == 0
    assert "连接已中断" in first and "不会保存" in first, first
    assert "python -m workbench edit" in later and "刷新本页" in later, later
