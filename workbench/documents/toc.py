"""The merged packet's table of contents (目录).

A real Word TOC field (`TOC \\o "1-1" \\h \\z`: paragraphs at outline level 1,
i.e. each document's 标题) so Word and WPS can refresh it, whose cached result
is already filled in: one line per document with a link and a PAGEREF to the
bookmark on the document's title. The list therefore reads right as soon as
the file is opened, before anyone updates fields; LibreOffice computes the
PAGEREF page numbers itself when it lays the document out (PDF export).
"""

from __future__ import annotations

from docx.oxml import parse_xml

from workbench.documents.fonts import W_NS


def bookmark_name(index: int) -> str:
    # Word hides bookmarks starting with "_" from the bookmark list; 40 characters at most.
    return f"_Toc_wb_{index:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _field_runs(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{_escape(result)}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# Characters of body text a contents line holds before the dot leader and the page number.
LINE_CHARS = 25


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _title_runs(title: str) -> str:
    """A title on one line when it fits; a longer one breaks where its printed title breaks
    ("关于召开……委员会" / "常务委员会第×次会议的通知"), not two characters before its end."""
    lines = [line for line in title.split("\n") if line]
    if len(lines) < 2 or _width("".join(lines)) <= LINE_CHARS:
        return f'<w:t xml:space="preserve">{_escape("".join(lines))}</w:t>'
    return "<w:br/>".join(f'<w:t xml:space="preserve">{_escape(line)}</w:t>' for line in lines)


def toc_elements(entries: list[tuple[str, str, str]]) -> list:
    """Paragraphs for the contents page: the heading, then one per (title, bookmark, page) entry; a title's
    "\n" marks where its printed lines break."""
    heading = parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>目　录</w:t></w:r></w:p>')
    toc_begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    toc_end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paragraphs = [heading]
    if not entries:
        paragraphs.append(
            parse_xml(
                f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{toc_begin}'
                f"<w:r><w:t>（本次材料只有封面）</w:t></w:r>{toc_end}</w:p>"
            )
        )
        return paragraphs
    for i, (title, bookmark, page) in enumerate(entries):
        pageref = _field_runs("PAGEREF " + bookmark + " \\h", page)
        body = (
            f'<w:hyperlink w:anchor="{bookmark}" w:history="1">'
            f"<w:r>{_title_runs(title)}</w:r>"
            "<w:r><w:tab/></w:r>"
            f"{pageref}</w:hyperlink>"
        )
        xml = (
            f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>'
            + (toc_begin if i == 0 else "")
            + body
            + (toc_end if i == len(entries) - 1 else "")
            + "</w:p>"
        )
        paragraphs.append(parse_xml(xml))
    return paragraphs
