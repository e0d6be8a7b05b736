"""The example analyses in notebooks/analyses run headless against the demo county and print true figures."""
from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

ANALYSES = ROOT / "notebooks" / "analyses"


def _history_count(store) -> int:
    from sqlalchemy import func, select
    from workbench.store import schema
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.history)).scalar()


def _run(name: str) -> tuple[nbformat.NotebookNode, str]:
    nb = nbformat.read(ANALYSES / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ANALYSES)}}).execute()
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
    from workbench import figures
    from datetime import date
    pf = figures.proposal_figures(demo_store, date(2026, 12, 31))
    filed = [r for r in demo_store.rows("proposal") if r["review_result"] == "filed"]
    days = [(r["replied_on"] - r["assigned_on"]).days for r in filed if r["replied_on"]]
    before = _history_count(demo_store)
    _, text = _run("proposal_handling_time.ipynb")
    assert _history_count(demo_store) == before   # an analysis reads only
    assert f"共统计立案提案 {pf.filed} 件，已答复 {pf.replied} 件，平均办理 {sum(days) / len(days):.1f} 天" in text
    # The per-unit table names the handling units.
    assert pf.by_unit[0][0] in text


def test_plan_items_by_status_over_quarters(demo_store):
    from workbench import config, figures
    from datetime import date
    counts = figures.plan_status_counts(figures.plan_items(demo_store, date(2026, 12, 31)))
    labels = config.labels()["plan_item_status"]
    before = _history_count(demo_store)
    _, text = _run("plan_status_by_quarter.ipynb")
    assert _history_count(demo_store) == before
    total = sum(counts.values())
    assert f"工作要点共 {total} 条" in text
    for code, n in counts.items():
        if n:
            assert f"{labels.label(code)}{n}条" in text
    assert "第4季度" in text or "第2季度" in text
