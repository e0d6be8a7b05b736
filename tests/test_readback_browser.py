"""The 导入 tab's 读回 panel in a real browser: a packet exported from the store, edited as Word writes its
edits, is chosen, compared and read back change by change in the editor served by a local Voilà, driven by
Debian's headless Chromium. Every wait is on something the page shows.
"""

from __future__ import annotations

import json

import pytest

from helpers.browser import launch_chromium
from helpers.word_edits import cell_paragraph, edit_xml, set_text


@pytest.mark.browser
def test_secretary_reads_back_a_packet_edited_in_word(voila_editor, tmp_path, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.publish import export_packet
    from workbench.store import Store
    from workbench.store.rows import PacketSnapshot

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:
        result = export_packet(store, "next", tmp_path / "out")
        data = json.loads(store.one(PacketSnapshot, result.snapshot_id).data)
    merged = next(f for f in result.files if f.name.endswith("会议材料.docx"))
    (kept_mark, kept), (left_mark, left) = [
        (m, e) for m, e in data["printed"].items() if e["table"] == "proposal" and e["field"] == "title"
    ][:2]
    edited = tmp_path / "领导审改稿.docx"

    def edit(root):
        set_text(cell_paragraph(root, kept_mark), "关于健全基层协商议事机制的提案")
        set_text(cell_paragraph(root, left_mark), "<script>alert(1)</script>不写回")

    edit_xml(merged, edited, edit)

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".wb-editor", timeout=120_000)
            page.get_by_role("tab", name="导入").click()
            with page.expect_file_chooser() as chooser:
                page.locator(".wb-readback-upload").click()
            chooser.value.set_files(str(edited))
            expect(page.locator(".wb-readback-upload")).to_contain_text("(1)", timeout=30_000)
            page.locator(".wb-readback-compare").click()
            choices = page.locator(".wb-readback-choice")
            expect(choices).to_have_count(2, timeout=60_000)
            expect(page.locator(".wb-readback-notice")).to_contain_text("请逐条核对")
            page.locator(".wb-readback-choice", has_text="不写回").locator("input").uncheck()
            page.locator(".wb-readback-choices").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "editor-readback.png"), full_page=True)
            page.locator(".wb-readback-apply").click()
            expect(page.locator(".wb-readback-notice")).to_contain_text("已读回1处改动", timeout=60_000)
            page.set_viewport_size({"width": 390, "height": 844})
            page.locator(".wb-readback-notice").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "editor-readback-phone.png"))
            body = page.inner_text("body")
        finally:
            browser.close()

    assert "Traceback" not in body
    assert "<script>alert(1)</script>不写回" in body  # shown as text, not run
    with Store.open(f"sqlite:///{db}") as store:
        assert store.get("proposal", kept["id"])["title"] == "关于健全基层协商议事机制的提案"
        assert store.get("proposal", left["id"])["title"] == left["value"]
        assert store.history("proposal", kept["id"])[-1]["note"] == "读回自《领导审改稿.docx》"
