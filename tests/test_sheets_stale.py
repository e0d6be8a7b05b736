"""A returned department workbook never silently overwrites what the office changed after sending it out."""

from __future__ import annotations

from datetime import datetime, timedelta

import openpyxl
from test_sheets_roundtrip import header_index

from helpers.stores import store_snapshot as snapshot


def _sent_out(cli, tmp_path, kind: str = "提案", unit: str = "县财政局"):
    """A unit's workbook as exported five minutes ago (history times have one-second resolution): (path, wb, ws, cols)."""
    out = tmp_path / "发各单位"
    assert cli("export", kind, "--by-department", out).code == 0
    path = out / f"{unit}_{kind}.xlsx" if unit else sorted(out.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(path)
    mark, _, when = wb.properties.keywords.partition(";exported-at:")
    wb.properties.keywords = f"{mark};exported-at:{(datetime.fromisoformat(when) - timedelta(minutes=5)).isoformat()}"
    ws = wb.worksheets[0]
    return path, wb, ws, header_index(ws)


def test_office_edit_after_export_is_not_overwritten(demo_store, cli, tmp_path):
    path, wb, ws, cols = _sent_out(cli, tmp_path)
    case_a, case_b = ws.cell(2, cols["案号"]).value, ws.cell(3, cols["案号"]).value
    ws.cell(2, cols["状态"]).value = "已答复"  # the unit's value …
    ws.cell(3, cols["办理情况"]).value = "已现场办理。"  # … and an untouched record
    wb.save(path)

    a = demo_store.rows("proposal", case_no=case_a)[0]
    office_status = "rehandle" if a["status"] != "rehandle" else "follow_up"
    demo_store.update(
        "proposal", a["id"], {"status": office_status}, expected_version=a["version"], actor="办公室张秘书"
    )  # … after the office changed it
    before = snapshot(demo_store)

    r = cli("import", "提案", path)
    assert r.code != 0
    assert "办公室张秘书" in r.out + r.err and "为免覆盖未导入" in r.out + r.err
    assert snapshot(demo_store) == before  # nothing written

    r = cli("import", "提案", path, "--valid-only")
    assert r.code == 0, r
    assert demo_store.rows("proposal", case_no=case_a)[0]["status"] == office_status
    assert demo_store.rows("proposal", case_no=case_b)[0]["handling_note"] == "已现场办理。"


def test_office_edits_of_other_fields_do_not_block_the_unit(demo_store, cli, tmp_path):
    path, wb, ws, cols = _sent_out(cli, tmp_path)
    case_a = ws.cell(2, cols["案号"]).value
    ws.cell(2, cols["办理情况"]).value = "已列入明年计划。"
    wb.save(path)
    a = demo_store.rows("proposal", case_no=case_a)[0]
    demo_store.update("proposal", a["id"], {"supervising_leader": "测试督办领导"}, expected_version=a["version"])
    r = cli("import", "提案", path)
    assert r.code == 0, r
    assert demo_store.rows("proposal", case_no=case_a)[0]["handling_note"] == "已列入明年计划。"


def test_a_cell_the_unit_left_as_sent_keeps_the_office_value(demo_store, cli, tmp_path):
    path, wb, ws, cols = _sent_out(cli, tmp_path)
    case_a = ws.cell(2, cols["案号"]).value
    ws.cell(2, cols["办理情况"]).value = "已会同有关部门研究办理。"  # the unit's edit; 状态 left as sent
    wb.save(path)
    a = demo_store.rows("proposal", case_no=case_a)[0]
    office_status = "rehandle" if a["status"] != "rehandle" else "follow_up"
    demo_store.update("proposal", a["id"], {"status": office_status}, expected_version=a["version"], actor="办公室张秘书")
    r = cli("import", "提案", path)
    assert r.code == 0, r
    now = demo_store.rows("proposal", case_no=case_a)[0]
    assert now["status"] == office_status and now["handling_note"] == "已会同有关部门研究办理。"


def test_a_progress_note_the_office_wrote_after_export_is_not_overwritten(demo_store, cli, tmp_path):
    path, wb, ws, cols = _sent_out(cli, tmp_path, "要点进展", unit=None)
    number = ws.cell(2, cols["条目序号"]).value
    ws.cell(2, cols["进展日期"]).value = "2026-11-18"
    ws.cell(2, cols["进展情况"]).value = "委室报来的进展。"
    wb.save(path)
    item = next(i for i in demo_store.rows("plan_item") if i["number"] == number)
    demo_store.insert(
        "progress_note",
        {"plan_item_id": item["id"], "noted_on": "2026-11-18", "text": "办公室已录入的进展。"},
        actor="办公室张秘书",
    )
    before = snapshot(demo_store)
    r = cli("import", "要点进展", path)
    assert r.code != 0 and "为免覆盖未导入" in r.out + r.err
    assert snapshot(demo_store) == before
    notes = demo_store.rows("progress_note", plan_item_id=item["id"])
    assert [n["text"] for n in notes if str(n["noted_on"]) == "2026-11-18"] == ["办公室已录入的进展。"]
