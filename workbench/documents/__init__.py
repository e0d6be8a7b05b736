"""Word and PDF output: turns a `workbench.drafts.blocks.Packet` into GB/T 9704 documents.

styles (paragraph styles), fonts (East-Asian slot, no theme fonts), sections (page
setup, landscape, page numbers), tables (fast table XML), hygiene (text cleaning),
context + templates (docxtpl rendering and checking), compose (filling a body),
toc (contents page), filenames, pdf (LibreOffice), writer (`write_packet`).
Knows nothing of the store.
"""

from workbench.documents.writer import WriteResult, write_packet

__all__ = ["WriteResult", "write_packet"]
