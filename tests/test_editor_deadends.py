"""The editor's dead ends (issue 28): every field the check asks for can be filled where it points.

Driven as a secretary drives the editor: values typed into the widgets, buttons clicked,
then the store, the pre-export check and the packet read back.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as W
import pytest

from workbench.base import config
from workbench.drafts import agenda as agenda_draft
from workbench.drafts.blocks import Heading, Part, Table
from workbench.office import figures
from workbench.publish import check_packet
from workbench.ui.editor import PacketEditor
from workbench.ui.editor.parts.confirm import CONFIRM
from workbench.ui.editor.tabs import agenda as agenda_tab


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


# ---------------------------------------------------------------- 提案办理: 答复类别, 办理期限, 满意度


def reply_category_table(ed: PacketEditor) -> dict[str, str]:
    """The packet's 答复类别分布 as printed: category → count (合计 included)."""
    packet = check_packet(ed.session.store, ed.meeting.meeting).packet
    [doc] = [d for d in packet.documents if d.key == Part.PROPOSALS]
    at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text.endswith("答复类别分布"))
    table = next(b for b in doc.blocks[at:] if isinstance(b, Table))
    return {row[0]: row[1] for row in table.rows}


def _proposal_row(ed: PacketEditor, status: str, *, replied: bool):
    return next(
        r for r in ed.proposals.grid.rows if r.record["status"] == status and (r.record["replied_on"] is not None) == replied
    )


def test_proposal_tab_has_reply_category_due_date_and_satisfaction(editor):
    headers = [h.value for h in editor.proposals.grid.header.children]
    assert {"<b>答复类别</b>", "<b>办理期限</b>", "<b>满意度</b>", "<b>答复日期</b>"} <= set(headers)
    row = editor.proposals.grid.rows[0]
    assert row.fields["reply_category"].widget.options == tuple(config.labels()["reply_category"].labels)
    assert row.fields["satisfaction"].widget.options == tuple(config.labels()["satisfaction"].labels)


def test_a_reply_category_entered_on_the_tab_is_counted_in_the_packet(editor, demo_store):
    before = reply_category_table(editor)
    row = _proposal_row(editor, "handling", replied=False)
    row.fields["status"].value = "已答复"
    row.fields["replied_on"].value = "2026年12月1日"
    row.fields["reply_category"].value = "B"  # an alias the office types; stored as its code
    row.fields["satisfaction"].value = "基本满意"
    editor.proposals.grid.save_button.click()

    stored = demo_store.get("proposal", row.id)
    assert (stored["status"], stored["replied_on"], stored["reply_category"], stored["satisfaction"]) == (
        "replied",
        date(2026, 12, 1),
        "B",
        "basically_satisfied",
    )
    assert row.fields["reply_category"].value == "B类（列入计划拟解决）"
    after = reply_category_table(editor)
    b = config.labels()["reply_category"].label("B")
    assert int(after[b]) == int(before.get(b, "0")) + 1
    assert int(after["合计"]) == int(before["合计"]) + 1 > 1


def test_a_reply_category_outside_the_office_labels_is_refused(editor, demo_store):
    row = _proposal_row(editor, "replied", replied=True)
    row.fields["reply_category"].value = "D类"
    editor.proposals.grid.save_button.click()
    assert row.fields["reply_category"].error and "答复类别" in row.fields["reply_category"].error
    assert demo_store.get("proposal", row.id)["reply_category"] == row.record["reply_category"]


def test_a_status_contradicting_its_reply_date_is_said_beside_the_row(editor, demo_store):
    row = _proposal_row(editor, "handling", replied=False)
    assert row.warning.value == ""
    row.fields["status"].value = "已答复"  # said as soon as it is typed …
    assert "状态为“已答复”，但没有答复日期" in row.warning.value
    editor.proposals.grid.save_button.click()  # … and still after saving, and when the tab is shown again
    assert demo_store.get("proposal", row.id)["status"] == "replied"
    assert "没有答复日期" in row.warning.value
    fresh = PacketEditor(demo_store).proposals.grid.row(row.id)
    assert "状态为“已答复”，但没有答复日期" in fresh.warning.value

    row.fields["replied_on"].value = "2026-12-02"
    assert row.warning.value == ""

    other = _proposal_row(editor, "handling", replied=False)
    other.fields["replied_on"].value = "2026-11-28"
    assert "已填写答复日期（2026-11-28），状态却为“办理中”" in other.warning.value
    assert "请把状态改为“已答复”" in other.warning.value


def test_an_empty_due_date_shows_the_day_the_office_rule_gives(editor, demo_store):
    row = next(r for r in editor.proposals.grid.rows if r.record["assigned_on"] is not None)
    _clear(demo_store, "proposal", row.id, due_on=None)
    fresh = PacketEditor(demo_store).proposals.grid.row(row.id)
    months = config.labels().rule("proposal_due_months")
    expected = figures.add_months(row.record["assigned_on"], months)
    assert fresh.fields["due_on"].value == ""
    assert fresh.fields["due_on"].widget.placeholder == f"按交办日期计 {expected:%Y-%m-%d}"
    fresh.fields["due_on"].value = "2027-01-15"
    assert fresh.save() == "saved"
    assert demo_store.get("proposal", row.id)["due_on"] == date(2027, 1, 15)


# ---------------------------------------------------------------- 议程: from what 材料内容 shows


def _without_agenda(store, meeting_id: int) -> None:
    from workbench.store import entity

    with store.writer("测试") as w:
        for r in store.rows("agenda_item", meeting_id=meeting_id):
            w.delete(entity("agenda_item"), r["id"], expected_version=r["version"])


def test_the_agenda_tab_starts_from_what_the_contents_tab_shows(demo_store):
    meeting_id = PacketEditor(demo_store).meeting.meeting.id
    _without_agenda(demo_store, meeting_id)
    ed = PacketEditor(demo_store)
    tab = ed.agenda
    ed.select("contents")
    shown_in_contents = ed.contents.card(Part.AGENDA).summary.value
    expected = [i["text"] for i in ed.contents.packet.document(Part.AGENDA).context["items"]]
    assert expected[-2:] == ["审议有关人事事项", "听取关于县政协2026年工作要点落实情况的报告"]
    assert len(expected) == 5
    assert all(text in shown_in_contents for text in expected)
    assert tab.start.layout.display is None and tab.grid.records == []
    assert all(text in tab.proposal.value for text in expected)  # the same items, offered to keep

    tab.generate_button.click()
    stored = demo_store.rows("agenda_item", order_by="position", meeting_id=meeting_id)
    assert [agenda_draft.as_topic(r["title"]) for r in stored] == expected
    assert [r["source"] for r in stored][-2:] == ["personnel_change", "plan_item"]
    topics = {t["id"] for t in demo_store.rows("briefing_topic", meeting_id=meeting_id)}
    assert {r["source_id"] for r in stored if r["source"] == "briefing_topic"} == topics
    assert stored[3]["presenter"] == "县政协秘书长邵文博"
    assert tab.start.layout.display == "none" and len(tab.grid.records) == len(expected)
    assert tab.notice.text.startswith(f"已按材料内容生成议程 {len(expected)} 项")

    # edited once, here: the packet and the check follow the stored agenda
    row = tab.grid.rows[4]
    row.fields["title"].value = "书面审阅县政协2026年工作要点落实情况"
    tab.grid.save_button.click()
    kinds = {f.kind for f in check_packet(demo_store, ed.meeting.meeting).findings}
    assert not {"no_agenda", "briefing_not_on_agenda", "personnel_not_on_agenda"} & kinds
    items = check_packet(demo_store, ed.meeting.meeting).packet.document(Part.AGENDA).context["items"]
    assert items[4]["text"] == "书面审阅县政协2026年工作要点落实情况"

    ed.undo_button.click()  # the title edit
    ed.undo_button.click()  # the generated agenda, in one change
    assert demo_store.rows("agenda_item", meeting_id=meeting_id) == []
    assert tab.start.layout.display is None


def test_long_agenda_items_wrap_in_their_boxes(editor):
    row = editor.agenda.grid.rows[0]
    assert isinstance(row.fields["title"].widget, W.Textarea)
    assert "field-sizing: content" in agenda_tab.WRAP_CSS and "overflow-wrap: anywhere" in agenda_tab.WRAP_CSS
    assert "wb-agenda-tab" in editor.agenda.widget._dom_classes


def test_the_supervision_caption_follows_the_rows_it_counts(editor, demo_store):
    """Saving a 反馈材料收到日期 or 已办结 on an overdue item takes it out of the caption's count at once."""
    tab = editor.supervision
    tab.load(editor.meeting.meeting)
    overdue = [r for r in tab.grid.rows if r.record.get("days_overdue")]
    assert overdue, "示例数据中应有逾期的监督事项"
    before = tab.caption.value
    count = int(before.split("逾期未办结 ")[1].split(" 项")[0])
    assert count == len(overdue)
    row = overdue[0]
    row.fields["status"].value = "已办结"
    tab.grid.save_button.click()
    assert demo_store.get("supervision_item", row.record["id"])["status"] == "closed"
    assert f"逾期未办结 {count - 1} 项" in tab.caption.value
    flags = [r for r in tab.grid.rows if r.record.get("days_overdue")]
    assert len(flags) == count - 1  # the flags and the caption say the same
