"""Bad files as offices really send them: each refused with a Chinese message, the store untouched.

Every test compares the whole store (every entity table and the history count)
before and after, because “nothing is written” is the promise being tested.
"""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from helpers.stores import store_snapshot as snapshot
from workbench import sheets
from workbench.base.errors import ConflictError, SheetError

HEADERS = ["年度", "案号", "案由", "提案人", "类别", "主办单位", "交办日期", "状态"]


def proposal_rows():
    """Three good rows: one changes demo proposal 1, two are new (case 201, 202)."""
    return [
        [2026, 1, "关于加快县经济开发区标准化厂房建设的建议", "甲", "经济建设", "县财政局", "2026-03-10", "已答复"],
        [2026, 201, "关于增设城区公交线路的建议", "乙", "社会建设", "县交通运输局", "2026/3/10", "已交办"],
        [2026, 202, "关于保护古树名木的建议", "丙", "生态文明建设", "县林业局", "2026年3月10日", "已交办"],
    ]


def write_xlsx(path, rows, headers=HEADERS):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "提案"
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def guarded(demo_store):
    """The demo store, checked to be exactly as it was when the test ends."""
    before = snapshot(demo_store)
    yield demo_store
    assert snapshot(demo_store) == before


def test_missing_required_column(guarded, cli, tmp_path):
    headers = [h for h in HEADERS if h != "案号"]
    path = write_xlsx(tmp_path / "缺列.xlsx", [[c for h, c in zip(HEADERS, r) if h != "案号"] for r in proposal_rows()], headers)
    r = cli("import", "提案", path)
    assert r.code != 0
    assert "缺少必需的列“案号”" in r.err and "缺列.xlsx" in r.err
    assert "Traceback" not in r.err


def test_bad_date_names_its_row_and_column(guarded, cli, tmp_path):
    rows = proposal_rows()
    rows[2][6] = "2026-13-45"
    path = write_xlsx(tmp_path / "日期.xlsx", rows)
    r = cli("import", "提案", path)
    assert r.code != 0
    assert "工作表“提案”第4行“交办日期”列填写的“2026-13-45”有误，应为实际存在的日期" in r.out
    assert "1 处问题" in r.err and "未写入任何数据" in r.err
    r = cli("import", "提案", path, "--dry-run")
    assert r.code != 0 and "第4行" in r.out


def test_unknown_status_lists_the_allowed_wording(guarded, cli, tmp_path):
    rows = proposal_rows()
    rows[1][7] = "已搁置"
    path = write_xlsx(tmp_path / "状态.xlsx", rows)
    r = cli("import", "提案", path)
    assert r.code != 0
    assert "第3行“状态”列填写的“已搁置”有误，应为提案状态之一：已立案、已交办、办理中" in r.out


def test_duplicate_key_in_file(guarded, cli, tmp_path):
    rows = [*proposal_rows(), [2026, "第２０１号", "重复的一行", "丁", "经济建设", "县商务局", None, "已交办"]]
    path = write_xlsx(tmp_path / "重复.xlsx", rows)
    r = cli("import", "提案", path)
    assert r.code != 0
    assert "第5行：年度“2026”、案号“201”与第3行重复" in r.out


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("空.xlsx", b"", "是空的"),
        ("空.csv", b"", "是空的"),
        ("空白.csv", "\ufeff\r\n\r\n".encode(), "没有任何数据"),
    ],
)
def test_empty_files(guarded, cli, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    r = cli("import", "提案", path)
    assert r.code != 0 and message in r.err and name in r.err


def test_workbook_with_header_but_no_rows(guarded, cli, tmp_path):
    path = write_xlsx(tmp_path / "只有表头.xlsx", [])
    r = cli("import", "提案", path)
    assert r.code != 0 and "没有数据行" in r.err
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "空白工作簿.xlsx")
    r = cli("import", "提案", tmp_path / "空白工作簿.xlsx")
    assert r.code != 0 and "没有任何数据" in r.err


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("照片.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "不是有效的 Excel 工作簿"),
        ("说明.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "不是表格文件"),
        ("旧版.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "另存为"),
        ("图片.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "不是文本格式"),
    ],
)
def test_files_that_are_not_spreadsheets(guarded, cli, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    r = cli("import", "提案", path)
    assert r.code != 0 and message in r.err and name in r.err
    assert "Traceback" not in r.err and "程序内部错误" not in r.err


def test_word_document_renamed_to_xlsx(guarded, cli, tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("提案办理情况")
    doc.save(tmp_path / "文档.docx")
    shutil.copy(tmp_path / "文档.docx", tmp_path / "文档.xlsx")
    r = cli("import", "提案", tmp_path / "文档.xlsx")
    assert r.code != 0 and "文档.xlsx" in r.err and "无法作为 Excel 工作簿读取" in r.err


def test_truncated_workbook(guarded, cli, tmp_path):
    good = write_xlsx(tmp_path / "好的.xlsx", proposal_rows())
    data = good.read_bytes()
    (tmp_path / "传了一半.xlsx").write_bytes(data[: len(data) // 2])
    r = cli("import", "提案", tmp_path / "传了一半.xlsx")
    assert r.code != 0 and "已损坏" in r.err and "传了一半.xlsx" in r.err


def test_file_still_open_in_another_program(guarded, cli, tmp_path):
    path = write_xlsx(tmp_path / "办理情况.xlsx", proposal_rows())
    for lock in (".~lock.办理情况.xlsx#", "~$办理情况.xlsx"):
        (tmp_path / lock).write_text("秘书,PC-01,2026-11-30", encoding="utf-8")
        r = cli("import", "提案", path)
        assert r.code != 0 and "仍在 WPS、Excel 或 LibreOffice 中打开" in r.err and lock in r.err
        (tmp_path / lock).unlink()
    # Exporting over an open file is refused as well.
    (tmp_path / ".~lock.办理情况.xlsx#").write_text("x")
    r = cli("export", "提案", path, "--force")
    assert r.code != 0 and "请先关闭" in r.err


def test_unreadable_paths(guarded, cli, tmp_path):
    (tmp_path / "文件夹.xlsx").mkdir()
    r = cli("import", "提案", tmp_path / "文件夹.xlsx")
    assert r.code != 0 and "是一个文件夹" in r.err
    r = cli("import", "提案", tmp_path / "不存在.xlsx")
    assert r.code != 0 and "找不到文件" in r.err


def test_header_not_found(guarded, cli, tmp_path):
    path = write_xlsx(tmp_path / "别的表.xlsx", [["a", "b"]], ["姓名", "电话"])
    r = cli("import", "提案", path)
    assert r.code != 0 and "找不到提案表的表头" in r.err


def test_valid_only_writes_the_good_rows_and_nothing_else(demo_store, cli, tmp_path):
    rows = proposal_rows()
    rows[2][6] = "三月十日"
    path = write_xlsx(tmp_path / "部分有误.xlsx", rows)
    before = snapshot(demo_store)
    r = cli("import", "提案", path, "--valid-only")
    assert r.code == 0, r
    assert "有问题的 1 行未导入" in r.out
    cases = {p["case_no"] for p in demo_store.rows("proposal")}
    assert 201 in cases and 202 not in cases
    assert demo_store.rows("proposal", case_no=1)[0]["status"] == "replied"
    assert len(demo_store.rows("proposal")) == len(before["proposal"]) + 1


def test_missing_column_is_refused_even_with_valid_only(guarded, cli, tmp_path):
    path = write_xlsx(tmp_path / "缺列.xlsx", [r[1:] for r in proposal_rows()], HEADERS[1:])
    r = cli("import", "提案", path, "--valid-only")
    # No 年度 column and nothing else naming the year: refused, saying how to give it.
    assert r.code != 0 and "没有“年度”列" in r.err and "--session" in r.err and "--year" in r.err
    title_only = [[r[1] for r in proposal_rows()]]  # still refused when the key 案号 itself is missing
    path = write_xlsx(tmp_path / "2025年缺案号.xlsx", [r[2:] for r in proposal_rows()], HEADERS[2:])
    r = cli("import", "提案", path, "--valid-only")
    assert r.code != 0 and "缺少必需的列“案号”" in r.err, (r, title_only)


def test_dry_run_writes_nothing(guarded, cli, tmp_path):
    path = write_xlsx(tmp_path / "好的.xlsx", proposal_rows())
    r = cli("import", "提案", path, "--dry-run")
    assert r.code == 0, r
    assert "新增 2 条，修改 1 条" in r.out and "试运行：未写入任何数据" in r.out
    from workbench.base import config

    p1 = guarded.rows("proposal", case_no=1)[0]
    old = config.labels()["proposal_status"].label(p1["status"])
    new_title = proposal_rows()[0][2]
    assert f"第2行 2026年第001号提案《{new_title}》：" in r.out
    assert (f"案由：{p1['title']} → {new_title}" in r.out) == (p1["title"] != new_title)
    assert (f"状态：{old} → 已答复" in r.out) == (p1["status"] != "replied")


def test_unknown_references_are_reported(guarded, cli, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["会议", "姓名", "出勤情况"])
    ws.append(["十一届九十九次常委会议", "查无此人", "出席"])
    ws.append(["十一届十五次常委会议", "查无此人", "出席"])
    wb.save(tmp_path / "出勤.xlsx")
    r = cli("import", "attendance", tmp_path / "出勤.xlsx")
    assert r.code != 0
    assert "第2行“会议”列填写的“十一届九十九次常委会议”有误，应为库中已有的会议，如：" in r.out
    assert "第3行“姓名”列填写的“查无此人”有误" in r.out


def test_conflict_between_preview_and_apply_writes_nothing(demo_store, tmp_path):
    rows = proposal_rows()
    rows.insert(0, [2026, 2, "改过的案由", "甲", "经济建设", "县财政局", "2026-03-10", "已答复"])
    path = write_xlsx(tmp_path / "冲突.xlsx", rows)
    preview = sheets.read_and_diff(demo_store, "提案", path)
    assert preview.ok and len(preview.changed) == 2 and len(preview.new) == 2
    # A colleague saves proposal 1 between the preview and the confirmation.
    p1 = demo_store.rows("proposal", case_no=1)[0]
    demo_store.update(
        "proposal", p1["id"], {"supervising_leader": "测试督办领导"}, expected_version=p1["version"], actor="另一位秘书"
    )
    before = snapshot(demo_store)
    with pytest.raises(ConflictError) as exc:
        sheets.apply(demo_store, preview)
    assert "另一位秘书" in str(exc.value)
    assert snapshot(demo_store) == before


def test_apply_refuses_a_preview_with_problems(guarded, tmp_path):
    rows = proposal_rows()
    rows[1][4] = "农业"
    preview = sheets.read_and_diff(guarded, "提案", write_xlsx(tmp_path / "类别.xlsx", rows))
    assert not preview.ok
    assert [p.row for p in preview.problems] == [3]
    assert preview.problems[0].column == "类别" and preview.problems[0].value == "农业"
    with pytest.raises(SheetError) as exc:
        sheets.apply(guarded, preview)
    assert "1 处问题" in str(exc.value) and exc.value.problems == preview.problems
