"""Editing an exported .docx as Word writes its edits into document.xml, for the readback tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def edit_xml(path: Path, target: Path, edit) -> None:
    """Rewrite word/document.xml of `path` into `target` with `edit(root)`, the rest of the package kept."""
    with zipfile.ZipFile(path) as source:
        root = etree.fromstring(source.read("word/document.xml"))
        extra = edit(root) or {}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                if info.filename == "word/document.xml":
                    out.writestr(info, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
                elif info.filename in extra:
                    out.writestr(info, extra.pop(info.filename))
                else:
                    out.writestr(info, source.read(info.filename))
            for name, data in extra.items():
                out.writestr(name, data)


def cell_paragraph(root, mark: str):
    start = root.xpath(f'//w:bookmarkStart[@w:name="{mark}"]', namespaces={"w": W_NS})[0]
    return start.getparent()


def set_text(paragraph, text: str) -> None:
    """A person retyping the cell: the first run gets the text, the others go."""
    runs = paragraph.findall(W + "r")
    runs[0].find(W + "t").text = text
    for r in runs[1:]:
        paragraph.remove(r)
