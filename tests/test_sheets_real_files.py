"""Proposals workbooks as offices really keep them: one per plenary session, no 年度 column, case numbers
and dates in every hand; and cells that must never become wrong data (formulas without results, control
characters, numbers out of range, UTF-16 text).

Every workbook here is built by the test. The store is compared before and after wherever a file is refused.
"""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import create_engine, text

from helpers.stores import store_snapshot as snapshot
from workbench.store import Store, migrations

TITLE = "政协某县第十一届委员会第三次会议提案办理情况统计表"
HEADERS = ["案号", "提案题目", "提案人", "主办单位", "交办日期", "答复日期", "办理情况"]
CASE_NUMBERS = [
    "001",
    2,
    "第3号",
    "４",
    " 5 ",
    "第 6 号",
    7.0,
    "008",
    "第009号",
    "10号",
    "１１",
    12,
    "013",
    "第14号",
    15,
    "16",
    " 017",
    "第１８号",
    19,
    "020",
    "2024-021",
    "（2024）第22号",
    "十一届三次第023号",
    "提案第24号",
    "NO.25",
]
# Each date with the day it means: every hand an office writes in.
DATES = [
    (datetime(2024, 3, 8), date(2024, 3, 8)),
    ("2024.3.8", date(2024, 3, 8)),
    ("2024年3月8日", date(2024, 3, 8)),
    ("2024/3/9", date(2024, 3, 9)),
    ("20240311", date(2024, 3, 11)),
    (45362, date(2024, 3, 11)),
    ("2024-03-12", date(2024, 3, 12)),
    ("2024年3月12号", date(2024, 3, 12)),
    ("二〇二四年三月十三日", date(2024, 3, 13)),
    ("２０２４年３月１４日", date(2024, 3, 14)),
    (" 2024 年 3 月 15 日 ", date(2024, 3, 15)),
    ("2024-3-15 00:00:00", date(2024, 3, 15)),
]


def session_workbook(path, *, bad_date: str | None = None, title: str | None = TITLE, sheet: str = "提案办理"):
    """25 rows under a merged title row and a note row; no 年度 column; returns the expected assigned dates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        ws.append(["填报单位：县政协提案委", None, None, None, "填报日期：2024年6月30日"])
    ws.append(HEADERS)
    expected = {}
    for n, case in enumerate(CASE_NUMBERS, start=1):
        raw, day = DATES[n % len(DATES)]
        if bad_date and n == 13:
            raw = bad_date
        replied = DATES[(n + 5) % len(DATES)][0] if n % 3 else None
        ws.append([case, f"关于第{n}件事项的建议", f"委员{n}", "县发展改革局", raw, replied, "已答复" if replied else None])
        expected[n] = day
    wb.save(path)
    return expected


def stored(store, year):
    return {r["case_no"]: r for r in store.rows("proposal") if r["year"] == year}


def test_session_workbook_imports_whole_in_dry_run_and_for_real(demo_store, cli, tmp_path):
    path = tmp_path / "提案办理情况.xlsx"
    expected = session_workbook(path)
    before = snapshot(demo_store)
    r = cli("import", "提案", path, "--dry-run")
    assert r.code == 0, r
    assert "新增 25 条" in r.out and "有问题" not in r.out
    assert "十一届三次" not in r.err and "第十一届" in r.out and "第三次会议" in r.out  # says where the session came from
    assert snapshot(demo_store) == before
    r = cli("import", "提案", path)
    assert r.code == 0, r
    assert "已导入：新增 25 条" in r.out
    rows = stored(demo_store, 2024)  # the demo term started in 2022: its third session met in 2024
    assert sorted(rows) == list(range(1, 26))
    for n, row in rows.items():
        assert (row["term_no"], row["session_no"]) == (11, 3)
        assert row["assigned_on"] == expected[n], n
        assert row["title"] == f"关于第{n}件事项的建议"
    # The same file again changes nothing: case numbers in any hand name the same proposals.
    r = cli("import", "提案", path)
    assert r.code == 0 and "新增 0 条，修改 0 条" in r.out, r


def test_impossible_date_is_refused_naming_sheet_row_column_and_value(demo_store, cli, tmp_path):
    path = tmp_path / "提案办理情况（有误）.xlsx"
    session_workbook(path, bad_date="2024年13月5日")
    before = snapshot(demo_store)
    for args in (["--dry-run"], []):
        r = cli("import", "提案", path, *args)
        assert r.code != 0
        # Row 13 of the data is Excel row 16 (title row, note row, header row above it).
        line = next(t for t in r.out.splitlines() if "2024年13月5日" in t)
        assert "工作表“提案办理”第16行“交办日期”列" in line and "没有13月" in line, line
    assert snapshot(demo_store) == before


@pytest.mark.parametrize(
    "name,sheet,title,args,year,session",
    [
        ("2025年提案.xlsx", "Sheet1", None, [], 2025, (11, 4)),  # file name
        ("提案.xlsx", "十一届三次", None, [], 2024, (11, 3)),  # sheet name
        ("提案.xlsx", "Sheet1", None, ["--session", "十一届三次"], 2024, (11, 3)),  # the command
        ("提案.xlsx", "Sheet1", None, ["--year", "2023"], 2023, (11, 2)),
        ("提案.xlsx", "Sheet1", "政协某县2025年提案情况表", [], 2025, (11, 4)),  # a title with a year
    ],
)
def test_session_and_year_from_each_place_in_turn(demo_store, cli, tmp_path, name, sheet, title, args, year, session):
    path = tmp_path / name
    session_workbook(path, title=title, sheet=sheet)
    r = cli("import", "提案", path, *args)
    assert r.code == 0, r
    rows = stored(demo_store, year)
    assert len(rows) == 25 and {(p["term_no"], p["session_no"]) for p in rows.values()} == {session}


def test_nothing_names_the_session_refused_with_the_options(demo_store, cli, tmp_path):
    path = tmp_path / "提案.xlsx"
    session_workbook(path, title=None, sheet="Sheet1")
    before = snapshot(demo_store)
    r = cli("import", "提案", path)
    assert r.code != 0
    assert "没有“年度”列" in r.err and "--session 十一届三次" in r.err and "--year 2025" in r.err and "导入”页" in r.err
    r = cli("import", "提案", path, "--session", "三届")
    assert r.code != 0 and "届次会次“三届”无法识别" in r.err
    # What the user says must not contradict the file's own title.
    titled = tmp_path / "有标题.xlsx"
    session_workbook(titled)
    r = cli("import", "提案", titled, "--session", "十一届四次")
    assert r.code != 0 and "不一致" in r.err and "十一届三次会议" in r.err
    assert snapshot(demo_store) == before


def test_session_without_a_known_term_asks_for_the_year(store, cli, tmp_path):
    path = tmp_path / "统计表.xlsx"
    session_workbook(path)
    r = cli("import", "提案", path)
    assert r.code != 0 and "无法推算年度" in r.err and "--year" in r.err
    r = cli("import", "提案", path, "--year", "2024")
    assert r.code == 0, r
    rows = stored(store, 2024)
    assert len(rows) == 25 and rows[1]["term_no"] == 11 and rows[1]["session_no"] == 3


def test_migration_fills_the_session_of_stored_proposals(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    migrations.migrate(engine, target=3)
    with engine.begin() as conn:
        if "term_no" in {c["name"] for c in __import__("sqlalchemy").inspect(conn).get_columns("proposal")}:
            # Version 1 is built from today's tables; make it look like the version-3 table it stands for.
            conn.exec_driver_sql("ALTER TABLE proposal DROP COLUMN term_no")
            conn.exec_driver_sql("ALTER TABLE proposal DROP COLUMN session_no")
        conn.execute(text("INSERT INTO committee (id, name, county, version) VALUES (1, '政协某县委员会', '某县', 1)"))
        conn.execute(
            text(
                "INSERT INTO term (committee_id, term_no, start_year, end_year, version) "
                "VALUES (1, 10, 2017, 2021, 1), (1, 11, 2022, 2026, 1)"
            )
        )
        for year, case in ((2019, 1), (2022, 1), (2024, 7), (2030, 1)):
            conn.execute(
                text("INSERT INTO proposal (year, case_no, title, version) VALUES (:y, :c, '某建议', 1)"), {"y": year, "c": case}
            )
    engine.dispose()
    with Store.open(url) as s:
        got = {(r["year"], r["case_no"]): (r["term_no"], r["session_no"]) for r in s.rows("proposal")}
    assert got == {(2019, 1): (10, 3), (2022, 1): (11, 1), (2024, 7): (11, 3), (2030, 1): (None, None)}


# ------------------------------------------------------------------ cells that must never become wrong data
def plain_workbook(path, rows, headers=("年度", "案号", "案由", "提案人", "主办单位")):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "提案"
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    wb.save(path)  # openpyxl writes formulas without computing them, as such programs do
    return path


def test_formula_without_a_result_is_a_cell_error_not_an_empty_value(demo_store, cli, tmp_path):
    first = stored(demo_store, 2026)[1]
    path = plain_workbook(
        tmp_path / "公式.xlsx",
        [[2026, 1, '=CONCATENATE("关于","某事","的建议")', "甲", "县财政局"], [2026, 2, first["title"], '=B3&"号"', "县财政局"]],
    )
    before = snapshot(demo_store)
    r = cli("import", "提案", path, "--valid-only")
    assert r.code == 0, r
    assert "单元格 C2 是公式" in r.out and "单元格 D3 是公式" in r.out
    assert "第2行“案由”列" in r.out
    assert snapshot(demo_store) == before  # both rows refused; the stored title is not overwritten with nothing


def excel_escaped(path, replacements: dict[str, str]):
    """Put text into cells the way Excel saves characters XML cannot hold (_x0007_), as openpyxl will not."""
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            body = z.read(info.filename)
            for placeholder, written in replacements.items():
                body = body.replace(placeholder.encode(), written.encode())
            data[info] = body
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in data.items():
            z.writestr(info, body)
    return path


def test_control_characters_are_removed_and_reported(demo_store, cli, tmp_path):
    path = plain_workbook(tmp_path / "粘贴.xlsx", [[2026, 301, "TITLE", "PROPOSER", "县交通运输局"]])
    excel_escaped(path, {"TITLE": "关于_x0007_加快_x001B_乡村道路建设的建议", "PROPOSER": "甲_x000B_乙_x000D_"})
    csv_path = tmp_path / "粘贴.csv"
    csv_path.write_text("年度,案号,案由\n2026,302,关于\x07完善\x1b农村供水设施的建议\n", encoding="utf-8")
    for p in (path, csv_path):
        r = cli("import", "提案", p)
        assert r.code == 0, r
        assert "第2行“案由”列" in r.out and "控制字符" in r.out and "已删除" in r.out
    rows = stored(demo_store, 2026)
    assert rows[301]["title"] == "关于加快乡村道路建设的建议" and rows[301]["proposer"] == "甲乙"
    assert rows[302]["title"] == "关于完善农村供水设施的建议"
    out = tmp_path / "再导出.xlsx"
    assert cli("export", "提案", out).code == 0  # nothing stored can break a later export
    assert openpyxl.load_workbook(out)["提案"].max_row == len(demo_store.rows("proposal")) + 1


@pytest.mark.parametrize(
    "year,case,column,shown",
    [
        # A 20-digit number typed into a cell is kept by Excel only to 15 significant digits.
        (2026, 12345678901234567890, "案号", "123456789012345"),
        (2026, "12345678901234567890", "案号", "12345678901234567890"),
        (2026, 0, "案号", "0"),
        (2026, -3, "案号", "-3"),
        (99999, 5, "年度", "99999"),
        (2026, "#REF!", "案号", "#REF!"),
    ],
)
def test_numbers_out_of_range_are_cell_errors(demo_store, cli, tmp_path, year, case, column, shown):
    path = plain_workbook(tmp_path / "越界.xlsx", [[year, case, "关于某事的建议", "甲", "县财政局"]])
    before = snapshot(demo_store)
    r = cli("import", "提案", path)
    assert r.code != 0 and "Traceback" not in r.err
    assert f"第2行“{column}”列填写的“{shown}" in r.out and "有误" in r.out, r
    assert snapshot(demo_store) == before


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")])
def test_utf16_csv_is_read(demo_store, cli, tmp_path, encoding, bom):
    body = "年度\t案号\t案由\t主办单位\r\n2026\t401\t关于完善农村供水设施的建议\t县水利局\r\n"
    path = tmp_path / "提案.csv"
    path.write_bytes(bom + body.encode(encoding))
    r = cli("import", "提案", path)
    assert r.code == 0, r
    assert stored(demo_store, 2026)[401]["title"] == "关于完善农村供水设施的建议"


def test_editor_and_import_share_one_vocabulary(demo_store):
    """What an office types is read the same in the editor as in a workbook (✓ was refused in the editor)."""
    from workbench.sheets import kinds, normalize
    from workbench.ui.editor.parts.fields import Field

    for typed, meant in (("✓", True), ("√", True), ("否", False), ("×", False)):
        assert normalize.boolean(typed) is meant
        f = Field("proposal", "key_proposal")
        f.value = typed
        assert f.check() and f.parsed is meant, typed
    for typed in ("2025年3月8日", "2025.3.8", "二〇二五年三月八日", "２０２５/３/８", "20250308"):
        f = Field("proposal", "replied_on")
        f.value = typed
        assert f.check() and f.parsed == date(2025, 3, 8), typed
        assert normalize.value(kinds.PROPOSAL.field("replied_on"), typed) == date(2025, 3, 8)
    f = Field("proposal", "replied_on")
    f.value = "2025年13月5日"
    assert not f.check() and "没有13月" in f.error
