"""委员履职情况统计表: each member's year counted from what the office keeps (常委会议 attendance, proposals
led and joined, 社情民意 submitted and adopted, 专委会 posts), checked on the document read back."""

from __future__ import annotations

from datetime import date

import docx

from workbench.office import member_duties
from workbench.store import schema
from workbench.store.rows import Attendance, Meeting, Member, SpecialCommittee


def _row_of(path, name: str) -> list[str]:
    d = docx.Document(str(path))
    table = d.tables[0]
    assert [c.text.replace("\n", "") for c in table.rows[0].cells][:4] == ["序号", "姓名", "界别", "常委会议出席"]
    return next([c.text for c in r.cells] for r in table.rows[1:] if r.cells[1].text.rstrip("*") == name)


def test_a_members_year_is_counted_and_printed(demo_store, cli, tmp_path):
    member = next(m for m in demo_store.select(Member, order_by="id") if m.is_standing_member)
    held = {m.id for m in demo_store.select(Meeting) if m.held_on and m.held_on.year == 2026}
    mine = [a for a in demo_store.select(Attendance, member_id=member.id) if a.meeting_id in held]
    committee = demo_store.select(SpecialCommittee, order_by="id")[0]
    with demo_store.writer("测试") as w:
        w.insert(schema.proposal, {"year": 2026, "case_no": 901, "title": "关于停车的建议", "proposer": f"{member.name}等"})
        w.insert(
            schema.proposal,
            {"year": 2026, "case_no": 902, "title": "关于养老的建议", "proposer": "他人", "co_proposers": f"甲、{member.name}"},
        )
        w.insert(schema.proposal, {"year": 2025, "case_no": 903, "title": "去年的建议", "proposer": member.name})
        w.insert(
            schema.public_opinion,
            {
                "code": "SQ2026-90",
                "title": "一条信息",
                "submitter": member.name,
                "submitted_on": date(2026, 5, 1),
                "adoption": "city",
            },
        )
        w.conn.execute(schema.special_committee_member.delete().where(schema.special_committee_member.c.member_id == member.id))
        w.insert(
            schema.special_committee_member, {"committee_id": committee.id, "member_id": member.id, "role": "deputy_director"}
        )
    duties = {d.member.id: d for d in member_duties.member_duties(demo_store, 2026)}[member.id]
    before = {d.member.id: d for d in member_duties.member_duties(demo_store, 2025)}[member.id]
    assert before.proposals_led >= 1  # the 2025 proposal counts for 2025, not for 2026
    assert duties.meetings_expected == len(mine) and duties.meetings_present == sum(a.state == "present" for a in mine)
    assert duties.committee_posts == [f"{committee.short_name}副主任"]
    result = cli("document", "履职统计表", "--year", "2026", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    row = _row_of(next((tmp_path / "out").glob("*.docx")), member.name)
    assert row[3].startswith(f"应到{len(mine)} 出席{duties.meetings_present}")
    assert row[4] == str(duties.proposals_led) and duties.proposals_led >= 1
    assert row[5] == str(duties.proposals_joined) and duties.proposals_joined >= 1
    assert row[6].startswith(f"报送{duties.opinions_submitted} 采用{duties.opinions_adopted}") and duties.opinions_adopted >= 1
    assert row[7] == f"{committee.short_name}副主任"


def test_the_year_is_asked_for(demo_store, cli, tmp_path):
    result = cli("document", "履职统计表", "--out", tmp_path)
    assert result.code != 0 and "须指定年份" in result.err
