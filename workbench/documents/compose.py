"""Filling a document body: blocks as styled paragraphs and tables, content copied from
rendered templates, and the section breaks that landscape tables and the merged
packet need.

A `Flow` appends to one body and keeps track of the open section. A section ends
by putting a `w:sectPr` into its last paragraph; the body's own final `w:sectPr`
describes the last section, which therefore always stays portrait.
"""
from __future__ import annotations

import copy
import io

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from ..packet.model import Heading, Paragraph, Table
from . import sections
from .fonts import W, W_NS
from .tables import insert_in_body, table_element

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADING_STYLES = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
_JC = {"center": "center", "right": "right", "left": "left", "justify": "both"}


def _text_runs(text: str, rpr: str = "") -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = text.split("\n")
    return '<w:r><w:br/></w:r>'.join(
        f'<w:r>{rpr}<w:t xml:space="preserve">{line}</w:t></w:r>' for line in lines)


def paragraph_element(text: str, style: str = "Normal", *, ppr: str = "", bold: bool = False):
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>'
                     f'{_text_runs(text, rpr)}</w:p>')


def block_paragraph(block: Paragraph):
    ppr = ""
    if block.align != "justify":
        # Centred or right-aligned lines (signatures, dates) carry no first-line indent.
        ppr = f'<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="{_JC.get(block.align, "both")}"/>'
    return paragraph_element(block.text, ppr=ppr, bold=block.bold)


def _spacer_paragraph():
    """An all-but-invisible paragraph to carry a section break after a table."""
    return parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="TableNote"/><w:snapToGrid w:val="0"/>'
                     '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                     '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def _leads_into_landscape(blocks, index: int) -> bool:
    """A heading directly above a landscape table goes on the table's page, not alone before the break."""
    if not isinstance(blocks[index], Heading):
        return False
    for block in blocks[index:]:
        if not isinstance(block, Heading):
            return isinstance(block, Table) and block.landscape
    return False


class Flow:
    """Appends to a document body, opening landscape sections where tables need them."""

    def __init__(self, document):
        self.document = document
        self.body = document.element.body
        final = self.body.find(W + "sectPr")
        if final is None:
            final = parse_xml(f'<w:sectPr xmlns:w="{W_NS}"/>')
            sections.page_setup(final)
            self.body.append(final)
        self.final = final
        # Every new section is copied from the template's own, so its footers and margins carry over.
        self.prototype = copy.deepcopy(final)
        self.landscape = sections.is_landscape(final)
        self._bookmark_id = 9000

    # -- elements
    def add(self, element) -> None:
        insert_in_body(self.body, element)

    def clear(self) -> None:
        """Drop the body's content, keeping the final section properties (base.docx's samples)."""
        for child in list(self.body):
            if child is not self.final:
                self.body.remove(child)

    def last_content(self):
        children = [c for c in self.body if c is not self.final]
        return children[-1] if children else None

    # -- sections
    def end_section(self, *, landscape: bool | None = None, title_page: bool = False,
                    blank_footers: bool = False, restart_numbering: bool = False) -> None:
        """Close the open section: its properties go into its last paragraph."""
        sect_pr = sections.derived(self.prototype, landscape=self.landscape if landscape is None else landscape)
        self._decorate(sect_pr, title_page=title_page, blank_footers=blank_footers,
                       restart_numbering=restart_numbering)
        last = self.last_content()
        if last is None or last.tag != W + "p" or last.find(f"{W}pPr/{W}sectPr") is not None:
            last = _spacer_paragraph()
            self.add(last)
        ppr = last.find(W + "pPr")
        if ppr is None:
            ppr = parse_xml(f'<w:pPr xmlns:w="{W_NS}"/>')
            last.insert(0, ppr)
        # sectPr is the last pPr child except for pPrChange; rPr must stay before it.
        ppr.append(sect_pr)

    def finish(self, *, title_page: bool | None = None, blank_footers: bool = False,
               restart_numbering: bool = False) -> None:
        """Settle the final section (the body's own sectPr): portrait, with the given footers."""
        if self.landscape:
            self.end_section(landscape=True)
            self.landscape = False
        if title_page is not None:
            sections.set_title_page(self.final, title_page)
        if sections.is_landscape(self.final):
            sections.page_setup(self.final, landscape=False)
        self._decorate(self.final, title_page=bool(title_page), blank_footers=blank_footers,
                       restart_numbering=restart_numbering)

    def _decorate(self, sect_pr, *, title_page: bool, blank_footers: bool, restart_numbering: bool) -> None:
        if title_page:
            sections.set_title_page(sect_pr)
        refs = sections.footer_refs(self.prototype)
        if blank_footers and "first" in refs:
            sections.set_footer_refs(sect_pr, {kind: refs["first"] for kind in ("default", "even", "first")})
        if restart_numbering:
            sections.restart_numbering(sect_pr, 1)

    def orient(self, landscape: bool) -> None:
        if landscape != self.landscape:
            if self.last_content() is not None:
                self.end_section(landscape=self.landscape)
            self.landscape = landscape

    # -- blocks
    def title(self, text: str, *, bookmark: str | None = None):
        element = paragraph_element(text, "Title")
        if bookmark:
            self.bookmark(element, bookmark)
        self.add(element)
        return element

    def bookmark(self, paragraph, name: str) -> None:
        self._bookmark_id += 1
        start = parse_xml(f'<w:bookmarkStart xmlns:w="{W_NS}" w:id="{self._bookmark_id}" w:name="{name}"/>')
        end = parse_xml(f'<w:bookmarkEnd xmlns:w="{W_NS}" w:id="{self._bookmark_id}"/>')
        ppr = paragraph.find(W + "pPr")
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph.insert(0, start)
        paragraph.append(end)

    def blocks(self, blocks, *, document_title: str = "") -> None:
        blocks = list(blocks)
        for index, block in enumerate(blocks):
            if isinstance(block, Table):
                self.table(block, document_title=document_title)
            else:
                self.orient(_leads_into_landscape(blocks, index))
                if isinstance(block, Heading):
                    self.add(paragraph_element(block.text, _HEADING_STYLES.get(block.level, "Heading3")))
                elif isinstance(block, Paragraph):
                    self.add(block_paragraph(block))
        self.orient(False)

    def table(self, table: Table, *, document_title: str = "") -> None:
        self.orient(table.landscape)
        if table.caption:
            self.add(paragraph_element(table.caption, "TableCaption"))
        name = f"《{document_title}》" + (f"表格“{table.caption}”" if table.caption else "中的表格")
        self.add(table_element(table, name=name))
        if table.note:
            self.add(paragraph_element(table.note, "TableNote"))
        else:
            # Word needs a paragraph between two adjacent tables, or it merges them.
            self.add(_spacer_paragraph())

    # -- content from another document (a rendered template)
    def import_body(self, source, *, notices: list[str], label: str) -> list:
        """Copy `source`'s body content here; images and links come along. Returns the copied elements."""
        copied = []
        dropped = 0
        for child in source.element.body:
            if child.tag == W + "sectPr":
                continue
            element = copy.deepcopy(child)
            # Section breaks inside a template would refer to its own footers; the packet sets its own.
            for inner in element.iter(W + "sectPr"):
                inner.getparent().remove(inner)
            dropped += self._relink(element, source.part)
            self.add(element)
            copied.append(element)
        if dropped:
            notices.append(f"{label}：模板中有 {dropped} 个嵌入对象（非图片）无法并入合订本，已略去，请在单独文件中查看。")
        return copied

    def _relink(self, element, source_part) -> int:
        dropped = 0
        target_part = self.document.part
        for el in list(element.iter()):
            for attr, value in list(el.attrib.items()):
                if not attr.startswith(f"{{{R_NS}}}"):
                    continue
                rel = source_part.rels.get(value)
                if rel is None:
                    continue
                if rel.is_external:
                    el.set(attr, target_part.relate_to(rel.target_ref, rel.reltype, is_external=True))
                elif rel.reltype == RT.IMAGE:
                    rid, _ = target_part.get_or_add_image(io.BytesIO(rel.target_part.blob))
                    el.set(attr, rid)
                else:
                    parent = el.getparent()
                    if parent is not None:
                        parent.remove(el)
                        dropped += 1
                    break
        return dropped
