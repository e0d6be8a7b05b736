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
    group: str  # export, import, plans, dashboard (the --only names)
    what: str  # one line for the printed table
    definition: str  # precisely what the value is
    limit: float
    direction: str  # "<=" or ">="
    unit: str

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value <= self.limit if self.direction == "<=" else value >= self.limit


TARGETS: tuple[Target, ...] = (
    Target(
        "export_10k_vs_lxml",
        "export",
        "table writer, 10k rows, ours / raw-lxml",
        "Time to write a .docx holding the 10,000-proposal store's proposal table (all filed proposals, "
        "the packet's 9 columns, as assembled by workbench.packet) with workbench.documents.tables."
        "append_table into a blank python-docx document and save it, divided by the time of "
        "bench.reference_writers.raw_lxml writing the same rows into a blank python-docx document and "
        "saving it (same headers, widths and cell text; ours also writes borders, styles, header repeat). "
        "Medians of interleaved runs in one process.",
        1.5,
        "<=",
        "×",
    ),
    Target(
        "export_scaling_10k_1k",
        "export",
        "packet export, 10k / 1k proposals",
        "Median in-process wall time of workbench.publish.export_packet (assemble, write every "
        ".docx, record the snapshot; rules: proposal table lists all filed proposals) on the "
        "10,000-proposal store divided by the same on the 1,000-proposal store; each run in a fresh "
        "subprocess on a fresh copy of the store.",
        12.0,
        "<=",
        "×",
    ),
    Target(
        "export_naive_vs_ours_200",
        "export",
        "table writer, 200 rows, naive python-docx / ours",
        "Time of bench.reference_writers.naive_python_docx (table.cell(r, c).text = ...) writing the "
        "first 200 rows of the proposal table, divided by append_table writing the same 200 rows "
        "(both into a document and saved).",
        100.0,
        ">=",
        "×",
    ),
    Target(
        "export_10k_peak_rss",
        "export",
        "packet export, 10k proposals, peak RSS",
        "Peak RSS (VmHWM; ru_maxrss would include the parent bench process) of a fresh subprocess that "
        "opens the 10,000-proposal store and runs export_packet "
        "(same scenario as the scaling figure); median over runs.",
        250.0,
        "<=",
        "MB",
    ),
    Target(
        "export_1k_layout_seconds",
        "export",
        "packet export, 1k proposals, layout on, 目录 numbered",
        "Median in-process wall time of export_packet on the 1,000-proposal store (proposal table: all filed) "
        "with layout as users get it (WORKBENCH_PAGE_LAYOUT=auto, LibreOffice installed) and a cold layout "
        "cache, counted only when the 目录 came out numbered (no 目录暂未标页码 notice); fresh subprocess.",
        5.0,
        "<=",
        "s",
    ),
    Target(
        "export_10k_layout_seconds",
        "export",
        "packet export, 10k proposals, layout on, 目录 numbered",
        "The same as export_1k_layout_seconds on the 10,000-proposal store (aim: 15 s). No value when the "
        "目录 is left for Word to number (its table is past workbench.documents.layout.MAX_ROWS).",
        60.0,
        "<=",
        "s",
    ),
    Target(
        "export_reexport_one_changed_vs_off",
        "export",
        "re-export after one proposal changed / layout off, 1k",
        "On the 1,000-proposal store: export once (untimed, the layout cache warm), change one proposal's "
        "title, time the re-export with layout on and a numbered 目录; divided by the median layout-off "
        "export time of the same store in the same run.",
        1.5,
        "<=",
        "×",
    ),
    Target(
        "export_demo_layout_on_vs_off",
        "export",
        "demo export, layout on / layout off",
        "Median export_packet time on the demo store with layout on (cold layout cache, numbered 目录) "
        "divided by the median with layout off, in the same run.",
        1.5,
        "<=",
        "×",
    ),
    Target(
        "import_10k_seconds",
        "import",
        "Excel import, 10k rows, with changes",
        "In-process wall time of workbench.sheets.read_and_diff + apply for a 10,000-row proposal .xlsx "
        "(exported by workbench.sheets.export) in which 1,000 rows changed since the last import; "
        "fresh subprocess and fresh store copy per run; median. The unchanged-file figure is printed too.",
        3.0,
        "<=",
        "s",
    ),
    Target(
        "import_200k_peak_rss",
        "import",
        "Excel import, 200k rows, peak RSS",
        "Peak RSS (VmHWM) of a fresh subprocess that opens a copy of the demo store and runs "
        "workbench.sheets.read_and_diff + apply on bench.inputs.large_workbook: 200,000 new proposals under a "
        "session title row (no 年度 column: the year comes from the title), 16 columns, written by openpyxl's "
        "streaming writer with the sheet-size element Excel writes. One run.",
        400.0,
        "<=",
        "MB",
    ),
    Target(
        "plan_parse_mb_per_s",
        "plans",
        "plan parsing throughput",
        "UTF-8 megabytes (10^6 bytes) of a synthetic multi-plan work-plan text (bench.synthetic_plan) "
        "divided by the median time of workbench.plans.parse_text on it.",
        1.0,
        ">=",
        "MB/s",
    ),
    Target(
        "dashboard_burst_p95_vs_floor",
        "dashboard",
        "40 viewers at once: p95 to KPIs / plain-voila floor",
        "40 pages opened at the same moment (one headless Chromium on the same machine, a fresh context "
        "per page) on a freshly started `workbench serve` over the demo store: the 95th percentile of "
        "the seconds from the burst's start until every KPI ([data-kpi]) is visible (a page never "
        "ready within 240 s counts as 240 s); divided by the same for plain `voila` (default options) "
        "serving a one-cell notebook, until its executed cell shows, measured in the same run.",
        1.0,
        "<=",
        "×",
    ),
    Target(
        "dashboard_burst_p95_vs_floor_aim",
        "dashboard",
        "40 viewers: p95 / floor (aim: no kernel per viewer)",
        "The same ratio as dashboard_burst_p95_vs_floor, held to the further aim: well under the floor, "
        "reachable only by a page that needs no fresh kernel per viewer.",
        0.5,
        "<=",
        "×",
    ),
    Target(
        "dashboard_burst_memory_vs_floor",
        "dashboard",
        "40 viewers: peak server memory / floor",
        "Peak (sampled every 0.25 s during the 40-viewer burst) of the summed VmRSS of the server "
        "process and all its descendants (kernels), dashboard divided by the plain-voila floor.",
        1.5,
        "<=",
        "×",
    ),
    Target(
        "dashboard_burst_never_rendered",
        "dashboard",
        "pages never showing the KPIs (10+25+40 viewers)",
        "Dashboard pages, over the 10-, 25- and 40-viewer bursts, that did not show every KPI within "
        "240 s (the queue page retrying by itself counts as not yet rendered).",
        0,
        "<=",
        "pages",
    ),
    Target(
        "dashboard_10k_vs_demo",
        "dashboard",
        "first viewer, 10k store / demo store",
        "Time until every KPI is visible for the first viewer of a freshly started dashboard (the page "
        "is built from the store for them) on the 10,000-proposal store, divided by the same on the "
        "demo store; medians.",
        1.5,
        "<=",
        "×",
    ),
)

GROUPS = ("export", "import", "plans", "dashboard")


def by_key(key: str) -> Target:
    for t in TARGETS:
        if t.key == key:
            return t
    raise KeyError(key)
