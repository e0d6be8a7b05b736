"""Commands for the Excel round trip with departments: `import` and `export`.

`import` shows what the file would change and then writes it: typing the command
is the secretary's confirmation, `--dry-run` only shows. Any problem in the file
means nothing is written and the exit code is non-zero, unless `--valid-only`.
"""

from __future__ import annotations

from workbench import sheets
from workbench.base.errors import SheetError
from workbench.store import Store

ORDER = 30

_KINDS_HELP = "、".join(f"{k.zh}（{k.name}）" for k in sheets.KINDS)


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        help="从 Excel/CSV 导入提案、监督事项、通报议题、要点进展、委员、出勤或常委测评结果",
        description="读取各单位发回的 .xlsx 或 .csv 表格，逐格检查，列出将新增、修改、未变的记录"
        "和库中有而文件中没有的记录，然后一次性写入（全部成功或全部不写）。\n"
        "文件有任何问题时不写入任何数据；加 --valid-only 则只导入没有问题的行。\n"
        f"表格类型：{_KINDS_HELP}；以及 测评（evaluation form 生成的测评票录入表）。",
    )
    p.add_argument("kind", metavar="类型", help="表格类型，中文或英文，如 提案 或 proposal")
    p.add_argument("path", metavar="文件", help="要导入的 .xlsx 或 .csv 文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出将要发生的改动，不写入")
    p.add_argument("--valid-only", action="store_true", help="跳过有问题的行，只导入没有问题的行")
    p.add_argument("--all", action="store_true", help="列出全部新增和修改的记录（默认每类最多列 30 条）")
    p.add_argument(
        "--session", metavar="届次会次", help="提案所属的全会，如 十一届三次；表格的列、标题行、工作表名和文件名都没有写明时使用"
    )
    p.add_argument("--year", metavar="年度", help="年度，如 2025；表格的列、标题行、工作表名和文件名都没有写明时使用")
    p.add_argument(
        "--correction",
        metavar="更正原因",
        help="表格改动已归档会议的记录（如出勤、回执）时写明更正原因，记入每条修改的历史；不写则这类改动被拒绝",
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "export",
        help="导出为 Excel（整表，或按承办单位各出一个文件）",
        description="把库中数据导出为 .xlsx：中文表头、冻结首行、状态和类别列带下拉选项。\n"
        "加 --by-department 时按承办单位各导出一个工作簿，只含该单位的记录和需要填写的列，"
        "发回后可直接用 import 导入。\n"
        f"表格类型：{_KINDS_HELP}。",
    )
    p.add_argument("kind", metavar="类型", help="表格类型，中文或英文，如 提案 或 proposal")
    p.add_argument("path", metavar="文件", nargs="?", help="导出的 .xlsx 文件（整表导出时）")
    p.add_argument("--by-department", metavar="文件夹", help="按承办单位分别导出到此文件夹")
    p.add_argument("--force", action="store_true", help="目标文件已存在时覆盖")
    p.set_defaults(handler=cmd_export)


# The keyed-in rating tally is not a register of records: it has its own reader.
_RATING_KINDS = ("测评", "常委测评", "evaluation", "rating")


def cmd_import(args) -> int:
    if args.kind.strip().lower() in _RATING_KINDS:
        from workbench.cli.evaluation_commands import import_tally

        return import_tally(args.path, dry_run=args.dry_run)
    kind = sheets.kind(args.kind)
    with Store.open(readonly=args.dry_run) as store:
        preview = sheets.read_and_diff(store, kind, args.path, session=args.session, year=args.year)
        for line in preview.lines(limit=10**9 if args.all else sheets.diff.LIST_LIMIT):
            print(line)
        if args.dry_run:
            if preview.problems:
                raise SheetError(
                    f"试运行：文件中有 {len(preview.problems)} 处问题，见上。未写入任何数据。"
                    + ("" if preview.fatal else "修改后重新导入，或加 --valid-only 只导入没有问题的行。")
                )
            print("试运行：未写入任何数据。去掉 --dry-run 即按上述内容导入。")
            return 0
        result = sheets.apply(store, preview, valid_only=args.valid_only, correction=args.correction)
    for line in result.lines():
        print(line)
    return 0


def cmd_export(args) -> int:
    kind = sheets.kind(args.kind)
    if args.by_department and args.path:
        raise SheetError("整表导出的文件名和 --by-department 只能选一个。")
    if not args.by_department and not args.path:
        raise SheetError("请给出导出的 .xlsx 文件名，或用 --by-department 文件夹 按承办单位分别导出。")
    with Store.open(readonly=True) as store:
        if args.by_department:
            done = sheets.export_by_department(store, kind, args.by_department, force=args.force)
            unit = kind.field(kind.unit).zh if kind.unit else "承办单位"
            print(
                f"已按{unit}导出{kind.zh} {len(done)} 个文件，共 {sum(e.rows for e in done)} 条，在文件夹 {args.by_department}："
            )
            for e in done:
                print(f"  {e.path.name}（{e.rows} 条）")
        else:
            e = sheets.export(store, kind, args.path, force=args.force)
            print(f"已导出{kind.zh} {e.rows} 条：{e.path}")
    return 0
