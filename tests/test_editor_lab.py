"""The editor notebook in JupyterLab, in a real browser: Chinese menus and kernel name, cells no key,
button or drag can change, and saves that leave the tracked notebook as it was, byte for byte.

JupyterLab runs with the settings the package installs (`jupyter-config/`: the language
overrides and the server config naming the pre-save hook), read from the source folder so
the test does not depend on how this environment was installed; `test_packaging` checks
pip installs the same files to the places JupyterLab reads.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest
import requests

from helpers.browser import launch_chromium
from helpers.paths import ROOT
from helpers.processes import free_port, require_programs, stop_process_group

NOTEBOOK = ROOT / "notebooks" / "prepare_packet.ipynb"
SETTINGS = ROOT / "jupyter-config"
TOKEN = "lab-test-token"


@pytest.fixture
def lab(tmp_path, _demo_db_file):
    require_programs("chromium")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(_demo_db_file, data / "workbench.sqlite")
    env = dict(os.environ)
    env.update(
        WORKBENCH_DATA_DIR=str(data),
        WORKBENCH_OUTPUT_DIR=str(tmp_path / "output"),
        WORKBENCH_USER="浏览器秘书",
        # this user's own Jupyter folders are left out: only the project's settings count
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-user"),
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "lab-user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "lab-workspaces"),
        JUPYTER_CONFIG_PATH=str(SETTINGS / "etc" / "jupyter"),
        JUPYTER_PATH=str(SETTINGS / "share" / "jupyter"),  # the "工作台" kernel
    )
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    port = free_port()
    log = open(tmp_path / "lab.log", "w")  # noqa: SIM115  (the server writes to it until the fixture stops it)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={NOTEBOOK.parent}",
            "--allow-root",
            f"--LabApp.app_settings_dir={SETTINGS / 'share' / 'jupyter' / 'lab' / 'settings'}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab 未能启动：\n" + (tmp_path / "lab.log").read_text())
            try:
                if requests.get(base + f"api/status?token={TOKEN}", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        yield base
    finally:
        stop_process_group(proc, timeout=20)
        log.close()


@pytest.mark.browser
def test_lab_in_chinese_and_the_editor_notebook_cannot_be_broken(lab, artifacts):
    from playwright.sync_api import sync_playwright

    before = NOTEBOOK.read_bytes()
    mtime = NOTEBOOK.stat().st_mtime_ns
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                page = browser.new_page(viewport={"width": 1500, "height": 950}, locale="zh-CN")
                page.goto(lab + f"lab/tree/prepare_packet.ipynb?token={TOKEN}", timeout=180_000)
                menubar = page.locator(".lm-MenuBar-content").first
                menubar.wait_for(timeout=180_000)
                menus = menubar.inner_text()
                page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)

                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=120_000)
                page.wait_for_timeout(1500)
                dirty_on_open = page.locator(".jp-mod-dirty").count()  # ● beside the name, with the kernel started

                page.locator(".lm-MenuBar-item", has_text="内核").click()
                kernel_menu = page.locator(".lm-Menu").last.inner_text()
                page.keyboard.press("Escape")
                for attempt in range(3):
                    # Run all is ignored while the kernel is still starting (slow machines): ask again.
                    page.locator(".jp-Notebook").first.click()
                    page.locator(".lm-MenuBar-item", has_text="运行").click()
                    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
                    try:
                        page.locator(".wb-editor").wait_for(timeout=90_000)
                        break
                    except Exception:
                        page.screenshot(path=str(artifacts / f"editor-lab-attempt{attempt + 1}.png"))
                        if attempt == 2:
                            raise

                # Every key that changes cells, pressed in command mode on each cell: the editor's frame
                # and the instruction above it. None may insert, cut, paste, retype, move, merge or open a cell.
                keys = [
                    "b",
                    "a",
                    "Enter",
                    "Control+Shift+ArrowUp",
                    "Control+Shift+ArrowDown",
                    "d d",
                    "x",
                    "v",
                    "m",
                    "y",
                    "1",
                    "Shift+m",
                    "Alt+Enter",
                    "z",
                ]
                for target in (page.locator(".wb-editor h2"), page.locator(".jp-Notebook .jp-Cell").first):
                    for key in keys:
                        target.click()
                        page.keyboard.press("Escape")
                        for k in key.split():
                            page.keyboard.press(k)
                        page.keyboard.press("Escape")
                # and the Edit menu's and the cell context menu's cell commands, on each cell: copy first, so paste has cells
                cell_commands = [
                    "notebook:copy-cell",
                    "notebook:paste-cell-below",
                    "notebook:paste-cell-above",
                    "notebook:paste-and-replace-cell",
                    "notebook:cut-cell",
                    "notebook:delete-cell",
                    "notebook:move-cell-up",
                    "notebook:move-cell-down",
                    "notebook:split-cell-at-cursor",
                    "notebook:merge-cells",
                    "notebook:merge-cell-above",
                    "notebook:merge-cell-below",
                ]
                for target in (page.locator(".jp-Notebook .jp-Cell").nth(1), page.locator(".jp-Notebook .jp-Cell").first):
                    for command in cell_commands:
                        target.click(position={"x": 5, "y": 5})
                        page.keyboard.press("Escape")
                        page.locator(".lm-MenuBar-item", has_text="编辑").click()
                        item = page.locator(f".lm-Menu-item[data-command='{command}']")
                        if (
                            item.count()
                            and item.first.is_visible()
                            and "lm-mod-disabled" not in (item.first.get_attribute("class") or "")
                        ):
                            item.first.click()
                        page.keyboard.press("Escape")
                    for command in cell_commands:  # the same from the cell's context menu (right click)
                        target.click(position={"x": 5, "y": 5}, button="right")
                        item = page.locator(f".lm-Menu-item[data-command='{command}']")
                        if item.count() and item.first.is_visible():
                            item.first.click()
                        page.keyboard.press("Escape")
                after_menu = page.locator(".jp-Notebook .jp-Cell").count()
                editors_after_menu = page.locator(".wb-editor").count()
                # and dragging the editor's cell above the instruction by its prompt
                prompt = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-InputPrompt").first
                first_cell = page.locator(".jp-Notebook .jp-Cell").first
                if prompt.count() and prompt.is_visible():
                    prompt.drag_to(first_cell, force=True)
                time.sleep(1.5)
                cells = page.locator(".jp-Notebook .jp-Cell").count()
                order = page.locator(".jp-Notebook .jp-Cell").first.inner_text()
                editor_visible = page.locator(".wb-editor").is_visible()
                code_visible = page.get_by_text("PacketEditor().show()").is_visible()
                chrome = page.locator("body").inner_text()
                status_bar = page.locator("#jp-main-statusbar").inner_text()
                clipped = page.evaluate(
                    """() => [...document.querySelectorAll('.wb-editor .lm-TabBar-tabLabel')]
                        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
                )

                page.keyboard.press("Control+s")
                time.sleep(3)
                page.locator(".lm-MenuBar-item", has_text="文件").click()
                page.locator(".lm-Menu-item[data-command='docmanager:save']").click()
                time.sleep(3)
                written = NOTEBOOK.stat().st_mtime_ns != mtime
                dirty = page.locator(".jp-mod-dirty").count()
                toasts = page.locator(".Toastify__toast").all_inner_texts()
                page.screenshot(path=str(artifacts / "editor-lab.png"))
            finally:
                browser.close()

        for title in ("文件", "编辑", "运行", "内核", "设置", "帮助"):
            assert title in menus, menus
        assert "File" not in menus and "Kernel" not in menus
        assert "重启内核" in kernel_menu
        assert after_menu == 2 and editors_after_menu == 1, f"菜单改变了单元格：{after_menu} 个，编辑窗口 {editors_after_menu} 个"
        assert cells == 2 and editor_visible and not code_visible
        assert "运行所有单元格" in order  # the instruction is still first: nothing moved
        assert not [t for t in toasts if "新闻" in t or "news" in t.lower()], toasts
        assert "工作台" in chrome and "Python 3 (ipykernel)" not in chrome and "ipykernel" not in chrome
        assert clipped == [], clipped
        # The status bar in Chinese too: no "Cell 1/2", "Mode: Command", "Idle"; the file's own name may stay.
        assert "模式" in status_bar and not re.search(r"[A-Za-z]{3,}", status_bar.replace("prepare_packet.ipynb", "")), status_bar
        # Saving (keys and menu) counts as done in the page and writes nothing: the file keeps its bytes.
        assert dirty_on_open == 0, "打开后未作任何修改即显示未保存（●）"
        assert dirty == 0, "保存后页面仍显示未保存"
        assert not written, "锁定的笔记本文件被写入"
        assert NOTEBOOK.read_bytes() == before
        if (ROOT / ".git").exists() and shutil.which("git"):
            status = subprocess.run(
                ["git", "status", "--porcelain", "--", "notebooks"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
            assert status == ""
    finally:
        if NOTEBOOK.read_bytes() != before:  # a failed run must not leave the program's notebook changed
            NOTEBOOK.write_bytes(before)


@pytest.mark.browser
def test_an_analysis_notebook_keeps_its_cell_context_menu(lab):
    """The cell commands taken out of the editor's menus stay on the analysts' notebooks' right-click menu."""
    from playwright.sync_api import sync_playwright

    analysis = sorted((NOTEBOOK.parent / "analyses").glob("*.ipynb"))[0]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 950}, locale="zh-CN")
            page.goto(lab + f"lab/tree/analyses/{analysis.name}?token={TOKEN}", timeout=180_000)
            cell = page.locator(".jp-Notebook .jp-Cell").first
            cell.wait_for(timeout=180_000)
            cell.click(button="right")
            page.locator(".lm-Menu .lm-Menu-item[data-command]").first.wait_for(timeout=30_000)
            commands = page.eval_on_selector_all(
                ".lm-Menu-item[data-command]", "items => items.map(i => i.getAttribute('data-command'))"
            )
            page.keyboard.press("Escape")
        finally:
            browser.close()
    for command in ("notebook:cut-cell", "notebook:paste-cell-below", "notebook:delete-cell", "notebook:merge-cells"):
        assert command in commands, commands


def test_pip_installs_the_settings_where_jupyter_reads_them():
    import json
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = project["tool"]["setuptools"]["data-files"]
    for destination, sources in data_files.items():
        for source in sources:
            # the folder mirrors the environment: jupyter-config/<place> is installed at <prefix>/<place>
            assert (ROOT / source).is_file() and source == f"jupyter-config/{destination}/{source.rsplit('/', 1)[1]}"
    lab = json.loads((SETTINGS / "share/jupyter/lab/settings/overrides.d/workbench.json").read_text(encoding="utf-8"))
    assert lab["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert lab["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    server = json.loads((SETTINGS / "etc/jupyter/jupyter_server_config.d/workbench.json").read_text(encoding="utf-8"))
    ((extension, enabled),) = server["ServerApp"]["jpserver_extensions"].items()
    module = __import__(extension, fromlist=["_load_jupyter_server_extension"])
    assert enabled and callable(module._load_jupyter_server_extension)
    assert any(d.startswith("jupyterlab-language-pack-zh-cn") for d in project["project"]["dependencies"])


def test_an_editable_install_gets_the_settings_from_init(tmp_path):
    from workbench.apps import jupyter_settings

    prefix = tmp_path / "env"
    assert len(jupyter_settings.missing(prefix)) == len(jupyter_settings.FILES)
    written = jupyter_settings.install(prefix)
    assert sorted(p.relative_to(prefix).as_posix() for p in written) == sorted(jupyter_settings.FILES)
    assert jupyter_settings.missing(prefix) == [] and jupyter_settings.install(prefix) == []
    for name in jupyter_settings.FILES:
        assert (prefix / name).read_bytes() == (SETTINGS / name).read_bytes()
