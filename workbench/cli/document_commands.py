"""`document`: any document kind outside the packet, by its Chinese name, through `publish` (the kinds of
`drafts.kinds.DOCUMENTS`; a kind added there is offered here without a new command)."""

from __future__ import annotations

from workbench.cli.schedule_commands import date_option
from workbench.drafts import kinds
from workbench.office import meetings
from workbench.store import Store

ORDER = 47


def register(sub) -> None:
    names = "、".join(k.title for k in kinds.DOCUMENTS)
    p = sub.add_parser(
        "document",
        help=f"起草会议材料以外的文书：{names}",
        description=f"按类型起草一份文书并写出 Word 文件（可起草：{names}）。"
        "各类文书也有各自的命令（schedule、letters、evaluation form、minutes、summary），内容相同。",
    )
    p.add_argument("kind", metavar="类型", help=f"文书类型：{names}")
    p.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）；工作总结不需要",
    )
    p.add_argument("--out", required=True, metavar="文件夹", help="输出文件夹")
    p.add_argument("--date", metavar="日期", help="成文（落款）日期，默认今天，如 2026-11-20")
    p.add_argument("--as-of", metavar="日期", help="按哪一天判断逾期和临近（默认同成文日期）")
    p.add_argument("--year", type=int, metavar="年份", help="工作总结的年份，如 2026")
    p.add_argument("--half", type=int, metavar="1或2", help="工作总结：1 上半年，2 全年")
    p.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    p.set_defaults(handler=cmd_document)


def cmd_document(args) -> int:
    from workbench.publish import publish

    kind = kinds.find(args.kind)
    issued_on = date_option(args.date, what="--date")
    as_of = date_option(args.as_of, what="--as-of") if args.as_of else issued_on
    with Store.open() as store:
        meeting = meetings.resolve(store, args.meeting) if kind.home == "meeting" else None
        request = kinds.Request(meeting, issued_on=issued_on, as_of=as_of, year=args.year, half=args.half)
        done = publish(store, kind, args.out, request, force=args.force)
    if not done.files:
        print(f"没有需要起草的{kind.title}。")
    for output, path in zip(done.drafted.outputs, done.files):
        print(f"已写出{kind.title}：{path}" + (f"（{output.label}）" if output.label else ""))
    for n in done.notices:
        print(f"提示：{n}")
    return 0
