"""The shipped notebooks cannot be changed by using them (a Jupyter server extension).

The editor notebook (`notebooks/prepare_packet.ipynb`) is part of the program and tracked in git;
a secretary only runs it. JupyterLab autosaves whatever the page holds — widget outputs,
execution counts, the kernel's language details — so every use would change the file.
This module is a Jupyter server extension (enabled by
`jupyter-config/etc/jupyter/jupyter_server_config.d/workbench.json`, installed with the package:
the server reads only extension switches from such folders, so the hook is registered by the
extension rather than named in config); the hook it registers runs before each save, and
for a notebook marked `"workbench": {"locked": true}` it puts back the outputs-free form
the file is kept in. Other notebooks (the analyses) are saved as they are.

Whatever a secretary does in the page (a cell inserted with B, moved with Ctrl+Shift+↑, a
changed cell), saving a notebook that is locked *on disk* writes nothing: the server answers
with the file as it is, so the page counts as saved and the tracked file keeps its bytes.
Whether it is locked is read from the file, never from what the page sends (the page's
metadata can be edited). A locked notebook is handed to the page with the language details its
kernel will report, so opening it and starting the kernel leave it unmodified (no ●).
Renaming or deleting it is refused in Chinese; "另存为" to a new
name writes the copy, which the secretary may change freely. The page itself blocks the
keys and buttons that change cells (`jupyter-config/…/overrides.d/workbench.json` and the
editor's style sheet, `ui/editor/app.py`); this is what holds when they are bypassed.

The extension also lets the server's websockets carry the editor's uploads (up to
`apps/edit.UPLOAD_LIMIT_MB`).
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


def kernel_language_info() -> dict:
    """What the "工作台" kernel reports about its language (it runs this environment's Python and ipykernel)."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def as_the_page_will_see_it(model: Any) -> Any:
    """A locked notebook handed to the page with the language details its kernel will report.

    JupyterLab writes the kernel's `language_info` (with the Python version) into the notebook when the
    kernel starts; the tracked file keeps only the name, so the page marked the unchanged notebook as
    modified (●) on every open. Given them already, the page finds nothing changed."""
    if isinstance(model, dict) and model.get("type") == "notebook" and _locked(model):
        model["content"].setdefault("metadata", {})["language_info"] = kernel_language_info()
    return model


def strip_locked_outputs(model: dict, **_kwargs: Any) -> None:
    """`ContentsManager.pre_save_hook`: called with the model about to be written."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    if is_locked(model["content"]):
        strip(model["content"])


LOCKED_CHANGE = "本笔记本是工作台程序的一部分，已锁定，不能{what}。如需修改，请用“文件—另存为”保存一份副本。"


def _locked(model: Any) -> bool:
    content = model.get("content") if isinstance(model, dict) else None
    return isinstance(content, dict) and is_locked(content)


async def locked_on_disk(manager: Any, path: str) -> bool:
    """Whether the notebook stored at `path` is one of the workbench's locked notebooks (an async manager)."""
    if not str(path).endswith(".ipynb"):
        return False
    try:
        return await manager.file_exists(path) and _locked(await manager.get(path, content=True, type="notebook"))
    except Exception:  # unreadable or not a notebook: not ours to guard
        return False


def locked_on_disk_now(manager: Any, path: str) -> bool:
    """The same for a synchronous manager."""
    if not str(path).endswith(".ipynb"):
        return False
    try:
        return bool(manager.file_exists(path)) and _locked(manager.get(path, content=True, type="notebook"))
    except Exception:
        return False


def guard(manager: Any) -> None:
    """Make `manager` leave locked notebooks as they are: saves write nothing, renames and deletes are refused.

    The wrappers are async for the server's default (asynchronous) manager and plain for a
    synchronous one: its `delete` and `rename` call `delete_file`/`rename_file` without awaiting.
    """
    import inspect

    from tornado.web import HTTPError

    save, rename, delete, get = manager.save, manager.rename_file, manager.delete_file, manager.get

    def refused(what: str) -> HTTPError:
        return HTTPError(403, LOCKED_CHANGE.format(what=what))

    if inspect.iscoroutinefunction(save):

        async def guarded_save(model: dict, path: str = "") -> dict:
            if model.get("type") == "notebook" and await locked_on_disk(manager, path):
                return await manager.get(path, content=False)
            return await save(model, path)

        async def guarded_rename(old_path: str, new_path: str) -> Any:
            if await locked_on_disk(manager, old_path):
                raise refused("改名或移动")
            return await rename(old_path, new_path)

        async def guarded_delete(path: str) -> Any:
            if await locked_on_disk(manager, path):
                raise refused("删除")
            return await delete(path)

        async def get_as_seen(path: str, content: bool = True, **kwargs: Any) -> Any:
            return as_the_page_will_see_it(await get(path, content=content, **kwargs))

        manager.save, manager.rename_file, manager.delete_file = guarded_save, guarded_rename, guarded_delete
        manager.get = get_as_seen
        return

    def guarded_save_now(model: dict, path: str = "") -> dict:
        if model.get("type") == "notebook" and locked_on_disk_now(manager, path):
            return manager.get(path, content=False)
        return save(model, path)

    def guarded_rename_now(old_path: str, new_path: str) -> Any:
        if locked_on_disk_now(manager, old_path):
            raise refused("改名或移动")
        return rename(old_path, new_path)

    def guarded_delete_now(path: str) -> Any:
        if locked_on_disk_now(manager, path):
            raise refused("删除")
        return delete(path)

    def get_as_seen_now(path: str, content: bool = True, **kwargs: Any) -> Any:
        return as_the_page_will_see_it(get(path, content=content, **kwargs))

    manager.save, manager.rename_file, manager.delete_file = guarded_save_now, guarded_rename_now, guarded_delete_now
    manager.get = get_as_seen_now


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "workbench.apps.notebook_saving"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    serverapp.contents_manager.register_pre_save_hook(strip_locked_outputs)
    guard(serverapp.contents_manager)
    # The editor's upload buttons send a chosen file in one websocket message; tornado's 10 MiB default
    # dropped a 15 MB workbook silently. The same limit as `workbench edit` (apps/edit.py).
    from workbench.apps.edit import WEBSOCKET_LIMIT

    serverapp.web_app.settings["websocket_max_message_size"] = WEBSOCKET_LIMIT
