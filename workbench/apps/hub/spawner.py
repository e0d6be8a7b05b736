"""Starting a secretary's JupyterLab from the hub: own folder, editor notebook ready, own name in history.

Why a process spawner without system accounts: an office server has no directory
server, and asking its administrator to create a Linux account per secretary only to
keep one secretary's notebook files from another is out of proportion — the
secretaries already share the same data with the same rights. Each gets an own folder
under WORKBENCH_HUB_DIR/homes; what separates the parts that matter is the hub:
only secretaries get a server at all (leaders and administrators are refused here
as well as by their hub roles), and the leaders' dashboard connects as a database
role that can only read.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from tornado import web
from traitlets import default

from workbench.apps.hub import accounts as hub_accounts
from workbench.base import config, resources

EDITOR_NOTEBOOK = resources.notebook("prepare_packet.ipynb")
# JupyterLab user settings written into a new folder: Chinese menus (the language pack is a
# dependency), no news pop-up fetched from the internet, and the notebook's own Python kernel
# started without asking which one. A secretary may change them later.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"autoStartDefaultKernel": True},
    "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": "zh_CN"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}
# What a secretary's server passes on from the hub's environment (besides what is set below).
PASSED_ON = (
    "WORKBENCH_DB_URL",
    "WORKBENCH_LABELS",
    "WORKBENCH_DATA_DIR",
    "WORKBENCH_HUB_DIR",
    "WORKBENCH_TEMPLATES",
    "LANG",
    "LC_ALL",
    "PATH",
)


class EditorSpawner(SimpleLocalProcessSpawner):
    """A JupyterLab per secretary in WORKBENCH_HUB_DIR/homes/<login>, opening the editor notebook."""

    def _accounts(self) -> hub_accounts.Accounts:
        return hub_accounts.load()

    @default("home_dir_template")
    def _homes_under_hub_dir(self):
        return str(config.hub_dir() / "homes" / "{username}")

    def _prepare_home(self) -> None:
        home = Path(self.home_dir)
        home.mkdir(parents=True, exist_ok=True)
        # A fresh copy each start, so every secretary works with the current editor notebook.
        shutil.copyfile(EDITOR_NOTEBOOK, home / EDITOR_NOTEBOOK.name)
        settings = home / ".jupyter" / "lab" / "user-settings"
        for name, values in LAB_SETTINGS.items():
            target = settings / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(values), encoding="utf-8")
        (home / "output").mkdir(exist_ok=True)

    async def start(self):
        people = self._accounts()
        if self.user.name not in people.secretaries:
            # Hub roles already keep leaders away from servers; this says why in the office's words.
            raise web.HTTPError(403, "此账号不是秘书账号，不能打开编辑窗口。领导请查看领导看板。")
        self._prepare_home()
        return await super().start()

    def get_env(self):
        env = super().get_env()
        for key in PASSED_ON:
            if os.environ.get(key):
                env[key] = os.environ[key]
        people = self._accounts()
        home = Path(self.home_dir)
        env.update(
            WORKBENCH_USER=people.name(self.user.name),
            WORKBENCH_OUTPUT_DIR=str(home / "output"),
            JUPYTERLAB_SETTINGS_DIR=str(home / ".jupyter" / "lab" / "user-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(home / ".jupyter" / "lab" / "workspaces"),
            PATH=os.pathsep.join(p for p in (str(Path(sys.executable).parent), os.environ.get("PATH", "")) if p),
            PYTHONIOENCODING="utf-8",
        )
        if config.IN_CHECKOUT:  # the kernel must import this checkout's workbench
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(config.PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p)
        return env
