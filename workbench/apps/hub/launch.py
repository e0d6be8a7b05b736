"""Running JupyterHub with deploy/jupyterhub_config.py and the leaders' dashboard beside it.

The hub runs in the foreground (under systemd or in a terminal) from WORKBENCH_HUB_DIR,
where it keeps its database, cookie secret and the proxy's pid file. Ports inside the
server (hub API, proxy API, dashboard) are picked free at start, so only the public
port is the administrator's choice.

Why the dashboard is started here and not by the hub as a "managed service": JupyterHub
gives a managed service ten seconds to answer and stops altogether when it does not; a
dashboard preheating its kernels on a busy server can take longer. Started here, it is
registered with the hub as an external service (same proxy, same logins), restarted
if it stops, and a slow start only delays the dashboard.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time

from workbench.apps.hub import prerequisites
from workbench.apps.serve import check_port
from workbench.base import config, resources
from workbench.base.errors import ConfigError

CONFIG_FILE = resources.deploy_file("jupyterhub_config.py")
DASHBOARD = "dashboard"


def _free_local_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE), f"--ip={host}", f"--port={port}"]


def _base_env() -> dict:
    env = dict(os.environ)
    if config.IN_CHECKOUT:  # the hub, its servers and kernels import this checkout's workbench
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(config.PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    # The hub and the dashboard run in their own folders: relative folders must keep meaning what they
    # meant where `workbench hub` was started.
    env["WORKBENCH_DATA_DIR"] = str(config.data_dir())
    env["WORKBENCH_HUB_DIR"] = str(config.hub_dir())
    env["PATH"] = os.pathsep.join(p for p in (os.path.dirname(sys.executable), env.get("PATH", "")) if p)
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def hub_env(ports: tuple[int, int, int], token: str) -> dict:
    env = _base_env()
    env["WORKBENCH_HUB_INTERNAL_PORTS"] = ",".join(map(str, ports))
    env["WORKBENCH_HUB_DASHBOARD_TOKEN"] = token
    return env


def dashboard_env(hub_port: int, dashboard_port: int, token: str) -> dict:
    """What JupyterHub would give a service it starts, and the read-only database address only."""
    env = _base_env()
    prefix = f"/services/{DASHBOARD}/"
    env["WORKBENCH_DB_URL"] = config.dashboard_db_url()  # never the secretaries' address
    env["HOME"] = str(config.hub_dir() / DASHBOARD)
    env.update(
        JUPYTERHUB_SERVICE_NAME=DASHBOARD,
        JUPYTERHUB_API_TOKEN=token,
        JUPYTERHUB_CLIENT_ID=f"service-{DASHBOARD}",
        JUPYTERHUB_API_URL=f"http://127.0.0.1:{hub_port}/hub/api",
        JUPYTERHUB_BASE_URL="/",
        JUPYTERHUB_SERVICE_PREFIX=prefix,
        JUPYTERHUB_SERVICE_URL=f"http://127.0.0.1:{dashboard_port}",
        JUPYTERHUB_OAUTH_CALLBACK_URL=prefix + "oauth_callback",
        JUPYTERHUB_OAUTH_ACCESS_SCOPES=json.dumps([f"access:services!service={DASHBOARD}"]),
        JUPYTERHUB_HOST="",
    )
    return env


def _start_dashboard(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--behind-hub"],
        cwd=env["HOME"],
        env=env,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen | None, how=signal.SIGTERM, timeout: float = 60) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(how)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(host: str, port: int, *, say=print) -> int:
    lacking = prerequisites.missing()
    if lacking:
        say("多人共用服务未启动，缺少以下条件：")
        for c in lacking:
            say(f"✗ {c.name}：{c.detail}\n    办法：{c.fix}")
        return 1
    check_port(host, port)
    if not CONFIG_FILE.is_file():
        raise ConfigError(f"找不到 JupyterHub 配置文件 {CONFIG_FILE}，安装可能不完整。")
    hub_dir = config.hub_dir()
    (hub_dir / DASHBOARD).mkdir(parents=True, exist_ok=True)
    ports = (_free_local_port(), _free_local_port(), _free_local_port())
    token = secrets.token_hex(32)
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    say(f"正在启动多人共用服务：http://{shown}:{port}/ （秘书和领导用各自的账号登录；按 Ctrl+C 停止）")
    sys.stdout.flush()
    board_env = dashboard_env(ports[0], ports[2], token)
    board = _start_dashboard(board_env)
    hub = subprocess.Popen(hub_command(host, port), cwd=str(hub_dir), env=hub_env(ports, token), stdin=subprocess.DEVNULL)

    def _terminate(signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        while hub.poll() is None:
            if board.poll() is not None:
                say(f"领导看板意外停止（退出码 {board.returncode}），正在重新启动……")
                sys.stdout.flush()
                time.sleep(2)
                board = _start_dashboard(board_env)
            time.sleep(1)
        code = hub.returncode
    except KeyboardInterrupt:
        _stop(hub, signal.SIGTERM)  # the hub stops the secretaries' servers and its proxy itself
        code = 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(board)
        _stop(hub, signal.SIGKILL)
    if code == 0:
        say("多人共用服务已停止。")
        return 0
    say(f"多人共用服务意外停止（退出码 {code}），详见上方日志。")
    return 1
