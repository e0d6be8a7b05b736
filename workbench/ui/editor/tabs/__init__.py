"""The editor's tabs, one module each; `registry.py` is how a tab module registers itself.

The list below is the one place that says which modules are tabs (the login page, which runs in the
server and not in a kernel, is not among them): importing them runs their `@tab(...)` registrations.
"""

from __future__ import annotations

import importlib

from workbench.ui.editor.tabs.registry import REGISTRY, TabSpec, tab

__all__ = ["MODULES", "TabSpec", "registered", "tab"]

MODULES = (
    "setup",
    "meeting",
    "contents",
    "agenda",
    "personnel",
    "plan",
    "supervision",
    "committees",
    "briefings",
    "attendance",
    "decisions",
    "replies",
    "sign_in_day",
    "proposals",
    "opinions",
    "imports",
    "export",
    "schedule",
    "letters",
    "rating",
    "search",
)


def registered() -> list[TabSpec]:
    """Every tab, in order (their `order`, then key)."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return sorted(REGISTRY.values(), key=lambda s: (s.order, s.key))
