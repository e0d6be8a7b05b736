"""Commands for the year's work plan: `plan parse` (show what a document holds) and `plan import` (store it)."""

from __future__ import annotations

import json
import sys

from workbench.base.errors import PlanParseError

ORDER = 20


def register(sub) -> None:
    p = sub.add_parser(
        "plan",
        help="年度工作要点：解析文件、导入数据库",
        description="读取年度工作要点（.txt、.docx 或网页另存的 .html），识别其中的部分与条目，并导入工作台。",
    )
    plan_sub = p.add_subparsers(dest="plan_command", metavar="子命令", title="子命令")
    p.set_defaults(handler=lambda args: (p.print_help(), 0)[1])

    q = plan_sub.add_parser(
        "parse",
        help="解析工作要点文件，显示识别出的部分与条目（不修改数据库）",
        description="解析工作要点文件并显示识别结果，不修改数据库。\n"
        "支持 UTF-8、GB18030/GBK 编码的 .txt，Word 的 .docx（含自动编号），网页另存的 .html；\n"
        "文件名写作 - 时从标准输入读取粘贴的文字。",
    )
    q.add_argument("path", metavar="文件", help="工作要点文件路径，或 - 表示从标准输入读取")
    q.add_argument("--json", action="store_true", help="以 JSON 格式输出（供其他程序使用）")
    q.add_argument(
        "--outline",
        metavar="大纲文件",
        help="把识别出的部分与条目写成大纲文件（一行一个部分或条目），可在文本编辑器中改正后用 plan import --outline 导入",
    )
    q.set_defaults(handler=cmd_parse)

    q = plan_sub.add_parser(
        "import",
        help="把工作要点导入数据库；再次导入修订稿时只更新有变化的内容",
        description="把工作要点导入数据库。同一年度只有一份工作要点：\n"
        "再次导入同一文件不做任何修改；导入修订稿时先列出变化，再更新标题和正文，\n"
        "各条目原有的责任人、状态和进展情况保持不变。全部修改一次保存，出错时不保存任何内容。",
    )
    q.add_argument("path", metavar="文件", nargs="?", help="工作要点文件路径，或 - 表示从标准输入读取")
    q.add_argument(
        "--outline",
        metavar="大纲文件",
        help="导入改正过的大纲文件（由 plan parse --outline 写出），而不是重新解析原文件",
    )
    q.add_argument(
        "--year",
        type=int,
        metavar="年度",
        help="年度（如 2025）。文件中未写明年度时必须指定；文件含多份工作要点时，只导入该年度的一份",
    )
    q.add_argument("--dry-run", action="store_true", help="只列出将要进行的修改，不保存")
    q.set_defaults(handler=cmd_import)


def _parse(path: str):
    from workbench import plans

    if path == "-":
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise PlanParseError("从标准输入读到的内容不是 UTF-8 文字，请改为给出文件路径。") from None
        return plans.parse_text(text)
    return plans.parse_file(path)


def _read_outline(path: str):
    from pathlib import Path

    from workbench.plans.outline_file import read_outline
    from workbench.plans.sources import read_source

    src = read_source(Path(path))
    return read_outline(src.text, src.name)


def _write_outline(found, path: str) -> None:
    from pathlib import Path

    from workbench.base.atomic import describe_os_error, write_atomic
    from workbench.plans.outline_file import write_outline

    target = Path(path)
    try:
        # With a BOM so that Notepad on older Windows opens it as UTF-8.
        write_atomic(target, write_outline(found).encode("utf-8-sig"))
    except OSError as exc:
        raise PlanParseError(f"无法写入大纲文件“{target}”：{describe_os_error(exc)}。") from None


def cmd_parse(args) -> int:
    from workbench.plans import plans_to_dict

    found = _parse(args.path)
    if args.outline:
        _write_outline(found, args.outline)
    if args.json:
        print(json.dumps(plans_to_dict(found), ensure_ascii=False, indent=2))
        return 0
    source = found[0].source if found else args.path
    print(f"“{source}”中识别出 {len(found)} 份工作要点。")
    for n, plan in enumerate(found, start=1):
        year = f"{plan.year}年" if plan.year else "未写明年度"
        print(f"\n【第{n}份】{plan.title or '（无标题）'}　年度：{year}　共 {len(plan.sections)} 个部分、{plan.item_count} 条")
        for notice in plan.notices:
            print(f"  说明：{notice}")
        for sec in plan.sections:
            print(f"  {sec.marker or sec.number} {sec.title}（{len(sec.items)} 条）")
            for item in sec.items:
                flag = "（仅见于任务分解表）" if item.only_in_table else ""
                print(f"      {item.marker or item.number} {item.title}{flag}")
    if args.outline:
        print(f"\n大纲已写入“{args.outline}”。请在文本编辑器中核对、改正后保存，再用“plan import --outline {args.outline}”导入。")
    return 0


def cmd_import(args) -> int:
    from workbench.plans import import_plan
    from workbench.store import Store

    if args.outline and args.path:
        raise PlanParseError("请只给出一个来源：工作要点文件，或用 --outline 给出改正过的大纲文件，不要同时给出。")
    if not args.outline and not args.path:
        raise PlanParseError("请给出要导入的工作要点文件，或用 --outline 给出改正过的大纲文件。")
    found = _read_outline(args.outline) if args.outline else _parse(args.path)
    with Store.open() as store:
        report = import_plan(store, found, year=args.year, dry_run=args.dry_run)
    for line in report.lines:
        print(line)
    return 0
