"""The Jupyter settings the workbench puts into its environment: JupyterLab in Chinese, the editor saved without outputs.

The files live in `jupyter-config/` (see its README), laid out as they go under the
environment's prefix. A normal `pip install` copies them there (pyproject's data-files);
an editable install (`pip install -e .`, as the README and CI install) skips data files,
so `init`, `start` and `edit` call `install()` to put any missing or outdated one in place,
and `doctor` reports whether they are there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.base import config
from workbench.base.atomic import write_atomic

SOURCE = config.PROJECT_ROOT / "jupyter-config"
FILES = (
    "share/jupyter/lab/settings/overrides.d/workbench.json",  # 中文 by default, no news pop-up
    "etc/jupyter/jupyter_server_config.d/workbench.json",  # the shipped notebooks kept as they are
    "share/jupyter/kernels/workbench/kernel.json",  # the kernel the shipped notebooks name: "工作台"
    "etc/jupyter/labconfig/page_config.d/workbench.json",  # no status-bar item the language pack leaves English
)


def missing(prefix: Path | None = None) -> list[Path]:
    """The settings files not (or not as shipped) in the environment."""
    prefix = prefix or Path(sys.prefix)
    out = []
    for name in FILES:
        target = prefix / name
        source = SOURCE / name
        if not target.is_file() or (source.is_file() and target.read_bytes() != source.read_bytes()):
            out.append(target)
    return out


def install(prefix: Path | None = None) -> list[Path]:
    """Copy missing or outdated settings into the environment; return what was written."""
    prefix = prefix or Path(sys.prefix)
    written = []
    for target in missing(prefix):
        source = SOURCE / target.relative_to(prefix)
        if not source.is_file():  # an installed copy without the source folder: pip put them in place
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, source.read_bytes())
        written.append(target)
    return written


def install_and_say(say=print) -> None:
    """`install()` for the commands: one line when something was put in place, nothing otherwise."""
    try:
        written = install()
    except OSError as exc:  # a read-only environment: JupyterLab stays English, nothing else breaks
        say(f"提示：未能写入 JupyterLab 中文界面设置（{exc.strerror}）。")
        return
    if written:
        say("已设置 JupyterLab：默认使用中文界面，随程序提供的笔记本锁定、不会因使用而改动，内核显示为“工作台”。")
