"""`evaluation form`: the 常委's rating ballot (.docx) and tally sheet (.xlsx) for a meeting.

The keyed-in tally comes back through `import 测评 文件` (see `sheet_commands`)."""

from __future__ import annotations

from workbench.office import meetings
from workbench.store import Store

ORDER = 44


def register(sub) -> None:
    p = sub.add_parser(
        "evaluation",
        help="常委测评：生成测评表和测评票录入表",
        description="为一次会议的情况通报生成满意度测评表（无记名，可打印）和测评票录入表（Excel，"
        "每张票一行）。录入后用 python -m workbench import 测评 文件 导入，"
        "看板和下次会议材料按单位列出满意率。",
    )
    psub = p.add_subparsers(dest="evaluation_command", metavar="子命令", title="子命令")
    p.set_defaults(handler=lambda args: (p.print_help(), 0)[1])
    f = psub.add_parser(
        "form",
        help="生成测评表（.docx）和测评票录入表（.xlsx）",
        description="每个情况通报议题一行，等次取自标签配置 rating_level；录入表的票数为出席常委人数"
        "（尚未登记出勤时为全体常委人数）。",
    )
    f.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）",
    )
    f.add_argument("--out", required=True, metavar="文件夹", help="输出文件夹")
    f.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    f.set_defaults(handler=cmd_form)


def cmd_form(args) -> int:
    from workbench.drafts.kinds import Request
    from workbench.publish import publish

    with Store.open(readonly=True) as store:
        meeting = meetings.resolve(store, args.meeting)
        done = publish(store, "rating_form", args.out, Request(meeting), force=args.force)
    print(f"已生成{meeting.short_title}测评表和录入表（测评表请印 {done.drafted.draft} 份）：")
    for f in done.files:
        print(f"  {f}")
    return 0


def import_tally(path: str, *, dry_run: bool = False) -> int:
    """`import 测评 文件`: read the keyed-in tally sheet and store the counts."""
    from workbench.office import evaluation

    with Store.open(readonly=dry_run) as store:
        if dry_run:
            tally = evaluation.read_tally(store, path)
            print(
                f"试运行：{tally.meeting.short_title}测评票录入表无误，发出 {tally.handed_out} 张，收回 {tally.returned} 张；"
                "未写入任何数据。"
            )
            return 0
        for line in evaluation.import_tally(store, path):
            print(line)
    return 0
