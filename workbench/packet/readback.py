"""Reading an exported packet back after it was edited in Word, WPS or LibreOffice (`packet readback`).

The export marked every cell that prints a record's field (`packet.provenance`) and froze, in its snapshot,
what each mark printed and the text outside the marks. `read` compares an edited .docx with that snapshot:

- a marked cell whose text differs is a change of that record's field (the mark's prefix, e.g. a note's
  date, is not part of the value);
- a cell holding tracked changes (w:ins/w:del) not yet accepted or rejected is listed apart, as pending:
  applied only when asked;
- a mark gone from a document the file holds (a deleted row) is a proposed deletion, never applied;
- comments are shown with what they are about, never applied;
- paragraphs outside every mark that changed are "未对应到记录" (headings, the notice's wording).

`apply` writes the chosen changes through the store's one write path, with "读回自《…》" in their history;
a record changed in the store since the export is a conflict and is left as it is.
A file without our marks, or marked by an export this store does not know, or of another meeting than the
one asked for, is refused with a message saying which.
"""

from __future__ import annotations

import difflib
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench.base.atomic import describe_os_error
from workbench.base.errors import NotFoundError, ValidationError, WorkbenchError
from workbench.office.meetings import MeetingInfo, resolve
from workbench.packet import text_overrides
from workbench.packet.provenance import is_document_mark, is_row_mark, parse_mark, token_of
from workbench.packet.wording import case_no, zh_month_day
from workbench.store import Store, schema
from workbench.store.rows import PacketSnapshot

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_INSERTED = {_W + "ins", _W + "moveTo"}
_DELETED = {_W + "del", _W + "moveFrom"}
# Paragraph styles of the contents: Word rewrites them when it updates fields, which is no edit.
_CONTENTS_STYLES = ("TOC", "toc", "目录")


class ReadbackError(ValidationError):
    """The file cannot be read back (not ours, another store's, another meeting's)."""


# ---------------------------------------------------------------- the file


@dataclass
class MarkText:
    accepted: str = ""  # the text with every pending change accepted
    original: str = ""  # the text with every pending change rejected
    pending: bool = False
    comments: list[str] = field(default_factory=list)  # comment ids


@dataclass
class FileText:
    """What a .docx says: the text of each of our marks, the paragraphs outside them, its comments."""

    marks: dict[str, MarkText] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)  # the documents' own marks, in file order
    rows: dict[str, list[MarkText]] = field(default_factory=dict)  # row mark → the text of each of its cells
    # (document mark, text) of each paragraph outside tables, cell marks and the contents
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    comments: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (author, text)
    loose_comments: list[str] = field(default_factory=list)  # comment ids outside every mark


def read_docx(path: Path) -> FileText:
    """The text of a .docx as `read` compares it, in one streaming pass over its main part."""
    name = Path(path).name
    try:
        package = zipfile.ZipFile(path)
    except OSError as exc:
        raise ReadbackError(f"无法打开《{name}》：{describe_os_error(exc)}。") from None
    except zipfile.BadZipFile:
        raise ReadbackError(
            f"《{name}》不是可以读取的 Word 文件（.docx）。如果它是 .doc 或 .wps 格式，请在 Word 或 WPS 中"
            "“另存为” .docx 后再读回。"
        ) from None
    with package:
        names = set(package.namelist())
        if "word/document.xml" not in names:
            raise ReadbackError(f"《{name}》不是 Word 文档（缺少正文部分 word/document.xml）。")
        found = FileText()
        try:
            with package.open("word/document.xml") as stream:
                _read_body(stream, found)
            if "word/comments.xml" in names:
                with package.open("word/comments.xml") as stream:
                    found.comments = _read_comments(stream)
        except etree.XMLSyntaxError as exc:
            raise ReadbackError(f"《{name}》已损坏，无法读取：{exc}。") from None
    return found


def _read_body(stream, found: FileText) -> None:
    open_marks: dict[str, str] = {}  # bookmark id → our mark name
    inserted = deleted = tables = 0
    paragraph: list[str] = []
    paragraph_marked = False
    document = ""
    cells: list[MarkText] = []  # the cells of the table row being read (top-level tables only)
    row_marks: list[str] = []
    cell_marks: list[str] = []  # the marks in the cell being read
    for event, element in etree.iterparse(stream, events=("start", "end"), huge_tree=True):
        tag = element.tag
        if event == "start":
            if tag in _INSERTED:
                inserted += 1
            elif tag in _DELETED:
                deleted += 1
            elif tag == _W + "tbl":
                tables += 1
            elif tag == _W + "tr" and tables == 1:
                cells, row_marks = [], []
            elif tag == _W + "tc" and tables == 1:
                cells.append(MarkText())
                cell_marks = []
            elif tag == _W + "bookmarkStart":
                mark = element.get(_W + "name", "")
                if is_document_mark(mark):
                    document = mark
                    found.documents.append(mark)
                elif is_row_mark(mark):
                    row_marks.append(mark)
                elif parse_mark(mark) and tables == 1 and cells:
                    # A cell prints one field: its mark reads the whole cell, wherever an edit in Word or
                    # LibreOffice left the bookmark's end (LibreOffice's replace shrinks it to one character).
                    found.marks[mark] = cells[-1]
                    cell_marks.append(mark)
                elif parse_mark(mark):
                    open_marks[element.get(_W + "id", "")] = mark
                    found.marks.setdefault(mark, MarkText())
                    paragraph_marked = True
            elif tag == _W + "bookmarkEnd":
                open_marks.pop(element.get(_W + "id", ""), None)
            elif tag == _W + "commentRangeStart":
                comment = element.get(_W + "id", "")
                about = [*open_marks.values(), *(cell_marks if tables == 1 and cells else [])]
                if about:
                    for mark in dict.fromkeys(about):
                        found.marks[mark].comments.append(comment)
                else:
                    found.loose_comments.append(comment)
            continue
        # end events
        if tag in _INSERTED:
            inserted -= 1
        elif tag in _DELETED:
            deleted -= 1
        elif tag in (_W + "t", _W + "delText", _W + "tab", _W + "br", _W + "cr") and not _is_tab_stop(element):
            text = element.text or "" if tag in (_W + "t", _W + "delText") else ("\t" if tag == _W + "tab" else "\n")
            targets = [found.marks[mark] for mark in open_marks.values()]
            if tables == 1 and cells and all(t is not cells[-1] for t in targets):
                targets.append(cells[-1])
            for entry in targets:
                if deleted or tag == _W + "delText":
                    entry.original += text
                    entry.pending = True
                elif inserted:
                    entry.accepted += text
                    entry.pending = True
                else:
                    entry.accepted += text
                    entry.original += text
            if not tables and not open_marks and not deleted and tag != _W + "delText":
                paragraph.append(text)
        elif tag == _W + "p":
            if not tables:
                style = element.find(f"{_W}pPr/{_W}pStyle")
                contents = style is not None and style.get(_W + "val", "").startswith(_CONTENTS_STYLES)
                text = "".join(paragraph).strip()
                if text and not contents and not paragraph_marked:
                    found.paragraphs.append((document, text))
                paragraph, paragraph_marked = [], False
                if element.getparent() is not None and element.getparent().tag == _W + "body":
                    _release(element)
        elif tag == _W + "tr" and tables == 1:
            for mark in row_marks:
                found.rows[mark] = cells
            cells, row_marks = [], []
        elif tag == _W + "tbl":
            tables -= 1
            if not tables and element.getparent() is not None and element.getparent().tag == _W + "body":
                _release(element)


def _is_tab_stop(element) -> bool:
    # A paragraph's tab stops (w:pPr/w:tabs/w:tab) are no tab character.
    parent = element.getparent()
    return parent is not None and parent.tag == _W + "tabs"


def _release(element) -> None:
    # A 10,000-row table is never held whole.
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


def _read_comments(stream) -> dict[str, tuple[str, str]]:
    tree = etree.parse(stream)
    out = {}
    for comment in tree.getroot().iter(_W + "comment"):
        text = "".join(t.text or "" for t in comment.iter(_W + "t"))
        out[comment.get(_W + "id", "")] = (comment.get(_W + "author", ""), text)
    return out


# ---------------------------------------------------------------- comparing with the export


@dataclass
class Change:
    """One proposed change of a record's field, or a deleted row (`new` None)."""

    number: int  # as listed to the secretary, for choosing
    mark: str
    table: str
    record_id: int
    field: str
    label: str  # "提案第12号 案由"
    old: str  # as the export printed it (the field's part)
    new: str | None
    exported_value: str  # the record's value when the packet was drafted
    pending: bool = False  # tracked changes still in the file: `new` is the text with them accepted

    def said(self) -> str:
        return f"{self.label}：{self.old} → {self.new}" if self.new is not None else f"{self.label}：{self.old}"


@dataclass
class Comment:
    author: str
    text: str
    about: str  # the record it is on, or "未对应到记录"

    def said(self) -> str:
        return f"{self.about}：{self.author + '：' if self.author else ''}{self.text}"


@dataclass
class TextChange:
    """Wording changed outside every record: kept, on confirmation, for the meeting's later exports."""

    number: int
    document: str  # its key
    title: str  # 《会议通知》
    old: str  # "" for a paragraph added
    new: str  # "" for a paragraph deleted


@dataclass
class Readback:
    file: str
    meeting: MeetingInfo
    snapshot_id: int
    exported_at: str
    changes: list[Change] = field(default_factory=list)  # direct edits
    pending: list[Change] = field(default_factory=list)  # tracked changes not yet accepted or rejected
    deleted: list[Change] = field(default_factory=list)  # rows gone: proposed deletions, never applied
    comments: list[Comment] = field(default_factory=list)
    unmapped: list[TextChange] = field(default_factory=list)  # outside every record

    def report(self) -> str:
        """What was found, as the secretary reads it (the CLI prints it, the editor shows it)."""
        lines = [f"《{self.file}》：{self.meeting.title}的会议材料，{self.exported_at}导出。"]
        if not (self.changes or self.pending or self.deleted or self.comments or self.unmapped):
            lines.append("与导出时相比没有改动。")
            return "\n".join(lines)
        if self.changes:
            lines.append(f"直接改动{len(self.changes)}处：")
            lines += [f"  {c.number}. {c.said()}" for c in self.changes]
        if self.pending:
            lines.append(f"尚未接受或拒绝的修订{len(self.pending)}处（确认后可一并读回）：")
            lines += [f"  {c.number}. {c.said()}" for c in self.pending]
        if self.deleted:
            lines.append(f"删去的内容{len(self.deleted)}处（只列出，不会删除库中记录）：")
            lines += [f"  · {c.said()}" for c in self.deleted]
        if self.comments:
            lines.append(f"批注{len(self.comments)}条（只列出，不读回）：")
            lines += [f"  · {c.said()}" for c in self.comments]
        if self.unmapped:
            lines.append(
                f"未对应到记录的文字改动{len(self.unmapped)}处（不改库中记录；选定编号写回后，本次会议以后导出该份材料时沿用）："
            )
            lines += [f"  {t.number}. {text_change_said(t)}" for t in self.unmapped]
        return "\n".join(lines)


def text_change_said(t: TextChange) -> str:
    if not t.old:
        return f"《{t.title}》新增一段：{t.new}（新增的段落无法沿用，请在编辑器中补入相应内容）"
    if not t.new:
        return f"《{t.title}》删去：{t.old}"
    return f"《{t.title}》：{t.old} → {t.new}"


def _snapshot_of(store: Store, token: str) -> PacketSnapshot | None:
    ps = PacketSnapshot.table
    # The token is in the snapshot's JSON; a LIKE finds it on SQLite and PostgreSQL alike.
    return store.first(PacketSnapshot, ps.c.data.like(f'%"export_token": "{token}"%'), order_by=ps.c.id.desc())


def read(store: Store, path: str | Path, *, meeting: MeetingInfo | str | int | None = None) -> Readback:
    """Compare an edited export with its snapshot; `meeting` refuses a file of another meeting."""
    path = Path(path)
    found = read_docx(path)
    tokens = Counter(t for m in [*found.marks, *found.documents] if (t := token_of(m)))
    if not tokens:
        raise ReadbackError(
            f"《{path.name}》中没有工作台导出时留在表格中的标记，没有可以读回库中的内容。"
            "封面、通知、议程等不含库中记录的材料无需读回；其他来源的 Word 文件不能读回。"
            "请选择从工作台导出、在 Word 或 WPS 中改过的会议材料合订本或其中一份材料。"
        )
    token = tokens.most_common(1)[0][0]
    row = _snapshot_of(store, token)
    if row is None:
        raise ReadbackError(f"《{path.name}》不是从本库导出的会议材料，或其导出记录已不在库中（导出标记 {token}），不能读回。")
    data = json.loads(row.data or "{}")
    exported = resolve(store, row.meeting_id)
    if meeting is not None:
        wanted = meeting if isinstance(meeting, MeetingInfo) else resolve(store, meeting)
        if wanted.id != exported.id:
            raise ReadbackError(
                f"《{path.name}》是{exported.title}的会议材料，不是{wanted.title}的，未读回。请选择本次会议导出的文件。"
            )
    printed: dict[str, dict] = data.get("printed") or {}
    at = row.exported_at
    when = f"{at.year}年{at.month}月{at.day}日{at:%H:%M}" if at else "（时间不详）"
    result = Readback(path.name, exported, row.id, when)
    labels = _Labels(store)
    number = 0
    document_marks: dict[str, str] = data.get("document_marks") or {}
    present_docs = {printed[m]["doc"] for m in found.marks if m in printed}
    present_docs |= {document_marks[m] for m in found.documents if m in document_marks}
    gone: dict[tuple[str, int], list[tuple[dict, str]]] = {}  # a deleted row: its record, with every cell it printed
    for mark, entry in printed.items():
        text = found.marks.get(mark)
        if text is None and entry.get("row") in found.rows:
            # Its own mark is gone (Word drops a bookmark whose whole text is typed over) but its row is
            # there: the cell of its column holds what it says now.
            row_cells = found.rows[entry["row"]]
            text = row_cells[entry["col"]] if entry.get("col", len(row_cells)) < len(row_cells) else None
        was = entry.get("printed", entry["prefix"] + entry["value"])
        base = dict(
            mark=mark,
            table=entry["table"],
            record_id=int(entry["id"]),
            field=entry["field"],
            label=labels.of(entry),
            exported_value=entry["value"],
        )
        if text is None:
            if entry["doc"] in present_docs:
                gone.setdefault((entry["table"], int(entry["id"])), []).append((entry, was))
            continue
        for comment in text.comments:
            author, said = found.comments.get(comment, ("", ""))
            if said:
                result.comments.append(Comment(author, said, base["label"]))
        new = text.accepted.strip()
        if new == was.strip():
            continue
        if text.pending and text.original.strip() == new:
            continue
        value = _value(new, entry["prefix"])
        if labels.current(entry) == value:
            continue  # read back before: the store already says it
        number += 1
        change = Change(number, old=_value(was, entry["prefix"]), new=value, pending=text.pending, **base)
        (result.pending if text.pending else result.changes).append(change)
    for (table, record_id), printed_cells in gone.items():
        entry = printed_cells[0][0]
        old = "；".join(was for _, was in printed_cells)
        result.deleted.append(Change(0, "", table, record_id, "", labels.record(entry), old, None, exported_value=entry["value"]))
    for comment in found.loose_comments:
        author, said = found.comments.get(comment, ("", ""))
        if said:
            result.comments.append(Comment(author, said, "未对应到记录"))
    titles = {d.get("key"): d.get("title", "") for d in data.get("documents") or [] if isinstance(d, dict)}
    before: dict[str, list[str]] = data.get("paragraphs") if isinstance(data.get("paragraphs"), dict) else {}
    for mark in dict.fromkeys(found.documents):
        key = document_marks.get(mark)
        if key is None:
            continue
        after = [text for m, text in found.paragraphs if m == mark]
        for old, new in _unmapped(before.get(key, []), after):
            number += 1
            result.unmapped.append(TextChange(number, key, titles.get(key, key), old, new))
    return result


def _value(text: str, prefix: str) -> str:
    text = text.strip()
    return text[len(prefix) :].strip() if prefix and text.startswith(prefix) else text


def _unmapped(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """(old, new) of one document's paragraphs outside every record: changed, added ("" old) or deleted
    ("" new); a paragraph split in two is its old text → the two, joined."""
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = before[i1:i2], after[j1:j2]
        if op == "replace" and len(old) == 1 and len(new) > 1 and "".join(new) == old[0]:
            continue  # split, no word changed
        if op == "replace" and len(old) == 1:
            out.append((old[0], "".join(new)))
        elif op == "replace" and len(old) == len(new):
            out += list(zip(old, new))
        elif op in ("replace", "insert", "delete"):
            out += [(o, "") for o in old] if op != "insert" else []
            out += [("", n) for n in new]
    return out


class _Labels:
    """How a change names its record: "提案第12号 案由", "工作要点第3条 9月3日进展情况"."""

    def __init__(self, store: Store):
        self.store = store

    def current(self, entry: dict) -> str | None:
        """The field's value in the store now (None for a deleted record)."""
        try:
            value = self.store.get(entry["table"], int(entry["id"])).get(entry["field"])
        except NotFoundError:
            return None
        return value if isinstance(value, str) else None

    def of(self, entry: dict) -> str:
        """The record and the field."""
        table = schema.entity(entry["table"])
        if entry["table"] == "progress_note":
            return self.record(entry) + "进展情况"
        column = table.c.get(entry["field"])
        return f"{self.record(entry)} {column.info.get('zh', column.name) if column is not None else entry['field']}"

    def record(self, entry: dict) -> str:
        """The record alone, as the office names it."""
        table = schema.entity(entry["table"])
        try:
            row = self.store.get(entry["table"], int(entry["id"]))
        except NotFoundError:
            return f"{table.info.get('zh', table.name)}（已删除）"
        kind = entry["table"]
        if kind == "proposal":
            return f"提案{case_no(row['case_no'])}"
        if kind == "plan_item":
            return f"工作要点第{row['number']}条"
        if kind == "progress_note":
            item = self.store.get("plan_item", row["plan_item_id"])
            return f"工作要点第{item['number']}条 {zh_month_day(row['noted_on'])}"
        if kind == "supervision_item":
            return f"监督事项{row['code']}"
        if kind == "briefing_topic":
            return f"情况通报议题“{row['topic'][:16]}”"
        if kind == "personnel_change":
            return f"任免名单 {row['name']}"
        if kind == "decision":
            return f"议定事项“{row['text'][:16]}”"
        return f"{table.info.get('zh', table.name)}（编号 {row['id']}）"


# ---------------------------------------------------------------- applying


@dataclass
class Applied:
    applied: list[Change] = field(default_factory=list)
    refused: list[tuple[Change, str]] = field(default_factory=list)  # with the reason, e.g. changed since the export
    kept: list[TextChange] = field(default_factory=list)  # wording kept for the meeting's later exports
    not_kept: list[tuple[TextChange, str]] = field(default_factory=list)

    def report(self) -> str:
        done = len(self.applied) + len(self.kept)
        lines = [f"已读回{done}处改动。"] if done else ["没有读回任何改动。"]
        lines += [f"  ✓ {c.label}：{c.new}" for c in self.applied]
        lines += [f"  ✓ {text_change_said(t)}（本次会议以后导出时沿用）" for t in self.kept]
        if self.refused or self.not_kept:
            lines.append(f"未读回{len(self.refused) + len(self.not_kept)}处：")
            lines += [f"  ✗ {c.label}：{why}" for c, why in self.refused]
            lines += [f"  ✗ {text_change_said(t)}：{why}" for t, why in self.not_kept]
        return "\n".join(lines)


def apply(
    store: Store,
    readback: Readback,
    numbers: list[int] | None = None,
    *,
    pending: bool = False,
    actor: str | None = None,
    correction: str | None = None,
) -> Applied:
    """Write the chosen changes (by `number`; every direct edit when None; pending ones only with `pending`;
    wording outside records only by number) in one transaction noted "读回自《file》"; each change that cannot
    be written is refused alone, with its reason."""
    chosen = [c for c in readback.changes + (readback.pending if pending else []) if numbers is None or c.number in numbers]
    texts = [t for t in readback.unmapped if numbers is not None and t.number in numbers]
    if numbers is not None:
        known = {c.number for c in readback.changes + readback.pending} | {t.number for t in readback.unmapped}
        unknown = sorted(set(numbers) - known)
        if unknown:
            raise ValidationError(f"没有编号为 {'、'.join(map(str, unknown))} 的改动；可选的编号见读回结果。")
        held = [c.number for c in readback.pending if c.number in numbers and not pending]
        if held:
            raise ValidationError(f"第{'、'.join(map(str, held))}处是尚未接受的修订；要一并读回，请同时选择“读回未接受的修订”。")
    done = Applied()
    # `correction`: the reason of a 更正 when the changes are of an archived meeting's records.
    with store.writer(actor, purpose="读回会议材料", note=f"读回自《{readback.file}》", correction=correction):
        for change in chosen:
            table = schema.entity(change.table)
            try:
                with store.writer(actor) as inner:  # a savepoint: a refused change leaves the others
                    current = inner.get(table, change.record_id)
                    now = current.get(change.field)
                    if (now or "") != change.exported_value:
                        done.refused.append((change, f"导出后库中已改为“{now or ''}”，未覆盖；请核对后在编辑器中修改"))
                        continue
                    inner.update(table, change.record_id, {change.field: change.new}, expected_version=current["version"])
                done.applied.append(change)
            except NotFoundError:
                done.refused.append((change, "该记录已被删除"))
            except WorkbenchError as exc:
                done.refused.append((change, str(exc)))
        for text in texts:
            if not text.old:
                done.not_kept.append((text, "新增的段落没有原文可以对应，请在编辑器中补入相应内容"))
                continue
            try:
                with store.writer(actor) as inner:
                    text_overrides.keep(inner, readback.meeting.id, text.document, text.old, text.new)
                done.kept.append(text)
            except WorkbenchError as exc:
                done.not_kept.append((text, str(exc)))
    return done
