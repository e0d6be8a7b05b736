"""Tables written as WordprocessingML in one pass.

python-docx's `table.cell(r, c)` rebuilds the cell grid on every call, so filling
a table cell by cell is quadratic (152 s for 500 rows × 8 columns). Here the
whole `w:tbl` is produced as one XML string from per-column fragments built
once, and parsed once by lxml: linear, and fast at 10,000 rows.

Format: explicit column widths both in `w:tblGrid/w:gridCol` (WPS reads these)
and in every `w:tcW` (Word reads these); fixed layout; the header row repeats
on every page (`w:tblHeader`) and keeps with the first data row; no row breaks
across pages (`w:cantSplit`); short tables keep together and a note keeps with the
last row, and the rows before the last keep with it, so no page holds a lone row (`w:keepNext`
on the rows' paragraphs); table text uses the 表格文字 style,
which does not snap to the line grid.
"""

from __future__ import annotations

import math
import re

from lxml import etree

from workbench.base.errors import DocumentError
from workbench.documents.fonts import W_NS, W
from workbench.documents.sections import mm
from workbench.drafts.blocks import Table

PORTRAIT_WIDTH_MM = 210 - 28 - 26
LANDSCAPE_WIDTH_MM = 297 - 28 - 26
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
_JC = {"left": "left", "center": "center", "right": "right"}
_PARSER = etree.XMLParser(huge_tree=True, remove_blank_text=False)
# A table this short (rows, and estimated height) is kept on one page: well under a landscape type area (138 mm).
KEEP_TOGETHER_ROWS = 15
KEEP_TOGETHER_MM = 100
# A line of 12 pt table text at single spacing, and a row's top and bottom cell margins.
_LINE_MM = 12 * 1.2 * 25.4 / 72
_ROW_MM = 1.0


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _needs_preserve(text: str) -> bool:
    return text[:1].isspace() or text[-1:].isspace() or "  " in text


def _runs_body(text: str) -> str:
    """Escaped run content; line breaks inside a cell become `w:br`, tabs `w:tab`."""
    text = _escape(text)
    if "\n" in text:
        text = '</w:t><w:br/><w:t xml:space="preserve">'.join(text.split("\n"))
    if "\t" in text:
        text = '</w:t><w:tab/><w:t xml:space="preserve">'.join(text.split("\t"))
    return text


def _text_open(text: str) -> str:
    # xml:space only where needed: an xml:space attribute on every w:t makes lxml's move of
    # the parsed table into the document thirty times slower (namespace reconciliation).
    return '<w:t xml:space="preserve">' if _needs_preserve(text) else "<w:t>"


# Table text is 12 pt: a 汉字 is 4.23 mm wide, a digit or Latin letter about half that; each cell
# loses 2 × 85 twips (3 mm) to its margins.
_EM_MM = 12 * 25.4 / 72
_CELL_MARGINS_MM = 3.2
# Cell text that should not wrap: codes and dates mixing digits and 汉字 ("JD2026-01", "第001号",
# "2026年12月17日") up to this many em, and words of 汉字 alone (names, statuses) up to five characters.
SHORT_MIXED_EM = 9.0
SHORT_WIDE_EM = 5.0


def _widths(text: str) -> tuple[int, int]:
    """(wide characters, all characters), from the UTF-8 length so that no Python loop runs per character."""
    n = len(text)
    return (len(text.encode("utf-8")) - n) // 2, n


_NARROW_RUN = re.compile(r"[\x00-\x7f]+")


def em_width(text: str) -> float:
    """Width of `text` in em at table size: wide characters 1, others 0.55 (digits are 0.5, capitals
    wider), and 0.2 em at each change between 汉字 and digits or letters, where Word and LibreOffice
    add a small gap (measured in LibreOffice's PDF: "2026年3月20日" is 7.5 em)."""
    wide, n = _widths(text)
    em = wide + (n - wide) * 0.55
    if 0 < wide < n:
        gaps = 2 * len(_NARROW_RUN.findall(text)) - (text[0] < "\x80") - (text[-1] < "\x80")
        em += 0.2 * gaps
    return em


def _unbreakable_em(text: str) -> float:
    """The em width of `text` if it is short enough that it should stay on one line, else 0."""
    if len(text) > 16:
        return 0.0
    wide, n = _widths(text)
    em = em_width(text)
    limit = SHORT_WIDE_EM if wide == n else SHORT_MIXED_EM
    return em if em <= limit else 0.0


def _needed_mm(table: Table) -> list[float]:
    """Per column, the width that keeps its short cells and its header from breaking inside a word."""
    needs = []
    for i, column in enumerate(table.columns):
        header = em_width(column.header)
        # A header of up to four characters stays on one line; a longer one may take two even lines.
        widest = header if header <= 4 else math.ceil(header / 2)
        for row in table.rows:
            if i < len(row) and row[i]:
                text = row[i] if isinstance(row[i], str) else str(row[i])
                if "\n" in text:
                    continue
                em = _unbreakable_em(text)
                if em > widest:
                    widest = em
        needs.append(widest * _EM_MM + _CELL_MARGINS_MM)
    return needs


def column_widths(table: Table) -> list[int]:
    """Widths in twips: the widths asked for, shrunk proportionally to fit the page, then widened
    where a code, date or short header would break, taking the room from the prose columns."""
    available = LANDSCAPE_WIDTH_MM if table.landscape else PORTRAIT_WIDTH_MM
    asked = [max(c.width_mm, 5) for c in table.columns]
    total = sum(asked)
    scale = min(1.0, available / total) if total else 1.0
    widths = [w * scale for w in asked]
    needs = _needed_mm(table)
    short = [max(0.0, n - w) for w, n in zip(widths, needs)]
    deficit = sum(short)
    if deficit > 0:
        spare = [max(0.0, w - n) for w, n in zip(widths, needs)]
        room = sum(spare)
        if room > 0:
            give = min(1.0, deficit / room)
            taken = sum(s * give for s in spare)
            # Widen the narrow columns by what the wide ones give, in proportion to what each lacks.
            widths = [w - s * give + (d / deficit) * taken for w, s, d in zip(widths, spare, short)]
    return [mm(w) for w in widths]


def keeps_together(table: Table, widths: list[int]) -> bool:
    """Whether `table` is short enough to be kept on one page (estimated from its text and widths)."""
    if len(table.rows) > KEEP_TOGETHER_ROWS:
        return False
    usable = [max(1.0, w * 25.4 / 1440 - _CELL_MARGINS_MM) for w in widths]
    height = 0.0
    for row in [[c.header for c in table.columns], *list(table.rows)]:
        lines = 1
        for i, cell in enumerate(row[: len(usable)]):
            parts = str(cell or "").split("\n")
            lines = max(lines, sum(max(1, math.ceil(em_width(p) * _EM_MM / usable[i])) for p in parts))
        height += lines * _LINE_MM + _ROW_MM
    return height <= KEEP_TOGETHER_MM


_HEADER_BREAKS = "/、／"


def header_text(header: str, width_twips: int) -> str:
    """A header too wide for its column, broken where a person would break it: after "/" or "、"
    ("牵头领导/" "委室"), or before "（"; never so that one character is left alone on the second line."""
    usable = width_twips * 25.4 / 1440 - _CELL_MARGINS_MM
    if "\n" in header or em_width(header) * _EM_MM <= usable:
        return header
    cuts = [i + 1 for i, ch in enumerate(header) if ch in _HEADER_BREAKS]
    cuts += [i for i, ch in enumerate(header) if ch in "（(" and i > 0]
    fitting = [c for c in cuts if em_width(header[:c]) * _EM_MM <= usable and 0 < c < len(header)]
    if fitting:
        cut = min(fitting, key=lambda c: abs(em_width(header[:c]) - em_width(header[c:])))
        return header[:cut] + "\n" + header[cut:]
    # Where the line would run out: if only the last character would be left over, take two.
    per_line = max(1, int(usable / _EM_MM))
    if len(header) - per_line == 1 and len(header) > 2:
        return header[:-2] + "\n" + header[-2:]
    return header


class _TableXml:
    """The pieces of one table's `w:tbl` XML: its head (properties, grid, header row) and its rows, any
    run of which can be written on its own (a long table's rows are streamed into the file, `streamed`)."""

    def __init__(self, table: Table, name: str):
        columns = table.columns
        if not columns:
            raise DocumentError(f"{name or '表格'}没有任何列，无法生成。")
        self.table, self.name = table, name
        widths = column_widths(table)
        self.ncol = len(columns)
        parts = [
            f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders><w:top {_BORDER}/><w:left {_BORDER}/><w:bottom {_BORDER}/><w:right {_BORDER}/>"
            f"<w:insideH {_BORDER}/><w:insideV {_BORDER}/></w:tblBorders>"
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        ]
        tc_pr = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>' for w in widths]
        for i, column in enumerate(columns):
            header = header_text(column.header, widths[i])
            parts.append(
                f'{tc_pr[i]}<w:p><w:pPr><w:pStyle w:val="TableHeader"/><w:keepNext/></w:pPr>'
                f"<w:r>{_text_open(header)}{_runs_body(header)}</w:t></w:r></w:p></w:tc>"
            )
        parts.append("</w:tr>")
        self.head = "".join(parts)

        # Per-column fragments, built once: the cell up to the text, for rows that may end a page and
        # for rows kept with the next one (keepNext on every paragraph of a row keeps the row with what follows).
        self.heads = [
            f'{tc_pr[i]}<w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="{_JC.get(c.align, "left")}"/></w:pPr>'
            for i, c in enumerate(columns)
        ]
        self.kept_heads = [
            h.replace('<w:pStyle w:val="TableText"/>', '<w:pStyle w:val="TableText"/><w:keepNext/>') for h in self.heads
        ]
        # A short table moves to the next page whole rather than leaving a few rows behind.
        self.kept_until = len(table.rows) - 1 if keeps_together(table, widths) else 0
        # The last rows of a long table keep together: a last page holds at least three rows (a total line
        # and the rows above it), never a single row.
        together = 3 if len(table.rows) > 5 else 2
        self.last_kept = range(len(table.rows) - together, len(table.rows) - 1)
        self.marked = set(table.marked_rows)
        # Sourced cells (`Table.sources` with a mark): a hidden bookmark around the cell's text, its id
        # from the mark's number so that ids stay unique across the merged packet's documents.
        self.bookmarks: dict[tuple[int, int], list[str]] = {}
        for r, mark in table.row_marks.items():
            self.bookmarks.setdefault((r, 0), []).append(mark)
        for s in table.sources:
            if s.mark:
                self.bookmarks.setdefault((s.row, s.col), []).append(s.mark)

    def rows(self, start: int, stop: int) -> str:
        """The rows `start` to `stop` (not included) as XML text."""
        ncol, heads, kept_heads, kept_until, last_kept, marked, bookmarks = (
            self.ncol,
            self.heads,
            self.kept_heads,
            self.kept_until,
            self.last_kept,
            self.marked,
            self.bookmarks,
        )
        plain_run, marked_run = "<w:r>", "<w:r><w:rPr><w:b/><w:bCs/></w:rPr>"
        tail, empty_tail = "</w:t></w:r></w:p></w:tc>", "</w:p></w:tc>"
        row_open = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        parts: list[str] = []
        append = parts.append
        for r in range(start, stop):
            row = self.table.rows[r]
            if len(row) != ncol:
                if len(row) > ncol:
                    raise DocumentError(f"{self.name or '表格'}第{r + 1}行有 {len(row)} 个单元格，但表格只有 {ncol} 列。")
                row = list(row) + [""] * (ncol - len(row))
            run = marked_run if r in marked else plain_run
            cells = kept_heads if r < kept_until or r in last_kept else heads
            append(row_open)
            for i in range(ncol):
                text = row[i]
                if text:
                    if not isinstance(text, str):
                        text = str(text)
                    if bookmarks and (marks := bookmarks.get((r, i))):
                        starts = "".join(f'<w:bookmarkStart w:id="{bookmark_id(m)}" w:name="{m}"/>' for m in marks)
                        ends = "".join(f'<w:bookmarkEnd w:id="{bookmark_id(m)}"/>' for m in marks)
                        append(f"{cells[i]}{starts}{run}{_text_open(text)}{_runs_body(text)}</w:t></w:r>{ends}</w:p></w:tc>")
                        continue
                    append(cells[i] + run + _text_open(text) + _runs_body(text) + tail)
                else:
                    append(cells[i] + empty_tail)
            append("</w:tr>")
        return "".join(parts)


def bookmark_id(mark: str) -> int:
    """The `w:id` of a cell's or a row's bookmark (`_wb<token>_<n>`, `_wb<token>_r<n>`): past the contents'
    own bookmarks, from the mark's number."""
    number = mark.rsplit("_", 1)[1]
    return 200000 + int(number[1:]) if number.startswith("r") else 100000 + int(number)


def table_xml(table: Table, *, name: str = "") -> str:
    """The `w:tbl` element for `table`, as XML text with its namespace declared."""
    pieces = _TableXml(table, name)
    return pieces.head + pieces.rows(0, len(table.rows)) + "</w:tbl>"


# A table longer than this is written into the file row by row rather than held as one lxml tree: at
# 10,000 rows the tree was about 230 MB, and a packet holding two such tables went past 600 MB.
STREAM_ROWS = 400
# Rows at the end of a streamed table kept in the tree, for what `compose` adjusts there (keep-with-next).
_TREE_TAIL_ROWS = 5
# Rows parsed and written together while streaming.
_CHUNK_ROWS = 250
_MARK = re.compile(rb"<!--wb-rows:(\d+)-->")


class RowStream:
    """The middle rows of a long table, written when its document is saved (`save_streamed`)."""

    def __init__(self, pieces: _TableXml, stop: int):
        self.pieces, self.stop = pieces, stop

    def chunks(self):
        """The rows as the UTF-8 lxml would serialize them in the tree: each chunk is parsed (so text that
        is no XML fails here, as it would in the tree) and written back."""
        opening = f'<w:tbl xmlns:w="{W_NS}">'.encode()
        for start in range(0, self.stop, _CHUNK_ROWS):
            xml = f'<w:tbl xmlns:w="{W_NS}">' + self.pieces.rows(start, min(self.stop, start + _CHUNK_ROWS)) + "</w:tbl>"
            text = etree.tostring(etree.fromstring(xml, _PARSER), encoding="UTF-8")
            if text.startswith(b"<?xml"):
                text = text[text.index(b"?>") + 2 :].lstrip(b"\n")
            yield text[len(opening) : -len(b"</w:tbl>")]


def streamed_table(table: Table, streams: list[RowStream], *, name: str = "") -> etree._Element:
    """`table` as an element holding its head and last rows, its other rows left to `streams`
    (a comment marks where they go); a table of up to `STREAM_ROWS` rows comes whole."""
    n = len(table.rows)
    if n <= STREAM_ROWS:
        return table_element(table, name=name)
    pieces = _TableXml(table, name)
    stop = n - _TREE_TAIL_ROWS
    streams.append(RowStream(pieces, stop))
    xml = pieces.head + f"<!--wb-rows:{len(streams) - 1}-->" + pieces.rows(stop, n) + "</w:tbl>"
    return etree.fromstring(xml, _PARSER)


def save_streamed(document, streams: list[RowStream]) -> bytes:
    """The .docx of a python-docx `document` whose long tables left rows to `streams`: saved as usual,
    then its main part rewritten with the rows streamed in at their marks, chunk by chunk."""
    import io
    import zipfile

    buffer = io.BytesIO()
    document.save(buffer)
    if not streams:
        return buffer.getvalue()
    main = document.part.partname.lstrip("/")
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != main:
                target.writestr(info, source.read(info.filename))
                continue
            data = source.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w", force_zip64=True) as written:
                at = 0
                for mark in _MARK.finditer(data):
                    written.write(data[at : mark.start()])
                    for chunk in streams[int(mark.group(1))].chunks():
                        written.write(chunk)
                    at = mark.end()
                written.write(data[at:])
    return out.getvalue()


def table_element(table: Table, *, name: str = "") -> etree._Element:
    return etree.fromstring(table_xml(table, name=name), _PARSER)


def body_of(doc_or_body):
    """The `w:body` element of a python-docx Document, a python-docx body, or the element itself."""
    element = doc_or_body
    if hasattr(element, "element"):  # python-docx Document
        element = element.element
    elif hasattr(element, "_element"):  # python-docx _Body
        element = element._element
    if etree.QName(element).localname == "document":
        element = element.find(W + "body")
    if etree.QName(element).localname != "body":
        raise TypeError("append_table needs a Document or its w:body")
    return element


def insert_in_body(body, element) -> None:
    """Append `element` to the body, before the body's final `w:sectPr` if there is one."""
    last = body[-1] if len(body) else None
    if last is not None and last.tag == W + "sectPr":
        last.addprevious(element)
    else:
        body.append(element)


def append_table(doc_or_body, table: Table, *, name: str = "") -> etree._Element:
    """Append `table` to a document body in one pass; return the new `w:tbl` element."""
    body = body_of(doc_or_body)
    element = table_element(table, name=name)
    insert_in_body(body, element)
    return element
