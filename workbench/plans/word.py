"""Word (.docx) text as it prints: what a reader of the printed page sees, once, in reading order.

A .docx holds more words than its page shows, and some words twice:

* tracked changes still pending: insertions (w:ins) are on the page once the
  changes are accepted, deletions (w:del, w:delText) are not, and a moved
  passage is both in its old place (w:moveFrom) and its new one (w:moveTo) —
  it is read at the new place only, as Word prints it with all changes accepted;
* a text box is written twice, as DrawingML (mc:Choice) and as its VML fallback
  (mc:Fallback), for older readers: the fallback is never read;
* hidden text (w:vanish, on the run or through its character or paragraph style)
  is not printed and not read;
* tables may hold tables in their cells: those are read too.

The plan reader (`sources.py`) and the 任免名单 reader (`sheets/personnel_file.py`)
both read Word through here, so a file means the same to both. `revisions()`
counts the pending changes so that the reader can say they were accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_P, _R, _T, _TBL, _TR, _TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
_TXBX = w("txbxContent")
_FALLBACK = f"{{{MC}}}Fallback"
# Never on the printed page once all changes are accepted, or a second copy of what is.
_UNPRINTED = {w("del"), w("moveFrom"), _FALLBACK, w("pPr"), w("rPr"), w("tblPr"), w("trPr"), w("tcPr"), w("sectPr")}
_OFF = {"0", "false", "off", "none"}


def _under(el, tag: str) -> bool:
    return next(el.iterancestors(tag), None) is not None


def _on(el) -> bool:
    return el is not None and (el.get(w("val")) or "true").lower() not in _OFF


@dataclass
class Revisions:
    """The tracked changes a document still holds (each counted once, as Word's review pane lists them)."""

    inserted: int = 0
    deleted: int = 0
    moved: int = 0

    def notice(self) -> str | None:
        """The Chinese notice for a reader of the file, or None when nothing is pending."""
        parts = [f"{what}{n}处" for what, n in (("插入", self.inserted), ("删除", self.deleted), ("移动", self.moved)) if n]
        if not parts:
            return None
        return f"文件中有未接受的修订（{'、'.join(parts)}），已按接受全部修订后的文字读取。"


def revisions(root) -> Revisions:
    """Pending insertions, deletions and moves with text in them (a changed paragraph mark alone is no text)."""
    found = Revisions()
    for el in root.iter(w("ins"), w("del"), w("moveTo")):
        if _under(el, _FALLBACK):
            continue
        if el.tag == w("del"):
            if any(True for _ in el.iter(w("delText"))):
                found.deleted += 1
        elif any((t.text or "").strip() for t in el.iter(_T)):
            if el.tag == w("ins"):
                found.inserted += 1
            else:
                found.moved += 1
    return found


class Printed:
    """Reads the text of one document as it prints; knows which of its styles hide their text."""

    def __init__(self, document=None):
        self.hidden_styles: set[str] = set()
        try:
            styles = document.part.styles.element if document is not None else None
        except (NotImplementedError, KeyError, AttributeError):
            styles = None
        if styles is not None:
            parents: dict[str, str] = {}
            hides: dict[str, bool] = {}
            for style in styles.iter(w("style")):
                sid = style.get(w("styleId"))
                based = style.find(w("basedOn"))
                if based is not None:
                    parents[sid] = based.get(w("val"))
                rpr = style.find(w("rPr"))
                vanish = rpr.find(w("vanish")) if rpr is not None else None
                if vanish is not None:
                    hides[sid] = _on(vanish)
            for sid in {*parents, *hides}:
                seen: set[str] = set()
                current: str | None = sid
                while current and current not in seen:
                    seen.add(current)
                    if current in hides:
                        if hides[current]:
                            self.hidden_styles.add(sid)
                        break
                    current = parents.get(current)

    def _run_hidden(self, r, paragraph_hidden: bool) -> bool:
        rpr = r.find(w("rPr"))
        if rpr is not None:
            vanish = rpr.find(w("vanish"))
            if vanish is not None:
                return _on(vanish)
            rstyle = rpr.find(w("rStyle"))
            if rstyle is not None and rstyle.get(w("val")) in self.hidden_styles:
                return True
        return paragraph_hidden

    def _paragraph_hidden(self, p) -> bool:
        ppr = p.find(w("pPr"))
        pstyle = ppr.find(w("pStyle")) if ppr is not None else None
        return pstyle is not None and pstyle.get(w("val")) in self.hidden_styles

    def text(self, p) -> str:
        """A paragraph's printed text; its text boxes are not part of it (see `paragraphs`)."""
        out: list[str] = []
        self._collect(p, out, self._paragraph_hidden(p))
        return "".join(out)

    def _collect(self, el, out: list[str], paragraph_hidden: bool) -> None:
        for child in el:
            tag = child.tag
            if tag in _UNPRINTED:
                continue
            if tag == _R:
                if self._run_hidden(child, paragraph_hidden):
                    continue
                for part in child:
                    if part.tag == _T:
                        out.append(part.text or "")
                    elif part.tag in (w("tab"), w("ptab")):
                        out.append(" ")
                    elif part.tag in (w("br"), w("cr")):
                        out.append("\n")
                    elif part.tag == w("noBreakHyphen"):
                        out.append("-")
            elif isinstance(tag, str):
                # hyperlinks, insertions, the new place of a move, content controls, simple fields
                self._collect(child, out, paragraph_hidden)

    def gone(self, p) -> bool:
        """A paragraph that is not on the page: deleted or moved away whole, or hidden whole."""
        ppr = p.find(w("pPr"))
        rpr = ppr.find(w("rPr")) if ppr is not None else None
        if rpr is None or self.text(p).strip():
            return False
        return rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None or _on(rpr.find(w("vanish")))

    def paragraphs(self, root, skip_table: Callable | None = None) -> Iterator:
        """Every printed paragraph in reading order: the body's, each table's (nested ones too), each
        text box's right after the paragraph that anchors it. A table `skip_table` accepts is left out."""
        for child in root:
            tag = child.tag
            if tag in _UNPRINTED:
                continue
            if tag == _P:
                yield child
                for box in text_boxes(child):
                    yield from self.paragraphs(box, skip_table)
            elif tag == _TBL:
                if skip_table is None or not skip_table(child):
                    yield from self.paragraphs(child, skip_table)
            elif isinstance(tag, str):
                yield from self.paragraphs(child, skip_table)

    def cell_text(self, tc) -> str:
        """A table cell's printed text without the tables nested in it (those are read as tables)."""
        lines = []
        for p in self.paragraphs(tc, skip_table=lambda _tbl: True):
            text = self.text(p).strip()
            if text:
                lines.append(text)
        return "\n".join(lines)


def text_boxes(p) -> list:
    """The text boxes a paragraph anchors, each once (the DrawingML copy, or VML where there is no other)."""
    return [box for box in p.iter(_TXBX) if not _under(box, _FALLBACK) and next(box.iterancestors(_P)) is p]


def nested_tables(tc) -> list:
    """The tables directly inside a cell (not those inside them)."""
    return [t for t in tc.iter(_TBL) if next(t.iterancestors(_TC)) is tc and not _under(t, _FALLBACK)]


def row_deleted(tr) -> bool:
    """A table row deleted as a pending revision (not on the page once changes are accepted)."""
    trpr = tr.find(w("trPr"))
    return trpr is not None and trpr.find(w("del")) is not None


def rows(tbl) -> list:
    """A table's rows (the w:tr elements), skipping rows deleted as a tracked change."""
    return [tr for tr in tbl.iterchildren(_TR) if not row_deleted(tr)]
