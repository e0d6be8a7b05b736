"""Rendering: the merged packet through LibreOffice to PDF, read back with poppler.

Fonts: Debian has no 仿宋_GB2312 or 方正小标宋简体; the repository's fontconfig file maps
them to Fandol (if installed) or Noto CJK SC, and is given to LibreOffice via FONTCONFIG_FILE.
Pages 1 and 3, and a few pages of the page-flow packet, are kept as PNGs in artifacts/ for a person
to look at. The page-flow packet (documents_sample.layout_packet) checks on real pages what
test_documents_layout checks in the XML: no empty page, a short introduction on its wide table's
landscape page, codes and dates unbroken.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.documents_sample import MEETING_TITLE, PROPOSAL_HEADERS, SHORT_TITLE, layout_packet, sample_packet
from workbench.documents import write_packet

FONTCONFIG = Path(__file__).resolve().parent.parent / "workbench" / "documents" / "fontconfig" / "fonts.conf"

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")),
        reason="需要 LibreOffice 和 poppler-utils",
    ),
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
    # With the Fandol fonts installed (CI installs them), body text is set in a real 仿宋, not a Japanese face.
    fandol = subprocess.run(
        ["fc-list", "-f", "%{family}\n"], capture_output=True, text=True, env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
    ).stdout
    if "FandolFang" in fandol or os.environ.get("CI"):
        assert "FandolFang" in fonts and "FandolHei" in fonts, fonts


def test_keep_png_of_pages_1_and_3(rendered, artifacts):
    _, pdf = rendered
    for page in (1, 3):
        prefix = artifacts / f"documents_packet_page{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)], check=True
        )
        png = prefix.with_suffix(".png")
        assert png.exists() and png.stat().st_size > 5_000


# ---------------------------------------------------------------- page flow on real pages

PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    """The page-flow packet, converted with the default environment (the writer's own font aliases)."""
    out = tmp_path_factory.mktemp("layout-pdf")
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    result = write_packet(layout_packet(), out, pdf=True, pdf_env=None if "FONTCONFIG_FILE" not in os.environ else env)
    return result.files[-1]


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(float(m.group(1)), float(m.group(2))) for m in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def test_no_page_is_empty_and_the_packet_ends_on_its_wide_table(layout):
    pages = _pages(layout)
    if pages and not pages[-1].strip():
        pages.pop()
    sizes = _page_sizes(layout)
    assert len(sizes) == len(pages)
    for number, text in enumerate(pages, start=1):
        assert PAGE_NUMBER.sub("", text).strip(), f"第{number}页是空白页"
    # the last document ends with a landscape table: the last page is that table, landscape
    width, height = sizes[-1]
    assert width > height and "JD2026-06" in pages[-1]
    # and the document before it, which also ends with one, is followed directly by the next title
    flat = ["".join(p.split()) for p in pages]
    closing = next(i for i, p in enumerate(flat) if p.startswith("逾期事项清单"))
    assert "JD2026-12" in flat[closing - 1]


def test_title_introduction_note_and_table_share_the_landscape_page(layout):
    flat = ["".join(p.split()) for p in _pages(layout)]
    sizes = _page_sizes(layout)
    index = next(i for i, p in enumerate(flat) if p.startswith("民主监督事项推进情况"))
    page = flat[index]
    width, height = sizes[index]
    assert width > height
    for text in (
        "目前共有民主监督事项30项",
        "一、监督事项推进情况",
        "民主监督事项推进情况表",
        "注：标“▲”并加粗的为逾期或进展滞后事项。",
        "编号",
        "JD2026-01",
    ):
        assert text in page, text


def test_codes_and_dates_stay_on_one_line(layout, rendered):
    layout_text = subprocess.run(["pdftotext", "-layout", str(layout), "-"], capture_output=True, text=True, check=True).stdout
    for i in range(1, 31):
        assert re.search(rf"JD2026-{i:02d}\b", layout_text), i
    assert len(re.findall(r"2026\s*年\s*12\s*月\s*31\s*日", layout_text)) >= 30 + 12 + 6
    _, pdf = rendered
    sample_text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for n in range(1, 51):
        assert re.search(rf"第\s*{n:03d}\s*号", sample_text), n


def test_default_conversion_keeps_the_heiti_and_fangsong_faces_apart(layout):
    fonts = subprocess.run(["pdffonts", str(layout)], capture_output=True, text=True, check=True).stdout
    # 黑体 maps to a sans face, 仿宋/宋体 to a serif one (Fandol when installed, else Noto CJK)
    assert re.search(r"Fandol(Hei)|Sans\s*CJK|SansCJK", fonts), fonts
    assert re.search(r"Fandol(Fang|Song)|Serif\s*CJK|SerifCJK", fonts), fonts


def test_keep_png_of_representative_pages(layout, artifacts):
    flat = ["".join(p.split()) for p in _pages(layout)]
    wanted = {
        "layout_landscape_opening": next(i for i, p in enumerate(flat) if p.startswith("民主监督事项推进情况")),
        "layout_last_page": len(flat) - (1 if not flat[-1] else 0) - 1,
    }
    for name, index in wanted.items():
        prefix = artifacts / f"documents_{name}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(index + 1), "-l", str(index + 1), "-singlefile", str(layout), str(prefix)],
            check=True,
        )
        assert prefix.with_suffix(".png").stat().st_size > 5_000


def test_contents_page_numbers_are_the_printed_numbers_of_each_title_page(layout):
    pages = _pages(layout)
    flat = ["".join(p.split()) for p in pages]
    toc_lines = [line for line in pages[1].splitlines() if "....." in line]
    assert len(toc_lines) == 3
    for line in toc_lines:
        title = line.split(".")[0].strip()
        listed = int(line.rstrip().split(".")[-1])
        # the title's own page (not the contents page, which lists every title too)
        index = next(i for i, p in enumerate(flat) if i > 1 and p.startswith(title))
        printed = PAGE_NUMBER.search(pages[index])
        assert printed and int(re.sub(r"\D", "", printed.group())) == listed, (title, listed)
