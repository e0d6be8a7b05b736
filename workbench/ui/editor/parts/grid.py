"""Editable tables: one row of validated fields per store record, saved with the version it was loaded at.

Why rows of ipywidgets and not ipydatagrid: ipydatagrid edits cells on a canvas in the
browser (double-click, type, Enter) and reports the result afterwards through
`on_cell_change`; it has no place to put a red message beside a refused cell, no
drop-down of the office's Chinese labels, and its editing cannot be driven from
Python the way a secretary drives it. Rows of Text/Combobox widgets render the same
in JupyterLab and Voilà, check each value as it is entered, show the reason beside
the field in Chinese, and are what the tests click.

Their cost is widgets: one proposal row of six columns is about 58 widgets, so 300
rows would be 17 400 widgets and 1.8 s of Python before the browser draws any of
them. So a grid holds its records as data and builds rows only for the page shown
(25 rows); search and filters (`Filter`) pick from the data, and a row once built
keeps what the secretary typed while she pages, searches or filters. The rows scroll
inside a box whose header stays on top, and the save bar stays below the box, in view.

A row keeps the `version` of its record from when it was loaded and passes it as
`expected_version`; when the store refuses because someone saved in between, the
row shows the conflict panel and the secretary chooses what to keep.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as W

from workbench.base.errors import ConflictError, NotFoundError, WorkbenchError
from workbench.store import describe, entity
from workbench.ui.editor.parts.conflict import ConflictPanel
from workbench.ui.editor.parts.fields import Field, Notice, button, cell, header, shown
from workbench.ui.editor.session import EditSession, Recorder


@dataclass
class Column:
    name: str  # a column of the record's table
    title: str  # header shown above the column
    width: str = "140px"
    editable: bool = True
    multiline: bool = False
    show: Callable[[dict], Any] | None = None  # for read-only cells: what to display


@dataclass
class Filter:
    """A drop-down above a grid: rows whose `value(record)` is the chosen text (or any, for 全部)."""

    title: str
    value: Callable[[dict], str]
    css: str = ""
    options: list[str] = field(default_factory=list)  # fixed choices; else the values found, sorted


SAVED, UNCHANGED, INVALID, CONFLICT = "saved", "unchanged", "invalid", "conflict"
ROW_NOTICE_HEIGHT = "20px"


class RecordRow:
    """One record of `table` in a grid."""

    _saved_row: dict | None = None  # the record as a save left it

    def __init__(
        self,
        session: EditSession,
        table: str,
        record: dict,
        columns: list[Column],
        *,
        extra_widgets: list[W.Widget] | None = None,
    ):
        self.session = session
        self.table = table
        self.columns = columns
        self.record = dict(record)
        self.id = record["id"]
        self.version = record["version"]
        self.fields: dict[str, Field] = {}
        self.cells: list[W.Widget] = []
        self._readonly: list[tuple[Column, W.HTML]] = []
        for c in columns:
            if c.editable:
                f = Field(table, c.name, record.get(c.name), width=c.width, multiline=c.multiline, css=f"wb-{table}-{c.name}")
                self.fields[c.name] = f
                self.cells.append(f.box)
            else:
                shown_cell = cell(self._display(c, self.record), c.width)
                self._readonly.append((c, shown_cell))
                self.cells.append(shown_cell)
        self.notice = Notice("wb-row-notice")
        # The line for "已保存。" is kept even when empty, so a save never pushes the rows below down.
        self.notice.widget.layout.min_height = ROW_NOTICE_HEIGHT
        self.conflict = ConflictPanel()
        self.line = W.HBox(self.cells + list(extra_widgets or []), layout=W.Layout(align_items="flex-start"))
        self.widget = W.VBox(
            [self.line, self.notice.widget, self.conflict.widget],
            layout=W.Layout(border_bottom="1px solid #e5e5e5", padding="2px 0"),
        )
        self.widget.add_class(f"wb-row-{table}-{self.id}")
        for f in self.all_fields():
            f.on_change(lambda _f: self._corrected())

    def _corrected(self) -> None:
        # The row's "本行有填写不正确的内容" goes as soon as no field of the row shows a red message.
        if self.notice.is_error and all(f.error is None for f in self.all_fields()):
            self.notice.clear()

    @property
    def key(self) -> Hashable:
        """What identifies this row among fresh records (the record id; see `RecordGrid.show`)."""
        return self.id

    def take(self, record: dict) -> None:
        """The record as the store now has it (the row has no unsaved edits): show it."""
        if record.get("version") != self.version or record != self.record:
            self.load(record)

    @staticmethod
    def _display(c: Column, record: dict) -> Any:
        return c.show(record) if c.show else record.get(c.name)

    # -- state
    def all_fields(self) -> list[Field]:
        return list(self.fields.values())

    def check(self) -> bool:
        return all([f.check() for f in self.all_fields()])  # check every one so each shows its message

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
        for c, shown_cell in self._readonly:
            shown_cell.value = html.escape(str(self._display(c, self.record) or ""))
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
            with self.session.change(f"修改{self.name()}", source=self) as rec:
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
                f.initial = current.get(name)  # my text stays in the box, now compared with theirs
            else:
                f.reset(current.get(name))  # what I did not touch takes their value
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


def _editing(row: RecordRow) -> bool:
    """Whether the secretary has typed something into `row` not saved yet, a refused value included."""
    try:
        return row.has_pending()
    except WorkbenchError:
        return True


PAGE_SIZE = 25
ALL = "全部"


class RecordGrid:
    """Search, filters, a page of rows under a header that stays, and a save bar that stays in view.

    A tab hands over its records with `show(records, make_row)`; the grid builds a row
    with `make_row(record)` only when it is first shown. Calling `show` again with fresh
    records (after an import, an undo, a colleague's change) updates rows without unsaved
    edits in place, adds new ones and drops vanished ones; rows being edited stay as typed.
    """

    def __init__(
        self,
        columns: list[Column],
        *,
        empty_text: str = "（暂无记录）",
        extra_headers: list[tuple[str, str]] | None = None,
        css: str = "",
        filters: list[Filter] | None = None,
        search: Callable[[dict], str] | None = None,
        page_size: int = PAGE_SIZE,
        height: str = "62vh",
        table: str = "",
    ):
        self.columns = columns
        self.table = table  # for searching by the office's labels rather than codes
        self.empty_text = empty_text
        self.css = css
        self.page_size = page_size
        self.records: list[dict] = []
        self._make_row: Callable[[dict], RecordRow] | None = None
        self._key: Callable[[dict], Hashable] = lambda r: r["id"]
        self._built: dict[Hashable, RecordRow] = {}
        self._matching: list[dict] = []
        self.page = 0
        heads = [header(c.title, c.width) for c in columns]
        heads += [header(t, w) for t, w in (extra_headers or [])]
        self.header = W.HBox(heads, layout=W.Layout(border_bottom="2px solid #999", overflow="visible"))
        self.header.add_class("wb-grid-header")
        self.body = W.VBox([], layout=W.Layout(overflow="visible"))
        self.scroller = W.VBox([self.header, self.body], layout=W.Layout(max_height=height, overflow="auto"))
        self.scroller.add_class("wb-grid-scroll")

        self._search_text = search or self._default_search_text
        self.search = W.Text(placeholder="查找：输入文字后按回车", continuous_update=False, layout=W.Layout(width="240px"))
        self.search.add_class(f"wb-search{'-' + css if css else ''}")
        self.search.observe(lambda _c: self.go(0), names="value")
        self.filters = list(filters or [])
        self.filter_boxes: list[W.Dropdown] = []
        for f in self.filters:
            dd = W.Dropdown(
                options=[ALL],
                value=ALL,
                description=f.title,
                style={"description_width": "initial"},
                layout=W.Layout(width="auto", max_width="260px"),
            )
            dd.add_class(f"wb-filter-{css + '-' if css else ''}{f.css or f.title}")
            dd.observe(lambda _c: self.go(0), names="value")
            self.filter_boxes.append(dd)
        self.count = W.HTML("")
        self.count.add_class("wb-grid-count")
        if css:
            self.count.add_class(f"wb-grid-count-{css}")
        self.prev_button = button("上一页", css="wb-page-prev", width="76px")
        self.next_button = button("下一页", css="wb-page-next", width="76px")
        self.prev_button.on_click(lambda _b: self.go(self.page - 1))
        self.next_button.on_click(lambda _b: self.go(self.page + 1))
        self.toolbar = W.HBox(
            [self.search, *self.filter_boxes, self.count, self.prev_button, self.next_button],
            layout=W.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.toolbar.add_class("wb-bar")

        self.notice = Notice("wb-grid-notice")
        self.save_button = button("保存修改", style="primary", css=f"wb-save{'-' + css if css else ''}")
        self.save_button.on_click(lambda _b: self.save())
        self.save_bar = W.HBox(
            [self.save_button, self.notice.widget], layout=W.Layout(border_top="1px solid #ccc", padding="4px 0")
        )
        self.save_bar.add_class("wb-bar")
        self.save_bar.add_class("wb-save-bar")
        self.widget = W.VBox([W.HTML(GRID_CSS), self.toolbar, self.scroller, self.save_bar])

    # -- records and rows
    def show(
        self, records: list[dict], make_row: Callable[[dict], RecordRow], *, key: Callable[[dict], Hashable] | None = None
    ) -> None:
        """Show `records` (as the store now has them); rows are made by `make_row` when first shown."""
        self._make_row = make_row
        if key is not None:
            self._key = key
        self.records = list(records)
        fresh = {self._key(r): r for r in self.records}
        for k, row in list(self._built.items()):
            if _editing(row):
                continue  # typed and not saved: keep it as it is
            if k in fresh:
                row.take(fresh[k])
            else:
                del self._built[k]
        self._refresh_filter_options()
        self.go(self.page)

    def set_rows(self, rows: list[RecordRow]) -> None:
        """Show ready-made rows (small grids: a meeting's details)."""
        self._built = {r.key: r for r in rows}
        self.show([r.record for r in rows], lambda rec: self._built[rec["id"]], key=lambda rec: rec["id"])

    def _row_for(self, record: dict) -> RecordRow:
        k = self._key(record)
        row = self._built.get(k)
        if row is None:
            assert self._make_row is not None
            row = self._built[k] = self._make_row(record)
        return row

    @property
    def rows(self) -> list[RecordRow]:
        """Every row, built if not yet (tests and whole-table actions; the page builds only its own)."""
        return [self._row_for(r) for r in self.records] + self._orphans()

    def _orphans(self) -> list[RecordRow]:
        # Rows being edited whose record vanished from the list: kept so their save reports what happened.
        keys = {self._key(r) for r in self.records}
        return [row for k, row in self._built.items() if k not in keys and _editing(row)]

    def row(self, record_id: int) -> RecordRow:
        for rec in self.records:
            if rec.get("id") == record_id:
                return self._row_for(rec)
        for r in self._built.values():
            if r.id == record_id:
                return r
        raise KeyError(record_id)

    # -- search, filters, pages
    def _default_search_text(self, record: dict) -> str:
        parts = []
        for c in self.columns:
            value = c.show(record) if c.show else record.get(c.name)
            if self.table and not c.show and c.name in entity(self.table).c:
                value = shown(self.table, c.name, value)
            parts.append("" if value is None else str(value))
        return " ".join(parts)

    def _refresh_filter_options(self) -> None:
        for f, dd in zip(self.filters, self.filter_boxes):
            values = f.options or sorted({v for v in (f.value(r) for r in self.records) if v})
            options = (ALL, *values)
            if tuple(dd.options) == options:
                continue  # re-sending the same options would reset the choice in the browser
            current = dd.value
            dd.options = options
            dd.value = current if current in options else ALL

    def matching(self) -> list[dict]:
        """The records that pass the search and every filter, in order."""
        words = self.search.value.split()
        out = []
        for rec in self.records:
            if any(dd.value != ALL and f.value(rec) != dd.value for f, dd in zip(self.filters, self.filter_boxes)):
                continue
            if words:
                text = self._search_text(rec)
                if not all(w in text for w in words):
                    continue
            out.append(rec)
        return out

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self._matching) / self.page_size))

    def go(self, page: int) -> None:
        self._matching = self.matching()
        self.page = min(max(0, page), self.pages - 1)
        start = self.page * self.page_size
        shown_records = self._matching[start : start + self.page_size]
        children = [self._row_for(r).widget for r in shown_records]
        if not children:
            text = self.empty_text if not self.records else "没有符合查找或筛选条件的记录。"
            children = [W.HTML(f"<i>{text}</i>")]
        self.body.children = children
        many = len(self._matching) > self.page_size
        self.prev_button.layout.display = self.next_button.layout.display = None if many else "none"
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= self.pages - 1
        total = len(self.records)
        found = len(self._matching)
        text = f"共 {total} 条" if found == total else f"找到 {found} 条（共 {total} 条）"
        if many:
            text += f"，第 {self.page + 1}/{self.pages} 页"
        self.count.value = f"<span style='margin:0 8px'>{text}</span>"
        has_tools = bool(self.filters) or total > self.page_size
        self.toolbar.layout.display = None if has_tools else "none"

    @property
    def shown_rows(self) -> list[RecordRow]:
        """The rows on the current page."""
        start = self.page * self.page_size
        return [self._row_for(r) for r in self._matching[start : start + self.page_size]]

    # -- saving
    def save(self) -> dict[str, int]:
        outcome = {SAVED: 0, UNCHANGED: 0, INVALID: 0, CONFLICT: 0}
        # Only rows that were ever shown can hold edits.
        for r in list(self._built.values()):
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


# The header sticks to the top of the scrolling box; rows keep their width inside it.
GRID_CSS = """<style>
.wb-grid-scroll { border: 1px solid #ddd; }
.wb-grid-scroll > .wb-grid-header { position: sticky; top: 0; z-index: 2; background: #f4f4f4; }
.wb-grid-scroll .widget-hbox, .wb-grid-scroll .widget-vbox { flex-shrink: 0; }
.wb-save-bar { position: sticky; bottom: 0; z-index: 2; background: #fff; }
.wb-row-notice div[style] { margin: 0 !important; line-height: 20px; font-size: 13px; }
</style>"""
