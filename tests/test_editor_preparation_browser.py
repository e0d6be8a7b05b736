"""The meeting being prepared, in a real browser (Voilà + headless Chromium), as a secretary opens the editor:
the heading names the next meeting not yet held (never one marked 已召开); a held meeting without
attendance is named by the export check instead of printing 实到0; and the export button stays in view
above however many findings the check lists.

Each test prepares its copy of the demo county before the page opens (the kernel opens the store then).
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers.browser import launch_chromium

pytestmark = pytest.mark.browser


def _open(p, url: str):
    browser = launch_chromium(p)
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".wb-editor", timeout=120_000)
    return browser, page


def _hold_the_next_meeting_without_attendance(db):
    """Mark the demo's next meeting 已召开 (no attendance entered) and add the one after it: both meetings."""
    from workbench.office import meetings
    from workbench.store import Store

    with Store.open(f"sqlite:///{db}") as store:
        held = meetings.next_meeting(store)
        assert held is not None and held.held_on is not None
        for row in store.rows("attendance", meeting_id=held.id):
            store.delete("attendance", row["id"], expected_version=row["version"], actor="测试")
        meetings.edit_meeting(store, held.id, {"status": "held"}, actor="测试")
        coming = meetings.add_meeting(store, held_on=date(held.held_on.year + 1, 3, 25), actor="测试")
        return held, coming


def test_the_heading_names_the_next_meeting_not_yet_held(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    url, db, _log = voila_editor
    held, coming = _hold_the_next_meeting_without_attendance(db)
    with sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            heading = page.locator(".wb-heading").first
            expect(heading).to_contain_text("正在准备")
            expect(heading).to_contain_text(coming.title)
            assert held.title not in heading.inner_text()
            assert heading.get_attribute("data-held") == "no"
            page.screenshot(path=str(artifacts / "editor-heading-next-meeting.png"))
        finally:
            browser.close()


def test_a_held_meeting_without_attendance_is_named_by_the_check(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    url, db, _log = voila_editor
    held, _coming = _hold_the_next_meeting_without_attendance(db)
    with sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            page.get_by_role("tab", name="导出").click()
            findings = page.locator(".wb-export-check")
            expect(findings).to_contain_text("会议已召开，但没有出勤记录", timeout=90_000)
            expect(findings).to_contain_text("请在编辑器“出勤”页录入该次会议的签到情况")
            assert "实到0" not in findings.inner_text()
            assert held.short_title in findings.inner_text()  # the finding names the meeting
            page.screenshot(path=str(artifacts / "editor-check-attendance-missing.png"))
        finally:
            browser.close()


def test_the_export_button_is_in_view_above_the_findings(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.store import Store, entity

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:  # thirty findings: plan items without a deadline
        items = store.rows("plan_item")
        with store.writer("测试") as w:
            for item in items:
                w.update(entity("plan_item"), item["id"], {"deadline": None}, expected_version=item["version"])
    with sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            page.get_by_role("tab", name="导出").click()
            findings = page.locator(".wb-export-check")
            expect(findings).to_contain_text("没有完成时限", timeout=90_000)
            button = page.get_by_role("button", name="导出会议材料").first
            button.wait_for(timeout=30_000)
            # Above the findings and inside the window as the tab opens: no scrolling past the list.
            assert button.bounding_box()["y"] < findings.bounding_box()["y"]
            assert button.bounding_box()["y"] + button.bounding_box()["height"] <= 1000
            expect(button).to_be_in_viewport()
            page.screenshot(path=str(artifacts / "editor-export-button-above-findings.png"))
        finally:
            browser.close()
