"""归档 and 更正: a held meeting archived on the command line; from then on every way of writing to its
records (the editor's tabs, an import, the command line) is refused without a 更正, except the 督办 of its
decisions; a 更正 started on the 会议 tab with its reason lets a change through and keeps the reason in
the history; a meeting not yet held cannot be archived; a new meeting starts from the last one's details."""

from __future__ import annotations

import openpyxl

from workbench.office import figures, meetings
from workbench.store.rows import Attendance, Decision, HistoryEntry
from workbench.ui.editor import PacketEditor

SEPTEMBER = "十一届十七次常委会议"


def _attendance_sheet(path, meeting: str, name: str):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["会议", "姓名", "出勤情况", "请假事由"])
    ws.append([meeting, name, "请假", "因病"])
    wb.save(path)
    return path


def test_an_archived_meeting_refuses_silent_edits_and_a_correction_keeps_its_reason(demo_store, cli, tmp_path):
    result = cli("meeting", "archive", SEPTEMBER)
    assert result.code == 0 and "已将十一届十七次常委会议归档" in result.out, result.err
    meeting = meetings.resolve(demo_store, SEPTEMBER)
    assert meeting.archived_on is not None
    present = next(a for a in demo_store.select(Attendance, meeting_id=meeting.id) if a.state == "present")
    member = figures.standing_members(demo_store, meeting.id)
    name = next(m.name for m in member if m.id == present.member_id)

    # The command line and an import are refused whole, naming why and how to correct.
    edited = cli("meeting", "edit", SEPTEMBER, "--venue", "县政协二楼会议室")
    assert edited.code != 0 and "已于" in edited.err + edited.out and "更正" in edited.err + edited.out
    imported = cli("import", "出勤", _attendance_sheet(tmp_path / "出勤.xlsx", SEPTEMBER, name))
    assert imported.code != 0 and "归档" in imported.out + imported.err
    assert demo_store.one(Attendance, present.id).state == "present"

    # In the editor: the 出勤 tab's save is refused, and nothing is stored.
    editor = PacketEditor(demo_store)
    editor.meeting.chooser.value = meeting.id
    panel = editor.tab("meeting")
    assert "已于" in panel.archive_state.value and "归档" in panel.archive_state.value
    attendance = editor.tab("attendance")
    row = next(r for r in attendance.grid.rows if r.member_id == present.member_id)
    row.fields["state"].widget.value = "请假"
    row.fields["reason"].widget.value = "因公出差"
    attendance.grid.save_button.click()
    assert demo_store.one(Attendance, present.id).state == "present"
    said = attendance.grid.notice.text + "".join(r.notice.text for r in attendance.grid.rows)
    assert "不能直接修改" in said, said

    # The 督办 of its decisions stays open.
    decision = demo_store.select(Decision, meeting_id=meeting.id)[0]
    demo_store.update("decision", decision.id, {"feedback": "已办理7条"}, expected_version=decision.version)

    # A 更正 needs its reason; with it the change is saved and the reason is in the history.
    panel.correction_button.click()
    assert "请先写明更正原因" in panel.notice.text and editor.session.correction is None
    panel.correction_reason.value = "核对签到表，该同志会前请假"
    panel.correction_button.click()
    assert editor.session.correction == "核对签到表，该同志会前请假" and "正在更正" in panel.archive_state.value
    attendance.load(meeting)
    row = next(r for r in attendance.grid.rows if r.member_id == present.member_id)
    row.fields["state"].widget.value = "请假"
    row.fields["reason"].widget.value = "因公出差"
    attendance.grid.save_button.click()
    assert demo_store.one(Attendance, present.id).state == "on_leave"
    notes = {h.field: h.note for h in demo_store.select(HistoryEntry, table_name="attendance", record_id=present.id)}
    assert notes["state"] == notes["reason"] == "更正：核对签到表，该同志会前请假"
    # Ending it makes the records read-only again.
    panel.correction_button.click()
    assert editor.session.correction is None and "已结束更正" in panel.notice.text
    again = cli("meeting", "edit", SEPTEMBER, "--venue", "县政协二楼会议室")
    assert again.code != 0


def test_a_meeting_not_yet_held_is_not_archived(demo_store, cli):
    result = cli("meeting", "archive", "next")
    assert result.code != 0 and "尚未召开，不能归档" in result.out + result.err


def test_a_new_meeting_starts_from_the_last_ones_time_venue_and_presider(demo_store):
    editor = PacketEditor(demo_store)
    panel = editor.tab("meeting")
    last = meetings.list_meetings(demo_store, kind=meetings.MeetingKind.STANDING_COMMITTEE)[-1]
    assert panel.new_venue.value == last.venue and panel.new_time.value == last.start_time
    assert panel.new_presider.value == last.presider
    panel.new_date.widget.value = "2027-03-25"
    info = panel.create()
    assert info is not None and info.venue == last.venue and info.start_time == last.start_time


def test_an_import_corrects_an_archived_meeting_only_with_its_reason(demo_store, cli, tmp_path):
    assert cli("meeting", "archive", SEPTEMBER).code == 0
    meeting = meetings.resolve(demo_store, SEPTEMBER)
    present = next(a for a in demo_store.select(Attendance, meeting_id=meeting.id) if a.state == "present")
    name = next(m.name for m in figures.standing_members(demo_store, meeting.id) if m.id == present.member_id)
    sheet = _attendance_sheet(tmp_path / "出勤更正.xlsx", SEPTEMBER, name)

    refused = cli("import", "出勤", sheet)
    assert refused.code != 0 and "--correction" in refused.out + refused.err
    assert demo_store.one(Attendance, present.id).state == "present"

    corrected = cli("import", "出勤", sheet, "--correction", "核对签到表后更正请假登记")
    assert corrected.code == 0, corrected.out + corrected.err
    assert demo_store.one(Attendance, present.id).state == "on_leave"
    notes = {h.note for h in demo_store.select(HistoryEntry, table_name="attendance", record_id=present.id)}
    assert "更正：核对签到表后更正请假登记" in notes
