"""Packaging stays honest: environment.yml lists what pyproject.toml lists, every setting is documented."""

from __future__ import annotations

import re
import tomllib

from helpers.paths import ROOT
from workbench.base.config import SETTINGS


def _normalise(req: str) -> str:
    return re.sub(r"\s+", "", req).lower()


def _environment_pip_list() -> set[str]:
    # The file is YAML, but only its `pip:` list matters here; reading it by hand avoids a YAML dependency.
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    items = set()
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not stripped.startswith("- "):
            break
        items.add(_normalise(stripped[2:]))
    return items


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normalise(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        declared |= {_normalise(r) for r in extra}
    assert _environment_pip_list() == declared


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.env in readme, f"README 未说明设置 {setting.env}"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", readme, flags=re.S)
    first = [line for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]
    assert len(first) == 2
    assert "python -m workbench start" in first[0]
    assert "pytest" in first[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1].strip() in ci, ".ci/run must call the README's test command"


def test_every_package_folder_is_installed():
    """A new folder of modules left out of pyproject's list works in a checkout and fails once installed."""
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "workbench").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert folders - declared == set(), "pyproject.toml 的 packages 中缺少这些文件夹"
