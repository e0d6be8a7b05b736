"""Commands about meeting packets: `packet check` lists what to fix before printing, `packet export` writes
the Word files, `packet show` prints the outline, `packet readback` reads an export edited in Word back into the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workbench.base import config
from workbench.base.numerals import chinese_date
from workbench.office import meetings
from workbench.store import Store

ORDER = 40


def _rule_option(parser) -> None:
    from workbench.packet.rules import CHOICES, TITLES

    listed = "；".join(f"{TITLES[name]}：{'/'.join(choices)}" for name, choices in CHOICES.items())
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="名称=取值",
        help=f"按指定的材料规则汇编（可写多次），如 提案办理情况表=all_filed；可设定的规则和取值：{listed}"
        "（取值含义见 packet show）",
    )


def _rules(args):
    from workbench.packet.rules import PacketRules

    return PacketRules.from_settings(args.rule)


def register(sub) -> None:
    p = sub.add_parser(
        "packet",
        help="会议材料：导出 Word/PDF 文件，查看材料目录",
        description="按材料规则从数据库汇编常委会议材料，导出符合 GB/T 9704—2012 的 Word 文件。",
    )
    psub = p.add_subparsers(dest="packet_command", metavar="子命令", title="子命令")
    p.set_defaults(handler=lambda args: (p.print_help(), 0)[1])

    e = psub.add_parser(
        "export",
        help="导出一次会议的全部材料",
        description="汇编会议材料并写出合订本和各份材料的 .docx（可选 PDF），同时保存本次材料的数据快照，"
        "供下次会议比对“上次会议以来变化情况”。",
    )
    e.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）",
    )
    e.add_argument("--out", metavar="文件夹", help=f"输出文件夹（默认：{config.output_dir()}）")
    e.add_argument("--pdf", action="store_true", help="同时转换为 PDF（需安装 LibreOffice）")
    e.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    _rule_option(e)
    e.set_defaults(handler=cmd_export)

    c = psub.add_parser(
        "check",
        help="导出前检查：列出印发前需要补正的事项",
        description="不写文件，检查会议材料还缺什么、哪里前后不一致：议程、主持人、常委名单、"
        "责任人和完成时限、本季度进展、状态与进展、编号、标点和日期写法、待填内容、"
        "议程材料、通报材料报送。有须补正的事项时退出码为 1。",
    )
    c.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）",
    )
    _rule_option(c)
    c.set_defaults(handler=cmd_check)

    s = psub.add_parser(
        "show",
        help="列出一次会议材料的目录和取材规则",
        description="不写文件，只列出会议材料包含的各份材料、取材规则和主要数字。",
    )
    s.add_argument(
        "--meeting",
        default="next",
        metavar="会议",
        help="会议编号、简称（如 十一届十八次常委会议）或 next（下一次常委会议，默认）",
    )
    _rule_option(s)
    s.set_defaults(handler=cmd_show)

    r = psub.add_parser(
        "readback",
        help="读回在 Word/WPS 中改过的会议材料",
        description="将导出后在 Word、WPS 或 LibreOffice 中改过的会议材料（合订本或单份材料）与导出时的快照比对，"
        "逐条列出改动的记录和字段、尚未接受的修订、删去的行、批注和未对应到记录的文字改动；"
        "加 --apply 将选定的改动写回数据库（历史记录注明“读回自《文件名》”），导出后库中已改过的记录不覆盖。",
    )
    r.add_argument("file", metavar="文件", help="改过的 .docx 文件")
    r.add_argument("--meeting", metavar="会议", help="只接受这次会议导出的文件（会议编号或简称）")
    r.add_argument(
        "--apply",
        nargs="?",
        const="all",
        metavar="编号",
        help="写回改动：不带编号写回全部直接改动，或写编号（如 1,3）只写回这几处；未对应到记录的文字改动须写编号，"
        "写回后本次会议以后导出该份材料时沿用",
    )
    r.add_argument("--pending", action="store_true", help="同时写回尚未接受的修订（按接受修订后的文字）")
    r.add_argument("--correction", metavar="更正原因", help="改动已归档会议的记录时写明更正原因，记入历史")
    r.set_defaults(handler=cmd_readback)


def print_findings(findings) -> None:
    """The check's findings, blocking ones first, each naming the record and what to do."""
    must = [f for f in findings if f.blocking]
    rest = [f for f in findings if not f.blocking]
    for heading, group in (("须补正", must), ("请核对", rest)):
        if group:
            print(f"{heading}（{len(group)} 项）：")
            for n, f in enumerate(group, start=1):
                print(f"  {n}. 【{f.title}】{f.text()}")


def _basis(packet) -> str:
    """The quarter and the 截至 the packet was drafted for (office.preparation), as the documents print them."""
    as_of = date.fromisoformat(packet.figures.as_of) if packet.figures.as_of else None
    return f"本次会议材料按{packet.figures.quarter}编写，各项数据截至{chinese_date(as_of)}。"


def cmd_check(args) -> int:
    from workbench.publish import check_packet

    with Store.open(readonly=True) as store:
        result = check_packet(store, args.meeting, rules=_rules(args))
    name = result.meeting.short_title
    print(_basis(result.packet))
    if not result.findings:
        print(f"{name}会议材料导出前检查：未发现需要补正的事项。")
        return 0
    print(
        f"{name}会议材料导出前检查：须补正 {len(result.blocking)} 项，请核对 {len(result.findings) - len(result.blocking)} 项。"
    )
    print_findings(result.findings)
    return 1 if result.blocking else 0


def cmd_export(args) -> int:
    from workbench.publish import export_packet

    out = Path(args.out) if args.out else config.output_dir()
    with Store.open() as store:
        meeting = meetings.resolve(store, args.meeting)
        result = export_packet(store, meeting, out, pdf=args.pdf, force=args.force, rules=_rules(args))
    print(f"已导出{meeting.short_title}会议材料，共 {len(result.files)} 个文件，保存在 {out}：")
    print(f"  {_basis(result.packet)}")
    for f in result.files:
        print(f"  {f.name}")
    if result.notices:
        print("提示：")
        for n in result.notices:
            print(f"  {n}")
    if result.findings:
        blocking = sum(f.blocking for f in result.findings)
        kept = "已随快照保存；" if result.snapshot_id is not None else ""
        print(
            f"导出前检查发现 {len(result.findings)} 项（其中须补正 {blocking} 项），{kept}详见 python -m workbench packet check。"
        )
    if result.snapshot_id is not None:
        print("已保存本次材料的数据快照，下次会议将据此列出变化情况。")
    return 0


def cmd_show(args) -> int:
    from workbench.packet.assemble import assemble
    from workbench.packet.wording import zh_date

    with Store.open(readonly=True) as store:
        meeting = meetings.resolve(store, args.meeting)
        packet = assemble(store, meeting, _rules(args))
    print(f"{packet.meeting_title}（{packet.meeting_short_title}）会议材料，会议日期：{zh_date(packet.meeting_date)}")
    for n, doc in enumerate(packet.documents, start=1):
        flag = "" if doc.included else "（不列入）"
        print(f"{n}. {doc.title}{flag}")
        if doc.rule:
            print(f"   取材规则：{doc.rule}")
        tables = [b for b in doc.blocks if b.kind == "table"]
        if tables:
            rows = sum(len(t.rows) for t in tables)
            marked = sum(len(t.marked_rows) for t in tables)
            print(f"   表格 {len(tables)} 张，共 {rows} 行" + (f"，其中加粗标注 {marked} 行" if marked else ""))
        for n_appendix, appendix in enumerate(doc.appendices, start=1):
            rows = sum(len(b.rows) for b in appendix.blocks if b.kind == "table")
            number = n_appendix if len(doc.appendices) > 1 else ""
            print(f"   附件{number}：{appendix.title}" + (f"（表格共 {rows} 行）" if rows else ""))
        if doc.template:
            print(f"   模板：templates/{doc.template}")
    pf = packet.figures.proposals
    if pf is not None and pf.filed:
        from workbench.office.figures import percent

        print(
            f"提案：立案 {pf.filed} 件，办复率 {percent(pf.reply_rate)}，满意率 {percent(pf.satisfaction_rate)}，"
            f"逾期未答复 {pf.overdue} 件。"
        )
    return 0


def cmd_readback(args) -> int:
    from workbench.base.errors import ValidationError
    from workbench.packet import readback

    def numbers(text: str) -> list[int] | None:
        if text == "all":
            return None
        try:
            return [int(n) for n in text.replace("，", ",").replace("、", ",").split(",") if n.strip()]
        except ValueError:
            raise ValidationError(f"--apply 后的编号“{text}”无法识别，请写改动的编号，如 1,3。") from None

    with Store.open(readonly=not args.apply) as store:
        found = readback.read(store, args.file, meeting=args.meeting)
        print(found.report())
        if not args.apply:
            if found.changes or found.pending or found.unmapped:
                print("核对无误后，加 --apply 写回全部直接改动，或 --apply 编号 写回选定的几处（含要沿用的文字改动）。")
            return 0
        done = readback.apply(store, found, numbers(args.apply), pending=args.pending, correction=args.correction)
    print(done.report())
    return 0 if not (done.refused or done.not_kept) else 1
