"""Running JupyterHub with deploy/jupyterhub_config.py, after the prerequisites are checked.

The hub runs in the foreground (under systemd or in a terminal) from WORKBENCH_HUB_DIR,
where it keeps its database, cookie secret and the proxy's pid file. Ports inside the
server (hub API, proxy API, dashboard) are picked free at start, so only the public
port is the administrator's choice.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from .. import config
from ..errors import ConfigError
from ..serve import check_port
from . import prerequisites

CONFIG_FILE = config.PROJECT_ROOT / "deploy" / "jupyterhub_config.py"


def _free_local_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE), f"--ip={host}", f"--port={port}"]


def hub_env() -> dict:
    env = dict(os.environ)
    ports = [_free_local_port() for _ in range(3)]
    env["WORKBENCH_HUB_INTERNAL_PORTS"] = ",".join(map(str, ports))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(config.PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    env["PATH"] = os.pathsep.join(p for p in (os.path.dirname(sys.executable), env.get("PATH", "")) if p)
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(host: str, port: int, *, say=print) -> int:
    lacking = prerequisites.missing()
    if lacking:
        say("多人共用服务未启动，缺少以下条件：")
        for c in lacking:
            say(f"✗ {c.name}：{c.detail}\n    办法：{c.fix}")
        return 1
    check_port(host, port)
    hub_dir = config.hub_dir()
    hub_dir.mkdir(parents=True, exist_ok=True)
    if not CONFIG_FILE.is_file():
        raise ConfigError(f"找不到 JupyterHub 配置文件 {CONFIG_FILE}，安装可能不完整。")
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    say(f"正在启动多人共用服务：http://{shown}:{port}/ （秘书和领导用各自的账号登录；按 Ctrl+C 停止）")
    sys.stdout.flush()
    process = subprocess.Popen(hub_command(host, port), cwd=str(hub_dir), env=hub_env(),
                               stdin=subprocess.DEVNULL)

    def _forward(signum, _frame):
        process.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, _forward)
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)   # the hub stops its proxy, servers and the dashboard itself
        code = process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
    say("多人共用服务已停止。" if code in (0, -signal.SIGTERM, -signal.SIGINT)
        else f"多人共用服务意外停止（退出码 {code}），详见上方日志。")
    return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else 1
