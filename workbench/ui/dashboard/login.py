"""The dashboard's login page in Chinese: the page voila shows when a token or password is set.

Voila (0.5) builds its identity provider from `Voila.identity_provider_class` and hands it
jupyter_server's login form handler, whose `login.html` is English and tells visitors about
`jupyter server list`. `workbench.serve` names `DashboardIdentityProvider` in its private
config, so the server process loads this module; the provider swaps in a handler that draws
`template/login/login.html` instead. Checking the password or token stays
jupyter_server's own code: only the page differs.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from jupyter_server.auth.identity import PasswordIdentityProvider
from voila.voila_identity_provider import VoilaLoginHandler

LOGIN_TEMPLATES = Path(__file__).resolve().parent / "template" / "login"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(LOGIN_TEMPLATES)), autoescape=True)


class DashboardLoginHandler(VoilaLoginHandler):
    """jupyter_server's login form handler, drawing our Chinese page in place of `login.html`."""

    def get_template(self, name):
        if name == "login.html":
            return _env.get_template("login.html")
        return super().get_template(name)


class DashboardIdentityProvider(PasswordIdentityProvider):
    """The password/token provider voila uses by default, with the Chinese login page."""

    def __init__(self, **kwargs):
        # Voila passes its own handler class here; ours extends it.
        kwargs["login_handler_class"] = DashboardLoginHandler
        super().__init__(**kwargs)
