"""`personnel import`, `personnel list`: a meeting's 任免名单 from the command line."""

from __future__ import annotations

from workbench.office import meetings, personnel
from workbench.sheets import personnel_file
from workbench.store import Store

ORDER = 12


def register(sub) -> None:
    p = sub.add_parser(
        "personnel",
        help="任免名单：导入、列出",
        description="会议的任免名单（人事事项）：从收到的 Excel 或 Word 表格导入，或列出已录入的名单。"
        "也可在编辑器“人事事项”页逐人录入。",
    )
    psub = p.add_subparsers(dest="personnel_command", metavar="子命令", title="子命令")
    p.set_defaults(handler=lambda args: (p.print_help(), 0)[1])

    i = psub.add_parser(
        "import",
        help="从 Excel（.xlsx）或 Word（.docx）表格导入任免名单",
        description="读取整份名单并逐行核对，全部无误才写入，排在该会议已有名单之后。表头应含姓名，"
        "以及性别、民族、出生年月、党派（政治面貌）、界别、工作单位及职务、拟任（免）职务、原因等列；"
        "类别（增补委员、接受辞去职务、撤销委员资格、任职、免职）写在“事项”列，"
        "或写在各组人员之前的一行（如“一、增补委员（2名）”）。",
    )
    i.add_argument("file", metavar="文件", help="名单文件（.xlsx 或 .docx）")
    i.add_argument("--meeting", default="next", metavar="会议", help="会议编号或简称；默认 next（下一次常委会议）")
    i.set_defaults(handler=cmd_import)

    s = psub.add_parser("list", help="列出一次会议的任免名单")
    s.add_argument("--meeting", default="next", metavar="会议", help="会议编号或简称；默认 next")
    s.set_defaults(handler=cmd_list)


def cmd_import(args) -> int:
    rows = personnel_file.read(args.file)  # every row checked before the store is opened for writing
    with Store.open() as store:
        meeting = meetings.resolve(store, args.meeting)
        personnel.append(store, meeting.id, rows)
        total = len(personnel.changes(store, meeting.id))
    for notice in rows.notices:
        print(f"说明：{notice}")
    print(f"已为{meeting.short_title}导入任免名单{len(rows)}人，名单现有{total}人次。")
    return 0


def cmd_list(args) -> int:
    with Store.open() as store:
        meeting = meetings.resolve(store, args.meeting)
        rows = personnel.changes(store, meeting.id)
    if not rows:
        print(f"{meeting.short_title}尚无任免名单。")
        return 0
    print(f"{meeting.short_title}任免名单（{personnel.summary(rows)}）")
    for group in personnel.grouped(rows):
        print(f"{group.label}：")
        for r in group.changes:
            details = "，".join(x for x in (r.gender, r.ethnicity, r.born, r.party, r.unit_and_post) if x)
            print(f"  {r.name}（{details}）：{personnel.matter(r)}" + (f"（{r.reason}）" if r.reason else ""))
    return 0
