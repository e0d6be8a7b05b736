"""The overdue panel keeps its full count but lists only the longest-overdue rows a leader can read."""
from __future__ import annotations

from datetime import date

from workbench.ui import dashboard_data, dashboard_view


def test_overdue_table_is_capped_with_a_note(demo_store):
    view = dashboard_data.live_view(demo_store, 4, date(2026, 12, 17))
    assert view.overdue
    view.overdue = (view.overdue * (dashboard_view.OVERDUE_SHOWN // len(view.overdue) + 2))
    total = len(view.overdue)
    html = dashboard_view.render_live(view)
    panel = html[html.index('data-panel="overdue"'):]
    assert f"逾期事项（{total}项）" in panel
    assert f"共{total}项，以上按类别和逾期天数列出前{dashboard_view.OVERDUE_SHOWN}项" in panel
    table = panel[:panel.index("</table>")]
    assert table.count("<tr") == dashboard_view.OVERDUE_SHOWN + 1   # header row + the rows shown
