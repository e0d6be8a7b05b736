"""`letters`: the office's letters for a meeting (邀请函, 催交函, 催办函) in GB/T 9704 信函格式."""

from __future__ import annotations

from workbench.base import config
from workbench.cli.schedule_commands import date_option
from workbench.office import meetings
from workbench.store import Store

ORDER = 43


def register(sub) -> None:
    p = sub.add_parser(
        "letters",
        help="函件：情况通报邀请函、材料催交函、逾期事项催办函",
        description="为一次会议起草函件（信函格式，办公室署名，发文字号按标签配置 [letters] 编排，"
        "同一份函再次生成时沿用已编的文号）：\n"
        "  邀请函：向每个通报单位商请在会上通报，写明议题、通报人、材料报送时间和联系人；\n"
        "  催交函：向尚未报送通报材料的单位催交，引用邀请函文号；\n"
        "  催办函：向有逾期未办结民主监督事项或逾期未答复提案的单位催办，逐项列出。",
    )
    p.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）",
    )
    p.add_argument("--out", required=True, metavar="文件夹", help="写出 .docx 的文件夹")
    p.add_argument("--kind", metavar="类型", action="append", help="只生成某一类：邀请函、催交函 或 催办函（可重复；默认全部）")
    p.add_argument("--date", metavar="日期", help="成文日期（默认今天），如 2026-11-20")
    p.add_argument("--as-of", metavar="日期", help="催办函按哪一天判断逾期（默认同成文日期）")
    p.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    p.set_defaults(handler=cmd_letters)


def cmd_letters(args) -> int:
    from workbench.drafts import letters
    from workbench.drafts.kinds import Request
    from workbench.publish import publish

    kinds_set = config.labels()["letter_kind"]
    kinds = tuple(kinds_set.code(k, where="--kind") or "" for k in args.kind) if args.kind else letters.KINDS
    issued_on = date_option(args.date, what="--date")
    as_of = date_option(args.as_of, what="--as-of") if args.as_of else issued_on
    with Store.open() as store:
        meeting = meetings.resolve(store, args.meeting)
        request = Request(meeting, issued_on=issued_on, as_of=as_of, letter_kinds=kinds)
        done = publish(store, "letters", args.out, request, force=args.force)
    if not done.files:
        print(f"{meeting.short_title}没有需要发出的" + "、".join(kinds_set.label(k) for k in kinds) + "。")
    else:
        print(f"已起草{meeting.short_title}函件 {len(done.files)} 份，保存在 {args.out}：")
        for output, path in zip(done.drafted.outputs, done.files):
            print(f"  {output.label}　{path.name}")
    for n in done.notices:
        print(f"提示：{n}")
    return 0
