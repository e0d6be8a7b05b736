"""`workbench edit --max-pages`: past the limit of open editor pages a new page says so in Chinese and starts
no kernel; once a page is closed, a reload opens the editor. In a real browser, with the limit at one page."""

from __future__ import annotations

import time

import pytest

from helpers.browser import launch_chromium
from helpers.processes import command_line, descendants, require_programs
from helpers.serving import editing, editor_environment


def _kernels(pid: int) -> int:
    return sum("ipykernel" in command_line(p) for p in descendants(pid))


@pytest.mark.browser
def test_a_page_past_the_limit_is_told_to_close_one_and_opens_after(tmp_path, _demo_db_file, artifacts):
    from playwright.sync_api import sync_playwright

    require_programs("chromium")
    env = editor_environment(tmp_path, _demo_db_file)
    with editing(tmp_path, env, "--max-pages", "1") as (url, _log, proc), sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(locale="zh-CN")
            first = context.new_page()
            first.goto(url, timeout=180_000)
            first.locator(".wb-editor").wait_for(timeout=180_000)

            second = context.new_page()
            answer = second.goto(url, timeout=60_000)
            refused = second.locator("[data-page='error']").inner_text()
            second.screenshot(path=str(artifacts / "editor-page-limit.png"))
            kernels_while_refused = _kernels(proc.pid)

            first.close(run_before_unload=True)
            deadline = time.monotonic() + 60
            while _kernels(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.5)
            # The kernel's process ends a moment before the server forgets its id, so a reload at
            # once can still be refused; a secretary told to close a page reloads until it opens.
            reloads = 0
            while True:
                reloads += 1
                again = second.reload(timeout=180_000)
                if again is None or again.status != 503 or time.monotonic() > deadline + 30:
                    break
                time.sleep(1)
            second.locator(".wb-editor").wait_for(timeout=180_000)
            tabs = second.locator(".wb-editor .lm-TabBar-tab").count()
        finally:
            browser.close()

    assert answer is not None and answer.status == 503
    assert "打开的编辑页面已达上限" in refused and "1 个编辑页面" in refused and "关闭" in refused, refused
    assert kernels_while_refused == 1  # the refused page started none
    assert again is not None and again.status == 200, f"关闭第一个页面后刷新 {reloads} 次仍被拒绝"
    assert tabs > 5
