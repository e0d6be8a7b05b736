"""The editor's packet tabs (contents by rule, hand changes, export) and its import tab, driven without a browser."""

from __future__ import annotations

import base64
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from helpers.paths import CORPUS
from workbench import sheets
from workbench.ui.editor import PacketEditor


@pytest.fixture
def editor(demo_store):
    return PacketEditor(demo_store)


def upload(widget, path: Path) -> None:
    """What the browser sends when a secretary chooses a file."""
    data = path.read_bytes()
    widget.value = (
        {"name": path.name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": datetime.now()},
    )


# ---------------------------------------------------------------- contents


def supervision_table(packet):
    return next(b for b in packet.document("supervision").blocks if getattr(b, "caption", "") == "民主监督事项推进情况表")


def test_contents_show_each_document_with_its_rule(editor):
    editor.tabs.selected_index = editor.tabs.titles.index("材料内容")  # opening the tab assembles the packet
    packet = editor.contents.packet
    assert packet.meeting_short_title == "十一届十八次常委会议"
    card = editor.contents.card("supervision")
    assert card.rule.value.endswith("收入依据：列出尚未办结的监督事项，以及本季度内办结的事项。</span>")
    assert any("民主监督事项推进情况表第1行" in label for label, _ in card.lines.options)
    assert "已按规则汇总十一届十八次常委会议的会议材料，共 12 个文件" in editor.contents.notice.text
    # template documents show what they will say: the agenda as entered, the notice's place, the cover's title
    assert "审议有关人事事项" in editor.contents.card("agenda").summary.value
    assert "县政协机关三楼会议室" in editor.contents.card("notice").summary.value
    assert "政协青岚县第十一届委员会常务委员会第十八次会议" in editor.contents.card("cover").summary.value


def test_agenda_added_in_its_tab_appears_in_the_contents(editor):
    editor.agenda.new_title.value = "审议县政协2027年度协商计划（草案）"
    editor.agenda.add_button.click()
    editor.contents.assemble_button.click()
    assert "审议县政协2027年度协商计划（草案）" in editor.contents.card("agenda").summary.value


def test_changing_a_rule_reassembles_with_that_rule(editor):
    contents = editor.contents
    contents.ensure()
    rows_all = len(supervision_table(contents.packet).rows)
    contents.rule_choices["supervision_items"].value = "all"
    contents.assemble_button.click()
    card = contents.card("supervision")
    assert "列出本年度全部监督事项（含已办结）。" in card.rule.value
    assert len(supervision_table(contents.packet).rows) > rows_all


def test_items_removed_and_added_by_hand_and_documents_left_out(editor):
    contents = editor.contents
    contents.ensure()
    card = contents.card("plan_progress")
    first_row = next(k for label, k in card.lines.options if "表格第1行" in label or "第1行" in label)
    label = dict((k, lab) for lab, k in card.lines.options)[first_row]
    title = label.split("：", 1)[1].split("｜")[1]
    card.lines.value = (first_row,)
    card.remove_button.click()
    assert "已移出 1 项内容" in card.notice.text
    rows = [r for b in contents.packet.document("plan_progress").blocks if hasattr(b, "rows") for r in b.rows]
    assert title not in [r[1] for r in rows]

    card.new_text.value = "另：第四季度将召开工作要点落实情况推进会。"
    card.add_button.click()
    assert contents.packet.document("plan_progress").blocks[-1].text == "另：第四季度将召开工作要点落实情况推进会。"

    liaison = contents.card("liaison")
    liaison.include.value = False
    assert contents.packet.document("liaison").included is False
    editor.export.preview_button.click()
    assert "不收入：委员联络组活动指标完成情况" in editor.export.preview.value


def test_nothing_selected_to_remove_is_explained(editor):
    editor.contents.ensure()
    card = editor.contents.card("briefings")
    card.remove_button.click()
    assert card.notice.is_error and "请先在上面的列表中选择要移出的内容" in card.notice.text


# ---------------------------------------------------------------- export


def test_export_writes_the_edited_packet_and_links_the_files(editor, demo_store, workbench_env):
    contents = editor.contents
    contents.ensure()
    contents.card("liaison").include.value = False
    card = contents.card("briefings")
    card.new_text.value = "请各通报单位于会前三日报送书面材料。"
    card.add_button.click()

    editor.select("export")
    assert "1. 封面（按模板生成）" in editor.export.preview.value
    editor.export.export_button.click()
    editor.export.thread.join(timeout=300)  # the button exports beside the page
    assert not editor.export.notice.is_error, editor.export.notice.text
    assert editor.export.progress.value == editor.export.progress.max
    assert editor.export.step.value == "导出完成。"

    out = Path(workbench_env["WORKBENCH_OUTPUT_DIR"]) / "十一届十八次常委会议" / f"{date.today():%Y-%m-%d} 导出"
    files = editor.export.result.files
    assert files and all(f.parent == out and f.exists() for f in files)
    assert not any("联络组" in f.name for f in files)  # left out by hand
    links = editor.export.links.value
    for f in files:
        assert f'download="{f.name}"' in links
    href = re.search(r'href="data:[^;]+;base64,([^"]+)"', links).group(1)
    assert base64.b64decode(href) == files[0].read_bytes()

    briefing_doc = next(f for f in files if "情况通报" in f.name)
    text = "\n".join(p.text for p in Document(briefing_doc).paragraphs)
    assert "请各通报单位于会前三日报送书面材料。" in text
    from workbench.packet import snapshot

    assert snapshot.latest(demo_store, editor.meeting.meeting.id) is not None


def test_export_tab_shows_the_pre_export_check_and_exports_anyway(editor, demo_store):
    editor.select("export")
    editor.export.preview_button.click()
    shown = editor.export.findings.value
    assert "导出前检查" in shown and "须补正" in shown
    assert "情况通报议题TB2026-11" in shown and "通报材料尚未收到" in shown
    assert "也可直接导出" in shown
    editor.export.export_button.click()
    editor.export.thread.join(timeout=300)
    assert not editor.export.notice.is_error, editor.export.notice.text
    assert editor.export.result.findings and "须补正" in editor.export.findings.value
    from workbench.packet import snapshot

    stored = snapshot.latest(demo_store, editor.meeting.meeting.id)
    assert [f["record"] for f in stored.findings] == [f.record for f in editor.export.result.findings]


def test_each_export_gets_a_new_dated_folder_and_overwriting_asks_first(editor):
    export = editor.export
    export.load(editor.meeting.meeting)
    assert "本次会议还没有导出过" in export.earlier.children[0].value
    first = export.export()
    assert first and not export.notice.is_error, export.notice.text
    assert first[0].parent.name == f"{date.today():%Y-%m-%d} 导出"
    second = export.export()  # again: a new folder, no “--force”, no refusal
    assert not export.notice.is_error, export.notice.text
    assert second[0].parent.name == f"{date.today():%Y-%m-%d} 导出（2）"
    assert "--force" not in export.notice.text + export.folder.value
    assert [e.folder for e in export.earlier_exports()] == [second[0].parent, first[0].parent]
    assert len(export.earlier.children) == 2
    show = export.earlier.children[1].children[0].children[1]
    show.click()  # the earlier export's links, built when asked for
    assert f'download="{first[0].name}"' in export.earlier.children[1].children[1].value

    export.overwrite.value = True
    assert "覆盖上次导出的文件夹" in export.folder.value and second[0].parent.name in export.folder.value
    before = second[0].stat().st_mtime_ns
    assert export.export() == []  # asks first, writes nothing
    assert export.confirmation.layout.display is None
    assert "确定覆盖吗" in export.confirm_text.value and second[0].parent.name in export.confirm_text.value
    export.cancel_button.click()
    assert export.confirmation.layout.display == "none" and second[0].stat().st_mtime_ns == before
    export.export_button.click()
    export.thread.join(timeout=300)  # it only asked
    export.confirm_button.click()
    export.thread.join(timeout=300)
    assert not export.notice.is_error, export.notice.text
    assert export.result.files[0].parent == second[0].parent
    assert len(export.earlier_exports()) == 2  # overwritten, not a third folder
    assert export.overwrite.value is False  # the next export is a new folder again


# ---------------------------------------------------------------- import


def _returned_supervision_sheet(store, tmp_path) -> Path:
    path = tmp_path / "监督事项（报回）.xlsx"
    sheets.export(store, "supervision_item", path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header_row = next(r for r in range(1, 10) if any(c.value == "事项编号" for c in ws[r]))
    cols = {c.value: c.column for c in ws[header_row]}
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, cols["事项编号"]).value == "JD2026-03":
            ws.cell(r, cols["进展情况"]).value = "整改已完成，待验收。"
    wb.save(path)
    return path


def test_excel_import_previews_then_writes_on_confirm(editor, demo_store, tmp_path):
    path = _returned_supervision_sheet(demo_store, tmp_path)
    tab = editor.imports
    tab.kind.value = "supervision_item"
    upload(tab.sheet_upload, path)
    tab.sheet_preview_button.click()
    assert "修改 1 条" in tab.sheet_lines.value
    assert "整改已完成，待验收。" in tab.sheet_lines.value
    assert tab.sheet_confirm.disabled is False
    item = next(r for r in demo_store.rows("supervision_item") if r["code"] == "JD2026-03")
    assert item["progress"] != "整改已完成，待验收。"  # preview writes nothing
    tab.sheet_confirm.click()
    assert demo_store.get("supervision_item", item["id"])["progress"] == "整改已完成，待验收。"
    assert "已导入：新增 0 条，修改 1 条。" in tab.sheet_notice.text
    assert tab.sheet_confirm.disabled is True


def test_excel_import_with_a_bad_cell_names_it_and_writes_nothing(editor, demo_store, tmp_path):
    path = _returned_supervision_sheet(demo_store, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header_row = next(r for r in range(1, 10) if any(c.value == "状态" for c in ws[r]))
    status_col = next(c.column for c in ws[header_row] if c.value == "状态")
    ws.cell(header_row + 1, status_col).value = "快好了"
    wb.save(path)
    tab = editor.imports
    tab.kind.value = "supervision_item"
    upload(tab.sheet_upload, path)
    tab.sheet_preview_button.click()
    assert "快好了" in tab.sheet_lines.value
    before = demo_store.rows("supervision_item")
    tab.sheet_confirm.click()
    assert tab.sheet_notice.is_error and "未写入任何数据" in tab.sheet_notice.text
    assert demo_store.rows("supervision_item") == before


def test_excel_import_without_a_file_asks_for_one(editor):
    editor.imports.sheet_preview_button.click()
    assert editor.imports.sheet_notice.text == "请先点击“选择表格文件”选择要导入的文件。"


@pytest.mark.corpus
def test_plan_document_previewed_as_outline_then_stored(editor, demo_store):
    source = CORPUS / "work-plan-feixi-2023.txt"
    tab = editor.imports
    upload(tab.plan_upload, source)
    tab.plan_preview_button.click()
    assert not tab.plan_notice.is_error, tab.plan_notice.text
    outline = tab.plan_outline.value
    assert "2023年" in outline and "<li>1. " in outline
    assert "试导入" in outline
    assert not [w for w in demo_store.rows("work_plan") if w["year"] == 2023]  # not stored yet
    tab.plan_confirm.click()
    assert not tab.plan_notice.is_error, tab.plan_notice.text
    stored = [w for w in demo_store.rows("work_plan") if w["year"] == 2023]
    assert len(stored) == 1 and stored[0]["source_name"] == source.name
    assert tab.plan_confirm.disabled is True


def test_pasted_text_that_is_no_plan_is_refused(editor):
    tab = editor.imports
    tab.plan_text.value = "今天天气很好。\n明天也是。"
    tab.plan_preview_button.click()
    assert tab.plan_notice.is_error and tab.plan_confirm.disabled is True


def test_excel_import_takes_the_session_from_the_tab_when_the_workbook_does_not_say(editor, demo_store, tmp_path):
    from test_sheets_real_files import session_workbook

    path = tmp_path / "提案.xlsx"
    session_workbook(path, title=None, sheet="Sheet1")
    tab = editor.imports
    tab.kind.value = "proposal"
    upload(tab.sheet_upload, path)
    tab.sheet_preview_button.click()
    assert tab.sheet_notice.is_error and "届次会次" in tab.sheet_notice.text and tab.sheet_confirm.disabled
    tab.sheet_session.value = "十一届三次"
    tab.sheet_preview_button.click()
    assert "新增 25 条" in tab.sheet_lines.value and tab.sheet_confirm.disabled is False
    tab.sheet_confirm.click()
    got = {(r["term_no"], r["session_no"]) for r in demo_store.rows("proposal") if r["year"] == 2024}
    assert got == {(11, 3)}


def test_the_full_proposal_list_is_chosen_in_the_contents_and_exported_as_an_appendix(editor):
    contents = editor.contents
    contents.ensure()
    dropdown = contents.rule_choices["proposal_table"]
    label = "提案办理情况表列出尚未办结或逾期的提案，全部立案提案办理情况另列为附件。"
    assert (label, "all_filed") in dropdown.options
    body_rows = list(contents.packet.figures.proposals.table_case_nos)
    dropdown.value = "all_filed"
    contents.assemble_button.click()
    assert label in contents.card("proposals").rule.value
    figures = contents.packet.figures.proposals
    assert figures.table_case_nos == body_rows and len(figures.appendix_case_nos) == figures.filed

    editor.select("export")
    assert f"附件“2026年全部立案提案办理情况一览表” {figures.filed} 行" in editor.export.preview.value
    editor.export.export_button.click()
    editor.export.thread.join(timeout=300)
    assert not editor.export.notice.is_error, editor.export.notice.text
    proposals = next(f for f in editor.export.result.files if f.name.endswith("_关于2026年提案办理情况的报告.docx"))
    texts = [p.text for p in Document(proposals).paragraphs]
    assert "附件：2026年全部立案提案办理情况一览表" in texts
    assert texts[texts.index("附件") + 1] == "2026年全部立案提案办理情况一览表"
    assert len(Document(proposals).tables[-1].rows) == figures.filed + 1
