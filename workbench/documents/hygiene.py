"""Text hygiene before anything is written to Word.

Text pasted from other programs carries control characters that are illegal in
XML (Word refuses the whole file, or python-docx raises half-way), lone
surrogates from broken encodings, Windows line endings, and now and then a
field holding a whole pasted document. Every string in a packet is cleaned here
first, and each change is reported in Chinese so the secretary can fix the
source record rather than be surprised by the printout.
"""

from __future__ import annotations

import dataclasses
import re

from workbench.drafts.blocks import Block, Heading, Packet, PacketDocument, Paragraph, Table

# XML 1.0 forbids these; \t \n \r are allowed and handled separately.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

MAX_CELL_CHARS = 2_000
MAX_TEXT_CHARS = 20_000
# How many places are named in one notice before "等" takes over.
_NAMED_PLACES = 5


def cap_note(cut: int) -> str:
    return f"……【此处内容过长，已截去 {cut} 字，全文请查阅原始记录】"


@dataclasses.dataclass
class _Tally:
    """Changes found in one document, grouped so 10,000 rows produce a few lines, not 10,000."""

    controls: list[str] = dataclasses.field(default_factory=list)
    control_count: int = 0
    newlines: list[str] = dataclasses.field(default_factory=list)
    capped: list[str] = dataclasses.field(default_factory=list)


def clean_text(text: str, *, limit: int = MAX_TEXT_CHARS) -> tuple[str, int, bool, int]:
    """Return (clean text, control characters removed, line endings changed, characters cut)."""
    removed = 0
    if _ILLEGAL.search(text):
        text, removed = _ILLEGAL.subn("", text)
    newline = "\r" in text
    if newline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    cut = 0
    if len(text) > limit:
        cut = len(text) - limit
        text = text[:limit] + cap_note(cut)
    return text, removed, newline, cut


def _clean(value: str, place: str, tally: _Tally, limit: int = MAX_TEXT_CHARS) -> str:
    if not isinstance(value, str):
        return value
    text, removed, newline, cut = clean_text(value, limit=limit)
    if removed:
        tally.controls.append(place)
        tally.control_count += removed
    if newline:
        tally.newlines.append(place)
    if cut:
        tally.capped.append(f"{place}（原长 {len(value)} 字，截去 {cut} 字）")
    return text


def _clean_value(value, place: str, tally: _Tally):
    """Clean every string inside template data (dicts, lists, dataclasses), keeping other values."""
    if isinstance(value, str):
        return _clean(value, place, tally)
    if isinstance(value, dict):
        return {k: _clean_value(v, f"{place}.{k}" if place else str(k), tally) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_clean_value(v, f"{place}[{i + 1}]", tally) for i, v in enumerate(value)]
        return type(value)(items) if isinstance(value, tuple) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _clean_value(getattr(value, f.name), f"{place}.{f.name}", tally)
            for f in dataclasses.fields(value)
            if isinstance(getattr(value, f.name), (str, list, dict))
        }
        return dataclasses.replace(value, **changes)
    return value  # dates, numbers, None: nothing to clean


def _clean_table(table: Table, tally: _Tally, place: str = "") -> Table:
    name = place + (f"表格“{table.caption}”" if table.caption else "表格")
    headers = [c.header for c in table.columns]
    columns = [dataclasses.replace(c, header=_clean(c.header, f"{name}表头", tally)) for c in table.columns]
    bad = _ILLEGAL.search
    rows = []
    for r, row in enumerate(table.rows, start=1):
        new_row = []
        for c, cell in enumerate(row):
            cell = "" if cell is None else cell if isinstance(cell, str) else str(cell)
            # Fast path: almost every cell is clean and short.
            if len(cell) <= MAX_CELL_CHARS and "\r" not in cell and bad(cell) is None:
                new_row.append(cell)
            else:
                header = headers[c] if c < len(headers) else f"第{c + 1}列"
                new_row.append(_clean(cell, f"{name}第{r}行“{header}”", tally, MAX_CELL_CHARS))
        rows.append(new_row)
    return dataclasses.replace(
        table,
        columns=columns,
        rows=rows,
        caption=_clean(table.caption, f"{name}标题", tally),
        note=_clean(table.note, f"{name}注释", tally),
    )


def _places(places: list[str]) -> str:
    shown = "、".join(places[:_NAMED_PLACES])
    return shown + (f"等 {len(places)} 处" if len(places) > _NAMED_PLACES else "")


def _notices(title: str, tally: _Tally) -> list[str]:
    out = []
    if tally.controls:
        out.append(
            f"《{title}》：{_places(tally.controls)}含有从其他程序粘贴带入的不可见控制字符，已删除 {tally.control_count} 个。"
        )
    if tally.newlines:
        out.append(f"《{title}》：{_places(tally.newlines)}的换行符已统一为标准换行。")
    for place in tally.capped:
        out.append(f"《{title}》：{place}内容过长，已截断并在文中注明，请核对原始记录。")
    return out


def clean_document(doc: PacketDocument) -> tuple[PacketDocument, list[str]]:
    tally = _Tally()
    title = _clean(doc.title, "标题", tally)
    context = _clean_value(doc.context, "", tally)
    blocks = _clean_blocks(doc.blocks, "", tally)
    appendices = []
    for n, appendix in enumerate(doc.appendices, start=1):
        place = f"附件{n if len(doc.appendices) > 1 else ''}"
        appendices.append(
            dataclasses.replace(
                appendix, title=_clean(appendix.title, f"{place}标题", tally), blocks=_clean_blocks(appendix.blocks, place, tally)
            )
        )
    cleaned = dataclasses.replace(doc, title=title, context=context, blocks=blocks, appendices=appendices)
    return cleaned, _notices(title or doc.key, tally)


def _clean_blocks(blocks: list[Block], place: str, tally: _Tally) -> list[Block]:
    """`place` names where the blocks are ("" for the body, "附件" for an appendix) in the notices."""
    cleaned: list[Block] = []
    paragraph_no = 0
    for block in blocks:
        if isinstance(block, Table):
            cleaned.append(_clean_table(block, tally, place))
        elif isinstance(block, Heading):
            cleaned.append(dataclasses.replace(block, text=_clean(block.text, f"{place}小标题“{block.text[:12]}”", tally)))
        elif isinstance(block, Paragraph):
            paragraph_no += 1
            cleaned.append(dataclasses.replace(block, text=_clean(block.text, f"{place}第{paragraph_no}段", tally)))
        else:
            cleaned.append(block)
    return cleaned


def clean_packet(packet: Packet) -> tuple[Packet, list[str]]:
    """A cleaned copy of `packet` (the original is left as the editor holds it) and the notices."""
    notices: list[str] = []
    tally = _Tally()
    meeting_title = _clean(packet.meeting_title, "会议名称", tally)
    meeting_short_title = _clean(packet.meeting_short_title, "会议简称", tally)
    office = _clean(packet.office, "落款单位", tally)
    notices += _notices("会议信息", tally)
    documents = []
    for doc in packet.documents:
        cleaned, found = clean_document(doc)
        documents.append(cleaned)
        notices += found
    return dataclasses.replace(
        packet, documents=documents, meeting_title=meeting_title, meeting_short_title=meeting_short_title, office=office
    ), notices
