"""`summary`: the half-year (上半年工作总结) or year-end (年度工作总结) draft, built from the store."""

from __future__ import annotations

from workbench.cli.schedule_commands import date_option
from workbench.store import Store

ORDER = 46


def register(sub) -> None:
    p = sub.add_parser(
        "summary",
        help="起草上半年工作总结或年度工作总结（Word）",
        description="按年度工作要点的各部分，汇总期内已完成的工作（进展情况按日期列出）、推进中的工作、"
        "主要数据（常委会议、情况通报、监督事项办结、提案办复率和满意率、联络组指标完成），"
        "列出进展滞后的事项和下一步打算，写成公文格式的初稿供办公室修改。",
    )
    p.add_argument("--year", type=int, required=True, metavar="年份", help="年份，如 2026")
    p.add_argument("--half", type=int, required=True, metavar="1或2", help="1：上半年工作总结；2：年度工作总结")
    p.add_argument("--out", required=True, metavar="文件夹", help="输出文件夹")
    p.add_argument("--date", metavar="日期", help="落款日期（默认今天），如 2026-07-05")
    p.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    p.set_defaults(handler=cmd_summary)


def cmd_summary(args) -> int:
    from workbench.drafts.kinds import Request
    from workbench.publish import publish

    signed_on = date_option(args.date, what="--date")
    with Store.open(readonly=True) as store:
        done = publish(store, "summary", args.out, Request(year=args.year, half=args.half, issued_on=signed_on), force=args.force)
    draft = done.drafted.draft
    print(f"已起草《{draft.title}》，列出{draft.period.name}完成的工作要点 {len(draft.completed)} 项：{done.files[0]}")
    for n in done.notices:
        print(f"提示：{n}")
    return 0
