"""Provenance of an exported packet: which table cell prints which record's field.

Each export draws a token; every sourced cell (`drafts.blocks.CellSource`) whose text is still its record's
gets a hidden bookmark `_wb<token>_<n>`, the first cell of its row `_wb<token>_r<n>` (a cell typed over whole
loses its own mark in Word, not its row's), and each document one of no length, `_wb<token>_d<n>` (Word hides
bookmarks starting with "_"; Word, WPS and LibreOffice keep them through a save). The snapshot of the export
keeps, per mark, the record, the field, the value the packet was drafted from and the text the file printed,
so `packet.readback` can tell what a person changed in Word, and whether the store changed since.
"""

from __future__ import annotations

import re
import secrets

from workbench.drafts.blocks import Packet, Table

_MARK = re.compile(r"^_wb([0-9a-f]{8})_(\d+)$")
# A document's own mark, a bookmark of no length at its first paragraph: which document of which export
# a file (or a part of the merged packet) is, even one holding no record (the notice).
_DOCUMENT_MARK = re.compile(r"^_wb([0-9a-f]{8})_d(\d+)$")
# A row's mark, on its first cell: where its cells are when their own marks are gone.
_ROW_MARK = re.compile(r"^_wb([0-9a-f]{8})_r(\d+)$")


def new_token() -> str:
    return secrets.token_hex(4)


def mark_name(token: str, number: int) -> str:
    # 40 characters at most in Word: "_wb" + 8 + "_" + the number.
    return f"_wb{token}_{number}"


def parse_mark(name: str) -> tuple[str, int] | None:
    """(token, number) of one of our bookmark names, else None (a bookmark of the contents or of a person)."""
    found = _MARK.match(name or "")
    return (found.group(1), int(found.group(2))) if found else None


def document_mark(token: str, index: int) -> str:
    return f"_wb{token}_d{index}"


def token_of(name: str) -> str | None:
    """The export token of one of our bookmarks, cell or document, else None."""
    found = _MARK.match(name or "") or _DOCUMENT_MARK.match(name or "") or _ROW_MARK.match(name or "")
    return found.group(1) if found else None


def is_document_mark(name: str) -> bool:
    return _DOCUMENT_MARK.match(name or "") is not None


def is_row_mark(name: str) -> bool:
    return _ROW_MARK.match(name or "") is not None


def assign(packet: Packet, token: str | None = None) -> dict[str, dict]:
    """Mark the packet's documents and sourced cells for one export; return cell mark → what it prints
    (for the snapshot).

    A cell changed by hand in the editor since drafting no longer prints its record's value: it gets no
    mark, so reading the file back never puts the editor's wording into the record."""
    token = token or new_token()
    packet.export_token = token
    printed: dict[str, dict] = {}
    number = rows = 0
    for index, doc in enumerate(packet.documents, start=1):
        doc.mark = document_mark(token, index) if doc.included else ""
        tables = [b for b in doc.blocks if isinstance(b, Table)]
        tables += [b for a in doc.appendices for b in a.blocks if isinstance(b, Table)]
        for table in tables:
            table.row_marks = {}
            for source in table.sources:
                source.mark = ""
                if not doc.included or source.row >= len(table.rows) or source.col >= len(table.rows[source.row]):
                    continue
                if table.rows[source.row][source.col] != source.prefix + source.value:
                    continue
                number += 1
                source.mark = mark_name(token, number)
                if source.row not in table.row_marks:
                    rows += 1
                    table.row_marks[source.row] = f"_wb{token}_r{rows}"
                printed[source.mark] = {
                    "row": table.row_marks[source.row],
                    "col": source.col,
                    "doc": doc.key,
                    "table": source.table,
                    "id": source.record_id,
                    "field": source.field,
                    "value": source.value,
                    "prefix": source.prefix,
                }
    return printed
