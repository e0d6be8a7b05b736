"""Commands about the store itself: init, demo, doctor, meetings."""
from __future__ import annotations

from .. import config, demo, doctor, meetings
from ..numerals import chinese_date
from ..store import Store

ORDER = 10


def register(sub) -> None:
    p = sub.add_parser("init", help="创建空的工作台数据库（已存在则检查并升级结构）",
                       description="创建空的工作台数据库；已存在的数据库会检查并升级到当前结构版本，数据不丢失。")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="载入示例县（青岚县）一年的数据",
                       description="向空数据库载入虚构的示例县数据：工作要点、提案、民主监督、情况通报、委员与联络组。")
    p.add_argument("--reset", action="store_true", help="先清空数据库中的全部数据（含修改记录）再载入")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("doctor", help="检查数据库、依赖包、中文字体、Chromium 和 LibreOffice",
                       description="列出数据库位置与结构版本、依赖包版本，以及中文字体、Chromium、LibreOffice 是否可用；缺少的给出安装方法。")
    p.set_defaults(handler=cmd_doctor)

    p = sub.add_parser("meetings", help="列出库中的会议",
                       description="列出库中的全部会议（简称、全称、日期、状态），并标出下一次常委会议。")
    p.set_defaults(handler=cmd_meetings)


def cmd_init(args) -> int:
    url = config.db_url()
    with Store.open(url) as store:
        from ..store.migrations import current_version
        with store.engine.connect() as conn:
            version = current_version(conn)
    print(f"数据库已就绪：{url}（结构版本 {version}）")
    return 0


def cmd_demo(args) -> int:
    with Store.open() as store:
        if args.reset:
            demo.reset(store)
            print("已清空原有数据。")
        summary = demo.load(store)
    for line in summary.lines():
        print(line)
    return 0


def cmd_doctor(args) -> int:
    worst = 0
    for check in doctor.checks():
        mark = "✓" if check.ok else "✗"
        line = f"{mark} {check.name}：{check.detail}"
        if not check.ok:
            line += f"\n    安装方法：{check.fix}"
            worst = 1
        print(line)
    print(f"标签配置：{config.labels().source}")
    return 0 if worst == 0 else 1


def cmd_meetings(args) -> int:
    labels = config.labels()
    with Store.open(readonly=True) as store:
        rows = meetings.list_meetings(store)
        upcoming = meetings.next_meeting(store)
    if not rows:
        print("库中还没有会议。")
        return 0
    for m in rows:
        when = chinese_date(m.held_on, missing="日期未定")
        flag = "  ← 下一次常委会议" if upcoming and m.id == upcoming.id else ""
        print(f"[{m.id}] {m.short_title}  {m.title}  {when}  {labels['meeting_status'].label(m.status)}{flag}")
    return 0
