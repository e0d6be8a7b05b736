"""The demo county's counts and states, the store commands' exit codes and output, and analysts' frames."""

from __future__ import annotations

import workbench
from workbench.office import demo, figures, meetings
from workbench.store import SCHEMA_VERSION, Store


def test_demo_counts_and_states(demo_store):
    s = demo.summarize(demo_store)
    assert (s.county, s.meetings, s.plan_items, s.proposals, s.briefing_topics, s.members, s.liaison_groups) == (
        "青岚县",
        4,
        20,
        150,
        12,
        40,
        8,
    )
    sections = demo_store.rows("plan_section")
    assert 5 <= len(sections) <= 6
    assert len(demo_store.rows("supervision_group")) == 6
    proposals = demo_store.rows("proposal")
    assert len({p["lead_unit"] for p in proposals if p["lead_unit"]}) >= 25
    states = {p["status"] for p in proposals}
    assert {"closed", "rated", "replied", "handling", "not_filed"} <= states
    assert any(p["review_result"] == "merged" and p["merged_into"] for p in proposals)
    assert any(p["satisfaction"] for p in proposals)
    nxt = meetings.next_meeting(demo_store)
    pf = figures.proposal_figures(demo_store, nxt.held_on)
    assert pf.overdue, "some proposals are overdue at the next meeting"
    assert any(s.overdue for s in figures.supervision_items(demo_store, nxt.held_on))
    # briefing topics: 3 per standing-committee meeting
    per_meeting = {}
    for b in demo_store.rows("briefing_topic"):
        per_meeting[b["meeting_id"]] = per_meeting.get(b["meeting_id"], 0) + 1
    assert sorted(per_meeting.values()) == [3, 3, 3, 3]
    assert len(demo_store.rows("attendance")) > 0
    assert any(r["reached"] for r in figures.absences(demo_store, nxt.term_id))


def test_demo_is_reproducible(tmp_path):
    titles = []
    for name in ("a", "b"):
        with Store.open(f"sqlite:///{tmp_path / name}.sqlite") as s:
            demo.load(s)
            titles.append([(p["case_no"], p["title"], p["status"]) for p in s.rows("proposal")])
    assert titles[0] == titles[1]


def test_meeting_titles_are_derived():
    assert meetings.formal_title("青岚县", 11, "standing_committee_meeting", 5) == "政协青岚县第十一届委员会常务委员会第五次会议"
    assert meetings.short_title(11, "standing_committee_meeting", 5) == "十一届五次常委会议"
    assert meetings.short_title(11, "plenary", 3) == "十一届三次会议"
    assert [meetings.chinese_number(n) for n in (1, 10, 15, 20, 21, 100, 105, 110)] == [
        "一",
        "十",
        "十五",
        "二十",
        "二十一",
        "一百",
        "一百零五",
        "一百一十",
    ]


def test_help_lists_every_command_in_chinese(cli_process):
    result = cli_process("--help")
    assert result.code == 0
    for command in ("init", "demo", "doctor", "meetings"):
        assert command in result.out
    assert "用法" in result.out and "显示本帮助并退出" in result.out
    assert "usage" not in result.out.lower()


def test_init_demo_meetings_doctor(cli):
    r = cli("init")
    assert r.code == 0 and "数据库已就绪" in r.out and f"结构版本 {SCHEMA_VERSION}" in r.out
    r = cli("demo")
    assert r.code == 0 and "青岚县" in r.out and "提案 150 件" in r.out
    r = cli("demo")
    assert r.code == 1 and "已有数据" in r.err and "--reset" in r.err
    r = cli("demo", "--reset")
    assert r.code == 0 and "已清空" in r.out
    r = cli("meetings")
    assert r.code == 0 and "十一届十八次常委会议" in r.out and "下一次常委会议" in r.out
    r = cli("doctor")
    assert "数据库" in r.out and "中文字体" in r.out and "LibreOffice" in r.out and "Chromium" in r.out
    assert r.code in (0, 1)


def test_doctor_names_what_to_install_when_missing(cli, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    r = cli("doctor")
    assert r.code == 1
    assert "sudo apt-get install libreoffice-writer" in r.out
    assert "sudo apt-get install chromium" in r.out


def test_unknown_command_is_reported_in_chinese(cli):
    r = cli("nonsense")
    assert r.code == 2 and "无效的选择" in r.err


def test_meetings_on_missing_store_is_a_chinese_error(cli):
    r = cli("meetings")
    assert r.code == 1 and "不存在" in r.err and "init" in r.err


def test_frames_for_analysts(demo_store):
    f = workbench.frames()
    assert len(f["proposal"]) == 150 and len(f["plan_item"]) == 20
    assert f["proposal"]["due_on"].dtype.kind == "M"
    zh = workbench.frames(chinese=True)
    assert "案号" in zh["proposal"].columns and "主办单位" in zh["proposal"].columns
    assert set(zh["plan_item"]["状态"].dropna()) <= {"未启动", "推进中", "已完成", "进展滞后", "已调整/取消"}


def test_help_and_argument_errors_read_as_chinese(cli):
    r = cli("--help")
    assert "命令：\n  命令\n" not in r.out and "选项：" in r.out
    r = cli("packet", "--help")
    assert "子命令：\n  子命令\n" not in r.out
    r = cli("serve", "--port", "abc")
    assert r.code == 2 and "“abc”无效，应为整数" in r.err
