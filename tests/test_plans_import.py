"""Importing work plans into the store: once, again unchanged, and as a revised version.

A revised plan must update titles and text while every item keeps what the
office recorded on it (owner, status, progress notes); an import that fails
half-way leaves the store exactly as it was.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from helpers.paths import CORPUS
from workbench.base.errors import ValidationError
from workbench.plans import import_plan, parse_text
from workbench.store import schema

FEIXI = CORPUS / "work-plan-feixi-2023.txt"
COUNTY = CORPUS / "work-plans-county-2012-and-2011.txt"


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def items_by_title(store) -> dict[str, dict]:
    return {r["title"]: r for r in store.rows("plan_item")}


@pytest.mark.corpus
def test_import_corpus_then_again_changes_nothing(cli, store):
    first = cli("plan", "import", FEIXI)
    assert first.code == 0, first
    assert "已导入《肥西县政协2023年工作要点》（2023年）：6 个部分，20 条。" in first.out
    assert count(store, schema.work_plan) == 1
    assert count(store, schema.plan_section) == 6
    assert count(store, schema.plan_item) == 20
    history = count(store, schema.history)
    assert history == 1 + 6 + 20
    plan = store.rows("work_plan")[0]
    assert (plan["year"], plan["source_name"]) == (2023, "work-plan-feixi-2023.txt")
    assert {r["status"] for r in store.rows("plan_item")} == {"not_started"}

    again = cli("plan", "import", FEIXI)
    assert again.code == 0, again
    assert "与库中已有的版本相同，未做任何修改" in again.out
    assert count(store, schema.history) == history
    assert count(store, schema.plan_item) == 20


@pytest.mark.corpus
def test_import_both_plans_of_one_file_and_choose_one_by_year(cli, store):
    result = cli("plan", "import", COUNTY, "--year", "2011")
    assert result.code == 0, result
    assert [p["year"] for p in store.rows("work_plan")] == [2011]
    assert count(store, schema.plan_item) == 16
    result = cli("plan", "import", COUNTY)
    assert result.code == 0, result
    assert "2011年工作要点（2011年）与库中已有的版本相同" in result.out
    assert "已导入2012年工作要点（2012年）：4 个部分，16 条。" in result.out
    assert sorted(p["year"] for p in store.rows("work_plan")) == [2011, 2012]
    assert count(store, schema.plan_item) == 32


ORIGINAL = """青岚县政协2025年工作要点
一、加强思想政治建设
1.深入学习党的创新理论。组织常委会议集体学习，每季度一次。
2.坚持党的领导。落实请示报告制度。
3.加强理论宣讲。组织委员宣讲团深入基层。
二、聚焦中心建言资政
4.开展专题协商。围绕乡村振兴开展专题协商。
5.做好提案工作。提高提案质量，办好重点提案。
6.开展民主评议。评议两个部门。
"""

REVISED = """青岚县政协2025年工作要点（修订稿）
一、加强思想政治建设，凝聚共识
1.深入学习党的创新理论。组织常委会议集体学习，每两个月一次。
2.坚持党的全面领导。落实请示报告制度。
二、聚焦中心建言资政
3.开展专题协商。围绕乡村振兴开展专题协商。
4.开展民主监督。向县财政局派驻民主监督小组。
5.做好提案工作。提高提案质量，办好重点提案。
"""


def _prepare(store):
    report = import_plan(store, parse_text(ORIGINAL))
    assert report.items_added == 6
    items = items_by_title(store)
    with store.writer("测试秘书") as w:
        for title, owner, status in [
            ("深入学习党的创新理论", "李明", "in_progress"),
            ("坚持党的领导", "王芳", "done"),
            ("做好提案工作", "赵强", "lagging"),
            ("开展民主评议", "孙丽", "in_progress"),
        ]:
            row = items[title]
            w.update(schema.plan_item, row["id"], {"owner": owner, "status": status}, expected_version=row["version"])
        w.insert(
            schema.progress_note,
            {
                "plan_item_id": items["深入学习党的创新理论"]["id"],
                "noted_on": date(2025, 3, 10),
                "text": "第一季度：集中学习两次。",
            },
        )
        w.insert(
            schema.progress_note,
            {"plan_item_id": items["做好提案工作"]["id"], "noted_on": date(2025, 3, 12), "text": "第一季度：立案 86 件。"},
        )
    return items


def test_revised_plan_updates_text_and_keeps_owner_status_and_notes(store, tmp_path, cli):
    before = _prepare(store)
    path = tmp_path / "工作要点修订稿.txt"
    path.write_text(REVISED, encoding="gb18030")

    dry = cli("plan", "import", path, "--dry-run")
    assert dry.code == 0, dry
    assert "尚未保存" in dry.out
    history = count(store, schema.history)
    assert count(store, schema.plan_item) == 6 and store.rows("work_plan")[0]["title"] == "青岚县政协2025年工作要点"

    result = cli("plan", "import", path)
    assert result.code == 0, result
    # The dry run announced exactly what the real import then did.
    assert dry.out.replace("（试导入：以下是将要进行的修改，尚未保存。）\n", "") == result.out
    out = result.out
    assert "与库中已有的版本相比有以下变化" in out
    assert "标题由《青岚县政协2025年工作要点》改为《青岚县政协2025年工作要点（修订稿）》" in out
    assert "第一部分标题由“加强思想政治建设”改为“加强思想政治建设，凝聚共识”" in out
    assert "第1条《深入学习党的创新理论》：正文有改动。" in out
    assert "第2条《坚持党的领导》：标题改为《坚持党的全面领导》，正文有改动。" in out
    assert "删除原第3条《加强理论宣讲》" in out
    assert "新增第4条《开展民主监督》（第二部分）" in out
    assert "原第6条《开展民主评议》已不在新文件中" in out and "已调整/取消" in out
    assert "《做好提案工作》" not in out  # unchanged, so not listed
    assert "第4条《开展专题协商》：序号改为第3条。" in out

    after = items_by_title(store)
    kept = after["深入学习党的创新理论"]
    assert kept["id"] == before["深入学习党的创新理论"]["id"]
    assert (kept["owner"], kept["status"]) == ("李明", "in_progress")
    assert kept["text"] == "深入学习党的创新理论。组织常委会议集体学习，每两个月一次。"
    renamed = after["坚持党的全面领导"]
    assert renamed["id"] == before["坚持党的领导"]["id"]
    assert (renamed["owner"], renamed["status"]) == ("王芳", "done")
    proposals = after["做好提案工作"]
    assert proposals["id"] == before["做好提案工作"]["id"]
    assert (proposals["number"], proposals["owner"], proposals["status"]) == (5, "赵强", "lagging")
    assert after["开展专题协商"]["number"] == 3
    new = after["开展民主监督"]
    assert (new["number"], new["status"], new["owner"]) == (4, "not_started", None)
    assert "加强理论宣讲" not in after  # nothing was recorded on it, so it went
    dropped = after["开展民主评议"]
    assert (dropped["owner"], dropped["status"]) == ("孙丽", "changed")
    assert dropped["number"] not in (3, 4, 5)
    notes = {n["text"]: n["plan_item_id"] for n in store.rows("progress_note")}
    assert notes == {"第一季度：集中学习两次。": kept["id"], "第一季度：立案 86 件。": proposals["id"]}
    sections = store.rows("plan_section", order_by="number")
    assert [s["title"] for s in sections] == ["加强思想政治建设，凝聚共识", "聚焦中心建言资政"]
    assert count(store, schema.history) > history
    # Each change is in history, so a secretary can see and undo it.
    changes = [h for h in store.history("plan_item", kept["id"]) if h["field"] == "text"]
    assert changes and changes[-1]["actor"] == "测试秘书"

    # The revised file imported a second time changes nothing more.
    history = count(store, schema.history)
    again = cli("plan", "import", path)
    assert "未做任何修改" in again.out
    assert count(store, schema.history) == history


def test_dry_run_writes_nothing(store):
    report = import_plan(store, parse_text(ORIGINAL), dry_run=True)
    assert report.dry_run and report.items_added == 6
    assert "尚未保存" in report.lines[0]
    assert count(store, schema.work_plan) == 0 and count(store, schema.history) == 0


@pytest.mark.corpus
def test_failure_half_way_leaves_the_store_untouched(store):
    # Two stored plans for 2011 make the second plan of the file ambiguous, after the 2012 one was written.
    store.insert("work_plan", {"year": 2011, "title": "甲"})
    store.insert("work_plan", {"year": 2011, "title": "乙"})
    history = count(store, schema.history)
    with pytest.raises(ValidationError, match="2011 年"):
        import_plan(store, COUNTY)
    assert [p["year"] for p in store.rows("work_plan")] == [2011, 2011]
    assert count(store, schema.plan_item) == 0
    assert count(store, schema.history) == history


def test_plan_without_a_year_needs_one(cli, tmp_path, store):
    path = tmp_path / "无年度.txt"
    path.write_text("县政协工作要点\n一、加强学习\n1.学习。内容。\n", encoding="utf-8")
    result = cli("plan", "import", path)
    assert result.code == 1
    assert "没有写明年度" in result.err and "--year" in result.err
    assert "Traceback" not in result.err
    assert count(store, schema.work_plan) == 0
    result = cli("plan", "import", path, "--year", "2026")
    assert result.code == 0, result
    assert store.rows("work_plan")[0]["year"] == 2026


@pytest.mark.corpus
def test_import_speech_writes_nothing(cli, store):
    result = cli("plan", "import", CORPUS / "speech-liaison-groups-2012.txt")
    assert result.code == 1 and "不是年度工作要点" in result.err
    assert count(store, schema.history) == 0


@pytest.mark.corpus
def test_imported_plan_belongs_to_the_demo_committee(demo_store):
    report = import_plan(demo_store, FEIXI)
    assert report.plans_added == 1
    plan = next(p for p in demo_store.rows("work_plan") if p["year"] == 2023)
    assert plan["committee_id"] == demo_store.rows("committee")[0]["id"]


def test_items_swapped_in_a_revision_keep_their_own_records(store):
    items = _prepare(store)
    swapped = ORIGINAL.replace(
        "1.深入学习党的创新理论。组织常委会议集体学习，每季度一次。\n2.坚持党的领导。落实请示报告制度。",
        "1.坚持党的领导。落实请示报告制度。\n2.深入学习党的创新理论。组织常委会议集体学习，每季度一次。",
    )
    report = import_plan(store, parse_text(swapped))
    assert report.items_changed == 2 and report.items_added == 0 and report.items_removed == 0
    assert "  2. 第1条《深入学习党的创新理论》：序号改为第2条。" in report.lines
    after = items_by_title(store)
    assert (after["坚持党的领导"]["id"], after["坚持党的领导"]["number"]) == (items["坚持党的领导"]["id"], 1)
    assert after["深入学习党的创新理论"]["number"] == 2
    assert after["深入学习党的创新理论"]["owner"] == "李明"
