"""The packet's format checks, as one function for the documents written outside the packet
(筹备工作安排, 函, 测评表): A4, GB/T 9704 margins, 22-line grid, fonts resolved through styles,
"— N —" page numbers odd right / even left; letters have no number on their first page.
"""

from __future__ import annotations

import docx
from docx.shared import Mm

from helpers.documents_sample import W, paragraphs_with_style, resolved_paragraph_property, resolved_run_format, text_of

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def body_text(document) -> str:
    """Every paragraph and table cell of the body, one line each."""
    return "\n".join(text_of(p) for p in document.element.body.iter(W + "p"))


def table_rows(document) -> list[list[str]]:
    rows = []
    for tbl in document.element.body.iter(W + "tbl"):
        for tr in tbl.iter(W + "tr"):
            rows.append([text_of(tc) for tc in tr.iter(W + "tc")])
    return rows


def check_format(path, *, letter: bool = False):
    """Assert the GB/T 9704 page, fonts and page numbers; return the opened document."""
    document = docx.Document(str(path))
    settings = document.settings.element
    assert settings.find(W + "evenAndOddHeaders") is not None, path
    for sect_pr in document.element.body.iter(W + "sectPr"):
        size, margins, grid = sect_pr.find(W + "pgSz"), sect_pr.find(W + "pgMar"), sect_pr.find(W + "docGrid")
        landscape = size.get(W + "orient") == "landscape"
        assert (int(size.get(W + "w")), int(size.get(W + "h"))) == ((16838, 11906) if landscape else (11906, 16838))
        for side, value in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            assert abs(int(margins.get(W + side)) - Mm(value).twips) <= 1, (path, side)
        assert grid.get(W + "type") == "lines" and grid.get(W + "linePitch") == "579", path
    expectations = {"Title": ("方正小标宋简体", 22), "Normal": ("仿宋_GB2312", 16), "TableText": ("仿宋_GB2312", 12)}
    for style_id, (font, size) in expectations.items():
        for p in paragraphs_with_style(document, style_id)[:20]:
            for run in p.findall(W + "r"):
                if not text_of(run).strip() or run.find(f"{W}rPr/{W}rFonts") is not None:
                    continue  # runs with their own face (黑体 labels) are checked where they are made
                fmt = resolved_run_format(document, p, run)
                assert (fmt["east_asia"], fmt["size"]) == (font, size), (path, style_id, text_of(p))
                assert not fmt["theme"]

    def red(p) -> bool:  # the 纪要标志 has its own size and height, like a header
        return any(c.get(W + "val") == "FF0000" for c in p.iter(W + "color"))

    body = [p for p in paragraphs_with_style(document, "Normal") if text_of(p) and not red(p)]
    for p in body:
        spacing = resolved_paragraph_property(document, p, "w:spacing")
        assert spacing.get(W + "line") == "579" and spacing.get(W + "lineRule") == "exact", text_of(p)
    for section in document.sections:
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            assert not footer.is_linked_to_previous
            p = footer._element.find(W + "p")
            assert "".join(t.text for t in p.iter(W + "instrText")).strip() == "PAGE", path
            assert text_of(p).startswith("— ") and text_of(p).endswith(" —")
            assert resolved_paragraph_property(document, p, "w:jc").get(W + "val") == side
            fmt = resolved_run_format(document, p, p.find(W + "r"))
            assert fmt["east_asia"] == "宋体" and fmt["size"] == 14
    if letter:
        first = document.sections[0]
        assert first.different_first_page_header_footer, "信函格式首页不显示页码"
        assert not "".join(t.text or "" for t in first.first_page_footer._element.iter(W + "instrText")).strip()
        assert round(first.header_distance.mm) == 30, "发文机关标志上边缘距页面上边 30 mm"
    return document
