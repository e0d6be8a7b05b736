"""The dashboard's login page in Chinese, with password attempts rate-limited per client.

Voila (0.5) builds its identity provider from `Voila.identity_provider_class` and hands it
jupyter_server's login form handler, whose `login.html` is English and tells visitors about
`jupyter server list`. `workbench.apps.serve` names `DashboardIdentityProvider` in its private
config, so the server process loads this module; the provider swaps in a handler that draws
`template/login/login.html` instead. Checking the password or token stays
jupyter_server's own code: only the page differs, and a client that got it wrong
`ATTEMPTS` times within `WINDOW_SECONDS` is told to wait before the next try is even checked.
"""

from __future__ import annotations

import math
import time
from collections import deque
from pathlib import Path

import jinja2
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider
from voila.voila_identity_provider import VoilaLoginHandler

LOGIN_TEMPLATES = Path(__file__).resolve().parent / "template" / "login"
ATTEMPTS = 5  # wrong passwords allowed per client …
WINDOW_SECONDS = 60.0  # … within this long
MAX_CLIENTS = 10_000  # addresses remembered at once: a flood from many addresses cannot grow memory

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(LOGIN_TEMPLATES)), autoescape=True)


class LoginThrottle:
    """Failed attempts per client address in a sliding window."""

    def __init__(self, attempts: int = ATTEMPTS, window: float = WINDOW_SECONDS):
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.get(client, deque())
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        return failures

    def wait_seconds(self, client: str) -> int:
        """0 if the client may try now, else how many seconds until it may."""
        now = time.monotonic()
        failures = self._recent(client, now)
        if not failures:
            self._failures.pop(client, None)
        if len(failures) < self.attempts:
            return 0
        return max(1, math.ceil(self.window - (now - failures[0])))

    def failed(self, client: str) -> None:
        if client not in self._failures and len(self._failures) >= MAX_CLIENTS:
            self._failures.pop(next(iter(self._failures)))
        failures = self._recent(client, time.monotonic())
        failures.append(time.monotonic())
        self._failures[client] = failures

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)


THROTTLE = LoginThrottle()


class DashboardLoginHandler(VoilaLoginHandler):
    """jupyter_server's login form handler, drawing our Chinese page and limiting wrong attempts."""

    def write_error(self, status_code: int, **kwargs) -> None:
        from workbench.ui.dashboard.server import write_chinese_error

        write_chinese_error(self, status_code)

    def get_template(self, name):
        if name == "login.html":
            return _env.get_template("login.html")
        return super().get_template(name)

    @allow_unauthenticated
    def post(self):
        client = self.request.remote_ip or "?"
        wait = THROTTLE.wait_seconds(client)
        if wait:
            self.set_status(429)
            self.set_header("Retry-After", str(wait))
            self._render(message={"wait": wait})
            return
        super().post()
        if self.get_status() == 401:
            THROTTLE.failed(client)
        else:
            THROTTLE.succeeded(client)


class DashboardIdentityProvider(PasswordIdentityProvider):
    """The password/token provider voila uses by default, with the Chinese login page."""

    def __init__(self, **kwargs):
        # Voila passes its own handler class here; ours extends it.
        kwargs["login_handler_class"] = DashboardLoginHandler
        super().__init__(**kwargs)
