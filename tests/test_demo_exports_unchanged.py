"""The demo county's documents stay byte for byte what they were: a refactoring that changes a word, a
style or a table cell of any exported file shows here.

Every kind is exported from the demo store as a user would (the packet, 筹备工作安排, 函件, 测评表 and its
tally sheet, 会议纪要, 工作总结), at a fixed moment (`faketime`, since the packet's 截至 is today for a
meeting still ahead), and the SHA-256 of every XML part of every file is compared with
`tests/fixtures/demo_exports.json`; only `docProps/` (the export time) and the export's token in bookmark
names are left out. A change meant to
alter the documents regenerates the fixture: `WORKBENCH_UPDATE_DEMO_EXPORTS=1 pytest tests/test_demo_exports_unchanged.py`,
and the diff of the fixture shows which files and parts changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "demo_exports.json"
MOMENT = "2026-12-06 10:00:00"
# Each export draws its own token for its cells' hidden bookmarks (`packet.provenance`): not content.
EXPORT_TOKEN = re.compile(rb"_wb[0-9a-f]{8}_")
COMMANDS = [
    ("demo",),
    ("packet", "export", "--out", "{out}/packet"),
    ("schedule", "--out", "{out}/schedule", "--as-of", "2026-12-01"),
    ("letters", "--out", "{out}/letters", "--date", "2026-11-20"),
    ("evaluation", "form", "--out", "{out}/rating"),
    ("minutes", "--out", "{out}/minutes"),
    ("summary", "--year", "2026", "--half", "1", "--out", "{out}/summary", "--date", "2026-07-05"),
]


def _digests(out: Path) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for path in sorted(out.rglob("*")):
        if path.suffix not in (".docx", ".xlsx"):
            continue
        with zipfile.ZipFile(path) as z:
            parts = {
                name: hashlib.sha256(EXPORT_TOKEN.sub(b"_wb_", z.read(name))).hexdigest()
                for name in sorted(z.namelist())
                if name.endswith((".xml", ".rels")) and not name.startswith("docProps/")
            }
        found[path.relative_to(out).as_posix()] = parts
    return found


def test_every_demo_document_is_unchanged(workbench_env, tmp_path):
    if shutil.which("faketime") is None:
        message = "缺少系统程序 faketime（.ci/run 会用 apt 安装）"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path / "exports"
    env = {**workbench_env, "WORKBENCH_PAGE_LAYOUT": "off", "TZ": "Asia/Shanghai"}
    for command in COMMANDS:
        args = [a.format(out=out) for a in command]
        done = subprocess.run(
            ["faketime", MOMENT, sys.executable, "-m", "workbench", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    found = _digests(out)
    assert len(found) >= 20, sorted(found)  # the packet's documents, letters, forms, minutes, summary
    if os.environ.get("WORKBENCH_UPDATE_DEMO_EXPORTS"):
        FIXTURE.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    changed = {
        name: sorted(
            part for part in set(parts) | set(expected.get(name, {})) if parts.get(part) != expected.get(name, {}).get(part)
        )
        for name, parts in found.items()
    }
    changed = {name: parts for name, parts in changed.items() if parts}
    assert sorted(found) == sorted(expected), "exported files differ in name"
    assert changed == {}, f"parts that changed: {changed}"
