"""常委测评: the ballot and tally sheet for the 常委 present, importing the keyed-in ballots, rates by hand count."""

from __future__ import annotations

import openpyxl
import pytest

from helpers import cycle_store
from helpers.document_checks import body_text, check_format, table_rows
from helpers.stores import store_snapshot
from workbench.office import figures, meetings
from workbench.store import schema

# Five ballots as the office keys them in: (农业农村局, 水利局); "" is no tick, 无效 several.
BALLOTS = [("满意", "满意"), ("满意", "无效"), ("基本满意", "满意"), ("不满意", "满意"), ("", "基本满意")]


@pytest.fixture
def rated(store, cli, tmp_path):
    ids = cycle_store.build(store)
    with store.writer("测试") as w:
        for n, member_id in enumerate(ids["members"]):
            w.insert(
                schema.attendance,
                {"meeting_id": ids["meeting"], "member_id": member_id, "state": "on_leave" if n == 5 else "present"},
            )
    out = tmp_path / "out"
    r = cli("evaluation", "form", "--meeting", cycle_store.MEETING, "--out", out)
    assert r.code == 0, r.err
    assert "测评表请印 5 份" in r.out
    return store, out


def _fill(path, ballots):
    wb = openpyxl.load_workbook(path)
    ws = wb["测评票录入"]
    for row, marks in enumerate(ballots, start=3):
        ws.cell(row=row, column=1, value=row - 2)
        for col, mark in enumerate(marks, start=2):
            ws.cell(row=row, column=col, value=mark or None)
    wb.save(path)


def test_the_ballot_lists_each_briefing_with_the_configured_levels(rated):
    _, out = rated
    document = check_format(out / "十一届二十次常委会议_测评表.docx")
    text = body_text(document)
    assert "县政协十一届二十次常委会议情况通报满意度测评表" in text  # two lines, one title
    assert "测评时间：2026年10月12日" in text and "无记名" in text
    rows = table_rows(document)
    assert rows[0] == ["序号", "被测评单位", "测评事项", "满意", "基本满意", "不满意", "意见和建议"]
    assert [r[:3] for r in rows[1:]] == [
        ["1", "县农业农村局", "关于农村人居环境整治情况的通报"],
        ["2", "县水利局", "关于全县水利工程建设情况的通报"],
    ]
    ws = openpyxl.load_workbook(out / "十一届二十次常委会议_测评票录入表.xlsx")["测评票录入"]
    assert [c.value for c in ws[1]] == ["会议", "十一届二十次常委会议", "发出票数", 5]
    assert [c.value for c in ws[2]][:3] == [
        "票号",
        "1. 县农业农村局：关于农村人居环境整治情况的通报",
        "2. 县水利局：关于全县水利工程建设情况的通报",
    ]
    assert [ws.cell(row=r, column=1).value for r in range(3, 8)] == [1, 2, 3, 4, 5]


def test_imported_counts_and_rates_equal_a_hand_count(rated, cli):
    store, out = rated
    sheet = out / "十一届二十次常委会议_测评票录入表.xlsx"
    _fill(sheet, BALLOTS)
    r = cli("import", "测评", sheet)
    assert r.code == 0, r.err
    # By hand: 农业农村局 满意 2, 基本满意 1, 不满意 1, 弃权 1 → (2+1)/4 = 75.0%;
    #          水利局 满意 3, 基本满意 1, 无效 1 → 4/4 = 100.0%.
    assert (
        "县农业农村局（关于农村人居环境整治情况的通报）：满意 2 票，基本满意 1 票，不满意 1 票，"
        "弃权 1 票，无效 0 票；满意率 75.0%"
    ) in r.out
    assert (
        "县水利局（关于全县水利工程建设情况的通报）：满意 3 票，基本满意 1 票，不满意 0 票，弃权 0 票，无效 1 票；满意率 100.0%"
    ) in r.out
    meeting = meetings.resolve(store, cycle_store.MEETING)
    rates = figures.rating_rates(store, meeting_id=meeting.id)
    assert [(x.department, x.counts, x.valid, x.rate) for x in rates] == [
        ("县农业农村局", {"satisfied": 2, "basically_satisfied": 1, "dissatisfied": 1}, 4, 0.75),
        ("县水利局", {"satisfied": 3, "basically_satisfied": 1, "dissatisfied": 0}, 4, 1.0),
    ]
    assert [d["rate"] for d in figures.rating_by_department(rates)] == [0.75, 1.0]
    # Keyed in again after a correction: the counts are replaced, not added.
    _fill(sheet, [("满意", "满意")] * 5)
    assert cli("import", "测评", sheet).code == 0
    rates = figures.rating_rates(store, meeting_id=meeting.id)
    assert [x.counts["satisfied"] for x in rates] == [5, 5] and len(store.rows(schema.rating)) == 2


def test_a_bad_cell_or_too_many_ballots_stores_nothing(rated, cli):
    store, out = rated
    sheet = out / "十一届二十次常委会议_测评票录入表.xlsx"
    _fill(sheet, [("满意", "很好"), *BALLOTS[1:]])
    before = store_snapshot(store)
    r = cli("import", "测评", sheet)
    assert r.code != 0
    assert "“十一届二十次常委会议_测评票录入表.xlsx”" in r.err and "第3行第3列“很好”不是测评等次" in r.err
    _fill(sheet, [*BALLOTS, ("满意", "满意")])
    r = cli("import", "测评", sheet)
    assert r.code != 0 and "收回 6 张票，多于发出的 5 张" in r.err
    assert store_snapshot(store) == before


def test_the_next_packet_and_the_dashboard_report_rates_per_department(rated, cli):
    store, out = rated
    sheet = out / "十一届二十次常委会议_测评票录入表.xlsx"
    _fill(sheet, BALLOTS)
    assert cli("import", "测评", sheet).code == 0
    meeting = meetings.resolve(store, cycle_store.MEETING)
    from datetime import date

    from workbench.office.meetings import create_meeting
    from workbench.packet.assemble import assemble

    following = create_meeting(store, term_id=meeting.term_id, seq_no=21, held_on=date(2026, 12, 17))
    briefings = assemble(store, following).document("briefings")
    table = next(b for b in briefings.blocks if getattr(b, "caption", "") == "十一届二十次常委会议情况通报满意度测评结果")
    assert [c.header for c in table.columns] == ["被测评单位", "测评事项", "满意", "基本满意", "不满意", "弃权", "无效", "满意率"]
    assert table.rows == [
        ["县农业农村局", "关于农村人居环境整治情况的通报", "2", "1", "1", "1", "0", "75.0%"],
        ["县水利局", "关于全县水利工程建设情况的通报", "3", "1", "0", "0", "1", "100.0%"],
    ]

    from workbench.ui.dashboard.app import render_html

    page = render_html(as_of=date(2026, 10, 6))
    assert 'data-department="县农业农村局"' in page and 'data-rate="0.750000">75.0%' in page
    assert 'data-rate="1.000000">100.0%' in page
    # the schedule panel of the next meeting (十一届二十次, 10-12): 印发会议材料 10-8 is within 3 days
    assert 'data-step="issue_materials" data-signal="yellow"' in page
    assert 'data-step="call_for_materials" data-signal="red"' in page
