"""The demo's next packet read as a secretary reads it before printing: the exported files read back and
rendered with LibreOffice (issue: no retouching in Word).

28 characters on a full body line; the contents' page numbers equal the rendered pages with and
without --pdf; one ▲ for every overdue or lagging plan item the figures count; no words about the
software or status codes; the office as author and the export time in the file properties; case
numbers and dates never wrapped inside a table cell.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest

from workbench.base import config
from workbench.documents import pdf as pdf_module
from workbench.documents.fonts import W
from workbench.office import figures
from workbench.office.meetings import resolve
from workbench.office.preparation import prepare
from workbench.publish import export_packet
from workbench.store import Store

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="需要 LibreOffice 和 poppler-utils"),
]

PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
CJK_LINE = re.compile(r"^[\u4e00-\u9fff，。、；：“”（）《》！？]+$")


def _export(demo_file: Path, out: Path, *, pdf: bool):
    """Export the next meeting's packet from a private copy of the demo store, laid out by LibreOffice."""
    db = out.parent / f"{out.name}.sqlite"
    shutil.copy(demo_file, db)
    with Store.open(f"sqlite:///{db}") as store:
        before = datetime.now(UTC).replace(microsecond=0)
        result = export_packet(store, "next", out, pdf=pdf)
        after = datetime.now(UTC)
        meeting = resolve(store, "next")
        as_of = prepare(store, meeting).cut_off
        flagged = figures.plan_items_flagged(figures.plan_items(store, as_of), as_of)
    return {"result": result, "before": before, "after": after, "flagged": flagged, "meeting": meeting}


@pytest.fixture(scope="module")
def laid_out(_demo_db_file, tmp_path_factory):
    """Exported without --pdf (LibreOffice lays it out once for the contents), then rendered here."""
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_PAGE_LAYOUT", "auto")
    try:
        out = tmp_path_factory.mktemp("print") / "packet"
        exported = _export(_demo_db_file, out, pdf=False)
    finally:
        mp.undo()
    merged = exported["result"].files[0]
    rendered = out / "rendered.pdf"
    pdf_module.convert_to_pdf(merged, rendered)
    exported["pdf"] = rendered
    return exported


@pytest.fixture(scope="module")
def with_pdf(_demo_db_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("print_pdf") / "packet"
    exported = _export(_demo_db_file, out, pdf=True)
    exported["pdf"] = exported["result"].files[-1]
    assert exported["pdf"].suffix == ".pdf"
    return exported


def _pages(pdf: Path, *, layout: bool = False) -> list[str]:
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")


def _contents(docx_path: Path) -> list[tuple[str, str]]:
    """(title, page) of each contents line of the merged packet, as written in the file."""
    document = docx.Document(str(docx_path))
    out = []
    for p in document.element.body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == "TOC1":
            texts = [t.text or "" for t in p.iter(W + "t")]
            page = texts[-1] if texts and texts[-1].isdigit() else ""
            out.append(("".join(texts[:-1] if page else texts), page))
    return out


def _check_contents(exported) -> None:
    entries = _contents(exported["result"].files[0])
    documents = [d for d in exported["result"].packet.documents if d.included and d.key != "cover"]
    assert len(entries) == len(documents) == 11  # the demo's next packet holds a 任免名单 and 议定事项落实情况
    _assert_numbers_are_the_pages(entries, exported["pdf"])


def _assert_numbers_are_the_pages(entries: list[tuple[str, str]], pdf: Path) -> None:
    """Each contents line's number is the page number printed where its document begins."""
    pages = _pages(pdf)
    flat = ["".join(p.split()) for p in pages]
    start = next(i for i, t in enumerate(flat) if t.startswith("目录")) + 1
    for title, page in entries:
        assert page.isdigit(), f"目录“{title}”没有页码"
        key = "".join(title.split())[:14]
        index = next(i for i in range(start, len(flat)) if flat[i].startswith(key))
        printed = PAGE_NUMBER.findall(pages[index])
        assert printed and int(printed[-1]) == int(page), (title, page, printed)
        start = index + 1


def test_contents_page_numbers_equal_the_rendered_pages_without_pdf(laid_out):
    _check_contents(laid_out)


def test_contents_page_numbers_equal_the_rendered_pages_with_pdf(with_pdf):
    _check_contents(with_pdf)


def test_contents_titles_are_the_titles_as_printed(laid_out):
    titles = [t for t, _ in _contents(laid_out["result"].files[0])]
    assert "会议议程（草案）" not in titles
    assert titles[0].startswith("关于召开") and titles[0].endswith("的通知")
    assert titles[1].endswith("议程") and "关于2026年工作要点落实情况的报告" in titles


def test_a_full_body_line_holds_28_characters(laid_out):
    lines = [line.strip() for page in _pages(laid_out["pdf"]) for line in page.splitlines()]
    cjk = [re.sub(r"\s", "", line) for line in lines if CJK_LINE.match(re.sub(r"\s", "", line) or "x")]
    widths = [len(line) for line in cjk]
    assert max(widths) == 28, sorted(widths)[-5:]
    assert widths.count(28) >= 2


def test_one_triangle_for_every_overdue_or_lagging_plan_item(laid_out):
    plan = next(f for f in laid_out["result"].files if "工作要点落实情况" in f.name)
    document = docx.Document(str(plan))
    cells = [c.text for t in document.tables for row in t.rows[1:] for c in row.cells]
    assert sum(c.count("▲") for c in cells) == len(laid_out["flagged"]) > 1
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"逾期或进展滞后的{len(laid_out['flagged'])}条" in text
    # Report form: 关于…的报告, ending with the office and the date on consecutive lines.
    assert document.paragraphs[0].text == "关于2026年工作要点落实情况的报告"
    tail = [p.text for p in document.paragraphs if p.text.strip()][-2:]
    assert tail[0] == laid_out["meeting"].office or tail[0].endswith("委员会办公室")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", tail[1])


def _all_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [t.text or "" for t in document.element.body.iter(W + "t")]
    return "".join(parts)


def test_no_words_about_the_software_and_no_status_codes(laid_out):
    codes = {
        c
        for name in ("plan_item_status", "proposal_status", "supervision_status", "briefing_status")
        for c in config.labels()[name].codes
    }
    for path in laid_out["result"].files:
        text = _all_text(path)
        for word in ("工作台", "快照", "导出", "库中", "请先"):
            assert word not in text, (path.name, word)
        found = {c for c in codes if re.search(rf"\b{c}\b", text)}
        assert not found, (path.name, found)


def test_file_properties_name_the_office_and_the_export_time(laid_out):
    office = laid_out["meeting"].office
    before, after = laid_out["before"], laid_out["after"]
    for path in laid_out["result"].files:
        props = docx.Document(str(path)).core_properties
        assert props.author == office and props.last_modified_by == office
        for moment in (props.created, props.modified):
            moment = moment.replace(tzinfo=UTC)  # stored as UTC
            assert before - timedelta(seconds=2) <= moment <= after + timedelta(seconds=2), (path.name, moment)
        for value in (
            props.title,
            props.subject,
            props.comments,
            props.keywords,
            props.category,
            props.author,
            props.last_modified_by,
        ):
            assert "python" not in (value or "").lower()
    merged = docx.Document(str(laid_out["result"].files[0])).core_properties
    assert merged.title == laid_out["meeting"].title


def _text_mm(text: str) -> float:
    """Width of table text at 小四 (12 pt): a CJK character 1 em, digits and Latin letters half."""
    em = 12 * 25.4 / 72
    return sum(em / 2 if ord(ch) < 0x2E80 else em for ch in text)


DATE_OR_CASE = re.compile(r"^(▲)?(\d{4}年)?\d{1,2}月\d{1,2}日$|^第\d{3}号$")


def test_no_table_cell_wraps_a_date_or_a_case_number(laid_out):
    checked = 0
    for path in laid_out["result"].files[1:]:
        document = docx.Document(str(path))
        for table in document.tables:
            widths = [int(c.get(W + "w")) for c in table._tbl.tblGrid.iter(W + "gridCol")]
            for row in table.rows:
                for cell, width in zip(row.cells, widths):
                    text = cell.text.strip()
                    if DATE_OR_CASE.match(text):
                        checked += 1
                        # 1.9 mm cell margin each side (Word's default 0.19 cm)
                        assert _text_mm(text) + 3.8 <= width / 1440 * 25.4, (path.name, text, width)
    assert checked > 100
    # And on the rendered pages: every listed case number on one line.
    layout = "\n".join(_pages(laid_out["pdf"], layout=True))
    for n in laid_out["result"].packet.figures.proposals.table_case_nos:
        assert re.search(rf"第\s*{n:03d}\s*号", layout), n


def test_contents_page_numbers_of_a_packet_whose_proposal_table_runs_over_many_pages(tmp_path, monkeypatch):
    """400 proposals, every filed one listed: the laid-out-alone numbers equal the merged packet's pages."""
    from bench.stores import scaled_store
    from workbench.packet.rules import PacketRules

    monkeypatch.setenv("WORKBENCH_PAGE_LAYOUT", "auto")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # laid out here, not remembered from elsewhere
    db = scaled_store(tmp_path, 400)
    with Store.open(f"sqlite:///{db}") as store:
        rules = PacketRules.from_settings(["提案办理情况表=all_filed"])
        result = export_packet(store, "next", tmp_path / "packet", rules=rules)
    assert not any("目录暂未标页码" in n for n in result.notices), result.notices
    rendered = tmp_path / "rendered.pdf"
    pdf_module.convert_to_pdf(result.files[0], rendered)
    entries = _contents(result.files[0])
    _assert_numbers_are_the_pages(entries, rendered)
    assert int(entries[-1][1]) - int(entries[0][1]) > 12  # the proposal table itself spans pages
