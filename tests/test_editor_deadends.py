"""The editor's dead ends (issue 28): every field the check asks for can be filled where it points.

Driven as a secretary drives the editor: values typed into the widgets, buttons clicked,
then the store, the pre-export check and the packet read back.
"""

from __future__ import annotations

from datetime import date

import pytest

from workbench.publish import check_packet
from workbench.ui.editor import PacketEditor
from workbench.ui.editor.parts.confirm import CONFIRM


@pytest.fixture
def editor(demo_store):
    return PacketEditor(demo_store)


def _plan_row(ed: PacketEditor, number: int):
    return next(r for r in ed.plan.grid.rows if r.record["number"] == number)


def _findings(ed: PacketEditor, kind: str) -> list:
    return [f for f in check_packet(ed.session.store, ed.meeting.meeting).findings if f.kind == kind]


def _clear(store, table: str, record_id: int, **values) -> None:
    current = store.get(table, record_id)
    with store.writer("测试") as w:
        from workbench.store import entity

        w.update(entity(table), record_id, values, expected_version=current["version"])


# ---------------------------------------------------------------- 工作要点: 牵头 and 完成时限


def test_deadline_and_lead_asked_for_by_the_check_are_filled_on_the_plan_tab(demo_store):
    item = next(r for r in demo_store.rows("plan_item") if r["number"] == 5)
    _clear(demo_store, "plan_item", item["id"], deadline=None, owner=None)
    ed = PacketEditor(demo_store)
    [finding] = [f for f in _findings(ed, "owner_or_deadline_missing") if f.record.startswith("工作要点第5条")]
    assert "“工作要点”页" in finding.action and "完成时限" in finding.action

    headers = [h.value for h in ed.plan.grid.header.children]
    assert {"<b>完成时限</b>", "<b>牵头领导</b>", "<b>牵头委室</b>", "<b>责任人</b>"} <= set(headers)
    row = _plan_row(ed, 5)
    row.fields["deadline"].value = "2026年12月31日"
    row.fields["owner"].value = "李明"
    row.fields["lead_leader"].value = "周启明"
    row.fields["lead_committee"].value = "经济委员会"
    ed.plan.grid.save_button.click()

    stored = demo_store.get("plan_item", item["id"])
    assert (stored["deadline"], stored["owner"], stored["lead_leader"], stored["lead_committee"]) == (
        date(2026, 12, 31),
        "李明",
        "周启明",
        "经济委员会",
    )
    assert stored["updated_by"] == "测试秘书"
    assert not [f for f in _findings(ed, "owner_or_deadline_missing") if f.record.startswith("工作要点第5条")]
    assert row.fields["deadline"].value == "2026-12-31"


def test_a_bad_deadline_is_refused_beside_the_field(editor, demo_store):
    row = _plan_row(editor, 3)
    before = demo_store.get("plan_item", row.id)
    row.fields["deadline"].value = "年底前"
    editor.plan.grid.save_button.click()
    assert row.fields["deadline"].error and "完成时限" in row.fields["deadline"].error
    assert demo_store.get("plan_item", row.id) == before


def test_a_deadline_saved_by_a_colleague_meanwhile_is_a_conflict_not_an_overwrite(editor, demo_store):
    row = _plan_row(editor, 4)
    _clear(demo_store, "plan_item", row.id, deadline=date(2026, 11, 30))
    row.fields["deadline"].value = "2026-12-20"
    assert editor.plan.grid.save()["conflict"] == 1
    assert demo_store.get("plan_item", row.id)["deadline"] == date(2026, 11, 30)


# ---------------------------------------------------------------- 民主监督: 新增, 删除, 完成时限


def test_a_supervision_item_is_added_with_the_next_code_and_shown(editor, demo_store):
    tab = editor.supervision
    before = len(tab.grid.records)
    tab.form["topic"].value = "农村饮水安全巩固提升"
    tab.form["department"].value = "县水利局"
    tab.form["form"].value = "专项民主监督"
    tab.form["deadline"].value = "2026年12月31日"
    tab.add_button.click()

    assert tab.notice.text == "已新增监督事项 JD2026-15“农村饮水安全巩固提升”，状态为“未启动”。"
    [stored] = demo_store.rows("supervision_item", code="JD2026-15")
    assert (stored["department"], stored["form"], stored["deadline"], stored["status"]) == (
        "县水利局",
        "special_supervision",
        date(2026, 12, 31),
        "not_started",
    )
    assert len(tab.grid.records) == before + 1
    assert tab.grid.row(stored["id"]).fields["deadline"].value == "2026-12-31"
    assert all(f.value == "" for f in tab.form.values())  # the form is ready for the next one


def test_a_supervision_item_needs_topic_and_department(editor, demo_store):
    tab = editor.supervision
    before = demo_store.rows("supervision_item")
    tab.form["topic"].value = "食品安全"
    tab.add_button.click()
    assert tab.notice.is_error and "未新增" in tab.notice.text
    assert tab.form["department"].error == "“责任单位”为必填项，请填写。"
    assert demo_store.rows("supervision_item") == before


def test_a_supervision_item_is_deleted_on_the_second_click_and_undone(editor, demo_store):
    tab = editor.supervision
    row = next(r for r in tab.grid.rows if r.record["code"] == "JD2026-05")
    row.delete_button.widget.click()
    assert row.delete_button.widget.description == CONFIRM
    assert "将删除监督事项JD2026-05" in tab.notice.text and "确认删除" in tab.notice.text
    assert demo_store.rows("supervision_item", code="JD2026-05")  # one click deletes nothing

    row.delete_button.widget.click()
    assert not demo_store.rows("supervision_item", code="JD2026-05")
    assert "JD2026-05" not in [r["code"] for r in tab.grid.records]
    assert tab.notice.text.startswith("已删除监督事项JD2026-05")
    history = demo_store.rows("history", table_name="supervision_item", record_id=row.id)
    assert history[-1]["action"] == "delete" and history[-1]["actor"] == "测试秘书"

    editor.undo_button.click()
    assert demo_store.rows("supervision_item", code="JD2026-05")
    assert "JD2026-05" in [r["code"] for r in tab.grid.records]


def test_a_supervision_row_with_unsaved_edits_is_not_deleted(editor, demo_store):
    tab = editor.supervision
    row = next(r for r in tab.grid.rows if r.record["code"] == "JD2026-03")
    row.fields["progress"].value = "尚未保存的进展"
    assert not tab.delete(row.id)
    assert "未保存的修改" in tab.notice.text
    assert demo_store.rows("supervision_item", code="JD2026-03")


def test_the_supervision_deadline_the_check_asks_for_is_filled_on_the_tab(demo_store):
    [item] = demo_store.rows("supervision_item", code="JD2026-02")
    _clear(demo_store, "supervision_item", item["id"], deadline=None)
    ed = PacketEditor(demo_store)
    assert any(f.record.startswith("监督事项JD2026-02") for f in _findings(ed, "owner_or_deadline_missing"))
    row = ed.supervision.grid.row(item["id"])
    row.fields["deadline"].value = "2027-01-31"
    ed.supervision.grid.save_button.click()
    assert demo_store.get("supervision_item", item["id"])["deadline"] == date(2027, 1, 31)
    assert not any(f.record.startswith("监督事项JD2026-02") for f in _findings(ed, "owner_or_deadline_missing"))


def test_agenda_rows_are_deleted_only_on_the_second_click(editor, demo_store):
    tab = editor.agenda
    tab.new_title.value = "书面审阅县政协机关作风建设情况"
    tab.add_button.click()
    row = tab.grid.rows[-1]
    remove = next(w for w in row.line.children if getattr(w, "description", "") == "删除")
    remove.click()
    assert remove.description == CONFIRM and demo_store.rows("agenda_item", title="书面审阅县政协机关作风建设情况")
    remove.click()
    assert not demo_store.rows("agenda_item", title="书面审阅县政协机关作风建设情况")


# ---------------------------------------------------------------- an empty list says how to fill it


LIST_TABS = ("agenda", "personnel", "plan", "supervision", "briefings", "attendance", "proposals")


def test_every_empty_list_tab_says_how_to_add_or_import(store):
    ed = PacketEditor(store)  # an empty store: no plan, no items, no proposals yet
    shown = {key: ed.tab(key).grid.body.children[0].value for key in ("plan", "supervision", "proposals")}
    assert shown["supervision"] == "<i>还没有民主监督事项。点击“新增”逐条录入，或在“导入”页导入各单位报来的表格。</i>"
    assert "请在“导入”页导入工作要点文件" in shown["plan"] and "请在“导入”页导入提案办理情况表" in shown["proposals"]
    for key in LIST_TABS:
        text = ed.tab(key).grid.empty_text
        assert text.startswith(("还没有", "本次会议还没有")), (key, text)
        assert any(way in text for way in ("“导入”页", "“新增”", "在下方", "“按材料内容生成议程”")), (key, text)
