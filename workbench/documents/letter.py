"""Letters (函) in GB/T 9704 信函格式 (§10.1), as plain data and as .docx.

First page: the issuing office's mark (发文机关标志) in red 小标宋 with its top edge 30 mm from
the top of the page, a red double line (thick over thin) 4 mm below it, 170 mm long and centred
on the type area; a red thin-over-thick line 20 mm above the bottom edge; no page number.
Both are drawn in the first page's header and footer, outside the 37/35 mm margins, so the body
keeps the GB/T 9704 type area. From page 2 on, the usual "— 2 —" numbers.
Body: 发文字号 flush right under the line, the title two lines below, 主送, text, tables,
the sealed signature (成文日期 right-indented 4 characters, 署名 centred over it, room for the
seal) and the 附注 with the contact person. Knows nothing of the store: `workbench.drafts.letters`
fills the `Letter` (drafts.blocks).
"""

from __future__ import annotations

from docx.shared import Mm

from workbench.documents.compose import paragraph_element
from workbench.documents.fonts import W_NS, XIAOBIAOSONG, rfonts_xml
from workbench.documents.standalone import blank_line, render
from workbench.drafts.blocks import Letter, Paragraph, Signature, StandaloneDocument

RED = "FF0000"
MARK_SIZE = 52  # half-points: 26 pt, the usual size of a county office's mark
LINE_LENGTH_MM = 170
TYPE_WIDTH_MM = 156


def _mark_paragraph(sender: str) -> str:
    esc = sender.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Normal"/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{MARK_SIZE * 10 + 40}" w:lineRule="exact"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr>{rfonts_xml(XIAOBIAOSONG)}<w:color w:val="{RED}"/>'
        f'<w:sz w:val="{MARK_SIZE}"/><w:szCs w:val="{MARK_SIZE}"/></w:rPr>'
        f"<w:t>{esc}</w:t></w:r></w:p>"
    )


def _rule_paragraph(*, side: str, style: str, space_before_twips: int = 0) -> str:
    """An empty, hairline-high paragraph whose border is the red double line, 170 mm long."""
    overhang = round((LINE_LENGTH_MM - TYPE_WIDTH_MM) / 2 * 1440 / 25.4)
    return (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Normal"/><w:snapToGrid w:val="0"/>'
        f'<w:pBdr><w:{side} w:val="{style}" w:sz="18" w:space="0" w:color="{RED}"/></w:pBdr>'
        f'<w:spacing w:before="{space_before_twips}" w:after="0" w:line="20" w:lineRule="exact"/>'
        f'<w:ind w:left="-{overhang}" w:right="-{overhang}" w:firstLineChars="0" w:firstLine="0"/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:r></w:p>'
    )


def _first_page_furniture(document, sender: str) -> None:
    from docx.oxml import parse_xml

    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(30)  # the mark's top edge, from the top of the page
    section.footer_distance = Mm(20)  # the bottom line, from the bottom of the page
    header = section.first_page_header
    header.is_linked_to_previous = False
    root = header._element
    for child in list(root):
        root.remove(child)
    root.append(parse_xml(_mark_paragraph(sender)))
    # 4 mm from the mark's baseline area to the line: thick over thin.
    root.append(parse_xml(_rule_paragraph(side="bottom", style="thickThinSmallGap", space_before_twips=round(4 * 1440 / 25.4))))
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    froot = footer._element
    for child in list(froot):
        froot.remove(child)
    froot.append(parse_xml(_rule_paragraph(side="bottom", style="thinThickSmallGap")))


def render_letter(letter: Letter) -> tuple[bytes, list[str]]:
    blocks: list = []
    blocks += [Paragraph(p) for p in letter.paragraphs]
    for lead, table in letter.tables:
        blocks += [Paragraph(lead), table]
    blocks += [Paragraph(p) for p in letter.after_table]
    if letter.closing:
        blocks.append(Paragraph(letter.closing))
    doc = StandaloneDocument(
        title=letter.title,
        blocks=blocks,
        signature=Signature(letter.sender, letter.issued_on, sealed=True),
        note=f"（{letter.contact}）" if letter.contact else "",
        author=letter.sender,
    )

    def furniture(document, flow):
        _first_page_furniture(document, letter.sender)
        # 发文字号 flush right under the line; the title two lines below it (§10.1.3, §7.2.5).
        flow.add(paragraph_element(letter.number, ppr='<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>'))
        flow.add(blank_line())

    return render(
        doc,
        flow_hook=furniture,
        after_title=[paragraph_element(f"{letter.recipient}：", ppr='<w:ind w:firstLineChars="0" w:firstLine="0"/>')],
    )
