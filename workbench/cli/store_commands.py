"""Commands about the store itself: init, setup (本会设置), demo, doctor, meetings."""

from __future__ import annotations

from workbench.apps import doctor
from workbench.base import config
from workbench.base.errors import ValidationError
from workbench.base.numerals import chinese_date, chinese_number
from workbench.office import committee, demo, meetings
from workbench.store import Store

ORDER = 10


def register(sub) -> None:
    p = sub.add_parser(
        "init",
        help="创建工作台数据库并建立本会、届次（已存在则检查并升级结构；换届时开始新一届）",
        description="创建空的工作台数据库；已存在的数据库会检查并升级到当前结构版本，数据不丢失。"
        "同时给出 --county、--term、--term-start 时建立“政协××县委员会”、其办公室和该届；"
        "本会已建立后，给出新的 --term 和 --term-start 即开始新一届（换届），"
        "会议次序从第一次起重新编号，上一届的会议、委员和出勤记录保持不变。",
    )
    p.add_argument("--county", metavar="县名", help="县的名称，如 青岚县")
    p.add_argument("--term", type=int, metavar="届次", help="届次，如 11（第十一届）")
    p.add_argument("--term-start", type=int, metavar="年份", dest="term_start", help="该届的起始年份，如 2022")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "setup",
        help="查看或修改本会设置：名称、办公室联系人及电话、本届主席副主席秘书长",
        description="不带选项时列出本会设置；带选项时只修改给出的项目。这些内容印在会议材料上："
        "联系人及电话用于会议通知，本届领导的职务用于议程的主持人。也可在编辑器“本会设置”页修改。",
    )
    p.add_argument("--name", metavar="名称", help="委员会名称，如 政协青岚县委员会")
    p.add_argument("--office", metavar="名称", help="办公室名称（落款），如 政协青岚县委员会办公室")
    p.add_argument("--contact-person", dest="contact_person", metavar="姓名", help="办公室联系人")
    p.add_argument("--contact-phone", dest="contact_phone", metavar="电话", help="联系电话")
    p.add_argument(
        "--leader",
        action="append",
        metavar="职务:姓名",
        help="本届领导，按排名顺序每人写一次，如 --leader 主席:周启明 --leader 副主席:韩雪梅；给出时替换本届全部领导名单",
    )
    p.set_defaults(handler=cmd_setup)

    p = sub.add_parser(
        "demo",
        help="载入示例县（青岚县）一年的数据",
        description="向空数据库载入虚构的示例县数据：工作要点、提案、民主监督、情况通报、委员与联络组。",
    )
    p.add_argument("--reset", action="store_true", help="先清空数据库中的全部数据（含修改记录）再载入")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser(
        "doctor",
        help="检查数据库、依赖包、中文字体、Chromium 和 LibreOffice",
        description="列出数据库位置与结构版本、依赖包版本，以及中文字体、Chromium、LibreOffice 是否可用；缺少的给出安装方法。",
    )
    p.set_defaults(handler=cmd_doctor)

    p = sub.add_parser(
        "meetings", help="列出库中的会议", description="列出库中的全部会议（简称、全称、日期、状态），并标出下一次常委会议。"
    )
    p.set_defaults(handler=cmd_meetings)


def cmd_init(args) -> int:
    url = config.db_url()
    with Store.open(url) as store:
        from workbench.store.migrations import current_version

        with store.engine.connect() as conn:
            version = current_version(conn)
        print(f"数据库已就绪：{url}（结构版本 {version}）")
        if args.county or args.term is not None or args.term_start is not None:
            print(committee.set_up(store, county=args.county, term_no=args.term, start_year=args.term_start))
        profile = committee.profile(store)
    from workbench.apps.jupyter_settings import install_and_say

    install_and_say()
    for line in next_steps(profile):
        print(line)
    return 0


def next_steps(profile: committee.CommitteeProfile | None) -> list[str]:
    """What a new office does next, in order, after `init` (the README's “在本县使用”)."""
    if profile is None:
        return [
            "库中还没有本会信息。下一步：",
            "  1. 建立本会和届次：python -m workbench init --county 县名 --term 届次 --term-start 起始年份",
            "     （如 --county 青岚县 --term 11 --term-start 2022；也可在编辑器“本会设置”页填写）",
            "  只想先看看示例：python -m workbench demo",
        ]
    steps = [
        f"本会：{profile.name}，第{chinese_number(profile.term_no)}届（{profile.term_start_year}年起）。"
        if profile.term_no
        else f"本会：{profile.name}。"
    ]
    todo = []
    if not profile.leaders or not profile.contact_person:
        todo.append(
            "填写办公室联系人、电话和本届主席、副主席、秘书长：python -m workbench setup --contact-person 姓名 "
            "--contact-phone 电话 --leader 主席:姓名 --leader 副主席:姓名 --leader 秘书长:姓名"
            "（或在编辑器“本会设置”页填写）"
        )
    todo += [
        "新建会议：python -m workbench meeting add --date 2027-03-18 --time 上午9:00 --venue 会议地点",
        "导入委员联络组和委员名单：python -m workbench import 联络组 联络组.xlsx；python -m workbench import 委员 委员名单.xlsx",
        "导入年度工作要点：python -m workbench plan import 工作要点.docx",
        "导入提案：python -m workbench import 提案 提案.xlsx",
        "会后录入出勤（编辑器“出勤”页或 python -m workbench import 出勤 出勤.xlsx），"
        "导出会议材料：python -m workbench packet export --meeting next",
    ]
    steps.append("下一步：")
    steps += [f"  {n}. {t}" for n, t in enumerate(todo, start=1)]
    return steps


def _leader(text: str) -> committee.Leader:
    title, sep, name = text.replace("：", ":").partition(":")
    if not sep or not title.strip() or not name.strip():
        raise ValidationError(f"--leader “{text}”应写作 职务:姓名，如 主席:周启明。")
    return committee.Leader(name.strip(), title.strip())


def cmd_setup(args) -> int:
    given = [args.name, args.office, args.contact_person, args.contact_phone, args.leader]
    changing = any(v is not None for v in given)
    # Only looking opens read-only, so an archive copy on read-only media can be looked at.
    with Store.open(readonly=not changing) as store:
        current = committee.profile(store)
        if current is None:
            raise ValidationError(
                "库中还没有本会信息。请先运行 python -m workbench init --county 县名 --term 届次 --term-start 起始年份。"
            )
        if changing:
            leaders = [_leader(t) for t in args.leader] if args.leader is not None else list(current.leaders)
            current = committee.save_settings(
                store,
                county=current.county,
                name=args.name if args.name is not None else current.name,
                office=args.office if args.office is not None else current.office,
                contact_person=args.contact_person if args.contact_person is not None else current.contact_person,
                contact_phone=args.contact_phone if args.contact_phone is not None else current.contact_phone,
                leaders=leaders,
                expected_version=current.version,
            )
            print("已保存本会设置。")
    term = f"第{chinese_number(current.term_no)}届（{current.term_start_year}年起）" if current.term_no else "尚未设定"
    print(
        f"委员会：{current.name}\n办公室：{current.office}\n"
        f"联系人：{current.contact_person or '（未填写）'}  电话：{current.contact_phone or '（未填写）'}\n当前届次：{term}"
    )
    print("本届领导：" + ("、".join(f"{x.title}{x.name}" for x in current.leaders) or "（未填写）"))
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
