"""参会回执: a returned 回执 list imported (a merged title, 序号, 参加/请假 written as offices write them),
what stands before the meeting (answered, on leave and why, not answered), the 签到表 marking those on
leave and the 回执汇总 listing whom to ring — each read back from the store or the document."""

from __future__ import annotations

import docx
import openpyxl

from workbench.office import figures, replies
from workbench.office.meetings import next_meeting
from workbench.store import schema
from workbench.store.rows import MeetingReply


def _returned(path, meeting: str, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    header = ["序号", "会议", "姓名", "是否参加", "请假事由", "回执日期"]
    ws.append([f"{meeting}参会回执汇总"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for n, row in enumerate(rows, start=1):
        ws.append([n, meeting, *row])
    wb.save(path)
    return path


def _setup(store, cli, tmp_path):
    meeting = next_meeting(store)
    assert meeting is not None
    with store.writer("测试") as w:  # the demo's own 回执 taken out: this office starts the list afresh
        w.conn.execute(schema.meeting_reply.delete())
    members = sorted(figures.standing_members(store, meeting.id), key=lambda m: m.id)
    rows = [
        [members[0].name, "参加", None, "2026.12.1"],
        [members[1].name, "因病请假", "住院治疗", "2026年12月2日"],
        [members[2].name, "√", None, None],
    ]
    result = cli("import", "回执", _returned(tmp_path / "回执.xlsx", meeting.short_title, rows))
    assert result.code == 0, result.out + result.err
    return meeting, members


def test_a_returned_list_is_stored_and_counted(demo_store, cli, tmp_path):
    meeting, members = _setup(demo_store, cli, tmp_path)
    stored = {r.member_id: r for r in demo_store.select(MeetingReply, meeting_id=meeting.id)}
    assert stored[members[1].id].answer == "leave" and stored[members[1].id].reason == "住院治疗"
    assert stored[members[0].id].answer == "attend" and stored[members[0].id].replied_on.isoformat() == "2026-12-01"
    status = replies.reply_status(demo_store, meeting)
    assert [m.id for m in status.attending] == [members[0].id, members[2].id]
    assert [(m.id, r) for m, r in status.on_leave] == [(members[1].id, "住院治疗")]
    assert len(status.silent) == len(members) - 3
    assert status.sentence() == f"应到{len(members)}人，已回执3人（参加2人，请假1人），未回执{len(members) - 3}人。"


def test_the_sign_in_sheet_and_the_summary_say_who_is_on_leave_and_whom_to_ring(demo_store, cli, tmp_path):
    _meeting, members = _setup(demo_store, cli, tmp_path)
    assert cli("document", "签到表", "--meeting", "next", "--out", tmp_path / "s").code == 0
    sheet = docx.Document(str(next((tmp_path / "s").glob("*.docx"))))
    signs = {r.cells[1].text: r.cells[4].text for r in sheet.tables[0].rows[1:]}
    assert signs[members[1].name] == "请假" and signs[members[0].name] == ""
    assert any("其中回执请假1人" in p.text for p in sheet.paragraphs)
    assert cli("document", "回执汇总", "--meeting", "next", "--out", tmp_path / "r").code == 0
    summary = docx.Document(str(next((tmp_path / "r").glob("*.docx"))))
    text = "\n".join(p.text for p in summary.paragraphs)
    assert f"已回执3人（参加2人，请假1人），未回执{len(members) - 3}人" in text and "未回执人员" in text
    silent, leave = summary.tables
    assert [r.cells[1].text for r in silent.rows[1:]] and members[0].name not in [r.cells[1].text for r in silent.rows[1:]]
    phones = {r.cells[1].text: r.cells[3].text for r in silent.rows[1:]}
    assert phones[members[3].name] == (members[3].phone or "")
    assert [(r.cells[1].text, r.cells[3].text) for r in leave.rows[1:]] == [(members[1].name, "住院治疗")]


def test_a_reply_for_someone_not_on_the_roster_is_refused_naming_the_row(demo_store, cli, tmp_path):
    meeting = next_meeting(demo_store)
    with demo_store.writer("测试") as w:
        w.conn.execute(schema.meeting_reply.delete())
    result = cli("import", "回执", _returned(tmp_path / "回执.xlsx", meeting.short_title, [["查无此人", "参加", None, None]]))
    said = result.out + result.err
    assert result.code != 0 and "第3行" in said and "查无此人" in said
    assert demo_store.select(MeetingReply) == []


def test_the_editor_tab_enters_a_reply_and_counts_it(demo_store, cli, tmp_path):
    from workbench.ui.editor import PacketEditor

    meeting, members = _setup(demo_store, cli, tmp_path)
    editor = PacketEditor(demo_store)
    editor.select("replies")
    tab = editor.tab("replies")
    assert f"未回执{len(members) - 3}人" in tab.summary.value and members[3].name in tab.summary.value
    row = next(r for r in tab.grid.rows if r.member_id == members[3].id)
    assert row.id is None  # no 回执 yet: the row shows the member, the record comes with the first save
    row.fields["answer"].widget.value = "请假"
    row.fields["reason"].widget.value = "出差"
    tab.grid.save_button.click()
    stored = demo_store.first(MeetingReply, meeting_id=meeting.id, member_id=members[3].id)
    assert stored is not None and stored.answer == "leave" and stored.reason == "出差"
    assert "请假2人" in tab.summary.value and f"未回执{len(members) - 4}人" in tab.summary.value


def test_minutes_drafted_before_attendance_is_entered_name_who_asked_leave_and_why(demo_store, cli, tmp_path):
    from workbench.drafts import minutes

    meeting, members = _setup(demo_store, cli, tmp_path)
    drafted = minutes.build(demo_store, meeting)
    assert dict(drafted.attendance)["请假"] == f"{members[1].name}（住院治疗）"
