"""检索: full-text search of the whole store from the editor, each result naming the tab and code where it is kept.

A thin layer over `workbench.store.search`: the query box, the kind filter and the results as escaped HTML.
"""

from __future__ import annotations

import html

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.store import schema, search
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


@tab("search", "检索", order=130, follows_meeting=False)
class SearchTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.query = W.Text(placeholder="输入词语，如 停车、养老、5G基站；多个词语以空格分开", layout=W.Layout(width="360px"))
        kinds = [ALL_KINDS] + [schema.metadata.tables[s.table].info["zh"] for s in search.SEARCHABLE]
        self.kind = W.Dropdown(options=kinds, value=ALL_KINDS, layout=W.Layout(width="140px"))
        self.go = button("检索", style="primary", css="wb-search-go")
        self.go.on_click(lambda _b: self.run())
        self.results = W.HTML("")
        self.notice = Notice()
        self.widget = W.VBox([W.HBox([self.query, self.kind, self.go]), self.notice.widget, self.results])

    def run(self) -> None:
        self.notice.clear()
        kind = None if self.kind.value == ALL_KINDS else self.kind.value
        try:
            with self.session.store.reading() as conn:
                results = search.search(conn, self.query.value, kind=kind, limit=50)
        except WorkbenchError as exc:
            self.results.value = ""
            self.notice.error(str(exc))
            return
        if results.note:
            self.notice.info(results.note)
        self.results.value = results_html(results)
