"""Serving the leaders' dashboard: `python -m workbench serve` starts `workbench.ui.dashboard.server`.

The server is Voilà's application with the dashboard's own routes: the page is HTML
rendered once per store change and shared by every viewer, with no kernel per page (see
`ui/dashboard/server.py` for why: a kernel per viewer cannot hold a standing-committee
meeting's 40 tablets on two cores). Only `/`, login and logout exist; no file, notebook,
kernel or query route, so neither the database nor the notebooks can be downloaded and
no code can be sent to run.

Secrets (token, password hash) go into a private config file rather than the command
line, where other users of the machine could read them in `ps`. Serving beyond this
machine without a token or password needs an explicit `--open`.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from workbench.base import config
from workbench.base.errors import ConfigError, ValidationError, WorkbenchError

SERVER_MODULE = "workbench.ui.dashboard.server"
LOGIN_PROVIDER = "workbench.ui.dashboard.login.DashboardIdentityProvider"
# Behind JupyterHub the hub's login decides who sees the dashboard (see workbench/hub/dashboard_auth.py).
HUB_LOGIN_PROVIDER = "workbench.apps.hub.dashboard_auth.HubDashboardIdentityProvider"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ALL_ADDRESSES = {"0.0.0.0", "::", ""}


@dataclass
class ServeOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None  # required in the URL when set
    hashed_password: str | None = None  # jupyter_server's argon2 hash; a login page asks for it
    open_to_all: bool = False  # --open: serve beyond this machine without a token or password
    open_browser: bool = True
    verbose: bool = False
    base_url: str = "/"  # the path under which the page lives (/services/dashboard/ behind the hub)
    behind_hub: bool = False  # started by JupyterHub as its dashboard service

    def validate(self) -> None:
        if not 1 <= self.port <= 65535:
            raise ValidationError(f"端口 {self.port} 无效，应为 1～65535 之间的整数（默认 {DEFAULT_PORT}）。")
        if self.host not in LOOPBACK and not (self.token or self.hashed_password) and not self.open_to_all:
            raise ValidationError(
                f"看板将向本机以外开放（地址 {self.host or '全部地址'}），但没有设访问口令或密码，"
                "同一网络中的任何人都能查看。请加 --token（自动生成访问口令）或 --password（设置密码）；"
                "确需不设口令开放时，请加 --open 明确确认。"
            )
        check_token(self.token)


MIN_TOKEN = 16  # characters of a token the office chooses itself; a generated one has 24


def check_token(token: str | None) -> None:
    """A given token must be hard to guess: no spaces and at least `MIN_TOKEN` characters."""
    if token is None:
        return
    if not token.strip() or any(c.isspace() for c in token):
        raise ValidationError("访问口令不能为空，也不能含空格。")
    if len(token) < MIN_TOKEN:
        raise ValidationError(
            f"访问口令太短（{len(token)} 个字符），至少需要 {MIN_TOKEN} 个字符，否则容易被猜中。"
            "只写 --token 不给值时会自动生成一个足够长的口令。"
        )


def new_token() -> str:
    return secrets.token_urlsafe(18)


def hash_password(password: str) -> str:
    from jupyter_server.auth import passwd

    return passwd(password)


def voila_config(options: ServeOptions) -> dict:
    """The traitlets config written to the private voila.json (login page and secrets)."""
    cfg: dict = {
        # The Chinese login page, rate-limited; see workbench/ui/dashboard/login.py.
        "Voila": {"identity_provider_class": LOGIN_PROVIDER},
        # jupyter_server would let whoever holds the token set a new password from the login page and
        # write it to a config file in the working folder; the office sets passwords only at `serve`.
        "PasswordIdentityProvider": {"allow_password_change": False},
    }
    if options.behind_hub:
        cfg["Voila"] = {"identity_provider_class": HUB_LOGIN_PROVIDER}
        cfg["DashboardServer"] = {"behind_hub": True}
        del cfg["PasswordIdentityProvider"]
        return cfg
    cfg["DashboardServer"] = {"allowed_hosts": config.setting("dashboard_hosts")}
    if options.token:
        cfg["Voila"]["token"] = options.token
    if options.hashed_password:
        cfg["PasswordIdentityProvider"]["hashed_password"] = options.hashed_password
    return cfg


def voila_command(options: ServeOptions, config_dir: Path) -> list[str]:
    """The dashboard server's command line (Voilà's options; the notebook is not served)."""
    return [
        sys.executable,
        "-m",
        SERVER_MODULE,
        "--no-browser",
        f"--Voila.ip={options.host}",
        f"--Voila.port={options.port}",
        f"--Voila.base_url={options.base_url}",
        "--Voila.port_retries=0",  # a busy port is an error, not a surprise port
        f"--Voila.config_file_paths={config_dir}",  # only our voila.json, not ~/.jupyter's
        # Quiet by default: Voilà's and Jupyter's notices are English and not for the office; errors still show.
        f"--Voila.log_level={'INFO' if options.verbose else 'ERROR'}",
    ]


def hub_service_options(verbose: bool = False) -> ServeOptions:
    """Where JupyterHub asked its dashboard service to listen, from the variables it sets for services."""
    from urllib.parse import urlsplit

    url = os.environ.get("JUPYTERHUB_SERVICE_URL", "")
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "")
    if not url or not prefix:
        raise ConfigError(
            "--behind-hub 只用于由 JupyterHub 启动看板服务（python -m workbench hub 会自动这样做），"
            "缺少 JupyterHub 设置的环境变量 JUPYTERHUB_SERVICE_URL / JUPYTERHUB_SERVICE_PREFIX。"
        )
    parts = urlsplit(url)
    return ServeOptions(
        host=parts.hostname or DEFAULT_HOST,
        port=parts.port or DEFAULT_PORT,
        open_browser=False,
        verbose=verbose,
        base_url=prefix,
        behind_hub=True,
    )


def write_config_dir(options: ServeOptions) -> Path:
    return write_private_config(voila_config(options), prefix="workbench-dashboard-")


def write_private_config(cfg: dict, *, prefix: str) -> Path:
    """A new folder only this user can read (700) holding `voila.json` (600) with `cfg`."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(directory, 0o700)
    target = directory / "voila.json"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=1)
    return directory


def check_port(host: str, port: int) -> None:
    """Refuse a port already in use (or not ours to use) with a Chinese message, before voila starts."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise ConfigError(f"无法识别地址“{host}”。请填写本机的 IP 地址，如 127.0.0.1（仅本机）或 0.0.0.0（局域网）。") from None
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado does, so TIME_WAIT is no obstacle
            if family == socket.AF_INET6 and hasattr(socket, "IPPROTO_IPV6"):
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                s.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise ConfigError(
                        f"端口 {port} 已被占用（可能看板已经在运行，或其他程序正在使用）。"
                        f"请先关闭占用该端口的程序，或换一个端口，例如 --port {port + 1}。"
                    ) from None
                if exc.errno in (errno.EACCES, errno.EPERM):
                    raise ConfigError(
                        f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请换一个端口，例如 --port {DEFAULT_PORT}。"
                    ) from None
                if exc.errno == errno.EADDRNOTAVAIL:
                    raise ConfigError(
                        f"本机没有地址 {host}，无法在该地址上提供看板。请填写本机的 IP 地址，或用 0.0.0.0 表示本机全部地址。"
                    ) from None
                raise ConfigError(f"无法在 {host}:{port} 上提供看板：{exc.strerror}。") from None


def urls(options: ServeOptions) -> list[tuple[str, str]]:
    """(who, URL) pairs to print: the machine itself, and the intranet when listening on all addresses."""
    query = f"?token={options.token}" if options.token else ""
    host = options.host
    if host in ALL_ADDRESSES:
        out = [("本机", f"http://127.0.0.1:{options.port}/{query}")]
        lan = _lan_address()
        if lan:
            out.append(("局域网内其他电脑", f"http://{lan}:{options.port}/{query}"))
        return out
    shown = f"[{host}]" if ":" in host else host
    return [("访问地址", f"http://{shown}:{options.port}/{query}")]


def _lan_address() -> str | None:
    # Connecting a UDP socket sends nothing; it only asks the kernel which local address routes outward.
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
        return None if address.startswith("127.") else address
    except OSError:
        return None


def _child_env() -> dict:
    env = dict(os.environ)
    # Whatever directory the user started from, the server must import this checkout's workbench
    # and run under this interpreter's environment.
    if config.IN_CHECKOUT:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(config.PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    # The server runs in its private config folder; relative data and output folders must mean what
    # they meant where `serve` was started.
    env["WORKBENCH_DATA_DIR"] = str(config.data_dir())
    env["WORKBENCH_OUTPUT_DIR"] = str(config.output_dir())
    env["PATH"] = os.pathsep.join(p for p in (str(Path(sys.executable).parent), env.get("PATH", "")) if p)
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["PYTHONIOENCODING"] = "utf-8"
    # On PostgreSQL the dashboard connects as the read-only role (`python -m workbench db roles`) when one
    # is configured; otherwise it opens the office's store read-only, as the environment already says.
    if config.setting("dashboard_db_url"):
        env["WORKBENCH_DB_URL"] = config.dashboard_db_url()
    return env


def _wait_until_listening(process: subprocess.Popen, host: str, port: int, timeout: float = 180) -> None:
    target = "127.0.0.1" if host in ALL_ADDRESSES else ("::1" if host == "::1" else host)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WorkbenchError(
                f"看板服务未能启动（服务退出码 {process.returncode}）。"
                "请运行 python -m workbench doctor 检查环境，或加 --verbose 查看详细日志。"
            )
        try:
            with socket.create_connection((target, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise WorkbenchError(f"看板服务在 {int(timeout)} 秒内没有开始响应，已停止。请加 --verbose 重试查看详细日志。")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # voila shuts its kernels down on SIGTERM
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(options: ServeOptions, *, say=print) -> int:
    """Start voila for the dashboard, print where to open it, and run until Ctrl+C (or SIGTERM)."""
    options.validate()
    check_port(options.host, options.port)
    _note_store(say)
    if options.host not in LOOPBACK and not (options.token or options.hashed_password or options.behind_hub):
        say("提示：按 --open 的要求，看板向本机以外开放且未设访问口令，同一网络中的任何人都能查看。")
    config_dir = write_config_dir(options)

    lines = [
        f"  {who}：{url}" for who, url in ([("经 JupyterHub 访问", options.base_url)] if options.behind_hub else urls(options))
    ]
    if options.hashed_password:
        lines.append("  打开后需输入您设置的密码。")
    return run_server(
        voila_command(options, config_dir),
        cwd=config_dir,
        env=_child_env(),
        host=options.host,
        port=options.port,
        config_dir=config_dir,
        name="看板",
        what="领导看板",
        announce=["领导看板已启动（只读，不能修改任何数据）：", *lines, "按 Ctrl+C 停止看板。"],
        browser_url=urls(options)[0][1] if options.open_browser else None,
        say=say,
    )


def run_server(
    command: list[str],
    *,
    cwd: Path,
    env: dict,
    host: str,
    port: int,
    config_dir: Path,
    name: str,
    what: str,
    announce: list[str],
    browser_url: str | None,
    say=print,
) -> int:
    """Run a server process (the dashboard's or the editor's) until Ctrl+C or SIGTERM: announce where to
    open it once it listens, open the browser, stop it and remove its private config folder at the end."""
    process = None

    def _terminate(signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        say(f"正在启动{what}……")
        process = subprocess.Popen(command, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL)
        _wait_until_listening(process, host, port)
        for line in announce:
            say(line)
        sys.stdout.flush()
        if browser_url:
            webbrowser.open(browser_url)
        code = process.wait()
        if code != 0:
            raise WorkbenchError(f"{name}服务意外停止（服务退出码 {code}）。可加 --verbose 重新启动查看详细日志。")
        say(f"{name}已停止。")
        return 0
    except KeyboardInterrupt:
        if process is not None:
            _stop(process)
        say(f"{name}已停止。")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process is not None:
            _stop(process)
        shutil.rmtree(config_dir, ignore_errors=True)


def _note_store(say) -> None:
    from workbench.store import Store

    try:
        Store.open(config.dashboard_db_url(), readonly=True).close()
    except WorkbenchError as exc:
        say(f"提示：{exc} 在此之前，看板会显示“暂无可显示的数据”。")
