"""`python -m bench [--quick] [--only export,import,plans,dashboard] [--runs N]`.

Runs the measurements, prints one table of medians (every figure, then every
target with its limit and whether it is met) and writes `bench/results.json`.
The machine is shared: single runs are noisy, so every figure is a median and
every target that can be is a ratio of two things measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

from . import inputs
from .runs import BenchError, median, median_of, run_scenario
from .targets import GROUPS, TARGETS, by_key

RESULTS = Path(__file__).resolve().parent / "results.json"


class Figures:
    """Every printed figure, in order, and the target values computed from them."""

    def __init__(self):
        self.rows: list[tuple[str, str, str]] = []  # (group, label, shown value)
        self.values: dict[str, float | None] = {}
        self.notes: dict[str, str] = {}
        self.details: dict[str, object] = {}

    def add(self, group: str, label: str, value, unit: str = "", fmt: str = "{:.3f}") -> None:
        shown = "—" if value is None else fmt.format(value) + (f" {unit}" if unit else "")
        self.rows.append((group, label, shown))
        print(f"  {label:<58} {shown}", flush=True)

    def target(self, key: str, value: float | None, note: str = "") -> None:
        self.values[key] = value
        if note:
            self.notes[key] = note


def _ratio(a, b):
    return a / b if a is not None and b else None


def bench_export(fig: Figures, runs: int, quick: bool) -> None:
    sizes = [1000, 10000]
    demo = inputs.demo_store()
    stores = {n: inputs.scaled_store(n) for n in sizes}
    # Layout "auto" is what users get (the 目录 numbered by LibreOffice where it can), "off" the Word-only floor.
    scenarios: dict[str, dict] = {}
    for layout in ("off", "auto"):
        scenarios[f"demo/{layout}"] = {"store": str(demo), "layout": layout}
        for n in sizes:
            scenarios[f"{n}/{layout}"] = {"store": str(stores[n]), "proposal_table": "all_filed", "layout": layout}
    scenarios["1000/auto/changed"] = {**scenarios["1000/auto"], "change_one": True}
    results: dict[str, list[dict]] = {k: [] for k in scenarios}
    for _ in range(runs):  # interleaved, so a busy minute on the machine hits every size alike
        for name, args in scenarios.items():
            results[name].append(run_scenario("export", args))
    for name, res in results.items():
        size, layout, *changed = name.split("/")
        label = "demo meeting (default rules)" if size == "demo" else f"{int(size):,} proposals (table: all filed)"
        label += ", layout on" if layout == "auto" else ", layout off"
        label += ", re-export after one proposal changed" if changed else ""
        numbered = all(r["contents_numbered"] for r in res)
        fig.add("export", f"packet export, {label}: time", median_of(res, "seconds"), "s")
        fig.add("export", f"packet export, {label}: peak RSS", median_of(res, "peak_rss_mb"), "MB", "{:.0f}")
        fig.add("export", f"packet export, {label}: 目录 numbered", "yes" if numbered else "no", "", "{}")
        fig.details[f"export_{name}"] = res

    def laid_out(name: str) -> float | None:
        """The time of an export whose 目录 came out numbered; None when it did not."""
        res = results[name]
        return median_of(res, "seconds") if all(r["contents_numbered"] for r in res) else None

    t1k, t10k = median_of(results["1000/off"], "seconds"), median_of(results["10000/off"], "seconds")
    fig.target("export_scaling_10k_1k", _ratio(t10k, t1k), "layout off")
    fig.target(
        "export_10k_peak_rss",
        max(median_of(results["10000/off"], "peak_rss_mb") or 0, median_of(results["10000/auto"], "peak_rss_mb") or 0),
        f"largest table {results['10000/off'][0]['largest_table_rows']} rows",
    )
    unnumbered = "目录 not numbered (table past the layout's row limit)"
    fig.target("export_1k_layout_seconds", laid_out("1000/auto"), "" if laid_out("1000/auto") else unnumbered)
    fig.target("export_10k_layout_seconds", laid_out("10000/auto"), "" if laid_out("10000/auto") else unnumbered)
    fig.target("export_reexport_one_changed_vs_off", _ratio(laid_out("1000/auto/changed"), t1k), "1,000 proposals")
    demo_off = median_of(results["demo/off"], "seconds")
    fig.target("export_demo_layout_on_vs_off", _ratio(laid_out("demo/auto"), demo_off), "cold layout cache")

    table_runs = max(3, runs)
    for n in sizes:
        table = inputs.proposal_table(n)
        res = run_scenario("tables", {"table": str(table), "rows": n, "writers": ["ours", "lxml"], "runs": table_runs})
        ours, lxml = median(res["times"]["ours"]), median(res["times"]["lxml"])
        fig.add("export", f"table {res['rows']:,} rows: ours (append_table + save)", ours, "s")
        fig.add("export", f"table {res['rows']:,} rows: raw-lxml reference", lxml, "s")
        fig.add("export", f"table {res['rows']:,} rows: ours / raw-lxml", _ratio(ours, lxml), "×", "{:.2f}")
        fig.details[f"tables_{n}"] = res
        if n == 10000:
            fig.target("export_10k_vs_lxml", _ratio(ours, lxml), f"{res['rows']} rows, 9 columns")
    # The naive writer is quadratic (tens of seconds at 200 rows): one run, even in full mode.
    res = run_scenario(
        "tables", {"table": str(inputs.proposal_table(1000)), "rows": 200, "writers": ["ours", "naive"], "runs": 1}
    )
    naive, ours = median(res["times"]["naive"]), median(res["times"]["ours"])
    fig.add("export", "table 200 rows: naive python-docx", naive, "s")
    fig.add("export", "table 200 rows: ours", ours, "s")
    fig.add("export", "table 200 rows: naive / ours", _ratio(naive, ours), "×", "{:.0f}")
    fig.details["tables_200"] = res
    fig.target("export_naive_vs_ours_200", _ratio(naive, ours), "one run: the naive writer alone takes ~30 s")


def bench_import(fig: Figures, runs: int, quick: bool) -> None:
    n = 10000
    store = inputs.scaled_store(n)
    unchanged, changed = inputs.import_workbooks(n)
    results = {"unchanged": [], "changed": []}
    for _ in range(runs):
        results["unchanged"].append(run_scenario("sheet_import", {"store": str(store), "file": str(unchanged)}))
        results["changed"].append(run_scenario("sheet_import", {"store": str(store), "file": str(changed)}))
    for name, res in results.items():
        label = "no changes since last import" if name == "unchanged" else f"{inputs.CHANGED_ROWS:,} rows changed"
        fig.add("import", f"Excel import 10,000 rows, {label}: read+diff", median_of(res, "read_and_diff_seconds"), "s")
        fig.add("import", f"Excel import 10,000 rows, {label}: apply", median_of(res, "apply_seconds"), "s")
        fig.add("import", f"Excel import 10,000 rows, {label}: total", median_of(res, "seconds"), "s")
        fig.add("import", f"Excel import 10,000 rows, {label}: CPU time", median_of(res, "cpu_seconds"), "s")
        fig.add("import", f"Excel import 10,000 rows, {label}: peak RSS", median_of(res, "peak_rss_mb"), "MB", "{:.0f}")
        fig.details[f"import_{name}"] = res
    fig.target(
        "import_10k_seconds",
        median_of(results["changed"], "seconds"),
        f"unchanged file: {median_of(results['unchanged'], 'seconds'):.2f} s; CPU time "
        f"{median_of(results['changed'], 'cpu_seconds'):.2f} s; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores",
    )
    # One run: the figure is memory, which does not vary like time does, and a run takes minutes here.
    large = inputs.large_workbook()
    res = run_scenario("sheet_import_large", {"store": str(inputs.demo_store()), "file": str(large)})
    if res["problems"] or res["inserted"] != inputs.LARGE_ROWS:
        raise BenchError(f"large import did not insert every row: {res}")
    rows = f"{inputs.LARGE_ROWS:,} new rows"
    fig.add("import", f"Excel import {rows}: read+diff", res["read_and_diff_seconds"], "s")
    fig.add("import", f"Excel import {rows}: total", res["seconds"], "s")
    fig.add("import", f"Excel import {rows}: peak RSS after read+diff", res["read_and_diff_peak_rss_mb"], "MB", "{:.0f}")
    fig.add("import", f"Excel import {rows}: peak RSS", res["peak_rss_mb"], "MB", "{:.0f}")
    fig.details["import_large"] = res
    fig.target(
        "import_200k_peak_rss",
        res["peak_rss_mb"],
        f"read+diff alone {res['read_and_diff_peak_rss_mb']:.0f} MB; total {res['seconds']:.1f} s",
    )


def bench_plans(fig: Figures, runs: int, quick: bool) -> None:
    size = 200_000 if quick else 4_000_000
    res = run_scenario("plan_parse", {"bytes": size, "runs": max(3, runs)})
    seconds = median(res["times"])
    mbps = res["megabytes"] / seconds
    fig.add(
        "plans",
        f"plan parse, {res['megabytes']:.2f} MB, {res['expected']['plans']} plans, {res['expected']['items']} items: time",
        seconds,
        "s",
    )
    fig.add("plans", "plan parse throughput", mbps, "MB/s", "{:.2f}")
    fig.details["plan_parse"] = res
    note = "" if res["found"] == res["expected"] else f"parsed {res['found']}, generated {res['expected']}"
    fig.target("plan_parse_mb_per_s", mbps, note)


def bench_dashboard(fig: Figures, runs: int, quick: bool) -> None:
    from .dashboard import measure

    measure(fig, runs, quick)


BENCHES = {"export": bench_export, "import": bench_import, "plans": bench_plans, "dashboard": bench_dashboard}


def results_document(fig: Figures, groups: list[str], runs: int, quick: bool, seconds: float) -> dict:
    targets = {}
    for t in TARGETS:
        if t.group not in groups:
            continue
        value = fig.values.get(t.key)
        entry = {
            "value": None if value is None else round(value, 4),
            "target": t.limit,
            "direction": t.direction,
            "met": t.met(value),
            "units": t.unit,
            "definition": t.definition,
        }
        if t.key in fig.notes:
            entry["notes"] = fig.notes[t.key]
        targets[t.key] = entry
    return {
        "cores": os.cpu_count(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        },
        "run": {
            "when": datetime.now().isoformat(timespec="seconds"),
            "groups": groups,
            "runs": runs,
            "quick": quick,
            "seconds": round(seconds, 1),
        },
        "targets": targets,
        "figures": [{"group": g, "figure": label, "value": shown} for g, label, shown in fig.rows],
    }


def print_targets(doc: dict) -> None:
    print("\nTargets (medians; shared machine, figures are noisy — ratios are what count):")
    print(f"  {'target':<48} {'value':>10} {'limit':>10}  met")
    for key, e in doc["targets"].items():
        t = by_key(key)
        value = "—" if e["value"] is None else f"{e['value']:.2f}"
        met = {True: "yes", False: "NO", None: "not measured"}[e["met"]]
        print(f"  {t.what:<48} {value:>10} {t.direction}{t.limit:>8g} {t.unit:<4} {met}")
        if e.get("notes"):
            print(f"  {'':<48} ({e['notes']})")
    print(f"\nCores: {doc['cores']}. Definitions of every target are in bench/targets.py and in results.json.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller plan document")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups: {','.join(GROUPS)}")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 5, quick 1)")
    parser.add_argument("--out", default=str(RESULTS), help="where to write results.json")
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(GROUPS)}")
    runs = args.runs or (1 if args.quick else 5)
    fig = Figures()
    start = time.monotonic()
    failures = []
    for group in GROUPS:
        if group not in groups:
            continue
        print(f"\n[{group}]", flush=True)
        try:
            BENCHES[group](fig, runs, args.quick)
        except BenchError as exc:
            failures.append(group)
            print(f"  {group} failed: {exc}", file=sys.stderr)
    doc = results_document(fig, groups, runs, args.quick, time.monotonic() - start)
    print_targets(doc)
    out = Path(args.out)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out)
    print(f"Wrote {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
