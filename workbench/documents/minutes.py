"""The head of 会议纪要 (GB/T 9704 §10.3): the 纪要标志 in red 小标宋 with its top edge 35 mm below
the top of the type area, the issue number, the compiling office (left) and date (right) on one
line, and a red rule across the type area. Drawn as body paragraphs on the first page, so the
page keeps the GB/T 9704 margins; the rest of the 纪要 is an ordinary document (`standalone`).
"""

from __future__ import annotations

from docx.oxml import parse_xml

from workbench.documents.fonts import W_NS, XIAOBIAOSONG, rfonts_xml
from workbench.documents.letter import RED

MARK_SIZE = 52  # half-points: 26 pt


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def head_elements(mark: str, number: str, office: str, date_text: str) -> list:
    space = round(35 * 1440 / 25.4)
    mark_p = parse_xml(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Normal"/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="{space}" w:after="0" w:line="{MARK_SIZE * 10 + 40}" w:lineRule="exact"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr>{rfonts_xml(XIAOBIAOSONG)}<w:color w:val="{RED}"/><w:sz w:val="{MARK_SIZE}"/>'
        f'<w:szCs w:val="{MARK_SIZE}"/></w:rPr>'
        + "<w:br/>".join(f"<w:t>{_esc(line)}</w:t>" for line in mark.split("\n"))
        + "</w:r></w:p>"
    )
    number_p = parse_xml(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Normal"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f"<w:r><w:t>{_esc(number)}</w:t></w:r></w:p>"
    )
    # Office flush left, date flush right: a right-aligned tab stop at the edge of the type area.
    line_p = parse_xml(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Normal"/>'
        f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{RED}"/></w:pBdr>'
        '<w:tabs><w:tab w:val="right" w:pos="8844"/></w:tabs>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>'
        f"<w:r><w:t>{_esc(office)}</w:t></w:r><w:r><w:tab/><w:t>{_esc(date_text)}</w:t></w:r></w:p>"
    )
    return [mark_p, number_p, line_p]
