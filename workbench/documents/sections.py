"""Page setup and sections: A4 with the GB/T 9704 margins and line grid, landscape
sections for wide tables, and the "— 1 —" page-number footers (odd right, even left).

A section's properties live in a `w:sectPr`: the body's last one describes the
final section, earlier ones sit in the last paragraph of their section. Word
requires the children in schema order, so every change goes through `_put`.
"""

from __future__ import annotations

import copy

from docx.oxml import parse_xml
from lxml import etree

from workbench.documents.fonts import W_NS, W
from workbench.documents.styles import LINE_TWIPS


def mm(value: float) -> int:
    """Millimetres → twentieths of a point (twips), the unit of page geometry in WordprocessingML."""
    return round(value * 1440 / 25.4)


A4_WIDTH, A4_HEIGHT = mm(210), mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = mm(37), mm(35), mm(28), mm(26)
# The page number sits about 7 mm below the type area.
FOOTER_DISTANCE = mm(21)
HEADER_DISTANCE = mm(15)
LINES_PER_PAGE = 22

_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]
_RANK = {name: i for i, name in enumerate(_ORDER)}
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _local(el) -> str:
    return etree.QName(el).localname


def _put(sect_pr, element) -> None:
    """Replace the child of the same kind, or insert `element` at its schema position."""
    name = _local(element)
    for old in sect_pr.findall(W + name):
        sect_pr.remove(old)
    rank = _RANK[name]
    for i, child in enumerate(sect_pr):
        if _RANK.get(_local(child), len(_ORDER)) > rank:
            sect_pr.insert(i, element)
            return
    sect_pr.append(element)


def _el(xml: str):
    """Parse one `w:` element written without its namespace declaration."""
    name_end = next(i for i, ch in enumerate(xml) if ch in " />")
    return parse_xml(f'{xml[:name_end]} xmlns:w="{W_NS}"{xml[name_end:]}')


def page_setup(sect_pr, *, landscape: bool = False) -> None:
    """A4 (turned for landscape), GB/T 9704 margins, 22-line grid at 28.95 pt."""
    width, height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    orient = ' w:orient="landscape"' if landscape else ""
    _put(sect_pr, _el(f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'))
    _put(
        sect_pr,
        _el(
            f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
            f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
        ),
    )
    _put(sect_pr, _el('<w:cols w:space="425"/>'))
    _put(sect_pr, _el(f'<w:docGrid w:type="lines" w:linePitch="{LINE_TWIPS}"/>'))


def is_landscape(sect_pr) -> bool:
    size = sect_pr.find(W + "pgSz")
    if size is None:
        return False
    if size.get(W + "orient") == "landscape":
        return True
    return int(size.get(W + "w", "0")) > int(size.get(W + "h", "0"))


def set_break(sect_pr, kind: str = "nextPage") -> None:
    _put(sect_pr, _el(f'<w:type w:val="{kind}"/>'))


def set_title_page(sect_pr, on: bool = True) -> None:
    if on:
        _put(sect_pr, _el("<w:titlePg/>"))
    else:
        for old in sect_pr.findall(W + "titlePg"):
            sect_pr.remove(old)


def restart_numbering(sect_pr, start: int = 1) -> None:
    _put(sect_pr, _el(f'<w:pgNumType w:start="{start}"/>'))


def footer_refs(sect_pr) -> dict[str, str]:
    """footer type (default/even/first) → relationship id."""
    return {ref.get(W + "type"): ref.get(f"{{{_R_NS}}}id") for ref in sect_pr.findall(W + "footerReference")}


def set_footer_refs(sect_pr, refs: dict[str, str]) -> None:
    for old in sect_pr.findall(W + "footerReference"):
        sect_pr.remove(old)
    anchor = 0
    for i, child in enumerate(sect_pr):
        if _local(child) == "headerReference":
            anchor = i + 1
    for kind, rid in refs.items():
        ref = parse_xml(f'<w:footerReference xmlns:w="{W_NS}" xmlns:r="{_R_NS}" w:type="{kind}" r:id="{rid}"/>')
        sect_pr.insert(anchor, ref)
        anchor += 1


def derived(prototype, *, landscape: bool | None = None) -> etree._Element:
    """A copy of `prototype` for a new section: same footers and margins, optionally turned."""
    sect_pr = copy.deepcopy(prototype)
    for tag in ("pgNumType", "titlePg"):
        for old in sect_pr.findall(W + tag):
            sect_pr.remove(old)
    if landscape is not None:
        page_setup(sect_pr, landscape=landscape)
    set_break(sect_pr, "nextPage")
    return sect_pr


def page_number_paragraph_xml(*, odd: bool) -> str:
    """ "— 1 —": a PAGE field between em dashes, outside edge, one character in from the margin."""
    side = (
        '<w:jc w:val="right"/><w:ind w:right="280" w:firstLine="0" w:firstLineChars="0"/>'
        if odd
        else '<w:jc w:val="left"/><w:ind w:left="280" w:firstLine="0" w:firstLineChars="0"/>'
    )
    return (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Footer"/>{side}</w:pPr>'
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


def install_footers(document) -> None:
    """Give the document's (single) section default/even page-number footers and an empty first-page footer.

    The first-page footer is only shown where a section has `titlePg` (the cover), but
    it exists in every template so the merged packet can blank the cover and contents pages.
    """
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        _fill_footer(footer, page_number_paragraph_xml(odd=odd))
    first = section.first_page_footer
    first.is_linked_to_previous = False
    _fill_footer(first, f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p>')


def _fill_footer(footer, paragraph_xml: str) -> None:
    root = footer._element
    for p in list(root):
        root.remove(p)
    root.append(parse_xml(paragraph_xml))
