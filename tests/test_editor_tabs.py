"""The editor's tabs: how they join the editor, and how they follow each other's changes.

Tabs register themselves (`workbench/ui/editor/tabs.py`); the edit session announces every
change (`EditSession.on_data_changed`), so after an Excel import the other tabs show the new
and changed rows at once, and a save on them never meets a false conflict.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import ipywidgets as W
import openpyxl
import pytest

from workbench import sheets
from workbench.office import figures
from workbench.ui.editor import PacketEditor
from workbench.ui.editor.tabs import registry as editor_tabs


@pytest.fixture
def editor(demo_store):
    return PacketEditor(demo_store)


def upload(widget, path: Path) -> None:
    data = path.read_bytes()
    widget.value = (
        {"name": path.name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": datetime.now()},
    )


def test_tabs_come_from_their_registrations_in_order(editor):
    assert editor.tabs.titles[:3] == ("本会设置", "会议", "材料内容")
    assert editor.tabs.titles[-6:] == ("导入", "导出", "筹备日程", "函件", "测评", "检索")
    assert {"工作要点", "议程", "出勤", "民主监督", "情况通报"} <= set(editor.tabs.titles)
    assert editor.tab("plan") is editor.plan


def test_a_new_tab_module_joins_without_touching_the_app(demo_store):
    @editor_tabs.tab("notes_for_test", "测试页", order=85)
    class NotesTab:
        def __init__(self, session):
            self.widget = W.HTML("测试")
            self.loaded, self.opened_times = [], 0

        def load(self, meeting):
            self.loaded.append(meeting.short_title if meeting else None)

        def opened(self):
            self.opened_times += 1

    try:
        ed = PacketEditor(demo_store)
        titles = list(ed.tabs.titles)
        assert titles.index("测试页") == titles.index("导入") + 1  # order 85: between 导入 and 导出
        assert ed.notes_for_test.loaded == ["十一届十八次常委会议"]
        ed.select("notes_for_test")
        assert ed.notes_for_test.opened_times == 1
    finally:
        editor_tabs.REGISTRY.pop("notes_for_test")


def _supervision_sheet_with_a_new_item(store, tmp_path) -> Path:
    path = tmp_path / "监督事项（报回）.xlsx"
    sheets.export(store, "supervision_item", path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header_row = next(r for r in range(1, 10) if any(c.value == "事项编号" for c in ws[r]))
    cols = {c.value: c.column for c in ws[header_row]}
    last = ws.max_row
    for r in range(header_row + 1, last + 1):
        if ws.cell(r, cols["事项编号"]).value == "JD2026-03":
            ws.cell(r, cols["进展情况"]).value = "整改已完成，待验收。"
    for c in range(1, ws.max_column + 1):  # a new item: a copy of the last with its own code
        ws.cell(last + 1, c).value = ws.cell(last, c).value
    ws.cell(last + 1, cols["事项编号"]).value = "JD2026-99"
    ws.cell(last + 1, cols["监督事项"]).value = "农村饮水安全巩固提升"
    wb.save(path)
    return path


def test_after_an_import_the_other_tabs_show_the_new_rows_without_false_conflicts(editor, demo_store, tmp_path):
    sup = editor.supervision
    before = len(sup.grid.records)
    changed = next(r for r in sup.grid.rows if r.record["code"] == "JD2026-03")
    old_version = changed.version

    tab = editor.imports
    tab.kind.value = "supervision_item"
    upload(tab.sheet_upload, _supervision_sheet_with_a_new_item(demo_store, tmp_path))
    tab.sheet_preview_button.click()
    tab.sheet_confirm.click()
    assert "新增 1 条，修改 1 条" in tab.sheet_notice.text

    assert len(sup.grid.records) == before + 1
    assert "JD2026-99" in [r["code"] for r in sup.grid.records]
    assert changed.version > old_version
    assert changed.fields["progress"].value == "整改已完成，待验收。"
    changed.fields["leader"].value = "周副主席"  # a save on the imported row is no conflict
    assert sup.grid.save()["saved"] == 1
    assert demo_store.get("supervision_item", changed.id)["leader"] == "周副主席"


def test_rows_being_edited_are_kept_when_another_tab_changes_the_store(editor, demo_store):
    row = next(r for r in editor.supervision.grid.rows if r.record["code"] == "JD2026-01")
    row.fields["progress"].value = "尚未保存的进展"
    editor.session.data_changed({"supervision_item"}, "import")
    assert editor.supervision.grid.row(row.id) is row
    assert row.fields["progress"].value == "尚未保存的进展"


def test_a_row_error_goes_once_the_field_is_corrected(editor):
    row = next(r for r in editor.plan.grid.rows if r.record["number"] == 2)
    row.fields["status"].value = "差不多了"
    editor.plan.grid.save_button.click()
    assert row.notice.is_error and row.fields["status"].error
    row.fields["status"].value = "推进中"
    assert row.fields["status"].error is None
    assert row.notice.text == ""


def test_two_undos_in_a_row_go_back_through_ones_own_history(editor, demo_store):
    row = next(r for r in editor.plan.grid.rows if r.record["number"] == 4)
    original = demo_store.get("plan_item", row.id)["owner"]
    for owner in ("第一次", "第二次"):
        row.fields["owner"].value = owner
        editor.plan.grid.save_button.click()
    assert demo_store.get("plan_item", row.id)["owner"] == "第二次"
    editor.undo_button.click()
    assert not editor.notice.is_error, editor.notice.text
    assert demo_store.get("plan_item", row.id)["owner"] == "第一次"
    editor.undo_button.click()
    assert not editor.notice.is_error, editor.notice.text
    assert demo_store.get("plan_item", row.id)["owner"] == original
    assert editor.plan.grid.row(row.id).fields["owner"].value == (original or "")


def test_after_ones_own_undo_a_colleagues_edit_still_blocks_naming_them(editor, demo_store):
    from workbench.store import Store

    row = next(r for r in editor.plan.grid.rows if r.record["number"] == 6)
    for owner in ("第一次", "第二次"):
        row.fields["owner"].value = owner
        editor.plan.grid.save_button.click()
    editor.undo_button.click()
    other = Store.open(demo_store.url)
    try:
        current = other.get("plan_item", row.id)
        other.update("plan_item", row.id, {"owner": "同事改的"}, expected_version=current["version"], actor="李秘书")
    finally:
        other.close()
    editor.undo_button.click()
    assert editor.notice.is_error and "已被 李秘书 再次修改" in editor.notice.text
    assert demo_store.get("plan_item", row.id)["owner"] == "同事改的"


def grow_proposals(store, total: int = 300) -> None:
    """Copies of the demo's proposals under new case numbers, up to `total` for the year."""
    rows = store.rows("proposal")
    keep = ("id", "version", "updated_at", "updated_by")
    next_no = max(r["case_no"] for r in rows) + 1
    with store.writer("测试") as w:
        from workbench.store import entity

        w.insert_many(
            entity("proposal"),
            [
                {
                    **{k: v for k, v in rows[n % len(rows)].items() if k not in keep},
                    "case_no": next_no + n,
                    "title": f"关于第{next_no + n}号事项的建议",
                }
                for n in range(total - len(rows))
            ],
        )


def test_300_proposals_are_searched_filtered_and_paged(demo_store):
    grow_proposals(demo_store)
    ed = PacketEditor(demo_store)
    grid = ed.proposals.grid
    assert len(grid.records) == 300
    assert len(grid.body.children) == 25 and "共 300 条，第 1/12 页" in grid.count.value
    assert len(grid._built) == 25  # rows are built only for the page shown
    grid.next_button.click()
    assert "第 2/12 页" in grid.count.value and grid.shown_rows[0].record["case_no"] == 26

    grid.search.value = "第233号"
    assert [r.record["case_no"] for r in grid.shown_rows] == [233]
    assert "找到 1 条（共 300 条）" in grid.count.value and grid.page == 0
    grid.search.value = ""

    overdue = next(dd for dd in grid.filter_boxes if dd.description == "逾期")
    overdue.value = "逾期"
    late = grid.matching()
    assert late and all(r["days_overdue"] > 0 for r in late)
    unit = next(dd for dd in grid.filter_boxes if dd.description == "主办单位")
    unit.value = late[0]["lead_unit"]
    assert grid.matching() and all(r["lead_unit"] == late[0]["lead_unit"] and r["days_overdue"] for r in grid.matching())

    row = grid.shown_rows[0]  # an edit survives paging and searching away
    row.fields["handling_note"].value = "已约谈主办单位，督促答复。"
    unit.value = "全部"
    overdue.value = "全部"
    grid.go(5)
    assert grid.save()["saved"] == 1
    assert demo_store.get("proposal", row.id)["handling_note"] == "已约谈主办单位，督促答复。"


def test_plan_items_filtered_by_section_owner_and_overdue(editor):
    grid = editor.plan.grid
    titles = [dd.description for dd in grid.filter_boxes]
    assert titles == ["部分", "状态", "责任人", "本季度", "逾期"]
    section = grid.filter_boxes[0]
    section.value = section.options[1]
    assert grid.matching() and all(f"{r['section_number']}. {r['section_title']}" == section.value for r in grid.matching())
    section.value = "全部"
    overdue = grid.filter_boxes[4]
    overdue.value = "逾期"
    late = {
        i.id for i, _days in figures.overdue_plan_items(figures.plan_items(editor.store, editor.plan.as_of), editor.plan.as_of)
    }
    assert late and {r["id"] for r in grid.matching()} == late


def test_a_refused_value_in_one_row_does_not_disturb_saving_another(editor, demo_store):
    grid = editor.plan.grid
    bad = next(r for r in grid.rows if r.record["number"] == 4)
    good = next(r for r in grid.rows if r.record["number"] == 5)
    bad.fields["status"].value = "差不多了"
    good.fields["status"].value = "进展滞后"
    good.note_text.value = "第四季度：召开推进会。"
    outcome = grid.save()
    assert outcome["saved"] == 1 and outcome["invalid"] == 1
    assert grid.notice.text == "已保存 1 行；1 行有填写错误未保存。"
    assert bad.fields["status"].value == "差不多了"  # kept as typed, with its red message
    assert demo_store.get("plan_item", good.id)["status"] == "lagging"
