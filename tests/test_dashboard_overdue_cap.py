"""The overdue panel keeps its full count but lists only the longest-overdue rows a leader can read."""

from __future__ import annotations

from datetime import date

from workbench.ui.dashboard import data as dashboard_data
from workbench.ui.dashboard import view as dashboard_view


def test_overdue_table_is_capped_with_a_note(demo_store):
    view = dashboard_data.live_view(demo_store, 4, date(2026, 12, 17))
    assert view.overdue
    padding = [
        {
            "kind": "民主监督",
            "code": f"JD-X{i}",
            "title": f"测试事项{i}",
            "department": "县测试局",
            "leader": "测试",
            "deadline": date(2026, 12, 1),
            "days": 1,
        }
        for i in range(dashboard_view.OVERDUE_SHOWN)
    ]
    longest = max(view.overdue, key=lambda r: r["days"])
    view.overdue = padding + view.overdue  # many short-overdue supervision items listed first
    total = len(view.overdue)
    html = dashboard_view.render_live(view)
    panel = html[html.index('data-panel="overdue"') :]
    assert f"逾期事项（{total}项）" in panel
    assert f"共{total}项，以上列出逾期最久的{dashboard_view.OVERDUE_SHOWN}项" in panel
    table = panel[: panel.index("</table>")]
    assert table.count("<tr") == dashboard_view.OVERDUE_SHOWN + 1  # header row + the rows shown
    assert longest["title"] in table  # the longest overdue is never cut
