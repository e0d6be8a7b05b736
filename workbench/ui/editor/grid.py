"""Editable tables: one row of validated fields per store record, saved with the version it was loaded at.

Why rows of ipywidgets and not ipydatagrid: ipydatagrid edits cells on a canvas in the
browser (double-click, type, Enter) and reports the result afterwards through
`on_cell_change`; it has no place to put a red message beside a refused cell, no
drop-down of the office's Chinese labels, and its editing cannot be driven from
Python the way a secretary drives it. Rows of Text/Combobox widgets render the same
in JupyterLab and Voilà, check each value as it is entered, show the reason beside
the field in Chinese, and are what the tests click.

A row keeps the `version` of its record from when it was loaded and passes it as
`expected_version`; when the store refuses because someone saved in between, the
row shows the conflict panel and the secretary chooses what to keep.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import ipywidgets as W

from ...errors import ConflictError, NotFoundError, WorkbenchError
from ...store import describe, entity
from .conflict import ConflictPanel
from .session import EditSession, Recorder
from .fields import Field, Notice, button, cell, header


@dataclass
class Column:
    name: str                       # a column of the record's table
    title: str                      # header shown above the column
    width: str = "140px"
    editable: bool = True
    multiline: bool = False
    show: Callable[[dict], Any] | None = None   # for read-only cells: what to display


SAVED, UNCHANGED, INVALID, CONFLICT = "saved", "unchanged", "invalid", "conflict"


class RecordRow:
    """One record of `table` in a grid."""

    def __init__(self, session: EditSession, table: str, record: dict, columns: list[Column],
                 *, extra_widgets: list[W.Widget] | None = None):
        self.session = session
        self.table = table
        self.columns = columns
        self.record = dict(record)
        self.id = record["id"]
        self.version = record["version"]
        self.fields: dict[str, Field] = {}
        self.cells: list[W.Widget] = []
        for c in columns:
            if c.editable:
                f = Field(table, c.name, record.get(c.name), width=c.width, multiline=c.multiline,
                          css=f"wb-{table}-{c.name}")
                self.fields[c.name] = f
                self.cells.append(f.box)
            else:
                self.cells.append(cell((c.show or (lambda r, n=c.name: r.get(n)))(self.record), c.width))
        self.notice = Notice("wb-row-notice")
        self.conflict = ConflictPanel()
        self.line = W.HBox(self.cells + list(extra_widgets or []), layout=W.Layout(align_items="flex-start"))
        self.widget = W.VBox([self.line, self.notice.widget, self.conflict.widget],
                             layout=W.Layout(border_bottom="1px solid #e5e5e5", padding="2px 0"))
        self.widget.add_class(f"wb-row-{table}-{self.id}")

    # -- state
    def all_fields(self) -> list[Field]:
        return list(self.fields.values())

    def check(self) -> bool:
        return all([f.check() for f in self.all_fields()])   # check every one so each shows its message

    @property
    def dirty(self) -> bool:
        return any(f.changed for f in self.all_fields())

    def changes(self) -> dict:
        return {name: f.parse() for name, f in self.fields.items() if f.changed}

    def name(self) -> str:
        return describe(entity(self.table), self.record)

    def load(self, record: dict) -> None:
        self.record = dict(record)
        self.version = record["version"]
        for name, f in self.fields.items():
            f.reset(record.get(name))
        self.conflict.hide()

    def reload(self) -> None:
        self.load(self.session.store.get(self.table, self.id))

    # -- saving
    def write(self, rec: Recorder) -> None:
        """Everything this row saves, inside one transaction. Subclasses add related records."""
        changes = self.changes()
        if changes:
            row = rec.update(self.table, self.id, changes, expected_version=self.version)
            self._saved_row = row

    def has_pending(self) -> bool:
        return self.dirty

    def save(self) -> str:
        self.notice.clear()
        if not self.check():
            self.notice.error("本行有填写不正确的内容（见红字说明），未保存。")
            return INVALID
        if not self.has_pending():
            return UNCHANGED
        self._saved_row = None
        try:
            with self.session.change(f"修改{self.name()}") as rec:
                self.write(rec)
        except ConflictError as exc:
            self.conflict.show(exc, keep_mine=self.keep_mine, keep_theirs=self.keep_theirs)
            return CONFLICT
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return INVALID
        self.after_save(self._saved_row)
        return SAVED

    def after_save(self, row: dict | None) -> None:
        if row is not None:
            self.load(row)
        self.conflict.hide()
        self.notice.ok("已保存。")

    def keep_mine(self) -> None:
        """Apply my values again on top of the record as it now stands."""
        try:
            current = self.session.store.get(self.table, self.id)
        except NotFoundError as exc:
            self.notice.error(f"{exc}您的修改无法保存。")
            self.conflict.hide()
            return
        mine = {name for name, f in self.fields.items() if f.changed}
        self.record, self.version = dict(current), current["version"]
        for name, f in self.fields.items():
            if name in mine:
                f.initial = current.get(name)   # my text stays in the box, now compared with theirs
            else:
                f.reset(current.get(name))      # what I did not touch takes their value
        self.conflict.hide()
        if self.save() == UNCHANGED:
            self.notice.ok("您的内容与对方一致，无需再保存。")

    def keep_theirs(self) -> None:
        who = self.conflict.error.changed_by if self.conflict.error else "他人"
        try:
            self.reload()
        except NotFoundError as exc:
            self.notice.error(str(exc))
            self.conflict.hide()
            return
        self.notice.ok(f"已采用 {who} 的修改，您的修改已放弃。")


class RecordGrid:
    """A header and rows; "保存修改" saves every changed row and says what happened."""

    def __init__(self, columns: list[Column], *, empty_text: str = "（暂无记录）",
                 extra_headers: list[tuple[str, str]] | None = None, css: str = ""):
        self.columns = columns
        self.rows: list[RecordRow] = []
        self.empty_text = empty_text
        heads = [header(c.title, c.width) for c in columns]
        heads += [header(t, w) for t, w in (extra_headers or [])]
        self.header = W.HBox(heads, layout=W.Layout(border_bottom="2px solid #999"))
        self.body = W.VBox([])
        self.notice = Notice("wb-grid-notice")
        self.save_button = button("保存修改", style="primary", css=f"wb-save{'-' + css if css else ''}")
        self.save_button.on_click(lambda _b: self.save())
        self.widget = W.VBox([self.header, self.body, W.HBox([self.save_button]), self.notice.widget])

    def set_rows(self, rows: list[RecordRow]) -> None:
        self.rows = rows
        self.body.children = [r.widget for r in rows] or [W.HTML(f"<i>{self.empty_text}</i>")]

    def row(self, record_id: int) -> RecordRow:
        for r in self.rows:
            if r.id == record_id:
                return r
        raise KeyError(record_id)

    def save(self) -> dict[str, int]:
        outcome = {SAVED: 0, UNCHANGED: 0, INVALID: 0, CONFLICT: 0}
        for r in self.rows:
            outcome[r.save()] += 1
        parts = []
        if outcome[SAVED]:
            parts.append(f"已保存 {outcome[SAVED]} 行")
        if outcome[INVALID]:
            parts.append(f"{outcome[INVALID]} 行有填写错误未保存")
        if outcome[CONFLICT]:
            parts.append(f"{outcome[CONFLICT]} 行已被他人修改，请在该行选择保留哪一方")
        if not parts:
            self.notice.info("没有需要保存的修改。")
        elif outcome[INVALID] or outcome[CONFLICT]:
            self.notice.error("；".join(parts) + "。")
        else:
            self.notice.ok("；".join(parts) + "。")
        return outcome
