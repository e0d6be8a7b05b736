"""`meeting add`, `meeting edit`, `meeting delete`: the meetings of the current term from the command line.

Titles are never typed: a meeting is its kind and number in the term (`meetings.py`
derives "十一届一次常委会议"). `meetings` (in store_commands) lists them.
"""

from __future__ import annotations

from workbench.base import config
from workbench.base.numerals import chinese_date
from workbench.office import meetings
from workbench.store import Store

ORDER = 11


def register(sub) -> None:
    p = sub.add_parser(
        "meeting",
        help="新建、修改、删除会议",
        description="在当前届次新建会议（次序默认接续本届已有会议），修改会议的日期、时间、地点、主持人、状态，"
        "或删除误建的会议（已导出会议材料或已录入出勤的会议不能删除）。",
    )
    msub = p.add_subparsers(dest="meeting_command", metavar="子命令", title="子命令")
    p.set_defaults(handler=lambda args: (p.print_help(), 0)[1])

    a = msub.add_parser(
        "add",
        help="新建一次会议",
        description="在当前届次新建一次会议。不写 --seq 时次序接续本届同类会议；"
        "不写 --presider 时由本届主席主持（本会设置中排在第一位的领导）。",
    )
    a.add_argument("--kind", default="常委会议", metavar="类型", help="会议类型：常委会议（默认）、全体会议、主席会议")
    a.add_argument("--seq", type=int, metavar="次序", help="本届第几次（默认：本届同类会议的下一次）")
    a.add_argument("--date", required=True, metavar="日期", help="会议日期，如 2027-03-18")
    a.add_argument("--time", metavar="时间", help="开始时间，如 上午9:00")
    a.add_argument("--venue", metavar="地点", help="会议地点，如 县政协机关三楼会议室")
    a.add_argument("--presider", metavar="姓名", help="主持人姓名（默认：本届主席）")
    a.set_defaults(handler=cmd_add)

    e = msub.add_parser(
        "edit", help="修改一次会议的日期、时间、地点、主持人、次序或状态", description="只修改给出的项目，其余保持不变。"
    )
    e.add_argument("meeting", metavar="会议", help="会议编号或简称（如 十二届一次常委会议），编号见 meetings")
    e.add_argument("--seq", type=int, metavar="次序", help="本届第几次")
    e.add_argument("--date", metavar="日期", help="会议日期，如 2027-03-18")
    e.add_argument("--time", metavar="时间", help="开始时间，如 上午9:00")
    e.add_argument("--venue", metavar="地点", help="会议地点")
    e.add_argument("--presider", metavar="姓名", help="主持人姓名")
    e.add_argument("--status", metavar="状态", help="会议状态：筹备中、已召开、已取消")
    e.set_defaults(handler=cmd_edit)

    d = msub.add_parser(
        "delete",
        help="删除误建的会议",
        description="删除一次会议及其议程；拟在该次会议通报的议题保留并改为未安排会议。"
        "已导出会议材料或已录入出勤的会议不能删除，可将其状态改为“已取消”。",
    )
    d.add_argument("meeting", metavar="会议", help="会议编号或简称，编号见 meetings")
    d.set_defaults(handler=cmd_delete)

    r = msub.add_parser(
        "archive",
        help="将已召开的会议归档（此后其记录只读）",
        description="会议召开、出勤、表决、议定事项等录入核对完毕后归档。归档后该次会议的各项记录不能直接修改"
        "（议定事项的落实情况除外），确需修改时在编辑器“会议”页写明原因更正，原因记入修改记录。",
    )
    r.add_argument("meeting", metavar="会议", help="会议编号或简称，编号见 meetings")
    r.set_defaults(handler=cmd_archive)


def _describe(m: meetings.MeetingInfo) -> str:
    when = chinese_date(m.held_on, missing="日期未定")
    parts = [f"{m.title}（{m.short_title}，编号 {m.id}）", f"日期：{when}{m.start_time or ''}"]
    if m.venue:
        parts.append(f"地点：{m.venue}")
    if m.presider:
        parts.append(f"主持人：{m.presider}")
    parts.append(f"状态：{config.labels()['meeting_status'].label(m.status)}")
    return "；".join(parts) + "。"


def cmd_add(args) -> int:
    with Store.open() as store:
        info = meetings.add_meeting(
            store,
            kind=args.kind,
            seq_no=args.seq,
            held_on=args.date,
            start_time=args.time,
            venue=args.venue,
            presider=args.presider,
        )
    print(f"已新建{_describe(info)}")
    if not info.presider:
        print("提示：尚未确定主持人。请用 meeting edit 加 --presider，或在“本会设置”中录入本届主席。")
    return 0


def cmd_edit(args) -> int:
    changes = {
        field: value
        for field, value in (
            ("seq_no", args.seq),
            ("held_on", args.date),
            ("start_time", args.time),
            ("venue", args.venue),
            ("presider", args.presider),
            ("status", args.status),
        )
        if value is not None
    }
    with Store.open() as store:
        info = meetings.edit_meeting(store, args.meeting, changes)
    print(f"已修改：{_describe(info)}")
    return 0


def cmd_delete(args) -> int:
    with Store.open() as store:
        print(meetings.delete_meeting(store, args.meeting))
    return 0


def cmd_archive(args) -> int:
    with Store.open() as store:
        info = meetings.archive_meeting(store, args.meeting)
    print(f"已将{info.short_title}归档（{chinese_date(info.archived_on)}），此后其记录只读；确需修改请在编辑器“会议”页更正。")
    return 0
