"""签到 on the day in a real browser (Voilà + headless Chromium) at a tablet's size, touched as on a tablet:
each tap ticks a member and the quorum line turns from 尚未过半数 to 已过半数 at the thirteenth of the demo's
25 standing members; the ticks are attendance records in the store. A phone opened afterwards (a second
kernel, as a second device would be) shows the same ticks. Screenshots of both are kept for a person to look at.
"""

from __future__ import annotations

import pytest

from helpers.browser import launch_chromium

pytestmark = pytest.mark.browser
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}


def _open(browser, url: str, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".wb-editor", timeout=120_000)
    page.get_by_role("tab", name="签到", exact=True).click()
    page.locator(".wb-signin-quorum").wait_for(timeout=60_000)
    return page


def test_ticks_on_a_tablet_count_live_to_the_quorum_and_are_stored(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.office import sign_in_day
    from workbench.office.meetings import next_meeting
    from workbench.store import Store

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:
        meeting = next_meeting(store)
        assert meeting is not None
        day = sign_in_day.sign_in_day(store, meeting)
    assert day.expected == 25 and day.present == 0
    coming = [m.member for m in day.members if not m.on_leave][:13]

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = _open(browser, url, TABLET)
            quorum = page.locator(".wb-signin-quorum")
            expect(quorum).to_contain_text("应到25人，已签到0人，请假2人，未到23人；尚未过半数（还差13人）。")
            first = page.locator(f".wb-signin-member-{coming[0].id}")
            box = first.bounding_box()
            assert box is not None and box["height"] >= 44  # a finger's size
            for n, member in enumerate(coming, start=1):
                button = page.locator(f".wb-signin-member-{member.id}")
                button.tap()
                expect(button).to_have_text(f"✓ {member.name}", timeout=30_000)
                expect(quorum).to_contain_text(f"已签到{n}人", timeout=30_000)
                if n < 13:
                    expect(quorum).to_contain_text(f"尚未过半数（还差{13 - n}人）")
                else:
                    expect(quorum).to_contain_text("已过半数，可以开会。")
            expect(page.locator(".wb-signin-notice")).to_contain_text(f"{coming[-1].name}已签到。")
            assert "wb-signin-ticked" in (first.get_attribute("class") or "")
            page.screenshot(path=str(artifacts / "editor-sign-in-day-tablet.png"))
            # The page scrolls inside Voilà's own box: the tab as a whole is taken by itself.
            page.locator(".wb-signin-day").screenshot(path=str(artifacts / "editor-sign-in-day-tablet-all.png"))

            phone = _open(browser, url, PHONE)  # a second device: its own kernel, reading the store
            expect(phone.locator(".wb-signin-quorum")).to_contain_text("已签到13人", timeout=60_000)
            expect(phone.locator(f".wb-signin-member-{coming[0].id}")).to_have_text(f"✓ {coming[0].name}")
            overflow = phone.evaluate("document.querySelector('.wb-signin-day').scrollWidth")
            assert overflow <= PHONE["width"], overflow  # the buttons wrap; nothing runs off the screen
            phone.screenshot(path=str(artifacts / "editor-sign-in-day-phone.png"))
            phone.locator(".wb-signin-day").screenshot(path=str(artifacts / "editor-sign-in-day-phone-all.png"))
        finally:
            browser.close()

    with Store.open(f"sqlite:///{db}") as store:
        stored = {r["member_id"]: r for r in store.rows("attendance", meeting_id=meeting.id)}
    assert set(stored) == {m.id for m in coming}
    assert all(r["state"] == "present" and r["updated_by"] == "浏览器秘书" for r in stored.values())
