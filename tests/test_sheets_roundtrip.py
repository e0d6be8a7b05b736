"""The Excel round trip as the office does it: export, departments fill in, re-import.

Exporting the demo data and importing it again must change nothing (no history
rows); a per-department workbook edited with openpyxl and re-imported must land
exactly the edited cells, each with a history entry.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from helpers.stores import store_snapshot as snapshot
from workbench.sheets import KINDS


def changed_cells(before: dict, after: dict) -> dict:
    """{(table, id): {field: (old, new)}} for rows present in both snapshots, ignoring bookkeeping."""
    out = {}
    for name, rows in before.items():
        if name == "history":
            continue
        after_rows = {r["id"]: r for r in after[name]}
        for r in rows:
            a = after_rows[r["id"]]
            diff = {k: (r[k], a[k]) for k in r if k not in ("version", "updated_at", "updated_by") and r[k] != a[k]}
            if diff:
                out[(name, r["id"])] = diff
    return out


def new_rows(before: dict, after: dict) -> dict:
    return {
        name: [r for r in after[name] if r["id"] not in {b["id"] for b in before[name]}] for name in before if name != "history"
    }


def header_index(ws) -> dict:
    return {c.value: c.column for c in next(ws.iter_rows(min_row=1, max_row=1))}


@pytest.mark.parametrize("kind", [k.name for k in KINDS] + [k.zh for k in KINDS[:2]])
def test_export_then_import_changes_nothing(demo_store, cli, tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    r = cli("export", kind, path)
    assert r.code == 0, r
    assert "已导出" in r.out and path.exists()
    before = snapshot(demo_store)
    r = cli("import", kind, path)
    assert r.code == 0, r
    assert "新增 0 条，修改 0 条" in r.out
    assert "已导入：新增 0 条，修改 0 条。" in r.out
    assert snapshot(demo_store) == before


def test_export_counts_match_the_store(demo_store, cli, tmp_path):
    expected = {
        "proposal": 150,
        "supervision_item": len(demo_store.rows("supervision_item")),
        "briefing_topic": 12,
        "plan_progress": len(demo_store.rows("plan_item")),
        "member": 40,
        "attendance": len(demo_store.rows("attendance")),
    }
    for kind, count in expected.items():
        path = tmp_path / f"{kind}.xlsx"
        assert cli("export", kind, path).code == 0
        ws = openpyxl.load_workbook(path).worksheets[0]
        assert ws.max_row - 1 == count, kind


def test_exported_workbook_is_fit_for_an_office(demo_store, cli, tmp_path):
    path = tmp_path / "提案.xlsx"
    assert cli("export", "提案", path).code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["提案"]
    cols = header_index(ws)
    assert list(cols)[:4] == ["年度", "案号", "案由", "提案人"]
    assert ws.freeze_panes == "A2"
    # Real dates shown as yyyy-mm-dd.
    assigned = ws.cell(2, cols["交办日期"])
    assert isinstance(assigned.value, datetime) and assigned.number_format == "yyyy-mm-dd"
    # Labels, not codes.
    statuses = {ws.cell(r, cols["状态"]).value for r in range(2, ws.max_row + 1)}
    assert statuses <= {"已立案", "已交办", "办理中", "已答复", "已评价", "已办结", "重新办理", "回头看", "未立案"}
    assert "已办结" in statuses
    # Dropdowns on every label column, fed from the hidden options sheet.
    validated = {str(dv.sqref).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation}
    from openpyxl.utils import get_column_letter

    for header in ("状态", "类别", "答复类别", "满意度", "提案者类型", "审查结果", "重点提案"):
        assert get_column_letter(cols[header]) in validated, header
    assert wb["选项"].sheet_state == "hidden"
    status_dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(get_column_letter(cols["状态"])))
    options = [c.value for c in wb["选项"][status_dv.formula1.split("!")[1].replace("$", "").split(":")[0][0]]]
    assert "办理中" in options

    # Widths follow the content: the title column is wider than the year column.
    def width(h):
        return ws.column_dimensions[get_column_letter(cols[h])].width

    assert width("案由") > width("年度") >= 6


def test_formula_like_text_is_written_as_text(demo_store, cli, tmp_path):
    first = demo_store.rows("proposal")[0]
    nasty = ['=HYPERLINK("http://example.invalid","点此")', "+1+2", "-3", "@SUM(A1:A2)"]
    demo_store.update(
        "proposal",
        first["id"],
        {"title": nasty[0], "proposer": nasty[1], "co_proposers": nasty[2], "handling_note": nasty[3]},
        expected_version=first["version"],
    )
    path = tmp_path / "提案.xlsx"
    assert cli("export", "proposal", path).code == 0
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    ws = openpyxl.load_workbook(path)["提案"]
    cols = header_index(ws)
    for header, value in zip(("案由", "提案人", "联名人", "办理情况"), nasty):
        cell = ws.cell(2, cols[header])
        assert cell.data_type == "s" and cell.value == value and cell.quotePrefix
    before = snapshot(demo_store)
    r = cli("import", "proposal", path)
    assert r.code == 0 and "修改 0 条" in r.out, r
    assert snapshot(demo_store) == before


def test_department_workbook_edits_land_exactly_with_history(demo_store, cli, tmp_path):
    out = tmp_path / "发各单位"
    r = cli("export", "提案", "--by-department", out)
    assert r.code == 0, r
    files = sorted(out.glob("*.xlsx"))
    units = {p["lead_unit"] for p in demo_store.rows("proposal") if p["lead_unit"]}
    assert len(files) == len(units)
    path = out / "县财政局_提案.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cols = header_index(ws)
    # Only its own proposals, only the columns it reads and fills.
    own = [p for p in demo_store.rows("proposal") if p["lead_unit"] == "县财政局"]
    assert ws.max_row - 1 == len(own) >= 2
    assert {ws.cell(r, cols["主办单位"]).value for r in range(2, ws.max_row + 1)} == {"县财政局"}
    assert "满意度" not in cols and "答复类别" in cols and "办理情况" in cols
    assert "填写说明" in wb.sheetnames

    by_case = {p["case_no"]: p for p in own}
    case_a = ws.cell(2, cols["案号"]).value
    case_b = ws.cell(3, cols["案号"]).value
    ws.cell(2, cols["状态"]).value = "已答复"
    ws.cell(2, cols["答复日期"]).value = datetime(2026, 11, 5)
    ws.cell(2, cols["答复类别"]).value = "B类（列入计划拟解决）"
    ws.cell(3, cols["办理情况"]).value = "已会同县水利局现场办理，计划明年实施。"
    wb.save(path)

    before = snapshot(demo_store)
    r = cli("import", "提案", path)
    assert r.code == 0, r
    assert "修改 2 条" in r.out
    # Nothing is reported missing: the file's scope is this unit's proposals.
    assert "库中有而文件中没有 0 条" in r.out
    after = snapshot(demo_store)
    changes = changed_cells(before, after)
    a, b = by_case[case_a], by_case[case_b]
    expected_a = {
        "status": (a["status"], "replied"),
        "replied_on": (a["replied_on"], date(2026, 11, 5)),
        "reply_category": (a["reply_category"], "B"),
    }
    expected_a = {k: v for k, v in expected_a.items() if v[0] != v[1]}
    assert changes == {
        ("proposal", a["id"]): expected_a,
        ("proposal", b["id"]): {"handling_note": (b["handling_note"], "已会同县水利局现场办理，计划明年实施。")},
    }
    assert new_rows(before, after) == {name: [] for name in new_rows(before, after)}
    history = demo_store.history("proposal", a["id"])
    logged = {h["field"]: h for h in history if h["action"] == "update"}
    assert set(logged) == set(expected_a)
    assert all(h["actor"] == "测试秘书" for h in logged.values())
    assert after["history"] == before["history"] + len(expected_a) + 1

    # The same file again changes nothing.
    r = cli("import", "提案", path)
    assert r.code == 0 and "修改 0 条" in r.out
    assert snapshot(demo_store) == after


def test_plan_progress_department_workbook_adds_a_dated_note(demo_store, cli, tmp_path):
    out = tmp_path / "委室"
    assert cli("export", "要点进展", "--by-department", out).code == 0
    path = sorted(out.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cols = header_index(ws)
    assert {"进展日期", "进展情况", "上次进展", "状态", "责任人"} <= set(cols)
    number = ws.cell(2, cols["条目序号"]).value
    ws.cell(2, cols["进展日期"]).value = "2026年12月1日"
    ws.cell(2, cols["进展情况"]).value = "第四季度：完成年度任务，形成总结报告。"
    ws.cell(2, cols["状态"]).value = "已完成"
    wb.save(path)
    item = next(i for i in demo_store.rows("plan_item") if i["number"] == number)
    notes_before = demo_store.rows("progress_note", plan_item_id=item["id"])
    before = snapshot(demo_store)

    r = cli("import", "plan_progress", path)
    assert r.code == 0, r
    assert "进展情况：新增 1 条" in r.out
    notes = demo_store.rows("progress_note", plan_item_id=item["id"])
    assert len(notes) == len(notes_before) + 1
    assert notes[-1]["noted_on"] == date(2026, 12, 1) and notes[-1]["text"].startswith("第四季度")
    assert demo_store.get("plan_item", item["id"])["status"] == "done"
    after = snapshot(demo_store)
    expected_status = {} if item["status"] == "done" else {("plan_item", item["id"]): {"status": (item["status"], "done")}}
    assert changed_cells(before, after) == expected_status
    added = new_rows(before, after)
    assert [r["id"] for r in added["progress_note"]] == [notes[-1]["id"]]
    assert sum(len(v) for v in added.values()) == 1

    # Re-importing the returned workbook: the (item, date) note exists now, nothing changes.
    r = cli("import", "plan_progress", path)
    assert r.code == 0 and "修改 0 条" in r.out
    assert snapshot(demo_store) == after


def test_supervision_and_briefing_department_round_trip(demo_store, cli, tmp_path):
    out = tmp_path / "监督"
    assert cli("export", "监督事项", "--by-department", out).code == 0
    path = out / "县财政局_监督事项.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cols = header_index(ws)
    code = ws.cell(2, cols["事项编号"]).value
    ws.cell(2, cols["进展情况"]).value = "已完成整改，\n资金全部发放到位。"
    wb.save(path)
    before = snapshot(demo_store)
    assert cli("import", "supervision_item", path).code == 0
    item = next(i for i in demo_store.rows("supervision_item") if i["code"] == code)
    assert item["progress"] == "已完成整改，\n资金全部发放到位。"
    assert list(changed_cells(before, snapshot(demo_store))) == [("supervision_item", item["id"])]

    out = tmp_path / "通报"
    assert cli("export", "briefing_topic", "--by-department", out).code == 0
    files = sorted(out.glob("*.xlsx"))
    assert files
    wb = openpyxl.load_workbook(files[0])
    ws = wb.worksheets[0]
    cols = header_index(ws)
    ws.cell(2, cols["通报人"]).value = "何 建 国"  # padded the way names are lined up by hand
    wb.save(files[0])
    code = ws.cell(2, cols["议题编号"]).value
    assert cli("import", "通报议题", files[0]).code == 0
    topic = next(t for t in demo_store.rows("briefing_topic") if t["code"] == code)
    assert topic["reporter"] == "何建国"


def test_export_refuses_to_overwrite_without_force(demo_store, cli, tmp_path):
    path = tmp_path / "导出" / "提案.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"keep me")
    r = cli("export", "提案", path)
    assert r.code != 0 and "已存在" in r.err and "--force" in r.err
    assert path.read_bytes() == b"keep me"
    r = cli("export", "提案", path, "--force")
    assert r.code == 0
    assert openpyxl.load_workbook(path).worksheets[0].max_row == 151
    assert [p.name for p in path.parent.iterdir()] == ["提案.xlsx"]  # no temporary file left behind

    out = tmp_path / "单位"
    assert cli("export", "提案", "--by-department", out).code == 0
    stamp = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    r = cli("export", "提案", "--by-department", out)
    assert r.code != 0 and "已存在" in r.err
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamp


def test_export_by_department_needs_a_kind_with_units(demo_store, cli, tmp_path):
    r = cli("export", "委员", "--by-department", tmp_path / "x")
    assert r.code != 0 and "不能按单位分别导出" in r.err
    r = cli("export", "议案", tmp_path / "x.xlsx")
    assert r.code != 0 and "无法识别的表格类型" in r.err and "提案（proposal）" in r.err


def test_full_plan_progress_sheet_edits_the_latest_note_in_place(demo_store, cli, tmp_path):
    path = tmp_path / "要点进展.xlsx"
    assert cli("export", "plan_progress", path).code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cols = header_index(ws)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["进展日期"]).value)
    number = ws.cell(row, cols["条目序号"]).value
    ws.cell(row, cols["进展情况"]).value = "（更正）" + ws.cell(row, cols["进展情况"]).value
    ws.cell(row, cols["责任人"]).value = "新的责任人"
    wb.save(path)
    item = next(i for i in demo_store.rows("plan_item") if i["number"] == number)
    before = snapshot(demo_store)
    r = cli("import", "要点进展", path)
    assert r.code == 0, r
    assert "修改 1 条" in r.out and "进展情况：新增 0 条，修改 1 条" in r.out
    after = snapshot(demo_store)
    changes = changed_cells(before, after)
    note = max(demo_store.rows("progress_note", plan_item_id=item["id"]), key=lambda n: n["noted_on"])
    assert changes[("plan_item", item["id"])] == {"owner": (item["owner"], "新的责任人")}
    assert changes[("progress_note", note["id"])]["text"][1].startswith("（更正）")
    assert len(changes) == 2 and after["history"] == before["history"] + 2


def test_member_matched_by_name_when_position_changes(demo_store, cli, tmp_path):
    path = tmp_path / "委员.xlsx"
    assert cli("export", "member", path).code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cols = header_index(ws)
    name = ws.cell(2, cols["姓名"]).value
    ws.cell(2, cols["工作单位及职务"]).value = "县政协办公室主任"
    wb.save(path)
    r = cli("import", "委员", path)
    assert r.code == 0, r
    assert "新增 0 条，修改 1 条" in r.out and "工作单位及职务：" in r.out
    assert [m["position"] for m in demo_store.rows("member", name=name)] == ["县政协办公室主任"]


def test_department_workbook_only_writes_its_fill_columns(demo_store, cli, tmp_path):
    """A unit's stale or edited reference columns never overwrite the office's data."""
    out = tmp_path / "发各单位"
    assert cli("export", "提案", "--by-department", out).code == 0
    path = out / "县财政局_提案.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cols = header_index(ws)
    case = ws.cell(2, cols["案号"]).value
    ws.cell(2, cols["案由"]).value = "单位改了案由"
    ws.cell(2, cols["办理期限"]).value = datetime(2027, 1, 1)
    ws.cell(2, cols["办理情况"]).value = "已办理。"
    wb.save(path)
    before = snapshot(demo_store)
    r = cli("import", "提案", path)
    assert r.code == 0, r
    assert "这是按单位导出的填报表，只导入填写列" in r.out
    p = demo_store.rows("proposal", case_no=case)[0]
    assert list(changed_cells(before, snapshot(demo_store))) == [("proposal", p["id"])]
    assert p["handling_note"] == "已办理。" and p["title"] != "单位改了案由" and p["due_on"] != date(2027, 1, 1)

    # A row the unit added is refused: departments answer, they do not file proposals.
    ws.append([2026, 999, "单位自己加的一行", None, "县财政局"])
    wb.save(path)
    before = snapshot(demo_store)
    r = cli("import", "提案", path)
    assert r.code != 0 and "库中没有这条提案" in r.out
    assert snapshot(demo_store) == before


def test_commands_in_a_real_process(demo_store, cli_process, tmp_path):
    path = tmp_path / "通报议题.xlsx"
    r = cli_process("export", "通报议题", path)
    assert r.code == 0 and "已导出通报议题 12 条" in r.out, r
    r = cli_process("import", "briefing_topic", path, "--dry-run")
    assert r.code == 0 and "未变 12 条" in r.out and "试运行：未写入任何数据" in r.out, r
    r = cli_process("--help")
    assert "import" in r.out and "export" in r.out
