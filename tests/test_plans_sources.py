"""Reading plans from the files offices actually receive: Word (typed and automatic numbering), GBK text, web pages.

The .docx files are built here with python-docx; the automatic-numbering one
gets its own numbering definitions (一、 for level 0, 1. for level 1) written
into the numbering part, as Word does, so the numbers are not in the text.
"""

from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from workbench.base.errors import PlanParseError
from workbench.plans import parse_file

PLAN_LINES = [
    ("title", "政协青岚县委员会2025年工作要点"),
    ("body", "2025年县政协工作的总体要求是：坚持团结和民主两大主题。"),
    (0, "加强思想政治建设"),
    (1, "深入学习党的创新理论。组织常委会议集体学习。"),
    (1, "坚持党的领导。落实请示报告制度。"),
    (0, "聚焦中心建言资政"),
    (1, "开展专题协商"),
    ("body", "围绕乡村振兴开展专题协商，形成协商报告。"),
    (1, "做好提案工作。提高提案质量。"),
]


def check_plan(plans):
    assert len(plans) == 1
    plan = plans[0]
    assert plan.title == "政协青岚县委员会2025年工作要点"
    assert plan.year == 2025
    assert [s.title for s in plan.sections] == ["加强思想政治建设", "聚焦中心建言资政"]
    assert [[i.number for i in s.items] for s in plan.sections] == [[1, 2], [3, 4]]
    items = [i for s in plan.sections for i in s.items]
    assert [i.title for i in items] == ["深入学习党的创新理论", "坚持党的领导", "开展专题协商", "做好提案工作"]
    assert items[2].text == "围绕乡村振兴开展专题协商，形成协商报告。"
    return plan


def test_docx_with_typed_numbering(tmp_path):
    d = docx.Document()
    section_no = item_no = 0
    for level, text in PLAN_LINES:
        if level == 0:
            section_no += 1
            text = "一二三"[section_no - 1] + "、" + text
        elif level == 1:
            item_no += 1
            text = f"{item_no}．{text}"
        d.add_paragraph(text)
    path = tmp_path / "工作要点（手打编号）.docx"
    d.save(path)
    check_plan(parse_file(path))


_NUMBERING = """
<w:abstractNum {ns} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
</w:abstractNum>
"""


def test_docx_with_word_automatic_numbering(tmp_path):
    d = docx.Document()
    numbering = d.part.numbering_part.element
    abstract = parse_xml(_NUMBERING.format(ns=nsdecls("w")))
    # abstractNum elements must come before the num elements.
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    # A second list instance that continues the same abstract list (items run on across sections).
    for level, text in PLAN_LINES:
        p = d.add_paragraph(text)
        if level in (0, 1):
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
    path = tmp_path / "auto.docx"
    d.save(path)
    # The numbers really are not in the paragraph text: Word draws them from numbering.xml.
    assert docx.Document(path).paragraphs[2].text == "加强思想政治建设"
    plans = parse_file(path)
    # Level 1 restarts under each level-0 paragraph, as Word numbers it.
    plan = plans[0]
    assert [s.title for s in plan.sections] == ["加强思想政治建设", "聚焦中心建言资政"]
    assert [[i.number for i in s.items] for s in plan.sections] == [[1, 2], [1, 2]]
    assert [s.marker for s in plan.sections] == ["一、", "二、"]
    assert [i.title for s in plan.sections for i in s.items] == [
        "深入学习党的创新理论",
        "坚持党的领导",
        "开展专题协商",
        "做好提案工作",
    ]
    assert plan.sections[1].items[0].text == "围绕乡村振兴开展专题协商，形成协商报告。"


def _text(lines=PLAN_LINES) -> str:
    out, section_no, item_no = [], 0, 0
    for level, text in lines:
        if level == 0:
            section_no += 1
            text = "一二三"[section_no - 1] + "、" + text
        elif level == 1:
            item_no += 1
            text = f"{item_no}、{text}"
        out.append(text)
    return "\n".join(out)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_text_files_in_each_encoding(tmp_path, encoding):
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(_text().replace("\n", "\r\n").encode(encoding))
    check_plan(parse_file(path))


def test_saved_web_page(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in _text().split("\n"))
    html = (
        f"<html><head><meta charset='gbk'><title>工作要点</title><script>var a='一、x';</script></head>"
        f"<body><div class='nav'>首页 &gt; 政协工作 &gt; 正文</div>{body}"
        "<div>版权所有：政协青岚县委员会</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    check_plan(parse_file(path))


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "空的"),
        (b"\n\r\n   \n", "空的"),
        (bytes(range(256)) * 20, "不是文本文件"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(500), "不是文本文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "另存为"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04broken zip", "不是有效的 Word"),
    ],
)
def test_unreadable_files_give_a_chinese_message_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "收到的文件.txt"
    path.write_bytes(content)
    with pytest.raises(PlanParseError) as info:
        parse_file(path)
    assert expected in str(info.value)
    assert "收到的文件.txt" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(PlanParseError, match="找不到文件"):
        parse_file(tmp_path / "没有这个文件.docx")


@pytest.mark.parametrize("content", [b"", bytes(range(256)) * 20])
def test_cli_bad_files_without_traceback(cli, tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    for args in (("plan", "parse", path), ("plan", "parse", path, "--json"), ("plan", "import", path)):
        result = cli(*args)
        assert result.code == 1, result
        assert result.err.startswith("错误：") and "bad.txt" in result.err
        assert "Traceback" not in result.err + result.out
        assert result.out == ""


def test_cli_reads_pasted_text_from_stdin(cli, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(_text().replace("\n", "\r\n")))
    result = cli("plan", "parse", "-")
    assert result.code == 0, result
    assert "粘贴的文本" in result.out and "共 2 个部分、4 条" in result.out
