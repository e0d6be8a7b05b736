"""检索: full-text search of the whole store from the editor, each result naming the tab and code where it is kept.

A thin layer over `workbench.store.search`: the query box, the kind filter and the results as escaped HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.store import schema, search
from workbench.store.rows import PlanItem, ProgressNote
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.registry import tab

ALL_KINDS = "全部"


def results_html(results: search.Results) -> str:
    """The results as HTML: data text escaped, matches in <mark>."""
    if not results.hits:
        return f"<p>未检索到包含“{html.escape(results.query)}”的记录。</p>"
    items = []
    for hit in results.hits:
        snippet = "".join(f"<mark>{html.escape(t)}</mark>" if m else html.escape(t) for t, m in hit.parts)
        items.append(
            f"<li><b>{html.escape(hit.kind)} {html.escape(hit.code)}</b>：{html.escape(hit.title)}"
            f"<span class='wb-search-where'>（在“{html.escape(hit.tab)}”标签页）</span><br>{snippet}</li>"
        )
    return f"<p>按相关程度列出 {len(results.hits)} 条：</p><ol class='wb-search-results'>{''.join(items)}</ol>"


@tab("search", "检索", order=130, follows_meeting=False, build=lambda editor: SearchTab(editor.session, editor.show_record))
class SearchTab:
    """`show(tab_title, text)` opens the tab holding a result with its list narrowed to it (`PacketEditor.show_record`)."""

    def __init__(self, session: EditSession, show: Callable[[str, str], None] | None = None):
        self.session = session
        self.show = show
        self.query = W.Text(placeholder="输入词语，如 停车、养老、5G基站；多个词语以空格分开", layout=W.Layout(width="360px"))
        kinds = [ALL_KINDS] + [schema.metadata.tables[s.table].info["zh"] for s in search.SEARCHABLE]
        self.kind = W.Dropdown(options=kinds, value=ALL_KINDS, layout=W.Layout(width="140px"))
        self.go = button("检索", style="primary", css="wb-search-go")
        self.go.on_click(lambda _b: self.run())
        self.results = W.HTML("")
        self.results.add_class("wb-search-summary")
        self.found = W.VBox([])  # one line per result, with its 查看 button
        self.notice = Notice()
        self.widget = W.VBox([W.HBox([self.query, self.kind, self.go]), self.notice.widget, self.results, self.found])

    def run(self) -> None:
        self.notice.clear()
        kind = None if self.kind.value == ALL_KINDS else self.kind.value
        try:
            with self.session.store.reading() as conn:
                results = search.search(conn, self.query.value, kind=kind, limit=50)
        except WorkbenchError as exc:
            self.results.value = ""
            self.found.children = []
            self.notice.error(str(exc))
            return
        if results.note:
            self.notice.info(results.note)
        whole = results_html(results)
        # The heading line here; each result below as its own line with a button to open it.
        self.results.value = whole[: whole.index("<ol")] if results.hits else whole
        self.found.children = [self._line(n, hit) for n, hit in enumerate(results.hits, start=1)]

    def _line(self, n: int, hit: search.Hit) -> W.Widget:
        snippet = "".join(f"<mark>{html.escape(t)}</mark>" if m else html.escape(t) for t, m in hit.parts)
        text = W.HTML(
            f"{n}. <b>{html.escape(hit.kind)} {html.escape(hit.code)}</b>：{html.escape(hit.title)}"
            f"<span class='wb-search-where'>（在“{html.escape(hit.tab)}”标签页）</span><br>{snippet}",
            layout=W.Layout(flex="1"),
        )
        if self.show is None:
            return text
        open_button = button("查看", css="wb-search-open", width="70px")
        open_button.on_click(lambda _b, h=hit: self.open(h))
        return W.HBox([open_button, text], layout=W.Layout(align_items="flex-start", margin="2px 0"))

    def open(self, hit: search.Hit) -> None:
        """Open the tab holding `hit`, its list narrowed to it: by its title, or a progress note by its plan item's."""
        assert self.show is not None
        text = hit.title
        if hit.table == "progress_note":
            note = self.session.store.first(ProgressNote, id=hit.record_id)
            item = self.session.store.first(PlanItem, id=note.plan_item_id) if note else None
            text = item.title if item else ""
        self.show(hit.tab, text)
