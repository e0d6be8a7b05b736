"""The editor app's login and logout pages in Chinese: what `python -m workbench edit` shows to a browser
without its access token, and after 退出.

Voila builds its identity provider from `Voila.identity_provider_class`; `workbench.apps.edit` names
`EditorIdentityProvider` in its private config, and the provider hands jupyter_server's login
form handler a Chinese `template/login/login.html`. Checking the token stays jupyter_server's
own code: only the page differs, and wrong tokens (typed in the form, in `?token=` or in an
Authorization header) are limited per client by `workbench.ui.access`, as on the dashboard.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from voila.voila_identity_provider import VoilaLoginHandler

from workbench.ui.access import ThrottledLoginForm, ThrottledTokens, TooManyAttempts

LOGIN_TEMPLATES = Path(__file__).resolve().parent / "template" / "login"
PAGE_TEMPLATE = Path(__file__).resolve().parent / "template" / "voila" / "templates" / "workbench-editor"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(LOGIN_TEMPLATES), str(PAGE_TEMPLATE)]), autoescape=True)


def write_error_page(handler, status_code: int, **details) -> None:
    """The editor's Chinese error page (also what Voilà draws from the page template), never a traceback."""
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.finish(_env.get_template("error.html").render(status_code=status_code, **details))


def write_wait_page(handler: JupyterHandler, status_code: int, kwargs: dict) -> bool:
    """The login page saying how long to wait, for a client over the limit; False for other errors."""
    error = kwargs.get("exc_info", (None, None, None))[1]
    if not isinstance(error, TooManyAttempts):
        return False
    handler.set_header("Retry-After", str(error.wait))
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.finish(
        _env.get_template("login.html").render(
            base_url=handler.base_url, next="", message={"wait": error.wait}, xsrf_form_html=handler.xsrf_form_html
        )
    )
    return True


class EditorLoginHandler(ThrottledLoginForm, VoilaLoginHandler):
    def get_template(self, name):
        if name == "login.html":
            return _env.get_template("login.html")
        return super().get_template(name)

    def write_error(self, status_code: int, **kwargs) -> None:
        if not write_wait_page(self, status_code, kwargs):
            write_error_page(self, status_code)


class EditorLogoutHandler(JupyterHandler):
    """`/logout`: forget the login and show the login page (jupyter_server's English page fails here)."""

    def write_error(self, status_code: int, **kwargs) -> None:
        write_error_page(self, status_code)

    @allow_unauthenticated
    def get(self):
        self.identity_provider.clear_login_cookie(self)
        self.redirect(url_path_join(self.base_url, "login") + "?loggedout=1")


class EditorIdentityProvider(ThrottledTokens, PasswordIdentityProvider):
    def __init__(self, **kwargs):
        kwargs["login_handler_class"] = EditorLoginHandler
        kwargs["logout_handler_class"] = EditorLogoutHandler
        super().__init__(**kwargs)
