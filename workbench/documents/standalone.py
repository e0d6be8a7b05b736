"""One ordinary document outside the packet (筹备工作安排, 测评表, 工作总结, 会议纪要) as its own .docx.

Same base template, styles, page numbers and table writer as the packet's documents; text is
cleaned by `hygiene` first; files are built in memory and written atomically, and an existing
file is never replaced unless asked. The closing block (署名 and 成文日期 without a seal,
GB/T 9704 §7.3.5.2) and the attendance lines of 纪要 (§10.3) are drawn here because the
packet's blocks have no such element.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from docx.oxml import parse_xml

from workbench.base.errors import DocumentError
from workbench.base.numerals import chinese_date
from workbench.documents.compose import Flow, paragraph_element
from workbench.documents.fonts import HEITI, KAITI, W_NS, rfonts_xml
from workbench.documents.hygiene import clean_document
from workbench.documents.properties import set_properties
from workbench.documents.writer import base_document, write_file
from workbench.drafts.blocks import PacketDocument, Signature, StandaloneDocument


def _indent_chars(hundredths_left: int = 0, hundredths_right: int = 0, first: int = 0) -> str:
    return (
        f'<w:ind w:leftChars="{hundredths_left}" w:left="{hundredths_left * 3}" '
        f'w:rightChars="{hundredths_right}" w:right="{hundredths_right * 3}" '
        f'w:firstLineChars="{first}" w:firstLine="{first * 3}"/>'
    )


def text_width_chars(text: str) -> float:
    """Width in 三号 characters: Chinese full width, Arabic digits and Latin half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def blank_line():
    return paragraph_element("", ppr=_indent_chars())


def signature_elements(signature: Signature) -> list:
    """署名 and 成文日期. Sealed: the date right-indented 4 characters, the 署名 centred over it,
    two blank lines above for the seal (§7.3.5.1). Unsealed: one blank line, 署名 right-indented
    2 characters, the date starting 2 characters right of the 署名's first character (§7.3.5.2)."""
    date_text = chinese_date(signature.signed_on) if signature.signed_on else "　年　月　日"
    sign_w, date_w = text_width_chars(signature.sender), text_width_chars(date_text)
    out = [blank_line()]
    if signature.sealed:
        out.append(blank_line())
        date_right = 4.0
        sign_right = max(0.0, date_right + (date_w - sign_w) / 2)
    else:
        sign_right = 2.0
        date_right = sign_right + sign_w - 2 - date_w
        if date_right < 2.0:  # the date is the longer line: it keeps 2 characters, the 署名 moves left
            date_right = 2.0
            sign_right = date_right + date_w + 2 - sign_w
    for text, right in ((signature.sender, sign_right), (date_text, date_right)):
        ppr = _indent_chars(0, round(right * 100)) + '<w:jc w:val="right"/>'
        out.append(paragraph_element(text, ppr=ppr))
    return out


def note_element(note: str):
    return paragraph_element(note, ppr=_indent_chars(0, 0, 200))


def attendance_elements(lines: list[tuple[str, str]]) -> list:
    """出席：/请假：/列席： with the label in 黑体 and wrapped lines under the first name (hanging indent)."""
    out = [blank_line()]
    for label, names in lines:
        head = f"{label}："
        hang = round(text_width_chars(head) * 100)
        ppr = f'<w:ind w:leftChars="{200 + hang}" w:left="{(200 + hang) * 3}" w:hangingChars="{hang}" w:hanging="{hang * 3}"/>'
        heiti = f"<w:rPr>{rfonts_xml(HEITI)}</w:rPr>"
        esc = names.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out.append(
            parse_xml(
                f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Normal"/>{ppr}</w:pPr>'
                f'<w:r>{heiti}<w:t>{head}</w:t></w:r><w:r><w:t xml:space="preserve">{esc}</w:t></w:r></w:p>'
            )
        )
    return out


def _kaiti_line(text: str):
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return parse_xml(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Normal"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr>{rfonts_xml(KAITI)}</w:rPr><w:t xml:space="preserve">{esc}</w:t></w:r></w:p>'
    )


def render(doc: StandaloneDocument, *, flow_hook=None, after_title: list | None = None) -> tuple[bytes, list[str]]:
    """The document as .docx bytes, and the hygiene notices."""
    cleaned, notices = clean_document(PacketDocument(key="standalone", title=doc.title, blocks=doc.blocks))
    document = base_document()
    flow = Flow(document)
    flow.clear()
    if flow_hook is not None:
        flow_hook(document, flow)
    if doc.minutes_head is not None:
        from workbench.documents.minutes import head_elements

        head = doc.minutes_head
        for element in head_elements(head.mark, head.number, head.office, head.date_text):
            flow.add(element)
    if doc.show_title:
        flow.title(cleaned.title)
    if doc.subtitle:
        flow.add(_kaiti_line(doc.subtitle))
    for element in after_title or []:
        flow.add(element)
    flow.blocks(cleaned.blocks, document_title=cleaned.title)
    if doc.signature:
        for element in signature_elements(doc.signature):
            flow.add(element)
    if doc.note:
        flow.add(note_element(doc.note))
    if doc.attendance:
        for element in attendance_elements(doc.attendance):
            flow.add(element)
    flow.finish()
    set_properties(document, title=cleaned.title, office=doc.author or "", when=datetime.now(UTC))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), notices


def write_files(contents: list[tuple[Path, bytes]], *, force: bool = False) -> list[Path]:
    """Write each (path, bytes) atomically; refuse before writing anything if one exists (unless `force`)."""
    if not contents:
        return []
    out_dir = contents[0][0].parent
    if out_dir.exists() and not out_dir.is_dir():
        raise DocumentError(f"输出位置“{out_dir}”是一个文件，不是文件夹。")
    names = [p.name for p, _ in contents]
    if len(set(names)) != len(names):
        raise DocumentError("要写出的文件中有两个同名，未写入任何文件。")
    existing = [p for p, _ in contents if p.exists()]
    if existing and not force:
        raise DocumentError(
            f"文件夹“{out_dir}”中已有 "
            + "、".join(f"“{p.name}”" for p in existing)
            + "，未覆盖任何文件。如需覆盖请加 --force，或换一个输出文件夹。"
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise DocumentError(f"无法创建输出文件夹“{out_dir}”：路径中有同名文件，或没有写入权限。") from None
    for path, data in contents:
        write_file(path, data)
    return [p for p, _ in contents]
