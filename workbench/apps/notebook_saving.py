"""Saving the editor's notebook without what running it leaves behind (a Jupyter server pre-save hook).

The editor notebook (`notebooks/prepare_packet.ipynb`) is part of the program and tracked in git;
a secretary only runs it. JupyterLab autosaves whatever the page holds — widget outputs,
execution counts, the kernel's language details — so every use would change the file.
This module is a Jupyter server extension (enabled by
`jupyter-config/etc/jupyter/jupyter_server_config.d/workbench.json`, installed with the package:
the server reads only extension switches from such folders, so the hook is registered by the
extension rather than named in config); the hook it registers runs before each save, and
for a notebook marked `"workbench": {"locked": true}` it puts back the outputs-free form
the file is kept in. Other notebooks (the analyses) are saved as they are. The extension also lets
the server's websockets carry the editor's uploads (up to `apps/edit.UPLOAD_LIMIT_MB`).
"""

from __future__ import annotations

from typing import Any

# What the tracked file holds about the language; the kernel adds its version and more on each run.
LANGUAGE_INFO = {"name": "python"}


def is_locked(notebook: dict) -> bool:
    return bool((notebook.get("metadata") or {}).get("workbench", {}).get("locked"))


def strip(notebook: dict) -> dict:
    """The notebook as tracked: no outputs, no execution counts, no widget state, no run timings."""
    meta = notebook.setdefault("metadata", {})
    meta.pop("widgets", None)
    meta["language_info"] = dict(LANGUAGE_INFO)
    for cell in notebook.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return notebook


def strip_locked_outputs(model: dict, **_kwargs: Any) -> None:
    """`ContentsManager.pre_save_hook`: called with the model about to be written."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    if is_locked(model["content"]):
        strip(model["content"])


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "workbench.apps.notebook_saving"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    serverapp.contents_manager.register_pre_save_hook(strip_locked_outputs)
    # The editor's upload buttons send a chosen file in one websocket message; tornado's 10 MiB default
    # dropped a 15 MB workbook silently. The same limit as `workbench edit` (apps/edit.py).
    from workbench.apps.edit import WEBSOCKET_LIMIT

    serverapp.web_app.settings["websocket_max_message_size"] = WEBSOCKET_LIMIT
