"""Generate the .docx templates in `templates/`: `python -m workbench.documents.build_templates`.

The generated files are committed; a secretary then edits wording (not tags) in
Word or WPS. Regenerate them after changing `styles.py` or `sections.py`, and
run `python -m workbench template check` after any hand edit. Existing files
are replaced only with `--force`, so a secretary's edits are not lost by accident.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import docx
from docx.oxml import parse_xml

from ..atomic import write_atomic
from ..packet.model import Column, Table
from .fonts import W_NS
from .sections import install_footers, page_setup, set_title_page
from .styles import apply_styles
from .tables import append_table
from .templates import TEMPLATES_DIR

_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'


def _right_in(chars: int) -> str:
    """Right-aligned, `chars` characters of body text in from the right margin, no first-line indent."""
    return (f'<w:ind w:right="{chars * 320}" w:rightChars="{chars * 100}" w:firstLineChars="0" w:firstLine="0"/>'
            '<w:jc w:val="right"/>')


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _paragraph(doc, text: str = "", style: str = "Normal", *, ppr: str = "", lines: list[str] | None = None):
    """Append one paragraph; `lines` become line breaks inside it (a two-line title stays one TOC entry)."""
    pieces = lines if lines is not None else [text]
    runs = '<w:r><w:br/></w:r>'.join(
        f'<w:r><w:t xml:space="preserve">{_xml_text(piece)}</w:t></w:r>' for piece in pieces if piece is not None)
    element = parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{runs}</w:p>')
    body = doc.element.body
    body[-1].addprevious(element)
    return element


def _new_document():
    doc = docx.Document()
    body = doc.element.body
    for child in list(body)[:-1]:
        body.remove(child)
    apply_styles(doc)
    page_setup(doc.sections[0]._sectPr)
    install_footers(doc)
    props = doc.core_properties
    props.author = "常委会议材料工作台"
    props.language = "zh-CN"
    return doc


def build_cover():
    doc = _new_document()
    for _ in range(3):
        _paragraph(doc, "", "CoverLine")
    _paragraph(doc, "{{ meeting.title_lines }}", "CoverTitle")
    _paragraph(doc, "会议材料", "CoverSubtitle")
    for _ in range(8):
        _paragraph(doc, "", "CoverLine")
    _paragraph(doc, "{{ meeting.office }}", "CoverLine")
    _paragraph(doc, "{{ meeting.date }}", "CoverLine")
    # The cover carries no page number: title page on, and its first-page footer is empty.
    set_title_page(doc.sections[0]._sectPr)
    doc.core_properties.title = "会议材料封面"
    return doc


def build_notice():
    doc = _new_document()
    # The title breaks after "委员会", as a typesetter would, not wherever the line runs out.
    _paragraph(doc, "关于召开{{ meeting.title_lines }}的通知", "Title")
    _paragraph(doc, "{{ recipients }}：", ppr=_NO_INDENT)
    _paragraph(doc, "经研究，定于{{ time }}在{{ place }}召开{{ meeting.title }}。现将有关事项通知如下：")
    # Section headings 一、 are 黑体 (标题 1). The numbered topics and requirements under them are
    # sentences, not headings, so they stay in body text, ending in "；" and the last in "。".
    _paragraph(doc, "一、会议议题", "Heading1")
    _paragraph(doc, "{%p for topic in topics %}")
    _paragraph(doc, "（{{ loop.index|cn }}）{{ topic|clause(loop.last) }}")
    _paragraph(doc, "{%p endfor %}")
    _paragraph(doc, "二、出席人员", "Heading1")
    _paragraph(doc, "{{ attendees|sentence }}")
    _paragraph(doc, "三、列席人员", "Heading1")
    _paragraph(doc, "{{ observers|sentence }}")
    _paragraph(doc, "四、有关要求", "Heading1")
    _paragraph(doc, "{%p for item in requirements %}")
    _paragraph(doc, "（{{ loop.index|cn }}）{{ item|sentence }}")
    _paragraph(doc, "{%p endfor %}")
    _paragraph(doc, "联系人：{{ contact }}")
    _paragraph(doc, "")
    # GB/T 9704 7.3.5.2 (no seal): the issuing office right-aligned two characters in from the
    # margin, the date on the next line starting two characters right of the office's first
    # character; for an eleven-character office and a date about eight characters wide (digits are
    # half width, with small gaps around them), that is the date right-aligned three characters in.
    _paragraph(doc, "{{ meeting.office }}", ppr=_right_in(2))
    _paragraph(doc, "{{ issued_on or meeting.generated_on }}", ppr=_right_in(3))
    doc.core_properties.title = "会议通知"
    return doc


def build_agenda():
    doc = _new_document()
    _paragraph(doc, style="Title", lines=["{{ meeting.title_lines }}", "议　程"])
    _paragraph(doc, "（{{ time or meeting.date }}{% if place %}　{{ place }}{% endif %}）", "CoverLine")
    _paragraph(doc, "")
    _paragraph(doc, "主持人：{{ presider }}", ppr=_NO_INDENT)
    _paragraph(doc, "{%p for item in items %}")
    _paragraph(doc, "{{ loop.index|cn }}、{{ item.text }}{% if item.presenter %}（{{ item.presenter }}）{% endif %}")
    _paragraph(doc, "{%p endfor %}")
    doc.core_properties.title = "会议议程"
    return doc


def build_base():
    """Styles for documents built from blocks, with one sample of each so a secretary can see and edit them.

    The writer keeps only the styles, page setup and footers; the sample text is never exported.
    """
    doc = _new_document()
    _paragraph(doc, "样式示例（导出时不会出现）", "Title")
    _paragraph(doc, "本文件只提供样式：正文为仿宋_GB2312三号、首行缩进2字符、固定行距28.95磅。"
                    "修改样式即可改变导出材料的格式，请勿删除样式。")
    _paragraph(doc, "一、一级标题（黑体）", "Heading1")
    _paragraph(doc, "（一）二级标题（楷体）", "Heading2")
    _paragraph(doc, "1. 三级标题（仿宋加粗）", "Heading3")
    _paragraph(doc, "表格标题（黑体）", "TableCaption")
    append_table(doc, Table(columns=[Column("序号", 15, "center"), Column("事项", 100), Column("状态", 41, "center")],
                            rows=[["1", "表格文字为仿宋_GB2312小四，不对齐网格", "推进中"]]))
    _paragraph(doc, "注：表格注释。", "TableNote")
    doc.core_properties.title = "样式"
    return doc


BUILDERS = {"cover.docx": build_cover, "notice.docx": build_notice, "agenda.docx": build_agenda,
            "base.docx": build_base}


def build_all(target: Path = TEMPLATES_DIR, *, force: bool = False) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        path = target / name
        if path.exists() and not force:
            continue
        write_atomic(path, build().save)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.documents.build_templates",
                                     description="生成 templates/ 下的会议材料模板（封面、通知、议程、样式）。")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="输出文件夹（默认 templates/）")
    parser.add_argument("--force", action="store_true", help="覆盖已有模板（会丢失在 Word 中所做的修改）")
    args = parser.parse_args(argv)
    written = build_all(args.out, force=args.force)
    for path in written:
        print(f"已生成：{path}")
    skipped = sorted(set(BUILDERS) - {p.name for p in written})
    if skipped:
        print("已存在，未覆盖（如需重新生成请加 --force）：" + "、".join(skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
