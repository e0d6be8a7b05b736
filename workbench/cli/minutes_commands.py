"""`minutes`: the 会议纪要 draft of a standing-committee meeting."""

from __future__ import annotations

from workbench.office import meetings
from workbench.store import Store

ORDER = 45


def register(sub) -> None:
    p = sub.add_parser(
        "minutes",
        help="起草常委会议纪要（Word）",
        description="按会议的议程、出勤和测评结果起草会议纪要初稿（纪要格式）：会议时间地点、主持人、"
        "应到实到人数，逐项写出会议听取和审议的事项、测评满意率，末尾列出出席和请假人员。"
        "“会议要求”等议定事项须由办公室按会议实际填写。",
    )
    p.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）",
    )
    p.add_argument("--out", required=True, metavar="文件夹", help="输出文件夹")
    p.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    p.set_defaults(handler=cmd_minutes)


def cmd_minutes(args) -> int:
    from workbench.drafts.kinds import Request
    from workbench.publish import publish

    with Store.open(readonly=True) as store:
        meeting = meetings.resolve(store, args.meeting)
        done = publish(store, "minutes", args.out, Request(meeting), force=args.force)
    print(f"已起草{meeting.short_title}会议纪要：{done.files[0]}")
    for n in done.notices:
        print(f"提示：{n}")
    return 0
