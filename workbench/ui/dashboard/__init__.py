"""The leaders' dashboard, served read-only by Voilà (`python -m workbench serve`).

    from workbench.ui.dashboard import Dashboard
    Dashboard()          # in notebooks/dashboard.ipynb

`data.py` reads the figures into plain view objects, `view.py` and `charts.py` turn them into
HTML and SVG, `app.py` is the widget (meeting selector and page), `login.py` the Chinese login
page, `template/` the Voilà page template without CDN links.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Dashboard", "render_html"]


def __getattr__(name: str) -> Any:
    # Lazy, so reading `data` or `charts` (benchmarks, analyses) does not import ipywidgets.
    if name in __all__:
        from workbench.ui.dashboard import app

        return getattr(app, name)
    raise AttributeError(name)
