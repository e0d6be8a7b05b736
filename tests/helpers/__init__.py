"""What the tests share besides fixtures: paths, processes, the browser, store comparisons and sample data.

Fixtures stay in `tests/conftest.py`; everything a test imports lives here, one module per concept:
`paths` (the project, the shared corpus, artifacts), `processes` (ports, process groups, required programs),
`browser` (Debian's Chromium under Playwright), `stores` (snapshots, PostgreSQL databases, the CLI's result),
`figures` (numbers printed at the end of a run),
`serving` (the dashboard as `serve` starts it), `cycle_store`, `documents_sample`, `document_checks`.
"""
