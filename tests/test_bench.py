"""The bench runs from the command line and writes results.json in the agreed shape (no timing checked here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers.paths import ROOT


def test_quick_plan_bench_writes_results(tmp_path):
    out = tmp_path / "results.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "plans", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "plan parsing throughput" in proc.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["cores"] == os.cpu_count()
    assert list(doc["targets"]) == ["plan_parse_mb_per_s"]  # --only limits the targets to that group
    entry = doc["targets"]["plan_parse_mb_per_s"]
    assert isinstance(entry["value"], float) and entry["value"] > 0
    assert entry["target"] == 1.0 and entry["met"] in (True, False)
    assert entry["met"] == (entry["value"] >= entry["target"])
    assert "notes" not in entry  # every generated plan, section and item was parsed back
    assert any(f["group"] == "plans" for f in doc["figures"])


def test_every_target_is_declared_once_with_a_definition():
    sys.path.insert(0, str(ROOT))
    from bench.targets import GROUPS, TARGETS

    keys = [t.key for t in TARGETS]
    assert len(keys) == len(set(keys)) == 16
    assert {t.group for t in TARGETS} == set(GROUPS)
    assert all(t.definition and t.direction in ("<=", ">=") for t in TARGETS)


def test_the_files_that_shape_the_bench_inputs_exist():
    """The inputs' cache is keyed by these files: one moved away broke every bench run."""
    from bench import inputs

    assert all((ROOT / rel).is_file() for rel in inputs._SHAPING), [r for r in inputs._SHAPING if not (ROOT / r).is_file()]
