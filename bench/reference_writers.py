"""Two reference writers for the same proposal table, to put the workbench's table writer in proportion.

- `naive_python_docx`: what most code does — `table.cell(r, c).text = ...`, quadratic in rows.
- `raw_lxml`: the floor — the table's WordprocessingML built directly with lxml, no styling beyond widths.
"""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def naive_python_docx(headers: list[str], rows: list[list[str]], path) -> None:
    doc = Document()
    table = doc.add_table(rows=len(rows) + 1, cols=len(headers))
    for c, h in enumerate(headers):
        table.cell(0, c).text = h
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(path)


def raw_lxml(headers: list[str], rows: list[list[str]], path, widths_twips: list[int]) -> None:
    doc = Document()
    body = doc.element.body
    tbl = etree.SubElement(body, qn("w:tbl"))
    grid = etree.SubElement(tbl, qn("w:tblGrid"))
    for w in widths_twips:
        etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(w))
    for values in [headers, *rows]:
        tr = etree.SubElement(tbl, qn("w:tr"))
        for w, value in zip(widths_twips, values):
            tc = etree.SubElement(tr, qn("w:tc"))
            tcpr = etree.SubElement(tc, qn("w:tcPr"))
            tcw = etree.SubElement(tcpr, qn("w:tcW"))
            tcw.set(qn("w:w"), str(w))
            tcw.set(qn("w:type"), "dxa")
            p = etree.SubElement(tc, qn("w:p"))
            r = etree.SubElement(p, qn("w:r"))
            t = etree.SubElement(r, qn("w:t"))
            t.text = value
    body.append(body.find(qn("w:sectPr")))  # keep the section properties last
    doc.save(path)
