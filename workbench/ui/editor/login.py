"""The editor app's login page in Chinese: what `python -m workbench edit` shows to a browser without the token.

Voila builds its identity provider from `Voila.identity_provider_class`; `workbench.apps.edit` names
`EditorIdentityProvider` in its private config, and the provider hands jupyter_server's login
form handler a Chinese `template/login/login.html`. Checking the token stays jupyter_server's
own code: only the page differs. (The dashboard has its own page; the two applications share nothing.)
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jupyter_server.auth.identity import PasswordIdentityProvider
from voila.voila_identity_provider import VoilaLoginHandler

LOGIN_TEMPLATES = Path(__file__).resolve().parent / "template" / "login"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(LOGIN_TEMPLATES)), autoescape=True)


class EditorLoginHandler(VoilaLoginHandler):
    def get_template(self, name):
        if name == "login.html":
            return _env.get_template("login.html")
        return super().get_template(name)


class EditorIdentityProvider(PasswordIdentityProvider):
    def __init__(self, **kwargs):
        kwargs["login_handler_class"] = EditorLoginHandler
        super().__init__(**kwargs)
