"""How a tab joins the editor: each tab module registers its class with a key, a title and a place.

    @tab("plan", "工作要点", order=40)
    class PlanTab: ...

`app.py` builds whatever is registered, in `order` (gaps of ten leave room for new
tabs); `tabs/__init__.py` lists the tab modules, so adding a tab is one module here and one line there. A tab is
built with the editor (`build(editor)`, by default `cls(editor.session)`), and may
offer:

- `widget` (required): what the tab shows;
- `load(meeting)`: the meeting being prepared was chosen (or re-chosen after its date changed);
  a tab that does not depend on the meeting (本会设置) registers with `follows_meeting=False`;
- `opened()`: the secretary switched to this tab (for work done only when looked at).

To follow changes made elsewhere (another tab's save, an import, an undo) a tab
subscribes to the session's data-changed event (`EditSession.on_data_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["REGISTRY", "TabSpec", "tab"]


@dataclass(frozen=True)
class TabSpec:
    key: str  # English, also the editor's attribute: `editor.plan`
    title: str  # the tab's Chinese title
    order: int  # place from the left; smaller comes first
    build: Callable[[Any], Any]  # editor -> the tab object
    follows_meeting: bool = True  # load(meeting) whenever the meeting being prepared is chosen


REGISTRY: dict[str, TabSpec] = {}


def tab(key: str, title: str, *, order: int, build: Callable[[Any], Any] | None = None, follows_meeting: bool = True):
    """Class decorator registering a tab; `build(editor)` when the tab needs more than the session."""

    def register(cls):
        REGISTRY[key] = TabSpec(key, title, order, build or (lambda editor: cls(editor.session)), follows_meeting)
        return cls

    return register
