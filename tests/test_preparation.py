"""One meeting, one preparation: the editor, the check, every packet document and the dashboard name the same
quarter and the same 截至 date, and a record dated after the cut-off is never printed without being counted.

The acceptance test of issue 28 builds a county from an empty store as a new office would (`init`,
`meeting add`, `plan import` on the command line, the editor's 工作要点 tab for the progress note), for a
meeting four months ahead of today — so its quarter is never today's — with a progress note and a proposal
reply dated between today and the meeting.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest

from workbench.base.numerals import chinese_date
from workbench.office import figures, meetings
from workbench.office.preparation import prepare
from workbench.packet.assemble import assemble
from workbench.publish import export_packet
from workbench.store import Store, schema
from workbench.ui.dashboard import data, pages
from workbench.ui.editor import PacketEditor

TODAY = date.today()
MEETING_DAY = figures.add_months(TODAY, 4)
NOTE_DAY = TODAY + timedelta(days=30)
REPLY_DAY = TODAY + timedelta(days=60)
PREVIOUS_DAY = TODAY - timedelta(days=60)
QUARTER = f"{MEETING_DAY.year}年第{'一二三四'[figures.quarter_of(MEETING_DAY) - 1]}季度"
CUT_OFF = chinese_date(TODAY)

_QUARTERS = re.compile(r"\d{4}年第[一二三四]季度")
_CUT_OFFS = re.compile(r"截至(\d{4}年\d{1,2}月\d{1,2}日)")


def _docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.fixture
def county(cli, tmp_path):
    """A new county: the previous meeting held, the next one four months ahead, a plan, two proposals."""
    assert cli("init", "--county", "青川县", "--term", "11", "--term-start", str(TODAY.year - 2)).code == 0
    assert cli("meeting", "add", "--date", PREVIOUS_DAY.isoformat()).code == 0
    assert cli("meeting", "edit", "1", "--status", "已召开").code == 0
    added = cli("meeting", "add", "--date", MEETING_DAY.isoformat(), "--time", "上午9:00", "--venue", "县政协机关三楼会议室")
    assert added.code == 0, added.err
    plan = tmp_path / "plan.txt"
    plan.write_text(
        f"政协青川县委员会{MEETING_DAY.year}年工作要点\n"
        "一、加强思想政治建设\n"
        "1、组织委员开展专题学习。全年集中学习四次。\n"
        "2、围绕乡村振兴开展专题协商。形成协商报告。\n",
        encoding="utf-8",
    )
    imported = cli("plan", "import", str(plan), "--year", str(MEETING_DAY.year))
    assert imported.code == 0, imported.out + imported.err
    with Store.open() as store, store.writer("测试秘书") as w:
        for case_no, replied_on in ((1, TODAY - timedelta(days=10)), (2, REPLY_DAY)):
            w.insert(
                schema.proposal,
                {
                    "year": TODAY.year,
                    "case_no": case_no,
                    "title": f"关于改善城乡公交的建议（{case_no}）",
                    "review_result": "filed",
                    "lead_unit": "县交通运输局",
                    "assigned_on": TODAY - timedelta(days=40),
                    "replied_on": replied_on,
                    "status": "replied",
                },
            )
    return tmp_path


def test_one_quarter_one_cut_off_and_the_late_reply_flagged_everywhere(county, cli, tmp_path):
    # --- the editor opens on the meeting being prepared, its dates defaulting to today
    with Store.open() as store:
        editor = PacketEditor(store)
        chosen = editor.meeting.meeting
        assert chosen is not None and chosen.held_on == MEETING_DAY
        assert "正在准备" in editor.heading.value and QUARTER in editor.heading.value and CUT_OFF in editor.heading.value
        caption = editor.plan.caption.value
        assert QUARTER in caption and CUT_OFF in caption
        assert not re.findall(_QUARTERS, caption.replace(QUARTER, ""))
        row = editor.plan.grid.rows[0]
        assert row.note_date.parse() == TODAY  # today, within the meeting's period
        row.note_date.value = NOTE_DAY.isoformat()
        row.note_text.value = "已组织第一次集中学习。"
        editor.plan.grid.save_button.click()
        assert store.rows("progress_note")[0]["noted_on"] == NOTE_DAY
        # The row shows the note at once, and that it is left out of this packet.
        summary = editor.plan.grid.rows[0].summary.value
        assert "已组织第一次集中学习" in summary and "晚于截至日期" in summary

    # --- the check names the late records and speaks of the same quarter and 截至
    checked = cli("packet", "check")
    assert QUARTER in checked.out and f"截至{CUT_OFF}" in checked.out
    assert f"答复日期{chinese_date(REPLY_DAY)}晚于截至日期{CUT_OFF}，未计入已答复件数和办复率" in checked.out
    assert f"进展日期{chinese_date(NOTE_DAY)}晚于截至日期{CUT_OFF}" in checked.out
    assert "第002号" in checked.out
    # The previous meeting was held without a sign-in record: said, not printed as 实到0 否.
    assert "已召开，但没有出勤记录" in checked.out

    # --- every packet document names the same quarter and the same 截至, and prints the reply nowhere
    out = tmp_path / "packet"
    exported = cli("packet", "export", "--out", str(out))
    assert exported.code == 0, exported.out + exported.err
    texts = {p.name: _docx_text(p) for p in sorted(out.glob("*.docx"))}
    assert len(texts) >= 5, sorted(texts)
    quarters = {q for t in texts.values() for q in _QUARTERS.findall(t)}
    cut_offs = {c for t in texts.values() for c in _CUT_OFFS.findall(t)}
    assert quarters == {QUARTER}, quarters
    assert cut_offs == {CUT_OFF}, cut_offs
    everything = "\n".join(texts.values())
    reply_printed = (chinese_date(REPLY_DAY), f"{REPLY_DAY.month}月{REPLY_DAY.day}日")
    assert not any(r in everything for r in reply_printed)
    assert "已答复1件，办复率50.0%" in everything
    assert "已组织第一次集中学习" not in everything
    assert "实到0" not in everything

    # --- the dashboard, on the same meeting, the same figures, quarter and 截至
    with Store.open() as store:
        meeting = meetings.resolve(store, "next")
        prep = prepare(store, meeting)
        assert (prep.quarter_label, prep.cut_off) == (QUARTER, TODAY)
        live = data.live_view(store, meeting.id, TODAY)
        assert (live.quarter_label, live.as_of, live.proposals.replied) == (QUARTER, TODAY, 1)
    page = pages.build(f"live-{meeting.id}", as_of=TODAY)
    assert QUARTER in page.body and f"数据截至{CUT_OFF}" in page.body


def test_a_held_meeting_is_prepared_as_exported(demo_store, tmp_path):
    """Once held, a meeting's 截至 is its export's, and the dashboard shows what that packet reported."""
    meeting = meetings.resolve(demo_store, "十一届十七次常委会议")  # 2026-09-24
    with demo_store.writer() as w:
        w.update(schema.meeting, meeting.id, {"status": "planned"}, expected_version=meeting.version)
    # Exported on 20 September, four days before the meeting; then the meeting is held.
    result = export_packet(demo_store, meeting.id, tmp_path / "p", today=date(2026, 9, 20))
    assert result.packet.figures.as_of == "2026-09-20"
    planned = meetings.resolve(demo_store, meeting.id)
    with demo_store.writer() as w:
        w.update(schema.meeting, meeting.id, {"status": "held"}, expected_version=planned.version)
    prep = prepare(demo_store, meetings.resolve(demo_store, meeting.id), today=date(2026, 12, 6))
    assert prep.held and prep.frozen and prep.cut_off == date(2026, 9, 20)
    # Re-assembled later, its packet still quotes what was true on the day it was exported.
    assert assemble(demo_store, meeting.id, today=date(2026, 12, 6)).figures.as_of == "2026-09-20"

    page = pages.build(f"live-{meeting.id}", as_of=date(2026, 12, 6))
    assert "已召开。本页为该次会议材料导出时的数据" in page.body and "数据截至2026年9月20日" in page.body
    assert page.data_date == date(2026, 9, 20)
    label = next(text for text, key in page.options if key == f"live-{meeting.id}")
    assert label.endswith("会议材料所载数据")


def test_the_status_chart_replied_bar_is_the_kpi(demo_store):
    """已答复 is one figure: every filed proposal replied by the date — the KPI, 办复率 and the chart's bar."""
    meeting = meetings.next_meeting(demo_store)
    live = data.live_view(demo_store, meeting.id, date(2026, 12, 6))
    pf = live.proposals
    bars = dict(figures.status_bars(pf))
    kpi = next(k for k in live.kpis if k.key == "reply_rate")
    assert f"已答复{bars['已答复']}件" in kpi.note
    assert bars["已答复"] == pf.replied == 118
    # The bars before 已答复 and 已答复 itself add up to the filed proposals; the 其中 bars are within it.
    assert sum(n for name, n in bars.items() if not name.startswith("其中")) == pf.filed
    assert sum(n for name, n in bars.items() if name.startswith("其中")) <= pf.replied


def test_export_tab_button_above_the_grouped_findings_and_folders_inside_the_export_folder(demo_store):
    editor = PacketEditor(demo_store)
    tab = editor.export
    editor.select("export")
    tab.preview_button.click()
    children = list(tab.widget.children)
    buttons = next(i for i, c in enumerate(children) if tab.export_button in getattr(c, "children", ()))
    assert buttons < children.index(tab.findings)
    shown = tab.findings.value
    assert "<details class='wb-check-group wb-check-block' open>" in shown and "须补正（必须修改）" in shown
    assert "<details class='wb-check-group wb-check-note'>" in shown and "请核对（建议查看）" in shown
    assert "导出文件夹中的“十一届十八次常委会议/" in tab.folder.value
    assert str(tab.out_dir().parent) not in tab.folder.value  # no absolute path
    tab.export_button.click()
    tab.thread.join(timeout=300)
    assert "导出文件夹中的“十一届十八次常委会议/" in tab.notice.text and "/tmp" not in tab.notice.text


def test_a_held_meeting_without_attendance_is_named_and_not_printed_as_failed(demo_store):
    held = meetings.resolve(demo_store, "十一届十七次常委会议")
    with demo_store.writer() as w:
        for r in demo_store.rows("attendance", meeting_id=held.id):
            w.delete(schema.attendance, r["id"], expected_version=r["version"])
    from workbench.publish import check_packet

    result = check_packet(demo_store, "next", today=date(2026, 12, 6))
    found = [f for f in result.findings if f.kind == "attendance_missing"]
    assert [f.record for f in found] == ["十一届十七次常委会议（2026年9月24日）"] and found[0].blocking
    table = next(b for b in result.packet.document("attendance").blocks if getattr(b, "rows", None))
    row = next(r for r in table.rows if r[0] == "十一届十七次常委会议")
    assert row[3:] == ["未录入", "—", "—", "—"]


def test_a_new_meeting_without_a_date_is_a_draft_the_check_names(demo_store):
    editor = PacketEditor(demo_store)
    panel = editor.meeting
    assert panel.new_date.widget.placeholder != panel.details.rows[0].fields["held_on"].widget.placeholder
    info = panel.create()
    assert info is not None and info.held_on is None
    assert "尚未填写会议日期" in panel.notice.text
    from workbench.publish import check_packet

    findings = check_packet(demo_store, info.id).findings
    assert any(f.kind == "meeting_undated" and f.blocking for f in findings)
