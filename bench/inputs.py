"""Inputs the measurements share, built once and cached between bench runs.

Stores take a while to build through `Store.writer()` (10,000 proposals with
history), so they live in a cache folder in the system temp directory, keyed by
a hash of the code that shapes them (schema, migrations, demo, the scaled-store
builder): change any of those and the cache is rebuilt.
"""
from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
from pathlib import Path

from workbench import config

from . import stores

_SHAPING = ["workbench/store/schema.py", "workbench/store/migrations.py", "workbench/demo.py", "bench/stores.py",
            "bench/inputs.py", "workbench/sheets/export.py", "workbench/packet/assemble.py"]
CHANGED_ROWS = 1000


def cache_dir() -> Path:
    digest = hashlib.sha256()
    for rel in _SHAPING:
        digest.update((config.PROJECT_ROOT / rel).read_bytes())
    folder = Path(tempfile.gettempdir()) / f"workbench-bench-{digest.hexdigest()[:12]}"
    folder.mkdir(exist_ok=True)
    return folder


def demo_store() -> Path:
    return stores.demo_store(cache_dir())


def scaled_store(proposals: int) -> Path:
    return stores.scaled_store(cache_dir(), proposals)


def proposal_table(proposals: int) -> Path:
    """The packet's proposal table (all filed proposals) for the scaled store, pickled."""
    path = cache_dir() / f"proposal-table-{proposals}.pickle"
    if path.exists():
        return path
    from workbench import meetings
    from workbench.packet.assemble import assemble
    from workbench.packet.rules import PacketRules
    from workbench.store import Store

    with Store.open(f"sqlite:///{scaled_store(proposals)}", readonly=True) as store:
        packet = assemble(store, meetings.resolve(store, "next"), PacketRules(proposal_table="all_filed"))
    doc = next(d for d in packet.documents if d.key == "proposals")
    table = max((b for b in doc.blocks if b.kind == "table"), key=lambda b: len(b.rows))
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(table, f)
    tmp.replace(path)
    return path


def import_workbooks(proposals: int) -> tuple[Path, Path]:
    """(unchanged, changed): the store's proposals as exported, and the same with CHANGED_ROWS edited.

    The changed workbook is exported from a copy of the store in which CHANGED_ROWS
    titles were edited through the writer, so every cell is one the office's export writes.
    """
    unchanged = cache_dir() / f"proposals-{proposals}-unchanged.xlsx"
    changed = cache_dir() / f"proposals-{proposals}-changed.xlsx"
    if unchanged.exists() and changed.exists():
        return unchanged, changed
    from workbench import sheets
    from workbench.store import Store, schema

    source = scaled_store(proposals)
    with Store.open(f"sqlite:///{source}", readonly=True) as store:
        sheets.export(store, "proposal", unchanged, force=True)
    edited = cache_dir() / f"scaled-{proposals}-edited.sqlite"
    shutil.copy(source, edited)
    with Store.open(f"sqlite:///{edited}") as store:
        rows = store.rows("proposal", order_by="case_no")
        step = max(1, len(rows) // CHANGED_ROWS)
        with store.writer("基准测试") as w:
            w.update_many(schema.proposal, [(r["id"], {"title": r["title"] + "（已修改）"}, r["version"])
                                            for r in rows[::step][:CHANGED_ROWS]])
        sheets.export(store, "proposal", changed, force=True)
    edited.unlink()
    return unchanged, changed


def clear() -> None:
    shutil.rmtree(cache_dir(), ignore_errors=True)
