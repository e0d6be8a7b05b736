"""Benchmarks, run on demand with `python -m bench` (never in CI): figures for export, import, parsing and the dashboard.

Each target is declared once in `targets.py`; `__main__` runs the measurements,
prints a table of medians and writes `bench/results.json`.
"""
