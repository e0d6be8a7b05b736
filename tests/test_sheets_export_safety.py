"""Exported workbooks are safe to open and to share: no formulas from data, usual file permissions."""

from __future__ import annotations

import os

from openpyxl import load_workbook

from workbench import sheets


def test_unit_workbooks_are_readable_by_colleagues_and_hold_no_formulas(demo_store, tmp_path):
    case = demo_store.rows("proposal", review_result="filed")[0]
    hostile = '=HYPERLINK("http://example.invalid","点我")'
    demo_store.update(
        "proposal", case["id"], {"lead_unit": hostile, "title": "+1+1 关于测试的建议"}, expected_version=case["version"]
    )
    out = tmp_path / "units"
    sheets.export_by_department(demo_store, "proposal", out)
    files = sorted(out.iterdir())
    assert files
    mask = os.umask(0)
    os.umask(mask)
    for f in files:
        assert f.stat().st_mode & 0o777 == 0o666 & ~mask, f.name
        wb = load_workbook(f)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (f.name, ws.title, cell.coordinate, cell.value)
    assert not [p for p in out.iterdir() if p.name.startswith(".~")]  # no temporary files left behind
