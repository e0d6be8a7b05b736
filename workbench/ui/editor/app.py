"""The secretaries' editor: one window of tabs for preparing a standing-committee meeting's packet.

    from workbench.ui.editor import PacketEditor
    PacketEditor().show()

The tabs follow the work: 本会设置 (the committee, its contact and leaders, the term),
the meeting, the packet's contents by rule, the agenda,
plan progress, supervision, briefings, proposals, attendance, imports and the export; then
the cycle around the packet: the preparation schedule, the letters and the 常委's rating. Each tab
registers itself (`tabs.py`); this module builds the registered tabs in their order,
passes the chosen meeting along, tells a tab when it is opened, and offers undo of
the last change. A tab is reached as `editor.tab("plan")` or `editor.plan`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.base.numerals import chinese_date
from workbench.store import Store
from workbench.ui.editor.parts.fields import ERROR_COLOUR, Notice, button
from workbench.ui.editor.parts.grid import ALL
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs import registered

# Chinese webfonts first, so a browser without the office's fonts still renders 汉字, not boxes.
# The undo bar wraps: a long notice moves to its own line instead of squeezing the button.
FONT_CSS = """<style>
.wb-editor, .wb-editor .widget-label, .wb-editor input, .wb-editor textarea, .wb-editor button,
.wb-editor select, .wb-editor .p-TabBar-tab, .wb-editor .lm-TabBar-tab {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
               "WenQuanYi Micro Hei", sans-serif; }
.wb-editor .lm-TabBar-tab, .wb-editor .p-TabBar-tab { min-width: 72px; }
.wb-editor .widget-button { flex-shrink: 0; }
.wb-editor .wb-bar { flex-wrap: wrap; align-items: center; }
.wb-editor .wb-bar > .widget-html { flex: 1 1 320px; min-width: 0; }
/* Tab titles in full, wrapping to a second row, never clipped ("本会设旨"). */
.wb-editor .lm-TabBar-content, .wb-editor .p-TabBar-content { flex-wrap: wrap; }
.wb-editor .lm-TabBar-tab, .wb-editor .p-TabBar-tab { flex: 0 0 auto; max-width: none; width: auto; }
.wb-editor .lm-TabBar-tabLabel, .wb-editor .p-TabBar-tabLabel { overflow: visible; text-overflow: clip; }
/* In JupyterLab, the notebook holding the editor is locked (apps/notebook_saving.py): no cell
   toolbar, no toolbar buttons that insert, cut, paste or retype cells, no dragging cells by
   their prompt. The keys are blocked in jupyter-config's shortcut settings. */
.jp-NotebookPanel:has(.wb-editor) .jp-cell-toolbar,
.jp-NotebookPanel:has(.wb-editor) .jp-NotebookPanel-toolbar [data-jp-item-name="insert"],
.jp-NotebookPanel:has(.wb-editor) .jp-NotebookPanel-toolbar [data-jp-item-name="cut"],
.jp-NotebookPanel:has(.wb-editor) .jp-NotebookPanel-toolbar [data-jp-item-name="copy"],
.jp-NotebookPanel:has(.wb-editor) .jp-NotebookPanel-toolbar [data-jp-item-name="paste"],
.jp-NotebookPanel:has(.wb-editor) .jp-NotebookPanel-toolbar [data-jp-item-name="cellType"] { display: none !important; }
.jp-Notebook:has(.wb-editor) .jp-InputPrompt, .jp-Notebook:has(.wb-editor) .jp-OutputPrompt,
.jp-Notebook:has(.wb-editor) .jp-Collapser { pointer-events: none; }
.jp-Notebook .jp-CodeCell:has(.wb-editor) > .jp-Cell-inputWrapper { display: none; }
/* and, while the editor's notebook is the one shown, the 编辑 menu's and the right-click menu's cell commands
   (JupyterLab's menus cannot be told apart per notebook; an analysis notebook in front keeps them all) */
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:cut-cell"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:copy-cell"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:paste-cell-below"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:paste-cell-above"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:paste-and-replace-cell"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:delete-cell"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:move-cell-up"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:move-cell-down"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:split-cell-at-cursor"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:merge-cells"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:merge-cell-above"],
body:has(.jp-NotebookPanel:not(.lm-mod-hidden) .wb-editor) .lm-Menu-item[data-command="notebook:merge-cell-below"] {
  display: none !important;
}
</style>"""


class PacketEditor:
    def __init__(self, store: Store | None = None, *, actor: str | None = None):
        self.error: str | None = None
        self.pages: dict[str, Any] = {}
        try:
            self.store = store or Store.open()
        except WorkbenchError as exc:
            # No traceback for a secretary: the page says what is wrong with the store and stops there.
            self.error = str(exc)
            self.widget = W.HTML(f"<div style='color:{ERROR_COLOUR}'>无法打开工作台数据：{html.escape(self.error)}</div>")
            return
        self.session = EditSession(self.store, actor)
        self.specs = registered()
        for spec in self.specs:  # in order, so a tab may use one built before it
            self.pages[spec.key] = spec.build(self)
        self.tabs = W.Tab(children=[self.pages[s.key].widget for s in self.specs])
        self.tabs.titles = tuple(s.title for s in self.specs)
        self.tabs.observe(self._opened, names="selected_index")

        self.undo_button = button("撤销上一次修改", css="wb-undo")
        self.undo_button.on_click(lambda _b: self.undo())
        self.notice = Notice("wb-editor-notice")
        self.heading = W.HTML("")
        bar = W.HBox([self.undo_button, self.notice.widget])
        bar.add_class("wb-bar")
        self.widget = W.VBox([W.HTML(FONT_CSS + "<h2 style='margin:4px 0'>常委会议材料准备</h2>"), self.heading, bar, self.tabs])
        self.widget.add_class("wb-editor")

        chooser = self.pages.get("meeting")
        if chooser is not None:
            chooser.on_select(self._meeting_chosen)
            self._meeting_chosen(chooser.meeting)
        self.session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        # After an undo every tab shows the store again, also those that do not follow the event
        # themselves (rows being edited are kept by the grids).
        chooser = self.pages.get("meeting")
        if event.reason == "undo" and chooser is not None and not event.touches("meeting", "term"):
            chooser.reload()

    def tab(self, key: str) -> Any:
        """The tab registered as `key` (KeyError while it is not built yet)."""
        return self.pages[key]

    def __getattr__(self, name: str) -> Any:
        # editor.plan, editor.export …: only called for names not found the usual way.
        pages = self.__dict__.get("pages") or {}
        if name in pages:
            return pages[name]
        raise AttributeError(name)

    def select(self, key: str) -> None:
        """Switch to the tab registered as `key`, as a click on its title does."""
        self.tabs.selected_index = [s.key for s in self.specs].index(key)

    def show_record(self, tab_title: str, text: str) -> None:
        """Open the tab titled `tab_title` with its list showing the rows that hold `text` (a 检索 result)."""
        spec = next((s for s in self.specs if s.title == tab_title), None)
        if spec is None:
            return
        self.select(spec.key)
        grid = getattr(self.pages[spec.key], "grid", None)
        if grid is None:
            return
        for box in grid.filter_boxes:
            box.value = ALL
        grid.search.value = " ".join(text.split())[:40]

    def _meeting_chosen(self, meeting) -> None:
        setup = self.pages.get("setup")
        prep = self.session.preparation(meeting)
        if prep is not None and not prep.held:
            self.heading.value = (
                f"<div class='wb-heading' data-held='no'>正在准备：<b>{html.escape(prep.meeting.title)}</b>"
                f"（{html.escape(chinese_date(prep.meeting.held_on, missing='日期未定'))}）"
                f"　本次材料按{prep.quarter_label}编写，数据截至{prep.cut_off_text}</div>"
            )
        elif prep is not None:
            # A meeting already held is looked at, not prepared: say so, and where the next one is made.
            self.heading.value = (
                f"<div class='wb-heading' data-held='yes'>正在查看已召开的会议：<b>{html.escape(prep.meeting.title)}</b>"
                f"（{html.escape(chinese_date(prep.meeting.held_on, missing='日期未定'))}召开），"
                f"会议材料数据截至{prep.cut_off_text}。准备下一次会议请在“会议”页选择或新建。</div>"
            )
        elif setup is not None and setup.profile is None:
            self.heading.value = "<div>请先在“本会设置”页建立本会，再到“会议”页新建会议。</div>"
        else:
            self.heading.value = "<div>请先在“会议”页新建会议。</div>"
        for spec in self.specs:
            page = self.pages[spec.key]
            if spec.follows_meeting and spec.key != "meeting" and hasattr(page, "load"):
                page.load(meeting)

    def _opened(self, change) -> None:
        # Some tabs work only when looked at (the packet is assembled only then: it reads much of the store).
        index = change["new"]
        if index is None:
            return
        page = self.pages[self.specs[index].key]
        if hasattr(page, "opened"):
            page.opened()

    def undo(self) -> str | None:
        try:
            text = self.session.undo()
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        self.notice.ok(text)
        return text

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)


__all__ = ["DataChanged", "PacketEditor"]
