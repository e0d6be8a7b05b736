"""Figures the fault, concurrency and fuzzing tests report (inputs tried, kills, lost updates).

conftest prints them at the end of every run, whatever -s or -q, so CI logs show them.
"""

from __future__ import annotations

FIGURES: list[str] = []
