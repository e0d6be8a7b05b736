"""`search`: full-text search of the store (全文检索), and rebuilding its index."""

from __future__ import annotations

from workbench.base.errors import ValidationError
from workbench.store import Store, search

ORDER = 48


def register(sub) -> None:
    p = sub.add_parser(
        "search",
        help="全文检索提案、工作要点、进展情况、监督事项、情况通报议题和委员",
        description="按词语检索全部记录，按相关程度排列，命中的词语以【】标出，并注明记录所在的编辑器标签页和编号。"
        "多个词语以空格分开时，须同时包含。索引随每次保存自动更新；如有疑问可用 --rebuild 重建。",
    )
    p.add_argument("words", nargs="*", metavar="词语", help="要检索的词语，如 停车 或 5G基站")
    p.add_argument("--kind", metavar="类别", help="只检索一类记录，如 提案、监督事项、委员")
    p.add_argument("--limit", type=int, default=20, metavar="条数", help="最多列出的条数（默认 20）")
    p.add_argument("--rebuild", action="store_true", help="按全部记录重建检索索引")
    p.set_defaults(handler=cmd_search)


def cmd_search(args) -> int:
    if args.rebuild:
        if args.words:
            raise ValidationError("重建索引时不需要输入检索词语。")
        with Store.open() as store, store.writer(purpose="重建检索索引") as w:
            count = search.rebuild(w.conn)
        print(f"已重建检索索引，共收录记录 {count} 条。")
        return 0
    if args.limit < 1:
        raise ValidationError("--limit 应为正整数，如 20。")
    query = " ".join(args.words)
    with Store.open(readonly=True) as store, store.reading() as conn:
        results = search.search(conn, query, kind=args.kind, limit=args.limit)
    if results.note:
        print(f"提示：{results.note}")
    if not results.hits:
        print(f"未检索到包含“{query}”的记录。")
        return 0
    print(f"检索“{query}”，按相关程度列出 {len(results.hits)} 条：")
    for n, hit in enumerate(results.hits, 1):
        print(f"{n}. {hit.kind} {hit.code}：{hit.title}（在“{hit.tab}”标签页）")
        print(f"   {hit.snippet}")
    return 0
