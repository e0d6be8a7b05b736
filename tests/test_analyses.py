"""The example analyses in notebooks/analyses run headless against the demo county and print true figures."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers.paths import ROOT

ANALYSES = ROOT / "notebooks" / "analyses"


def _history_count(store) -> int:
    from sqlalchemy import func, select

    from workbench.store import schema

    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.history)).scalar()


def _run(name: str) -> tuple[nbformat.NotebookNode, str]:
    nb = nbformat.read(ANALYSES / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ANALYSES)}}).execute()
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            text.append(out.get("text", ""))
            text.append(out.get("data", {}).get("text/plain", ""))
            text.append(out.get("data", {}).get("text/html", ""))
    return nb, "\n".join(text)


def test_at_least_two_analyses_with_chinese_markdown():
    notebooks = sorted(ANALYSES.glob("*.ipynb"))
    assert len(notebooks) >= 2
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        markdown = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "#" in markdown and any("\u4e00" <= ch <= "\u9fff" for ch in markdown), path.name
        assert "workbench.frames(" in "".join(c.source for c in nb.cells if c.cell_type == "code"), path.name


def test_proposal_handling_time_by_department(demo_store):
    from datetime import date

    from workbench.office import figures

    pf = figures.proposal_figures(demo_store, date(2026, 12, 31))
    filed = [r for r in demo_store.rows("proposal") if r["review_result"] == "filed"]
    days = [(r["replied_on"] - r["assigned_on"]).days for r in filed if r["replied_on"]]
    before = _history_count(demo_store)
    _, text = _run("proposal_handling_time.ipynb")
    assert _history_count(demo_store) == before  # an analysis reads only
    assert f"共统计立案提案 {pf.filed} 件，已答复 {pf.replied} 件，平均办理 {sum(days) / len(days):.1f} 天" in text
    # The per-unit table names the handling units.
    assert pf.by_unit[0][0] in text


def _status_counts_at(db: Path, moment: str) -> dict[str, int]:
    """Plan items by status at `moment` ('YYYY-MM-DD HH:MM:SS'), from the history table with plain SQL.

    Written apart from the notebook: the rows that decide an item's existence and status
    (inserts, deletes, status changes and their undos), taken in order up to `moment`.
    """
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT record_id, action, field, new_value FROM history WHERE table_name = 'plan_item' AND at <= ? "
            "AND (action IN ('insert', 'delete') OR field = 'status') ORDER BY id",
            (moment,),
        ).fetchall()
    finally:
        conn.close()
    status: dict[int, str | None] = {}
    for record_id, action, _field, new_value in rows:
        if action == "insert":
            status[record_id] = json.loads(new_value).get("status")
        elif action == "delete":
            status.pop(record_id, None)
        elif record_id in status:
            status[record_id] = json.loads(new_value) if new_value else None
    counts: dict[str, int] = {}
    for value in status.values():
        counts[value or "not_started"] = counts.get(value or "not_started", 0) + 1
    return counts


def test_plan_items_by_status_over_quarters(demo_store):
    from workbench.base import config

    labels = config.labels()["plan_item_status"]
    db = Path(demo_store.engine.url.database)
    before = _history_count(demo_store)
    _, text = _run("plan_status_by_quarter.ipynb")
    assert _history_count(demo_store) == before
    lines = re.findall(r"^(\d{4})年(\d{1,2})月(\d{1,2})日（(.+?)）：(.*)；共(\d+)条。$", text, flags=re.M)
    shown = {date(int(y), int(m), int(d)): (heading, body, int(total)) for y, m, d, heading, body, total in lines}
    # The demo's status changes are dated at the first three quarter ends: each must be a column.
    for day, heading in ((date(2026, 3, 31), "第一季度末"), (date(2026, 6, 30), "第二季度末"), (date(2026, 9, 30), "第三季度末")):
        assert shown.get(day, ("",))[0] == heading, (day, shown.keys())
    progression = []
    for day, (_heading, body, total) in sorted(shown.items()):
        expected = _status_counts_at(db, f"{day.isoformat()} 23:59:59.999999")
        printed = {labels.code(name): int(n) for name, n in re.findall(r"([^，\d]+)(\d+)条", body)}
        assert printed == {c: n for c, n in expected.items() if n}, (day, printed, expected)
        assert total == sum(expected.values())
        progression.append(expected.get("done", 0))
    assert progression[0] < progression[-1]  # a real progression, not today's status repeated
    # The latest column equals the statuses stored now.
    now = {}
    for r in demo_store.rows("plan_item"):
        now[r["status"] or "not_started"] = now.get(r["status"] or "not_started", 0) + 1
    assert _status_counts_at(db, "9999-12-31") == now
