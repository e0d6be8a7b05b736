"""Who may reach the dashboard and the editor: the Host names they answer, and wrong passwords and tokens
throttled per client.

Why the Host header: Voilà answers every Host (it sets tornado's `allow_remote_access`), so a web page a
leader opens elsewhere could point its own domain name at 127.0.0.1 (DNS rebinding) and read the
dashboard as a same-origin page. A literal IP address cannot be rebound, so every IP address is answered
(the intranet opens the dashboard at http://192.168.…); names only when they are localhost or named by
the office (`WORKBENCH_DASHBOARD_HOSTS`).

Why tokens too: jupyter_server checks a password on the login form, which `login.py` already limits,
but a token arrives with any request (`?token=`, `Authorization: token …`); without a limit a
client can try thousands a second. Both kinds of guess count against the same per-client window.
"""

from __future__ import annotations

import ipaddress
import math
import re
import time
from collections import deque
from collections.abc import Iterable

from jupyter_server.auth.decorator import allow_unauthenticated
from tornado import web

ATTEMPTS = 5  # wrong passwords or tokens allowed per client …
WINDOW_SECONDS = 60.0  # … within this long
MAX_CLIENTS = 10_000  # addresses remembered at once: a flood from many addresses cannot grow memory
LOCAL_NAMES = ("localhost",)
# The tornado setting that holds the names a server answers besides IP addresses; absent means every
# Host (behind JupyterHub, whose proxy and host-bound cookies decide).
HOSTS_SETTING = "workbench_allowed_hosts"

_PORT = re.compile(r"^(.*?)(:\d+)?$")


def host_name(host_header: str) -> str:
    """The Host header without its port and IPv6 brackets, lower case, without a trailing dot."""
    match = _PORT.match(host_header.strip())
    host = match.group(1) if match else host_header
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host.lower().rstrip(".")


def host_allowed(host_header: str, names: Iterable[str]) -> bool:
    """Whether a request sent with this Host header is answered: any IP address, localhost, or a named host."""
    host = host_name(host_header)
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host in {n.strip().lower().rstrip(".") for n in (*LOCAL_NAMES, *names) if n.strip()}
    return True


def configured_names(text: str) -> list[str]:
    """Host names from a comma- or space-separated setting, as the office writes it."""
    return [n for n in re.split(r"[\s,，、]+", text) if n]


class AllowedHosts:
    """A handler mixin: answer only the Host names of the server's setting (403 otherwise), see module docstring."""

    def check_host(self) -> bool:
        names = self.settings.get(HOSTS_SETTING)  # type: ignore[attr-defined]
        if names is None:
            return True
        return host_allowed(self.request.host, names)  # type: ignore[attr-defined]


class Throttle:
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


THROTTLE = Throttle()


class TooManyAttempts(web.HTTPError):
    """429 with the seconds to wait; the servers' error pages say it in Chinese."""

    def __init__(self, wait: int):
        super().__init__(429)
        self.wait = wait


def client_of(handler: web.RequestHandler) -> str:
    return handler.request.remote_ip or "?"


class ThrottledTokens:
    """An identity provider mixin (before jupyter_server's PasswordIdentityProvider): a request carrying a
    token counts as an attempt; a client over the limit gets 429 before its token is even compared."""

    async def get_user_token(self, handler: web.RequestHandler):
        given = self.get_token(handler)  # type: ignore[attr-defined]
        if not given or not getattr(handler, "token", None):
            return await super().get_user_token(handler)  # type: ignore[misc]
        client = client_of(handler)
        wait = THROTTLE.wait_seconds(client)
        if wait:
            # As jupyter_server does before its own 403: error pages ask for the current user.
            handler.current_user = handler._jupyter_current_user = None  # type: ignore[attr-defined]
            raise TooManyAttempts(wait)
        user = await super().get_user_token(handler)  # type: ignore[misc]
        if user is None:
            THROTTLE.failed(client)
        else:
            THROTTLE.succeeded(client)
        return user


class ThrottledLoginForm:
    """A login form handler mixin (before jupyter_server's LoginFormHandler): wrong passwords or tokens typed
    in the form count against the client's window, and the page says "您已退出" after a logout."""

    @allow_unauthenticated
    def get(self):
        if self.get_argument("loggedout", "") and not self.current_user:  # type: ignore[attr-defined]
            self._render(message={"logged_out": True})  # type: ignore[attr-defined]
            return
        super().get()  # type: ignore[misc]

    @allow_unauthenticated
    def post(self):
        client = client_of(self)  # type: ignore[arg-type]
        wait = THROTTLE.wait_seconds(client)
        if wait:
            self.set_status(429)  # type: ignore[attr-defined]
            self.set_header("Retry-After", str(wait))  # type: ignore[attr-defined]
            self._render(message={"wait": wait})  # type: ignore[attr-defined]
            return
        super().post()  # type: ignore[misc]
        if self.get_status() == 401:  # type: ignore[attr-defined]
            THROTTLE.failed(client)
        else:
            THROTTLE.succeeded(client)
