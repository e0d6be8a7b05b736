"""The editor's former dead ends in a real browser (Voilà + headless Chromium), as a secretary meets them:
fill the 完成时限 the check asks for on the 工作要点 tab and see the finding go; add a 民主监督 item; enter
a 答复类别 and see it counted in the packet's 答复类别分布; keep the agenda 材料内容 shows.

Each test prepares its copy of the demo county before the page opens (the kernel opens the store then).
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers.browser import launch_chromium

pytestmark = pytest.mark.browser
LONG_TOPIC = "关于全县农村人居环境整治提升和美丽乡村建设、农村生活污水垃圾治理及村容村貌改善情况的通报"


def _update(db, table: str, record_id: int, **values) -> None:
    from workbench.store import Store, entity

    with Store.open(f"sqlite:///{db}") as store:
        current = store.get(table, record_id)
        with store.writer("测试") as w:
            w.update(entity(table), record_id, values, expected_version=current["version"])


def _open(p, url: str):
    browser = launch_chromium(p)
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".wb-editor", timeout=120_000)
    return browser, page


def _enter(locator, text: str) -> None:
    locator.fill(text)
    locator.press("Enter")


def test_the_deadline_filled_on_the_plan_tab_clears_the_check_finding(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.store import Store

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:
        item = next(r for r in store.rows("plan_item") if r["number"] == 5)
        below = next(r for r in store.rows("plan_item") if r["number"] == 6)
    _update(db, "plan_item", item["id"], deadline=None)

    with sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            page.get_by_role("tab", name="导出").click()
            findings = page.locator(".wb-export-check")
            expect(findings).to_contain_text("没有完成时限", timeout=60_000)
            expect(findings).to_contain_text("请在编辑器“工作要点”页填写完成时限")

            page.get_by_role("tab", name="工作要点").click()
            row = page.locator(f".wb-row-plan_item-{item['id']}")
            row.wait_for(timeout=30_000)
            expect(page.locator(".wb-grid-header", has_text="主要工作任务")).to_contain_text("完成时限")
            next_row = page.locator(f".wb-row-plan_item-{below['id']}")
            gap_before = next_row.bounding_box()["y"] - row.bounding_box()["y"]  # within the page, whatever scrolled
            _enter(row.locator(".wb-plan_item-deadline input"), "2026年12月31日")
            _enter(row.locator(".wb-plan_item-lead_leader input"), "周启明")
            page.locator(".wb-save-plan").click()
            page.get_by_text("已保存 1 行。").wait_for(timeout=30_000)
            expect(row.locator(".wb-row-notice")).to_contain_text("已保存。")
            assert next_row.bounding_box()["y"] - row.bounding_box()["y"] == gap_before  # "已保存。" had its line
            expect(row.locator(".wb-plan_item-deadline input")).to_have_value("2026-12-31")
            page.screenshot(path=str(artifacts / "editor-plan-deadline.png"))

            page.get_by_role("tab", name="导出").click()
            page.locator(".wb-export-preview").click()
            expect(findings).not_to_contain_text("没有完成时限", timeout=60_000)
            expect(findings).to_contain_text("工作要点")  # the list is there, only without the finding
        finally:
            browser.close()

    with Store.open(f"sqlite:///{db}") as store:
        stored = store.get("plan_item", item["id"])
        assert (stored["deadline"], stored["lead_leader"], stored["updated_by"]) == (date(2026, 12, 31), "周启明", "浏览器秘书")


def test_a_supervision_item_is_added_in_the_browser(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.store import Store

    url, db, _log = voila_editor
    with sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            page.get_by_role("tab", name="民主监督").click()
            _enter(page.locator(".wb-supervision-new-topic input"), "农村饮水安全巩固提升")
            _enter(page.locator(".wb-supervision-new-department input"), "县水利局")
            _enter(page.locator(".wb-supervision-new-deadline input"), "2026-12-31")
            page.locator(".wb-supervision-add").click()
            page.get_by_text("已新增监督事项 JD2026-15“农村饮水安全巩固提升”").wait_for(timeout=30_000)
            expect(page.locator(".wb-grid-count-supervision")).to_contain_text("共 15 条")
            with Store.open(f"sqlite:///{db}") as store:
                [added] = store.rows("supervision_item", code="JD2026-15")
            new_row = page.locator(f".wb-row-supervision_item-{added['id']}")
            expect(new_row).to_contain_text("农村饮水安全巩固提升")
            expect(new_row.locator(".wb-supervision_item-deadline input")).to_have_value("2026-12-31")
            page.screenshot(path=str(artifacts / "editor-supervision-add.png"))
        finally:
            browser.close()
    assert (added["department"], added["status"], added["updated_by"]) == ("县水利局", "not_started", "浏览器秘书")


def test_a_reply_category_entered_is_counted_in_the_packet(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.base import config
    from workbench.drafts.blocks import Heading, Part, Table
    from workbench.publish import check_packet
    from workbench.store import Store

    def distribution() -> dict[str, str]:
        with Store.open(f"sqlite:///{db}") as store:
            packet = check_packet(store, "next").packet
        doc = packet.document(Part.PROPOSALS)
        at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text.endswith("答复类别分布"))
        table = next(b for b in doc.blocks[at:] if isinstance(b, Table))
        return {row[0]: row[1] for row in table.rows}

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:
        proposal = next(r for r in store.rows("proposal", order_by="case_no") if r["status"] == "handling")
    before = distribution()
    b_label = config.labels()["reply_category"].label("B")

    with sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            page.get_by_role("tab", name="提案办理").click()
            page.locator(".wb-search-proposals").locator("input").fill(proposal["title"][:12])
            page.locator(".wb-search-proposals").locator("input").press("Enter")
            row = page.locator(f".wb-row-proposal-{proposal['id']}")
            row.wait_for(timeout=30_000)
            _enter(row.locator(".wb-proposal-status input"), "已答复")
            expect(row.locator(".wb-proposal-warning")).to_contain_text("但没有答复日期")  # said at once
            _enter(row.locator(".wb-proposal-replied_on input"), "2026-12-01")
            _enter(row.locator(".wb-proposal-reply_category input"), "B")
            expect(row.locator(".wb-proposal-warning")).to_have_text("")
            page.locator(".wb-save-proposals").click()
            page.get_by_text("已保存 1 行。").wait_for(timeout=30_000)
            expect(row.locator(".wb-proposal-reply_category input")).to_have_value(b_label)
            page.screenshot(path=str(artifacts / "editor-proposal-reply-category.png"))
        finally:
            browser.close()

    after = distribution()
    assert int(after[b_label]) == int(before.get(b_label, "0")) + 1
    assert int(after["合计"]) == int(before["合计"]) + 1


def test_the_agenda_is_kept_from_what_the_contents_tab_shows(voila_editor, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.store import Store, entity

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:
        meeting_id = next(m["id"] for m in store.rows("meeting") if m["status"] == "planned")
        with store.writer("测试") as w:
            for r in store.rows("agenda_item", meeting_id=meeting_id):
                w.delete(entity("agenda_item"), r["id"], expected_version=r["version"])
        topic = next(t for t in store.rows("briefing_topic", meeting_id=meeting_id, order_by="code"))
    _update(db, "briefing_topic", topic["id"], topic=LONG_TOPIC)

    with sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            page.get_by_role("tab", name="材料内容").click()
            expect(page.locator(".wb-editor")).to_contain_text("审议有关人事事项", timeout=60_000)

            page.get_by_role("tab", name="议程").click()
            offered = page.locator(".wb-agenda-proposal")
            expect(offered).to_contain_text("听取" + LONG_TOPIC, timeout=30_000)
            expect(offered).to_contain_text("审议有关人事事项")
            expect(offered).to_contain_text("工作要点落实情况的报告")
            page.locator(".wb-agenda-generate").click()
            page.get_by_text("已按材料内容生成议程 5 项").wait_for(timeout=30_000)
            expect(offered).to_be_hidden()

            long_box = page.locator(".wb-agenda_item-title textarea").first
            expect(long_box).to_have_value(LONG_TOPIC)
            fits = long_box.evaluate("e => e.scrollHeight <= e.clientHeight + 2")
            lines = long_box.evaluate("e => e.clientHeight / parseFloat(getComputedStyle(e).fontSize)")
            assert fits and lines >= 2.5  # wrapped over two lines or more, the whole text in view
            page.screenshot(path=str(artifacts / "editor-agenda-from-contents.png"))
        finally:
            browser.close()

    with Store.open(f"sqlite:///{db}") as store:
        stored = store.rows("agenda_item", order_by="position", meeting_id=meeting_id)
    assert stored[0]["title"] == LONG_TOPIC and stored[3]["title"] == "审议有关人事事项"
    assert {r["updated_by"] for r in stored} == {"浏览器秘书"}
