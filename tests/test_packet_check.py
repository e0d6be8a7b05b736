"""`packet check` (导出前检查): each finding kind on a store built to contain it, as the secretary runs it.

Every finding names the record and what to do; blocking ones make the command exit 1; the export
still runs and keeps the findings with its snapshot.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from workbench.office.meetings import resolve
from workbench.packet.check import KINDS
from workbench.publish import check_packet, export_packet
from workbench.store import schema


def _update(store, table: str, row: dict, **changes) -> None:
    store.update(table, row["id"], changes, expected_version=row["version"])


def _kinds(store) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check_packet(store, "next").findings:
        out.setdefault(f.kind, []).append(f)
    return out


def _item(store, number: int) -> dict:
    return next(r for r in store.rows("plan_item") if r["number"] == number)


def test_the_demo_needs_briefing_materials_and_consistent_statuses(demo_store, cli):
    found = _kinds(demo_store)
    assert "agenda_without_material" not in found  # its 审议有关人事事项 has the demo's 任免名单
    missing = {f.record.split("《")[0] for f in found["materials_not_received"]}
    assert missing == {"情况通报议题TB2026-11", "情况通报议题TB2026-12"}
    # "已反馈整改方案" without a feedback date is a contradiction the dashboard counts as overdue feedback.
    assert any("已反馈整改方案" in f.problem and "逾期未反馈" in f.problem for f in found["status_note_disagree"])
    assert found["plan_not_updated"]
    result = cli("packet", "check", "--meeting", "next")
    assert result.code == 1
    assert "须补正" in result.out and "【通报材料尚未报送】情况通报议题TB2026-11" in result.out
    for f in check_packet(demo_store, "next").findings:  # each says what to do
        assert f.action.startswith("请") and f.record


def test_a_personnel_item_without_its_list_blocks(demo_store, cli):
    meeting = resolve(demo_store, "next")
    for r in demo_store.rows("personnel_change", meeting_id=meeting.id):
        demo_store.delete("personnel_change", r["id"], expected_version=r["version"])
    [personnel] = _kinds(demo_store)["agenda_without_material"]
    assert personnel.record == "议程第4项“审议有关人事事项”" and personnel.problem == "会议材料中没有任免名单"
    assert "人事事项" in personnel.action
    result = cli("packet", "check", "--meeting", "next")
    assert result.code == 1 and "【议程事项没有会议材料】议程第4项“审议有关人事事项”" in result.out


def test_a_personnel_list_with_blanks_or_off_the_agenda(demo_store):
    meeting = resolve(demo_store, "next")
    first = demo_store.rows("personnel_change", meeting_id=meeting.id, order_by="position")[0]
    _update(demo_store, "personnel_change", first, born=None, unit_and_post=" ")
    appoint = next(r for r in demo_store.rows("personnel_change", meeting_id=meeting.id) if r["kind"] == "appoint")
    _update(demo_store, "personnel_change", appoint, post=None)
    found = _kinds(demo_store)
    blanks = {f.record: f.problem for f in found["empty_placeholder"] if f.record.startswith("任免名单")}
    assert blanks["任免名单第1人“郑晓岚”（增补委员）"] == "没有填写出生年月、工作单位及职务，名单中这些栏会空着"
    assert "拟任职务" in blanks[f"任免名单第3人“{appoint['name']}”（任职）"]
    agenda = demo_store.rows("agenda_item", meeting_id=meeting.id, order_by="position")[-1]
    _update(demo_store, "agenda_item", agenda, title="审议县政协2027年度协商计划（草案）")
    [off] = _kinds(demo_store)["personnel_not_on_agenda"]
    assert not off.blocking and "已录入3人次的任免名单" in off.problem and "审议有关人事事项" in off.action


def test_meeting_without_agenda_presider_venue_or_members(demo_store, cli):
    meeting = resolve(demo_store, "next")
    row = demo_store.rows("meeting", id=meeting.id)[0]
    _update(demo_store, "meeting", row, presider=None, venue=None)
    for item in demo_store.rows("agenda_item", meeting_id=meeting.id):
        demo_store.delete("agenda_item", item["id"], expected_version=item["version"])
    for m in demo_store.rows("member", is_standing_member=True):
        _update(demo_store, "member", m, is_standing_member=False)
    found = _kinds(demo_store)
    assert found["no_agenda"][0].problem.startswith("本次会议尚无议程")
    assert found["no_members"][0].problem == "尚无常委名单，出勤情况无法统计"
    assert "主持人" in found["no_presider"][0].problem
    assert any("会议地点" in f.problem for f in found["empty_placeholder"])
    result = cli("packet", "check")
    assert result.code == 1 and "本次会议尚无议程" in result.out and "尚无常委名单" in result.out


def test_plan_items_without_owner_or_deadline_and_numbering_gaps(demo_store):
    item = _item(demo_store, 5)
    _update(demo_store, "plan_item", item, owner=None, deadline=None)
    last = _item(demo_store, 20)
    _update(demo_store, "plan_item", last, number=22)
    found = _kinds(demo_store)
    [owner] = [f for f in found["owner_or_deadline_missing"] if f.record.startswith("工作要点第5条")]
    assert owner.problem == "没有责任人和完成时限"
    [gap] = found["numbering_gap"]
    assert gap.record.startswith("工作要点第22条") and "应为20" in gap.problem


def test_status_and_note_that_disagree(demo_store):
    item = next(r for r in demo_store.rows("plan_item") if r["status"] == "not_started")
    demo_store.insert(
        "progress_note", {"plan_item_id": item["id"], "noted_on": date(2026, 11, 20), "text": "已召开专题会议部署。"}
    )
    found = _kinds(demo_store)
    assert any(
        f.record.startswith(f"工作要点第{item['number']}条") and "未启动" in f.problem for f in found["status_note_disagree"]
    )


def test_half_width_punctuation_and_dates_not_written_the_office_way(demo_store):
    item = _item(demo_store, 2)
    demo_store.insert(
        "progress_note",
        {"plan_item_id": item["id"], "noted_on": date(2026, 11, 25), "text": "召开推进会,部署下一步工作;2026-12-01前报送总结。"},
    )
    found = _kinds(demo_store)
    [punct] = [f for f in found["half_width_punctuation"] if f.record.startswith("工作要点第2条")]
    assert punct.problem.endswith("中有半角标点 , ;")
    [when] = [f for f in found["date_format"] if f.record.startswith("工作要点第2条")]
    assert "2026-12-01" in when.problem and "2026年12月17日" in when.action
    assert not punct.blocking and not when.blocking


def test_unchanged_plan_items_are_a_reminder_unless_their_status_changed(demo_store):
    quiet = {f.record for f in _kinds(demo_store)["plan_not_updated"]}
    item = next(r for r in demo_store.rows("plan_item") if f"工作要点第{r['number']}条《{r['title']}》" in quiet)
    _update(demo_store, "plan_item", item, status="lagging")
    assert f"工作要点第{item['number']}条《{item['title']}》" not in {
        f.record for f in _kinds(demo_store).get("plan_not_updated", [])
    }


def test_export_anyway_keeps_the_findings_with_the_snapshot(demo_store, tmp_path, cli):
    result = export_packet(demo_store, "next", tmp_path / "out")
    assert result.findings and any(f.blocking for f in result.findings)
    with demo_store.engine.connect() as conn:
        row = conn.execute(select(schema.packet_snapshot)).mappings().one()
    stored = json.loads(row["data"])["findings"]
    assert [f["record"] for f in stored] == [f.record for f in result.findings]
    assert all(f["kind"] in KINDS and f["title"] and "blocking" in f for f in stored)
    out = cli("packet", "export", "--out", str(tmp_path / "again"))
    assert out.code == 0 and "导出前检查发现" in out.out


def test_packet_never_imports_documents_and_sheets_take_no_file_names_from_documents():
    """Publishing sits above both: the packet knows no Word, the workbooks borrow nothing from documents."""
    import ast
    from pathlib import Path

    import workbench

    root = Path(workbench.__file__).parent

    def imported(path: Path) -> set[str]:
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names.add("." * node.level + (node.module or ""))
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        return names

    for path in (root / "packet").glob("*.py"):
        assert not any("documents" in n for n in imported(path)), path.name
    for path in (root / "sheets").glob("*.py"):
        assert not any("documents" in n for n in imported(path)), path.name
