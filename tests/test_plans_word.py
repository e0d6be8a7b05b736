"""Word files as offices leave them: a plan whose body is followed by its 任务分解表, and Word read as it prints.

Each .docx is built with python-docx the way an office writes it, with Word's own markup for what
python-docx cannot write (tracked changes, text boxes with their VML fallback, hidden text, a
table in a table) injected as XML. The checks are on what is parsed and stored, not on counts alone.
"""

from __future__ import annotations

from datetime import date

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from workbench.plans import parse_file
from workbench.sheets import personnel_file

BODY = [
    "政协某县委员会2025年工作要点",
    "2025年县政协工作的总体要求是：坚持团结和民主两大主题，为全县发展作出新贡献。",
    "一、加强思想政治建设",
    "1.深入学习党的创新理论。组织常委会议集体学习，全年不少于6次。",
    "2.开展委员读书活动。依托书香政协平台，组织委员读书交流。",
    "二、积极建言资政",
    "3.围绕乡村振兴开展专题协商。深入调研，形成协商报告。",
    "4.做好提案办理协商。提高提案质量，推动办理落实。",
    "5.开展民主监督。聚焦民生实事开展专项监督。",
    "三、加强自身建设",
    "6.加强委员队伍建设。完善委员履职档案。",
]
TABLE_HEADERS = ["序号", "工作任务", "牵头领导", "责任单位", "配合单位", "完成时限"]
TABLE_ROWS = [
    ("1", "深入学习党的创新理论", "张某", "办公室", "各专委会", "全年"),
    ("2", "开展委员读书活动", "张某", "学习委", "", "6月底"),
    ("3", "围绕乡村振兴开展专题协商", "赵某", "经济委", "县农业农村局", "2025年9月30日"),
    ("4", "做好提案办理协商", "赵某", "提案委", "县政府办", "长期坚持"),
    ("5", "开展民主监督", "钱某", "社法委", "", "11月底"),
    ("6", "加强委员队伍建设", "孙某", "办公室", "各委室", "全年"),
    ("7", "编印政协年鉴", "孙某", "文史委", "", "12月底"),
]


def plan_with_task_table(path, *, body=BODY, rows=TABLE_ROWS, headers=TABLE_HEADERS):
    d = docx.Document()
    for text in body:
        d.add_paragraph(text)
    d.add_paragraph("附件：2025年县政协重点工作任务分解表")
    t = d.add_table(rows=1, cols=len(headers))
    for c, h in zip(t.rows[0].cells, headers):
        c.text = h
    for row in rows:
        r = t.add_row()
        for c, v in zip(r.cells, row):
            c.text = v
    d.save(path)
    return path


def test_a_plan_with_its_task_table_keeps_the_body_outline_with_the_tables_owners(store, cli, tmp_path):
    path = plan_with_task_table(tmp_path / "2025年工作要点（含任务分解表）.docx")
    (plan,) = parse_file(path)
    assert plan.title == "政协某县委员会2025年工作要点" and plan.year == 2025
    assert [s.title for s in plan.sections] == ["加强思想政治建设", "积极建言资政", "加强自身建设"]
    assert [[i.title for i in s.items] for s in plan.sections] == [
        ["深入学习党的创新理论", "开展委员读书活动"],
        ["围绕乡村振兴开展专题协商", "做好提案办理协商", "开展民主监督"],
        ["加强委员队伍建设", "编印政协年鉴"],
    ]
    extra = plan.sections[2].items[1]
    assert extra.only_in_table and not any(i.only_in_table for s in plan.sections for i in s.items[:-1] if i is not extra)
    assert any("1 项任务在正文中没有对应的条目（“编印政协年鉴”）" in n for n in plan.notices), plan.notices
    assert "任务分解表" not in "".join(i.text for s in plan.sections for i in s.items)  # the caption is not item text

    r = cli("plan", "parse", path)
    assert r.code == 0 and "编印政协年鉴（仅见于任务分解表）" in r.out, r
    r = cli("plan", "import", path)
    assert r.code == 0 and "3 个部分，7 条" in r.out and "说明：正文有 3 个部分、6 条" in r.out, r
    stored = {i["title"]: i for i in store.rows("plan_item")}
    first = stored["深入学习党的创新理论"]
    assert first["text"] == "深入学习党的创新理论。组织常委会议集体学习，全年不少于6次。"
    assert (first["lead_leader"], first["lead_committee"], first["partners"], first["deadline"]) == (
        "张某",
        "办公室",
        "各专委会",
        date(2025, 12, 31),
    )
    assert stored["开展委员读书活动"]["deadline"] == date(2025, 6, 30)
    assert stored["开展委员读书活动"]["partners"] is None
    assert stored["围绕乡村振兴开展专题协商"]["lead_committee"] == "经济委"
    assert stored["围绕乡村振兴开展专题协商"]["deadline"] == date(2025, 9, 30)
    assert stored["做好提案办理协商"]["deadline"] is None
    assert stored["做好提案办理协商"]["text"].endswith("完成时限：长期坚持")
    assert stored["开展民主监督"]["deadline"] == date(2025, 11, 30)
    assert stored["编印政协年鉴"]["lead_committee"] == "文史委"
    sections = {s["id"]: s["title"] for s in store.rows("plan_section")}
    assert sections[stored["编印政协年鉴"]["section_id"]] == "加强自身建设"


def test_a_task_table_worded_otherwise_is_matched_by_number_and_never_shrinks_the_body(tmp_path):
    rows = [
        ("1", "理论学习", "张某", "办公室", "", "全年"),
        ("2", "读书活动", "张某", "学习委", "", "6月底"),
        ("3", "专题协商", "赵某", "经济委", "", "9月底"),
    ]
    (plan,) = parse_file(plan_with_task_table(tmp_path / "短表.docx", rows=rows))
    assert plan.item_count == 6
    items = [i for s in plan.sections for i in s.items]
    assert [i.fields.get("lead_committee") for i in items] == ["办公室", "学习委", "经济委", None, None, None]
    assert items[2].fields["deadline"] == date(2025, 9, 30)
    assert any("正文中有 3 条在任务分解表中没有对应的任务" in n for n in plan.notices)


def test_a_body_numbered_afresh_in_each_part_matched_to_a_table_numbered_on(tmp_path):
    body = ["某县政协2025年工作要点", "一、加强思想政治建设", "1.组织学习。", "2.开展培训。", "二、建言资政", "1.开展协商。"]
    rows = [
        ("1", "学习", "甲", "办公室", "", "3月底"),
        ("2", "培训", "乙", "学习委", "", "4月底"),
        ("3", "协商", "丙", "经济委", "", "5月底"),
    ]
    (plan,) = parse_file(plan_with_task_table(tmp_path / "分部编号.docx", body=body, rows=rows))
    assert [[(i.title, i.fields["lead_leader"]) for i in s.items] for s in plan.sections] == [
        [("组织学习", "甲"), ("开展培训", "乙")],
        [("开展协商", "丙")],
    ]


# ------------------------------------------------------------------ Word as it prints
def _paragraph_xml(inner: str) -> str:
    return f"<w:p {nsdecls('w')}>{inner}</w:p>"


def _run(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _append(d, xml: str) -> None:
    """Add a paragraph written as XML at the end of the body, before its section properties, as Word has it."""
    body = d.element.body
    body.find(qn("w:sectPr")).addprevious(parse_xml(xml))


DRAWING_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def revised_plan(path):
    """A plan with pending revisions: an insertion, a deletion, a moved item, a text box, hidden text."""
    d = docx.Document()
    d.add_paragraph("某县政协2025年工作要点")
    d.add_paragraph("一、加强思想政治建设")
    ins = '<w:ins w:id="1" w:author="办公室" w:date="2025-01-05T10:00:00Z">{}</w:ins>'
    dele = '<w:del w:id="2" w:author="办公室" w:date="2025-01-05T10:00:00Z"><w:r><w:delText>{}</w:delText></w:r></w:del>'
    _append(d, _paragraph_xml(_run("1.深入学习党的创新理论。") + ins.format(_run("组织专题学习。")) + dele.format("（草稿）")))
    # Item 2 was moved from after item 3 to here: Word keeps both places until the move is accepted.
    move_to = '<w:moveTo w:id="3" w:author="办公室" w:date="2025-01-05T10:00:00Z">{}</w:moveTo>'
    move_from = '<w:moveFrom w:id="4" w:author="办公室" w:date="2025-01-05T10:00:00Z">{}</w:moveFrom>'
    moved = _run("2.开展委员读书活动。组织读书交流。")
    _append(d, _paragraph_xml(move_to.format(moved)))
    _append(d, _paragraph_xml(_run("3.坚持党的领导。落实请示报告制度。") + _run("内部备注：暂不公开。", "<w:vanish/>")))
    _append(
        d,
        _paragraph_xml(
            '<w:pPr><w:rPr><w:moveFrom w:id="5" w:author="办公室" w:date="2025-01-05T10:00:00Z"/></w:rPr></w:pPr>'
            + move_from.format(moved)
        ),
    )
    d.add_paragraph("二、积极建言资政")
    box = (
        "<w:txbxContent>"
        + _paragraph_xml(_run("4.开展专题协商。围绕乡村振兴开展协商。"))
        + _paragraph_xml(_run("5.做好提案工作。提高提案质量。"))
        + "</w:txbxContent>"
    )
    anchor = (
        f"<w:r><mc:AlternateContent {nsdecls('wp', 'a')} {DRAWING_NS}><mc:Choice Requires='wps'><w:drawing><wp:anchor>"
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    _append(d, _paragraph_xml(anchor))
    d.save(path)
    return path


def test_word_is_read_as_it_prints_with_pending_revisions_accepted(tmp_path):
    (plan,) = parse_file(revised_plan(tmp_path / "修订稿.docx"))
    first, second = plan.sections
    assert [i.title for i in first.items] == ["深入学习党的创新理论", "开展委员读书活动", "坚持党的领导"]
    assert first.items[0].text == "深入学习党的创新理论。组织专题学习。"  # inserted text kept, deleted text gone
    assert first.items[2].text == "坚持党的领导。落实请示报告制度。"  # hidden text left out
    assert [i.title for i in second.items] == ["开展专题协商", "做好提案工作"]  # the text box read once
    assert plan.notices == ["文件中有未接受的修订（插入1处、删除1处、移动1处），已按接受全部修订后的文字读取。"]


def test_a_plan_without_revisions_carries_no_notice(tmp_path):
    (plan,) = parse_file(plan_with_task_table(tmp_path / "定稿.docx", rows=TABLE_ROWS[:6]))
    assert not any("修订" in n for n in plan.notices)
    assert not any(i.only_in_table for s in plan.sections for i in s.items)


PERSON_HEADERS = ["姓名", "性别", "民族", "出生年月", "党派", "工作单位及职务", "事项"]


def test_a_personnel_list_in_word_read_as_it_prints(tmp_path):
    d = docx.Document()
    d.add_paragraph("政协某县委员会任免名单")
    t = d.add_table(rows=1, cols=len(PERSON_HEADERS))
    for c, h in zip(t.rows[0].cells, PERSON_HEADERS):
        c.text = h
    r = t.add_row()
    for c, v in zip(r.cells, ["王某某", "女", "汉族", "1978.05", "中共", "县教体局局长", "增补委员"]):
        c.text = v
    # A name typed in as a tracked insertion, with a deleted draft name beside it.
    r = t.add_row()
    for c, v in zip(r.cells[1:], ["男", "汉族", "1980.03", "民盟", "县医院副院长", "增补委员"]):
        c.text = v
    cell = r.cells[0]._tc
    cell.remove(cell.find(f"{{{cell.nsmap['w']}}}p"))
    cell.append(
        parse_xml(
            _paragraph_xml(
                '<w:ins w:id="9" w:author="统战部" w:date="2025-01-05T10:00:00Z">' + _run("陈某某") + "</w:ins>"
                '<w:del w:id="10" w:author="统战部" w:date="2025-01-05T10:00:00Z"><w:r><w:delText>李某</w:delText></w:r></w:del>'
            )
        )
    )
    # A third person in a table nested in a cell of the last row, as offices paste a list into a cell.
    r = t.add_row()
    merged = r.cells[0].merge(r.cells[-1])
    inner = merged.add_table(rows=1, cols=len(PERSON_HEADERS))
    for c, v in zip(inner.rows[0].cells, ["赵某", "男", "回族", "1975.11", "无党派", "县商务局局长", "增补委员"]):
        c.text = v
    # A hidden draft row note in the name cell of the first person must not join the name.
    first_name = t.rows[1].cells[0].paragraphs[0]._p
    first_name.append(parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:vanish/></w:rPr><w:t>（待定）</w:t></w:r>"))
    path = tmp_path / "任免名单.docx"
    d.save(path)
    people = personnel_file.read(path)
    assert [p["name"] for p in people] == ["王某某", "陈某某", "赵某"]
    assert people[2]["unit_and_post"] == "县商务局局长" and people[2]["ethnicity"] == "回族"
    # The pending revisions are said, as for a plan.
    assert people.notices == ["文件中有未接受的修订（插入1处、删除1处），已按接受全部修订后的文字读取。"]
