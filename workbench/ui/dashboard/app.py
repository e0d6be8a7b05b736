"""The leaders' dashboard: a meeting selector above KPI cards, charts and tables, served by Voilà.

Read-only by construction: each view opens the store with `Store.open(readonly=True)`
(SQLite `mode=ro`, a READ ONLY session on PostgreSQL) and closes it again, and no
callback here calls anything that writes. A browser can set any widget's value
over the comm channel (even a disabled one), so the only thing a value change
may do is choose which read-only view to draw; an unknown value draws a notice.

    from workbench.ui.dashboard import Dashboard
    Dashboard()          # in notebooks/dashboard.ipynb (JupyterLab); `workbench serve` draws the same views without widgets
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import ipywidgets as widgets

from workbench.base.errors import WorkbenchError
from workbench.store import Store
from workbench.store.rows import Committee
from workbench.ui.dashboard import data as data
from workbench.ui.dashboard import pages as pages
from workbench.ui.dashboard import view as view

log = logging.getLogger(__name__)

NO_DATA_TITLE, NO_DATA_TEXT, NO_STORE_TEXT = pages.NO_DATA_TITLE, pages.NO_DATA_TEXT, pages.NO_STORE_TEXT
BROKEN_TEXT = pages.BROKEN_TEXT


class Dashboard(widgets.VBox):
    """The whole dashboard as one widget; `url` and `as_of` exist for tests and analysts, not leaders."""

    def __init__(self, *, url: str | None = None, as_of: date | None = None):
        self._url = url
        self._as_of = as_of
        self.heading = widgets.HTML(self._heading("政协委员会"))
        self.selector = widgets.Dropdown(
            description="会议：",
            options=[],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="720px", display="none"),
        )
        self.body = widgets.HTML()
        super().__init__([self.heading, self.selector, self.body])
        self._start()
        self.selector.observe(self._on_select, names="value")

    # -- drawing
    @staticmethod
    def _heading(committee: str) -> str:
        return view.render_heading(committee)

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
                committee = store.first(Committee)
                if committee:
                    self.heading.value = self._heading(committee.name)
                if data.is_empty(store):
                    self.body.value = view.render_message(NO_DATA_TITLE, NO_DATA_TEXT)
                    return
                options, default = data.meeting_choices(store, today=self._as_of)
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
        return pages.render_choice(store, choice, self._as_of or date.today())[0]

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
