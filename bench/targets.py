"""The bench's targets, each declared once: what is measured, how it is defined, and the limit.

`value` of a target is always computed from medians (see `__main__`); `met` compares
it with `limit` in the stated direction. Ratios are what count on a shared 2-core
machine: both sides of a ratio are measured in the same run, interleaved.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    key: str
    group: str          # export, import, plans, dashboard (the --only names)
    what: str           # one line for the printed table
    definition: str     # precisely what the value is
    limit: float
    direction: str      # "<=" or ">="
    unit: str

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value <= self.limit if self.direction == "<=" else value >= self.limit


TARGETS: tuple[Target, ...] = (
    Target("export_10k_vs_lxml", "export", "table writer, 10k rows, ours / raw-lxml",
           "Time to write a .docx holding the 10,000-proposal store's proposal table (all filed proposals, "
           "the packet's 9 columns, as assembled by workbench.packet) with workbench.documents.tables."
           "append_table into a blank python-docx document and save it, divided by the time of "
           "bench.reference_writers.raw_lxml writing the same rows into a blank python-docx document and "
           "saving it (same headers, widths and cell text; ours also writes borders, styles, header repeat). Medians of interleaved runs in one process.",
           1.5, "<=", "×"),
    Target("export_scaling_10k_1k", "export", "packet export, 10k / 1k proposals",
           "Median in-process wall time of workbench.publish.export_packet (assemble, write every "
           ".docx, record the snapshot; rules: proposal table lists all filed proposals) on the "
           "10,000-proposal store divided by the same on the 1,000-proposal store; each run in a fresh "
           "subprocess on a fresh copy of the store.",
           12.0, "<=", "×"),
    Target("export_naive_vs_ours_200", "export", "table writer, 200 rows, naive python-docx / ours",
           "Time of bench.reference_writers.naive_python_docx (table.cell(r, c).text = ...) writing the "
           "first 200 rows of the proposal table, divided by append_table writing the same 200 rows "
           "(both into a document and saved).",
           100.0, ">=", "×"),
    Target("export_10k_peak_rss", "export", "packet export, 10k proposals, peak RSS",
           "Peak RSS (VmHWM; ru_maxrss would include the parent bench process) of a fresh subprocess that opens the 10,000-proposal store and runs export_packet "
           "(same scenario as the scaling figure); median over runs.",
           400.0, "<=", "MB"),
    Target("import_10k_seconds", "import", "Excel import, 10k rows, with changes",
           "In-process wall time of workbench.sheets.read_and_diff + apply for a 10,000-row proposal .xlsx "
           "(exported by workbench.sheets.export) in which 1,000 rows changed since the last import; "
           "fresh subprocess and fresh store copy per run; median. The unchanged-file figure is printed too.",
           3.0, "<=", "s"),
    Target("plan_parse_mb_per_s", "plans", "plan parsing throughput",
           "UTF-8 megabytes (10^6 bytes) of a synthetic multi-plan work-plan text (bench.synthetic_plan) "
           "divided by the median time of workbench.plans.parse_text on it.",
           1.0, ">=", "MB/s"),
    Target("dashboard_cold_vs_empty", "dashboard", "dashboard cold / empty notebook cold",
           "Time from navigation to every KPI element ([data-kpi]) visible in headless Chromium, with "
           "preheating off (the kernel starts on the request), demo store; divided by the time until an "
           "empty notebook's page has finished (voila shows #rendered_cells) under the same voila options, "
           "also without preheating. New browser context (empty cache) per load; medians.",
           2.0, "<=", "×"),
    Target("dashboard_preheated_vs_empty_cold", "dashboard", "dashboard preheated / empty notebook cold",
           "As above with the dashboard's serve options unchanged (preheated kernel pool), loaded once "
           "the pool kernel is idle; divided by the empty notebook's cold time.",
           1.0, "<=", "×"),
    Target("dashboard_10k_vs_demo", "dashboard", "dashboard preheated, 10k store / demo store",
           "Preheated time-to-every-KPI on the 10,000-proposal store divided by the same on the demo "
           "store (preheated, because a cold load is dominated by imports that do not depend on the store).",
           1.5, "<=", "×"),
    Target("dashboard_kernel_rss", "dashboard", "dashboard kernel RSS",
           "VmRSS (/proc/PID/status) of the dashboard's kernel process after it has rendered every KPI "
           "for the 10,000-proposal store (the larger of the demo and 10k figures).",
           200.0, "<=", "MB"),
)

GROUPS = ("export", "import", "plans", "dashboard")


def by_key(key: str) -> Target:
    for t in TARGETS:
        if t.key == key:
            return t
    raise KeyError(key)
