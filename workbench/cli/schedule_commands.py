"""`schedule`: a meeting's preparation schedule (筹备日程), printed or written as 筹备工作安排 .docx."""

from __future__ import annotations

from datetime import date

from workbench.base.values import entered_day
from workbench.office import meetings
from workbench.store import Store

ORDER = 42


def date_option(text: str | None, *, what: str = "日期") -> date:
    """A date option (--date, --as-of) in any spelling the editor takes; today when not given."""
    return entered_day(text, what=what) or date.today()


def register(sub) -> None:
    p = sub.add_parser(
        "schedule",
        help="筹备日程：从会议日期倒排各项筹备工作的完成时间",
        description="按标签配置 [schedule] 的规则，从会议日期按工作日（跳过周末和节假日）倒排"
        "材料征集、部门报送材料、主席会议审定、印发会议材料等事项的完成时间，"
        "标出逾期（红）、临近（黄）和正常（绿）。加 --out 写出“筹备工作安排”Word 文件。",
    )
    p.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）",
    )
    p.add_argument("--out", metavar="文件夹", help="写出“筹备工作安排”.docx 到此文件夹")
    p.add_argument("--as-of", metavar="日期", help="按哪一天判断逾期和临近（默认今天），如 2026-12-01")
    p.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    p.set_defaults(handler=cmd_schedule)


def cmd_schedule(args) -> int:
    from workbench.drafts.kinds import Request
    from workbench.office import schedule
    from workbench.publish import publish

    today = date_option(args.as_of, what="--as-of")
    with Store.open(readonly=not args.out) as store:
        meeting = meetings.resolve(store, args.meeting)
        for line in schedule.build(store, meeting).lines(today):
            print(line)
        if args.out:
            done = publish(store, "schedule", args.out, Request(meeting, as_of=today), force=args.force)
            for path in done.files:
                print(f"已写出：{path}")
            for n in done.notices:
                print(f"提示：{n}")
    return 0
