"""筹备日程: dates counted back in working days over holidays and 调休 days, states, the command and its .docx."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import cycle_store
from helpers.document_checks import body_text, check_format, table_rows
from workbench.base.errors import ConfigError, ConflictError, ValidationError
from workbench.office import meetings, schedule


@pytest.fixture
def cycle(store):
    ids = cycle_store.build(store)
    return store, ids


def test_a_monday_meeting_after_national_day_counts_back_over_the_holiday(cycle):
    store, _ = cycle
    plan = schedule.build(store, meetings.resolve(store, cycle_store.MEETING))
    # Meeting Monday 2026-10-12. Counting back: Sat 10-10 is a 调休 working day (1), Fri 10-9 (2),
    # Thu 10-8 (3); 10-1…10-7 and the Mid-Autumn days 9-25…9-27 are holidays; Sun 9-20 is a working day.
    assert [(s.label, s.due_on) for s in plan.steps] == [
        ("材料征集", date(2026, 9, 8)),  # 20 working days back
        ("部门报送材料", date(2026, 9, 21)),  # 10
        ("主席会议审定", date(2026, 9, 29)),  # 5: 10-10, 10-9, 10-8, 9-30, 9-29
        ("印发会议材料", date(2026, 10, 8)),  # 3
        ("召开会议", date(2026, 10, 12)),
    ]
    signals = [s.signal(date(2026, 10, 6), plan.warn_days) for s in plan.steps]
    assert signals == ["red", "red", "red", "yellow", "green"]


def test_an_office_lists_its_own_holidays_and_steps(cycle, tmp_path, monkeypatch):
    store, _ = cycle
    office = tmp_path / "labels.toml"
    office.write_text(
        '[schedule]\nsteps = [{ key = "print", label = "印发会议材料", workdays_before = 2 }]\n'
        'holidays = ["2026-10-09"]\nworkdays = []\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("WORKBENCH_LABELS", str(office))
    plan = schedule.build(store, meetings.resolve(store, cycle_store.MEETING))
    # The office's list replaces the default one: Saturday 10-10 is no working day, Friday 10-9 is a
    # holiday, 10-1…10-7 are not listed, so 2 working days back are 10-8 (1) and 10-7 (2).
    assert [(s.label, s.due_on) for s in plan.steps] == [("印发会议材料", date(2026, 10, 7))]
    bad = tmp_path / "bad.toml"
    bad.write_text('[schedule]\nholidays = ["10月1日"]\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_LABELS", str(bad))
    with pytest.raises(ConfigError) as exc:
        schedule.build(store, meetings.resolve(store, cycle_store.MEETING))
    assert "10月1日" in str(exc.value) and "不是日期" in str(exc.value)


def test_states_are_stored_and_stale_edits_refused(cycle):
    store, _ = cycle
    meeting = meetings.resolve(store, cycle_store.MEETING)
    step = schedule.save_step(store, meeting, "call_for_materials", state="done", today=date(2026, 9, 7))
    assert step.state == "done" and step.done_on == date(2026, 9, 7)
    assert step.signal(date(2026, 10, 1), 3) == "done"
    plan = schedule.build(store, meeting)
    seen = plan.step("call_for_materials")
    schedule.save_step(store, meeting, "call_for_materials", note="已发通知")  # someone else, meanwhile
    _, values = schedule.step_changes(plan, "call_for_materials", state="in_progress")
    with pytest.raises(ConflictError), store.writer("另一位秘书") as w:
        from workbench.store import schema

        w.update(schema.schedule_step, seen.record_id, values, expected_version=seen.version)
    with pytest.raises(Exception) as exc:
        schedule.save_step(store, meeting, "call_for_materials", state="差不多")
    assert "不是有效的筹备事项状态" in str(exc.value)


def test_a_meeting_without_a_date_says_so(store):
    cycle_store.build(store)
    from workbench.store import schema

    row = store.rows(schema.meeting)[0]
    store.update("meeting", row["id"], {"held_on": None}, expected_version=row["version"])
    with pytest.raises(ValidationError, match="还没有确定会议日期"):
        schedule.build(store, meetings.resolve(store, cycle_store.MEETING))


def test_schedule_command_prints_and_writes_the_arrangement(cycle, cli, tmp_path):
    store, _ = cycle
    schedule.save_step(
        store, meetings.resolve(store, cycle_store.MEETING), "call_for_materials", state="done", today=date(2026, 9, 8)
    )
    out = tmp_path / "out"
    r = cli("schedule", "--meeting", cycle_store.MEETING, "--as-of", "2026-09-30", "--out", out)
    assert r.code == 0, r.err
    assert "1. 材料征集　2026年9月8日（会前20个工作日）　已完成，2026年9月8日完成　[已完成]" in r.out
    assert "2. 部门报送材料　2026年9月21日（会前10个工作日）　未开始　[逾期]" in r.out
    assert "4. 印发会议材料　2026年10月8日（会前3个工作日）　未开始　[正常]" in r.out
    path = out / "十一届二十次常委会议_筹备工作安排.docx"
    document = check_format(path)
    rows = table_rows(document)
    assert rows[0] == ["序号", "工作事项", "完成时间", "时间要求", "状态", "备注"]
    assert [r[1:4] for r in rows[1:]] == [
        ["材料征集", "2026年9月8日", "会前20个工作日"],
        ["部门报送材料", "2026年9月21日", "会前10个工作日"],
        ["主席会议审定", "2026年9月29日", "会前5个工作日"],
        ["印发会议材料", "2026年10月8日", "会前3个工作日"],
        ["召开会议", "2026年10月12日", "会议当天"],
    ]
    assert rows[2][5] == "已逾期" and rows[1][4] == "已完成"
    text = body_text(document)
    assert "政协青岚县第十一届委员会常务委员会第二十次会议定于2026年10月12日召开" in text
    assert "政协青岚县委员会办公室\n2026年9月30日" in text
    again = cli("schedule", "--meeting", cycle_store.MEETING, "--out", out)
    assert again.code != 0 and "未覆盖任何文件" in again.err
