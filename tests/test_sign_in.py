"""签到表 and 参会回执 of a 常委会议, as a secretary prints them: every expected member once, grouped by 界别,
a column to sign or tick, the reply asked back by the day the materials are issued; read back from the
.docx and rendered with LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import docx
import pytest

from workbench.documents.fonts import W
from workbench.office import figures, replies, schedule
from workbench.office.meetings import resolve


def _export(cli, kind: str, out):
    result = cli("document", kind, "--meeting", "next", "--out", out)
    assert result.code == 0, result.err
    (path,) = out.glob("*.docx")
    return path, docx.Document(str(path))


def test_the_sign_in_sheet_lists_every_expected_member_by_sector_with_a_column_to_sign(demo_store, cli, tmp_path):
    path, document = _export(cli, "签到表", tmp_path / "签到")
    assert path.name == "十一届十八次常委会议_签到表.docx"
    meeting = resolve(demo_store, "next")
    expected = figures.standing_members(demo_store, meeting.id)
    (table,) = document.tables
    header, *rows = [[c.text for c in r.cells] for r in table.rows]
    assert header == ["序号", "姓名", "界别", "工作单位及职务", "签名"]
    assert sorted(r[1] for r in rows) == sorted(m.name for m in expected)
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(expected) + 1)]
    # Blank to sign, but for the members whose 回执 asked leave (the demo has two).
    on_leave = {m.name for m, _reason in replies.reply_status(demo_store, meeting).on_leave}
    assert len(on_leave) == 2 and {r[1] for r in rows if r[4] == "请假"} == on_leave
    assert all(r[4] == "" for r in rows if r[1] not in on_leave)
    sectors = [r[2] for r in rows]
    runs = [s for k, s in enumerate(sectors) if k == 0 or sectors[k - 1] != s]
    assert len(runs) == len(set(runs)) > 3  # each 界别 together, once
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # the header on every page
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "政协青岚县第十一届委员会\n常务委员会第十八次会议\n签　到　表"  # broken as the notice's title
    assert "时间：2026年12月17日上午9:00" in texts and f"应到{len(expected)}人，其中回执请假2人；实到　　人。" in texts


def test_the_reply_form_is_asked_back_three_working_days_before_the_meeting(demo_store, cli, tmp_path):
    _path, document = _export(cli, "回执", tmp_path / "回执")
    meeting = resolve(demo_store, "next")
    due = schedule.calendar().working_days_before(meeting.held_on, 3)
    assert due == date(2026, 12, 14)
    (table,) = document.tables
    # (a narrow column's header is broken onto two lines)
    assert [c.text.replace("\n", "") for c in table.rows[0].cells] == [
        "序号",
        "姓名",
        "界别",
        "出席（√）",
        "请假（√）",
        "请假事由",
    ]
    assert len(table.rows) - 1 == len(figures.standing_members(demo_store, meeting.id))
    note = next(p.text for p in document.paragraphs if p.text.startswith("请于"))
    assert note.startswith("请于2026年12月14日前将回执交回") and "请注明请假事由" in note


def test_a_meeting_without_a_standing_committee_roster_is_told_what_to_import(store, cli, tmp_path):
    assert cli("init", "--county", "测试县", "--term", "11", "--term-start", "2022").code == 0
    assert cli("meeting", "add", "--date", "2027-03-25").code == 0
    result = cli("document", "签到表", "--meeting", "next", "--out", tmp_path / "签到")
    assert result.code != 0 and "还没有常委名单" in result.err and "导入委员名单" in result.err
    assert not (tmp_path / "签到").exists() or not list((tmp_path / "签到").iterdir())


@pytest.mark.libreoffice
def test_the_sign_in_sheet_prints_on_a4_with_its_total_on_the_last_page(demo_store, cli, tmp_path):
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("需要 LibreOffice 和 poppler-utils")
    from workbench.documents.pdf import convert_to_pdf, page_texts

    path, _document = _export(cli, "签到表", tmp_path / "签到")
    expected = len(figures.standing_members(demo_store, resolve(demo_store, "next").id))
    pdf = convert_to_pdf(path, tmp_path / "签到表.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info  # A4 portrait
    pages = ["".join(t.split()) for t in page_texts(pdf)]
    assert "签到表" in pages[0] and "序号姓名界别" in pages[-1]  # the header again on the last page
    assert f"应到{expected}人" in pages[-1]
