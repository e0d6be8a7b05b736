"""The dashboard's views as plain HTML, without widgets: what each meeting-selector entry shows.

Both faces of the dashboard draw through here: the kernel-free page that `workbench serve`
gives leaders (`server.py`, one rendering shared by every viewer until the store changes)
and the `Dashboard` widget in notebooks. A view is named by a short key in the page's
address (`?view=live-12`, `?view=snapshot-3`); a key no entry has falls back to the default
view, so the set of pages that can exist is bounded by what the store holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import OperationalError

from workbench.base.errors import WorkbenchError
from workbench.store import Store, search
from workbench.store.rows import Committee
from workbench.ui.dashboard import cycle, data, view

log = logging.getLogger(__name__)

NO_DATA_TITLE = "暂无可显示的数据"
NO_DATA_TEXT = "工作台数据库中还没有录入会议、工作要点、提案或监督事项。请政协办公室秘书导入数据后，刷新本页即可看到最新情况。"
NO_STORE_TEXT = "看板暂时无法读取工作台数据库：数据库尚未建立或暂时无法访问。请联系政协办公室秘书处理后，刷新本页。"
BROKEN_TITLE = "看板暂时无法显示"
BROKEN_TEXT = "看板在读取数据时遇到问题，本次未能显示。请稍后刷新本页；如仍不能显示，请联系政协办公室。"
COMMITTEE = "政协委员会"


def choice_key(choice: data.Choice | None) -> str:
    return f"{choice.kind}-{choice.id}" if choice else ""


@dataclass
class Page:
    """One view of the dashboard: heading, selector entries, the chosen one, and its body."""

    committee: str = COMMITTEE
    options: list[tuple[str, str]] = field(default_factory=list)  # (label, key)
    chosen: str = ""
    body: str = ""
    data_date: date | None = None  # the date the figures are as of (snapshot: when it was exported)


def render_choice(store: Store, choice: data.Choice | None, as_of: date) -> tuple[str, date | None]:
    """The body HTML for one selector entry, and the date its figures are as of."""
    if isinstance(choice, data.Choice) and choice.kind == "snapshot":
        snap = data.snapshot_view(store, choice.id)
        if snap is None:
            return view.render_message("找不到这份快照", "所选的会议材料快照已不在库中，请重新选择。"), None
        return view.render_snapshot(snap), snap.as_of
    meeting_id = choice.id if isinstance(choice, data.Choice) else None
    exported = data.exported_view(store, meeting_id, as_of) if meeting_id is not None else None
    if exported is not None:
        # A meeting already held is shown as its packet reported it, not as the store stands today.
        return view.render_snapshot(exported, held=True), exported.as_of
    live = data.live_view(store, meeting_id, as_of)
    return view.render_live(live) + cycle.render(store, live.meeting, as_of), live.as_of


def _fill(page: Page, store: Store, key: str, as_of: date) -> None:
    committee = store.first(Committee)
    if committee:
        page.committee = committee.name
    if data.is_empty(store):
        page.body = view.render_message(NO_DATA_TITLE, NO_DATA_TEXT)
        return
    options, default = data.meeting_choices(store)
    by_key = {choice_key(c): c for _, c in options}
    page.options = [(label, choice_key(c)) for label, c in options]
    chosen = by_key.get(key, default)
    page.chosen = choice_key(chosen)
    page.body, page.data_date = render_choice(store, chosen, as_of)


def build(key: str, *, url: str | None = None, as_of: date | None = None) -> Page:
    """The page for view `key` ("" for the default), read from a read-only store; never raises."""
    as_of = as_of or date.today()
    page = Page()
    try:
        store = Store.open(url, readonly=True)
    except WorkbenchError as exc:
        log.warning("看板暂时无法读取数据库：%s", exc)
        page.body = view.render_message(NO_DATA_TITLE, NO_STORE_TEXT)
        return page
    try:
        with store.one_read():  # every figure of the page from the store of one moment
            _fill(page, store, key, as_of)
    except WorkbenchError as exc:
        log.warning("看板暂时无法读取数据库：%s", exc)
        page.body = view.render_message(NO_DATA_TITLE, NO_STORE_TEXT)
    except OperationalError as exc:  # the database server refused or dropped the connection: not a bug
        log.warning("看板暂时无法连接数据库：%s", exc.orig if exc.orig is not None else exc)
        page.body = view.render_message(NO_DATA_TITLE, NO_STORE_TEXT)
    except Exception:  # a bug: leaders get a plain notice, the server log keeps the details
        log.exception("看板生成页面时出错（程序问题，请将以下信息交技术人员）")
        page.body = view.render_message(BROKEN_TITLE, BROKEN_TEXT)
    finally:
        store.close()
    return page


# Words a leader's query may hold; longer ones are cut (the box takes no more either).
QUERY_CHARS = 50


def search_body(query: str, *, url: str | None = None, home: str = "./") -> tuple[str, str]:
    """The committee's name and the body of the 检索 page for `query`, read from a read-only store; never raises.

    What is searched is `store.search.SEARCHABLE` (proposals, plan items and notes, supervision, briefings,
    社情民意, members); personnel matters (人事事项) are not in the index, so nothing confidential is found."""
    query = " ".join(query.split())[:QUERY_CHARS]
    try:
        store = Store.open(url, readonly=True)
    except WorkbenchError as exc:
        log.warning("看板暂时无法读取数据库：%s", exc)
        return COMMITTEE, view.render_message(NO_DATA_TITLE, NO_STORE_TEXT)
    try:
        with store.one_read(), store.reading() as conn:
            committee = store.first(Committee)
            results = search.search(conn, query, limit=30) if query else None
        return (committee.name if committee else COMMITTEE), view.render(
            "search.html",
            query=query,
            hits=results.hits if results else [],
            note=results.note if results else "",
            home=home,
        )
    except (WorkbenchError, OperationalError) as exc:
        log.warning("看板检索未能完成：%s", exc)
        return COMMITTEE, view.render_message(NO_DATA_TITLE, NO_STORE_TEXT)
    finally:
        store.close()
