"""The dashboard's login and logout pages in Chinese, with wrong passwords and tokens rate-limited per client.

Voila (0.5) builds its identity provider from `Voila.identity_provider_class` and hands it
jupyter_server's login form handler, whose `login.html` is English and tells visitors about
`jupyter server list`. `workbench.apps.serve` names `DashboardIdentityProvider` in its private
config, so the server process loads this module; the provider swaps in a handler that draws
`template/login/login.html` instead. Checking the password or token stays
jupyter_server's own code: only the page differs, and a client that got a password or a token
wrong `access.ATTEMPTS` times within `access.WINDOW_SECONDS` is told to wait before the next try is
even checked.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from voila.voila_identity_provider import VoilaLoginHandler

from workbench.ui.access import AllowedHosts, ThrottledLoginForm, ThrottledTokens

LOGIN_TEMPLATES = Path(__file__).resolve().parent / "template" / "login"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(LOGIN_TEMPLATES)), autoescape=True)


class DashboardLoginHandler(AllowedHosts, ThrottledLoginForm, VoilaLoginHandler):
    """jupyter_server's login form handler, drawing our Chinese page and limiting wrong attempts."""

    def write_error(self, status_code: int, **kwargs) -> None:
        from workbench.ui.dashboard.server import write_chinese_error

        write_chinese_error(self, status_code, **kwargs)

    def get_template(self, name):
        if name == "login.html":
            return _env.get_template("login.html")
        return super().get_template(name)


class DashboardLogoutHandler(AllowedHosts, JupyterHandler):
    """`/logout`: forget the login and go back to the login page (jupyter_server's own handler draws an
    English page from a template that needs static files the dashboard does not serve, and fails)."""

    def write_error(self, status_code: int, **kwargs) -> None:
        from workbench.ui.dashboard.server import write_chinese_error

        write_chinese_error(self, status_code, **kwargs)

    @allow_unauthenticated
    def get(self):
        self.identity_provider.clear_login_cookie(self)
        if self.login_available:
            self.redirect(url_path_join(self.base_url, "login") + "?loggedout=1")
        else:
            self.redirect(self.base_url)


class DashboardIdentityProvider(ThrottledTokens, PasswordIdentityProvider):
    """The password/token provider voila uses by default, with the Chinese login and logout pages and
    wrong tokens counted like wrong passwords (`workbench.ui.access`)."""

    def __init__(self, **kwargs):
        # Voila passes its own handler class here; ours extends it.
        kwargs["login_handler_class"] = DashboardLoginHandler
        kwargs["logout_handler_class"] = DashboardLogoutHandler
        super().__init__(**kwargs)
