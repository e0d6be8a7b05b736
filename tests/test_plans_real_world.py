"""Work plans as the web and Word give them: text copied from government and document-sharing sites with
their clutter, saved .html pages, Word task tables (任务分解表), and files that are no plan at all.

Every document here is written by the test, one habit or a few at a time; the CLI is driven as a user would.
"""

from __future__ import annotations

import re
from datetime import date

import docx
import pytest

from helpers.stores import store_snapshot as snapshot
from workbench.base.errors import PlanParseError
from workbench.plans import parse_file, parse_text


def shape(plans):
    return [[len(s.items) for s in p.sections] for p in plans]


COPIED_FROM_A_SITE = """网站首页 > 政协工作 > 工作要点
分享到： 微信 微博 QQ空间
【字体：大 中 小】 【打印】
某县政协2025年工作要点
[hide=d60]2025年是“十四五”规划收官之年。县政协工作的总体要求是：坚持团结和民主两大主题，为全县高质量发展作出新贡献。 一、坚持党的领导，
把牢正确政治方向
⑴把学习贯彻党的二十届三中全会精神作为首要政治任务，组织专题学习。⑵坚持党组理论学习中心组学习制度，全年集中学习不少于12次。⑶完善委员学习培训机制。[/hide]
2 二、聚焦中心大局
积极建言资政
①围绕产业发展开展专题协商。深入调研形成报告。②围绕乡村振兴开展对口协商。③围绕民生实事开展视察。
三、加强自身建设 (一)加强委员队伍建设。完善履职档案。(二)加强机关建设。提高服务水平。
浏览次数：1234
"""


def test_text_copied_from_a_site_with_its_clutter():
    (plan,) = parse_text(COPIED_FROM_A_SITE)
    assert plan.title == "某县政协2025年工作要点" and plan.year == 2025
    assert [s.title for s in plan.sections] == ["坚持党的领导，把牢正确政治方向", "聚焦中心大局积极建言资政", "加强自身建设"]
    assert shape([plan]) == [[3, 3, 2]]
    first = plan.sections[0].items
    assert first[1].title == "坚持党组理论学习中心组学习制度，全年集中学习不少于12次"
    assert plan.sections[1].items[0].text == "围绕产业发展开展专题协商。深入调研形成报告。"
    assert plan.sections[2].items[1].title == "加强机关建设"
    assert "作出新贡献" in plan.intro and "[hide" not in plan.intro
    # No line of plan text is silently dropped: every sentence of the page is somewhere in the plan.
    held = "".join(
        [plan.intro, *[s.title + s.text for s in plan.sections], *[i.text for s in plan.sections for i in s.items]]
    ).replace("\n", "")
    for sentence in re.findall(r"[^。⑴⑵⑶①②③\s]+。", COPIED_FROM_A_SITE.split("浏览次数")[0]):
        body = re.sub(r"^(\[hide=d60\]|\(\S\)|2 )", "", sentence)
        assert body.replace(" ", "")[-12:] in held.replace(" ", ""), sentence


def test_half_width_punctuation_folded_by_a_site():
    text = (
        "县政协2024年工作要点\n一、加强思想政治建设\n(1)深入学习党的创新理论.组织专题学习,做到学深悟透:全年不少于10次。\n"
        "(2)坚持党的领导。落实请示报告制度。\n二、积极建言资政\n(1)开展专题协商。围绕乡村振兴(农业产业)开展协商。\n"
    )
    (plan,) = parse_text(text)
    assert plan.year == 2024 and shape([plan]) == [[2, 1]]
    assert plan.sections[1].items[0].text == "开展专题协商。围绕乡村振兴(农业产业)开展协商。"


@pytest.mark.parametrize(
    "page",
    [
        # Numbered parts: 一、the review  二、this year's tasks.
        "某县政协2024年工作总结和2025年工作安排\n一、2024年工作回顾\n（一）强化政治引领。全年学习12次。\n（二）深化协商议政。开展协商3次。\n"
        "二、2025年工作安排\n（一）加强思想政治建设。1.深入学习党的创新理论。组织学习。2.开展主题教育。\n（二）聚焦发展建言献策。\n"
        "1.围绕产业升级开展专题协商。\n2.围绕城乡融合开展调研。\n",
        # Unnumbered headings between two lists both numbered from 一.
        "2024年工作回顾\n一、强化政治引领。全年学习12次。\n二、深化协商议政。开展协商3次。\n2025年主要工作任务\n一、加强思想政治建设\n"
        "1.深入学习党的创新理论。组织学习。\n2.开展主题教育。\n二、聚焦发展建言献策\n1.围绕产业升级开展专题协商。\n2.围绕城乡融合开展调研。\n",
    ],
)
def test_a_page_with_last_years_review_and_this_years_tasks(page):
    (plan,) = parse_text(page)
    assert plan.year == 2025
    assert shape([plan]) == [[2, 2]]
    assert [i.title for i in plan.sections[0].items] == ["深入学习党的创新理论", "开展主题教育"]
    assert "强化政治引领" not in str(plan.to_dict())


def test_a_document_without_items_is_refused_with_the_reason(store, cli, tmp_path):
    path = tmp_path / "只有标题.txt"
    path.write_text("某县政协2025年工作要点\n一、加强思想政治建设\n二、积极建言资政\n三、加强自身建设\n", encoding="utf-8")
    before = snapshot(store)
    for command in ("parse", "import"):
        r = cli("plan", command, path)
        assert r.code != 0 and "3 个部分" in r.err and "没有找到任何编号的条目" in r.err, r
    assert snapshot(store) == before


SAVED_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>某县政协2025年工作要点_某县人民政府网</title></head><body>
<div class="top-nav"><ul><li><a>首页</a></li><li><a>政协概况</a></li><li><a>工作动态</a></li><li><a>提案工作</a></li></ul></div>
<div class="menu"><a>一、政协要闻</a> <a>二、委员风采</a> <a>三、学习园地</a></div>
<div class="position">当前位置：首页 &gt; 工作要点</div>
<div class="main"><div class="left"><h3>栏目导航</h3><ul><li>1、通知公告</li><li>2、工作要点</li><li>3、学习园地</li></ul></div>
<div class="article"><div class="info">发布时间：2025-02-10 来源：县政协办公室 浏览次数：321</div>
<div class="content">
<p>2025年县政协工作的总体要求是：坚持团结和民主两大主题，为全县发展作出新贡献。</p>
<p>一、加强思想政治建设</p><p>1.深入学习党的创新理论。组织专题学习。</p><p>2.坚持和加强党的领导。落实请示报告制度。</p>
<p>二、积极建言资政</p><p>3.开展专题协商。围绕乡村振兴开展协商。</p><p>4.做好提案工作。提高提案质量。</p>
</div><div class="share">分享到：微信 微博</div></div></div>
<div class="xglj"><h4>相关链接</h4><ul><li>一、某县人民政府</li><li>二、某市政协</li><li>三、某省政协</li></ul></div>
<div id="footer">版权所有：政协某县委员会 地址：某县人民路1号 备案号：皖ICP备000号</div>
</body></html>"""


def test_a_saved_web_page_yields_one_plan_and_imports(store, cli, tmp_path):
    path = tmp_path / "某县政协2025年工作要点.html"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    (plan,) = parse_file(path)
    assert plan.title == "某县政协2025年工作要点" and plan.year == 2025
    assert [s.title for s in plan.sections] == ["加强思想政治建设", "积极建言资政"] and shape([plan]) == [[2, 2]]
    r = cli("plan", "import", path)
    assert r.code == 0 and "2 个部分，4 条" in r.out, r
    assert len(store.rows("plan_item")) == 4


HEADERS = ["序号", "主要工作任务", "牵头领导", "牵头委室", "协作单位", "责任人", "完成时限"]


def task_table(path, *, rows, headers=HEADERS, title="政协某县委员会2025年工作要点任务分解表"):
    d = docx.Document()
    d.add_paragraph(title)
    t = d.add_table(rows=1, cols=len(headers))
    for c, h in zip(t.rows[0].cells, headers):
        c.text = h
    for row in rows:
        r = t.add_row()
        if isinstance(row, str):  # a part: one cell spanning the table
            r.cells[0].merge(r.cells[-1]).text = row
        else:
            for c, v in zip(r.cells, row):
                c.text = v
    d.save(path)
    return path


TASKS = [
    "一、加强思想政治建设",
    ("1", "深入学习党的创新理论。组织常委会议集体学习。", "张某", "办公室", "各专委会", "李某", "全年"),
    ("2", "开展委员读书活动", "张某", "学习委", "", "王某", "6月底"),
    "二、积极建言资政",
    ("3", "围绕乡村振兴开展专题协商。", "赵某", "经济委", "县农业农村局", "钱某", "2025年9月30日"),
    ("4", "做好提案办理协商。", "赵某", "提案委", "县政府办", "孙某", "长期坚持"),
]


def test_a_word_task_table_gives_sections_and_items_with_owners_and_deadlines(store, cli, tmp_path):
    path = task_table(tmp_path / "任务分解表.docx", rows=TASKS)
    before = snapshot(store)
    r = cli("plan", "import", path, "--dry-run")
    assert r.code == 0 and "2 个部分，4 条" in r.out, r
    assert snapshot(store) == before
    r = cli("plan", "import", path)
    assert r.code == 0 and "已导入《政协某县委员会2025年工作要点》（2025年）：2 个部分，4 条" in r.out, r
    items = {i["number"]: i for i in store.rows("plan_item")}
    assert (items[1]["lead_leader"], items[1]["lead_committee"], items[1]["partners"], items[1]["owner"]) == (
        "张某",
        "办公室",
        "各专委会",
        "李某",
    )
    assert items[1]["deadline"] == date(2025, 12, 31) and items[2]["deadline"] == date(2025, 6, 30)
    assert items[3]["deadline"] == date(2025, 9, 30)
    assert items[4]["deadline"] is None and "完成时限：长期坚持" in items[4]["text"]  # nothing written is lost
    assert items[2]["partners"] is None
    sections = {s["number"]: s["title"] for s in store.rows("plan_section")}
    assert sections == {1: "加强思想政治建设", 2: "积极建言资政"}
    r = cli("plan", "import", path)
    assert r.code == 0 and "未做任何修改" in r.out


def test_a_task_table_whose_parts_are_a_merged_first_column(tmp_path):
    d = docx.Document()
    d.add_paragraph("某县政协2026年重点工作任务清单")
    headers = ["工作板块", "序号", "工作任务", "责任单位", "完成时间"]
    t = d.add_table(rows=1, cols=5)
    for c, h in zip(t.rows[0].cells, headers):
        c.text = h
    data = [
        ("思想政治建设", "1", "组织集中学习。", "办公室", "3月底"),
        ("", "2", "开展专题培训。", "学习委", "第二季度"),
        ("协商议政", "3", "开展专题协商。", "经济委", "上半年"),
    ]
    for row in data:
        r = t.add_row()
        for c, v in zip(r.cells, row):
            c.text = v
    t.cell(1, 0).merge(t.cell(2, 0))
    path = tmp_path / "清单.docx"
    d.save(path)
    (plan,) = parse_file(path)
    assert plan.year == 2026 and [s.title for s in plan.sections] == ["思想政治建设", "协商议政"]
    assert shape([plan]) == [[2, 1]]
    assert plan.sections[0].items[1].fields == {"lead_committee": "学习委", "deadline": date(2026, 6, 30)}


def test_a_task_table_with_a_two_row_header_and_parts_in_the_number_column(tmp_path):
    d = docx.Document()
    d.add_paragraph("某县政协2025年重点工作任务分解表")
    t = d.add_table(rows=2, cols=6)
    top = ["序号", "主要工作任务", "牵头单位", "", "协作单位", "完成时限"]
    for c, h in zip(t.rows[0].cells, top):
        c.text = h
    t.cell(0, 2).merge(t.cell(0, 3))
    for c, h in zip(t.rows[1].cells[2:4], ["牵头领导", "牵头委室"]):
        c.text = h
    for c in (0, 1, 4, 5):
        t.cell(0, c).merge(t.cell(1, c))
    for row in [
        ("一", "加强思想政治建设", "", "", "", ""),
        ("1", "组织集中学习。", "张某", "办公室", "各委室", "全年"),
        ("2", "开展专题培训。", "张某", "学习委", "", "第三季度"),
        ("二", "积极建言资政", "", "", "", ""),
        ("1", "开展专题协商。", "赵某", "经济委", "", "2025年10月"),
    ]:
        r = t.add_row()
        for c, v in zip(r.cells, row):
            c.text = v
    path = tmp_path / "分解表.docx"
    d.save(path)
    (plan,) = parse_file(path)
    assert plan.title == "某县政协2025年重点工作" and plan.year == 2025
    assert [s.title for s in plan.sections] == ["加强思想政治建设", "积极建言资政"] and shape([plan]) == [[2, 1]]
    first = plan.sections[0].items[0].fields
    assert first == {"lead_leader": "张某", "lead_committee": "办公室", "partners": "各委室", "deadline": date(2025, 12, 31)}
    assert plan.sections[0].items[1].fields["deadline"] == date(2025, 9, 30)
    assert plan.sections[1].items[0].fields["deadline"] == date(2025, 10, 31)


def test_files_that_are_no_plan_get_their_true_description(store, cli, tmp_path):
    import io

    import openpyxl
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = task_table(tmp_path / "plain.docx", rows=TASKS)
    encrypted = tmp_path / "加密.docx"
    with open(plain, "rb") as f, open(encrypted, "wb") as out:
        OOXMLFile(f).encrypt("mima", out)
    r = cli("plan", "import", encrypted)
    assert r.code != 0 and "设置了打开密码" in r.err, r
    book = tmp_path / "要点.xlsx"
    openpyxl.Workbook().save(book)
    r = cli("plan", "import", book)
    assert r.code != 0 and "是 Excel 工作簿" in r.err and "import" in r.err, r
    buf = io.BytesIO()
    with open(plain, "rb") as f:
        OOXMLFile(f).encrypt("mima", buf)
    encrypted_book = tmp_path / "提案.xlsx"
    encrypted_book.write_bytes(buf.getvalue())
    r = cli("import", "提案", encrypted_book)
    assert r.code != 0 and "设置了打开密码" in r.err, r


def test_dry_run_goes_through_the_real_checks_and_writes_nothing(store, cli, tmp_path):
    from workbench.plans import import_plan

    path = task_table(tmp_path / "任务分解表.docx", rows=TASKS)
    before = snapshot(store)
    dry = import_plan(store, path, dry_run=True)
    assert snapshot(store) == before
    real = import_plan(store, path)
    assert dry.lines[1:] == real.lines and dry.items_added == real.items_added == 4
    # A revised table: the dry run reports the same revision the real import then makes.
    revised = [
        *TASKS[:5],
        ("4", "做好提案办理协商。", "赵某", "提案委", "县政府办", "周某", "11月底"),
        ("5", "开展民主监督。", "赵某", "提案委", "", "", ""),
    ]
    task_table(path, rows=revised)
    before = snapshot(store)
    dry = import_plan(store, path, dry_run=True)
    assert snapshot(store) == before
    real = import_plan(store, path)
    assert dry.lines[1:] == real.lines
    assert any("新增第5条" in line for line in real.lines)
    items = {i["number"]: i for i in store.rows("plan_item")}
    assert items[4]["owner"] == "孙某"  # what the office holds is never overwritten by the document
    assert items[4]["deadline"] == date(2025, 11, 30)  # an empty deadline is filled from the table


def test_parse_never_breaks_on_web_clutter_alone():
    with pytest.raises(PlanParseError):
        parse_text("首页 > 政协工作\n分享到：微信\n[hide=d60][/hide]\n版权所有：某县政协\n")
