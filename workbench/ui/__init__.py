"""Widgets for people, as two applications over the domain modules.

- `ui.editor`: the secretaries' packet editor (JupyterLab notebook or `workbench edit`); writes only
  through `Store`'s versioned writes.
- `ui.dashboard`: the leaders' read-only dashboard served by Voilà (`workbench serve`).

Thin layers: they read through `workbench.office.figures`, `workbench.office.meetings` and `Store`; no SQL lives
here. Neither package imports the other, so a dashboard kernel never loads the editor.
"""
