"""半年小结 / 年终总结: the draft names every item completed in its period (as the history dates it),
section by section, with dated facts, lagging items and the period's figures; written in 公文 format."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from helpers import cycle_store
from helpers.document_checks import body_text, check_format
from workbench.store import schema


@pytest.fixture
def planned(store):
    cycle_store.build(store)
    with store.writer("秘书", at=datetime(2026, 1, 10, 9)) as w:
        plan = w.insert(schema.work_plan, {"year": 2026, "title": "2026年工作要点"})
        s1 = w.insert(schema.plan_section, {"work_plan_id": plan, "number": 1, "title": "聚焦中心大局，提高协商议政质量"})
        s2 = w.insert(schema.plan_section, {"work_plan_id": plan, "number": 2, "title": "加强自身建设，提升履职能力"})
        items = {}
        for section, number, title, deadline in [
            (s1, 1, "开展县域经济专题协商", date(2026, 6, 30)),
            (s1, 2, "办好双月协商座谈会", date(2026, 12, 31)),
            (s1, 3, "开展营商环境调研", date(2026, 5, 31)),
            (s2, 1, "完善委员履职档案", date(2026, 12, 31)),
            (s2, 2, "推进机关作风建设", date(2026, 12, 31)),
        ]:
            items[title] = w.insert(
                schema.plan_item,
                {"section_id": section, "number": number, "title": title, "deadline": deadline, "status": "in_progress"},
            )
    notes = [
        ("开展县域经济专题协商", date(2026, 3, 12), "召开专题协商会，形成协商报告1篇。已报送县委。"),
        ("办好双月协商座谈会", date(2026, 5, 20), "举办第一次双月协商座谈会。"),
        ("开展营商环境调研", date(2026, 6, 20), "调研因人员调整推迟，已重新拟定方案。"),
        ("完善委员履职档案", date(2026, 9, 15), "完成全部委员履职档案录入。"),
    ]
    with store.writer("秘书", at=datetime(2026, 6, 25, 9)) as w:
        for title, day, text in notes:
            w.insert(schema.progress_note, {"plan_item_id": items[title], "noted_on": day, "text": text})

    def set_status(title, status, when):
        row = store.get("plan_item", items[title])
        with store.writer("秘书", at=when) as w:
            w.update(schema.plan_item, items[title], {"status": status}, expected_version=row["version"])

    set_status("开展县域经济专题协商", "done", datetime(2026, 4, 2, 10))  # first half
    set_status("开展营商环境调研", "lagging", datetime(2026, 6, 21, 10))
    set_status("完善委员履职档案", "done", datetime(2026, 9, 16, 10))  # second half
    meeting = store.rows(schema.meeting)[0]
    with store.writer("秘书") as w:  # a meeting held in the first half, with one briefing heard
        held = w.insert(
            schema.meeting,
            {
                "term_id": meeting["term_id"],
                "kind": "standing_committee_meeting",
                "seq_no": 17,
                "held_on": date(2026, 6, 18),
                "status": "held",
            },
        )
        w.insert(
            schema.briefing_topic,
            {
                "meeting_id": held,
                "code": "TB2026-05",
                "topic": "关于防汛工作的通报",
                "reporting_body": "县水利局",
                "status": "briefed",
            },
        )
    return store


def test_the_half_year_draft_names_exactly_the_items_completed_in_the_first_half(planned, cli, tmp_path):
    r = cli("summary", "--year", "2026", "--half", "1", "--out", tmp_path / "out", "--date", "2026-07-06")
    assert r.code == 0, r.err
    assert "列出上半年完成的工作要点 1 项" in r.out
    document = check_format(tmp_path / "out" / "政协青岚县委员会2026年上半年工作总结（初稿）.docx")
    text = body_text(document)
    assert text.startswith("政协青岚县委员会2026年上半年工作总结\n半年来")
    assert (
        "一、上半年主要工作\n（一）聚焦中心大局，提高协商议政质量\n"
        "开展县域经济专题协商已完成。3月12日，召开专题协商会，形成协商报告1篇。"
    ) in text
    assert "办好双月协商座谈会正在推进。5月20日，举办第一次双月协商座谈会。" in text
    # completed only in September: not reported as done in the first half, and planned for the second
    assert "完善委员履职档案已完成" not in text
    assert "（二）加强自身建设，提升履职能力\n本部分工作上半年尚无记录的进展，请补充。" in text
    assert "（三）主要数据\n上半年共召开常委会议1次，听取情况通报1项；民主监督事项办结1项；" in text
    assert "2026年立案提案5件，已答复1件，办复率20.0%" in text
    assert (
        "二、存在的问题\n一是开展营商环境调研进展滞后，完成时限为2026年5月31日，目前情况：调研因人员调整推迟，已重新拟定方案。"
    ) in text
    assert "三、下半年工作打算" in text and "二是加强自身建设，提升履职能力。继续推进完善委员履职档案、推进机关作风建设。" in text
    assert text.endswith("政协青岚县委员会办公室\n2026年7月6日")


def test_the_year_end_draft_names_every_item_completed_in_the_year(planned, cli, tmp_path):
    r = cli("summary", "--year", "2026", "--half", "2", "--out", tmp_path / "out")
    assert r.code == 0, r.err
    text = body_text(check_format(tmp_path / "out" / "政协青岚县委员会2026年工作总结（初稿）.docx"))
    assert "开展县域经济专题协商已完成。" in text and "完善委员履职档案已完成。9月15日，完成全部委员履职档案录入。" in text
    assert "三、2027年工作思路" in text


def test_a_year_without_a_plan_or_a_bad_half_is_refused(planned, cli, tmp_path):
    r = cli("summary", "--year", "2025", "--half", "1", "--out", tmp_path / "out")
    assert r.code != 0 and "没有2025年的年度工作要点" in r.err
    r = cli("summary", "--year", "2026", "--half", "3", "--out", tmp_path / "out")
    assert r.code != 0 and "--half 应为 1" in r.err
    assert not (tmp_path / "out").exists()
