"""The packet's contents as assembled: each document with the rule that pulled it in, changeable by hand.

The secretary picks the rules (which plan items, which supervision items, …), the
packet is assembled from the store by `workbench.packet.assemble`, and each document
is shown with its rule. A document can be left out; lines of a document (a
paragraph, a row of a table) can be taken out, and a paragraph can be added. These
hand changes live in the `Packet` held here and are what the export writes; they
never change the store (the figures quoted stay as the store has them).
"""

from __future__ import annotations

import html

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.drafts.blocks import Heading, Packet, PacketDocument, Paragraph, Part, Table
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

PREVIEW_CHARS = 60


def _short(text: str, n: int = PREVIEW_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def table_name(doc: PacketDocument, index: int) -> str:
    """A table's caption, else the heading just above it, so “表格” alone never has to do."""
    table = doc.blocks[index]
    if isinstance(table, Table) and table.caption:
        return table.caption
    for block in reversed(doc.blocks[:index]):
        if isinstance(block, Heading):
            return block.text
    return "表格"


def document_lines(doc: PacketDocument) -> list[tuple[str, tuple[int, int | None]]]:
    """Every removable line of a document: (what the secretary reads, (block index, table row or None))."""
    lines: list[tuple[str, tuple[int, int | None]]] = []
    for b, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            lines.append((f"段落：{_short(block.text)}", (b, None)))
        elif isinstance(block, Table):
            caption = table_name(doc, b)
            for r, row in enumerate(block.rows):
                lines.append((f"{caption}第{r + 1}行：{_short('｜'.join(str(c) for c in row))}", (b, r)))
    return lines


def remove_lines(doc: PacketDocument, refs: list[tuple[int, int | None]]) -> int:
    """Take the given paragraphs and table rows out of `doc`; return how many were removed."""
    rows_by_table: dict[int, set[int]] = {}
    paragraphs: set[int] = set()
    for b, r in refs:
        if r is None:
            paragraphs.add(b)
        else:
            rows_by_table.setdefault(b, set()).add(r)
    for b, rows in rows_by_table.items():
        table = doc.blocks[b]
        assert isinstance(table, Table), "row references come from document_lines, which lists table rows only"
        keep = [i for i in range(len(table.rows)) if i not in rows]
        table.marked_rows = [keep.index(i) for i in table.marked_rows if i in keep]
        table.rows = [table.rows[i] for i in keep]
    doc.blocks = [blk for i, blk in enumerate(doc.blocks) if i not in paragraphs]
    return len(paragraphs) + sum(len(r) for r in rows_by_table.values())


def _item_line(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    text = item.get("text") or item.get("topic") or item.get("title") or ""
    extra = "；".join(str(item[k]) for k in ("presenter", "source") if item.get(k))
    number = f"{item['number']}. " if item.get("number") and not str(text).startswith(str(item["number"])) else ""
    return f"{number}{text}" + (f"（{extra}）" if extra else "")


def template_summary(doc: PacketDocument, packet: Packet | None = None) -> str:
    """What a template-based document (cover, notice, agenda) will say, one line per value.

    Only the values are shown, never the context's keys (they are English names the
    template uses); the cover takes title and office from the meeting itself.
    """
    lines: list[str] = []
    if doc.key == Part.COVER and packet is not None:
        lines.append(packet.meeting_title)
    for value in doc.context.values():
        if isinstance(value, str) and value.strip():
            lines.append(value)
        elif isinstance(value, (list, tuple)):
            lines += [_item_line(v) for v in value if v]
    if doc.key == Part.COVER and packet is not None:
        lines.append(packet.office)
    return "\n".join(lines)


class DocumentCard:
    """One document of the packet: include or leave out, its rule, its lines, take out or add."""

    def __init__(self, doc: PacketDocument, number: int, packet: Packet | None = None):
        self.doc = doc
        self.include = W.Checkbox(
            value=doc.included, description=f"{number}. {doc.title}", indent=False, layout=W.Layout(width="auto")
        )
        self.include.add_class(f"wb-include-{doc.key}")
        self.include.observe(self._toggle, names="value")
        self.rule = W.HTML(f"<span style='color:#555'>收入依据：{html.escape(doc.rule or '（未说明）')}</span>")
        self.notice = Notice()
        parts: list[W.Widget] = [self.include, self.rule]
        self.summary = W.HTML("")
        if doc.template:
            text = html.escape(template_summary(doc, packet)).replace("\n", "<br>")
            self.summary.value = f"<div style='margin-left:1.5em;color:#333'>{text}</div>" + (
                "<i>议程事项请在“议程”页增删和调整。</i>" if doc.key in (Part.AGENDA, Part.NOTICE) else ""
            )
            parts.append(self.summary)
        self.lines = W.SelectMultiple(options=[], rows=6, layout=W.Layout(width="900px"))
        self.remove_button = button("移出所选内容", css=f"wb-remove-{doc.key}")
        self.remove_button.on_click(lambda _b: self.remove_selected())
        self.new_text = W.Textarea(placeholder="在本文件末尾添加一段文字", layout=W.Layout(width="700px", height="48px"))
        self.add_button = button("添加段落", css=f"wb-add-{doc.key}")
        self.add_button.on_click(lambda _b: self.add_paragraph())
        if doc.blocks or not doc.template:
            parts += [self.lines, self.remove_button, W.HBox([self.new_text, self.add_button])]
        parts.append(self.notice.widget)
        self.widget = W.VBox(parts, layout=W.Layout(border="1px solid #ddd", padding="6px", margin="4px 0"))
        self._refresh_lines()

    def _toggle(self, change) -> None:
        self.doc.included = bool(change["new"])
        self.notice.info("已收入会议材料。" if self.doc.included else "已从会议材料中移出（导出时不生成此文件）。")

    def _refresh_lines(self) -> None:
        entries = document_lines(self.doc)
        # Options must be unique labels; the index keeps two identical lines apart.
        self.lines.options = [(f"{k + 1:>3}  {text}", k) for k, (text, _ref) in enumerate(entries)]
        self._refs = [ref for _text, ref in entries]

    def remove_selected(self) -> int:
        chosen = [self._refs[k] for k in self.lines.value]
        if not chosen:
            self.notice.error("请先在上面的列表中选择要移出的内容（可按住 Ctrl 多选）。")
            return 0
        n = remove_lines(self.doc, chosen)
        self._refresh_lines()
        self.notice.ok(f"已移出 {n} 项内容（仅影响本次导出的材料，不改动库中数据）。")
        return n

    def add_paragraph(self) -> bool:
        text = self.new_text.value.strip()
        if not text:
            self.notice.error("请先填写要添加的文字。")
            return False
        self.doc.blocks.append(Paragraph(text))
        self.new_text.value = ""
        self._refresh_lines()
        self.notice.ok("已添加段落。")
        return True


@tab("contents", "材料内容", order=20)
class ContentsTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.packet: Packet | None = None
        self.cards: list[DocumentCard] = []
        from workbench.packet.rules import CHOICES, TITLES, PacketRules

        self._rules_class = PacketRules
        defaults = PacketRules()
        self.rule_choices = {}
        # Wide enough for the longest rule's name (下一年度工作要点（草案）), so no name is cut short.
        label_width = f"{max(len(t) for t in TITLES.values()) + 1}em"
        for name, choices in CHOICES.items():
            dd = W.Dropdown(
                options=[(text, code) for code, text in choices.items()],
                value=getattr(defaults, name),
                description=TITLES[name],
                style={"description_width": label_width},
                layout=W.Layout(width="880px"),
            )
            dd.add_class(f"wb-rule-{name}")
            self.rule_choices[name] = dd
        self.assemble_button = button("按规则重新汇总", style="primary", css="wb-assemble")
        self.assemble_button.on_click(lambda _b: self.assemble())
        self.notice = Notice()
        self.documents = W.VBox([])
        self.stale = Notice("wb-contents-stale")
        self.widget = W.VBox(
            [
                W.HTML("<b>汇总规则</b>（改动规则后点击“按规则重新汇总”；重新汇总会放弃下方的手工增删）"),
                *self.rule_choices.values(),
                self.assemble_button,
                self.stale.widget,
                self.notice.widget,
                self.documents,
            ]
        )
        session.on_data_changed(self._data_changed)

    def _data_changed(self, _event: DataChanged) -> None:
        # Not re-assembled by itself: that would throw away the hand changes made below.
        if self.packet is not None:
            self.stale.info("汇总之后库中数据有变动。如需把变动收入会议材料，请点击“按规则重新汇总”（下方的手工增删需重做）。")

    def opened(self) -> None:
        self.ensure()

    def rules(self):
        return self._rules_class(**{name: dd.value for name, dd in self.rule_choices.items()})

    def load(self, meeting: MeetingInfo | None) -> None:
        """Remember the meeting; the packet is assembled when the tab is opened (assembly reads much of the store)."""
        self.meeting = meeting
        self.packet = None
        self.stale.clear()
        self.documents.children = []

    def ensure(self) -> Packet | None:
        # Not re-assembled when already there: that would throw away the secretary's hand changes.
        if self.packet is None:
            self.assemble()
        return self.packet

    def assemble(self) -> Packet | None:
        from workbench.packet.assemble import assemble

        self.notice.clear()
        self.stale.clear()
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return None
        try:
            self.packet = assemble(self.session.store, self.meeting, self.rules())
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        self.cards = [DocumentCard(d, n, self.packet) for n, d in enumerate(self.packet.documents, start=1)]
        self.documents.children = [c.widget for c in self.cards]
        left_out = sum(1 for d in self.packet.documents if not d.included)
        self.notice.ok(
            f"已按规则汇总{self.packet.meeting_short_title}的会议材料，共 {len(self.cards) - left_out} 个文件"
            + (f"；另有 {left_out} 份本次没有内容，未收入（勾选即可收入）。" if left_out else "。")
        )
        return self.packet

    def card(self, key: str) -> DocumentCard:
        for c in self.cards:
            if c.doc.key == key:
                return c
        raise KeyError(key)
