"""Tables written as WordprocessingML in one pass.

python-docx's `table.cell(r, c)` rebuilds the cell grid on every call, so filling
a table cell by cell is quadratic (152 s for 500 rows × 8 columns). Here the
whole `w:tbl` is produced as one XML string from per-column fragments built
once, and parsed once by lxml: linear, and fast at 10,000 rows.

Format: explicit column widths both in `w:tblGrid/w:gridCol` (WPS reads these)
and in every `w:tcW` (Word reads these); fixed layout; the header row repeats
on every page (`w:tblHeader`); no row breaks across pages (`w:cantSplit`);
table text uses the 表格文字 style, which does not snap to the line grid.
"""
from __future__ import annotations

from lxml import etree

from ..errors import DocumentError
from ..packet.model import Table
from .fonts import W, W_NS
from .sections import mm

PORTRAIT_WIDTH_MM = 210 - 28 - 26
LANDSCAPE_WIDTH_MM = 297 - 28 - 26
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
_JC = {"left": "left", "center": "center", "right": "right"}
_PARSER = etree.XMLParser(huge_tree=True, remove_blank_text=False)


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _needs_preserve(text: str) -> bool:
    return text[:1].isspace() or text[-1:].isspace() or "  " in text


def _runs_body(text: str) -> str:
    """Escaped run content; line breaks inside a cell become `w:br`, tabs `w:tab`."""
    text = _escape(text)
    if "\n" in text:
        text = '</w:t><w:br/><w:t xml:space="preserve">'.join(text.split("\n"))
    if "\t" in text:
        text = '</w:t><w:tab/><w:t xml:space="preserve">'.join(text.split("\t"))
    return text


def _text_open(text: str) -> str:
    # xml:space only where needed: an xml:space attribute on every w:t makes lxml's move of
    # the parsed table into the document thirty times slower (namespace reconciliation).
    return '<w:t xml:space="preserve">' if _needs_preserve(text) else "<w:t>"


def column_widths(table: Table) -> list[int]:
    """Widths in twips; shrunk proportionally when the columns are wider than the page allows."""
    available = LANDSCAPE_WIDTH_MM if table.landscape else PORTRAIT_WIDTH_MM
    total = sum(max(c.width_mm, 5) for c in table.columns)
    scale = min(1.0, available / total) if total else 1.0
    return [mm(max(c.width_mm, 5) * scale) for c in table.columns]


def table_xml(table: Table, *, name: str = "") -> str:
    """The `w:tbl` element for `table`, as XML text with its namespace declared."""
    columns = table.columns
    if not columns:
        raise DocumentError(f"{name or '表格'}没有任何列，无法生成。")
    widths = column_widths(table)
    ncol = len(columns)
    parts = [
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders><w:top {_BORDER}/><w:left {_BORDER}/><w:bottom {_BORDER}/><w:right {_BORDER}/>'
        f'<w:insideH {_BORDER}/><w:insideV {_BORDER}/></w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        '</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
    ]
    tc_pr = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>' for w in widths]
    for i, column in enumerate(columns):
        parts.append(f'{tc_pr[i]}<w:p><w:pPr><w:pStyle w:val="TableHeader"/></w:pPr>'
                     f'<w:r>{_text_open(column.header)}{_runs_body(column.header)}</w:t></w:r></w:p></w:tc>')
    parts.append("</w:tr>")

    # Per-column fragments, built once: the cell up to the text, for plain and marked rows.
    heads = [f'{tc_pr[i]}<w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="{_JC.get(c.align, "left")}"/>'
             '</w:pPr>' for i, c in enumerate(columns)]
    plain_run, marked_run = "<w:r>", "<w:r><w:rPr><w:b/><w:bCs/></w:rPr>"
    tail, empty_tail = "</w:t></w:r></w:p></w:tc>", "</w:p></w:tc>"
    marked = set(table.marked_rows)
    row_open = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
    append = parts.append
    for r, row in enumerate(table.rows):
        if len(row) != ncol:
            if len(row) > ncol:
                raise DocumentError(f"{name or '表格'}第{r + 1}行有 {len(row)} 个单元格，但表格只有 {ncol} 列。")
            row = list(row) + [""] * (ncol - len(row))
        run = marked_run if r in marked else plain_run
        append(row_open)
        for i in range(ncol):
            text = row[i]
            if text:
                if not isinstance(text, str):
                    text = str(text)
                append(heads[i] + run + _text_open(text) + _runs_body(text) + tail)
            else:
                append(heads[i] + empty_tail)
        append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def table_element(table: Table, *, name: str = "") -> etree._Element:
    return etree.fromstring(table_xml(table, name=name), _PARSER)


def body_of(doc_or_body):
    """The `w:body` element of a python-docx Document, a python-docx body, or the element itself."""
    element = doc_or_body
    if hasattr(element, "element"):          # python-docx Document
        element = element.element
    elif hasattr(element, "_element"):       # python-docx _Body
        element = element._element
    if etree.QName(element).localname == "document":
        element = element.find(W + "body")
    if etree.QName(element).localname != "body":
        raise TypeError("append_table needs a Document or its w:body")
    return element


def insert_in_body(body, element) -> None:
    """Append `element` to the body, before the body's final `w:sectPr` if there is one."""
    last = body[-1] if len(body) else None
    if last is not None and last.tag == W + "sectPr":
        last.addprevious(element)
    else:
        body.append(element)


def append_table(doc_or_body, table: Table, *, name: str = "") -> etree._Element:
    """Append `table` to a document body in one pass; return the new `w:tbl` element."""
    body = body_of(doc_or_body)
    element = table_element(table, name=name)
    insert_in_body(body, element)
    return element
