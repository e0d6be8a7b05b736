"""Word and PDF output: the GB/T 9704 renderer of `workbench.drafts.blocks` into .docx (and .pdf).

`write_packet` writes a meeting packet (one file per document and the bound volume); `render`
turns one ordinary document or letter into .docx bytes and `write_files` writes such files
atomically. Inside: styles (paragraph styles), fonts (East-Asian slot, no theme fonts), sections
(page setup, landscape, page numbers), tables (fast table XML), hygiene (text cleaning), context +
templates (docxtpl rendering and checking), compose (filling a body), toc (contents page),
filenames, pdf (LibreOffice), standalone, letter, minutes (纪要 head).

Knows nothing of the store, the office or meetings: it draws what the blocks say.
"""

from workbench.documents.standalone import write_files
from workbench.documents.writer import WriteResult, write_packet
from workbench.drafts.blocks import Letter, StandaloneDocument

__all__ = ["WriteResult", "render", "write_files", "write_packet"]


def render(document: StandaloneDocument | Letter) -> tuple[bytes, list[str]]:
    """One ordinary document (筹备工作安排, 测评表, 纪要, 总结) or letter (信函格式) as .docx bytes, with the
    hygiene notices (what was cleaned in its text)."""
    if isinstance(document, Letter):
        from workbench.documents.letter import render_letter

        return render_letter(document)
    from workbench.documents.standalone import render as render_standalone

    return render_standalone(document)
