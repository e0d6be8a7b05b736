"""Snapshots and the "since last meeting" section: what changed between two meetings' packets."""

from __future__ import annotations

from datetime import date

from workbench.drafts.blocks import Table
from workbench.office import figures
from workbench.office.meetings import list_meetings, resolve
from workbench.packet import snapshot
from workbench.packet.assemble import assemble


def change_rows(packet, heading: str) -> list[list[str]]:
    """The rows listed under one heading of the changes document ([] when it says 无。)."""
    blocks = packet.document("changes").blocks
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.text.endswith(heading):
            nxt = blocks[i + 1]
            return nxt.rows if isinstance(nxt, Table) else []
    raise AssertionError(f"no heading {heading}")


def freeze(store, ref: str) -> int:
    """What an export records, without writing Word files."""
    meeting = resolve(store, ref)
    return snapshot.record(store, meeting.id, snapshot.collect(store, meeting.held_on), ["材料.docx"])


def test_without_a_previous_snapshot_the_packet_says_so_and_uses_dates(demo_store):
    packet = assemble(demo_store, "next")
    changes = packet.document("changes")
    assert changes.title == "十一届十七次常委会议以来变化情况"
    assert changes.blocks[0].text.startswith("以下为十一届十七次常委会议（2026年9月24日）以来的变化")
    assert not any(w in changes.blocks[0].text for w in ("工作台", "快照", "导出"))
    assert packet.figures.changes.has_snapshot is False
    # Supervision items whose deadline (2026-09-30) fell after the September meeting are newly overdue.
    overdue = [r[2] for r in change_rows(packet, "新近逾期事项")]
    assert any(x.startswith("JD2026-02") for x in overdue)
    # Proposals overdue since June are not "newly" overdue.
    assert not any(x.startswith("第") and "号《" in x for x in overdue)
    # Plan items whose deadline fell between the meetings are, as the ▲ in the plan report says.
    as_of = date.fromisoformat(packet.figures.as_of)
    fell = {
        f"第{i.number}条《{i.title}》"
        for i in figures.plan_items(demo_store, as_of)
        if figures.plan_item_overdue(i, as_of) and i.deadline >= date(2026, 9, 24)
    }
    assert fell and fell == {x for x in overdue if "条《" in x}


def test_changes_against_the_previous_meetings_snapshot(demo_store):
    freeze(demo_store, "十一届十七次常委会议")
    stored = snapshot.latest(demo_store, resolve(demo_store, "十一届十七次常委会议").id)
    assert stored.as_of == date(2026, 9, 24) and stored.files == ["材料.docx"]
    assert stored.exported_by == "测试秘书"

    # Between the two meetings: a plan item falls behind, a proposal is closed, a new one is filed.
    item = demo_store.rows("plan_item", number=2)[0]
    assert item["status"] != "lagging"
    demo_store.update("plan_item", item["id"], {"status": "lagging"}, expected_version=item["version"])
    prop = next(p for p in demo_store.rows("proposal") if p["status"] == "rated")
    demo_store.update("proposal", prop["id"], {"status": "closed"}, expected_version=prop["version"])
    demo_store.insert(
        "proposal",
        {
            "year": 2026,
            "case_no": 151,
            "title": "关于完善城区公交线路的建议",
            "category": "society",
            "review_result": "filed",
            "status": "assigned",
            "lead_unit": "县交通运输局",
            "assigned_on": date(2026, 10, 20),
            "due_on": date(2027, 1, 20),
        },
    )

    packet = assemble(demo_store, "next")
    assert packet.figures.changes.has_snapshot is True
    assert "与十一届十七次常委会议会议材料所载情况（截至2026年9月24日）比对" in packet.document("changes").blocks[0].text
    new = change_rows(packet, "新增事项")
    assert [r[2] for r in new] == ["第151号《关于完善城区公交线路的建议》"]
    status = {r[2]: r[3] for r in change_rows(packet, "状态变化")}
    assert status[f"第2条《{item['title']}》"].endswith("变为“进展滞后”")
    assert status[f"第{prop['case_no']:03d}号《{prop['title']}》"] == "状态由“已评价”变为“已办结”"
    overdue = [r[2] for r in change_rows(packet, "新近逾期事项")]
    assert "JD2026-02《政府债务风险防控》" in overdue
    # Items overdue already in September are not listed again.
    sept = snapshot.latest(demo_store, resolve(demo_store, "十一届十七次常委会议").id)
    already = {v["label"] for v in sept.records["supervision_items"].values() if v["overdue"]}
    assert not already & set(overdue)
    no_update = change_rows(packet, "本季度无更新事项")
    assert len(no_update) == len(packet.figures.plan.without_update) > 0


def test_the_latest_snapshot_of_the_previous_meeting_counts(demo_store):
    freeze(demo_store, "十一届十七次常委会议")
    item = demo_store.rows("plan_item", number=3)[0]
    demo_store.update("plan_item", item["id"], {"status": "changed"}, expected_version=item["version"])
    freeze(demo_store, "十一届十七次常委会议")  # exported again after the change
    packet = assemble(demo_store, "next")
    assert not any(r[2].startswith("第3条") for r in change_rows(packet, "状态变化"))


def test_without_an_earlier_meeting_of_the_term_the_packet_says_nothing_about_software(demo_store):
    meetings = list_meetings(demo_store, kind="standing_committee_meeting")
    first = min(meetings, key=lambda m: m.seq_no)
    packet = assemble(demo_store, first.id)
    changes = packet.document("changes")
    assert changes.title == "变化情况" and packet.figures.changes.previous is None
    assert not changes.included  # nothing to compare with: the packet says nothing about changes
    assert changes.blocks[0].text == "以下列出本季度尚无进展更新的事项。"
    # The first meeting of a term says so, and does not compare with the last term's meeting.
    row = demo_store.rows("meeting", id=first.id)[0]
    demo_store.insert(
        "term", {"committee_id": demo_store.rows("term")[0]["committee_id"], "term_no": 12, "start_year": 2027, "end_year": 2031}
    )
    new_term = next(t for t in demo_store.rows("term") if t["term_no"] == 12)
    demo_store.insert(
        "meeting",
        {"term_id": new_term["id"], "kind": row["kind"], "seq_no": 1, "held_on": date(2027, 3, 20), "status": "planned"},
    )
    opening = resolve(demo_store, "十二届一次常委会议")
    text = assemble(demo_store, opening.id).document("changes").blocks[0].text
    assert text.startswith("本次为本届首次常委会议")
