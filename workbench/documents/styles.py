"""GB/T 9704-2012 paragraph and character styles, written into a document's styles.xml.

The format lives in styles (and docDefaults), not in direct formatting, so a
secretary who opens a template in Word or WPS sees 正文, 标题, 一级标题… and
changing a style changes every paragraph that uses it. `apply_styles` is run
by `build_templates` when the templates are generated; the writer only refers
to the style ids listed in `REQUIRED_STYLES`.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from lxml import etree

from workbench.documents.fonts import FANGSONG, HEITI, KAITI, SONGTI, W_NS, XIAOBIAOSONG, W, rfonts_xml, strip_theme_fonts

# 28.95 pt fixed line spacing = 22 lines in the 225 mm type area, in twentieths of a point.
LINE_TWIPS = 579
BODY_SIZE = 32  # half-points: 三号 16 pt
TITLE_SIZE = 44  # 二号 22 pt
PAGE_NUMBER_SIZE = 28  # 四号 14 pt
TABLE_SIZE = 24  # 小四 12 pt: tables hold more than prose
TABLE_LINE_TWIPS = 300  # 15 pt

# Text-area width in portrait: 210 − 28 − 26 = 156 mm.
TEXT_WIDTH_TWIPS = round(156 * 1440 / 25.4)
CHARS_PER_LINE = 28  # GB/T 9704: 22 lines × 28 characters


def condensed_twips(text_twips: int = TEXT_WIDTH_TWIPS, chars: int = CHARS_PER_LINE, half_points: int = BODY_SIZE) -> int:
    """Character spacing (negative twips) that fits `chars` characters of body text on a line.

    156 mm holds 27.6 characters of 16 pt, so each character is set 0.25 pt narrower (≈15.75 pt).
    A Word character grid (`linesAndChars`, charSpace −842) would say the same to Word, but
    LibreOffice, which makes our PDFs, puts each 16 pt character into two 15.79 pt grid cells and
    prints 14 characters a line; condensed spacing gives 28 in Word, WPS and LibreOffice alike.
    """
    full = half_points * 10 * chars
    return -max(0, -(-(full - text_twips) // chars))


_NS = f'xmlns:w="{W_NS}"'


def _style(
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_id: str | None = None,
    ppr: str = "",
    rpr: str = "",
    kind: str = "paragraph",
    default: bool = False,
    ui_priority: int = 1,
) -> str:
    parts = [
        f'<w:style {_NS} w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "") + ">",
        f'<w:name w:val="{name}"/>',
    ]
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    parts.append(f'<w:uiPriority w:val="{ui_priority}"/><w:qFormat/>')
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_NOT_BOLD = '<w:b w:val="0"/><w:bCs w:val="0"/>'

# id → XML of the style. Built-in names (Normal, Title, heading 1…) keep Word's own ids so
# that Word and WPS show their localised names (正文, 标题, 标题 1) and the navigation pane works.
STYLE_XML: dict[str, str] = {
    "Normal": _style(
        "Normal",
        "Normal",
        based_on=None,
        default=True,
        ui_priority=0,
        ppr='<w:widowControl w:val="0"/>' + _EXACT + '<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>',
        rpr=rfonts_xml(FANGSONG) + f'<w:spacing w:val="{condensed_twips()}"/>' + _size(BODY_SIZE),
    ),
    # Outline level 0 is what the packet's table of contents (\o "1-1") collects: one entry per document.
    "Title": _style(
        "Title",
        "Title",
        next_id="Normal",
        ui_priority=10,
        ppr='<w:keepNext/><w:keepLines/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="{LINE_TWIPS}" w:line="{LINE_TWIPS + 120}" w:lineRule="exact"/>'
        + _NO_INDENT
        + '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
        rpr=rfonts_xml(XIAOBIAOSONG, XIAOBIAOSONG) + _NOT_BOLD + _size(TITLE_SIZE),
    ),
    "Heading1": _style(
        "Heading1",
        "heading 1",
        next_id="Normal",
        ui_priority=9,
        ppr="<w:keepNext/><w:keepLines/>" + _EXACT + '<w:outlineLvl w:val="1"/>',
        rpr=rfonts_xml(HEITI) + _NOT_BOLD + _size(BODY_SIZE),
    ),
    "Heading2": _style(
        "Heading2",
        "heading 2",
        next_id="Normal",
        ui_priority=9,
        ppr="<w:keepNext/><w:keepLines/>" + _EXACT + '<w:outlineLvl w:val="2"/>',
        rpr=rfonts_xml(KAITI) + _NOT_BOLD + _size(BODY_SIZE),
    ),
    "Heading3": _style(
        "Heading3",
        "heading 3",
        next_id="Normal",
        ui_priority=9,
        ppr="<w:keepNext/><w:keepLines/>" + _EXACT + '<w:outlineLvl w:val="3"/>',
        rpr=rfonts_xml(FANGSONG) + "<w:b/><w:bCs/>" + _size(BODY_SIZE),
    ),
    "Footer": _style(
        "Footer",
        "footer",
        ui_priority=99,
        ppr='<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        + _NO_INDENT
        + '<w:jc w:val="right"/>',
        rpr=rfonts_xml(SONGTI, SONGTI) + _size(PAGE_NUMBER_SIZE),
    ),
    # Table text: a fixed 15 pt line for 12 pt text, off the 28.95 pt grid. "Single" spacing would
    # follow each font's own line gap (Noto CJK's is half as large again as 仿宋_GB2312's), so the
    # same table would take different room in Word and in the PDF.
    "TableText": _style(
        "TableText",
        "表格文字",
        ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{TABLE_LINE_TWIPS}" w:lineRule="exact"/>'
        + _NO_INDENT
        + '<w:jc w:val="left"/>',
        rpr=rfonts_xml(FANGSONG) + _size(TABLE_SIZE),
    ),
    "TableHeader": _style(
        "TableHeader", "表格表头", based_on="TableText", ppr='<w:jc w:val="center"/>', rpr=rfonts_xml(HEITI) + _size(TABLE_SIZE)
    ),
    "TableCaption": _style(
        "TableCaption",
        "表格标题",
        next_id="Normal",
        ppr="<w:keepNext/>" + _NO_INDENT + '<w:jc w:val="center"/>',
        rpr=rfonts_xml(HEITI) + _size(BODY_SIZE),
    ),
    "TableNote": _style(
        "TableNote",
        "表格注释",
        based_on="TableText",
        ppr=f'<w:keepNext/><w:spacing w:before="60" w:after="60" w:line="{TABLE_LINE_TWIPS}" w:lineRule="exact"/>',
    ),
    "CoverTitle": _style(
        "CoverTitle",
        "封面标题",
        next_id="Normal",
        ppr='<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="800" w:lineRule="exact"/>'
        + _NO_INDENT
        + '<w:jc w:val="center"/>',
        rpr=rfonts_xml(XIAOBIAOSONG, XIAOBIAOSONG) + _NOT_BOLD + _size(TITLE_SIZE),
    ),
    "CoverSubtitle": _style(
        "CoverSubtitle",
        "封面副标题",
        based_on="CoverTitle",
        ppr='<w:spacing w:before="1200" w:after="0" w:line="1200" w:lineRule="exact"/>',
        rpr=_size(72),
    ),
    "CoverLine": _style(
        "CoverLine", "封面落款", ppr=_NO_INDENT + '<w:jc w:val="center"/>', rpr=rfonts_xml(KAITI) + _size(BODY_SIZE)
    ),
    "TOCHeading": _style(
        "TOCHeading",
        "TOC Heading",
        next_id="Normal",
        ui_priority=39,
        ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{LINE_TWIPS}" w:line="{LINE_TWIPS + 120}" '
        'w:lineRule="exact"/>' + _NO_INDENT + '<w:jc w:val="center"/>',
        rpr=rfonts_xml(XIAOBIAOSONG, XIAOBIAOSONG) + _NOT_BOLD + _size(TITLE_SIZE),
    ),
    "TOC1": _style(
        "TOC1",
        "toc 1",
        next_id="Normal",
        ui_priority=39,
        ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
        + _NO_INDENT
        + '<w:jc w:val="left"/>',
        rpr=rfonts_xml(FANGSONG) + _size(BODY_SIZE),
    ),
}

# The styles the writer uses; `template check` reports any that a template lacks.
REQUIRED_STYLES: tuple[str, ...] = tuple(STYLE_XML)

# Style ids → the Chinese name a secretary sees in the check report.
STYLE_LABELS = {
    "Normal": "正文",
    "Title": "标题",
    "Heading1": "标题 1（一、）",
    "Heading2": "标题 2（（一））",
    "Heading3": "标题 3（1.）",
    "Footer": "页脚",
    "TableText": "表格文字",
    "TableHeader": "表格表头",
    "TableCaption": "表格标题",
    "TableNote": "表格注释",
    "CoverTitle": "封面标题",
    "CoverSubtitle": "封面副标题",
    "CoverLine": "封面落款",
    "TOCHeading": "目录标题",
    "TOC1": "目录 1",
}

_DOC_DEFAULTS = (
    f"<w:docDefaults {_NS}><w:rPrDefault><w:rPr>{rfonts_xml(FANGSONG)}"
    '<w:kern w:val="2"/>' + _size(BODY_SIZE) + '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    f"<w:pPrDefault><w:pPr>{_EXACT}</w:pPr></w:pPrDefault></w:docDefaults>"
)


def apply_styles(document) -> None:
    """Put the GB/T 9704 styles and defaults into a python-docx Document, removing theme fonts."""
    styles = document.styles.element
    old = styles.find(W + "docDefaults")
    new_defaults = parse_xml(_DOC_DEFAULTS)
    if old is not None:
        old.addprevious(new_defaults)
        styles.remove(old)
    else:
        styles.insert(0, new_defaults)
    existing = {s.get(W + "styleId"): s for s in styles.findall(W + "style")}
    for style_id, xml in STYLE_XML.items():
        element = parse_xml(xml)
        if style_id in existing:
            existing[style_id].addprevious(element)
            styles.remove(existing[style_id])
        else:
            styles.append(element)
    strip_theme_fonts(styles)
    _apply_settings(document.settings.element)


def _apply_settings(settings: etree._Element) -> None:
    # Odd pages carry the number on the right, even pages on the left: needs separate even footers.
    # Schema order: evenAndOddHeaders follows defaultTabStop (Word rejects it elsewhere).
    if settings.find(W + "evenAndOddHeaders") is None:
        el = etree.SubElement(settings, W + "evenAndOddHeaders")
        anchor = settings.find(W + "defaultTabStop")
        if anchor is not None:
            anchor.addnext(el)
    lang = settings.find(W + "themeFontLang")
    if lang is not None:
        lang.set(W + "eastAsia", "zh-CN")
