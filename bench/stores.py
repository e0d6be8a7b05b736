"""Stores to measure against: the demo county, and the demo scaled up to N proposals.

Scaled proposals go in through the same `Store.writer()` path as real imports
(history included), so the store looks like one an office would have.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from workbench.office import demo
from workbench.store import Store, schema

SUBJECTS = ["道路", "学校", "医疗", "养老", "供水", "产业"]
STATUSES = ["closed", "rated", "replied", "handling", "assigned", "rehandle", "follow_up"]


def demo_store(folder: Path) -> Path:
    path = folder / "demo.sqlite"
    if not path.exists():
        with Store.open(f"sqlite:///{path}") as s:
            demo.load(s)
    return path


def scaled_store(folder: Path, proposals: int) -> Path:
    """The demo county with `proposals` proposals in its year (the demo's own 150 included)."""
    path = folder / f"scaled-{proposals}.sqlite"
    if path.exists():
        return path
    shutil.copy(demo_store(folder), path)
    rng = random.Random(proposals)
    with Store.open(f"sqlite:///{path}") as s:
        start = len(s.rows("proposal")) + 1
        with s.writer("基准测试") as w:
            for case_no in range(start, proposals + 1):
                status = rng.choice(STATUSES)
                assigned = date(demo.YEAR, 3, 10) + timedelta(days=rng.randint(0, 60))
                replied = status in ("closed", "rated", "replied", "rehandle", "follow_up")
                w.insert(
                    schema.proposal,
                    {
                        "year": demo.YEAR,
                        "term_no": 11,
                        "session_no": demo.YEAR - 2022 + 1,
                        "case_no": case_no,
                        "title": f"关于{rng.choice(demo.TOWNS)}{rng.choice(SUBJECTS)}问题的建议（{case_no}）",
                        "proposer": rng.choice(demo.SURNAMES) + rng.choice(demo.GIVEN),
                        "proposer_type": "individual",
                        "category": rng.choice(list(demo.PROPOSAL_TOPICS)),
                        "review_result": "filed",
                        "lead_unit": rng.choice(demo.DEPARTMENTS),
                        "assigned_on": assigned,
                        "due_on": assigned + timedelta(days=91),
                        "status": status,
                        "replied_on": assigned + timedelta(days=rng.randint(30, 120)) if replied else None,
                        "reply_category": rng.choice("AABC") if replied else None,
                        "satisfaction": rng.choice(["satisfied", "satisfied", "basically_satisfied", "dissatisfied"])
                        if status in ("closed", "rated")
                        else None,
                    },
                )
    return path
