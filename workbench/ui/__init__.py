"""Widgets for people: the secretaries' packet editor (`editor*.py`) and the leaders' dashboard (`dashboard*.py`).

Thin layers over the domain modules: they read through `workbench.figures`,
`workbench.meetings` and `Store`, and the editor writes only through `Store`'s
versioned writes. No SQL lives here. Import the class you need from its module,
e.g. `from workbench.ui.editor import PacketEditor`, so the dashboard's kernel
does not load the editor and the other way round.
"""
