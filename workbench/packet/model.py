"""The meeting packet as plain data: the contract between assembly and the Word writer.

`workbench.packet` fills a `Packet` from the store; the editor notebook may change
it by hand; `workbench.documents` turns it into .docx/.pdf. Nothing here knows
the store or Word, so a packet can be built in a test, pickled, or turned into JSON.

A packet is a list of documents in the glossary's order (cover, notice, agenda,
briefings, plan progress, supervision, proposals, attendance, liaison groups,
changes since the last meeting). Each document is either rendered from a
template in `templates/` with `context` (cover, notice, agenda: prose a
secretary edits in Word), or built from `blocks` (headings, paragraphs, tables),
or both: template first, then blocks.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Union


@dataclass
class Heading:
    """一、 (level 1, 黑体), （一） (level 2, 楷体), 1. (level 3, 仿宋 bold). `text` includes its number."""
    text: str
    level: int = 1
    kind: Literal["heading"] = "heading"


@dataclass
class Paragraph:
    """Body text: 仿宋 16 pt with a two-character first-line indent, unless `align` says otherwise."""
    text: str
    align: Literal["justify", "center", "right", "left"] = "justify"
    bold: bool = False
    # Characters of body text between a right-aligned line and the margin (署名 and 成文日期).
    right_indent_chars: float = 0
    # Kept on one page with the next paragraph (a 署名 with its 成文日期).
    keep_with_next: bool = False
    kind: Literal["paragraph"] = "paragraph"


@dataclass
class Column:
    header: str
    width_mm: float
    align: Literal["left", "center", "right"] = "left"


@dataclass
class Table:
    """A table; `landscape` puts it in its own landscape section (wide tables)."""
    columns: list[Column]
    rows: list[list[str]]
    caption: str = ""
    landscape: bool = False
    # Row indices (into `rows`) to mark, e.g. overdue or lagging items, drawn in bold.
    marked_rows: list[int] = field(default_factory=list)
    note: str = ""
    kind: Literal["table"] = "table"


Block = Union[Heading, Paragraph, Table]


@dataclass
class PacketDocument:
    """One document of the packet, written as its own .docx and as a part of the merged packet."""
    key: str                 # stable English key, e.g. "agenda", "proposals"
    title: str               # Chinese title shown in the document and the table of contents
    template: str | None = None   # file name in templates/, rendered with `context`
    context: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    included: bool = True    # the editor can leave a document out
    rule: str = ""           # Chinese: why its content was pulled in (shown in the editor)


@dataclass
class Packet:
    meeting_id: int
    meeting_title: str        # 政协青岚县第十一届委员会常务委员会第十八次会议
    meeting_short_title: str  # 十一届十八次常委会议
    meeting_date: date | None
    office: str               # 政协青岚县委员会办公室 (issuing office on the cover)
    documents: list[PacketDocument] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)   # the numbers quoted, for tests and snapshots
    generated_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def document(self, key: str) -> PacketDocument:
        for d in self.documents:
            if d.key == key:
                return d
        raise KeyError(key)

    def to_dict(self) -> dict:
        return asdict(self)
