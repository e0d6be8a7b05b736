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

from workbench.base import config

from . import stores

_SHAPING = [
    "workbench/store/schema.py",
    "workbench/store/migrations.py",
    "workbench/office/demo.py",
    "bench/stores.py",
    "bench/inputs.py",
    "workbench/sheets/export.py",
    "workbench/packet/assemble.py",
]
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
    from workbench.office import meetings
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
            w.update_many(
                schema.proposal,
                [(r["id"], {"title": r["title"] + "（已修改）"}, r["version"]) for r in rows[::step][:CHANGED_ROWS]],
            )
        sheets.export(store, "proposal", changed, force=True)
    edited.unlink()
    return unchanged, changed


LARGE_ROWS = 200_000


def large_workbook(rows: int = LARGE_ROWS) -> Path:
    """A proposals workbook of `rows` new proposals under a session title row, as an office's system exports it.

    Written with openpyxl's streaming writer, then given the sheet-size element Excel
    and WPS always write (the streaming writer cannot know the size in advance).
    """
    path = cache_dir() / f"proposals-{rows}-large.xlsx"
    if path.exists():
        return path
    import random
    import zipfile
    from datetime import date, timedelta

    import openpyxl

    headers = [
        "案号",
        "案由",
        "提案人",
        "提案者类型",
        "类别",
        "审查结果",
        "主办单位",
        "协办单位",
        "交办日期",
        "办理期限",
        "答复日期",
        "答复类别",
        "满意度",
        "重点提案",
        "状态",
        "办理情况",
    ]
    raw = path.with_suffix(".raw.xlsx")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("提案")
    ws.append(["政协青岚县第十一届委员会第五次会议提案办理情况统计表"])
    ws.append(headers)
    rng = random.Random(rows)
    units = ["县财政局", "县发展改革局", "县教育局", "县卫生健康委", "县交通运输局", "县农业农村局"]
    for n in range(1, rows + 1):
        assigned = date(2026, 3, 10) + timedelta(days=rng.randint(0, 60))
        ws.append(
            [
                f"{1000 + n:06d}",
                f"关于第{n}号事项加快推进{rng.choice(['道路', '学校', '医疗', '养老'])}工作的建议",
                f"委员{n % 500}",
                "个人",
                "经济建设",
                "立案",
                rng.choice(units),
                rng.choice(units),
                assigned,
                assigned + timedelta(days=91),
                assigned + timedelta(days=40),
                "A",
                "满意",
                "否",
                "已答复",
                "已按要求答复提案人。",
            ]
        )
    wb.save(raw)
    ref = f"A1:{openpyxl.utils.get_column_letter(len(headers))}{rows + 2}".encode()
    with zipfile.ZipFile(raw) as z, zipfile.ZipFile(path.with_suffix(".tmp"), "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                at = data.index(b"<sheetData")
                views = data.find(b"<sheetViews")
                at = views if 0 <= views < at else at
                data = data[:at] + b'<dimension ref="' + ref + b'"/>' + data[at:]
            out.writestr(info, data)
    raw.unlink()
    path.with_suffix(".tmp").replace(path)
    return path


def clear() -> None:
    shutil.rmtree(cache_dir(), ignore_errors=True)
