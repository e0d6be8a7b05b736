"""Rendering: the merged packet through LibreOffice to PDF, read back with poppler.

Fonts: Debian has no 仿宋_GB2312 or 方正小标宋简体; the repository's fontconfig file maps
them to Fandol (if installed) or Noto CJK SC, and is given to LibreOffice via FONTCONFIG_FILE.
Pages 1 and 3 are kept as PNGs in artifacts/ for a person to look at.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from documents_sample import MEETING_TITLE, PROPOSAL_HEADERS, SHORT_TITLE, sample_packet
from workbench.documents import write_packet

FONTCONFIG = Path(__file__).resolve().parent.parent / "workbench" / "documents" / "fontconfig" / "fonts.conf"

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")),
                       reason="需要 LibreOffice 和 poppler-utils"),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTCONFIG))
    result = write_packet(sample_packet(), out, pdf=True, pdf_env=env)
    pdf = result.files[-1]
    assert pdf.name == f"{SHORT_TITLE}_会议材料.pdf"
    return result, pdf


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def test_pdf_holds_title_table_headers_and_page_numbers(rendered):
    result, pdf = rendered
    pages = _pages(pdf)
    flat = ["".join(p.split()) for p in pages]
    everything = "".join(flat)
    assert "".join(MEETING_TITLE.split()) in everything
    for header in PROPOSAL_HEADERS:
        assert header in everything, header
    assert "会议材料" in flat[0] and "目录" in flat[1]
    # page numbers "— n —" start at 1 on the first document after the contents page
    assert "—1—" in flat[2] and "—1—" not in flat[0] and "—" not in flat[1]
    # the contents' page numbers match where LibreOffice actually put each document
    toc_lines = [line for line in pages[1].splitlines() if "....." in line]
    assert len(toc_lines) == 5
    for line in toc_lines:
        title = line.split(".")[0].strip().replace(" ", "")
        number = int(line.rstrip().split(".")[-1])
        page = flat[2 + number - 1]
        assert title[:4] in page or (title == "会议通知" and "的通知" in page), (title, number)
    assert not result.notices


def test_pdf_embeds_cjk_fonts(rendered):
    _, pdf = rendered
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows
    cjk = [r for r in rows if "CJK" in r or "Fandol" in r]
    assert cjk, fonts
    # every font is embedded (column "emb" = yes): no boxes for missing glyphs
    for row in rows:
        assert " yes " in row, row


def test_keep_png_of_pages_1_and_3(rendered, artifacts):
    _, pdf = rendered
    for page in (1, 3):
        prefix = artifacts / f"documents_packet_page{page}"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(prefix)], check=True)
        png = prefix.with_suffix(".png")
        assert png.exists() and png.stat().st_size > 5_000
