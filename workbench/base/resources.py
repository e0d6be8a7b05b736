"""The files that ship inside the package: the Word templates, the notebooks and the server setup (deploy/).

In the repository they sit at the top (`templates/`, `notebooks/`), where secretaries and analysts
look for them; pyproject.toml installs them as the packages `workbench.templates` and
`workbench.notebooks` (folders inside the installed package, found through importlib.resources);
a source checkout, which has no such folders inside `workbench/`, finds them at the top of the
repository. An office's edited templates (setting WORKBENCH_TEMPLATES) come first.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from workbench.base import config


def _package_folder(name: str) -> Path:
    installed = files("workbench") / name
    if installed.is_dir():
        # A wheel installs real folders (no zip installs are supported), so a plain path is safe.
        return Path(str(installed))
    return config.PROJECT_ROOT / name


def packaged_templates_dir() -> Path:
    """The templates that came with the workbench."""
    return _package_folder("templates")


def template_dirs() -> list[Path]:
    """Where templates are looked up, in order: the office's folder (if set), then the packaged one."""
    office = config.templates_dir()
    return ([office] if office else []) + [packaged_templates_dir()]


def template(name: str) -> Path:
    """The template file `name` (e.g. "notice.docx"): the office's edited copy if it has one."""
    for folder in template_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return packaged_templates_dir() / name


def notebook(name: str) -> Path:
    """A notebook that ships with the workbench, e.g. "dashboard.ipynb" or "analyses/…"."""
    return _package_folder("notebooks") / name


def deploy_file(name: str) -> Path:
    """A file of the multi-user server setup, e.g. "jupyterhub_config.py" (deploy/ in the repository)."""
    return _package_folder("deploy") / name
