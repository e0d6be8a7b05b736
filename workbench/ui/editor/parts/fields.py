"""Validated inputs for the editor: one store column per field, with a red Chinese message beside it.

A field is checked the moment its value is entered (on leaving the box or pressing
Enter), using the store's own `coerce` so the editor refuses exactly what the store
would refuse. A field holding a bad value reports `error` and is never saved.
Dates are typed as text rather than picked from the browser's date picker: the
picker shows the browser's own (often English) placeholder and cannot express the
office's habit of writing 2026年12月10日; typed dates, numbers and yes/no are read
by `workbench.base.values` (through `coerce`), the same vocabulary as the Excel import,
and dates are shown back as 2026-12-10.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

import ipywidgets as W
from sqlalchemy import Date

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.store import coerce, entity

ERROR_COLOUR = "#c0392b"
OK_COLOUR = "#1e7e34"


def shown(table: str, field: str, value: Any) -> str:
    """A stored value as the secretary reads it: labels not codes, dates as 2026-12-10, blank for nothing."""
    if value is None:
        return ""
    col = entity(table).c[field]
    labels_name = col.info.get("labels")
    if labels_name:
        return config.labels()[labels_name].label(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def header(text: str, width: str) -> W.HTML:
    return W.HTML(f"<b>{html.escape(text)}</b>", layout=W.Layout(width=width))


def cell(text: Any, width: str) -> W.HTML:
    """A read-only cell of a grid."""
    return W.HTML(html.escape("" if text is None else str(text)), layout=W.Layout(width=width))


class Field:
    """One input bound to `table.field`, checked as entered; `parsed` is what the store would hold."""

    def __init__(
        self,
        table: str,
        field: str,
        value: Any = None,
        *,
        width: str = "160px",
        required: bool | None = None,
        multiline: bool = False,
        placeholder: str | None = None,
        css: str | None = None,
    ):
        self.table = table
        self.field = field
        self.column = entity(table).c[field]
        self.labels_name = self.column.info.get("labels")
        self.required = (not self.column.nullable) if required is None else required
        self.error: str | None = None
        self._listeners: list = []
        ctype = self.column.type
        if self.labels_name:
            # A combobox rather than a dropdown: the office types aliases (滞后, 办结) as often as it picks.
            self.widget = W.Combobox(
                options=config.labels()[self.labels_name].labels,
                ensure_option=False,
                placeholder=placeholder or "请选择或输入",
                continuous_update=False,
            )
        elif multiline:
            self.widget = W.Textarea(placeholder=placeholder or "", continuous_update=False, layout=W.Layout(height="56px"))
        else:
            hint = placeholder
            if hint is None and isinstance(ctype, Date):
                hint = "如 2026-12-10"
            self.widget = W.Text(placeholder=hint or "", continuous_update=False)
        # The box holds the column width; the input fills it, less a gap so neighbours never touch.
        self.widget.layout.width = "calc(100% - 6px)"
        if css:
            self.widget.add_class(css)
        self.message = W.HTML("")
        self.message.add_class("wb-field-error")
        self.box = W.VBox([self.widget, self.message], layout=W.Layout(width=width))
        self.reset(value)
        self.widget.observe(self._on_change, names="value")

    # -- value
    @property
    def value(self) -> str:
        return self.widget.value

    @value.setter
    def value(self, text: str) -> None:
        self.widget.value = text

    def reset(self, value: Any) -> None:
        """Show `value` (as stored) and take it as the unchanged state."""
        self.initial = value
        self._silent = True
        try:
            self.widget.value = shown(self.table, self.field, value)
        finally:
            self._silent = False
        self._show(None)

    def parse(self) -> Any:
        """The value as the store would hold it; raises a WorkbenchError in Chinese if it is not acceptable."""
        text = self.widget.value
        raw: Any = text.strip() if isinstance(text, str) else text
        if raw == "":
            if self.required:
                zh = self.column.info.get("zh", self.field)
                raise _Missing(f"“{zh}”为必填项，请填写。")
            return None
        where = f"“{self.column.info.get('zh', self.field)}”"
        return coerce(entity(self.table), self.field, raw, where=where)

    @property
    def parsed(self) -> Any:
        return self.parse()

    def check(self) -> bool:
        try:
            self.parse()
        except WorkbenchError as exc:
            self._show(str(exc))
            return False
        self._show(None)
        return True

    @property
    def changed(self) -> bool:
        try:
            return self.parse() != self.initial
        except WorkbenchError:
            return True

    def on_change(self, callback) -> None:
        self._listeners.append(callback)

    def _on_change(self, _change) -> None:
        if self._silent:
            return
        self.check()
        for cb in self._listeners:
            cb(self)

    def _show(self, error: str | None) -> None:
        self.error = error
        self.message.value = (
            ""
            if not error
            else (f'<span style="color:{ERROR_COLOUR};font-size:12px;line-height:1.3">{html.escape(error)}</span>')
        )


class _Missing(WorkbenchError):
    """A required field left empty (never leaves the editor; shown beside the field)."""


class Notice:
    """The line under a form that says what just happened: green when done, red when refused."""

    def __init__(self, css: str = "wb-notice"):
        self.widget = W.HTML("")
        self.widget.add_class(css)
        self.text = ""
        self.is_error = False

    def ok(self, text: str) -> None:
        self._set(text, OK_COLOUR, False)

    def error(self, text: str) -> None:
        self._set(text, ERROR_COLOUR, True)

    def info(self, text: str) -> None:
        self._set(text, "#333", False)

    def clear(self) -> None:
        self.text, self.is_error = "", False
        self.widget.value = ""

    def _set(self, text: str, colour: str, is_error: bool) -> None:
        self.text, self.is_error = text, is_error
        body = "<br>".join(html.escape(line) for line in text.splitlines())
        self.widget.value = f'<div style="color:{colour};margin:4px 0">{body}</div>'


def button(text: str, *, style: str = "", css: str | None = None, width: str | None = None) -> W.Button:
    b = W.Button(description=text, button_style=style, layout=W.Layout(width=width or f"{max(4, len(text)) * 16 + 24}px"))
    if css:
        b.add_class(css)
    return b
