"""The dashboard widget in process: figures, escaping, snapshots, empty stores, and no writes whatever is chosen."""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from sqlalchemy.exc import OperationalError

from workbench import figures
from workbench.store import Store, schema

AS_OF = date(2026, 11, 20)
HOSTILE = "<img src=x onerror=alert(1)>"


def _kpis(html: str) -> dict[str, tuple[str, str]]:
    return {k: (raw, shown) for k, raw, shown in
            re.findall(r'data-kpi="(\w+)" data-value="([^"]*)">([^<]*)<', html)}


def _db_state(store: Store) -> tuple:
    from sqlalchemy import func, select
    with store.engine.connect() as conn:
        history = conn.execute(select(func.count()).select_from(schema.history)).scalar()
        versions = tuple(conn.execute(select(func.coalesce(func.sum(t.c.version), 0))).scalar()
                         for t in schema.entity_tables())
    return history, versions


def test_kpis_equal_the_shared_figures(demo_store):
    from workbench.meetings import next_meeting
    from workbench.ui.dashboard import render_html
    html = render_html(as_of=AS_OF)
    kpis = _kpis(html)
    items = figures.plan_items(demo_store, AS_OF)
    counts = figures.plan_status_counts(items)
    pf = figures.proposal_figures(demo_store, AS_OF)
    overdue = [s for s in figures.supervision_items(demo_store, AS_OF) if s.overdue]
    missing = figures.materials_missing(figures.briefing_topics(demo_store, next_meeting(demo_store).id))
    assert kpis["plan_done"] == (str(counts["done"]), f"{counts['done']}项")
    assert kpis["plan_in_progress"] == (str(counts["in_progress"]), f"{counts['in_progress']}项")
    assert kpis["plan_lagging"] == (str(counts["lagging"]), f"{counts['lagging']}项")
    assert kpis["supervision_overdue"] == (str(len(overdue)), f"{len(overdue)}项")
    assert kpis["reply_rate"][1] == figures.percent(pf.reply_rate)
    assert kpis["satisfaction_rate"][1] == figures.percent(pf.satisfaction_rate)
    assert kpis["materials_missing"] == (str(len(missing)), f"{len(missing)}项")
    assert len(overdue) > 0 and len(missing) > 0
    # Charts and tables are all there, in Chinese, for the next meeting.
    for panel in ("plan_sections", "proposal_status", "proposal_units", "reply_categories", "liaison",
                  "overdue", "briefings", "absences"):
        assert f'data-panel="{panel}"' in html
    assert "十一届十八次常委会议情况通报议题" in html
    assert 'data-as-of="2026-11-20"' in html
    # Members at or near the absence rule are named (the demo has one at the limit, two approaching).
    near = figures.absences_near_rule(demo_store, next_meeting(demo_store).term_id, up_to=AS_OF)
    assert near and all(r["name"] in html for r in near)
    assert "已达到通报标准" in html


def test_overdue_table_lists_department_leader_and_days(demo_store):
    from workbench.ui.dashboard import render_html
    html = render_html(as_of=AS_OF)
    table = html[html.index('data-panel="overdue"'):html.index('data-panel="briefings"')]
    for s in figures.supervision_items(demo_store, AS_OF):
        if s.overdue:
            assert s.item["topic"] in table and s.item["department"] in table
            assert f"{s.days_overdue}天" in table and s.item["leader"] in table


def test_text_from_the_store_is_escaped_everywhere(demo_store):
    from workbench.ui.dashboard import render_html
    section = demo_store.rows("plan_section")[0]
    meeting = [m for m in demo_store.rows("meeting") if m["status"] == "planned"][0]
    with demo_store.writer() as w:
        w.update(schema.plan_section, section["id"], {"title": HOSTILE + "部分"}, expected_version=section["version"])
        w.insert(schema.plan_item, {"section_id": section["id"], "number": 99, "title": HOSTILE,
                                    "lead_committee": "<b>办公室</b>", "lead_leader": "\"周'启明",
                                    "deadline": date(2026, 1, 1), "status": "lagging"})
        w.insert(schema.briefing_topic, {"meeting_id": meeting["id"], "code": "TB-X", "topic": HOSTILE + "通报",
                                         "reporter": "<script>x</script>", "status": "planned"})
    html = render_html(as_of=AS_OF)
    assert "<img" not in html and "<script>x" not in html and "<b>办公室" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;办公室&lt;/b&gt;" in html


def test_meeting_selector_defaults_to_next_meeting_and_offers_snapshots(demo_store):
    from workbench.ui.dashboard import Dashboard
    from workbench.ui.dashboard_data import Choice
    held = [m for m in demo_store.rows("meeting") if m["kind"] == "standing_committee_meeting" and m["status"] == "held"]
    with demo_store.writer() as w:
        w.conn.execute(schema.packet_snapshot.insert().values(
            meeting_id=held[-1]["id"], exported_at=datetime(2026, 9, 20, 15, 30), exported_by="王秘书",
            data=json.dumps({"as_of": "2026-09-24", "figures": {"reply_rate": 0.8125, "filed": 96},
                             "proposals": {"2026-1": {"label": "第001号《关于测试的建议》", "status": "handling",
                                                      "overdue": True, "due_on": "2026-06-10"}}},
                            ensure_ascii=False), files="[]"))
        w.conn.execute(schema.packet_snapshot.insert().values(
            meeting_id=held[0]["id"], exported_at=datetime(2026, 3, 15, 9, 0), exported_by="王秘书",
            data="{not json", files=None))
    board = Dashboard(as_of=AS_OF)
    labels = [label for label, _ in board.selector.options]
    assert board.selector.value == Choice("live", [m for m in demo_store.rows("meeting")
                                                   if m["kind"] == "standing_committee_meeting"
                                                   and m["status"] == "planned"][0]["id"])
    assert "十一届十八次常委会议（2026年12月17日，筹备中）· 实时数据" in labels
    good = next(k for k, text in enumerate(labels) if "2026年9月20日 15:30导出" in text)
    bad = next(k for k, text in enumerate(labels) if "2026年3月15日 09:00导出" in text)
    board.selector.index = good
    body = board.body.value
    assert "会议材料导出时的快照：2026年9月20日 15:30由王秘书导出，数据截至2026年9月24日" in body
    assert "提案办复率" in body and "81.2%" in body
    assert "第001号《关于测试的建议》" in body and "办理中1项" in body
    board.selector.index = bad
    assert "无法读取" in board.body.value and "2026年3月15日 09:00" in board.body.value


def test_every_choice_reads_only(demo_store, monkeypatch):
    """What a comm message can do — pick any option, or none — opens the store read-only and writes nothing."""
    from workbench.ui.dashboard import Dashboard
    from workbench.ui.dashboard_data import Choice
    opened = []
    real_open = Store.open.__func__

    def spy(cls, url=None, *, readonly=False):
        opened.append(readonly)
        return real_open(cls, url, readonly=readonly)
    monkeypatch.setattr(Store, "open", classmethod(spy))
    before = _db_state(demo_store)
    board = Dashboard(as_of=AS_OF)
    for index in range(len(board.selector.options)):
        board.selector.index = index
        assert "wb-dash" in board.body.value
    board.selector.value = None
    board._on_select({"new": Choice("live", 999999)})     # a meeting that does not exist
    board._on_select({"new": Choice("snapshot", 999999)})
    assert "找不到这份快照" in board.body.value
    board._on_select({"new": "<img src=x onerror=alert(1)>"})
    assert "<img" not in board.body.value
    assert opened and all(opened)
    assert _db_state(demo_store) == before


def test_the_dashboard_cannot_write_through_its_store(demo_store):
    from workbench.errors import ReadOnlyError
    from workbench.ui.dashboard import Dashboard
    board = Dashboard(as_of=AS_OF)
    with board._reading() as store:
        assert store.readonly
        with pytest.raises(ReadOnlyError):
            with store.writer():
                pass
        with pytest.raises(OperationalError, match="readonly"):  # the connection itself refuses, not only Python
            with store.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM history")
    assert demo_store.rows("proposal")


def test_empty_store_shows_a_friendly_message(store):
    from workbench.ui.dashboard import render_html
    html = render_html()
    assert 'data-state="message"' in html and "暂无可显示的数据" in html
    assert "Traceback" not in html


def test_missing_store_shows_a_friendly_message_without_paths(workbench_env):
    from workbench import config
    from workbench.ui.dashboard import render_html
    html = render_html()
    assert "暂无可显示的数据" in html and "无法读取工作台数据库" in html
    assert str(config.data_dir()) not in html
    assert not (Path(workbench_env["WORKBENCH_DATA_DIR"]) / "workbench.sqlite").exists()


def test_charts_escape_labels_and_draw_empty_states():
    from workbench.ui import dashboard_charts as charts
    svg = charts.bar_chart([(HOSTILE, 3), ("县财政局", 1)], label="测试")
    assert "<img" not in svg and "&lt;img" in svg and "县财政局" in svg
    svg = charts.stacked_bar_chart([("一、" + HOSTILE, [1, 2])], [("已完成", "#0a0"), ("<i>", "#00a")], label="x")
    assert "<img" not in svg and "<i>" not in svg
    assert "暂无已答复" in charts.donut_chart([("A类", 0, "#000")], label="x", empty="暂无已答复的提案")
    full = charts.donut_chart([("A类", 5, "#000"), ("B类", 0, "#111")], label="x")
    assert "<circle" in full and "100.0%" in full
    assert "未设指标" in charts.completion_chart([("城关镇委员联络组", 0, 0)], label="x")
    assert charts.clip("一二三四五六七八九十", 60, 13).endswith("…")
