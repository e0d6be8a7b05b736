"""One truth per fact on material nobody tuned the packet for: a proposal list without a 审查结果
column, statuses behind the recorded replies and ratings, plan items whose status alone changed,
plan items that fell overdue since the last meeting, a sparse store's wording, drafts with blanks.
"""

from __future__ import annotations

from datetime import timedelta

from workbench.office import figures
from workbench.office.meetings import resolve
from workbench.office.preparation import prepare
from workbench.packet import snapshot
from workbench.packet.assemble import assemble
from workbench.publish import check_packet
from workbench.store import Store


def _update(store, table: str, row: dict, **changes) -> None:
    store.update(table, row["id"], changes, expected_version=row["version"])


def _text(document) -> str:
    out = []
    for b in document.blocks:
        out.append(getattr(b, "text", "") or "")
        for row in getattr(b, "rows", []) or []:
            out.append(" | ".join(row))
    return "\n".join(out)


def test_a_list_without_review_results_counts_its_proposals_as_filed(demo_store):
    # Lists kept by plenary session hold filed proposals only and often have no 审查结果 column.
    for r in demo_store.rows("proposal"):
        if r["review_result"] == "filed":
            _update(demo_store, "proposal", r, review_result=None)
    as_of = prepare(demo_store, resolve(demo_store, "next")).cut_off
    pf = figures.proposal_figures(demo_store, as_of)
    assert pf.filed > 100 and pf.replied > 0 and pf.reply_rate is not None
    text = _text(assemble(demo_store, "next").document("proposals"))
    assert f"经审查立案{pf.filed}件" in text and "办复率—" not in text


def test_statuses_follow_the_recorded_replies_and_ratings(demo_store):
    meeting = resolve(demo_store, "next")
    as_of = prepare(demo_store, meeting).cut_off
    rated = [
        r
        for r in demo_store.rows("proposal")
        if r["satisfaction"] and r["replied_on"] and r["replied_on"] <= as_of and r["status"] == "rated"
    ][:3]
    for r in rated:  # the office recorded the reply and the rating but left the status behind
        _update(demo_store, "proposal", r, status="handling")
    pf = figures.proposal_figures(demo_store, as_of)
    assert all(pf.status[r["id"]] == "rated" for r in rated)
    # The 按办理状态 table never counts a replied and rated proposal as still being handled.
    replied_and_rated = [
        r
        for r in demo_store.rows("proposal")
        if r["id"] in pf.status and r["satisfaction"] and r["replied_on"] and r["replied_on"] <= as_of
    ]
    assert len(replied_and_rated) == pf.rated
    assert {pf.status[r["id"]] for r in replied_and_rated} <= {"rated", "closed", "rehandle", "follow_up"}
    # Replied and rated is finished (办结): not in the list of unfinished ones.
    open_ids = {r.id for r in pf.open}
    assert not open_ids & {r["id"] for r in rated}
    table_case_nos = assemble(demo_store, meeting.id).figures.proposals.table_case_nos
    assert not set(table_case_nos) & {r["case_no"] for r in rated if r["id"] not in {o.id for o in pf.overdue}}


def test_a_plan_item_whose_status_alone_changed_is_not_listed_as_without_update(demo_store):
    meeting = resolve(demo_store, "next")
    as_of = prepare(demo_store, meeting).cut_off
    items = figures.plan_items(demo_store, as_of)
    quiet = figures.plan_items_without_update(items, as_of)
    assert quiet
    target = next(i for i in quiet if i.status in ("not_started", None, "in_progress"))
    row = demo_store.get("plan_item", target.id)
    _update(demo_store, "plan_item", row, status="lagging" if row["status"] != "lagging" else "in_progress")
    packet = assemble(demo_store, meeting.id)
    changes = _text(packet.document("changes"))
    label = f"第{target.number}条《{target.title}》"
    no_update_part = changes.split("本季度无更新事项")[-1] if "本季度无更新事项" in changes else ""
    assert label not in no_update_part
    assert target.id not in packet.figures.plan.without_update
    plan = _text(packet.document("plan_progress"))
    line = next(x for x in plan.splitlines() if f"| {target.title} |" in x)
    assert "本季度状态调整为" in line and "本季度暂无进展更新" not in line


def test_plan_items_that_fell_overdue_since_the_last_meeting_are_listed(demo_store, tmp_path):
    previous = resolve(demo_store, "十一届十七次常委会议")
    then = snapshot.collect(demo_store, prepare(demo_store, previous).cut_off)
    snapshot.record(demo_store, previous.id, {"version": snapshot.VERSION, **then}, ["材料.docx"], actor="测试秘书")
    meeting = resolve(demo_store, "next")
    as_of = prepare(demo_store, meeting).cut_off
    item = next(
        i
        for i in figures.plan_items(demo_store, as_of)
        if i.status in ("in_progress", "not_started") and not figures.plan_item_overdue(i, as_of)
    )
    _update(demo_store, "plan_item", demo_store.get("plan_item", item.id), deadline=as_of - timedelta(days=3))
    packet = assemble(demo_store, meeting.id)
    overdue_rows = [b for b in packet.document("changes").blocks if getattr(b, "rows", None)]
    listed = [
        row
        for table in overdue_rows
        for row in table.rows
        if row[1] == "工作要点条目" and row[2] == f"第{item.number}条《{item.title}》" and "已逾期" in row[3]
    ]
    assert listed and "完成时限为" in listed[0][3]


def test_a_sparse_store_prints_reader_wording(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    assert cli("init", "--county", "白河县", "--term", "11", "--term-start", "2022").code == 0
    assert cli("meeting", "add", "--date", "2026-12-17").code == 0
    with Store.open() as store:
        packet = assemble(store, "next")
        texts = {d.key: _text(d) for d in packet.documents}
    joined = "\n".join(texts.values())
    for word in ("库中", "请先", "导入", "未派小组", "待会议签到后填写"):
        assert word not in joined, word
    assert "2026年度工作要点尚未印发。" in texts["plan_progress"]
    # Documents with nothing to say are left out of the packet (the editor shows why and can put them back);
    # so is the changes list of a term's first meeting.
    left_out = {d.key for d in packet.documents if not d.included}
    assert left_out == {"plan_progress", "briefings", "supervision", "proposals", "liaison", "changes"}
    assert all("未收入会议材料" in d.rule for d in packet.documents if not d.included)
    with Store.open() as store:  # the editor says the same
        from workbench.ui.editor import PacketEditor

        contents = PacketEditor(store).contents
        contents.ensure()
        assert contents.notice.text.endswith("共 4 个文件；另有 6 份本次没有内容，未收入（勾选即可收入）。")
        assert contents.card("changes").include.value is False
    result = cli("packet", "export", "--meeting", "next", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    names = " ".join(f.name for f in (tmp_path / "out").iterdir())
    assert "情况通报议题" not in names and "变化情况" not in names and "常委出勤情况" in names


def test_the_check_finds_blanks_left_in_drafts_and_half_width_section_titles(demo_store):
    meeting = resolve(demo_store, "next")
    as_of = prepare(demo_store, meeting).cut_off
    item = figures.plan_items(demo_store, as_of)[0]
    demo_store.insert(
        "progress_note",
        {"plan_item_id": item.id, "noted_on": as_of - timedelta(days=1), "text": "已完成××调研，形成【待补充】份报告。"},
    )
    section = demo_store.rows("plan_section", order_by="number")[0]
    _update(demo_store, "plan_section", section, title="提高政治站位,实施政治建设引领行动")
    findings = check_packet(demo_store, "next").findings
    blanks = [f for f in findings if f.kind == "empty_placeholder" and f.record.startswith(f"工作要点第{item.number}条")]
    assert blanks and "待填内容" in blanks[0].problem and blanks[0].blocking
    half = [f for f in findings if f.kind == "half_width_punctuation" and f.record == "工作要点第1部分"]
    assert half and "," in half[0].problem


def test_the_check_says_where_plan_titles_are_fixed_and_flags_statuses_left_behind(demo_store):
    meeting = resolve(demo_store, "next")
    as_of = prepare(demo_store, meeting).cut_off
    section = demo_store.rows("plan_section", order_by="number")[0]
    _update(demo_store, "plan_section", section, title="提高政治站位,实施政治建设引领行动")
    rated = next(
        r for r in demo_store.rows("proposal") if r["status"] == "rated" and r["replied_on"] and r["replied_on"] <= as_of
    )
    _update(demo_store, "proposal", rated, status="handling")
    findings = check_packet(demo_store, "next").findings
    [half] = [f for f in findings if f.kind == "half_width_punctuation" and f.record == "工作要点第1部分"]
    assert "工作要点文件" in half.action and "重新导入" in half.action
    [behind] = [f for f in findings if f.kind == "status_behind"]
    assert behind.record.startswith(f"提案第{rated['case_no']:03d}号") and not behind.blocking
    assert "记录的状态为“办理中”" in behind.problem and "按“已评价”列出" in behind.problem
    assert behind.action == "请在编辑器“提案办理”页把状态改为“已评价”。"


def test_a_plan_imported_under_another_year_than_its_title_blocks(demo_store):
    plan = demo_store.rows("work_plan")[0]
    _update(demo_store, "work_plan", plan, title="肥西县政协2023年工作要点")
    [found] = [f for f in check_packet(demo_store, "next").findings if f.kind == "year_mismatch"]
    assert found.blocking and "标题写的是2023年，却作为2026年度导入" in found.problem


def test_count_tables_leave_out_rows_of_nothing(demo_store):
    document = assemble(demo_store, "next").document("proposals")
    tables = [b for b in document.blocks if getattr(b, "columns", None) and b.columns[1].header.startswith("数量")]
    assert len(tables) == 4
    for table in tables:
        assert all(row[1] != "0" for row in table.rows), table.rows
        assert table.rows[-1][0] == "合计"


def test_a_briefing_of_the_meeting_missing_from_the_agenda_blocks(demo_store):
    meeting = resolve(demo_store, "next")
    topic = demo_store.rows("briefing_topic", meeting_id=meeting.id, order_by="code")[0]
    for r in demo_store.rows("agenda_item", meeting_id=meeting.id):
        if r["source_id"] == topic["id"] or topic["topic"] in r["title"] or r["title"] in topic["topic"]:
            demo_store.delete("agenda_item", r["id"], expected_version=r["version"])
    [found] = [f for f in check_packet(demo_store, "next").findings if f.kind == "briefing_not_on_agenda"]
    assert found.blocking and found.record == f"情况通报议题{topic['code']}《{topic['topic']}》"
    assert "通知和议程都不会列出" in found.problem


def test_changes_count_a_new_session_of_proposals_and_list_feedback_now_overdue(demo_store):
    meeting = resolve(demo_store, "next")
    as_of = prepare(demo_store, meeting).cut_off
    # A recommendation sent after the last meeting, unanswered past the office's 30 days by now.
    row = next(r for r in demo_store.rows("supervision_item", order_by="code") if r["status"] != "closed")
    _update(
        demo_store,
        "supervision_item",
        row,
        recommendation_sent_on=as_of - timedelta(days=45),
        feedback_received_on=None,
        deadline=as_of + timedelta(days=60),
    )
    previous = resolve(demo_store, "十一届十七次常委会议")
    then = snapshot.collect(demo_store, prepare(demo_store, previous).cut_off)
    snapshot.record(demo_store, previous.id, {"version": snapshot.VERSION, **then}, ["材料.docx"], actor="测试秘书")
    for n in range(151, 163):
        demo_store.insert(
            "proposal",
            {
                "year": 2026,
                "case_no": n,
                "title": f"关于第{n}件事项的建议",
                "review_result": "filed",
                "status": "assigned",
                "lead_unit": "县交通运输局",
                "assigned_on": as_of - timedelta(days=5),
            },
        )
    packet = assemble(demo_store, meeting.id)
    rows = [r for b in packet.document("changes").blocks for r in (getattr(b, "rows", None) or [])]
    assert ["提案12件", "新增提案12件（第151号至第162号）"] in [r[2:] for r in rows]
    feedback = [r for r in rows if r[2].startswith(row["code"])]
    assert feedback and feedback[0][3].endswith("逾期未反馈") and "前反馈整改方案" in feedback[0][3]


def test_a_december_packet_with_only_next_years_plan_prints_the_draft_not_a_progress_report(demo_store):
    for plan in demo_store.rows("work_plan"):
        _update(demo_store, "work_plan", plan, year=2027, title="政协青岚县委员会2027年工作要点")
    packet = assemble(demo_store, "next")  # 2026-12-17
    assert not packet.document("plan_progress").included
    draft = packet.document("draft_plan")
    assert draft.included and draft.title == "政协青岚县委员会2027年工作要点（草案）"


def test_marks_and_counts_agree_under_other_rules(demo_store, cli):
    from workbench.packet.rules import PacketRules

    packet = assemble(demo_store, "next", PacketRules(plan_items="updated_since_last_meeting", proposal_table="overdue"))
    plan = packet.document("plan_progress")
    marked = len(packet.figures.plan.marked_ids)
    assert f"逾期或进展滞后的{len(packet.figures.plan.flagged_ids)}条，下表列出其中{marked}条并已标注" in plan.blocks[0].text
    proposals = _text(packet.document("proposals"))
    assert "五、逾期未答复提案" in proposals and "未办结及逾期提案" not in proposals
    supervision = packet.document("supervision")
    marks = sum(len(b.marked_rows) for b in supervision.blocks if getattr(b, "caption", "") == "民主监督事项推进情况表")
    [groups] = [b for b in supervision.blocks if getattr(b, "caption", "") == "各民主监督小组事项统计表"]
    assert sum(int(r[4]) for r in groups.rows) == marks


def test_a_lead_unit_cell_naming_two_units_is_pointed_out(demo_store):
    row = next(r for r in demo_store.rows("proposal") if r["review_result"] == "filed")
    _update(demo_store, "proposal", row, lead_unit="县教育局、县财政局")
    [found] = [f for f in check_packet(demo_store, "next").findings if f.kind == "two_lead_units"]
    assert not found.blocking and "主办单位写作“县教育局、县财政局”" in found.problem
    assert found.action == "请在编辑器“提案办理”页把主办单位改为“县教育局”，其余单位填入协办单位。"
