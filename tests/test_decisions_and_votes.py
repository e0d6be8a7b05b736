"""议定事项 and 表决: a vote's result by the labels config's rule, the decisions of a meeting entered in the
editor's 议定与表决 tab, those put under 督办 coming back in the next packet ("上次会议议定事项落实情况")
until done, the minutes stating votes and decisions, and the dashboard's count of them."""

from __future__ import annotations

from datetime import date

import docx

from workbench.drafts.blocks import Part, Table
from workbench.office import decisions, figures, votes
from workbench.office.meetings import next_meeting, resolve
from workbench.packet.assemble import assemble
from workbench.store import schema
from workbench.store.rows import Decision, Vote
from workbench.ui.editor import PacketEditor

SEPTEMBER = "十一届十七次常委会议"


def _labels(tmp_path, monkeypatch, text: str) -> None:
    path = tmp_path / "labels.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_LABELS", str(path))


def test_a_vote_passes_by_more_than_half_of_all_standing_members_or_of_those_present(demo_store, tmp_path, monkeypatch):
    meeting = resolve(demo_store, SEPTEMBER)
    standing = len(figures.standing_members(demo_store, meeting.id))
    present = figures.attendance_summary(demo_store, meeting.id).present
    assert present < standing  # the demo's September meeting had someone on leave
    half_of_all = standing // 2 + 1
    with demo_store.writer("测试") as w:
        w.conn.execute(schema.vote.delete())
        w.insert(schema.vote, {"meeting_id": meeting.id, "position": 1, "subject": "甲", "in_favour": half_of_all, "against": 0})
        w.insert(schema.vote, {"meeting_id": meeting.id, "position": 2, "subject": "乙", "in_favour": half_of_all - 1})
        w.insert(schema.vote, {"meeting_id": meeting.id, "position": 3, "subject": "丙"})
    first, second, third = votes.results(demo_store, meeting.id)
    assert (first.passed, second.passed, third.passed) == (True, False, None)
    assert first.base == standing and first.base_label == "全体常务委员"
    assert third.outcome() == "尚未录入表决票数"
    # An office whose rule counts those present: half of the present is fewer, so the second passes too.
    _labels(tmp_path, monkeypatch, "[rules]\nvote_pass_of_all = 0\n")
    _first, second, _third = votes.results(demo_store, meeting.id)
    assert second.base == present and second.base_label == "出席会议的常务委员"
    assert second.passed is (2 * (half_of_all - 1) > present)
    with demo_store.writer("测试") as w:
        w.insert(schema.vote, {"meeting_id": meeting.id, "position": 4, "subject": "丁", "in_favour": present, "against": 2})
    assert "多于出席会议的" in votes.results(demo_store, meeting.id)[3].problem()


def test_a_confidential_vote_is_shown_only_from_its_announcement():
    vote = Vote(1, 1, 1, "人事", 20, 0, 0, True, date(2026, 9, 25), 1, None, None)
    assert not votes.shown_on(vote, date(2026, 9, 24)) and votes.shown_on(vote, date(2026, 9, 25))
    unannounced = Vote(1, 1, 1, "人事", 20, 0, 0, True, None, 1, None, None)
    assert not votes.shown_on(unannounced, date(2030, 1, 1))
    assert votes.shown_on(Vote(1, 1, 1, "其他", 20, 0, 0, False, None, 1, None, None), date(2026, 1, 1))


def test_the_next_packet_reports_the_supervised_decisions_still_open_and_those_done_since(demo_store):
    packet = assemble(demo_store, "next", today=date(2026, 12, 7))
    (doc,) = [d for d in packet.documents if d.key == Part.DECISIONS]
    assert doc.title == "上次会议议定事项落实情况"
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    texts = [row[1] for row in table.rows]
    # Done in October (after the September meeting): reported once, with its day.
    assert any("农村供水工程" in t and "十一届十六次常委会议" in t for t in texts)
    # Done in August, before the September meeting reported it: not again.
    assert not any("老旧小区改造" in t for t in texts)
    # Not supervised: never listed.
    assert not any("第四季度重点工作" in t for t in texts)
    by_text = {row[1]: row for row in table.rows}
    late = next(r for t, r in by_text.items() if "营商环境" in t)
    assert late[2] == "县发展改革委" and late[3] == "11月30日" and late[4].startswith("▲正在落实（已逾期）")
    assert [table.rows.index(late)] == table.marked_rows and table.note
    done = next(r for t, r in by_text.items() if "农村供水" in t)
    assert done[4].startswith("已落实（10月20日办结）")
    first = doc.blocks[0].text
    assert "本次报告3项" in first and "上次会议以来已落实1项" in first and "尚未落实2项（其中逾期1项）" in first
    assert packet.figures.decisions is not None and packet.figures.decisions.overdue == 1


def test_the_tab_records_a_vote_and_a_decision_that_the_following_packet_reports(demo_store, cli, tmp_path):
    meeting = next_meeting(demo_store)
    assert meeting is not None
    editor = PacketEditor(demo_store)
    editor.select("decisions")
    tab = editor.tab("decisions")
    tab.load(meeting)
    assert "此前会议列入督办、尚未落实的 2 项" in tab.decision_caption.value  # September's two open ones
    tab.vote_form["subject"].widget.value = "关于接受王某辞去政协委员的决定（草案）"
    vote_id = tab.add_vote()
    assert vote_id is not None and "已登记表决事项第1项" in tab.notice.text
    assert demo_store.one(Vote, vote_id).confidential is True  # 保密 unless the office says otherwise
    row = tab.votes.row(vote_id)
    row.fields["in_favour"].widget.value = "20"
    row.fields["against"].widget.value = "1"
    row.fields["abstain"].widget.value = "0"
    tab.votes.save_button.click()
    assert tab.votes.row(vote_id).record["result"] == "通过"
    tab.decision_form["text"].widget.value = "县卫健局牵头研究基层医疗人才引进办法"
    tab.decision_form["owner_unit"].widget.value = "县卫生健康局"
    tab.decision_form["deadline"].widget.value = "2027年6月30日"
    tab.decision_form["supervised"].widget.value = "是"
    decision_id = tab.add_decision()
    assert decision_id is not None
    stored = demo_store.one(Decision, decision_id)
    assert stored.supervised and stored.deadline == date(2027, 6, 30) and stored.status == "assigned"

    # The meeting is held; the one after it reports the decision as still to do.
    with demo_store.writer("测试") as w:
        w.update(schema.meeting, meeting.id, {"status": "held"}, expected_version=resolve(demo_store, meeting.id).version)
    assert cli("meeting", "add", "--date", "2027-03-25").code == 0
    after = next_meeting(demo_store, today=date(2027, 3, 1))
    assert after is not None and after.id != meeting.id
    packet = assemble(demo_store, after, today=date(2027, 3, 1))
    (doc,) = [d for d in packet.documents if d.key == Part.DECISIONS]
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert any("基层医疗人才引进" in row[1] and meeting.short_title in row[1] for row in table.rows)
    # Closing it takes it out of every packet after the one that reports it done.
    tab.load(meeting)
    row = tab.decisions.row(decision_id)
    row.fields["status"].widget.value = "已办结"
    row.fields["closed_on"].widget.value = "2027-02-10"
    row.fields["feedback"].widget.value = "引进办法已印发"
    tab.decisions.save_button.click()
    assert demo_store.one(Decision, decision_id).status == "done"
    follow = decisions.follow_ups(demo_store, after, date(2027, 3, 1), since=meeting.held_on)
    (mine,) = [f for f in follow if f.decision.id == decision_id]
    assert mine.closed_since and not mine.overdue


def test_the_minutes_state_the_votes_and_the_decisions_with_who_and_by_when(demo_store, cli, tmp_path):
    result = cli("minutes", "--meeting", SEPTEMBER, "--out", tmp_path / "纪要")
    assert result.code == 0, result.err
    text = "\n".join(p.text for p in docx.Document(str(next((tmp_path / "纪要").glob("*.docx")))).paragraphs)
    # The passed draft is a decision now, named as one; the counts follow it.
    assert "表决通过了《关于增补政协青岚县第十一届委员会委员的决定》（赞成22票，反对0票，弃权2票）" in text
    assert "会议议定：（一）县发展改革委就优化营商环境专题协商提出的建议逐条研究办理，书面反馈县政协。" in text
    assert "由县发展改革委负责落实，2026年11月30日前完成。" in text
    assert "（请根据会议议定事项填写）" not in text
    assert "请假：" in text  # with the reasons, from attendance


def test_the_dashboard_counts_the_follow_ups_and_lists_the_overdue_one(demo_store):
    from workbench.ui.dashboard import pages

    body = pages.build("", url=demo_store.url, as_of=date(2026, 12, 7)).body
    at = body.index('data-panel="decisions"')
    card = body[at : body.index("</div></div></div>", at)]
    assert "此前常委会议议定事项督办" in card and "上次会议以来已落实" in card
    assert "十一届十七次常委会议第1项" in body  # among the overdue items, with its owner
    assert "关于增补政协青岚县第十一届委员会委员的决定" not in body  # a vote is shown only in its meeting's record


def test_a_held_meetings_record_on_the_dashboard_shows_a_vote_only_once_announced(demo_store):
    from workbench.ui.dashboard import pages

    meeting = resolve(demo_store, SEPTEMBER)
    vote = demo_store.select(Vote, meeting_id=meeting.id)[0]
    before = pages.build(f"live-{meeting.id}", url=demo_store.url, as_of=vote.announced_on.replace(day=24)).body
    after = pages.build(f"live-{meeting.id}", url=demo_store.url, as_of=vote.announced_on).body
    for body in (before, after):
        at = body.index('data-panel="meeting_record"')
        assert "县发展改革委就优化营商环境" in body[at:] and "实到24人" in body[at:]
    assert vote.subject not in before and vote.subject in after
    assert "赞成22票，反对0票，弃权2票</td><td>通过" in after
