"""Every exported .docx, read back with python-docx: GB/T 9704 page, fonts, page numbers, tables, sections."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Mm

from helpers.documents_sample import (
    PROPOSAL_HEADERS,
    SHORT_TITLE,
    W,
    paragraphs_with_style,
    resolved_paragraph_property,
    resolved_run_format,
    sample_packet,
    sections_of,
    text_of,
)
from workbench.documents import write_packet


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("packet")
    result = write_packet(sample_packet(), out)
    return result


@pytest.fixture(scope="module")
def documents(exported):
    return {path.name: docx.Document(str(path)) for path in exported.files}


def _sections(document):
    body = document.element.body
    return [p for p in body.iter(W + "sectPr")]


def test_files_are_named_in_chinese_with_the_short_title(exported):
    names = [f.name for f in exported.files]
    assert names[0] == f"{SHORT_TITLE}_会议材料.docx"
    assert f"{SHORT_TITLE}_03_会议议程.docx" in names
    assert f"{SHORT_TITLE}_05_提案办理情况.docx" in names
    assert len(names) == 7


def test_page_size_margins_and_line_grid(documents):
    for name, document in documents.items():
        sect_prs = _sections(document)
        assert sect_prs, name
        for sect_pr in sect_prs:
            size, margins, grid = sect_pr.find(W + "pgSz"), sect_pr.find(W + "pgMar"), sect_pr.find(W + "docGrid")
            w, h = int(size.get(W + "w")), int(size.get(W + "h"))
            landscape = size.get(W + "orient") == "landscape"
            assert (w, h) == ((16838, 11906) if landscape else (11906, 16838)), name
            assert abs(int(margins.get(W + "top")) - Mm(37).twips) <= 1, name
            assert abs(int(margins.get(W + "bottom")) - Mm(35).twips) <= 1, name
            assert abs(int(margins.get(W + "left")) - Mm(28).twips) <= 1, name
            assert abs(int(margins.get(W + "right")) - Mm(26).twips) <= 1, name
            assert grid.get(W + "type") == "lines" and grid.get(W + "linePitch") == "579", name
        # python-docx's own reading of the final section agrees
        final = document.sections[-1]
        landscape = final.page_width > final.page_height
        assert (round(final.page_width.mm), round(final.page_height.mm)) == ((297, 210) if landscape else (210, 297))
        assert round(final.top_margin.mm) == 37 and round(final.left_margin.mm) == 28


def test_wide_tables_are_landscape_and_no_section_is_empty(documents):
    """Word gives every section at least one page: a section holding nothing but the paragraph that
    carries its break would print as an empty page (the old blank portrait page after a wide table)."""
    for name, document in documents.items():
        assert document.element.body[-1].tag == W + "sectPr"
        for landscape, content in sections_of(document):
            assert any(e.tag == W + "tbl" or text_of(e).strip() for e in content), (name, landscape)
    proposals = documents[f"{SHORT_TITLE}_05_提案办理情况.docx"]
    sections = sections_of(proposals)
    # The short introduction leads straight into the wide table, so title, introduction and table
    # share one landscape section (no portrait page holding two lines); the remark after the table
    # stays on its page, and the document ends in that section rather than on an empty portrait page.
    assert [landscape for landscape, _ in sections] == [True]
    content = sections[0][1]
    assert text_of(content[0]) == "提案办理情况" and any(e.tag == W + "tbl" for e in content)
    assert text_of(content[-1]) == "以上提案请各承办单位抓紧办理。"
    # In the merged packet, the document after it starts portrait again.
    merged = sections_of(documents[f"{SHORT_TITLE}_会议材料.docx"])
    after = next(i for i, (_, c) in enumerate(merged) if any("以上提案请各承办单位" in text_of(e) for e in c))
    assert merged[after][0] and not merged[after + 1][0]
    assert "出勤统计" in text_of(merged[after + 1][1][0]) or any("出勤统计" in text_of(e) for e in merged[after + 1][1])


def test_fonts_resolve_through_styles_to_east_asian_names(documents):
    merged = documents[f"{SHORT_TITLE}_会议材料.docx"]
    expectations = {
        "Title": ("方正小标宋简体", 22, False),
        "Heading1": ("黑体", 16, False),
        "Heading2": ("楷体", 16, False),
        "Heading3": ("仿宋_GB2312", 16, True),
        "Normal": ("仿宋_GB2312", 16, False),
        "TableText": ("仿宋_GB2312", 12, False),
    }
    for style_id, (font, size, bold) in expectations.items():
        paragraphs = paragraphs_with_style(merged, style_id)
        assert paragraphs, style_id
        for p in paragraphs[:20]:
            for run in p.findall(W + "r"):
                if not text_of(run).strip():
                    continue
                fmt = resolved_run_format(merged, p, run)
                assert fmt["east_asia"] == font, (style_id, text_of(p))
                assert fmt["size"] == size, (style_id, text_of(p))
                assert not fmt["theme"], style_id
                if style_id != "TableText":  # marked table rows are bold on purpose
                    assert fmt["bold"] == bold, (style_id, text_of(p))
    title = paragraphs_with_style(merged, "Title")[0]
    assert resolved_paragraph_property(merged, title, "w:jc").get(W + "val") == "center"


def test_body_has_fixed_spacing_and_two_character_indent(documents):
    document = documents[f"{SHORT_TITLE}_04_县政协2026年度工作要点落实情况.docx"]
    body = [p for p in paragraphs_with_style(document, "Normal") if text_of(p)]
    assert body
    for p in body:
        spacing = resolved_paragraph_property(document, p, "w:spacing")
        assert spacing.get(W + "line") == "579" and spacing.get(W + "lineRule") == "exact"
        assert resolved_paragraph_property(document, p, "w:ind").get(W + "firstLineChars") == "200"


def test_no_theme_fonts_anywhere_in_styles(documents):
    for name, document in documents.items():
        for fonts in document.styles.element.iter(W + "rFonts"):
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                assert fonts.get(W + attr) is None, (name, attr)
        lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert lang.get(W + "eastAsia") == "zh-CN"


def test_page_numbers_odd_right_even_left_with_page_field(documents):
    for name, document in documents.items():
        settings = document.settings.element
        assert settings.find(W + "evenAndOddHeaders") is not None, name
        numbered = document.sections[2:] if name.endswith("_会议材料.docx") else document.sections
        assert numbered, name
        for section in numbered:  # in the merged packet, cover and contents are unnumbered (next test)
            odd, even = section.footer, section.even_page_footer
            assert not odd.is_linked_to_previous and not even.is_linked_to_previous
            for footer, side in ((odd, "right"), (even, "left")):
                p = footer._element.find(W + "p")
                instr = "".join(t.text for t in p.iter(W + "instrText"))
                assert instr.strip() == "PAGE", name
                assert text_of(p).startswith("— ") and text_of(p).endswith(" —"), name
                assert resolved_paragraph_property(document, p, "w:jc").get(W + "val") == side
                fmt = resolved_run_format(document, p, p.find(W + "r"))
                assert fmt["east_asia"] == "宋体" and fmt["size"] == 14


def test_cover_and_contents_pages_carry_no_number(documents):
    merged = documents[f"{SHORT_TITLE}_会议材料.docx"]
    sect_prs = _sections(merged)
    cover, contents, first_document = sect_prs[0], sect_prs[1], sect_prs[2]
    assert cover.find(W + "titlePg") is not None
    refs = {
        r.get(W + "type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        for r in contents.findall(W + "footerReference")
    }
    assert len(set(refs.values())) == 1  # default, even and first all point at the empty footer
    assert first_document.find(W + "pgNumType").get(W + "start") == "1"
    single_cover = documents[f"{SHORT_TITLE}_01_封面.docx"]
    assert single_cover.sections[0].different_first_page_header_footer
    assert not text_of(single_cover.sections[0].first_page_footer._element).strip()


def test_tables_repeat_header_rows_do_not_split_and_have_explicit_widths(documents):
    document = documents[f"{SHORT_TITLE}_05_提案办理情况.docx"]
    table = document.element.body.find(W + "tbl")
    rows = table.findall(W + "tr")
    assert len(rows) == 51
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert [text_of(c) for c in rows[0].findall(W + "tc")] == PROPOSAL_HEADERS
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    grid = [int(g.get(W + "w")) for g in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(grid) == 8 and all(w > 0 for w in grid)
    for row in rows[:5]:
        assert [int(c.find(f"{W}tcPr/{W}tcW").get(W + "w")) for c in row.findall(W + "tc")] == grid
    cell_p = rows[1].find(f"{W}tc/{W}p")
    assert resolved_paragraph_property(document, cell_p, "w:snapToGrid").get(W + "val") == "0"
    # a fixed 15 pt line for 12 pt text, the same in Word and in the PDF whatever the font's own line gap
    spacing = resolved_paragraph_property(document, cell_p, "w:spacing")
    assert spacing.get(W + "line") == "300" and spacing.get(W + "lineRule") == "exact"
    # overdue rows are marked bold
    packet = sample_packet()
    proposals = packet.document("proposals").blocks[3]
    marked = proposals.marked_rows[0] + 1
    run = rows[marked].find(f"{W}tc/{W}p/{W}r")
    assert resolved_run_format(document, rows[marked].find(f"{W}tc/{W}p"), run)["bold"]
    assert not resolved_run_format(document, cell_p, cell_p.find(W + "r"))["bold"]


def test_merged_packet_has_a_contents_field_of_printed_titles_and_no_guessed_numbers(documents):
    # Without a LibreOffice layout (WORKBENCH_PAGE_LAYOUT=off in the tests) the contents lists the titles
    # with empty page fields for Word/WPS to fill on opening, never estimated numbers.
    merged = documents[f"{SHORT_TITLE}_会议材料.docx"]
    instr = " ".join(t.text for t in merged.element.body.iter(W + "instrText"))
    assert "TOC" in instr and "PAGEREF" in instr
    assert merged.settings.element.find(W + "updateFields") is not None
    entries = [text_of(p) for p in paragraphs_with_style(merged, "TOC1")]
    docs = [d for d in sample_packet().documents if d.key != "cover"]
    assert len(entries) == len(docs)
    for index, (entry, doc) in enumerate(zip(entries, docs), start=2):
        assert not entry[-1:].isdigit(), entry
        single = documents[f"{SHORT_TITLE}_{index:02d}_{doc.title}.docx"]
        printed = "".join(text_of(p) for p in paragraphs_with_style(single, "Title")[:1])
        assert entry == printed.replace("\u3000", ""), (entry, printed)
    bookmarks = {b.get(W + "name") for b in merged.element.body.iter(W + "bookmarkStart")}
    assert {f"_Toc_wb_{i:03d}" for i in range(1, len(docs) + 1)} <= bookmarks
    # every document of the packet is in the merged file, in order
    full, position = text_of(merged.element.body), 0
    for text in ("会议材料", "目　录", "的通知", "议　程", "工作要点落实情况", "未办结提案一览表", "出勤统计"):
        position = full.find(text, position)
        assert position >= 0, text


def test_dates_are_written_in_arabic_numerals(documents):
    cover = documents[f"{SHORT_TITLE}_01_封面.docx"]
    assert "2026年12月17日" in text_of(cover.element.body)
    notice = documents[f"{SHORT_TITLE}_02_会议通知.docx"]
    assert "2026年12月10日" in text_of(notice.element.body)
