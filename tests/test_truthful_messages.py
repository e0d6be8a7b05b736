"""Messages that tell the truth, and by-department exports that never overwrite each other.

Each test here failed before its fix: names that collided on disk while the count said otherwise,
"没有写入权限、磁盘已满" for a name the file system finds too long, "与已有记录重复" for a blanked
required field, a conflict message of 49 lines, and a raw OperationalError after a finished export.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from workbench import sheets
from workbench.base.errors import ConflictError, SheetError, ValidationError


def test_units_differing_only_where_a_file_name_cannot_tell_get_their_own_workbooks(demo_store, cli, tmp_path):
    cases = demo_store.rows("proposal", review_result="filed")[:4]
    long_a = "县" + "乡村振兴和农业农村现代化建设工作领导小组办公室" * 3 + "甲"
    long_b = long_a[:-1] + "乙"
    for case, unit in zip(cases, ["县财政局", "县财政局.", long_a, long_b]):
        demo_store.update("proposal", case["id"], {"lead_unit": unit}, expected_version=case["version"])
    units = {r["lead_unit"] for r in demo_store.rows("proposal") if r["lead_unit"]}
    out = tmp_path / "按单位"
    r = cli("export", "proposal", "--by-department", out)
    assert r.code == 0, r
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(units)  # before: two pairs overwrote each other
    assert f"{len(files)} 个文件" in r.out  # the printed count is the count on disk
    assert "县财政局_提案.xlsx" in files and "县财政局（2）_提案.xlsx" in files
    # Every workbook holds only its own unit's rows, so a colleague's file was not overwritten.
    seen = set()
    for path in out.iterdir():
        preview = sheets.read_and_diff(demo_store, "proposal", path)
        assert not preview.problems and not preview.changed, (path.name, preview.problems)
        from openpyxl import load_workbook

        ws = load_workbook(path).worksheets[0]
        header = [c.value for c in ws[1]]
        column = header.index("主办单位")
        values = {row[column] for row in ws.iter_rows(min_row=2, values_only=True) if row[column]}
        assert len(values) == 1, (path.name, values)
        seen |= values
    assert seen == units


def test_a_unit_name_of_rare_characters_still_fits_a_file_name(demo_store, cli, tmp_path):
    case = demo_store.rows("proposal", review_result="filed")[0]
    unit = "\U00020000\U00020001\U00020002" * 20 + "办公室"  # 4 bytes each in UTF-8: 240 bytes in 60
    demo_store.update("proposal", case["id"], {"lead_unit": unit}, expected_version=case["version"])
    r = cli("export", "proposal", "--by-department", tmp_path / "按单位")
    assert r.code == 0, r
    units = {x["lead_unit"] for x in demo_store.rows("proposal") if x["lead_unit"]}
    assert len(list((tmp_path / "按单位").iterdir())) == len(units)


def test_a_file_name_too_long_is_called_that(demo_store, tmp_path):
    target = tmp_path / ("关于进一步加强和改进全县政协提案办理工作的若干意见" * 6 + ".xlsx")
    with pytest.raises(SheetError) as caught:
        sheets.export(demo_store, "proposal", target)
    message = str(caught.value)
    assert "过长" in message
    assert "没有写入权限" not in message and "磁盘已满" not in message


def test_blanking_a_required_field_is_not_called_a_duplicate(demo_store):
    case = demo_store.rows("proposal")[0]
    with pytest.raises(ValidationError) as caught:
        demo_store.update("proposal", case["id"], {"title": "  "}, expected_version=case["version"])
    message = str(caught.value)
    assert "“案由”为必填项，不能清空" in message and "重复" not in message
    with pytest.raises(ValidationError) as caught, demo_store.writer() as w:  # the batched path of imports says the same
        from workbench.store import schema

        w.update_many(schema.proposal, [(case["id"], {"title": None}, case["version"])])
    assert "不能清空" in str(caught.value) and "重复" not in str(caught.value)
    assert demo_store.get("proposal", case["id"]) == case


def test_a_conflict_lists_the_last_few_changes_and_counts_the_rest(demo_store):
    item = demo_store.rows("supervision_item")[0]
    opened = item["version"]
    version = opened
    for n in range(49):
        version = demo_store.update(
            "supervision_item", item["id"], {"progress": f"第{n + 1}次进展"}, expected_version=version, actor="李秘书"
        )["version"]
    with pytest.raises(ConflictError) as caught:
        demo_store.update("supervision_item", item["id"], {"progress": "我的修改"}, expected_version=opened)
    message = str(caught.value)
    assert "对方共改动 49 处，最近 5 处为" in message
    assert "第49次进展" in message and "第43次进展" not in message
    assert message.count("→") == 5
    assert len(caught.value.changes) == 49  # the editor can still show them all


def test_a_read_only_store_after_a_finished_export_is_a_chinese_notice(demo_store, tmp_path):
    from workbench.publish import export_packet

    @event.listens_for(demo_store.engine, "connect")
    def _read_only(dbapi_conn, _record):  # what a write-protected database file does to a write
        dbapi_conn.execute("PRAGMA query_only=ON")

    out = tmp_path / "材料"
    result = export_packet(demo_store, "next", out)  # before: sqlite3.OperationalError after the files
    assert result.snapshot_id is None
    assert all(f.exists() for f in result.files)
    notice = result.notices[-1]
    assert "会议材料已全部导出" in notice and "数据快照未能保存" in notice and "只读" in notice
    assert "OperationalError" not in notice and "readonly" not in notice


def test_control_characters_neither_enter_from_a_csv_nor_break_an_export(demo_store, cli, tmp_path):
    """Found by the fuzzing: a CSV cell of control characters was stored, and every later export of that
    kind then failed inside openpyxl. Such a cell is now named on import and taken without them; text
    already stored with them (a paste in the editor) exports without them."""
    case = demo_store.rows("proposal", review_result="filed")[0]
    demo_store.update(
        "proposal", case["id"], {"lead_unit": "县\x07财政局\x1f", "title": "关于\x0b测试的建议"}, expected_version=case["version"]
    )  # as the editor may store a paste
    r = cli("export", "proposal", "--by-department", tmp_path / "按单位")
    assert r.code == 0, r
    assert cli("export", "proposal", tmp_path / "提案.xlsx").code == 0
    csv = tmp_path / "委员.csv"
    csv.write_text("姓名,工作单位及职务,联络组\n王\x14五,县\x07医院,\n", encoding="utf-8")
    r = cli("import", "委员", csv)
    assert r.code == 0 and "第2行“姓名”列" in r.out, r  # said, and taken without them
    assert not [m for m in demo_store.rows("member") if any(ord(ch) < 32 for ch in m["name"] + (m["position"] or ""))]
    assert cli("export", "member", tmp_path / "委员.xlsx").code == 0
