"""签到 on the day, driven through the tab's own widgets over the demo county: a tick writes the member's
attendance at once and the quorum line follows; two tablets ticking the same member never overwrite each
other unseen; 签到结束 records the rest (请假 with the 回执's reason, else 无故缺席) only on the second click;
and the counts of `office.sign_in_day` against every expected member, not just the records made so far.
"""

from __future__ import annotations

import pytest

from workbench.office import figures, sign_in_day
from workbench.office.meetings import next_meeting, resolve
from workbench.store import entity, schema
from workbench.store.rows import Attendance, MeetingReply
from workbench.ui.editor import PacketEditor


@pytest.fixture
def meeting(demo_store):
    m = next_meeting(demo_store)
    assert m is not None and demo_store.select(Attendance, meeting_id=m.id) == []  # the day has not come yet
    return m


def _roster(store, meeting):
    return [m for _sector, members in sign_in_day.grouped(figures.standing_members(store, meeting.id)) for m in members]


def _leave_by_reply(store, meeting) -> dict[int, str | None]:
    return {r.member_id: r.reason for r in store.select(MeetingReply, meeting_id=meeting.id) if r.answer == "leave"}


def _tab(store, actor: str = "测试秘书"):
    editor = PacketEditor(store, actor=actor)
    editor.select("sign_in_day")
    return editor, editor.tab("sign_in_day")


def _stored(store, meeting) -> dict[int, Attendance]:
    return {r.member_id: r for r in store.select(Attendance, meeting_id=meeting.id)}


def test_the_counts_take_every_expected_member_and_the_replies_leave(demo_store, meeting):
    roster = _roster(demo_store, meeting)
    leave = _leave_by_reply(demo_store, meeting)
    assert len(roster) == 25 and len(leave) == 2  # the demo: two asked leave in their 回执
    day = sign_in_day.sign_in_day(demo_store, meeting)
    assert [m.member.id for m in day.members] == [m.id for m in roster]
    assert [g.sector for g in day.groups][:3] == ["经济界", "民盟", "教育界"]  # as the roster first names them
    assert day.sentence() == "应到25人，已签到0人，请假2人，未到23人；尚未过半数（还差13人）。"

    came = [m for m in roster if m.id not in leave][:12]
    one_on_leave = next(iter(leave))  # asked leave, came after all
    with demo_store.writer("测试") as w:
        for m in came:
            w.insert(entity("attendance"), {"meeting_id": meeting.id, "member_id": m.id, "state": "present"})
        w.insert(entity("attendance"), {"meeting_id": meeting.id, "member_id": one_on_leave, "state": "present"})
    day = sign_in_day.sign_in_day(demo_store, meeting)
    assert (day.expected, day.present, day.on_leave, day.missing) == (25, 13, 1, 11)
    assert day.quorum and day.still_needed == 0
    assert day.sentence() == "应到25人，已签到13人，请假1人，未到11人；已过半数，可以开会。"
    # The recorded figure counts only the records made so far: it is not the one to read out while ticking.
    assert figures.attendance_summary(demo_store, meeting.id).expected == 13

    closing = {m.member.id: (state, reason) for m, state, reason in day.closing()}
    other_leave = next(i for i in leave if i != one_on_leave)
    assert closing[other_leave] == ("on_leave", leave[other_leave]) and leave[other_leave]
    assert len(closing) == 12 and sum(1 for s, _r in closing.values() if s == "absent_unexcused") == 11


def test_a_tick_writes_attendance_at_once_and_the_quorum_line_follows(demo_store, meeting):
    editor, tab = _tab(demo_store)
    roster = [m for m in _roster(demo_store, meeting) if m.id not in _leave_by_reply(demo_store, meeting)]
    assert "尚未过半数（还差13人）" in tab.quorum.value
    for n, m in enumerate(roster[:12], start=1):
        tab.buttons[m.id].click()
        assert f"已签到{n}人" in tab.quorum.value
    assert "尚未过半数（还差1人）" in tab.quorum.value and "data-quorum='no'" in tab.quorum.value
    first = roster[0]
    assert tab.buttons[first.id].description == f"✓ {first.name}" and "wb-signin-ticked" in tab.buttons[first.id]._dom_classes
    stored = _stored(demo_store, meeting)
    assert set(stored) == {m.id for m in roster[:12]} and {r.state for r in stored.values()} == {"present"}
    assert stored[first.id].updated_by == "测试秘书"

    tab.buttons[roster[12].id].click()
    assert "已签到13人" in tab.quorum.value and "已过半数，可以开会。" in tab.quorum.value
    assert "data-quorum='yes'" in tab.quorum.value

    tab.buttons[first.id].click()  # a slip of the finger: touched again, the tick goes
    assert first.id not in _stored(demo_store, meeting)
    assert tab.buttons[first.id].description == first.name and "wb-signin-ticked" not in tab.buttons[first.id]._dom_classes
    assert "尚未过半数（还差1人）" in tab.quorum.value and tab.notice.text == f"已取消{first.name}的签到。"
    # The 出勤 tab, in the same window, follows without a restart: the member is not recorded again.
    att = editor.tab("attendance")
    row = next(r for r in att.grid.rows if r.member_id == first.id)
    assert row.id is None and row.fields["state"].value == "" and not row.has_pending()
    editor.undo()  # the tick's removal is one change: undone, the tick is back
    assert first.id in _stored(demo_store, meeting) and "已签到13人" in tab.quorum.value
    assert row.id == _stored(demo_store, meeting)[first.id].id and row.fields["state"].value == "出席"


def test_a_member_on_leave_by_reply_shows_the_reason_and_can_still_be_ticked(demo_store, meeting):
    _editor, tab = _tab(demo_store)
    member_id, reason = next(iter(_leave_by_reply(demo_store, meeting).items()))
    name = tab.day.member(member_id).member.name
    b = tab.buttons[member_id]
    assert b.description == f"{name}（请假：{reason}）" and "wb-signin-leave" in b._dom_classes
    b.click()
    assert b.description == f"✓ {name}" and "wb-signin-leave" not in b._dom_classes
    assert _stored(demo_store, meeting)[member_id].state == "present"
    assert "已签到1人，请假1人，未到23人" in tab.quorum.value


def test_two_tablets_ticking_the_same_member_do_not_overwrite_each_other(demo_store, meeting):
    _a_editor, a = _tab(demo_store, "甲秘书")
    _b_editor, b = _tab(demo_store, "乙秘书")  # opened before 甲's tick: still shows the member unticked
    member = _roster(demo_store, meeting)[0]
    a.buttons[member.id].click()
    b.buttons[member.id].click()
    stored = _stored(demo_store, meeting)[member.id]
    assert stored.state == "present" and stored.version == 1 and stored.updated_by == "甲秘书"
    assert b.notice.is_error and "甲秘书" in b.notice.text and "未写入" in b.notice.text and "已刷新" in b.notice.text
    assert b.buttons[member.id].description == f"✓ {member.name}"  # 乙's tablet now shows 甲's tick
    assert "已签到1人" in b.quorum.value

    # 甲 meanwhile corrects the member to 请假 on the 出勤 tab; 乙's stale untick must not delete it.
    with demo_store.writer("甲秘书") as w:
        w.update(entity("attendance"), stored.id, {"state": "on_leave", "reason": "临时公务"}, expected_version=1)
    b.buttons[member.id].click()
    kept = _stored(demo_store, meeting)[member.id]
    assert kept.state == "on_leave" and kept.reason == "临时公务"
    assert b.notice.is_error and "登记为“请假”" in b.notice.text and "甲秘书" in b.notice.text
    assert b.buttons[member.id].description == f"{member.name}（请假：临时公务）"


def test_signing_in_ends_recording_leave_with_the_replies_reason_and_the_rest_absent(demo_store, meeting):
    editor, tab = _tab(demo_store)
    leave = _leave_by_reply(demo_store, meeting)
    came = [m for m in _roster(demo_store, meeting) if m.id not in leave][:14]
    for m in came:
        tab.buttons[m.id].click()
    tab.finish_button.click()
    assert _stored(demo_store, meeting).keys() == {m.id for m in came}  # the first click only asks
    assert tab.finish_button.description == "确认登记" and "请假2人" in tab.notice.text and "无故缺席9人" in tab.notice.text
    tab.finish_button.click()
    stored = _stored(demo_store, meeting)
    assert len(stored) == 25
    assert {i: (stored[i].state, stored[i].reason) for i in leave} == {i: ("on_leave", r) for i, r in leave.items()}
    absent = [r for r in stored.values() if r.state == "absent_unexcused"]
    assert len(absent) == 9 and all(r.reason is None for r in absent)
    assert all(stored[m.id].state == "present" for m in came)
    assert "出勤" in tab.notice.text and "核对" in tab.notice.text and tab.finish_button.description == "签到结束，登记未到人员"
    assert "已签到14人，请假2人，未到9人；已过半数" in tab.quorum.value
    summary = figures.attendance_summary(demo_store, meeting.id)
    assert (summary.expected, summary.present, summary.on_leave, summary.absent_unexcused) == (25, 14, 2, 9)
    assert "实到 14 人" in editor.tab("attendance").summary.value

    tab.finish_button.click()  # nothing left to record
    assert "没有需要补登" in tab.notice.text and len(_stored(demo_store, meeting)) == 25
    editor.undo()  # the whole closing is one change
    assert len(_stored(demo_store, meeting)) == 14


def test_a_tick_between_the_two_clicks_makes_the_button_ask_again(demo_store, meeting):
    _editor, tab = _tab(demo_store)
    roster = _roster(demo_store, meeting)
    tab.finish_button.click()
    tab.buttons[roster[0].id].click()  # a late arrival: any tick puts the button back
    assert tab.finish_button.description == "签到结束，登记未到人员"
    tab.finish_button.click()
    with demo_store.writer("乙秘书") as w:  # another tablet ticks someone between the two clicks
        w.insert(entity("attendance"), {"meeting_id": meeting.id, "member_id": roster[1].id, "state": "present"})
    tab.finish_button.click()
    assert len(_stored(demo_store, meeting)) == 2 and tab.finish_button.description == "确认登记"
    assert "尚未签到的23人" in tab.notice.text
    tab.finish_button.click()
    assert len(_stored(demo_store, meeting)) == 25


def test_a_held_meeting_shows_its_recorded_attendance(demo_store):
    held = next(
        m for m in demo_store.rows("meeting") if m["status"] == "held" and demo_store.rows("attendance", meeting_id=m["id"])
    )
    meeting = resolve(demo_store, held["id"])
    _editor, tab = _tab(demo_store)
    tab.load(meeting)
    stored = _stored(demo_store, meeting)
    present = [i for i, r in stored.items() if r.state == "present"]
    assert present and all(tab.buttons[i].description.startswith("✓ ") for i in present)
    s = figures.attendance_summary(demo_store, meeting.id)
    assert f"已签到{s.present}人，请假{s.on_leave}人，未到{s.absent_unexcused}人" in tab.quorum.value


def test_without_standing_members_the_tab_points_to_the_import(demo_store, meeting):
    with demo_store.writer("测试") as w:
        w.conn.execute(schema.member.update().values(is_standing_member=False))
    _editor, tab = _tab(demo_store)
    assert tab.buttons == {} and "导入" in tab.empty.value and "常委名单" in tab.empty.value
    assert tab.quorum.value == "" and tab.finish_button.disabled
