"""Opening the secretaries' editor as an app: the standalone `voila` command for notebooks/prepare_packet.ipynb.

`python -m workbench edit` shows the editor in the browser with no code and no notebook
around it, so no keystroke can delete or change it (JupyterLab stays for analysts and
for those who prefer it). As for the dashboard (`serve.py`, whose helpers this uses):
standalone Voilà runs only this one notebook — its page's kernel executes the notebook
and otherwise takes only widget messages — with no file routes, on 127.0.0.1, and the
token goes into a private config file, never onto the command line. Unlike the
dashboard the editor writes to the store, so it always asks for a token: another
user of the same computer cannot open it by guessing the port.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from workbench.apps.serve import _child_env, check_port, check_token, new_token, run_server, write_private_config
from workbench.base import resources
from workbench.base.errors import NotFoundError, ValidationError

NOTEBOOK = resources.notebook("prepare_packet.ipynb")
# A Jupyter data folder holding the page template "workbench-editor" (Chinese loading screen, no CDN links).
TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "ui" / "editor" / "template"
TEMPLATE = "workbench-editor"
LOGIN_PROVIDER = "workbench.ui.editor.login.EditorIdentityProvider"
SERVER_MODULE = "workbench.ui.editor.server"  # Voilà with its template-file route made safe
HOST = "127.0.0.1"
DEFAULT_PORT = 8867
# The largest file the editor's upload buttons take. A chosen file travels to the kernel in one websocket
# message, and tornado closes a connection whose message exceeds 10 MiB by default: a 15 MB workbook
# then vanished without a word. The page refuses a larger file before sending anything (the check in
# the page template names this limit: template/voila/templates/workbench-editor/index.html.j2).
UPLOAD_LIMIT_MB = 100
WEBSOCKET_LIMIT = (UPLOAD_LIMIT_MB + 10) * 1024 * 1024  # the file plus the message around it
# Each open editor page runs a kernel (~120 MB). A secretary works in one or two tabs; five leaves room
# for a reload whose old kernel is still ending (ui/editor/server.py refuses pages past it, in Chinese).
DEFAULT_MAX_PAGES = 5


@dataclass
class EditOptions:
    port: int = DEFAULT_PORT
    token: str | None = None  # generated when not given
    open_browser: bool = True
    verbose: bool = False
    max_pages: int = DEFAULT_MAX_PAGES  # open editor pages (a kernel each); 0: no limit

    def validate(self) -> None:
        if not 1 <= self.port <= 65535:
            raise ValidationError(f"端口 {self.port} 无效，应为 1～65535 之间的整数（默认 {DEFAULT_PORT}）。")
        if self.max_pages < 0:
            raise ValidationError(f"页面上限 {self.max_pages} 无效，应为 0（不限）或正整数（默认 {DEFAULT_MAX_PAGES}）。")
        check_token(self.token)


def voila_config(token: str) -> dict:
    return {
        "VoilaConfiguration": {"file_allowlist": [], "file_denylist": [".*"], "show_tracebacks": False},
        "Voila": {
            "identity_provider_class": LOGIN_PROVIDER,
            "token": token,
            # Voilà answers every Host header; the editor answers only 127.0.0.1 and localhost, so a web page
            # cannot reach it through a domain name rebound to this machine (see workbench/ui/access.py).
            "tornado_settings": {"allow_remote_access": False, "websocket_max_message_size": WEBSOCKET_LIMIT},
        },
        "PasswordIdentityProvider": {"allow_password_change": False},
    }


def voila_command(options: EditOptions, config_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        SERVER_MODULE,
        str(NOTEBOOK),
        "--no-browser",
        f"--Voila.ip={HOST}",
        f"--Voila.port={options.port}",
        "--Voila.port_retries=0",
        f"--Voila.config_file_paths={config_dir}",
        f"--Voila.log_level={'INFO' if options.verbose else 'ERROR'}",
        "--KernelManager.transport=ipc",
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.strip_sources=True",
        # The editor holds unsaved typing: its kernel lives as long as the page is open. A closed page shuts
        # its kernel down itself (ui/editor/server.py).
        "--MappingKernelManager.cull_idle_timeout=0",
        # The notebook's cell draws the whole editor; on a busy machine its output can come more than
        # nbclient's default 4 seconds after the cell finished, and was then dropped: a blank white page
        # ("Timeout waiting for IOPub output" in the log). Wait as long as a person would.
        "--VoilaExecutor.iopub_timeout=120",
        f"--EditorServer.max_pages={options.max_pages}",
    ]


def url(options: EditOptions) -> str:
    return f"http://{HOST}:{options.port}/?token={options.token}"


def edit(options: EditOptions, *, say=print) -> int:
    """Start voila for the editor, open the browser, and run until Ctrl+C (or SIGTERM)."""
    options.validate()
    if not NOTEBOOK.is_file():
        raise NotFoundError(f"找不到编辑窗口笔记本 {NOTEBOOK}。安装可能不完整，请重新获取程序文件。")
    options.token = options.token or new_token()
    check_port(HOST, options.port)
    config_dir = write_private_config(voila_config(options.token), prefix="workbench-editor-")
    env = _child_env()
    env["JUPYTER_PATH"] = os.pathsep.join([str(TEMPLATE_ROOT), env.get("JUPYTER_PATH", "")])
    return run_server(
        voila_command(options, config_dir),
        cwd=NOTEBOOK.parent,
        env=env,
        host=HOST,
        port=options.port,
        config_dir=config_dir,
        name="编辑窗口",
        what="会议材料编辑窗口",
        announce=[
            "编辑窗口已启动（仅本机可以打开）：",
            f"  访问地址：{url(options)}",
            "关闭浏览器页面前请先保存修改。按 Ctrl+C 停止。",
        ],
        browser_url=url(options) if options.open_browser else None,
        say=say,
    )
