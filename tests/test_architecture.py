"""The house keeps its shape: imports run one way between the rooms of `workbench/`, the top holds only a
few loose modules, every module says what it is for, and docs/architecture.md names every room.

Imports are read from the source (every `import`, also inside functions), so a lazy import that climbs
back up is caught as surely as one at the top.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in found if name == "workbench" or name.startswith("workbench.")}


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
IMPORTS = {name: _imports(path) for name, path in MODULES.items()}


def _room(module: str) -> str:
    """`workbench.drafts.letters` → "drafts"; a loose module is its own room."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(source_room: str, forbidden: tuple[str, ...], *, allowed: tuple[str, ...] = ()) -> list[str]:
    out = []
    for module, imported in IMPORTS.items():
        if not (module == f"workbench.{source_room}" or module.startswith(f"workbench.{source_room}.")):
            continue
        for target in sorted(imported):
            if any(target == a or target.startswith(a + ".") for a in allowed):
                continue
            if any(target == f or target.startswith(f + ".") for f in forbidden):
                out.append(f"{module} imports {target}")
    return out


# (room, rooms it must not import, exceptions): the arrows of docs/architecture.md.
CONTRACTS = [
    # The renderer draws blocks; it knows no meeting, no store, no kind of document.
    (
        "documents",
        (
            "workbench.drafts",
            "workbench.office",
            "workbench.store",
            "workbench.ui",
            "workbench.packet",
            "workbench.plans",
            "workbench.sheets",
            "workbench.apps",
            "workbench.cli",
            "workbench.publish",
        ),
        ("workbench.drafts.blocks",),
    ),
    # What a document says, never how Word draws it.
    ("drafts", ("workbench.documents", "workbench.ui", "workbench.apps", "workbench.cli", "workbench.publish"), ()),
    ("packet", ("workbench.documents", "workbench.ui", "workbench.apps", "workbench.cli", "workbench.publish"), ()),
    # The command line publishes; it never renders.
    ("cli", ("workbench.documents", "workbench.ui"), ()),
    (
        "store",
        (
            "workbench.office",
            "workbench.drafts",
            "workbench.packet",
            "workbench.documents",
            "workbench.ui",
            "workbench.apps",
            "workbench.cli",
        ),
        (),
    ),
    (
        "base",
        tuple(
            f"workbench.{r}"
            for r in ("store", "office", "plans", "sheets", "drafts", "packet", "documents", "ui", "apps", "cli", "publish")
        ),
        (),
    ),
    (
        "office",
        ("workbench.documents", "workbench.drafts", "workbench.packet", "workbench.ui", "workbench.apps", "workbench.cli"),
        (),
    ),
    ("plans", ("workbench.documents", "workbench.drafts", "workbench.ui", "workbench.apps", "workbench.cli"), ()),
    ("sheets", ("workbench.documents", "workbench.drafts", "workbench.ui", "workbench.apps", "workbench.cli"), ()),
]


@pytest.mark.parametrize(("room", "forbidden", "allowed"), CONTRACTS, ids=[c[0] for c in CONTRACTS])
def test_imports_run_one_way(room, forbidden, allowed):
    assert _violations(room, forbidden, allowed=allowed) == []


def test_the_two_applications_do_not_import_each_other():
    editor = [
        f"{m} imports {t}"
        for m, ts in IMPORTS.items()
        if m.startswith("workbench.ui.editor")
        for t in ts
        if t.startswith("workbench.ui.dashboard")
    ]
    dashboard = [
        f"{m} imports {t}"
        for m, ts in IMPORTS.items()
        if m.startswith("workbench.ui.dashboard")
        for t in ts
        if t.startswith("workbench.ui.editor")
    ]
    assert editor == [] and dashboard == []


def test_domain_modules_import_no_widgets():
    widgets = []
    for name, path in MODULES.items():
        if _room(name) in ("ui", "apps"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            widgets += [f"{name} imports {n}" for n in names if n.split(".")[0] in ("ipywidgets", "IPython")]
    assert widgets == []


def test_the_top_of_the_package_holds_few_loose_modules():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "publish.py"], loose


def test_every_module_says_what_it_is_for():
    silent = [name for name, path in MODULES.items() if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert silent == []


def test_the_architecture_document_names_every_room():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    folders = sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*") if p.is_dir() and (p / "__init__.py").is_file())
    # A room by its full path (`workbench/office/`), a folder inside one by its own name in that room's row.
    missing = [f for f in folders if f"`{f}/`" not in text and f"`{f.split('/')[-1]}/`" not in text]
    assert missing == [], f"docs/architecture.md does not name {missing}"
    for module in ("publish.py",):
        assert f"`workbench/{module}`" in text


def test_document_kinds_are_declared_once():
    """Every packet part the assembly makes and every kind the drafts offer is in the registry, and each
    kind outside the packet has a module with `draft` (letters: `letters`)."""
    import importlib

    from workbench.drafts import kinds

    assert len({k.key for k in kinds.ALL}) == len(kinds.ALL)
    for kind in kinds.DOCUMENTS:
        assert hasattr(importlib.import_module(kind.module), "draft"), kind.key
    for kind in kinds.PACKET_PARTS:
        assert hasattr(importlib.import_module(kind.module), f"draft_{kind.key}"), kind.key
    for kind in kinds.LETTERS:
        assert hasattr(importlib.import_module(kind.module), "letters"), kind.key
    parts = "".join(p.read_text(encoding="utf-8") for p in (PACKAGE / "packet" / "parts").glob("*.py"))
    made = {name.lower() for name in re.findall(r"key=Part\.([A-Z_]+)", parts)}
    assert made and made <= set(kinds.packet_keys()), made - set(kinds.packet_keys())
