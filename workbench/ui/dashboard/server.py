"""The dashboard's web server: Voilà's application serving the dashboard as HTML rendered once per store change.

Why no kernel: Voilà starts a Python kernel (~110 MB, a second or more of CPU) for every
page request, before the first byte. Forty tablets opening the page at once then queue
forty process starts on two cores; measured, that is slower than the floor Voilà itself
sets and some pages stay white. The dashboard is read-only and every leader sees the
same figures, so the page is rendered once per store change (`SharedPages`, in one
worker thread) and every viewer gets those bytes. With no kernel there is no kernel
websocket, no comm channel for a browser to send widget values over, nothing to cull
and nothing a GET flood can start.

Voilà's application is kept for what it does well here: the token, the password login
(our Chinese page, rate-limited in `login.py`), cookies and the tornado server. Its own
routes are not mounted: only login/logout, the dashboard at `/`, its 检索 at `/search` (read-only, built
in the same worker thread), and a Chinese 404 for everything else (so no file, template, kernel or
`/voila/query` route exists).

Run by `workbench.apps.serve` as `python -m workbench.ui.dashboard.server` with Voilà's options.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial

import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from traitlets import Bool, Float, Integer, Unicode
from voila.app import Voila

from workbench.base.errors import WorkbenchError
from workbench.base.numerals import chinese_date
from workbench.store import Store
from workbench.ui.access import HOSTS_SETTING, AllowedHosts, TooManyAttempts, configured_names
from workbench.ui.dashboard import pages, view

log = logging.getLogger(__name__)


def store_marker(url: str | None = None) -> tuple:
    """What changes whenever the dashboard's figures may change: the store's data version, and the
    date (overdue figures move with it)."""
    try:
        store = Store.open(url, readonly=True)
    except WorkbenchError as exc:
        return ("unreadable", type(exc).__name__, date.today())
    try:
        return (store.data_version(), date.today())
    except Exception as exc:  # a store that opens but cannot be read: let the page say so
        return ("unreadable", type(exc).__name__, date.today())
    finally:
        store.close()


def render_page(key: str, url: str | None = None, logout_url: str = "", search_url: str = "") -> tuple[bytes, list[str]]:
    """The whole page for view `key` as bytes, and the view keys its selector offers."""
    page = pages.build(key, url=url)
    html = view.render(
        "page.html",
        page=page,
        body=page.body,
        logout_url=logout_url,
        search_url=search_url,
        query="",
        data_date_text=chinese_date(page.data_date) if page.data_date else "",
        data_date_iso=page.data_date.isoformat() if page.data_date else "",
    )
    return html.encode("utf-8"), [k for _, k in page.options]


def render_search(query: str, url: str | None = None, logout_url: str = "", search_url: str = "", home: str = "./") -> bytes:
    """The 检索 page for `query` as bytes: the dashboard's frame around the results."""
    committee, body = pages.search_body(query, url=url, home=home)
    html = view.render(
        "page.html",
        page=pages.Page(committee=committee),
        body=body,
        logout_url=logout_url,
        search_url=search_url,
        query=" ".join(query.split())[: pages.QUERY_CHARS],
        data_date_text="",
        data_date_iso="",
    )
    return html.encode("utf-8")


class SharedPages:
    """Rendered pages shared by all viewers, rebuilt when `store_marker` changes.

    The marker is read at most every `recheck_seconds`, so a burst of viewers costs one
    small query; pages are built one at a time in a single worker thread (the server's
    event loop keeps answering meanwhile), each view once per marker however many ask.
    """

    def __init__(self, *, url: str | None = None, recheck_seconds: float = 2.0, logout_url: str = "", search_url: str = ""):
        self.url = url
        self.logout_url = logout_url
        self.search_url = search_url
        self.recheck_seconds = recheck_seconds
        self.waiting = 0  # requests waiting for a page being built
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dashboard-pages")
        self._marker: tuple | None = None
        self._checked_at = -math.inf
        self._checking: asyncio.Future | None = None
        self._pages: dict[str, bytes] = {}
        self._building: dict[str, asyncio.Future] = {}
        self._known: set[str] = set()  # view keys the selector offers; others mean the default

    def _key(self, key: str) -> str:
        return key if key in self._known else ""

    def ready(self, key: str) -> bytes | None:
        """The page if it is built and the marker was checked recently (the common, instant case)."""
        if time.monotonic() - self._checked_at >= self.recheck_seconds:
            return None
        return self._pages.get(self._key(key))

    async def _current_marker(self) -> tuple | None:
        if time.monotonic() - self._checked_at < self.recheck_seconds:
            return self._marker
        if self._checking is None:
            loop = asyncio.get_running_loop()
            self._checking = loop.run_in_executor(self._executor, store_marker, self.url)
            self._checking.add_done_callback(self._checked)
        return await asyncio.shield(self._checking)

    def _checked(self, future: asyncio.Future) -> None:
        self._checking = None
        if future.cancelled() or future.exception() is not None:
            return
        marker = future.result()
        if marker != self._marker:
            self._pages.clear()
            self._building.clear()
            self._marker = marker
        self._checked_at = time.monotonic()

    async def page(self, key: str) -> bytes:
        marker = await self._current_marker()
        key = self._key(key)
        if key in self._pages:
            return self._pages[key]
        building = self._building.get(key)
        if building is None:
            loop = asyncio.get_running_loop()
            building = loop.run_in_executor(self._executor, render_page, key, self.url, self.logout_url, self.search_url)
            self._building[key] = building
            building.add_done_callback(partial(self._built, key, marker))
        html, _ = await asyncio.shield(building)
        return html

    def _built(self, key: str, marker: tuple | None, future: asyncio.Future) -> None:
        if self._building.get(key) is future:
            del self._building[key]
        if future.cancelled() or future.exception() is not None:
            if not future.cancelled():
                log.error("看板页面生成失败", exc_info=future.exception())
            return
        html, keys = future.result()
        self._known.update(keys)
        if marker == self._marker:
            self._pages[key] = html

    async def search(self, query: str, home: str) -> bytes:
        """The 检索 page, built in the same worker thread as the pages (searches never crowd the server)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, partial(render_search, query, self.url, self.logout_url, self.search_url, home)
        )

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


ERRORS = {
    403: ("请求未被接受", "页面已过期或来源不符。请用政协办公室提供的看板地址打开。"),
    404: ("页面不存在", "请从看板首页打开。"),
    405: ("请求未被接受", "看板只能查看，不接受其他操作。"),
}


def write_chinese_error(handler: JupyterHandler, status_code: int, **kwargs) -> None:
    """Error pages in Chinese, never a traceback or a server path, whatever the server's settings."""
    title, text = ERRORS.get(status_code, ("看板暂时无法显示", "请稍后刷新本页；如仍不能显示，请联系政协办公室。"))
    error = kwargs.get("exc_info", (None, None, None))[1]
    if isinstance(error, TooManyAttempts):
        # tornado clears the headers before an error page is written; Retry-After goes on here.
        handler.set_header("Retry-After", str(error.wait))
        title, text = "请稍后再试", f"访问口令错误次数过多，请{error.wait}秒后再试。"
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.finish(view.render("error.html", status=status_code, title=title, text=text, home=handler.base_url))


class DashboardPageHandler(AllowedHosts, JupyterHandler):
    """`/`: the dashboard for `?view=<key>` (default: the next meeting), or the queue page when busy."""

    def initialize(self, shared: SharedPages, queue_after: float, max_waiting: int, retry_seconds: float):
        self.shared = shared
        self.queue_after = queue_after
        self.max_waiting = max_waiting
        self.retry_seconds = retry_seconds

    def write_error(self, status_code: int, **kwargs) -> None:
        write_chinese_error(self, status_code, **kwargs)

    def _no_cache(self) -> None:
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")

    @tornado.web.authenticated
    async def get(self):
        key = self.get_argument("view", "")[:40]
        self._no_cache()
        html = self.shared.ready(key)
        if html is None:
            if self.shared.waiting >= self.max_waiting:
                return self._queue()
            self.shared.waiting += 1
            try:
                html = await asyncio.wait_for(asyncio.shield(self.shared.page(key)), timeout=self.queue_after)
            except TimeoutError:
                return self._queue()
            except Exception:
                log.exception("看板页面生成失败")
                html = view.render(
                    "page.html",
                    page=pages.Page(),
                    body=view.render_message(pages.BROKEN_TITLE, pages.BROKEN_TEXT),
                    data_date_text="",
                    data_date_iso="",
                ).encode("utf-8")
            finally:
                self.shared.waiting -= 1
        self.finish(html)

    def _queue(self) -> None:
        # 503 + Retry-After tells machines; the page tells the leader and reloads itself.
        retry_ms = int(self.retry_seconds * 1000)
        jitter_ms = max(500, retry_ms // 2)
        self.set_status(503)
        self.set_header("Retry-After", str(math.ceil(self.retry_seconds)))
        self.finish(
            view.render(
                "queue.html", retry_ms=retry_ms, jitter_ms=jitter_ms, retry_seconds=math.ceil((retry_ms + jitter_ms) / 1000) + 1
            )
        )


class DashboardSearchHandler(AllowedHosts, JupyterHandler):
    """`/search?q=词语`: the records holding the words, read-only, in the dashboard's frame."""

    def initialize(self, shared: SharedPages, home: str):
        self.shared = shared
        self.home = home

    def write_error(self, status_code: int, **kwargs) -> None:
        write_chinese_error(self, status_code, **kwargs)

    @tornado.web.authenticated
    async def get(self):
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        query = self.get_argument("q", "")[: pages.QUERY_CHARS * 2]
        self.finish(await self.shared.search(query, self.home))


class NotFoundHandler(AllowedHosts, JupyterHandler):
    """Every other address: a Chinese 404, so no route of Voilà's or Jupyter's is reachable."""

    def write_error(self, status_code: int, **kwargs) -> None:
        write_chinese_error(self, status_code, **kwargs)

    def prepare(self, *, _redirect_to_login=True):
        # Answer before any login redirect or form-token check: a 404 reveals nothing either way.
        if not self.check_host():
            raise tornado.web.HTTPError(403)
        raise tornado.web.HTTPError(404)


class DashboardServer(Voila):
    """Voilà's application with the dashboard's own routes (see the module docstring)."""

    name = "workbench-dashboard"
    queue_after_seconds = Float(8.0, config=True, help="A viewer waiting this long for the page being built gets the queue page.")
    max_waiting = Integer(200, config=True, help="Viewers allowed to wait at once; more get the queue page.")
    retry_seconds = Float(3.0, config=True, help="How soon the queue page reloads itself (plus a random spread).")
    recheck_seconds = Float(2.0, config=True, help="How often the store is asked whether anything changed.")
    allowed_hosts = Unicode(
        "",
        config=True,
        help="Host names answered besides IP addresses and localhost (comma-separated, from WORKBENCH_DASHBOARD_HOSTS); "
        "a request for any other name gets 403 (see workbench/ui/access.py).",
    )
    behind_hub = Bool(
        False,
        config=True,
        help="Started by JupyterHub as its service: the hub's proxy and login decide who reaches the page "
        "(every Host answered, no logout link of the dashboard's own).",
    )

    def init_settings(self):
        settings = super().init_settings()
        settings["log_function"] = self._log_request
        settings[HOSTS_SETTING] = None if self.behind_hub else configured_names(self.allowed_hosts)
        return settings

    def _log_request(self, handler) -> None:
        """Tornado would print every 4xx as an English warning (with the token in the address); the
        office's terminal shows only server faults, in Chinese, and never the query string."""
        status = handler.get_status()
        if status >= 500:
            self.log.error("看板请求出错：%d %s %s", status, handler.request.method, handler.request.path)
        elif self.log_level <= logging.INFO:
            self.log.info(
                "%d %s %s %.1fms", status, handler.request.method, handler.request.path, 1000 * handler.request.request_time()
            )

    def init_handlers(self):
        from jupyter_server.utils import url_path_join

        login = self.identity_provider.login_available and not self.behind_hub
        self.shared_pages = SharedPages(
            recheck_seconds=self.recheck_seconds,
            logout_url=url_path_join(self.server_url, "logout") if login else "",
            search_url=url_path_join(self.server_url, "search"),
        )
        handlers = list(self.identity_provider.get_handlers())
        handlers.append(
            (
                url_path_join(self.server_url, r"/search/?"),
                DashboardSearchHandler,
                {"shared": self.shared_pages, "home": url_path_join(self.server_url, "/")},
            )
        )
        handlers.append(
            (
                url_path_join(self.server_url, r"/?"),
                DashboardPageHandler,
                {
                    "shared": self.shared_pages,
                    "queue_after": self.queue_after_seconds,
                    "max_waiting": self.max_waiting,
                    "retry_seconds": self.retry_seconds,
                },
            )
        )
        handlers.append((url_path_join(self.server_url, r"/(.*)"), NotFoundHandler))
        return handlers

    def stop(self):
        if getattr(self, "shared_pages", None) is not None:
            self.shared_pages.close()
        super().stop()


main = DashboardServer.launch_instance

if __name__ == "__main__":
    main()
