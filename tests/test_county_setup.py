"""A real county from an empty store: only public commands and the office's own Excel and text files.

No demo code: the test writes the files a secretary would have (liaison groups, the
roster, proposals, attendance, the year's 工作要点), runs the commands the README's
“在本县使用” lists, and reads the exported Word files back. Then the year and the term
turn over, and bad input is refused in Chinese with the store unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
from openpyxl import Workbook

from helpers.stores import store_snapshot
from workbench.office import figures, meetings
from workbench.packet.assemble import assemble
from workbench.store import Store
from workbench.ui.dashboard.data import live_view

COUNTY = "白河县"
ROSTER = [  # 姓名, 性别, 界别, 党派, 工作单位及职务, 是否常委, 联络组, 联系电话
    ("赵明远", "男", "中共", "中共党员", "县第二中学校长", "是", "城区委员联络组", "13800000001"),
    ("钱淑芬", "女", "教育界", "民盟盟员", "县实验小学副校长", "是", "城区委员联络组", "13800000002"),
    ("孙立军", "男", "经济界", "无党派", "白河茶业有限公司董事长", "是", "河口镇委员联络组", "13800000003"),
    ("李春燕", "女", "医药卫生界", "农工党党员", "县人民医院副院长", "是", "河口镇委员联络组", "13800000004"),
    ("周国华", "男", "农业界", "群众", "河口镇农民专业合作社理事长", "否", "河口镇委员联络组", "13800000005"),
]
LEADERS = [("主席", "吴振邦"), ("副主席", "郑晓岚"), ("秘书长", "冯德胜")]
CONTACT = ("陈秀梅", "0000-7654321")


def write_xlsx(path: Path, headers: list[str], rows: list[tuple]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def plan_text(year: int, county: str = COUNTY) -> str:
    return (
        f"政协{county}委员会{year}年工作要点\n\n"
        f"{year}年县政协工作的总体要求是：坚持团结和民主两大主题，围绕县委中心工作履职尽责。\n\n"
        "一、强化政治引领\n"
        "1.深入学习贯彻党的创新理论。组织委员开展集中学习，全年不少于四次。\n"
        "2.坚持县委统一领导。重要工作及时向县委请示报告。\n"
        "二、聚焦中心大局\n"
        f"3.开展{year}年县域经济专题协商。围绕产业发展开展调研，形成协商报告。\n"
        "4.办好双月协商座谈会。全年举办四次。\n"
    )


def proposals(year: int, count: int) -> list[tuple]:
    return [
        (
            year,
            n,
            f"关于{year}年改善第{n}片区停车条件的建议",
            "钱淑芬",
            "社会建设",
            "立案",
            "县住房城乡建设局",
            f"{year}-03-10",
            f"{year}-06-10",
            "办理中",
        )
        for n in range(1, count + 1)
    ]


PROPOSAL_HEADERS = ["年度", "案号", "案由", "提案人", "类别", "审查结果", "主办单位", "交办日期", "办理期限", "状态"]


def ok(result):
    assert result.code == 0, result
    assert "Traceback" not in result.err
    return result


def refused(result, *words):
    assert result.code != 0, result
    assert "Traceback" not in result.err and result.err.startswith("错误：")
    for w in words:
        assert w in result.err, (w, result.err)
    return result


def build_county(cli, folder: Path, *, start: int = 2022, year: int = 2026) -> None:
    """The first day of a real office, in the README's order."""
    ok(cli("init", "--county", COUNTY, "--term", "11", "--term-start", str(start)))
    ok(
        cli(
            "setup",
            "--contact-person",
            CONTACT[0],
            "--contact-phone",
            CONTACT[1],
            *[a for title, name in LEADERS for a in ("--leader", f"{title}:{name}")],
        )
    )
    ok(cli("meeting", "add", "--date", f"{year}-03-18", "--time", "上午9:00", "--venue", "县政协机关二楼会议室"))
    ok(cli("meeting", "add", "--date", f"{year}-06-17", "--time", "上午9:00", "--venue", "县政协机关二楼会议室"))
    groups = write_xlsx(
        folder / "联络组.xlsx",
        ["联络组名称", "类型", "组长"],
        [("城区委员联络组", "片区", "赵明远"), ("河口镇委员联络组", "乡镇", "孙立军")],
    )
    ok(cli("import", "联络组", str(groups)))
    quotas = write_xlsx(
        folder / "活动指标.xlsx",
        ["联络组", "年度", "活动类型", "年度指标"],
        [(g, year, kind, n) for g in ("城区委员联络组", "河口镇委员联络组") for kind, n in (("学习培训", 4), ("调研视察", 2))],
    )
    ok(cli("import", "联络组活动指标", str(quotas)))
    roster = write_xlsx(
        folder / "委员名单.xlsx", ["姓名", "性别", "界别", "党派", "工作单位及职务", "是否常委", "联络组", "联系电话"], ROSTER
    )
    ok(cli("import", "委员", str(roster)))
    plan = folder / f"{year}年工作要点.txt"
    plan.write_text(plan_text(year), encoding="utf-8")
    ok(cli("plan", "import", str(plan)))
    ok(cli("import", "提案", str(write_xlsx(folder / f"{year}年提案.xlsx", PROPOSAL_HEADERS, proposals(year, 6)))))
    first, second = "十一届一次常委会议", "十一届二次常委会议"
    topics = write_xlsx(
        folder / "通报议题.xlsx",
        ["议题编号", "拟通报会议", "通报议题", "通报单位", "通报人", "通报人职务"],
        [
            ("TB-01", second, "县人民政府关于上半年经济运行情况的通报", "县人民政府", "林志强", "副县长"),
            ("TB-02", second, "关于提案办理情况的通报", "县人民政府办公室", "何建平", "副主任"),
        ],
    )
    ok(cli("import", "通报议题", str(topics)))
    attendance = write_xlsx(
        folder / "出勤.xlsx",
        ["会议", "姓名", "出勤情况", "请假事由"],
        [
            (first, "赵明远", "出席", None),
            (first, "钱淑芬", "出席", None),
            (first, "孙立军", "请假", "外出考察"),
            (first, "李春燕", "无故缺席", None),
        ],
    )
    ok(cli("import", "出勤", str(attendance)))
    ok(cli("meeting", "edit", first, "--status", "已召开"))


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    for section in d.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


# A label with nothing after it, a template field left in, a Python None, a count of nobody expected.
BLANKS = [
    re.compile(r"(?m)^\s*(主持人|联系人|电话|时间|地点|会议地点|会议时间)[：:]\s*$"),
    re.compile(r"\{\{|\}\}|\{%"),
    re.compile(r"\bNone\b|\bnan\b"),
    re.compile(r"应到常委0人"),
    re.compile(r"议题待定|另行通知"),
]


def test_a_county_from_nothing_to_its_first_packet(cli, workbench_env, tmp_path):
    first = ok(cli("init"))
    assert "库中还没有本会信息" in first.out and "--county" in first.out
    build_county(cli, tmp_path)
    listed = ok(cli("meetings")).out
    assert "十一届一次常委会议" in listed and "十一届二次常委会议  " in listed and "← 下一次常委会议" in listed

    out = tmp_path / "材料"
    exported = ok(cli("packet", "export", "--meeting", "next", "--out", str(out)))
    assert "已导出十一届二次常委会议会议材料" in exported.out
    files = sorted(out.rglob("*.docx"))
    assert files
    text = "\n".join(docx_text(p) for p in files)
    # that county's names, the presider with his title, the office's contact
    assert "政协白河县第十一届委员会常务委员会第二次会议" in text
    assert "政协白河县委员会办公室" in text
    assert "主持人：县政协主席吴振邦" in text
    assert f"联系人：{CONTACT[0]}，电话：{CONTACT[1]}" in text
    # what was imported is what the packet reports
    assert "深入学习贯彻党的创新理论" in text and "关于2026年改善第1片区停车条件的建议" in text
    # the agenda follows the briefings planned for the meeting
    assert "主持人：县政协主席吴振邦" in text and "听取县人民政府关于上半年经济运行情况的通报" in text
    # four 常委 expected; the first meeting's attendance as filled in: 4 expected, 2 present, 1 on leave, 1 absent
    assert "本次会议应到常委4人" in text and "十一届一次常委会议\n3月18日\n4\n2\n1\n1\n否" in text
    assert "青岚" not in text  # nothing of the demo county
    for pattern in BLANKS:
        found = pattern.search(text)
        assert found is None, f"空白占位：{found.group(0)!r} 附近：{text[max(0, found.start() - 60) : found.end() + 60]!r}"


def test_term_changes_over_and_the_old_term_stays_reportable(cli, workbench_env, tmp_path, backend_url, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB_URL", backend_url)
    build_county(cli, tmp_path)
    ok(cli("meeting", "edit", "十一届二次常委会议", "--status", "已召开"))
    with Store.open() as store:
        old_term = store.rows("term")[0]["id"]
        old_meeting = meetings.resolve(store, "十一届一次常委会议")
        before = store_snapshot(store)
        summary_before = figures.attendance_summary(store, old_meeting.id)
        absences_before = figures.absences(store, old_term)

    started = ok(cli("init", "--term", "12", "--term-start", "2027"))
    assert "已开始政协白河县委员会第十二届" in started.out and "重新编号" in started.out
    added = ok(cli("meeting", "add", "--date", "2027-03-20", "--venue", "县会议中心"))
    assert "十二届一次常委会议" in added.out
    # the new term's roster: one member left, one joined, one is no longer 常委
    new_roster = [r for r in ROSTER if r[0] != "李春燕"] + [
        ("王海涛", "男", "科技界", "九三学社社员", "县科技局副局长", "是", "城区委员联络组", "13800000006")
    ]
    new_roster = [(*r[:5], "否", *r[6:]) if r[0] == "钱淑芬" else r for r in new_roster]
    roster = write_xlsx(
        tmp_path / "十二届委员名单.xlsx",
        ["姓名", "性别", "界别", "党派", "工作单位及职务", "是否常委", "联络组", "联系电话"],
        new_roster,
    )
    imported = ok(cli("import", "委员", str(roster)))
    assert "新增 5 条，修改 0 条" in imported.out

    with Store.open() as store:
        after = store_snapshot(store)
        new_term = next(t["id"] for t in store.rows("term") if t["term_no"] == 12)
        # term 11: its members, attendance and meetings exactly as they were
        assert [m for m in after["member"] if m["term_id"] == old_term] == before["member"]
        assert after["attendance"] == before["attendance"]
        assert [m for m in after["meeting"] if m["term_id"] == old_term] == before["meeting"]
        assert figures.attendance_summary(store, old_meeting.id) == summary_before
        assert figures.absences(store, old_term) == absences_before and absences_before
        # term 12: numbering restarted, its own roster expected at its meetings
        new_meeting = meetings.next_meeting(store)
        assert (new_meeting.term_no, new_meeting.seq_no) == (12, 1)
        assert sorted(m["name"] for m in figures.standing_members(store, new_meeting.id)) == sorted(
            ["赵明远", "孙立军", "王海涛"]
        )
        assert {m["term_id"] for m in after["member"] if m["name"] == "王海涛"} == {new_term}
    # the old term's packet can still be assembled and reports its own figures
    shown = ok(cli("packet", "show", "--meeting", "十一届二次常委会议"))
    assert "政协白河县第十一届委员会常务委员会第二次会议" in shown.out
    with Store.open() as store:
        packet = assemble(store, "十一届二次常委会议")
        assert packet.figures.attendance.meetings["十一届一次常委会议"].expected == 4
        assert packet.figures.attendance.absences == {"李春燕": 1}
    listed = ok(cli("meetings")).out
    assert "十一届一次常委会议" in listed and "← 下一次常委会议" in listed.split("十二届一次常委会议")[1].split("\n")[0]
    # 换届 leaves the leaders to be entered for the new term; setup says so
    assert "本届领导：（未填写）" in ok(cli("setup")).out


def test_next_years_plan_and_proposals_leave_last_years_readable(cli, workbench_env, tmp_path):
    build_county(cli, tmp_path, start=2022, year=2026)
    plan = tmp_path / "2027年工作要点.txt"
    plan.write_text(plan_text(2027), encoding="utf-8")
    ok(cli("plan", "import", str(plan)))
    ok(cli("import", "提案", str(write_xlsx(tmp_path / "2027年提案.xlsx", PROPOSAL_HEADERS, proposals(2027, 3)))))
    ok(cli("meeting", "add", "--date", "2027-03-19"))
    with Store.open() as store:
        assert sorted(p["year"] for p in store.rows("work_plan")) == [2026, 2027]
        assert sorted({p["year"] for p in store.rows("proposal")}) == [2026, 2027]
        this_year = assemble(store, "十一届三次常委会议")
        last_year = assemble(store, "十一届二次常委会议")
        assert this_year.figures.plan.year == 2027 and last_year.figures.plan.year == 2026
        assert this_year.figures.proposals.year == 2027 and this_year.figures.proposals.total == 3
        assert last_year.figures.proposals.year == 2026 and last_year.figures.proposals.total == 6
        # the dashboard shows the year it is looking at, last year's still there when asked for
        assert live_view(store, None, date(2027, 4, 1)).plan_year == 2027
        assert live_view(store, None, date(2026, 7, 1)).plan_year == 2026


def test_bad_input_is_refused_in_chinese_and_changes_nothing(cli, workbench_env, tmp_path, backend_url, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB_URL", backend_url)
    build_county(cli, tmp_path)
    exported = tmp_path / "材料"
    ok(cli("packet", "export", "--meeting", "next", "--out", str(exported)))
    with Store.open() as store:
        before = store_snapshot(store)
        exported_meeting = meetings.resolve(store, "next")
    refused(cli("meeting", "add", "--date", "2026-02-30"), "会议日期", "2026-02-30", "不是有效的日期")
    refused(cli("meeting", "add", "--date", "明年三月"), "不是有效的日期")
    refused(cli("meeting", "add", "--date", "2026-09-20", "--seq", "2"), "十一届二次常委会议已经存在", "--seq 3")
    refused(cli("meeting", "edit", "十一届一次常委会议", "--seq", "2"), "已经存在")
    refused(cli("meeting", "delete", str(exported_meeting.id)), "会议材料已于", "导出", "不能删除", "已取消")
    refused(cli("meeting", "delete", "十一届一次常委会议"), "出勤记录", "不能删除")
    refused(cli("init", "--term", "11", "--term-start", "2022"), "第十一届已经存在", "--term 12")
    refused(cli("init", "--county", "黑山县", "--term", "12", "--term-start", "2027"), "不能改为")
    refused(cli("init", "--term", "10", "--term-start", "2017"), "早于当前的第十一届")
    refused(cli("setup", "--leader", "吴振邦"), "职务:姓名")
    with Store.open() as store:
        assert store_snapshot(store) == before
    # a meeting made by mistake, with nothing exported or recorded, can be deleted
    ok(cli("meeting", "add", "--date", "2026-09-20"))
    assert "已删除十一届三次常委会议" in ok(cli("meeting", "delete", "十一届三次常委会议")).out


def test_meeting_commands_need_a_committee_first(cli, workbench_env):
    ok(cli("init"))
    refused(cli("meeting", "add", "--date", "2026-03-18"), "还没有本会", "init --county")
    refused(cli("init", "--county", "白河县"), "--term 届次", "--term-start 起始年份")
    refused(cli("init", "--county", "政协白河县委员会", "--term", "1", "--term-start", "2022"), "只写县的名称")
    assert "库中还没有会议" in ok(cli("meetings")).out


def test_readme_commands_for_a_county_are_commands_the_workbench_knows():
    import shlex

    from helpers.paths import ROOT
    from workbench.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 在本县使用", 1)[1].split("\n## ", 1)[0]
    assert readme.index("## 在本县使用") < readme.index("demo", readme.index("## 在本县使用"))
    block = section.split("```bash", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    lines = [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]
    parser = build_parser()
    assert [line.split()[0] for line in lines][:3] == ["init", "setup", "meeting"]
    for line in lines:
        args = parser.parse_args(shlex.split(line))
        assert args.handler, line
