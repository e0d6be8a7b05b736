"""Serving the leaders' dashboard: the standalone `voila` command for notebooks/dashboard.ipynb.

Why standalone voila and one notebook: a Jupyter server's `/voila/render` route
runs any `execute_request` sent over its kernel websocket, while standalone voila
forwards only comm and kernel-info messages. Serving a single notebook (never a
directory) leaves no tree or contents routes, and an empty file allowlist plus a
catch-all denylist makes `/voila/files/` refuse everything, so neither the
database nor the notebooks can be downloaded.

Speed: kernels are preheated (the notebook's imports run ahead of time and stop
at `wait_for_request()`), so a page opens quickly yet reads the store only when a
leader asks; kernels left idle without a browser are culled.

Secrets (token, password hash) go into a private config file rather than the
command line, where other users of the machine could read them in `ps`.
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

from . import config, resources
from .errors import ConfigError, NotFoundError, ValidationError, WorkbenchError

NOTEBOOK = resources.notebook("dashboard.ipynb")
# A Jupyter data folder holding the page template "workbench" (voila's lab template minus its CDN links).
TEMPLATE_ROOT = Path(__file__).resolve().parent / "ui" / "dashboard" / "template"
TEMPLATE = "workbench"
LOGIN_PROVIDER = "workbench.ui.dashboard.login.DashboardIdentityProvider"
# Behind JupyterHub the hub's login decides who sees the dashboard (see workbench/hub/dashboard_auth.py).
HUB_LOGIN_PROVIDER = "workbench.hub.dashboard_auth.HubDashboardIdentityProvider"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ALL_ADDRESSES = {"0.0.0.0", "::", ""}


@dataclass
class ServeOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None            # required in the URL when set
    hashed_password: str | None = None  # jupyter_server's argon2 hash; a login page asks for it
    pool_size: int = 2                  # preheated kernels waiting for the next visitor
    cull_idle_minutes: int = 10         # shut kernels with no browser after this long idle
    open_browser: bool = True
    verbose: bool = False
    base_url: str = "/"                 # the path under which the page lives (/services/dashboard/ behind the hub)
    behind_hub: bool = False            # started by JupyterHub as its dashboard service

    def validate(self) -> None:
        if not 1 <= self.port <= 65535:
            raise ValidationError(f"端口 {self.port} 无效，应为 1～65535 之间的整数（默认 {DEFAULT_PORT}）。")
        if self.pool_size < 1 or self.pool_size > 8:
            raise ValidationError(f"预热内核数 {self.pool_size} 无效，应为 1～8。")
        if self.cull_idle_minutes < 1:
            raise ValidationError("空闲内核回收时间应至少为 1 分钟。")
        if self.token is not None and (not self.token.strip() or any(c.isspace() for c in self.token)):
            raise ValidationError("访问口令不能为空，也不能含空格。")


def new_token() -> str:
    return secrets.token_urlsafe(18)


def hash_password(password: str) -> str:
    from jupyter_server.auth import passwd
    return passwd(password)


def voila_config(options: ServeOptions) -> dict:
    """The traitlets config written to the private voila.json (file routes and secrets)."""
    cfg: dict = {
        "VoilaConfiguration": {
            # Nothing under /voila/files/ is ever served: charts are inline SVG, so the page needs no files.
            "file_allowlist": [],
            "file_denylist": [".*"],
            "show_tracebacks": False,
        },
    }
    if options.behind_hub:
        cfg["Voila"] = {"identity_provider_class": HUB_LOGIN_PROVIDER}
        return cfg
    # The login page (shown when a token or password is set) in Chinese; see workbench/ui/dashboard/login.py.
    cfg["Voila"] = {"identity_provider_class": LOGIN_PROVIDER}
    # jupyter_server would let whoever holds the token set a new password from the login page and
    # write it to a config file in the working folder; the office sets passwords only at `serve`.
    cfg["PasswordIdentityProvider"] = {"allow_password_change": False}
    if options.token:
        cfg["Voila"]["token"] = options.token
    if options.hashed_password:
        cfg["PasswordIdentityProvider"]["hashed_password"] = options.hashed_password
    return cfg


def voila_command(options: ServeOptions, config_dir: Path) -> list[str]:
    """The standalone voila command line for the dashboard notebook (never a directory)."""
    return [
        sys.executable, "-m", "voila", str(NOTEBOOK),
        "--no-browser",
        f"--Voila.ip={options.host}",
        f"--Voila.port={options.port}",
        f"--Voila.base_url={options.base_url}",
        "--Voila.port_retries=0",                      # a busy port is an error, not a surprise port
        f"--Voila.config_file_paths={config_dir}",     # only our voila.json, not ~/.jupyter's
        # Quiet by default: voila's own notices are English and not for the office; errors still show.
        f"--Voila.log_level={'INFO' if options.verbose else 'ERROR'}",
        # Kernels talk over Unix sockets in voila's private connection folder, not TCP ports.
        "--KernelManager.transport=ipc",
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaConfiguration.default_pool_size={options.pool_size}",
        "--VoilaConfiguration.strip_sources=True",
        f"--MappingKernelManager.cull_idle_timeout={options.cull_idle_minutes * 60}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",  # a leader's open tab keeps its kernel
    ]


def hub_service_options(pool_size: int = 2, cull_idle_minutes: int = 10, verbose: bool = False) -> ServeOptions:
    """Where JupyterHub asked its dashboard service to listen, from the variables it sets for services."""
    from urllib.parse import urlsplit
    url = os.environ.get("JUPYTERHUB_SERVICE_URL", "")
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "")
    if not url or not prefix:
        raise ConfigError("--behind-hub 只用于由 JupyterHub 启动看板服务（python -m workbench hub 会自动这样做），"
                          "缺少 JupyterHub 设置的环境变量 JUPYTERHUB_SERVICE_URL / JUPYTERHUB_SERVICE_PREFIX。")
    parts = urlsplit(url)
    return ServeOptions(host=parts.hostname or DEFAULT_HOST, port=parts.port or DEFAULT_PORT,
                        pool_size=pool_size, cull_idle_minutes=cull_idle_minutes, open_browser=False,
                        verbose=verbose, base_url=prefix, behind_hub=True)


def write_config_dir(options: ServeOptions) -> Path:
    directory = Path(tempfile.mkdtemp(prefix="workbench-dashboard-"))
    os.chmod(directory, 0o700)
    target = directory / "voila.json"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(voila_config(options), f, ensure_ascii=False, indent=1)
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
                    raise ConfigError(f"端口 {port} 已被占用（可能看板已经在运行，或其他程序正在使用）。"
                                      f"请先关闭占用该端口的程序，或换一个端口，例如 --port {port + 1}。") from None
                if exc.errno in (errno.EACCES, errno.EPERM):
                    raise ConfigError(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），"
                                      f"请换一个端口，例如 --port {DEFAULT_PORT}。") from None
                if exc.errno == errno.EADDRNOTAVAIL:
                    raise ConfigError(f"本机没有地址 {host}，无法在该地址上提供看板。"
                                      "请填写本机的 IP 地址，或用 0.0.0.0 表示本机全部地址。") from None
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
    # Whatever directory the user started from, the kernel must import this checkout's workbench
    # and run under this interpreter's environment.
    if config.IN_CHECKOUT:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(config.PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    # The kernel runs in the notebook's folder; relative data and output folders must mean what they
    # meant where `serve` was started.
    env["WORKBENCH_DATA_DIR"] = str(config.data_dir())
    env["WORKBENCH_OUTPUT_DIR"] = str(config.output_dir())
    env["PATH"] = os.pathsep.join(p for p in (str(Path(sys.executable).parent), env.get("PATH", "")) if p)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATE_ROOT), env.get("JUPYTER_PATH", "")) if p)
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["PYTHONIOENCODING"] = "utf-8"
    # On PostgreSQL the dashboard's kernels connect as the read-only role (`python -m workbench db roles`).
    env["WORKBENCH_DB_URL"] = config.dashboard_db_url()
    return env


def _wait_until_listening(process: subprocess.Popen, host: str, port: int, timeout: float = 180) -> None:
    target = "127.0.0.1" if host in ALL_ADDRESSES else ("::1" if host == "::1" else host)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WorkbenchError(f"看板服务未能启动（voila 退出码 {process.returncode}）。"
                                 "请运行 python -m workbench doctor 检查环境，或加 --verbose 查看详细日志。")
        try:
            with socket.create_connection((target, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise WorkbenchError(f"看板服务在 {int(timeout)} 秒内没有开始响应，已停止。请加 --verbose 重试查看详细日志。")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)   # voila shuts its kernels down on SIGTERM
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(options: ServeOptions, *, say=print) -> int:
    """Start voila for the dashboard, print where to open it, and run until Ctrl+C (or SIGTERM)."""
    options.validate()
    if not NOTEBOOK.is_file():
        raise NotFoundError(f"找不到看板笔记本 {NOTEBOOK}。安装可能不完整，请重新获取程序文件。")
    check_port(options.host, options.port)
    _note_store(say)
    if options.host not in LOOPBACK and not (options.token or options.hashed_password or options.behind_hub):
        say("提示：看板向局域网开放且未设访问口令，同一网络中的任何人都能查看。"
            "如需限制，请加 --token 生成访问口令，或加 --password 设置密码。")
    config_dir = write_config_dir(options)
    process = None

    def _terminate(signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        say("正在启动领导看板……")
        process = subprocess.Popen(voila_command(options, config_dir), cwd=str(NOTEBOOK.parent),
                                   env=_child_env(), stdin=subprocess.DEVNULL)
        _wait_until_listening(process, options.host, options.port)
        say("领导看板已启动（只读，不能修改任何数据）：")
        for who, url in ([("经 JupyterHub 访问", options.base_url)] if options.behind_hub else urls(options)):
            say(f"  {who}：{url}")
        if options.hashed_password:
            say("  打开后需输入您设置的密码。")
        say("按 Ctrl+C 停止看板。")
        sys.stdout.flush()
        if options.open_browser:
            webbrowser.open(urls(options)[0][1])
        code = process.wait()
        if code != 0:
            raise WorkbenchError(f"看板服务意外停止（voila 退出码 {code}）。可加 --verbose 重新启动查看详细日志。")
        say("看板已停止。")
        return 0
    except KeyboardInterrupt:
        if process is not None:
            _stop(process)
        say("看板已停止。")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process is not None:
            _stop(process)
        shutil.rmtree(config_dir, ignore_errors=True)


def _note_store(say) -> None:
    from .store import Store
    try:
        Store.open(config.dashboard_db_url(), readonly=True).close()
    except WorkbenchError as exc:
        say(f"提示：{exc} 在此之前，看板会显示“暂无可显示的数据”。")
