"""The packet assembled for the demo county's next meeting, checked against the store.

Every figure is recomputed here independently with plain SQL and pandas, so a
mistake in `workbench.office.figures` or in assembly shows up as a mismatch.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text as sql_text

from workbench.base.errors import ValidationError
from workbench.drafts.blocks import Table
from workbench.office.meetings import resolve
from workbench.packet.assemble import assemble
from workbench.packet.rules import PacketRules

MEETING_DATE = date(2026, 12, 17)  # 十一届十八次常委会议, the demo's next meeting
# Figures are taken today while the meeting is ahead, as of its date once it is held ("截至").
AS_OF = min(MEETING_DATE, date.today())


def frame(store, sql: str) -> pd.DataFrame:
    with store.engine.connect() as conn:
        return pd.read_sql_query(sql_text(sql), conn)


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def wide(doc) -> Table:
    """The document's one landscape table."""
    [table] = [t for t in tables(doc) if t.landscape]
    return table


def text(doc) -> str:
    return "\n".join(b.text for b in doc.blocks if b.kind in ("heading", "paragraph"))


def pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%"


@pytest.fixture
def packet(demo_store):
    return assemble(demo_store, "next")


def test_documents_in_glossary_order(packet):
    assert [d.key for d in packet.documents] == [
        "cover",
        "notice",
        "agenda",
        "briefings",
        "plan_progress",
        "supervision",
        "proposals",
        "personnel",
        "attendance",
        "liaison",
        "decisions",
        "changes",
    ]
    assert packet.meeting_short_title == "十一届十八次常委会议"
    assert packet.meeting_date == MEETING_DATE
    assert all(d.rule for d in packet.documents), "each document says why its content is there"


def test_proposal_figures_match_the_store(demo_store, packet):
    p = frame(demo_store, "SELECT * FROM proposal WHERE year = 2026")
    for col in ("due_on", "replied_on"):
        p[col] = pd.to_datetime(p[col]).dt.date
    assert p["case_no"].is_unique
    filed = p[p.review_result == "filed"]
    replied = filed[filed.replied_on.notna() & (filed.replied_on <= AS_OF)]
    rated = filed[filed.satisfaction.notna()]
    good = rated[rated.satisfaction.isin(["satisfied", "basically_satisfied"])]
    overdue = filed[(filed.replied_on.isna() | (filed.replied_on > AS_OF)) & (filed.due_on < AS_OF)]

    f = packet.figures.proposals
    assert (f.total, f.filed, f.replied, f.rated) == (len(p), len(filed), len(replied), len(rated))
    assert f.reply_rate == pytest.approx(len(replied) / len(filed))
    assert f.satisfaction_rate == pytest.approx(len(good) / len(rated))
    assert sorted(f.overdue_case_nos) == sorted(overdue.case_no.tolist())
    assert len(overdue) > 0
    # Each filed proposal is counted once by category and by handling unit; merged ones not at all.
    assert sum(f.by_category.values()) == len(filed)
    assert sum(n for _, n in f.by_unit) == len(filed)
    assert dict(f.by_unit) == filed.groupby("lead_unit").size().to_dict()
    merged = p[p.review_result == "merged"]
    assert len(merged) > 0 and f.by_review_result["merged"] == len(merged)
    assert sum(f.by_reply_category.values()) == len(replied)
    assert f.by_reply_category == {k: int(v) for k, v in replied.groupby("reply_category").size().items()}

    doc = packet.document("proposals")
    prose = text(doc)
    assert f"办复率{pct(len(replied), len(filed))}" in prose
    assert f"满意率{pct(len(good), len(rated))}" in prose
    assert f"立案{len(filed)}件" in prose and f"超过办理期限仍未答复的{len(overdue)}件" in prose

    # The table of unfinished or overdue proposals: landscape, merged ones excluded, overdue ones marked.
    # Unfinished: no reply yet, or replied but neither closed nor rated by the proposer.
    table = wide(doc)
    not_replied = filed.replied_on.isna() | (filed.replied_on > AS_OF)
    unfinished = not_replied | ((filed.status != "closed") & filed.satisfaction.isna())
    expected = set(filed[unfinished].case_no) | set(overdue.case_no)
    listed = [int(r[0].strip("第号")) for r in table.rows]
    assert sorted(listed) == sorted(expected) and len(listed) == len(set(listed))
    assert not set(listed) & set(merged.case_no)
    marked = {listed[i] for i in table.marked_rows}
    assert marked == set(overdue.case_no)
    assert all("逾期" in table.rows[i][7] for i in table.marked_rows)


def test_overdue_is_judged_as_of_the_meeting_date(demo_store):
    """At the June meeting a proposal replied in July was still overdue; at December's it is not."""
    june = assemble(demo_store, "十一届十六次常委会议")
    assert june.figures.as_of == "2026-06-18"
    p = frame(
        demo_store,
        "SELECT case_no, due_on, replied_on FROM proposal "
        "WHERE review_result = 'filed' AND due_on < '2026-06-18' "
        "AND (replied_on IS NULL OR replied_on > '2026-06-18')",
    )
    assert sorted(june.figures.proposals.overdue_case_nos) == sorted(p.case_no.tolist())
    assert len(june.figures.proposals.overdue_case_nos) > len(assemble(demo_store, "next").figures.proposals.overdue_case_nos)


def test_supervision_overdue_and_lagging_marked(demo_store, packet):
    s = frame(demo_store, "SELECT * FROM supervision_item")
    overdue = set(s[(s.status != "closed") & (pd.to_datetime(s.deadline).dt.date < AS_OF)].code)
    lagging = set(s[s.status == "lagging"].code)
    f = packet.figures.supervision
    assert set(f.overdue_codes) == overdue and overdue
    assert set(f.lagging_codes) == lagging
    assert f.total == len(s)
    # A recommendation answered by no feedback within 30 days is overdue for feedback, as the dashboard says.
    sent = pd.to_datetime(s.recommendation_sent_on).dt.date
    no_feedback = set(
        s[
            (s.status != "closed")
            & s.feedback_received_on.isna()
            & sent.notna()
            & sent.map(lambda d: d is not None and not pd.isna(d) and (AS_OF - d).days > 30)
        ].code
    )
    assert set(f.feedback_overdue_codes) == no_feedback and no_feedback
    table = wide(packet.document("supervision"))
    marked = {table.rows[i][0] for i in table.marked_rows}
    assert marked == overdue | lagging | no_feedback
    # "已反馈整改方案" is never printed for an item without a feedback date.
    assert not any("已反馈" in r[7] for r in table.rows if r[0] in no_feedback)
    for i in table.marked_rows:
        assert table.rows[i][6].startswith("▲")
    # Default rule: open items, plus items closed this quarter (none closed since October in the demo).
    open_codes = set(s[s.status != "closed"].code)
    closed_q4 = set(s[(s.status == "closed") & (pd.to_datetime(s.closed_on).dt.date >= date(2026, 10, 1))].code)
    assert {r[0] for r in table.rows} == open_codes | closed_q4


def test_plan_progress_keeps_sections_and_numbering(demo_store, packet):
    items = frame(
        demo_store,
        "SELECT i.number, i.status, i.owner, s.number AS section, s.title AS section_title "
        "FROM plan_item i JOIN plan_section s ON i.section_id = s.id ORDER BY s.number, i.number",
    )
    doc = packet.document("plan_progress")
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings[0] == "一、" + items.section_title.iloc[0]
    assert len(headings) == items.section.nunique()
    # The items' tables; the last table, per 专门委员会, sums them up (tests/test_special_committees.py).
    rows = [r for t in tables(doc) if t.columns[0].header == "序号" for r in t.rows]
    assert [int(r[0]) for r in rows] == items.number.tolist()
    assert [r[3] for r in rows] == items.owner.tolist()
    counts = items.status.value_counts().to_dict()
    assert {k: v for k, v in packet.figures.plan.by_status.items() if v} == counts
    # This quarter's note is shown beside the item it belongs to.
    notes = frame(
        demo_store,
        "SELECT i.number, n.text FROM progress_note n JOIN plan_item i ON n.plan_item_id = i.id "
        f"WHERE n.noted_on >= '2026-10-01' AND n.noted_on <= '{AS_OF.isoformat()}'",
    )
    by_number = {int(r[0]): r for r in rows}
    for number, note in zip(notes.number, notes.text):
        assert note in by_number[number][6]


def test_attendance_and_liaison_figures(demo_store, packet):
    standing = frame(demo_store, "SELECT COUNT(*) AS n FROM member WHERE is_standing_member = 1").n[0]
    a = packet.figures.attendance
    assert a.expected == standing
    rows = frame(
        demo_store,
        "SELECT m.seq_no, a.state, COUNT(*) AS n FROM attendance a JOIN meeting m ON a.meeting_id = m.id "
        "GROUP BY m.seq_no, a.state",
    )
    sept = rows[rows.seq_no == 17].set_index("state").n.to_dict()
    assert a.meetings["十一届十七次常委会议"].present == sept.get("present", 0)
    absences = frame(
        demo_store, "SELECT member_id, COUNT(*) AS n FROM attendance WHERE state = 'absent_unexcused' GROUP BY member_id"
    )
    assert sorted(a.absences.values(), reverse=True) == sorted(absences.n.tolist(), reverse=True)
    assert len(a.reached) == int((absences.n >= 2).sum())

    quota = frame(
        demo_store,
        "SELECT g.name, SUM(q.required_count) AS required FROM liaison_quota q "
        "JOIN liaison_group g ON q.group_id = g.id WHERE q.year = 2026 GROUP BY g.name",
    )
    assert {k: v.required for k, v in packet.figures.liaison.items()} == dict(zip(quota.name, quota.required))


def test_notice_and_agenda_read_like_the_office_writes(demo_store, packet):
    notice = packet.document("notice")
    assert notice.template == "notice.docx"
    c = notice.context
    assert c["time"] == "2026年12月17日（星期四）上午9:00" and c["place"] == "县政协机关三楼会议室"
    assert c["recipients"] == "各位常委" and c["attendees"] == "县政协常委" and c["observers"]
    assert "因故不能出席的请于会前向县政协办公室请假。" in c["requirements"]
    agenda_rows = frame(
        demo_store,
        "SELECT a.title, a.presenter FROM agenda_item a JOIN meeting m ON a.meeting_id = m.id "
        "WHERE m.seq_no = 18 ORDER BY a.position",
    )
    items = packet.document("agenda").context["items"]
    assert [i["title"] for i in items] == agenda_rows.title.tolist()
    assert [i["presenter"] for i in items] == agenda_rows.presenter.tolist()
    # Briefings are worded as what the meeting does; the notice lists the same topics.
    assert items[0]["text"] == "听取" + agenda_rows.title[0]
    assert items[-1]["text"] == "审议有关人事事项"
    assert c["topics"] == [i["text"] for i in items]
    assert items[0]["source"].startswith("情况通报议题 TB2026-")
    assert items[-1]["source"] == "手工录入"
    # the presider with the title 本会设置 gives, and the notice's contact from the same place
    assert packet.document("agenda").context["presider"] == "县政协主席周启明"
    assert c["contact"] == "李晓峰，电话：0000-6123456"


def test_rules_change_what_is_pulled_in(demo_store):
    default = assemble(demo_store, "next")
    assert len(default.figures.plan.listed_ids) == default.figures.plan.total

    updated = assemble(demo_store, "next", PacketRules(plan_items="updated_since_last_meeting"))
    recent = frame(
        demo_store, "SELECT DISTINCT plan_item_id FROM progress_note WHERE noted_on > '2026-09-24' AND noted_on <= '2026-12-17'"
    )
    assert sorted(updated.figures.plan.listed_ids) == sorted(recent.plan_item_id.tolist())
    assert 0 < len(recent) < default.figures.plan.total
    assert "上次常委会议以来有新进展" in updated.document("plan_progress").rule

    everything = assemble(demo_store, "next", PacketRules(supervision_items="all"))
    only_open = assemble(demo_store, "next", PacketRules(supervision_items="open"))
    s = frame(demo_store, "SELECT code, status FROM supervision_item")
    assert len(everything.figures.supervision.listed_codes) == len(s)
    assert set(only_open.figures.supervision.listed_codes) == set(s[s.status != "closed"].code)

    overdue_only = assemble(demo_store, "next", PacketRules(proposal_table="overdue"))
    f = overdue_only.figures.proposals
    assert f.table_case_nos == sorted(f.overdue_case_nos)
    table = wide(overdue_only.document("proposals"))
    assert len(table.rows) == len(table.marked_rows) == f.overdue

    demo_store.insert(
        "briefing_topic",
        {"code": "TB2026-99", "topic": "关于冬季安全生产情况的通报", "reporting_body": "县应急管理局", "status": "planned"},
    )
    assert "TB2026-99" not in assemble(demo_store, "next").figures.briefings.codes
    wider = assemble(demo_store, "next", PacketRules(briefing_topics="this_meeting_and_unassigned"))
    assert "TB2026-99" in wider.figures.briefings.codes
    assert "尚未确定通报会议" in wider.document("briefings").rule


def test_unknown_rule_value_is_refused_in_chinese():
    with pytest.raises(ValidationError, match="材料规则“工作要点条目”的取值“some”无法识别"):
        PacketRules(plan_items="some")


def test_text_with_markup_characters_is_kept(demo_store):
    """Text goes into the packet as typed; escaping is the writer's business."""
    row = demo_store.rows("supervision_item", code="JD2026-02")[0]
    demo_store.update("supervision_item", row["id"], {"progress": "资金<到位>率 & 进度 😀"}, expected_version=row["version"])
    table = wide(assemble(demo_store, "next").document("supervision"))
    assert [r[7] for r in table.rows if r[0] == "JD2026-02"] == ["资金<到位>率 & 进度 😀"]


def test_a_meeting_without_a_date_is_judged_as_of_today(demo_store):
    from workbench.office.meetings import create_meeting, suggest_next

    nxt = suggest_next(demo_store)
    meeting = create_meeting(demo_store, term_id=nxt["term_id"], seq_no=nxt["seq_no"])
    packet = assemble(demo_store, meeting)
    assert packet.figures.as_of == date.today().isoformat()
    assert packet.meeting_date is None
    assert packet.document("notice").context["time"] == "时间另行通知"
    assert packet.document("cover").context["date_text"] == "日期未定"
    assert packet.document("changes").title == "十一届十八次常委会议以来变化情况"


def test_presider_with_title_and_contact_from_the_office_setup(demo_store, packet):
    from workbench.office import committee

    profile = committee.profile(demo_store)
    assert profile is not None and profile.contact_person and profile.contact_phone
    agenda = packet.document("agenda").context
    name = resolve(demo_store, "next").presider
    assert agenda["presider"] == f"县政协{profile.title_of(name)}{name}"
    notice = packet.document("notice").context
    assert notice["contact"] == f"{profile.contact_person}，电话：{profile.contact_phone}"


def test_plan_report_and_changes_section_tell_the_same_story(demo_store):
    """An item the changes section shows becoming 已完成 shows what it achieved in the plan table."""
    from workbench.packet import snapshot

    sept = resolve(demo_store, "十一届十七次常委会议")
    snapshot.record(demo_store, sept.id, snapshot.collect(demo_store, sept.held_on), ["材料.docx"])
    item = next(r for r in demo_store.rows("plan_item") if r["status"] == "in_progress")
    demo_store.update("plan_item", item["id"], {"status": "done"}, expected_version=item["version"])
    packet = assemble(demo_store, "next")
    changes = [r for t in tables(packet.document("changes")) for r in t.rows]
    assert any(r[2] == f"第{item['number']}条《{item['title']}》" and r[3].endswith("变为“已完成”") for r in changes)
    row = next(r for t in tables(packet.document("plan_progress")) for r in t.rows if r[0] == str(item["number"]))
    assert row[5] == "已完成" and row[6] != "本季度暂无进展更新"


DRAFT_2027 = """政协青岚县委员会2027年工作要点
一、坚持党的领导，加强思想政治引领
1.深入学习贯彻党的创新理论。组织常委会议集体学习，每季度一次。
2.坚持县委统一领导。重大事项及时请示报告。
二、围绕中心大局，提高协商议政质量
3.开展县域经济专题协商。围绕招商引资开展专题协商。
"""


def test_december_packet_includes_next_years_plan_draft(demo_store):
    from workbench.plans import import_plan, parse_text

    assert "draft_plan" not in [d.key for d in assemble(demo_store, "next").documents]
    import_plan(demo_store, parse_text(DRAFT_2027, source="2027年工作要点（征求意见稿）"), year=2027)
    packet = assemble(demo_store, "next")  # 2026年12月17日
    keys = [d.key for d in packet.documents]
    assert keys.index("draft_plan") == keys.index("plan_progress") + 1
    draft = packet.document("draft_plan")
    assert draft.title == "政协青岚县委员会2027年工作要点（草案）"
    assert [b.text for b in draft.blocks if b.kind == "heading"] == [
        "一、坚持党的领导，加强思想政治引领",
        "二、围绕中心大局，提高协商议政质量",
    ]
    paragraphs = [b.text for b in draft.blocks if b.kind == "paragraph"]
    assert paragraphs[0].startswith("1. 深入学习贯彻党的创新理论") and "每季度一次" in paragraphs[0]
    assert len(paragraphs) == 3
    # The year's own progress report still reports on 2026, and a September meeting gets no draft.
    assert packet.document("plan_progress").title == "关于2026年工作要点落实情况的报告"
    assert "draft_plan" not in [d.key for d in assemble(demo_store, "十一届十七次常委会议").documents]
    assert "draft_plan" not in [d.key for d in assemble(demo_store, "next", PacketRules(draft_plan="never")).documents]
