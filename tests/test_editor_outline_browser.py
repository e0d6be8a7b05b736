"""The 导入 tab's outline correction in a real browser: the editor served by a local Voilà, driven by
Debian's headless Chromium.

A secretary chooses a work plan whose third part was written without its number, sees the parsed outline
as rows, makes that row a 部分, splits an item that runs two tasks together at the words she types,
watches the parts and items below follow each correction, imports, and the corrected plan is in the store.
Every wait is on something the page shows.
"""

from __future__ import annotations

import pytest
from test_editor_outline import PLAN, stored_outline

from helpers.browser import launch_chromium


@pytest.mark.browser
def test_secretary_corrects_a_plan_outline_in_the_browser_then_imports(voila_editor, tmp_path, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.store import Store

    url, db, _log = voila_editor
    source = tmp_path / "县政协2025年工作要点.txt"
    source.write_text(PLAN, encoding="utf-8")

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".wb-editor", timeout=120_000)
            page.get_by_role("tab", name="导入").click()
            with page.expect_file_chooser() as chooser:
                page.locator(".wb-plan-upload").click()
            chooser.value.set_files(str(source))
            expect(page.locator(".wb-plan-upload")).to_contain_text("(1)", timeout=30_000)  # the file reached the kernel
            page.locator(".wb-plan-preview").click()
            outline = page.locator(".wb-plan-outline")
            expect(outline).to_contain_text("2 个部分，5 条", timeout=60_000)
            row = page.locator(".wb-outline-row-6")
            expect(row.locator(".wb-outline-line input")).to_have_value("加强自身建设")
            with Store.open(f"sqlite:///{db}") as store:
                assert not [w for w in store.rows("work_plan") if w["year"] == 2025]  # the preview stores nothing

            row.locator("select").select_option(label="部分")
            expect(outline).to_contain_text("3 个部分，5 条", timeout=30_000)
            # a split at words the line does not hold is refused, in Chinese, naming the line
            third = page.locator(".wb-outline-row-3")
            third.locator(".wb-outline-split-at input").fill("培训班9期")
            third.locator(".wb-outline-split").click()
            notice = page.locator(".wb-plan-notice")
            expect(notice).to_contain_text("第3行中没有“培训班9期”，无法拆分", timeout=30_000)
            third.locator(".wb-outline-split-at input").fill("开展委员培训")
            third.locator(".wb-outline-split").click()
            expect(outline).to_contain_text("3 个部分，6 条", timeout=30_000)
            expect(page.locator(".wb-outline-row-4 .wb-outline-line input")).to_have_value("开展委员培训。举办培训班2期。")
            page.screenshot(path=str(artifacts / "editor-plan-outline.png"), full_page=True)

            page.locator(".wb-plan-confirm").click()
            expect(notice).to_contain_text("已导入", timeout=60_000)
            expect(page.locator(".wb-outline-row-1")).to_have_count(0)
            body = page.inner_text("body")
        finally:
            browser.close()

    assert "Traceback" not in body
    with Store.open(f"sqlite:///{db}") as store:
        got = [(section, number, title) for section, number, title, _ in stored_outline(store, 2025)]
        assert got == [
            ((1, "加强思想政治建设"), 1, "深入学习党的创新理论"),
            ((1, "加强思想政治建设"), 2, "开展委员读书活动"),
            ((1, "加强思想政治建设"), 3, "开展委员培训"),
            ((2, "积极建言资政"), 3, "开展专题协商"),
            ((3, "加强自身建设"), 4, "加强委员队伍建设"),
            ((3, "加强自身建设"), 5, "完善履职档案"),
        ]
        (plan,) = [w for w in store.rows("work_plan") if w["year"] == 2025]
        items = [
            i for s in store.rows("plan_section", work_plan_id=plan["id"]) for i in store.rows("plan_item", section_id=s["id"])
        ]
        assert {i["updated_by"] for i in items} == {"浏览器秘书"}
