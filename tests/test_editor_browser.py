"""The editor in a real browser: the notebook served by a local standalone Voilà, driven by headless Chromium.

A secretary opens the work-plan tab, writes a progress note for one item, saves,
and the note is in the store. The Voilà instance is private to this test (a copy of
the demo county, 127.0.0.1, a free port) and is not the leaders' dashboard server.
"""

from __future__ import annotations

import pytest

from helpers.browser import launch_chromium

NOTE = "第四季度：召开工作要点落实推进会，形成专题报告。"


@pytest.mark.browser
def test_secretary_writes_a_progress_note_in_the_browser(voila_editor, artifacts):
    from playwright.sync_api import sync_playwright

    from workbench.store import Store

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:
        item = next(r for r in store.rows("plan_item") if r["number"] == 5)
        other = next(r for r in store.rows("plan_item") if r["number"] == 4)
        notes_before = store.rows("progress_note", plan_item_id=item["id"])

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".wb-editor", timeout=120_000)
            page.get_by_role("tab", name="工作要点").click()
            row = page.locator(f".wb-row-plan_item-{item['id']}")
            row.wait_for(timeout=30_000)
            # a bad value is refused beside the field, in red, and never saved
            bad = page.locator(f".wb-row-plan_item-{other['id']} .wb-plan_item-status input")
            bad.fill("差不多了")
            bad.press("Enter")
            message = page.locator(f".wb-row-plan_item-{other['id']} .wb-field-error span")
            message.wait_for(timeout=30_000)
            assert "不是有效的工作要点状态" in message.inner_text()
            assert message.evaluate("e => getComputedStyle(e).color") == "rgb(192, 57, 43)"

            row.locator(".wb-plan_item-status input").fill("进展滞后")
            row.locator(".wb-plan_item-status input").press("Enter")
            note = row.locator(".wb-progress_note-text textarea")
            note.fill(NOTE)
            note.press("Tab")  # leaving the box hands the value to the editor
            page.locator(".wb-save-plan").click()
            page.get_by_text("已保存 1 行；1 行有填写错误未保存。").wait_for(timeout=30_000)
            page.mouse.wheel(0, -5000)
            page.screenshot(path=str(artifacts / "editor-progress-note.png"), full_page=False)
            body = page.inner_text("body")
        finally:
            browser.close()

    assert "常委会议材料准备" in body and "政协青岚县第十一届委员会常务委员会第十八次会议" in body
    assert "Traceback" not in body and "Error" not in body
    with Store.open(f"sqlite:///{db}") as store:
        notes = store.rows("progress_note", plan_item_id=item["id"])
        assert len(notes) == len(notes_before) + 1
        assert notes[-1]["text"] == NOTE and notes[-1]["author"] == "浏览器秘书"
        assert store.get("plan_item", item["id"])["status"] == "lagging"
        assert store.get("plan_item", item["id"])["updated_by"] == "浏览器秘书"
        assert store.get("plan_item", other["id"]) == other
