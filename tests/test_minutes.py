"""会议纪要: the draft from agenda, attendance and rating results, in 纪要格式, read back from the .docx."""

from __future__ import annotations

import docx

from helpers import cycle_store
from helpers.document_checks import body_text, check_format
from helpers.documents_sample import W, text_of
from workbench.store import schema


def test_minutes_name_the_agenda_attendance_and_rates(store, cli, tmp_path):
    ids = cycle_store.build(store)
    with store.writer("测试") as w:
        for n, member_id in enumerate(ids["members"]):
            w.insert(
                schema.attendance,
                {"meeting_id": ids["meeting"], "member_id": member_id, "state": "on_leave" if n == 5 else "present"},
            )
        w.insert(
            schema.agenda_item,
            {
                "meeting_id": ids["meeting"],
                "position": 1,
                "title": "关于农村人居环境整治情况的通报",
                "presenter": "县农业农村局局长潘志远",
            },
        )
        w.insert(schema.agenda_item, {"meeting_id": ids["meeting"], "position": 2, "title": "审议有关人事事项"})
        rating = w.insert(
            schema.rating,
            {
                "meeting_id": ids["meeting"],
                "position": 1,
                "department": "县农业农村局",
                "subject": "关于农村人居环境整治情况的通报",
                "ballots_returned": 5,
                "abstained": 0,
                "invalid": 0,
            },
        )
        for level, votes in (("satisfied", 3), ("basically_satisfied", 1), ("dissatisfied", 1)):
            w.insert(schema.rating_vote, {"rating_id": rating, "level": level, "votes": votes})
    r = cli("minutes", "--meeting", cycle_store.MEETING, "--out", tmp_path / "out")
    assert r.code == 0, r.err
    path = tmp_path / "out" / "十一届二十次常委会议_会议纪要（初稿）.docx"
    text = body_text(check_format(path))
    assert text.startswith("政协青岚县第十一届委员会常务委员会会议纪要\n第二十期\n政协青岚县委员会办公室2026年10月12日\n")
    assert (
        "2026年10月12日上午，政协青岚县第十一届委员会常务委员会第二十次会议在县政协机关三楼会议室召开。"
        "周启明主持会议。会议应到常委6人，实到5人，符合规定人数。"
    ) in text
    assert "一、会议听取了关于农村人居环境整治情况的通报。\n二、会议审议了有关人事事项。" in text
    assert "三、会议对1项情况通报进行了满意度测评，满意率分别为：县农业农村局80.0%。" in text
    assert text.endswith("出席：甲常委、乙常委、丙常委、丁常委、戊常委\n请假：己常委")
    mark = docx.Document(str(path)).element.body.find(W + "p")
    run = mark.find(W + "r")
    assert run.find(f"{W}rPr/{W}color").get(W + "val") == "FF0000"
    assert int(mark.find(f"{W}pPr/{W}spacing").get(W + "before")) == round(35 * 1440 / 25.4)
    assert text_of(mark) == "政协青岚县第十一届委员会常务委员会会议纪要"
