"""Filling a document body: blocks as styled paragraphs and tables, content copied from
rendered templates, and the section breaks that landscape tables and the merged
packet need.

A `Flow` appends to one body and keeps track of the open section. A section ends
by putting a `w:sectPr` into its last paragraph; the body's own final `w:sectPr`
describes the last section. Every document starts portrait; one that ends with a
wide table ends on that landscape page rather than on an empty portrait one.
A document's appendices (附件) follow its body as GB/T 9704 §7.3 and §8 lay them out:
the 附件说明 under the body, then each appendix on a new page.
"""

from __future__ import annotations

import copy
import io

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from workbench.documents import sections
from workbench.documents.fonts import HEITI, W_NS, W, rfonts_xml
from workbench.documents.tables import RowStream, insert_in_body, save_streamed, streamed_table, table_element
from workbench.drafts.blocks import Appendix, Heading, Paragraph, Table

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADING_STYLES = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
_JC = {"center": "center", "right": "right", "left": "left", "justify": "both"}


def _text_runs(text: str, rpr: str = "") -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = text.split("\n")
    return "<w:r><w:br/></w:r>".join(f'<w:r>{rpr}<w:t xml:space="preserve">{line}</w:t></w:r>' for line in lines)


def paragraph_element(text: str, style: str = "Normal", *, ppr: str = "", bold: bool = False):
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{_text_runs(text, rpr)}</w:p>')


def block_paragraph(block: Paragraph):
    ppr = "<w:keepNext/>" if getattr(block, "keep_with_next", False) else ""
    if block.align != "justify":
        # Centred or right-aligned lines (signatures, dates) carry no first-line indent.
        right = round(getattr(block, "right_indent_chars", 0) * 100)
        indent = f' w:right="{right * 16 // 5}" w:rightChars="{right}"' if right else ""
        ppr += f'<w:ind{indent} w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="{_JC.get(block.align, "both")}"/>'
    return paragraph_element(block.text, ppr=ppr, bold=block.bold)


# Body text is set in characters of 16 pt = 320 twips (the condensed spacing leaves Word's "chars" unit as is).
_CHAR_TWIPS = 320


def _ind_chars(left: float, hanging: float) -> str:
    """Left indent and hanging first line, in characters of body text (Word's and LibreOffice's units)."""
    return (
        f'<w:ind w:leftChars="{round(left * 100)}" w:left="{round(left * _CHAR_TWIPS)}" '
        f'w:hangingChars="{round(hanging * 100)}" w:hanging="{round(hanging * _CHAR_TWIPS)}"/>'
    )


def attachment_note(appendices: list[Appendix], *, keep_last: bool = False) -> list:
    """The 附件说明 (GB/T 9704 §7.3.4): one blank line below the body, "附件：" two characters in, the
    names after it; with several, "1. 名称" each on its line, the numbers one under the other.
    Wrapped lines start under the first character of the name; no punctuation after the names."""
    out = [paragraph_element("", ppr="<w:keepNext/>")]
    label = 3  # "附件：", three characters after the two of indent
    number = 1.5 if len(appendices) > 1 else 0  # "1. ": a digit, a point and a space, half a character each
    for n, appendix in enumerate(appendices, start=1):
        text = (f"{n}. " if number else "") + appendix.title
        if n == 1:
            text = "附件：" + text
            ind = _ind_chars(2 + label + number, label + number)
        else:
            ind = _ind_chars(2 + label + number, number)
        # The last name keeps with the 署名 when one follows (never across the attachment's page break).
        keep = "<w:keepNext/>" if n < len(appendices) or keep_last else ""
        out.append(paragraph_element(text, ppr=keep + ind))
    return out


def closing_length(blocks) -> int:
    """How many blocks at the end are the 署名 and 成文日期 (right-aligned lines and the blank line above
    them): the 附件说明 goes before them, under the body."""
    count = 0
    for block in reversed(list(blocks)):
        if isinstance(block, Paragraph) and block.align == "right":
            count += 1
        else:
            break
    if count and len(blocks) > count:
        above = blocks[len(blocks) - count - 1]
        if isinstance(above, Paragraph) and not above.text.strip():
            count += 1
    return count


def _spacer_paragraph():
    """An all-but-invisible paragraph to carry a section break after a table."""
    return parse_xml(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="TableNote"/><w:keepNext w:val="0"/><w:snapToGrid w:val="0"/>'
        '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


# About four lines of 16 pt text across a landscape page: an introduction this short goes onto the
# wide table's landscape page instead of taking a portrait page of its own.
LEAD_IN_CHARS = 160


def _text_length(block) -> int:
    return len(getattr(block, "text", "") or "")


def orientations(blocks) -> list[bool]:
    """Whether each block is laid out in landscape.

    A landscape table brings along what leads into it: the headings directly above it, and
    short paragraphs before them (up to LEAD_IN_CHARS), so that neither a heading nor a brief
    introduction is left alone on a portrait page. Short paragraphs directly after it (a
    remark on the table) stay on its last page for the same reason.
    """
    blocks = list(blocks)
    flags = [isinstance(b, Table) and b.landscape for b in blocks]
    for index, block in enumerate(blocks):
        if not (isinstance(block, Table) and block.landscape):
            continue
        used = 0
        for back in range(index - 1, -1, -1):
            previous = blocks[back]
            if isinstance(previous, Table):
                break
            if isinstance(previous, Paragraph):
                used += _text_length(previous)
                if used > LEAD_IN_CHARS:
                    break
            flags[back] = True
        used = 0
        for ahead in range(index + 1, len(blocks)):
            following = blocks[ahead]
            if not isinstance(following, Paragraph):
                break
            used += _text_length(following)
            if used > LEAD_IN_CHARS:
                break
            flags[ahead] = True
    return flags


class Flow:
    """Appends to a document body, opening landscape sections where tables need them."""

    def __init__(self, document, *, stream: bool = False):
        """`stream`: long tables leave their middle rows to `save()`, which writes them into the file
        chunk by chunk (`tables.streamed_table`); such a document must be saved with `save()`."""
        self.document = document
        self.stream = stream
        self.streams: list[RowStream] = []
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
        self._restart = False

    def save(self) -> bytes:
        """The document as .docx bytes, the rows of its streamed tables written in."""
        return save_streamed(self.document, self.streams)

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
    def _section_is_empty(self) -> bool:
        """Nothing has been added since the last section break (or to the body at all)."""
        last = self.last_content()
        return last is None or (last.tag == W + "p" and last.find(f"{W}pPr/{W}sectPr") is not None)

    def restart_numbering_next(self) -> None:
        """The next section closed (or the final one) starts its page numbers at 1."""
        self._restart = True

    def end_section(
        self,
        *,
        landscape: bool | None = None,
        title_page: bool = False,
        blank_footers: bool = False,
        restart_numbering: bool = False,
    ) -> None:
        """Close the open section: its properties go into its last paragraph."""
        sect_pr = sections.derived(self.prototype, landscape=self.landscape if landscape is None else landscape)
        self._decorate(sect_pr, title_page=title_page, blank_footers=blank_footers, restart_numbering=restart_numbering)
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

    def end_document(self, *, title_page: bool = False, blank_footers: bool = False) -> None:
        """Close the document's last section in its own orientation; what follows starts portrait, on a new page."""
        self.end_section(landscape=self.landscape, title_page=title_page, blank_footers=blank_footers)
        self.landscape = False

    def finish(self, *, title_page: bool | None = None, blank_footers: bool = False, restart_numbering: bool = False) -> None:
        """Settle the final section (the body's own sectPr) and its footers.

        The final section takes the orientation of what it holds. A document that ends with a
        wide table therefore ends on that landscape page: Word gives every section at least one
        page, so a portrait section after the table would only add an empty page.
        """
        if title_page is not None:
            sections.set_title_page(self.final, title_page)
        if sections.is_landscape(self.final) != self.landscape:
            sections.page_setup(self.final, landscape=self.landscape)
        self._decorate(self.final, title_page=bool(title_page), blank_footers=blank_footers, restart_numbering=restart_numbering)

    def _decorate(self, sect_pr, *, title_page: bool, blank_footers: bool, restart_numbering: bool) -> None:
        if title_page:
            sections.set_title_page(sect_pr)
        refs = sections.footer_refs(self.prototype)
        if blank_footers and "first" in refs:
            sections.set_footer_refs(sect_pr, {kind: refs["first"] for kind in ("default", "even", "first")})
        if restart_numbering or (self._restart and not blank_footers):
            sections.restart_numbering(sect_pr, 1)
            self._restart = False

    def orient(self, landscape: bool) -> None:
        if landscape != self.landscape:
            if not self._section_is_empty():
                self.end_section(landscape=self.landscape)
            self.landscape = landscape

    # -- blocks
    def title(self, text: str, *, bookmark: str | None = None):
        element = paragraph_element(text, "Title")
        if bookmark:
            self.bookmark(element, bookmark)
        self.add(element)
        return element

    def add_document(self, title: str, blocks, *, bookmark: str | None = None, appendices=()):
        """A document built from blocks: its title, then its blocks, then its appendices. The title
        goes onto the first table's landscape page when the document opens straight into a wide table."""
        blocks = list(blocks)
        flags = orientations(blocks)
        self.orient(bool(flags) and flags[0])
        element = self.title(title, bookmark=bookmark)
        self.blocks(blocks, document_title=title, flags=flags, appendices=appendices)
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

    def blocks(self, blocks, *, document_title: str = "", flags: list[bool] | None = None, appendices=()) -> None:
        """Append the blocks; the section stays open in the orientation of the last one.

        With `appendices`, the 附件说明 goes under the body (before a closing 署名 and date), and
        each appendix follows on a new page."""
        blocks = list(blocks)
        flags = flags if flags is not None else orientations(blocks)
        appendices = list(appendices)
        closing = closing_length(blocks)
        note_at = len(blocks) - closing if appendices else -1
        closing_at = len(blocks) - closing if closing and closing < len(blocks) else -1
        for index, (block, landscape) in enumerate(zip(blocks, flags)):
            if index == note_at:
                self._attachment_note(appendices, before_closing=True)
            elif index == closing_at and not landscape and not flags[index - 1]:
                # GB/T 9704 §7.3.5: the 署名 and 成文日期 never stand alone on a page; the last lines of
                # the body (or of a table, or the 附件说明) come along with them.
                self._keep_with_what_follows()
            self.orient(landscape)
            if isinstance(block, Table):
                self.table(block, document_title=document_title)
            elif isinstance(block, Heading):
                self.add(paragraph_element(block.text, _HEADING_STYLES.get(block.level, "Heading3")))
            elif isinstance(block, Paragraph):
                self.add(block_paragraph(block))
        if appendices and note_at == len(blocks):
            self._attachment_note(appendices)
        for n, appendix in enumerate(appendices, start=1):
            self.appendix(appendix, number=n if len(appendices) > 1 else None, document_title=document_title)

    def _add_all(self, elements) -> None:
        for element in elements:
            self.add(element)

    def _keep_with_what_follows(self) -> None:
        """What was added last stays on the page of what comes next (a 附件说明, a 署名): the last
        paragraph, and when it closes a table, the table's last row, come along rather than leaving
        the next lines alone at the top of a page."""
        last = self.last_content()
        if last is None:
            return
        paragraphs = [last] if last.tag == W + "p" else []
        table = last if last.tag == W + "tbl" else last.getprevious()
        if table is not None and table.tag == W + "tbl" and table.findall(f"{W}tr"):
            paragraphs += list(table.findall(f"{W}tr")[-1].iter(W + "p"))
        for p in paragraphs:
            if p.find(f"{W}pPr/{W}sectPr") is not None:
                return  # a section ends here: what follows starts a new page anyway
            ppr = p.find(W + "pPr")
            if ppr is None:
                ppr = parse_xml(f'<w:pPr xmlns:w="{W_NS}"/>')
                p.insert(0, ppr)
            for old in ppr.findall(W + "keepNext"):
                ppr.remove(old)
            style = ppr.find(W + "pStyle")
            keep = parse_xml(f'<w:keepNext xmlns:w="{W_NS}"/>')
            if style is not None:
                style.addnext(keep)
            else:
                ppr.insert(0, keep)

    def _attachment_note(self, appendices, *, before_closing: bool = False) -> None:
        """The 附件说明, kept on the page of what ends the body (and of the 署名 below it)."""
        self._keep_with_what_follows()
        self._add_all(attachment_note(appendices, keep_last=before_closing))

    def new_page(self) -> None:
        """Whatever comes next starts on a new page: a section break, unless the section is still empty."""
        if not self._section_is_empty():
            self.end_section(landscape=self.landscape)

    def appendix(self, appendix: Appendix, *, number: int | None = None, document_title: str = "") -> None:
        """An appendix as GB/T 9704 §8 lays it out: on a new page, "附件" (and its number) in 黑体 三号 at
        the top left of the type area, its title centred on the next line in the title style, then its
        blocks. The page is landscape when the appendix opens with a wide table.

        The title keeps the title style but not its outline level: the contents (\\o "1-1") lists
        documents, and an appendix is part of its document."""
        flags = orientations(appendix.blocks)
        self.new_page()
        self.landscape = bool(flags) and flags[0]
        label = "附件" + (str(number) if number else "")
        self.add(
            parse_xml(
                f'<w:p xmlns:w="{W_NS}"><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/>'
                f'<w:jc w:val="left"/></w:pPr><w:r><w:rPr>{rfonts_xml(HEITI)}</w:rPr><w:t>{label}</w:t></w:r></w:p>'
            )
        )
        self.add(paragraph_element(appendix.title, "Title", ppr='<w:outlineLvl w:val="9"/>'))
        self.blocks(appendix.blocks, document_title=f"{document_title}{label}", flags=flags)

    def table(self, table: Table, *, document_title: str = "") -> None:
        self.orient(table.landscape)
        if table.caption:
            # The caption style keeps with next: a caption never ends a page without its table.
            self.add(paragraph_element(table.caption, "TableCaption"))
        if table.note:
            # The note (the legend of the ▲ marks) goes between caption and table and keeps with the
            # table. Below a long table it could be pushed alone onto a page of its own: LibreOffice
            # ignores keep-with-next on table rows, so the PDF cannot be made to keep it there.
            self.add(paragraph_element(table.note, "TableNote", ppr="<w:keepNext/>"))
        name = f"《{document_title}》" + (f"表格“{table.caption}”" if table.caption else "中的表格")
        self.add(streamed_table(table, self.streams, name=name) if self.stream else table_element(table, name=name))
        # Word needs a paragraph between two adjacent tables, or it merges them; it also carries
        # a section break after the table.
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
