"""Writing a packet to files: one merged .docx with a table of contents, each document
as its own .docx, and the merged packet as PDF when asked.

`write_packet` cleans the text first (hygiene), builds every file in memory,
refuses before writing anything if a target exists (unless `force`), then
writes each file atomically: a temporary file in the same folder, renamed over
the target, so a crash never leaves a half-written Word file behind.
"""
from __future__ import annotations

import gc
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import parse_xml

from ..atomic import write_atomic
from ..errors import DocumentError
from ..packet.model import Heading, Packet, PacketDocument, Paragraph, Table
from . import pdf as pdf_module
from .compose import Flow
from .context import template_context
from .filenames import document_file_name, packet_file_name
from .fonts import W, W_NS
from .hygiene import clean_packet
from .templates import render_template, template_path
from .toc import bookmark_name, toc_elements

BASE_TEMPLATE = "base.docx"
COVER_KEY = "cover"


@dataclass
class WriteResult:
    files: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def packet_file(self) -> Path | None:
        return next((f for f in self.files if f.name.endswith("_会议材料.docx")), None)


def _base_document():
    path = template_path(BASE_TEMPLATE)
    if not path.exists():
        raise DocumentError(f"样式模板“{BASE_TEMPLATE}”不存在（{path}）。"
                            "请运行 python -m workbench.documents.build_templates 生成。")
    return docx.Document(str(path))


def _set_properties(document, packet: Packet, title: str) -> None:
    props = document.core_properties
    props.title = title
    props.subject = packet.meeting_title
    props.author = packet.office or "常委会议材料工作台"
    props.language = "zh-CN"


def _is_cover(doc: PacketDocument) -> bool:
    return doc.key == COVER_KEY


class _Rendered:
    """Each template is rendered once; the single file and the merged packet each load a copy."""

    def __init__(self, packet: Packet, notices: list[str]):
        self.packet, self.notices, self._cache = packet, notices, {}

    def load(self, doc: PacketDocument):
        if doc.key not in self._cache:
            document, found = render_template(doc.template, template_context(self.packet, doc),
                                              document_title=doc.title)
            self.notices.extend(found)
            buffer = io.BytesIO()
            document.save(buffer)
            self._cache[doc.key] = buffer.getvalue()
        return docx.Document(io.BytesIO(self._cache[doc.key]))


def _single(packet: Packet, doc: PacketDocument, rendered: _Rendered) -> bytes:
    if doc.template:
        document = rendered.load(doc)
        flow = Flow(document)
        flow.blocks(doc.blocks, document_title=doc.title)
    else:
        document = _base_document()
        flow = Flow(document)
        flow.clear()
        flow.add_document(doc.title, doc.blocks)
    flow.finish()
    _set_properties(document, packet, doc.title)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _first_title_paragraph(elements):
    paragraphs = [e for e in elements if e.tag == W + "p"]
    for p in paragraphs:
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == "Title":
            return p
    return paragraphs[0] if paragraphs else None


def estimate_pages(doc: PacketDocument, rendered_paragraphs: int = 0) -> int:
    """A rough page count (22 lines of 28 characters) for the contents page before fields are updated."""
    lines = 2 + rendered_paragraphs
    for block in doc.blocks:
        if isinstance(block, Table):
            lines += 2 + math.ceil(len(block.rows) * 1.3)
        elif isinstance(block, (Heading, Paragraph)):
            lines += max(1, math.ceil(len(block.text) / 28))
    return max(1, math.ceil(lines / 22))


def _paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(W + "t"))


def _merged(packet: Packet, documents: list[PacketDocument], rendered: _Rendered,
            pages: list[int] | None = None) -> tuple[bytes, list[str]]:
    """The merged packet, and the text of each document's title paragraph (to find it in the PDF).

    `pages` are the page numbers for the contents; without them they are estimated.
    """
    document = _base_document()
    flow = Flow(document)
    flow.clear()
    notices = rendered.notices
    cover = documents[0] if documents and _is_cover(documents[0]) else None
    body_docs = [d for d in documents if d is not cover]

    if cover is not None:
        if cover.template:
            flow.import_body(rendered.load(cover), notices=notices, label=f"《{cover.title}》")
        else:
            flow.title(cover.title)
        flow.blocks(cover.blocks, document_title=cover.title)
        flow.end_document(title_page=True, blank_footers=True)

    loaded = {d.key: rendered.load(d) for d in body_docs if d.template}
    if pages is None:
        pages, page = [], 1
        for doc in body_docs:
            pages.append(page)
            page += estimate_pages(doc, len(loaded[doc.key].paragraphs) if doc.template else 0)
    entries = [(doc.title, bookmark_name(i), str(pages[i - 1])) for i, doc in enumerate(body_docs, start=1)]
    for element in toc_elements(entries):
        flow.add(element)
    if body_docs:
        flow.end_document(blank_footers=True)
        # Page numbers count from 1 on the first document after the contents page.
        flow.restart_numbering_next()

    anchors = []
    for i, doc in enumerate(body_docs, start=1):
        if doc.template:
            copied = flow.import_body(loaded[doc.key], notices=notices, label=f"《{doc.title}》")
            target = _first_title_paragraph(copied)
            if target is None:
                target = flow.title(doc.title)
            flow.bookmark(target, bookmark_name(i))
            flow.blocks(doc.blocks, document_title=doc.title)
        else:
            target = flow.add_document(doc.title, doc.blocks, bookmark=bookmark_name(i))
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
    _set_properties(document, packet, f"{packet.meeting_short_title}会议材料")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), anchors


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


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError:
        raise DocumentError(f"写入文件“{path}”失败（没有写入权限、磁盘已满，或文件正被 Word/WPS 打开）。"
                            "该文件原有内容未改动。") from None


def planned_files(packet: Packet, out_dir: Path, *, pdf: bool = False) -> list[Path]:
    """The files `write_packet` would write, merged packet first."""
    documents = [d for d in packet.documents if d.included]
    files = [out_dir / packet_file_name(packet.meeting_short_title)]
    files += [out_dir / document_file_name(packet.meeting_short_title, i, d.title)
              for i, d in enumerate(documents, start=1)]
    if pdf:
        files.append(out_dir / packet_file_name(packet.meeting_short_title, ".pdf"))
    return files


def write_packet(packet: Packet, out_dir: str | Path, *, pdf: bool = False, force: bool = False,
                 pdf_env: dict | None = None) -> WriteResult:
    """Write the packet's files into `out_dir`; return the files written and Chinese notices."""
    out_dir = Path(out_dir)
    packet, notices = clean_packet(packet)
    documents = [d for d in packet.documents if d.included]
    if not documents:
        raise DocumentError(f"{packet.meeting_short_title}的会议材料中没有选中任何文件，未导出。")
    targets = planned_files(packet, out_dir, pdf=pdf)
    if len({t.name for t in targets}) != len(targets):
        raise DocumentError("会议材料中有两个文件的标题相同，导出的文件名会重复，请修改其中一个标题。")
    if pdf and pdf_module.soffice() is None:
        raise DocumentError(f"未安装 LibreOffice，无法生成 PDF；不加 --pdf 可只导出 Word 文件。"
                            f"安装方法：{pdf_module.INSTALL_HINT}")
    if out_dir.exists() and not out_dir.is_dir():
        raise DocumentError(f"输出位置“{out_dir}”是一个文件，不是文件夹。")
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = "、".join(f"“{t.name}”" for t in existing)
        raise DocumentError(f"文件夹“{out_dir}”中已有 {names}，未覆盖任何文件。"
                            "如需覆盖请加 --force，或换一个输出文件夹。")

    rendered = _Rendered(packet, notices)
    merged, anchors = _merged(packet, documents, rendered)
    _release_if_large(documents)
    contents: list[tuple[Path, bytes]] = [(targets[0], merged)]
    for target, doc in zip(targets[1:], documents):
        contents.append((target, _single(packet, doc, rendered)))
        _release_if_large([doc])

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise DocumentError(f"无法创建输出文件夹“{out_dir}”：路径中有同名文件，或没有写入权限。") from None
    result = WriteResult(notices=notices)
    for path, data in contents:
        _write_atomic(path, data)
        result.files.append(path)
    if pdf:
        result.files.append(_write_pdf(packet, documents, rendered, anchors, targets[0], targets[-1], pdf_env))
    return result


# A python-docx Document is a reference cycle (package <-> parts) and its lxml tree is C memory that
# never prompts Python's collector, so a finished document lingers until some later collection and
# the next one is built beside it. With a 10,000-row table that doubled the export's peak memory
# (about 700 MB instead of 450 MB), so after a document with a large table we collect at once.
_LARGE_TABLE_ROWS = 1000


def _release_if_large(documents: list[PacketDocument]) -> None:
    if any(isinstance(b, Table) and len(b.rows) >= _LARGE_TABLE_ROWS for d in documents for b in d.blocks):
        gc.collect()


def _write_pdf(packet, documents, rendered, anchors, docx_path: Path, pdf_path: Path, env) -> Path:
    """Convert the merged packet; if the contents' estimated page numbers were off, correct the
    .docx with the page numbers LibreOffice laid out and convert again."""
    from .fontcheck import pdf_font_warning
    warning = pdf_font_warning(env)
    if warning and warning not in rendered.notices:
        rendered.notices.append(warning)
    pdf_module.convert_to_pdf(docx_path, pdf_path, env=env)
    if not anchors:
        return pdf_path
    pages = _pages_from_pdf(pdf_path, anchors)
    if pages is None:
        rendered.notices.append("未能从 PDF 中确定各文件的页码，目录页码为估算值，请在 Word 中更新目录后核对。")
        return pdf_path
    estimated = [int(p) for p in _toc_pages(docx_path)]
    if pages != estimated:
        merged, _ = _merged(packet, documents, rendered, pages)
        _write_atomic(docx_path, merged)
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
