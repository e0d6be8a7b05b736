"""What the secretary sees when someone else saved the same record first, and the choice that follows.

The store refused the save with a `ConflictError` naming who changed what. The panel
lists those changes field by field and offers two ways out: keep mine (apply my
values again, now on top of the current version) or keep theirs (drop my edits and
show the record as it now stands).
"""

from __future__ import annotations

import html
import json

import ipywidgets as W

from workbench.base.errors import ConflictError
from workbench.store import entity
from workbench.ui.editor.parts.fields import ERROR_COLOUR, button, shown


def change_lines(error: ConflictError) -> list[str]:
    """Each field the other person changed, as “状态：推进中 → 进展滞后（李秘书 2026-11-20 10:05）”."""
    table = entity(error.table)
    lines = []
    for c in error.changes:
        field = c.get("field")
        if not field or field not in table.c:
            continue
        zh = table.c[field].info.get("zh", field)
        old = shown(error.table, field, json.loads(c["old_value"])) if c.get("old_value") else ""
        new = shown(error.table, field, json.loads(c["new_value"])) if c.get("new_value") else ""
        when = f" {c['at']:%Y-%m-%d %H:%M}" if c.get("at") else ""
        lines.append(f"{zh}：{old or '（空）'} → {new or '（空）'}（{c.get('actor', '他人')}{when}）")
    return lines


class ConflictPanel:
    def __init__(self):
        self.error: ConflictError | None = None
        self.message = W.HTML("")
        self.keep_mine = button("保留我的修改", style="warning", css="wb-keep-mine")
        self.keep_theirs = button("采用对方的修改", css="wb-keep-theirs")
        self.widget = W.VBox(
            [self.message, W.HBox([self.keep_mine, self.keep_theirs])],
            layout=W.Layout(display="none", border=f"1px solid {ERROR_COLOUR}", padding="6px", margin="4px 0"),
        )
        self.widget.add_class("wb-conflict")
        self._mine = self._theirs = None
        self.keep_mine.on_click(lambda _b: self._choose(self._mine))
        self.keep_theirs.on_click(lambda _b: self._choose(self._theirs))

    @property
    def visible(self) -> bool:
        return self.error is not None

    def show(self, error: ConflictError, *, keep_mine, keep_theirs) -> None:
        self.error = error
        self._mine, self._theirs = keep_mine, keep_theirs
        items = "".join(f"<li>{html.escape(line)}</li>" for line in change_lines(error))
        self.message.value = f'<div style="color:{ERROR_COLOUR}">{html.escape(str(error))}</div>' + (
            f"<ul style='margin:4px 0'>{items}</ul>" if items else ""
        )
        self.widget.layout.display = "flex"

    def hide(self) -> None:
        self.error = None
        self.message.value = ""
        self.widget.layout.display = "none"

    def _choose(self, action) -> None:
        if action is not None:
            action()
