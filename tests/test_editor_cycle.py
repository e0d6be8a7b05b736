"""The editor's schedule, letters and rating tabs, driven from Python as a secretary drives them."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from helpers import cycle_store
from workbench.office import figures, meetings
from workbench.store import schema
from workbench.ui.editor import PacketEditor


@pytest.fixture
def editor(store):
    cycle_store.build(store)
    ed = PacketEditor(store)
    ed.schedule.today = date(2026, 10, 6)
    ed.schedule.load(ed.meeting.meeting)
    return ed


def test_schedule_tab_marks_overdue_and_near_steps_and_saves_a_state(editor, store):
    tab = editor.schedule
    html = "".join(getattr(w, "value", "") for row in tab.rows.children for w in row.children)
    assert html.count("wb-signal-red") == 3 and html.count("wb-signal-yellow") == 1 and html.count("wb-signal-green") == 1
    tab.states["chairs_review"].value = "done"
    assert tab.save("chairs_review")
    row = store.rows(schema.schedule_step)[0]
    assert (row["step"], row["state"], row["done_on"], row["updated_by"]) == (
        "chairs_review",
        "done",
        date(2026, 10, 6),
        "测试秘书",
    )
    assert "wb-signal-done" in "".join(getattr(w, "value", "") for w in tab.rows.children[2].children)
    assert editor.undo().startswith("已撤销“筹备日程“主席会议审定”改为已完成”")
    assert store.rows(schema.schedule_step) == []


def test_letters_tab_drafts_urge_letters_with_download_links(editor, store):
    tab = editor.letters
    tab.kind.value = "urge"
    tab.issued.value = "2026年9月30日"
    files = tab.draft()
    assert sorted(f.name for f in files) == [
        "十一届二十次常委会议_催办函_县商务局.docx",
        "十一届二十次常委会议_催办函_县水利局.docx",
    ]
    assert "已起草催办函 2 份" in tab.notice.text and tab.links.value.count("wb-file-link") == 2
    tab.issued.value = "九月底"
    assert tab.draft() == [] and "成文日期“九月底”无效" in tab.notice.text


def test_rating_tab_makes_the_form_and_imports_the_tally(editor, store):
    tab = editor.rating
    files = tab.make_form()
    sheet = next(f for f in files if f.suffix == ".xlsx")
    wb = openpyxl.load_workbook(sheet)
    ws = wb["测评票录入"]
    for row in range(3, 3 + 6):
        ws.cell(row=row, column=2, value="满意" if row < 7 else "不满意")
        ws.cell(row=row, column=3, value="基本满意")
    wb.save(sheet)
    assert tab.import_file(sheet), tab.notice.text
    assert "满意率" in tab.results.value and "66.7%" in tab.results.value and "100.0%" in tab.results.value
    rates = figures.rating_rates(store, meeting_id=meetings.resolve(store, cycle_store.MEETING).id)
    assert [(r.department, r.satisfied, r.valid) for r in rates] == [("县农业农村局", 4, 6), ("县水利局", 6, 6)]
