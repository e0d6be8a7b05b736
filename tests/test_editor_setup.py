"""The editor's 本会设置 tab and the meeting tab on a new office's store, driven without a browser."""

from __future__ import annotations

from helpers.stores import store_snapshot
from workbench.office import committee, meetings
from workbench.publish import export_packet
from workbench.store import Store
from workbench.ui.editor import PacketEditor


def set_up(ed: PacketEditor, county="白河县", term=11, start=2022) -> None:
    ed.setup.new_county.value = county
    ed.setup.first_term.value = term
    ed.setup.first_start.value = start
    ed.setup.create()


def test_editor_opens_on_an_empty_store_and_sets_up_the_committee(store):
    ed = PacketEditor(store)
    assert ed.tabs.titles[0] == "本会设置"
    assert "请先在“本会设置”页建立本会" in ed.heading.value
    assert ed.meeting.meeting is None and ed.meeting.create_button.disabled
    assert "本会设置" in ed.meeting.new_term.value
    # a county written as the committee's name is refused; nothing stored
    set_up(ed, county="政协白河县委员会")
    assert ed.setup.notice.is_error and "只写县的名称" in ed.setup.notice.text
    assert committee.profile(store) is None
    set_up(ed)
    assert "已建立政协白河县委员会第十一届" in ed.setup.notice.text
    # the meeting tab can now create the first meeting
    assert not ed.meeting.create_button.disabled and ed.meeting.new_term.value == "第十一届"
    assert ed.meeting.new_seq.value == 1
    assert "请先在“会议”页新建会议" in ed.heading.value


def test_setup_saves_contact_and_leaders_and_refuses_half_rows(store):
    ed = PacketEditor(store)
    set_up(ed)
    tab = ed.setup
    tab.fields["contact_person"].value = "陈秀梅"
    tab.fields["contact_phone"].value = "0000-7654321"
    tab.leader_rows[0].name.value = "吴振邦"
    tab.leader_rows[0].title.value = "主席"
    tab.leader_rows[1].name.value = "郑晓岚"  # no title
    before = store_snapshot(store)
    assert not tab.save()
    assert "本届领导第2行" in tab.notice.text and store_snapshot(store) == before
    tab.leader_rows[1].title.value = "副主席"
    assert tab.save(), tab.notice.text
    p = committee.profile(store)
    assert (p.contact_person, p.contact_phone) == ("陈秀梅", "0000-7654321")
    assert [(x.name, x.title) for x in p.leaders] == [("吴振邦", "主席"), ("郑晓岚", "副主席")]
    # a new meeting with no presider given is presided over by the chair
    ed.meeting.new_date.value = "2026-03-18"
    info = ed.meeting.create()
    assert info.presider == "吴振邦" and info.short_title == "十一届一次常委会议"


def test_two_secretaries_saving_setup_do_not_overwrite_each_other(workbench_env):
    with Store.open() as a_store, Store.open() as b_store:
        a, b = PacketEditor(a_store, actor="甲秘书"), PacketEditor(b_store, actor="乙秘书")
        set_up(a)
        b.setup.load()
        a.setup.fields["contact_person"].value = "陈秀梅"
        assert a.setup.save()
        b.setup.fields["contact_person"].value = "另一个人"
        assert not b.setup.save()
        assert b.setup.notice.is_error and "甲秘书" in b.setup.notice.text
        assert committee.profile(a_store).contact_person == "陈秀梅"
        # leaders changed by one are not overwritten by the other's stale page either
        b.setup.load()
        a.setup.load()
        b.setup.leader_rows[0].name.value, b.setup.leader_rows[0].title.value = "吴振邦", "主席"
        assert b.setup.save()
        a.setup.leader_rows[0].name.value, a.setup.leader_rows[0].title.value = "别人", "主席"
        assert not a.setup.save()
        assert "本届领导名单" in a.setup.notice.text and "乙秘书" in a.setup.notice.text
        assert committee.profile(a_store).leaders == (committee.Leader("吴振邦", "主席"),)


def test_term_changes_over_on_the_second_click(store):
    ed = PacketEditor(store)
    set_up(ed)
    ed.meeting.new_date.value = "2026-03-18"
    ed.meeting.create()
    ed.setup.next_term.value, ed.setup.next_start.value = 12, 2027
    ed.setup.start_button.click()
    assert committee.profile(store).term_no == 11 and "确认换届" in ed.setup.notice.text
    ed.setup.start_button.click()
    assert committee.profile(store).term_no == 12
    assert ed.meeting.new_term.value == "第十二届" and ed.meeting.new_seq.value == 1


def test_meeting_is_deleted_on_the_second_click_and_never_after_export(store, tmp_path):
    ed = PacketEditor(store)
    set_up(ed)
    for day in ("2026-03-18", "2026-06-17"):
        ed.meeting.new_date.value = day
        ed.meeting.create()
    assert ed.meeting.meeting.short_title == "十一届二次常委会议"
    ed.meeting.delete_button.click()
    assert len(store.rows("meeting")) == 2 and "确认删除" in ed.meeting.notice.text
    ed.meeting.delete_button.click()
    assert [m["seq_no"] for m in store.rows("meeting")] == [1]
    assert "已删除十一届二次常委会议" in ed.meeting.notice.text
    assert ed.meeting.meeting.short_title == "十一届一次常委会议"
    export_packet(store, meetings.resolve(store, "next"), tmp_path / "材料")
    before = store_snapshot(store)
    ed.meeting.delete_button.click()
    ed.meeting.delete_button.click()
    assert ed.meeting.notice.is_error and "会议材料已于" in ed.meeting.notice.text
    assert store_snapshot(store) == before
