"""Deleting one record shown in a grid: refused while its row has unsaved edits, one change through the
session (so 撤销上一次修改 brings it back), the list reloaded either way and the outcome said in Chinese.
Shared by the tabs whose rows carry a delete button (`confirm.ConfirmButton`, acting on the second click).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.base.errors import WorkbenchError
from workbench.ui.editor.parts.fields import Notice
from workbench.ui.editor.parts.grid import RecordGrid
from workbench.ui.editor.session import EditSession


def delete_shown(
    session: EditSession,
    grid: RecordGrid,
    notice: Notice,
    table: str,
    record_id: int,
    name: str,
    *,
    reload: Callable[[], None],
    source: Any = None,
) -> bool:
    """Delete `record_id` of `table` (called `name` in the messages); True when it was deleted."""
    notice.clear()
    row = grid.row(record_id)
    if row.dirty:
        notice.error(f"{name}还有未保存的修改，请先点击“保存修改”，再删除。")
        return False
    try:
        with session.change(f"删除{name}", source=source) as rec:
            rec.delete(table, record_id, expected_version=row.version)
    except WorkbenchError as exc:
        notice.error(str(exc))
        reload()  # show the list as it now stands
        return False
    reload()
    notice.ok(f"已删除{name}。如属误删，可点击“撤销上一次修改”恢复。")
    return True
