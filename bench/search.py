"""Full-text search latency over 100k records: `python -m bench.search [--records N] [--queries N] [--pg URL]`.

Builds a store of synthetic proposals, plan items and supervision items (titles drawn from the words a
county office writes), indexed by the one write path, then times `store.search.search` for two-character
words, mixed text and two-word queries, and prints p50/p95 in milliseconds (target: p95 ≤ 100 ms).
Standalone rather than a `python -m bench` scenario: building 100k records takes a minute, which the
regular run (watched against its own budget) should not pay.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

WORDS = [
    "停车",
    "养老",
    "教育",
    "医疗",
    "交通",
    "乡村",
    "振兴",
    "生态",
    "环境",
    "饮水",
    "安全",
    "旅游",
    "文化",
    "产业",
    "园区",
    "招商",
    "就业",
    "社区",
    "物业",
    "垃圾",
    "分类",
    "河道",
    "治理",
    "农业",
    "种植",
    "养殖",
    "电商",
    "物流",
    "道路",
    "公交",
    "学校",
    "托育",
    "卫生",
    "健康",
    "消防",
    "食品",
    "药品",
    "住房",
    "保障",
    "民生",
    "基层",
    "治理",
    "网格",
    "数字",
    "政务",
    "营商",
    "企业",
    "融资",
    "人才",
    "科技",
    "创新",
    "非遗",
    "保护",
    "古村",
    "电网",
    "燃气",
    "供水",
    "排水",
    "防汛",
    "地质",
    "灾害",
    "耕地",
    "粮食",
]
FILLER = ("关于", "加快", "推进", "加强", "完善", "进一步", "做好", "提升", "规范", "的建议", "工作", "建设", "问题")
QUERIES = ("停车", "养老", "5G基站", "饮水", "垃圾分类", "乡村 振兴", "电商物流", "托育", "非遗", "防汛")


def title(rng: random.Random) -> str:
    parts = [rng.choice(FILLER[:9])]
    for _ in range(rng.randint(2, 4)):
        parts.append(rng.choice(WORDS))
    if rng.random() < 0.02:
        parts.append("5G基站")
    parts.append(rng.choice(FILLER[9:]))
    return "".join(parts)


def build(url: str, records: int) -> float:
    from workbench.store import Store, schema

    rng = random.Random(32)
    started = time.perf_counter()
    with Store.open(url) as store, store.writer("基准测试", purpose="生成基准数据") as w:
        plan = w.insert(schema.work_plan, {"year": 2026, "title": "基准工作要点"})
        sections = [
            w.insert(schema.plan_section, {"work_plan_id": plan, "number": n, "title": f"第{n}部分"}) for n in range(1, 201)
        ]
        third = records // 3
        w.insert_many(
            schema.proposal,
            [
                {"year": 2000 + n // 5000, "case_no": n % 5000 + 1, "title": title(rng), "handling_note": title(rng)}
                for n in range(records - 2 * third)
            ],
        )
        w.insert_many(
            schema.plan_item,
            [
                {"section_id": sections[n % 200], "number": n // 200 + 1, "title": title(rng), "text": title(rng)}
                for n in range(third)
            ],
        )
        w.insert_many(
            schema.supervision_item,
            [
                {"code": f"JD-{n:06d}", "topic": title(rng), "department": "县住建局", "progress": title(rng)}
                for n in range(third)
            ],
        )
    return time.perf_counter() - started


def measure(url: str, queries: int) -> list[float]:
    from workbench.store import Store, search

    times = []
    with Store.open(url, readonly=True) as store, store.reading() as conn:
        for q in QUERIES:  # warm the cache once per query
            search.search(conn, q)
        for n in range(queries):
            q = QUERIES[n % len(QUERIES)]
            started = time.perf_counter()
            search.search(conn, q, limit=20)
            times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description="全文检索耗时基准")
    parser.add_argument("--records", type=int, default=100_000, help="记录条数（默认 100000）")
    parser.add_argument("--queries", type=int, default=500, help="检索次数（默认 500）")
    parser.add_argument("--pg", metavar="URL", help="在此 PostgreSQL 空库上测（默认 SQLite 临时文件）")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.pg or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        built = build(url, args.records)
        times = measure(url, args.queries)
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"  {'数据库':<20} {url.split(':', 1)[0]}")
    print(f"  {'记录条数':<20} {args.records}")
    print(f"  {'建库并建索引耗时':<20} {built:.1f} s")
    print(f"  {'检索 p50':<20} {p50:.1f} ms")
    print(f"  {'检索 p95':<20} {p95:.1f} ms（目标 ≤ 100 ms：{'达到' if p95 <= 100 else '未达到'}）")
    return 0 if p95 <= 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
