"""The editor's web server: standalone Voilà with three of its faults mended.

- Closing or reloading the page left its kernel running (~120 MB each): the page's script shuts the
  kernel down on `beforeunload` with the `_xsrf` cookie, which Voilà's page never sets, so the server
  refused the request (403 "'_xsrf' argument missing"). The page handler here sets the cookie.
- Voilà's handler for template files (`/voila/templates/<name>/static/<file>`) unpacks the path
  without checking its shape, so any other address under `/voila/templates/` answered 500 with a
  traceback in the terminal. Here it answers 404.
- tornado's static file handlers answered a missing file in English; here in Chinese.
- Every page opened starts a kernel (~120 MB), and nothing bounded them: forgotten tabs and a page
  opened in a loop could take the machine's memory. Past `max_pages` open pages a new one gets a
  Chinese page saying so (503), and no kernel is started for it.

Everything else is Voilà's own; `workbench.apps.edit` runs this module with Voilà's options.
"""

from __future__ import annotations

import tornado.web
from traitlets import Integer
from voila.app import Voila
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from workbench.apps.edit import DEFAULT_MAX_PAGES
from workbench.ui.editor.login import write_error_page


class ChineseErrors:
    """tornado's static file handlers would answer a missing file in English."""

    def write_error(self, status_code: int, **kwargs) -> None:
        write_error_page(self, status_code)


class StaticFiles(ChineseErrors, MultiStaticFileHandler):
    def write_error(self, status_code: int, **kwargs) -> None:
        # A file in none of its folders is refused with 403; for the person it is simply not there.
        if status_code == 403:
            status_code = 404
            self.set_status(404)
        super().write_error(status_code, **kwargs)


class CheckedTemplateFiles(ChineseErrors, TemplateStaticFileHandler):
    def parse_url_path(self, path):
        parts = path.split("/", 2)
        if len(parts) < 3 or parts[1] != "static" or not parts[2]:
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)


class EditorPage(TornadoVoilaHandler):
    @tornado.web.authenticated
    async def get(self, path=None):
        limit = self.settings[EditorServer.name].max_pages
        if limit and len(self.kernel_manager.list_kernel_ids()) >= limit:
            self.set_status(503)
            self.set_header("Retry-After", "30")
            write_error_page(self, 503, limit=limit)
            return
        self.xsrf_token  # noqa: B018  (reading it sets the _xsrf cookie the page sends back when it closes)
        await super().get(path)


class EditorServer(Voila):
    name = "workbench-editor"

    max_pages = Integer(
        DEFAULT_MAX_PAGES,
        min=0,
        config=True,
        help="同时打开的编辑页面的上限（每个页面一个内核，约占 120 MB 内存）；"
        "已达上限时新打开的页面显示中文说明，不再启动内核。0 表示不限。",
    )

    def init_handlers(self):
        ours = {
            TornadoVoilaHandler: EditorPage,
            TemplateStaticFileHandler: CheckedTemplateFiles,
            MultiStaticFileHandler: StaticFiles,
        }
        return [(spec[0], ours.get(spec[1], spec[1]), *spec[2:]) for spec in super().init_handlers()]


main = EditorServer.launch_instance

if __name__ == "__main__":
    main()
