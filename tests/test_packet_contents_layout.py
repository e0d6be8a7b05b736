"""The 目录's page numbers as an export finds them: each document laid out alone and remembered, only what
changed laid out again, and an honest word in the check when the numbers cannot be had before Word
opens the file. (That the numbers equal the printed pages is in test_packet_print.py.)
"""

from __future__ import annotations

import shutil

import docx
import pytest

from workbench.documents import layout
from workbench.documents import pdf as pdf_module
from workbench.documents.fonts import W
from workbench.publish import check_packet, export_packet
from workbench.store.rows import Proposal

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo")), reason="需要 LibreOffice 和 poppler-utils"),
]


@pytest.fixture
def laying_out(monkeypatch, tmp_path):
    """Layout on, a cache of its own, and the names of the files each LibreOffice run was given."""
    monkeypatch.setenv("WORKBENCH_PAGE_LAYOUT", "auto")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runs: list[list[str]] = []
    convert = pdf_module.convert_many

    def counted(sources, out_dir, **kwargs):
        runs.append([s.name for s in sources])
        return convert(sources, out_dir, **kwargs)

    monkeypatch.setattr(pdf_module, "convert_many", counted)
    return runs


def _numbers(path) -> list[str]:
    pages = []
    for p in docx.Document(str(path)).element.body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == "TOC1":
            texts = [t.text or "" for t in p.iter(W + "t")]
            pages.append(texts[-1] if texts and texts[-1].isdigit() else "")
    return pages


def test_an_unchanged_packet_is_not_laid_out_again_and_a_changed_document_alone_is(demo_store, tmp_path, laying_out):
    first = export_packet(demo_store, "next", tmp_path / "一")
    numbers = _numbers(first.files[0])
    assert len(numbers) == 11 and all(n.isdigit() for n in numbers) and numbers[0] == "1"
    assert len(laying_out) == 1 and len(laying_out[0]) == 11  # every document, in one LibreOffice run

    again = export_packet(demo_store, "next", tmp_path / "二")
    assert len(laying_out) == 1  # nothing changed: nothing laid out
    assert _numbers(again.files[0]) == numbers

    p = demo_store.first(Proposal, status="handling")
    assert p is not None
    demo_store.update("proposal", p.id, {"title": p.title + "（补充）"}, expected_version=p.version)
    export_packet(demo_store, "next", tmp_path / "三")
    assert len(laying_out) == 2 and len(laying_out[1]) == 1  # only the proposals' report


def test_a_table_too_long_to_lay_out_is_said_in_the_check_and_the_contents_left_for_word(
    demo_store, tmp_path, laying_out, monkeypatch
):
    monkeypatch.setattr(layout, "MAX_ROWS", 20)  # the demo's proposal table stands in for 10,000 rows
    findings = [f for f in check_packet(demo_store, "next").findings if f.kind == "contents_unnumbered"]
    assert len(findings) == 1 and not findings[0].blocking
    text = findings[0].text()
    assert "超过导出时排版的上限 20 行" in text and "更新域" in text
    result = export_packet(demo_store, "next", tmp_path / "导出")
    assert laying_out == []  # LibreOffice was not started for numbers it would take minutes to find
    assert set(_numbers(result.files[0])) == {""}
    assert any("目录暂未标页码" in n for n in result.notices)


def test_without_libreoffice_the_check_says_the_contents_will_be_numbered_by_word(demo_store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_PAGE_LAYOUT", "auto")
    monkeypatch.setattr(pdf_module, "soffice", lambda: None)
    (finding,) = [f for f in check_packet(demo_store, "next").findings if f.kind == "contents_unnumbered"]
    assert "未安装 LibreOffice" in finding.problem


def test_an_office_that_switched_the_layout_off_is_not_reminded_each_time(demo_store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_PAGE_LAYOUT", "off")
    assert not [f for f in check_packet(demo_store, "next").findings if f.kind == "contents_unnumbered"]


def test_the_remembered_page_counts_stay_few(demo_store, tmp_path, laying_out, monkeypatch):
    monkeypatch.setattr(layout, "KEPT", 12)  # the demo packet has eleven documents
    for n in range(3):
        p = demo_store.first(Proposal, status="handling")
        demo_store.update("proposal", p.id, {"title": f"{p.title}（第{n}次修改）"}, expected_version=p.version)
        export_packet(demo_store, "next", tmp_path / f"第{n}次")
    # The third export went past twelve and forgot a quarter, oldest first (the proposals report as first
    # and second exported come first); the second had stayed within twelve and forgot nothing.
    assert 0 < len(list(layout.cache_folder().glob("*.pages"))) <= 12
    assert len(laying_out) == 3 and [len(r) for r in laying_out[1:]] == [1, 1]
