"""One measurement per fresh process: `python -m bench.scenarios NAME JSON-ARGS`.

A fresh interpreter per run makes the peak RSS (VmHWM) belong to that
scenario alone. Imports happen before the clock starts: the figures are the
in-process wall time of the operation itself. The result is printed as the last
line of stdout, prefixed with RESULT_MARK, as JSON.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

RESULT_MARK = "BENCH-RESULT "


def peak_rss_mb() -> float:
    """This process's peak resident set, in MiB.

    VmHWM rather than ru_maxrss: Linux carries ru_maxrss over from the parent across
    fork+exec, so a child of a large bench process would report the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def export(args: dict) -> dict:
    """export_packet on a private copy of the store (the export records a snapshot in it).

    `layout`: "auto" (as users get it: the 目录 numbered by LibreOffice where it can) or "off".
    `change_one`: export once untimed (the layout cache warm), change one proposal, time the re-export.
    The layout cache is the run's own, so a first export is timed cold."""
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        os.environ["WORKBENCH_PAGE_LAYOUT"] = args.get("layout", "auto")
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        import workbench.documents  # noqa: F401  (the Word side, imported before the clock starts)
        from workbench.office import meetings
        from workbench.packet.rules import PacketRules
        from workbench.publish import export_packet
        from workbench.store import Store
        from workbench.store.rows import Proposal

        db = Path(tmp) / "store.sqlite"
        shutil.copy(args["store"], db)
        rules = PacketRules(proposal_table=args.get("proposal_table", "open_or_overdue"))
        with Store.open(f"sqlite:///{db}") as store:
            meeting = meetings.resolve(store, "next")
            if args.get("change_one"):
                export_packet(store, meeting, Path(tmp) / "before", rules=rules, actor="基准测试")
                p = store.first(Proposal, status="handling")
                assert p is not None
                store.update("proposal", p.id, {"title": p.title + "（修改）"}, expected_version=p.version)
            gc.collect()
            start = time.perf_counter()
            result = export_packet(store, meeting, Path(tmp) / "out", rules=rules, actor="基准测试")
            seconds = time.perf_counter() - start
        table_rows = max((len(b.rows) for d in result.packet.documents for b in d.blocks if b.kind == "table"), default=0)
        numbered = not any("目录暂未标页码" in n for n in result.notices)
        return {
            "seconds": seconds,
            "peak_rss_mb": peak_rss_mb(),
            "files": len(result.files),
            "largest_table_rows": table_rows,
            "contents_numbered": numbered,
        }


def _blank_document():
    from docx import Document

    return Document()


def tables(args: dict) -> dict:
    """Ours vs the reference writers on the same rows, interleaved so machine noise hits both alike."""
    from workbench.documents.tables import append_table, column_widths
    from workbench.drafts.blocks import Table

    from . import reference_writers

    with open(args["table"], "rb") as f:
        table: Table = pickle.load(f)
    rows = table.rows[: args["rows"]]
    table = Table(
        columns=table.columns,
        rows=rows,
        caption=table.caption,
        landscape=table.landscape,
        marked_rows=[i for i in table.marked_rows if i < len(rows)],
    )
    headers = [c.header for c in table.columns]
    widths = column_widths(table)
    writers = {
        "ours": lambda path: _ours(append_table, table, path),
        "lxml": lambda path: reference_writers.raw_lxml(headers, rows, path, widths),
        "naive": lambda path: reference_writers.naive_python_docx(headers, rows, path),
    }
    chosen = args["writers"]
    times: dict[str, list[float]] = {name: [] for name in chosen}
    with tempfile.TemporaryDirectory(prefix="bench-tables-") as tmp:
        for run in range(args["runs"]):
            for name in chosen:
                path = Path(tmp) / f"{name}-{run}.docx"
                gc.collect()
                start = time.perf_counter()
                writers[name](path)
                times[name].append(time.perf_counter() - start)
    return {"times": times, "rows": len(rows), "peak_rss_mb": peak_rss_mb()}


def _ours(append_table, table, path) -> None:
    doc = _blank_document()
    append_table(doc, table, name="提案办理情况表")
    doc.save(path)


def sheet_import(args: dict) -> dict:
    """read_and_diff + apply of one .xlsx into a private copy of the store."""
    from workbench import sheets
    from workbench.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        db = Path(tmp) / "store.sqlite"
        shutil.copy(args["store"], db)
        with Store.open(f"sqlite:///{db}") as store:
            gc.collect()
            cpu = time.process_time()
            start = time.perf_counter()
            preview = sheets.read_and_diff(store, "proposal", args["file"])
            read_seconds = time.perf_counter() - start
            applied = sheets.apply(store, preview, actor="基准测试")
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu
        # CPU time beside wall time: on a shared machine the wall time also counts others' work.
        return {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "read_and_diff_seconds": read_seconds,
            "apply_seconds": seconds - read_seconds,
            "peak_rss_mb": peak_rss_mb(),
            "changed": len(preview.changed),
            "unchanged": len(preview.unchanged),
            "new": len(preview.new),
            "problems": len(preview.problems),
            "updated": applied.updated,
        }


def sheet_import_large(args: dict) -> dict:
    """The whole import (read_and_diff + apply) of a very large workbook; peak RSS is the figure."""
    from workbench import sheets
    from workbench.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-import-large-") as tmp:
        db = Path(tmp) / "store.sqlite"
        shutil.copy(args["store"], db)
        with Store.open(f"sqlite:///{db}") as store:
            gc.collect()
            before = peak_rss_mb()
            start = time.perf_counter()
            preview = sheets.read_and_diff(store, "proposal", args["file"])
            read_seconds = time.perf_counter() - start
            read_peak = peak_rss_mb()
            applied = sheets.apply(store, preview, actor="基准测试")
            seconds = time.perf_counter() - start
        return {
            "seconds": seconds,
            "read_and_diff_seconds": read_seconds,
            "peak_rss_mb": peak_rss_mb(),
            "read_and_diff_peak_rss_mb": read_peak,
            "rss_before_mb": before,
            "new": len(preview.new),
            "problems": len(preview.problems),
            "inserted": applied.inserted,
        }


def plan_parse(args: dict) -> dict:
    from workbench.plans import parse_text

    from .synthetic_plan import document

    text, expected = document(args["bytes"])
    size_mb = len(text.encode("utf-8")) / 1e6
    times, plans = [], []
    for _ in range(args["runs"]):
        gc.collect()
        start = time.perf_counter()
        plans = parse_text(text)
        times.append(time.perf_counter() - start)
    found = {
        "plans": len(plans),
        "sections": sum(len(p.sections) for p in plans),
        "items": sum(len(s.items) for p in plans for s in p.sections),
    }
    return {"times": times, "megabytes": size_mb, "expected": expected, "found": found, "peak_rss_mb": peak_rss_mb()}


SCENARIOS = {
    "export": export,
    "tables": tables,
    "sheet_import": sheet_import,
    "sheet_import_large": sheet_import_large,
    "plan_parse": plan_parse,
}


def main(argv: list[str]) -> int:
    name, args = argv[0], json.loads(argv[1])
    result = SCENARIOS[name](args)
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
