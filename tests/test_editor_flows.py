"""The secretaries' editor driven as a secretary drives it: set values in the widgets, click, read the store.

No browser: every tab is a plain class whose widgets hold values and whose buttons
can be clicked from Python.
"""

from __future__ import annotations

from datetime import date

import pytest

from workbench.office import figures, meetings
from workbench.store import Store
from workbench.ui.editor import PacketEditor


@pytest.fixture
def editor(demo_store):
    return PacketEditor(demo_store)


def plan_row(ed: PacketEditor, number: int):
    return next(r for r in ed.plan.grid.rows if r.record["number"] == number)


# ---------------------------------------------------------------- meeting


def test_opens_on_the_next_meeting_with_its_details(editor):
    assert editor.meeting.meeting.short_title == "十一届十八次常委会议"
    row = editor.meeting.details.rows[0]
    assert row.fields["held_on"].value == "2026-12-17"
    assert row.fields["venue"].value == "县政协机关三楼会议室"
    assert row.fields["status"].value == "筹备中"
    assert "正在准备" in editor.heading.value and "第十一届委员会常务委员会第十八次会议" in editor.heading.value


def test_meeting_date_venue_presider_are_saved(editor, demo_store):
    row = editor.meeting.details.rows[0]
    row.fields["held_on"].value = "2026年12月18日"
    row.fields["venue"].value = "县政协机关二楼会议室"
    row.fields["presider"].value = "韩雪梅"
    editor.meeting.details.save_button.click()
    stored = demo_store.get("meeting", editor.meeting.meeting.id)
    assert (stored["held_on"], stored["venue"], stored["presider"]) == (date(2026, 12, 18), "县政协机关二楼会议室", "韩雪梅")
    assert stored["updated_by"] == "测试秘书"
    assert "已保存 1 行" in editor.meeting.details.notice.text
    # the other tabs now judge "this quarter" by the new date, the figures still as of today (before it)
    prep = editor.session.preparation(editor.meeting.meeting)
    assert prep.day == date(2026, 12, 18) and editor.plan.as_of == prep.cut_off == min(date.today(), date(2026, 12, 18))


def test_create_next_meeting_with_suggested_number(editor, demo_store):
    panel = editor.meeting
    assert panel.new_term.value == "第十一届"
    assert panel.new_seq.value == 19
    panel.new_date.value = "2027-03-18"
    panel.new_venue.value = "县会议中心"
    panel.new_presider.value = "周启明"
    panel.create_button.click()
    created = meetings.resolve(demo_store, "十一届十九次常委会议")
    assert (created.held_on, created.venue, created.presider, created.status) == (
        date(2027, 3, 18),
        "县会议中心",
        "周启明",
        "planned",
    )
    assert panel.meeting.id == created.id and panel.chooser.value == created.id
    assert "已新建十一届十九次常委会议" in panel.notice.text
    assert panel.new_seq.value == 20  # the suggestion moves on
    assert editor.agenda.grid.rows == []  # the tabs follow the new meeting


def test_choosing_another_meeting_reloads_the_tabs(editor, demo_store):
    first = meetings.resolve(demo_store, "十一届十五次常委会议")
    editor.meeting.chooser.value = first.id
    assert editor.agenda.meeting.id == first.id
    assert editor.agenda.titles[0] == "县人民政府关于一季度经济运行情况的通报"
    assert all(r.record["meeting_id"] == first.id for r in editor.briefings.grid.rows)


def test_existing_meeting_number_is_refused(editor, demo_store):
    editor.meeting.new_seq.value = 18
    editor.meeting.create_button.click()
    assert editor.meeting.notice.is_error and "十一届十八次常委会议已经存在" in editor.meeting.notice.text
    assert len(meetings.list_meetings(demo_store, kind="standing_committee_meeting")) == 4


# ---------------------------------------------------------------- validation


def test_unknown_status_shows_red_message_and_is_not_saved(editor, demo_store):
    row = plan_row(editor, 2)
    before = demo_store.get("plan_item", row.id)
    row.fields["status"].value = "差不多了"
    assert (
        row.fields["status"].error
        == "“状态”：“差不多了”不是有效的工作要点状态，可用的值为：未启动、推进中、已完成、进展滞后、已调整/取消。"
    )
    assert "#c0392b" in row.fields["status"].message.value and "差不多了" in row.fields["status"].message.value
    editor.plan.grid.save_button.click()
    assert demo_store.get("plan_item", row.id) == before
    assert editor.plan.grid.notice.is_error and "1 行有填写错误未保存" in editor.plan.grid.notice.text
    assert "未保存" in row.notice.text


def test_bad_date_shows_red_message_and_nothing_of_the_row_is_saved(editor, demo_store):
    row = plan_row(editor, 2)
    notes_before = len(demo_store.rows("progress_note", plan_item_id=row.id))
    row.fields["owner"].value = "新责任人"
    row.note_date.value = "2026-11-31"
    row.note_text.value = "召开推进会"
    assert "“日期”：“2026-11-31”不是有效的日期" in row.note_date.error
    editor.plan.grid.save_button.click()
    assert demo_store.get("plan_item", row.id)["owner"] != "新责任人"
    assert len(demo_store.rows("progress_note", plan_item_id=row.id)) == notes_before
    # corrected, it saves
    row.note_date.value = "2026/11/20"
    assert row.note_date.error is None and row.note_date.message.value == ""
    editor.plan.grid.save_button.click()
    assert demo_store.get("plan_item", row.id)["owner"] == "新责任人"


def test_status_alias_is_accepted_and_stored_as_code(editor, demo_store):
    row = next(r for r in editor.supervision.grid.rows if r.record["code"] == "JD2026-02")
    row.fields["status"].value = "办结销号"
    assert row.fields["status"].error is None
    editor.supervision.grid.save_button.click()
    assert demo_store.get("supervision_item", row.id)["status"] == "closed"
    assert row.fields["status"].value == "已办结"


def test_required_field_left_empty_is_refused(editor, demo_store):
    row = editor.agenda.grid.rows[0]
    title = row.record["title"]
    row.fields["title"].value = "  "
    assert row.fields["title"].error == "“议程内容”为必填项，请填写。"
    editor.agenda.grid.save_button.click()
    assert demo_store.get("agenda_item", row.id)["title"] == title


# ---------------------------------------------------------------- plan items


def test_progress_note_status_and_owner_are_saved_together(editor, demo_store):
    row = plan_row(editor, 5)
    before = len(row.item.notes_this_quarter)
    row.fields["status"].value = "进展滞后"
    row.fields["owner"].value = "张建国"
    row.note_date.value = "2026-11-20"
    row.note_text.value = "第四季度：完成专题调研报告初稿。"
    editor.plan.grid.save_button.click()
    item = demo_store.get("plan_item", row.id)
    assert (item["status"], item["owner"]) == ("lagging", "张建国")
    notes = demo_store.rows("progress_note", plan_item_id=row.id)
    assert notes[-1]["noted_on"] == date(2026, 11, 20)
    assert notes[-1]["text"] == "第四季度：完成专题调研报告初稿。"
    assert notes[-1]["author"] == "测试秘书"
    assert row.note_text.value == ""  # ready for the next note
    assert f"本季度已填报 {before + 1} 条" in row.summary.value
    state = next(i for i in figures.plan_items(demo_store, date(2026, 12, 17)) if i.id == row.id)
    assert "第四季度：完成专题调研报告初稿。" in [n["text"] for n in state.notes_this_quarter]


def test_only_items_without_update_this_quarter(editor):
    total = len(editor.plan.grid.rows)
    editor.plan.only_without_update.value = True
    shown = len(editor.plan.grid.body.children)
    assert 0 < shown < total
    editor.plan.only_without_update.value = False
    assert len(editor.plan.grid.body.children) == total


def test_default_note_date_is_today_within_the_meeting_period(demo_store):
    from workbench.office.preparation import prepare

    # 十一届十八次 (2026-12-17) follows 十一届十七次 (2026-09-24): its period is 9月25日 to 12月17日.
    prep = prepare(demo_store, meetings.resolve(demo_store, "next"), today=date(2026, 11, 21))
    assert prep.default_date(date(2026, 11, 21)) == date(2026, 11, 21)
    assert prep.default_date(date(2027, 1, 5)) == date(2026, 12, 17)
    assert prep.default_date(date(2026, 9, 1)) == date(2026, 9, 25)


# ---------------------------------------------------------------- agenda


def test_agenda_add_reorder_set_presenter_remove(editor, demo_store):
    tab = editor.agenda
    meeting_id = tab.meeting.id
    tab.new_title.value = "协商讨论县政协2027年度协商计划（草案）"
    tab.new_presenter.value = "县政协副主席韩雪梅"
    tab.add_button.click()
    stored = demo_store.rows("agenda_item", order_by="position", meeting_id=meeting_id)
    assert [r["title"] for r in stored][-1] == "协商讨论县政协2027年度协商计划（草案）"
    assert stored[-1]["position"] == 5 and stored[-1]["source"] == "manual"

    new_id = stored[-1]["id"]
    tab.grid.row(new_id).line.children[-3].click()  # 上移
    order = [r["id"] for r in demo_store.rows("agenda_item", order_by="position", meeting_id=meeting_id)]
    assert order.index(new_id) == 3
    assert [r["position"] for r in demo_store.rows("agenda_item", order_by="position", meeting_id=meeting_id)] == [1, 2, 3, 4, 5]

    first = tab.grid.rows[0]
    first.fields["presenter"].value = "县人民政府副县长王立民"
    tab.grid.save_button.click()
    assert demo_store.get("agenda_item", first.id)["presenter"] == "县人民政府副县长王立民"

    removed = tab.grid.rows[1]
    removed.line.children[-1].click()  # 删除: the first click only asks
    assert removed.line.children[-1].description == "确认删除" and "确需删除" in tab.notice.text
    assert removed.id in [r["id"] for r in demo_store.rows("agenda_item", meeting_id=meeting_id)]
    removed.line.children[-1].click()  # 确认删除
    left = demo_store.rows("agenda_item", order_by="position", meeting_id=meeting_id)
    assert removed.id not in [r["id"] for r in left]
    assert [r["position"] for r in left] == [1, 2, 3, 4]
    assert tab.notice.text.startswith("已删除议程")


def test_agenda_reorder_refused_while_edits_unsaved(editor, demo_store):
    tab = editor.agenda
    tab.grid.rows[0].fields["title"].value = "改了还没保存"
    tab.move(tab.grid.rows[1].id, -1)
    assert tab.notice.is_error and "未保存的修改" in tab.notice.text
    assert demo_store.get("agenda_item", tab.grid.rows[0].id)["title"] != "改了还没保存"


# ---------------------------------------------------------------- supervision and briefings


def test_supervision_reporter_status_feedback(editor, demo_store):
    row = next(r for r in editor.supervision.grid.rows if r.record["code"] == "JD2026-07")
    assert "逾期" in row.cells[3].value
    row.fields["leader"].value = "钟立华"
    row.fields["status"].value = "进展滞后"
    row.fields["feedback_received_on"].value = "2026-11-18"
    editor.supervision.grid.save_button.click()
    stored = demo_store.get("supervision_item", row.id)
    assert (stored["leader"], stored["status"], stored["feedback_received_on"]) == ("钟立华", "lagging", date(2026, 11, 18))


def test_briefing_reporter_status_materials_received(editor, demo_store):
    row = next(r for r in editor.briefings.grid.rows if r.record["status"] == "planned")
    row.fields["reporter"].value = "杜振华"
    row.fields["materials_received_on"].value = "2026-12-08"
    row.fields["status"].value = "材料已交"
    editor.briefings.grid.save_button.click()
    stored = demo_store.get("briefing_topic", row.id)
    assert (stored["reporter"], stored["materials_received_on"], stored["status"]) == (
        "杜振华",
        date(2026, 12, 8),
        "materials_received",
    )


def test_briefing_topic_added_to_meeting(editor, demo_store):
    tab = editor.briefings
    tab.new_topic.value = "关于全县安全生产形势的通报"
    tab.new_body.value = "县应急管理局"
    tab.new_reporter.value = "曹立新"
    tab.new_title.value = "局长"
    tab.new_due.value = "2026-12-10"
    tab.add_button.click()
    added = [t for t in figures.briefing_topics(demo_store, tab.meeting.id) if t["topic"] == "关于全县安全生产形势的通报"]
    assert added and added[0]["code"] == "TB2026-13" and added[0]["status"] == "planned"
    assert added[0]["materials_due_on"] == date(2026, 12, 10)


# ---------------------------------------------------------------- attendance


def test_attendance_for_a_new_meeting(editor, demo_store):
    tab = editor.attendance
    meeting_id = tab.meeting.id
    assert demo_store.rows("attendance", meeting_id=meeting_id) == []
    assert "应到 25 人；本次会议尚未登记出勤情况" in tab.summary.value  # no "未过半数" alarm before the meeting
    tab.grid.rows[0].fields["state"].value = "请假"
    tab.grid.rows[0].fields["reason"].value = "外出学习"
    tab.grid.rows[1].fields["state"].value = "缺席"
    tab.fill_button.click()
    assert tab.grid.rows[2].fields["state"].value == "出席"
    assert "已将 23 人设为出席" in tab.grid.notice.text
    tab.grid.save_button.click()
    stored = {r["member_id"]: r for r in demo_store.rows("attendance", meeting_id=meeting_id)}
    assert len(stored) == 25
    first, second = tab.grid.rows[0], tab.grid.rows[1]
    assert stored[first.member_id]["state"] == "on_leave" and stored[first.member_id]["reason"] == "外出学习"
    assert stored[second.member_id]["state"] == "absent_unexcused"
    assert "应到 25 人，实到 23 人，请假 1 人，无故缺席 1 人；实到人数已过半数" in tab.summary.value
    # a recorded state can be changed but not emptied
    first.fields["state"].value = "出席"
    second.fields["state"].value = ""
    tab.grid.save_button.click()
    assert demo_store.get("attendance", first.id)["state"] == "present"
    assert demo_store.get("attendance", second.id)["state"] == "absent_unexcused"
    assert second.fields["state"].error == "“出勤情况”为必填项，请填写。"


def test_attendance_shows_absences_near_the_rule(editor, demo_store):
    editor.meeting.chooser.value = meetings.resolve(demo_store, "十一届十七次常委会议").id
    texts = [r.cells[3].value for r in editor.attendance.grid.rows]
    assert any("2 次（已达通报条件）" in t for t in texts)


# ---------------------------------------------------------------- undo


def test_undo_reverts_the_last_save(editor, demo_store):
    row = plan_row(editor, 3)
    old = demo_store.get("plan_item", row.id)
    notes = len(demo_store.rows("progress_note", plan_item_id=row.id))
    row.fields["status"].value = "已完成"
    row.note_text.value = "已全部完成。"
    editor.plan.grid.save_button.click()
    assert demo_store.get("plan_item", row.id)["status"] == "done"
    editor.undo_button.click()
    assert demo_store.get("plan_item", row.id)["status"] == old["status"]
    assert len(demo_store.rows("progress_note", plan_item_id=row.id)) == notes
    assert editor.notice.text.startswith("已撤销“修改工作要点条目第3条")
    assert plan_row(editor, 3).fields["status"].value == shown_status(old["status"])  # the tab reloaded
    editor.undo_button.click()
    assert editor.notice.is_error and editor.notice.text == "本次编辑还没有可以撤销的修改。"


def shown_status(code):
    from workbench.base import config

    return config.labels()["plan_item_status"].label(code)


def test_undo_never_reverts_a_colleagues_later_edit(editor, demo_store):
    row = plan_row(editor, 4)
    row.fields["owner"].value = "我改的"
    editor.plan.grid.save_button.click()
    other = Store.open(demo_store.url)
    try:
        current = other.get("plan_item", row.id)
        other.update("plan_item", row.id, {"owner": "同事改的"}, expected_version=current["version"], actor="李秘书")
    finally:
        other.close()
    editor.undo_button.click()
    assert editor.notice.is_error and "已被 李秘书 再次修改" in editor.notice.text
    assert demo_store.get("plan_item", row.id)["owner"] == "同事改的"


# ---------------------------------------------------------------- conflicts


@pytest.fixture
def two_editors(demo_store):
    """Two secretaries, each with their own store connection and editor, on the same data."""
    other_store = Store.open(demo_store.url)
    mine = PacketEditor(demo_store, actor="王秘书")
    theirs = PacketEditor(other_store, actor="李秘书")
    yield mine, theirs
    other_store.close()


def _save_conflicting_status(mine, theirs, code="JD2026-01"):
    my_row = next(r for r in mine.supervision.grid.rows if r.record["code"] == code)
    their_row = next(r for r in theirs.supervision.grid.rows if r.record["code"] == code)
    their_row.fields["status"].value = "进展滞后"
    their_row.fields["progress"].value = "整改方案尚未报送。"
    theirs.supervision.grid.save_button.click()
    my_row.fields["status"].value = "已办结"
    mine.supervision.grid.save_button.click()
    return my_row


def test_conflict_shows_who_changed_what(two_editors, demo_store):
    mine, theirs = two_editors
    row = _save_conflicting_status(mine, theirs)
    assert row.conflict.visible and row.conflict.widget.layout.display == "flex"
    text = row.conflict.message.value
    assert "已被 李秘书" in text and "您的修改未保存" in text
    assert "状态：" in text and "→ 进展滞后（李秘书" in text
    assert "进展情况：" in text and "整改方案尚未报送。" in text
    assert demo_store.get("supervision_item", row.id)["status"] == "lagging"
    assert "1 行已被他人修改" in mine.supervision.grid.notice.text


def test_conflict_keep_mine_reapplies_on_the_current_version(two_editors, demo_store):
    mine, theirs = two_editors
    row = _save_conflicting_status(mine, theirs)
    row.conflict.keep_mine.click()
    stored = demo_store.get("supervision_item", row.id)
    assert stored["status"] == "closed"  # mine
    assert stored["progress"] == "整改方案尚未报送。"  # their other change is kept
    assert stored["updated_by"] == "王秘书"
    assert not row.conflict.visible and row.version == stored["version"]


def test_conflict_keep_theirs_reloads(two_editors, demo_store):
    mine, theirs = two_editors
    row = _save_conflicting_status(mine, theirs)
    row.conflict.keep_theirs.click()
    stored = demo_store.get("supervision_item", row.id)
    assert stored["status"] == "lagging" and stored["updated_by"] == "李秘书"
    assert row.fields["status"].value == "进展滞后"
    assert row.fields["progress"].value == "整改方案尚未报送。"
    assert "已采用 李秘书 的修改" in row.notice.text
    # the row now edits the current version without a second conflict
    row.fields["leader"].value = "邵文博"
    mine.supervision.grid.save_button.click()
    assert demo_store.get("supervision_item", row.id)["leader"] == "邵文博"


def test_conflict_on_plan_row_keeps_the_note_with_the_save(two_editors, demo_store):
    mine, theirs = two_editors
    my_row, their_row = plan_row(mine, 6), plan_row(theirs, 6)
    notes = len(demo_store.rows("progress_note", plan_item_id=my_row.id))
    their_row.fields["owner"].value = "李秘书填的"
    theirs.plan.grid.save_button.click()
    my_row.fields["status"].value = "推进中"
    my_row.fields["owner"].value = "王秘书填的"
    my_row.note_text.value = "已召开推进会。"
    mine.plan.grid.save_button.click()
    assert my_row.conflict.visible
    assert len(demo_store.rows("progress_note", plan_item_id=my_row.id)) == notes  # nothing half-written
    my_row.conflict.keep_mine.click()
    assert demo_store.get("plan_item", my_row.id)["owner"] == "王秘书填的"
    assert demo_store.rows("progress_note", plan_item_id=my_row.id)[-1]["text"] == "已召开推进会。"


def test_a_store_that_cannot_be_opened_is_explained_without_a_traceback(workbench_env, tmp_path, monkeypatch):
    bad = tmp_path / "不是数据库.sqlite"
    bad.write_text("这不是数据库", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_DB_URL", f"sqlite:///{bad}")
    ed = PacketEditor()
    assert ed.error and "不是工作台数据库" in ed.error
    assert "无法打开工作台数据" in ed.widget.value and "Traceback" not in ed.widget.value
