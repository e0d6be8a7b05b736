"""A 10,000-proposal workbook imports completely, with history, and a second import changes nothing.

Speed is measured in bench/, not here.
"""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
from sqlalchemy import func, select

from workbench.store import schema

UNITS = ["县财政局", "县水利局", "县教育体育局", "县卫生健康委", "县交通运输局"]
CATEGORIES = ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设"]
STATUSES = ["已交办", "办理中", "已答复", "已办结"]


def test_ten_thousand_proposals(store, cli, tmp_path):
    path = tmp_path / "一万件提案.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("提案")
    ws.append(["年度", "案号", "案由", "提案人", "类别", "主办单位", "交办日期", "办理期限", "状态", "答复类别"])
    for i in range(1, 10001):
        ws.append(
            [
                2025,
                i,
                f"关于第{i}项民生实事的建议",
                f"委员{i % 97}",
                CATEGORIES[i % 5],
                UNITS[i % 5],
                date(2025, 3, 10) + timedelta(days=i % 30),
                "2025/6/10",
                STATUSES[i % 4],
                "A类" if i % 4 >= 2 else None,
            ]
        )
    wb.save(path)

    r = cli("import", "提案", path)
    assert r.code == 0, r
    assert "新增 10000 条" in r.out and "……另有 9970 条" in r.out
    with store.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(schema.proposal)).scalar()
        inserts = conn.execute(
            select(func.count())
            .select_from(schema.history)
            .where(schema.history.c.action == "insert", schema.history.c.table_name == "proposal")
        ).scalar()
        last = conn.execute(select(schema.proposal).where(schema.proposal.c.case_no == 9999)).mappings().one()
    assert count == 10000 and inserts == 10000
    assert last["title"] == "关于第9999项民生实事的建议" and last["lead_unit"] == UNITS[9999 % 5]
    assert last["assigned_on"] == date(2025, 3, 10) + timedelta(days=9999 % 30)
    assert last["status"] == "closed" and last["reply_category"] == "A" and last["category"] == "ecology"

    r = cli("import", "提案", path)
    assert r.code == 0 and "新增 0 条，修改 0 条，未变 10000 条" in r.out
