"""Writing a packet to files: one merged .docx with a table of contents, each document
as its own .docx, and the merged packet as PDF when asked.

`write_packet` cleans the text first (hygiene), builds every file in memory,
refuses before writing anything if a target exists (unless `force`), then
writes the files into a hidden folder that replaces the output folder whole
(`outputs.staged`), so a crash never leaves a half-written Word file, nor a
folder of old and new files mixed, behind.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import io
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import parse_xml

from workbench.base import outputs, progress
from workbench.base.atomic import describe_os_error, write_atomic
from workbench.base.errors import DocumentError
from workbench.documents import layout as page_layout
from workbench.documents import pdf as pdf_module
from workbench.documents.compose import Flow
from workbench.documents.context import template_context
from workbench.documents.filenames import document_file_name, packet_file_name
from workbench.documents.fonts import W_NS, W
from workbench.documents.hygiene import clean_packet
from workbench.documents.properties import set_properties
from workbench.documents.templates import BASE_TEMPLATE, render_template, template_path
from workbench.documents.toc import bookmark_name, toc_elements
from workbench.drafts.blocks import Packet, PacketDocument, Part, Table

COVER_KEY = Part.COVER


@dataclass
class WriteResult:
    files: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def base_document():
    path = template_path(BASE_TEMPLATE)
    if not path.exists():
        raise DocumentError(
            f"样式模板“{BASE_TEMPLATE}”不存在（{path}）。请运行 python -m workbench.documents.build_templates 生成。"
        )
    return docx.Document(str(path))


def _set_properties(document, packet: Packet, title: str) -> None:
    set_properties(
        document, title=title, office=packet.office, when=packet.generated_at, subject=packet.meeting_title, category="会议材料"
    )


def _is_cover(doc: PacketDocument) -> bool:
    return doc.key == COVER_KEY


class _Rendered:
    """Each template is rendered once; the single file and the merged packet each load a copy."""

    def __init__(self, packet: Packet, notices: list[str], used: set[tuple[str, str]] | None = None):
        self.packet, self.notices = packet, notices
        self._cache: dict[str, bytes] = {}
        self.used = used if used is not None else set()  # (document, old text) of the kept wording printed

    def load(self, doc: PacketDocument):
        if doc.key not in self._cache:
            assert doc.template is not None, doc.key  # only templated documents are loaded
            document, found = render_template(doc.template, template_context(self.packet, doc), document_title=doc.title)
            self.notices.extend(found)
            if doc.text_overrides:
                self.used |= {(doc.key, old) for old in override_paragraphs(document.element.body, doc.text_overrides)}
            buffer = io.BytesIO()
            document.save(buffer)
            self._cache[doc.key] = buffer.getvalue()
        return docx.Document(io.BytesIO(self._cache[doc.key]))


_DOCUMENT_MARK_ID = 90000  # past the contents' bookmarks, before the cells' (`tables.bookmark_id`)


def mark_document(paragraph, doc: PacketDocument) -> None:
    """The document's own hidden bookmark, of no length, at the start of `paragraph` (`packet.provenance`)."""
    if not doc.mark or paragraph is None:
        return
    number = _DOCUMENT_MARK_ID + int(doc.mark.rsplit("d", 1)[1])
    start = parse_xml(f'<w:bookmarkStart xmlns:w="{W_NS}" w:id="{number}" w:name="{doc.mark}"/>')
    end = parse_xml(f'<w:bookmarkEnd xmlns:w="{W_NS}" w:id="{number}"/>')
    ppr = paragraph.find(W + "pPr")
    at = list(paragraph).index(ppr) + 1 if ppr is not None else 0
    paragraph.insert(at, start)
    start.addnext(end)


def override_paragraphs(body, overrides: dict[str, str]) -> set[str]:
    """Print the kept wording where a whole paragraph outside the tables reads as its old text ("" drops the
    paragraph); return the old texts found. The first run keeps its format for the new words."""
    found: set[str] = set()
    for paragraph in list(body.iter(W + "p")):
        if any(a.tag == W + "tbl" for a in paragraph.iterancestors()):
            continue
        old = _said(paragraph)
        if old not in overrides:
            continue
        found.add(old)
        new = overrides[old]
        if not new:
            paragraph.getparent().remove(paragraph)
            continue
        # Every run that prints (text, a tab, a line break) gives way to the one new text.
        runs = [r for r in paragraph.iter(W + "r") if any(r.find(W + t) is not None for t in ("t", "tab", "br", "cr"))]
        first = runs[0]
        for child in list(first):
            if child.tag != W + "rPr":
                first.remove(child)
        text = parse_xml(f'<w:t xmlns:w="{W_NS}" xml:space="preserve"/>')
        text.text = new
        first.append(text)
        for run in runs[1:]:
            run.getparent().remove(run)
    return found


def _said(paragraph) -> str:
    """A paragraph's text as reading it back sees it (`packet.readback`): line breaks "\n", tabs "\t"."""
    parts = []
    for el in paragraph.iter(W + "t", W + "br", W + "cr", W + "tab"):
        if el.getparent().tag == W + "tabs":  # a tab stop, no tab character
            continue
        parts.append(el.text or "" if el.tag == W + "t" else "\t" if el.tag == W + "tab" else "\n")
    return "".join(parts).strip()


def _overridden(doc: PacketDocument, used: set[tuple[str, str]]) -> PacketDocument:
    """The document with the kept wording in its headings and paragraphs (a template's are changed when
    it is rendered)."""
    if not doc.text_overrides:
        return doc
    blocks: list = []
    for block in doc.blocks:
        text = getattr(block, "text", None)
        if isinstance(text, str) and text.strip() in doc.text_overrides and not isinstance(block, Table):
            used.add((doc.key, text.strip()))
            new = doc.text_overrides[text.strip()]
            if new:
                blocks.append(dataclasses.replace(block, text=new))
            continue
        blocks.append(block)
    return dataclasses.replace(doc, blocks=blocks)


def _unused_overrides(documents: list[PacketDocument], used: set[tuple[str, str]]) -> list[str]:
    return [
        f"《{doc.title}》中读回时保留的文字改动（原文“{old[:24]}{'…' if len(old) > 24 else ''}”）已找不到对应的段落"
        "（材料内容已变），本次未采用，请在导出的文件中核对。"
        for doc in documents
        for old in doc.text_overrides
        if (doc.key, old) not in used
    ]


def _single(packet: Packet, doc: PacketDocument, rendered: _Rendered) -> bytes:
    if doc.template:
        document = rendered.load(doc)
        flow = Flow(document, stream=True)
        flow.blocks(doc.blocks, document_title=doc.title, appendices=doc.appendices)
    else:
        document = base_document()
        flow = Flow(document, stream=True)
        flow.clear()
        flow.add_document(doc.title, doc.blocks, appendices=doc.appendices)
    flow.finish()
    mark_document(document.element.body.find(W + "p"), doc)
    _set_properties(document, packet, doc.title)
    return flow.save()


def _first_title_paragraph(elements):
    paragraphs = [e for e in elements if e.tag == W + "p"]
    for p in paragraphs:
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == "Title":
            return p
    return paragraphs[0] if paragraphs else None


def _paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(W + "t"))


def _paragraph_text_lines(paragraph) -> str:
    """The paragraph's text with its line breaks as "\n"."""
    parts = []
    for el in paragraph.iter(W + "t", W + "br"):
        parts.append("\n" if el.tag == W + "br" else (el.text or ""))
    return "".join(parts)


def printed_title(text: str) -> str:
    """A title as the contents lists it: its lines joined, the spread-out "议　程" closed up."""
    # Full-width spaces in a title only spread a short word out on the page.
    return "".join(part.strip() for part in text.split("\n")).replace("\u3000", "")


def _merged(
    packet: Packet, documents: list[PacketDocument], rendered: _Rendered, pages: list[int] | None = None
) -> tuple[bytes, list[str]]:
    """The merged packet, and the text of each document's title paragraph (to find it in the PDF).

    `pages` are the page numbers for the contents, learnt from a LibreOffice layout; without them
    the contents lists the titles with empty page fields that Word and WPS fill when the file opens
    (an estimate would print numbers that may be wrong).
    """
    document = base_document()
    flow = Flow(document, stream=True)
    flow.clear()
    notices = rendered.notices
    cover = documents[0] if documents and _is_cover(documents[0]) else None
    body_docs = [d for d in documents if d is not cover]

    if cover is not None:
        if cover.template:
            copied = flow.import_body(rendered.load(cover), notices=notices, label=f"《{cover.title}》")
            mark_document(next((e for e in copied if e.tag == W + "p"), None), cover)
        else:
            mark_document(flow.title(cover.title), cover)
        flow.blocks(cover.blocks, document_title=cover.title)
        flow.end_document(title_page=True, blank_footers=True)

    loaded = {d.key: rendered.load(d) for d in body_docs if d.template}
    titles, lines = [], []
    for doc in body_docs:
        printed = _first_title_paragraph(list(loaded[doc.key].element.body)) if doc.template else None
        text = _paragraph_text_lines(printed) if printed is not None else doc.title
        titles.append(printed_title(text))
        lines.append("\n".join(printed_title(line) for line in text.split("\n") if line.strip()))
    entries = [(title, bookmark_name(i), str(pages[i - 1]) if pages else "") for i, title in enumerate(lines, start=1)]
    for element in toc_elements(entries):
        flow.add(element)
    if body_docs:
        flow.end_document(blank_footers=True)
        # Page numbers count from 1 on the first document after the contents page.
        flow.restart_numbering_next()

    anchors = []
    for i, doc in enumerate(body_docs, start=1):
        target = _add_body_document(flow, doc, loaded.get(doc.key), bookmark_name(i), notices)
        anchors.append(_paragraph_text(target))
        if i == len(body_docs):
            flow.finish(title_page=False)
        else:
            flow.end_document()
    if not body_docs:
        flow.finish(title_page=True, blank_footers=True)

    if body_docs:
        # Word and WPS refresh the contents (and its page numbers) when the packet is opened.
        settings = document.settings.element
        if settings.find(W + "updateFields") is None:
            settings.append(parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>'))
    _set_properties(document, packet, packet.meeting_title)
    return flow.save(), anchors


def _add_body_document(flow: Flow, doc: PacketDocument, loaded, bookmark: str, notices: list[str]):
    """One document after the contents, as the merged packet holds it; its title paragraph."""
    if doc.template:
        copied = flow.import_body(loaded, notices=notices, label=f"《{doc.title}》")
        target = _first_title_paragraph(copied)
        if target is None:
            target = flow.title(doc.title)
        flow.bookmark(target, bookmark)
        mark_document(target, doc)
        flow.blocks(doc.blocks, document_title=doc.title, appendices=doc.appendices)
        return target
    target = flow.add_document(doc.title, doc.blocks, bookmark=bookmark, appendices=doc.appendices)
    mark_document(target, doc)
    return target


def _alone(packet: Packet, doc: PacketDocument, rendered: _Rendered) -> bytes:
    """One document of the packet on its own exactly as the merged packet holds it (same base styles,
    sections, footers), so its pages laid out alone are its pages in the packet (`layout`)."""
    document = base_document()
    flow = Flow(document, stream=True)
    flow.clear()
    _add_body_document(flow, doc, rendered.load(doc) if doc.template else None, bookmark_name(1), [])
    flow.finish(title_page=False)
    return flow.save()


def table_rows(doc: PacketDocument) -> int:
    """The table rows a document prints, its appendices' included: what LibreOffice's layout time follows."""
    blocks = [*doc.blocks, *(b for a in doc.appendices for b in a.blocks)]
    return sum(len(b.rows) + 1 for b in blocks if isinstance(b, Table))


def _pages_from_pdf(pdf_path: Path, anchors: list[str]) -> list[int] | None:
    """Printed page numbers of each document, read from the laid-out PDF; None if one cannot be found.

    Numbering restarts at 1 on the first document after the contents page.
    """
    texts = pdf_module.page_texts(pdf_path)
    if texts is None:
        return None
    flat = ["".join(t.split()) for t in texts]
    # The contents page lists every title itself: look only after it.
    start = next((i + 1 for i, t in enumerate(flat) if t.startswith("目录")), 0)
    found = []
    for anchor in anchors:
        key = "".join(anchor.split())[:12]
        for index in range(start, len(texts)):
            if key and key in flat[index][:80]:
                found.append(index)
                start = index + 1
                break
        else:
            return None
    return [index - found[0] + 1 for index in found] if found else []


def write_file(path: Path, data: bytes) -> None:
    """Write one output file atomically; a system error becomes a Chinese `DocumentError`."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise DocumentError(f"写入文件“{path.name}”失败：{describe_os_error(exc)}。原有文件未改动。") from None


def planned_files(packet: Packet, out_dir: Path, *, pdf: bool = False) -> list[Path]:
    """The files `write_packet` would write, merged packet first."""
    documents = [d for d in packet.documents if d.included]
    files = [out_dir / packet_file_name(packet.meeting_short_title)]
    files += [out_dir / document_file_name(packet.meeting_short_title, i, d.title) for i, d in enumerate(documents, start=1)]
    if pdf:
        files.append(out_dir / packet_file_name(packet.meeting_short_title, ".pdf"))
    return files


def write_packet(
    packet: Packet,
    out_dir: str | Path,
    *,
    pdf: bool = False,
    force: bool = False,
    pdf_env: dict | None = None,
    layout: bool | None = None,
) -> WriteResult:
    """Write the packet's files into `out_dir`; return the files written and Chinese notices.

    `layout`: lay the merged packet out once with LibreOffice to print the real page numbers in
    its contents (default: the `page_layout` setting, when LibreOffice is installed). A PDF export
    always does, since it lays the packet out anyway.
    """
    out_dir = Path(out_dir)
    packet, notices = clean_packet(packet)
    used: set[tuple[str, str]] = set()
    packet = dataclasses.replace(packet, documents=[_overridden(d, used) for d in packet.documents])
    documents = [d for d in packet.documents if d.included]
    if not documents:
        raise DocumentError(f"{packet.meeting_short_title}的会议材料中没有选中任何文件，未导出。")
    targets = planned_files(packet, out_dir, pdf=pdf)
    if len({t.name for t in targets}) != len(targets):
        raise DocumentError("会议材料中有两个文件的标题相同，导出的文件名会重复，请修改其中一个标题。")
    if pdf and pdf_module.soffice() is None:
        raise DocumentError(
            f"未安装 LibreOffice，无法生成 PDF；不加 --pdf 可只导出 Word 文件。安装方法：{pdf_module.INSTALL_HINT}"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise DocumentError(f"输出位置“{out_dir}”是一个文件，不是文件夹。")
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = "、".join(f"“{t.name}”" for t in existing)
        raise DocumentError(f"文件夹“{out_dir}”中已有 {names}，未覆盖任何文件。如需覆盖请加 --force，或换一个输出文件夹。")

    rendered = _Rendered(packet, notices, used)
    progress.step("正在生成合订本……")
    merged, anchors = _merged(packet, documents, rendered)
    if anchors:
        # With a PDF the conversion checks these numbers against its own layout (`_write_pdf`).
        merged = _laid_out(packet, documents, rendered, merged, pdf_env, layout, notify=not pdf)
    _release_if_large(documents)
    contents: list[tuple[Path, bytes]] = [(targets[0], merged)]
    for n, (target, doc) in enumerate(zip(targets[1:], documents), start=1):
        progress.step(f"正在生成第 {n} 份文件（共 {len(documents)} 份）：{doc.title}")
        contents.append((target, _single(packet, doc, rendered)))
        _release_if_large([doc])

    notices += _unused_overrides(documents, used)
    result = WriteResult(notices=notices)
    # Written into a hidden folder that replaces out_dir whole at the end (outputs.py): killed half-way,
    # the folder still holds the earlier export, never a mix of old and new files.
    # With --force, the meeting's earlier export goes whole, also files this one no longer has.
    prefix = packet_file_name(packet.meeting_short_title).split("_会议材料")[0] + "_"
    drop = (lambda name: name.startswith(prefix) and name.endswith((".docx", ".pdf"))) if force else None
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise DocumentError(f"无法创建输出文件夹“{out_dir}”：路径中有同名文件，或没有写入权限。") from None
    try:
        with outputs.staged(out_dir, [t.name for t in targets], drop=drop) as stage:
            progress.step("正在写入文件……")
            for path, data in contents:
                write_file(stage / path.name, data)
            if pdf:
                progress.step("正在用 LibreOffice 生成 PDF（页数多时需要几分钟）……")
                _write_pdf(packet, documents, rendered, anchors, stage / targets[0].name, stage / targets[-1].name, pdf_env)
    except OSError as exc:
        raise DocumentError(f"未能写入输出文件夹“{out_dir}”：{describe_os_error(exc)}。原有文件未改动。") from None
    result.files.extend(targets)
    return result


# A python-docx Document is a reference cycle (package <-> parts) and its lxml tree is C memory that
# never prompts Python's collector, so a finished document lingers until some later collection and
# the next one is built beside it. With a 10,000-row table that doubled the export's peak memory
# (about 700 MB instead of 450 MB), so after a document with a large table we collect at once.
_LARGE_TABLE_ROWS = 1000


def _release_if_large(documents: list[PacketDocument]) -> None:
    if any(
        isinstance(b, Table) and len(b.rows) >= _LARGE_TABLE_ROWS
        for d in documents
        for b in [*d.blocks, *(x for a in d.appendices for x in a.blocks)]
    ):
        gc.collect()


UNNUMBERED = (
    "目录暂未标页码：打开合订本时 Word/WPS 会提示更新域，选“是”即按实际页码填入（本机装有 LibreOffice 时导出会自动排定页码）。"
)


def _laid_out(packet, documents, rendered, merged: bytes, env, layout: bool | None, *, notify: bool = True) -> bytes:
    """The merged packet with the contents' page numbers, each document laid out alone by LibreOffice
    (`layout.py`: remembered by content, skipped past its row limit), or as it is with a notice."""
    body = [d for d in documents if not _is_cover(d)]
    pages = None
    if page_layout.reason((table_rows(d) for d in body), layout) is None:
        progress.step("正在用 LibreOffice 排定目录页码……")
        pages = page_layout.start_pages([functools.partial(_alone, packet, d, rendered) for d in body], env=env)
    if pages is None:
        if notify:
            rendered.notices.append(UNNUMBERED)
        return merged
    return _merged(packet, documents, rendered, pages)[0]


def _write_pdf(packet, documents, rendered, anchors, docx_path: Path, pdf_path: Path, env) -> Path:
    """Convert the merged packet, fill the contents' page numbers with those LibreOffice laid out,
    and convert again."""
    from workbench.documents.fontcheck import pdf_font_warning

    warning = pdf_font_warning(env)
    if warning and warning not in rendered.notices:
        rendered.notices.append(warning)
    pdf_module.convert_to_pdf(docx_path, pdf_path, env=env)
    if not anchors:
        return pdf_path
    pages = _pages_from_pdf(pdf_path, anchors)
    if pages is None:
        rendered.notices.append(UNNUMBERED)
        return pdf_path
    estimated = [int(p) for p in _toc_pages(docx_path)]
    if pages != estimated:
        merged, _ = _merged(packet, documents, rendered, pages)
        write_file(docx_path, merged)
        pdf_module.convert_to_pdf(docx_path, pdf_path, env=env)
    return pdf_path


def _toc_pages(docx_path: Path) -> list[str]:
    """The cached page numbers of the contents' PAGEREF fields, in order."""
    document = docx.Document(str(docx_path))
    pages = []
    for p in document.element.body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(W + "val") != "TOC1":
            continue
        texts = [t.text or "" for t in p.iter(W + "t")]
        if texts and texts[-1].isdigit():
            pages.append(texts[-1])
    return pages
