"""The secretaries' editor: a window of tabs for preparing a standing-committee meeting's packet.

    from workbench.ui.editor import PacketEditor
    PacketEditor().show()

Each tab (`meeting.py`, `contents.py`, `agenda.py`, `plan.py`, `supervision.py`, `briefings.py`,
`attendance.py`, `imports.py`, `export.py`) is a class tests drive without a browser, and registers
itself with `tabs.tab(key, title, order=…)`; `app.py` builds whatever is registered. `session.py` is
the edit session every tab writes through and whose data-changed event keeps the tabs in step;
`grid.py`, `fields.py` and `conflict.py` are the rows, fields and conflict panel the tabs are built of.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PacketEditor"]


def __getattr__(name: str) -> Any:
    # Lazy, so `from workbench.ui.editor.parts.fields import ...` does not build the whole editor's imports.
    if name == "PacketEditor":
        from workbench.ui.editor.app import PacketEditor

        return PacketEditor
    raise AttributeError(name)
