"""The personnel, schedule, letters and rating tabs in a real browser (Voilà + headless Chromium), one action
each: add a person to the 任免名单, mark a preparation step done, draft the invitation letters, upload a
keyed-in rating tally.
"""

from __future__ import annotations

import openpyxl
import pytest

from helpers.browser import launch_chromium


@pytest.mark.browser
def test_personnel_schedule_letters_and_rating_tabs_in_the_browser(voila_editor, artifacts, tmp_path):
    from playwright.sync_api import sync_playwright

    from workbench.store import Store, schema

    url, db, _log = voila_editor
    output = db.parent.parent / "output" / "十一届十八次常委会议"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".wb-editor", timeout=120_000)

            page.get_by_role("tab", name="人事事项").click()
            for field, text in (
                ("kind", "免职"),
                ("name", "陶文清"),
                ("gender", "男"),
                ("ethnicity", "汉族"),
                ("born", "1968年4月"),
                ("party", "中共党员"),
                ("sector", "中共"),
                ("unit_and_post", "县文化馆馆长"),
                ("post", "文化文史委员会副主任"),
                ("reason", "到龄退休"),
            ):
                box = page.locator(f".wb-personnel-new-{field} input")
                box.fill(text)
                box.press("Tab")
            page.locator(".wb-personnel-add").click()
            page.get_by_text("已添加任免名单中的“陶文清”（第4项）。").wait_for(timeout=30_000)
            page.screenshot(path=str(artifacts / "editor-personnel.png"))

            page.get_by_role("tab", name="筹备日程").click()
            page.locator(".wb-schedule-state-call_for_materials select").select_option(label="已完成")
            page.locator(".wb-schedule-save-call_for_materials").click()
            page.get_by_text("已保存：材料征集　已完成。").wait_for(timeout=30_000)
            page.screenshot(path=str(artifacts / "editor-schedule.png"))

            page.get_by_role("tab", name="函件").click()
            page.locator(".wb-letters-draft").click()
            page.get_by_text("已起草邀请函 3 份。").wait_for(timeout=60_000)
            links = page.locator(".wb-letters-links a.wb-file-link")
            assert links.count() == 3
            assert "十一届十八次常委会议_邀请函_县农业农村局.docx" in page.locator(".wb-letters-links").inner_text()
            page.screenshot(path=str(artifacts / "editor-letters.png"))

            page.get_by_role("tab", name="测评").click()
            page.locator(".wb-rating-form").click()
            page.get_by_text("已生成测评表和录入表").wait_for(timeout=60_000)
            sheet = output / "十一届十八次常委会议_测评票录入表.xlsx"
            wb = openpyxl.load_workbook(sheet)
            ws = wb["测评票录入"]
            for row in range(3, ws.max_row + 1):
                for col in range(2, 5):
                    ws.cell(row=row, column=col, value="满意" if row % 4 else "不满意")
            filled = tmp_path / "录入完成.xlsx"
            wb.save(filled)
            with page.expect_file_chooser() as chooser:
                page.locator(".wb-rating-upload").click()
            chooser.value.set_files(str(filled))
            page.get_by_text("(1)").wait_for(timeout=30_000)  # the upload button counts the chosen file
            page.locator(".wb-rating-import").click()
            page.get_by_text("已导入十一届十八次常委会议测评结果").wait_for(timeout=60_000)
            results = page.locator(".wb-rating-results").inner_text()
            page.screenshot(path=str(artifacts / "editor-rating.png"))
            body = page.inner_text("body")
        finally:
            browser.close()

    assert "Traceback" not in body
    assert "县农业农村局" in results and "满意率" in results
    with Store.open(f"sqlite:///{db}") as store:
        added = store.rows(schema.personnel_change, name="陶文清")
        assert [(r["position"], r["kind"], r["born"], r["updated_by"]) for r in added] == [(4, "remove", "1968.04", "浏览器秘书")]
        step = store.rows(schema.schedule_step)
        assert [(s["step"], s["state"], s["updated_by"]) for s in step] == [("call_for_materials", "done", "浏览器秘书")]
        assert sorted(r["recipient"] for r in store.rows(schema.letter)) == ["县人民政府", "县人民政府办公室", "县农业农村局"]
        ratings = store.rows(schema.rating)
        assert len(ratings) == 3 and all(r["ballots_returned"] == ratings[0]["ballots_handed_out"] for r in ratings)
    assert (output / "函件" / "十一届十八次常委会议_邀请函_县农业农村局.docx").exists()
