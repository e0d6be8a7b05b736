"""The dashboard widget in process: figures, escaping, snapshots, empty stores, and no writes whatever is chosen."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from workbench.base.numerals import chinese_date
from workbench.office import figures
from workbench.office.meetings import next_meeting
from workbench.store import Store, schema

AS_OF = date(2026, 11, 20)
HOSTILE = "<img src=x onerror=alert(1)>"


def _kpis(html: str) -> dict[str, tuple[str, str]]:
    return {k: (raw, shown) for k, raw, shown in re.findall(r'data-kpi="(\w+)" data-value="([^"]*)">([^<]*)<', html)}


def _db_state(store: Store) -> tuple:
    from sqlalchemy import func, select

    with store.engine.connect() as conn:
        history = conn.execute(select(func.count()).select_from(schema.history)).scalar()
        versions = tuple(conn.execute(select(func.coalesce(func.sum(t.c.version), 0))).scalar() for t in schema.entity_tables())
    return history, versions


# ---------------------------------------------------------------- expected figures, by plain SQL
#
# Written from the office's definitions (workbench/figures.py docstring), not with `figures`:
# a wrong definition there must make these tests fail, so they share no code with it.


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
        month - 1
    ]
    return date(year, month, min(day.day, last))


def sql_expected(db: Path, as_of: date) -> dict:
    """The dashboard's figures as of `as_of`, computed with sqlite3 on the database file."""
    import sqlite3
    import tomllib

    rules = tomllib.loads(
        (Path(__file__).resolve().parent.parent / "workbench" / "base" / "labels.toml").read_text(encoding="utf-8")
    )["rules"]
    day = as_of.isoformat()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        one = lambda sql, *args: conn.execute(sql, args).fetchone()[0]  # noqa: E731
        plan_year = one("SELECT MAX(year) FROM work_plan WHERE year <= ?", as_of.year) or one("SELECT MAX(year) FROM work_plan")
        plan = dict(
            conn.execute(
                "SELECT COALESCE(i.status, 'not_started'), COUNT(*) FROM plan_item i "
                "JOIN plan_section s ON i.section_id = s.id JOIN work_plan w ON s.work_plan_id = w.id "
                "WHERE w.year = ? GROUP BY 1",
                (plan_year,),
            ).fetchall()
        )
        plan_overdue = one(
            "SELECT COUNT(*) FROM plan_item i JOIN plan_section s ON i.section_id = s.id "
            "JOIN work_plan w ON s.work_plan_id = w.id WHERE w.year = ? "
            "AND COALESCE(i.status, '') NOT IN ('done', 'changed') AND i.deadline IS NOT NULL AND i.deadline < ?",
            plan_year,
            day,
        )
        supervision_overdue = one(
            "SELECT COUNT(*) FROM supervision_item WHERE COALESCE(status, '') != 'closed' "
            "AND deadline IS NOT NULL AND deadline < ?",
            day,
        )
        feedback_overdue = one(
            "SELECT COUNT(*) FROM supervision_item WHERE COALESCE(status, '') != 'closed' "
            "AND recommendation_sent_on IS NOT NULL AND feedback_received_on IS NULL "
            "AND date(recommendation_sent_on, ?) < ?",
            f"+{rules['supervision_feedback_days']} days",
            day,
        )
        year = one("SELECT MAX(year) FROM proposal WHERE year <= ?", as_of.year) or one("SELECT MAX(year) FROM proposal")
        filed = one("SELECT COUNT(*) FROM proposal WHERE year = ? AND review_result = 'filed'", year)
        replied = one(
            "SELECT COUNT(*) FROM proposal WHERE year = ? AND review_result = 'filed' "
            "AND replied_on IS NOT NULL AND replied_on <= ?",
            year,
            day,
        )
        rated = one(
            "SELECT COUNT(*) FROM proposal WHERE year = ? AND review_result = 'filed' "
            "AND replied_on IS NOT NULL AND replied_on <= ? AND COALESCE(satisfaction, '') != ''",
            year,
            day,
        )
        satisfied = one(
            "SELECT COUNT(*) FROM proposal WHERE year = ? AND review_result = 'filed' "
            "AND replied_on IS NOT NULL AND replied_on <= ? "
            "AND satisfaction IN ('satisfied', 'basically_satisfied')",
            year,
            day,
        )
        proposals_overdue = 0
        for due_on, assigned_on in conn.execute(
            "SELECT due_on, assigned_on FROM proposal WHERE year = ? AND review_result = 'filed' "
            "AND (replied_on IS NULL OR replied_on > ?)",
            (year, day),
        ):
            due = (
                date.fromisoformat(due_on)
                if due_on
                else _add_months(date.fromisoformat(assigned_on), rules["proposal_due_months"])
                if assigned_on
                else None
            )
            proposals_overdue += due is not None and due < as_of
        meeting = conn.execute(
            "SELECT m.id FROM meeting m JOIN term t ON m.term_id = t.id WHERE m.kind = 'standing_committee_meeting' "
            "AND m.status NOT IN ('held', 'cancelled') ORDER BY t.term_no, m.seq_no LIMIT 1"
        ).fetchone()[0]
        missing = one(
            "SELECT COUNT(*) FROM briefing_topic WHERE meeting_id = ? AND materials_received_on IS NULL "
            "AND status NOT IN ('materials_received', 'briefed')",
            meeting,
        )
        # Supervised 议定事项 of the standing-committee meetings before that one, not done by the day and past due.
        decisions_overdue = one(
            "SELECT COUNT(*) FROM decision d JOIN meeting m ON d.meeting_id = m.id "
            "WHERE d.supervised AND m.kind = 'standing_committee_meeting' AND m.held_on IS NOT NULL "
            "AND m.held_on < (SELECT held_on FROM meeting WHERE id = ?) "
            "AND NOT (COALESCE(d.status, '') = 'done' AND (d.closed_on IS NULL OR d.closed_on <= ?)) "
            "AND d.deadline IS NOT NULL AND d.deadline < ?",
            meeting,
            day,
            day,
        )
    finally:
        conn.close()
    return {
        "plan_done": plan.get("done", 0),
        "plan_in_progress": plan.get("in_progress", 0),
        "plan_lagging": plan.get("lagging", 0),
        "supervision_overdue": supervision_overdue,
        "reply_rate": replied / filed,
        "satisfaction_rate": satisfied / rated,
        "materials_missing": missing,
        "overdue_rows": supervision_overdue + plan_overdue + proposals_overdue + decisions_overdue,
        "proposals_overdue": proposals_overdue,
        "feedback_overdue": feedback_overdue,
    }


def _no_due_date_proposals(store: Store) -> None:
    """Two filed proposals without 办理期限: one past assigned_on + proposal_due_months, one not yet."""
    with store.writer() as w:
        for case_no, assigned in ((901, date(2026, 1, 31)), (902, date(2026, 10, 30))):
            w.insert(
                schema.proposal,
                {
                    "year": 2026,
                    "case_no": case_no,
                    "title": f"关于测试办理期限推算的建议{case_no}",
                    "review_result": "filed",
                    "lead_unit": "县测试局",
                    "assigned_on": assigned,
                    "status": "handling",
                },
            )


def test_kpis_equal_independent_sql(demo_store):
    from workbench.ui.dashboard import render_html

    _no_due_date_proposals(demo_store)
    html = render_html(as_of=AS_OF)
    kpis = _kpis(html)
    db = Path(demo_store.engine.url.database)
    expected = sql_expected(db, AS_OF)
    for key in ("plan_done", "plan_in_progress", "plan_lagging", "supervision_overdue", "materials_missing"):
        assert kpis[key] == (str(expected[key]), f"{expected[key]}项"), key
    for key in ("reply_rate", "satisfaction_rate"):
        assert abs(float(kpis[key][0]) - expected[key]) < 1e-6, key
        assert kpis[key][1] == f"{expected[key] * 100:.1f}%", key
    assert f"逾期事项（{expected['overdue_rows']}项）" in html
    assert f'data-feedback-overdue="{expected["feedback_overdue"]}"' in html
    # The proposal with no due date entered, assigned 1月31日, was due 4月30日 (three months, month end kept).
    assert "关于测试办理期限推算的建议901" in html and "2026年4月30日" in html
    assert "关于测试办理期限推算的建议902" not in html
    # The demo is chosen so that these are not trivially zero.
    assert all(
        expected[k] > 0
        for k in ("supervision_overdue", "plan_lagging", "materials_missing", "proposals_overdue", "feedback_overdue")
    )
    # Charts and tables are all there, in Chinese, for the next meeting.
    for panel in (
        "plan_sections",
        "proposal_status",
        "proposal_units",
        "reply_categories",
        "liaison",
        "overdue",
        "briefings",
        "absences",
    ):
        assert f'data-panel="{panel}"' in html
    assert "十一届十八次常委会议情况通报议题" in html
    assert 'data-as-of="2026-11-20"' in html
    # Members at or near the absence rule are named (the demo has one at the limit, two approaching).
    near = figures.absences_near_rule(demo_store, next_meeting(demo_store).term_id, up_to=AS_OF)
    assert near and all(r["name"] in html for r in near)
    assert "已达到通报标准" in html


def test_feedback_overdue_supervision_items_are_listed(demo_store):
    from workbench.ui.dashboard import render_html

    html = render_html(as_of=AS_OF)
    table = html[html.index('data-panel="overdue"') : html.index('data-panel="briefings"')]
    late = [s for s in figures.supervision_items(demo_store, AS_OF) if s.feedback_overdue]
    assert late and "监督建议书逾期未反馈" in table
    for s in late:
        sent = s.item["recommendation_sent_on"]
        assert f"{s.item['code']} {s.item['topic']}" in table
        assert f"{sent.year}年{sent.month}月{sent.day}日" in table


def test_liaison_year_is_the_meetings_year(demo_store):
    """As in the packet: the quota year is the meeting's, not the work plan's."""
    from workbench.office.meetings import list_meetings
    from workbench.ui.dashboard import data

    committee_id = demo_store.rows("committee")[0]["id"]
    with demo_store.writer() as w:  # a plan for next year must not move the quota year
        w.insert(schema.work_plan, {"committee_id": committee_id, "year": 2027, "title": "2027年工作要点"})
    meeting = next_meeting(demo_store)
    view = data.live_view(demo_store, meeting.id, date(2027, 1, 10))
    # Looked at after the meeting: its figures as of its day (office.preparation), its quota year 2026.
    assert view.as_of == meeting.held_on and view.plan_year == 2026 and view.liaison_year == 2026
    assert view.liaison and all(g["required"] > 0 for g in view.liaison)
    first = next(m for m in list_meetings(demo_store) if m.held_on and m.held_on.year == 2026)
    assert data.live_view(demo_store, first.id, date(2027, 1, 10)).liaison_year == 2026


def test_overdue_table_lists_department_leader_and_days(demo_store):
    from workbench.ui.dashboard import render_html

    html = render_html(as_of=AS_OF)
    table = html[html.index('data-panel="overdue"') : html.index('data-panel="briefings"')]
    for s in figures.supervision_items(demo_store, AS_OF):
        if s.overdue:
            assert s.item["topic"] in table and s.item["department"] in table
            assert f"{s.days_overdue}天" in table and s.item["leader"] in table


def test_text_from_the_store_is_escaped_everywhere(demo_store):
    from workbench.ui.dashboard import render_html

    section = demo_store.rows("plan_section")[0]
    meeting = next(m for m in demo_store.rows("meeting") if m["status"] == "planned")
    with demo_store.writer() as w:
        w.update(schema.plan_section, section["id"], {"title": HOSTILE + "部分"}, expected_version=section["version"])
        w.insert(
            schema.plan_item,
            {
                "section_id": section["id"],
                "number": 99,
                "title": HOSTILE,
                "lead_committee": "<b>办公室</b>",
                "lead_leader": "\"周'启明",
                "deadline": date(2026, 1, 1),
                "status": "lagging",
            },
        )
        w.insert(
            schema.briefing_topic,
            {
                "meeting_id": meeting["id"],
                "code": "TB-X",
                "topic": HOSTILE + "通报",
                "reporter": "<script>x</script>",
                "status": "planned",
            },
        )
    html = render_html(as_of=AS_OF)
    assert "<img" not in html and "<script>x" not in html and "<b>办公室" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;办公室&lt;/b&gt;" in html


def test_meeting_selector_defaults_to_next_meeting_and_offers_snapshots(demo_store):
    from workbench.ui.dashboard import Dashboard
    from workbench.ui.dashboard.data import Choice

    held = [m for m in demo_store.rows("meeting") if m["kind"] == "standing_committee_meeting" and m["status"] == "held"]
    with demo_store.writer() as w:
        w.conn.execute(
            schema.packet_snapshot.insert().values(
                meeting_id=held[-1]["id"],
                exported_at=datetime(2026, 9, 20, 15, 30),
                exported_by="王秘书",
                data=json.dumps(
                    {
                        "as_of": "2026-09-24",
                        "figures": {"reply_rate": 0.8125, "filed": 96},
                        "proposals": {
                            "2026-1": {
                                "label": "第001号《关于测试的建议》",
                                "status": "handling",
                                "overdue": True,
                                "due_on": "2026-06-10",
                            }
                        },
                    },
                    ensure_ascii=False,
                ),
                files="[]",
            )
        )
        w.conn.execute(
            schema.packet_snapshot.insert().values(
                meeting_id=held[0]["id"],
                exported_at=datetime(2026, 3, 15, 9, 0),
                exported_by="王秘书",
                data="{not json",
                files=None,
            )
        )
    board = Dashboard(as_of=AS_OF)
    labels = [label for label, _ in board.selector.options]
    assert board.selector.value == Choice(
        "live",
        next(m for m in demo_store.rows("meeting") if m["kind"] == "standing_committee_meeting" and m["status"] == "planned")[
            "id"
        ],
    )
    assert "十一届十八次常委会议（2026年12月17日，筹备中）· 实时数据" in labels
    good = next(k for k, text in enumerate(labels) if "2026年9月20日 15:30导出" in text)
    bad = next(k for k, text in enumerate(labels) if "2026年3月15日 09:00导出" in text)
    board.selector.index = good
    body = board.body.value
    # A snapshot with only some of the figures (an older export) shows what it has and skips the rest.
    assert "导出时间：2026年9月20日 15:30；导出人：王秘书；数据截至2026年9月24日" in body
    assert "第001号《关于测试的建议》" in body and "办理中1件" in body and "2026年6月10日" in body
    assert "0.8125" not in body and "reply_rate" not in body and "filed" not in body
    board.selector.index = bad
    assert "无法读取" in board.body.value and "2026年3月15日 09:00" in board.body.value


def _visible_text(html: str) -> str:
    import html as html_lib

    text = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", text))


def _panel_rows(html: str, key: str) -> dict[str, str]:
    import html as html_lib

    start = html.index(f'data-panel="{key}"')
    end = html.find('data-panel="', start + 1)
    part = html[start : end if end > 0 else len(html)]
    return {html_lib.unescape(a): html_lib.unescape(b) for a, b in re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", part)}


# ASCII identifiers a leader must never read: snake_case keys, internal names, booleans, ISO dates.
INTERNAL = re.compile(
    r"[A-Za-z]+_[A-Za-z_]+|\b(?:has|rules|total|replied|listed|codes|ids|keys|true|false|"
    r"True|False|None|null)\b|\d{4}-\d{2}-\d{2}"
)


def assert_reads_as_chinese(text: str) -> None:
    found = INTERNAL.findall(text)
    assert not found, found


def snapshot_figures_expected(data: dict) -> dict[str, dict[str, str]]:
    """What each snapshot panel must say, written from the exported JSON with the office's wording."""
    f = data["figures"]
    pct = lambda x: f"{x * 100:.1f}%"  # noqa: E731
    plan, sup, pro, brief, att = f["plan"], f["supervision"], f["proposals"], f["briefings"], f["attendance"]
    return {
        "snapshot_plan": {
            "工作要点条目": f"{plan['total']}条",
            "已完成": f"{plan['by_status']['done']}条",
            "推进中": f"{plan['by_status']['in_progress']}条",
            "进展滞后": f"{plan['by_status']['lagging']}条",
            "本季度无进展更新": f"{len(plan['without_update'])}条",
        },
        "snapshot_supervision": {
            "监督事项": f"{sup['total']}项",
            "民主监督小组": f"{sup['groups']}个",
            "已办结": f"{sup['by_status']['closed']}项",
        },
        "snapshot_proposals": {
            "收到提案": f"{pro['total']}件",
            "立案提案": f"{pro['filed']}件",
            "已答复": f"{pro['replied']}件",
            "办复率": pct(pro["reply_rate"]),
            "满意率": pct(pro["satisfaction_rate"]),
            "超过办理期限未答复": f"{pro['overdue']}件",
        },
        "snapshot_briefings": {"本次会议通报议题": f"{brief['count']}项"},
        "snapshot_attendance": {"无故缺席须通报的次数": f"{att['absence_limit']}次"},
        "snapshot_liaison": {
            name: f"已开展{g['done']}次／指标{g['required']}次，完成{pct(g['completion'])}" for name, g in f["liaison"].items()
        },
    }


def test_real_export_snapshot_reads_as_chinese(demo_store, tmp_path, monkeypatch):
    """The snapshot a leader picks is the one `export_packet` writes: every figure labelled, nothing internal."""
    from workbench.publish import export_packet
    from workbench.ui.dashboard import Dashboard

    monkeypatch.setenv("WORKBENCH_USER", "王秘书")
    result = export_packet(demo_store, "next", tmp_path / "out")
    row = demo_store.rows("packet_snapshot", id=result.snapshot_id)[0]
    data = json.loads(row["data"])
    board = Dashboard(as_of=AS_OF)
    labels = [label for label, _ in board.selector.options]
    board.selector.index = next(k for k, text in enumerate(labels) if "会议材料快照" in text)
    body = board.body.value
    text = _visible_text(body)
    assert_reads_as_chinese(text)
    assert_reads_as_chinese(" ".join(labels))
    assert "本页为政协青岚县第十一届委员会常务委员会第十八次会议材料导出时的快照" in text
    moment = row["exported_at"]
    assert (
        f"导出时间：{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}；导出人：王秘书；"
        f"数据截至{chinese_date(min(date(2026, 12, 17), date.today()))}"
    ) in text
    for panel, rows in snapshot_figures_expected(data).items():
        shown = _panel_rows(body, panel)
        for name, value in rows.items():
            assert shown.get(name) == value, (panel, name, shown.get(name), value)
    # Status codes use the status label set, not a figure's name (`replied` is 已答复 as a status).
    by_status = data["figures"]["proposals"]["by_status"]
    assert f"已答复{by_status['replied']}件" in _panel_rows(body, "snapshot_proposals")["按办理状态"]
    # Overdue supervision items are named as the packet names them; dates read as the office writes them.
    for code in data["figures"]["supervision"]["overdue_codes"]:
        assert data["supervision_items"][code]["label"] in _panel_rows(body, "snapshot_supervision")["超过完成时限未办结"]
    overdue = body[body.index('data-panel="snapshot_overdue"') :]
    late = next(v for v in data["supervision_items"].values() if v["overdue"])
    due = date.fromisoformat(late["deadline"])
    assert late["label"] in overdue and f"{due.year}年{due.month}月{due.day}日" in overdue
    assert "会议材料文件" in text and "提案办理情况" in text


def test_every_choice_reads_only(demo_store, monkeypatch):
    """What a comm message can do — pick any option, or none — opens the store read-only and writes nothing."""
    from workbench.ui.dashboard import Dashboard
    from workbench.ui.dashboard.data import Choice

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
    board._on_select({"new": Choice("live", 999999)})  # a meeting that does not exist
    board._on_select({"new": Choice("snapshot", 999999)})
    assert "找不到这份快照" in board.body.value
    board._on_select({"new": "<img src=x onerror=alert(1)>"})
    assert "<img" not in board.body.value
    assert opened and all(opened)
    assert _db_state(demo_store) == before


def test_the_dashboard_cannot_write_through_its_store(demo_store):
    from workbench.base.errors import ReadOnlyError
    from workbench.ui.dashboard import Dashboard

    board = Dashboard(as_of=AS_OF)
    with board._reading() as store:
        assert store.readonly
        with pytest.raises(ReadOnlyError), store.writer():
            pass
        # the connection itself refuses, not only Python
        with pytest.raises(OperationalError, match="readonly"), store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM history")
    assert demo_store.rows("proposal")


def test_empty_store_shows_a_friendly_message(store):
    from workbench.ui.dashboard import render_html

    html = render_html()
    assert 'data-state="message"' in html and "暂无可显示的数据" in html
    assert "Traceback" not in html


def test_missing_store_shows_a_friendly_message_without_paths(workbench_env):
    from workbench.base import config
    from workbench.ui.dashboard import render_html

    html = render_html()
    assert "暂无可显示的数据" in html and "无法读取工作台数据库" in html
    assert str(config.data_dir()) not in html
    assert not (Path(workbench_env["WORKBENCH_DATA_DIR"]) / "workbench.sqlite").exists()


def test_charts_escape_labels_and_draw_empty_states():
    from workbench.ui.dashboard import charts

    svg = charts.bar_chart([(HOSTILE, 3), ("县财政局", 1)], label="测试")
    assert "<img" not in svg and "&lt;img" in svg and "县财政局" in svg
    svg = charts.stacked_bar_chart([("一、" + HOSTILE, [1, 2])], [("已完成", "#0a0"), ("<i>", "#00a")], label="x")
    assert "<img" not in svg and "<i>" not in svg
    assert "暂无已答复" in charts.donut_chart([("A类", 0, "#000")], label="x", empty="暂无已答复的提案")
    full = charts.donut_chart([("A类", 5, "#000"), ("B类", 0, "#111")], label="x")
    assert "<circle" in full and "100.0%" in full
    assert "未设指标" in charts.completion_chart([("城关镇委员联络组", 0, 0)], label="x")
    # Names are printed in full (they wrap), never cut with "…".
    long_name = "一、强化政治引领，筑牢团结奋斗的共同思想政治基础"
    assert long_name in charts.bar_chart([(long_name, 2)], label="x") and "…" not in charts.bar_chart([(long_name, 2)], label="x")


def test_names_written_into_the_print_style_sheet_cannot_leave_it():
    from workbench.ui.dashboard.view import css_string

    quoted = str(css_string('政协某县委员会</style><script>alert(1)</script>"\\'))
    inner = quoted[1:-1]
    assert quoted.startswith('"') and quoted.endswith('"')
    assert "<" not in inner and '"' not in inner and "\\3c " in inner
    assert inner.startswith("政协某县委员会")
