"""The leaders' dashboard: a meeting selector above KPI cards, charts and tables, served by Voilà.

Read-only by construction: each view opens the store with `Store.open(readonly=True)`
(SQLite `mode=ro`, a READ ONLY session on PostgreSQL) and closes it again, and no
callback here calls anything that writes. A browser can set any widget's value
over the comm channel (even a disabled one), so the only thing a value change
may do is choose which read-only view to draw; an unknown value draws a notice.

    from workbench.ui.dashboard import Dashboard
    Dashboard()          # in notebooks/dashboard.ipynb, after voila's wait_for_request()
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import date
from typing import Iterator

import ipywidgets as widgets

from ...errors import WorkbenchError
from ...store import Store
from . import cycle as cycle
from . import data as data
from . import view as view
from .charts import esc

log = logging.getLogger(__name__)

NO_DATA_TITLE = "暂无可显示的数据"
NO_DATA_TEXT = ("工作台数据库中还没有录入会议、工作要点、提案或监督事项。"
                "请政协办公室秘书导入数据后，刷新本页即可看到最新情况。")
NO_STORE_TEXT = ("看板暂时无法读取工作台数据库：数据库尚未建立或暂时无法访问。"
                 "请联系政协办公室秘书处理后，刷新本页。")
BROKEN_TEXT = "看板在读取数据时遇到问题，本次未能显示。请稍后刷新本页；如仍不能显示，请联系政协办公室。"


class Dashboard(widgets.VBox):
    """The whole dashboard as one widget; `url` and `as_of` exist for tests and analysts, not leaders."""

    def __init__(self, *, url: str | None = None, as_of: date | None = None):
        self._url = url
        self._as_of = as_of
        self.heading = widgets.HTML(self._heading("政协委员会"))
        self.selector = widgets.Dropdown(description="会议：", options=[],
                                         style={"description_width": "initial"},
                                         layout=widgets.Layout(width="720px", display="none"))
        self.body = widgets.HTML()
        super().__init__([self.heading, self.selector, self.body])
        self._start()
        self.selector.observe(self._on_select, names="value")

    # -- drawing
    @staticmethod
    def _heading(committee: str) -> str:
        return (f'<div class="wb-dash" style="font-family:{esc(view.charts.FONT_FAMILY)}">'
                f'<h2 style="margin:4px 0">{esc(committee)} · 常委会议工作看板</h2>'
                f'<div style="color:#666;font-size:13px">只读页面：仅供查看，不能修改任何数据。</div></div>')

    @contextmanager
    def _reading(self) -> Iterator[Store]:
        store = Store.open(self._url, readonly=True)
        try:
            yield store
        finally:
            store.close()

    def _start(self) -> None:
        try:
            with self._reading() as store:
                committees = store.rows("committee")
                if committees:
                    self.heading.value = self._heading(committees[0]["name"])
                if data.is_empty(store):
                    self.body.value = view.render_message(NO_DATA_TITLE, NO_DATA_TEXT)
                    return
                options, default = data.meeting_choices(store)
                if options:
                    self.selector.options = options
                    self.selector.value = default
                    self.selector.layout.display = None
                self.body.value = self._render(store, default)
        except WorkbenchError as exc:
            log.warning("dashboard cannot read the store: %s", exc)
            self.body.value = view.render_message(NO_DATA_TITLE, NO_STORE_TEXT)
        except Exception:  # a bug: leaders get a plain notice, the log keeps the details
            log.exception("dashboard failed to start")
            self.body.value = view.render_message("看板暂时无法显示", BROKEN_TEXT)

    def _render(self, store: Store, choice: data.Choice | None) -> str:
        as_of = self._as_of or date.today()
        if isinstance(choice, data.Choice) and choice.kind == "snapshot":
            snap = data.snapshot_view(store, choice.id)
            if snap is None:
                return view.render_message("找不到这份快照", "所选的会议材料快照已不在库中，请重新选择。")
            return view.render_snapshot(snap)
        meeting_id = choice.id if isinstance(choice, data.Choice) else None
        live = data.live_view(store, meeting_id, as_of)
        return view.render_live(live) + cycle.render(store, live.meeting, as_of)

    def _on_select(self, change) -> None:
        try:
            with self._reading() as store:
                self.body.value = self._render(store, change["new"])
        except WorkbenchError as exc:
            log.warning("dashboard cannot read the store: %s", exc)
            self.body.value = view.render_message(NO_DATA_TITLE, NO_STORE_TEXT)
        except Exception:
            log.exception("dashboard failed to draw a view")
            self.body.value = view.render_message("看板暂时无法显示", BROKEN_TEXT)


def render_html(*, url: str | None = None, as_of: date | None = None) -> str:
    """The default view as one HTML string (what the page shows first), for tests and for saving a copy."""
    board = Dashboard(url=url, as_of=as_of)
    return board.heading.value + board.body.value
