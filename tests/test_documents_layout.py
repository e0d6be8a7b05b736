"""How documents flow onto pages, read back from the exported .docx: landscape sections that
neither leave empty pages nor strand an introduction, notes and captions kept with their tables,
short tables kept whole, columns wide enough for codes and dates, and the notice laid out as a
县政协 notice is (GB/T 9704: 一、 in 黑体, salutation flush left, office and date at the right).

The same flow is checked on real pages, through LibreOffice, in test_documents_pdf.py.
"""

from __future__ import annotations

import docx
import pytest

from helpers.documents_sample import (
    LONG_INTRO,
    NOTE,
    W,
    layout_packet,
    paragraphs_with_style,
    resolved_paragraph_property,
    resolved_run_format,
    sample_packet,
    sections_of,
    text_of,
    wide_table,
)
from workbench.documents import write_packet
from workbench.documents.compose import LEAD_IN_CHARS
from workbench.documents.sections import mm
from workbench.documents.tables import column_widths, em_width, header_text, table_xml
from workbench.drafts.blocks import Column, Table


def has_content(elements) -> bool:
    return any(e.tag == W + "tbl" or text_of(e).strip() for e in elements)


def style_of(paragraph) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None


def keeps_with_next(document, paragraph) -> bool:
    keep = resolved_paragraph_property(document, paragraph, "w:keepNext")
    return keep is not None and keep.get(W + "val", "1") not in ("0", "false")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout")
    result = write_packet(layout_packet(), out)
    return {f.name.split("_", 2)[-1]: docx.Document(str(f)) for f in result.files}


# ---------------------------------------------------------------- sections


def test_a_document_ending_with_a_wide_table_ends_on_that_page(exported):
    assert len(LONG_INTRO) > LEAD_IN_CHARS  # too long to go onto the table's landscape page
    single = exported["重点提案办理情况.docx"]
    sections = sections_of(single)
    # portrait for the long introduction, then the landscape table, which is the final section:
    # no portrait section after it, which Word would print as an empty page
    assert [landscape for landscape, _ in sections] == [False, True]
    assert all(has_content(content) for _, content in sections)
    final = single.element.body[-1]
    assert final.tag == W + "sectPr" and final.find(W + "pgSz").get(W + "orient") == "landscape"
    assert single.sections[-1].page_width > single.sections[-1].page_height
    # the final section keeps the GB/T 9704 margins and the page-number footers
    assert round(single.sections[-1].top_margin.mm) == 37
    assert single.sections[-1].footer._element.find(W + "p") is not None


def test_merged_packet_has_no_empty_section_and_returns_to_portrait(exported):
    merged = exported["会议材料.docx"]
    sections = sections_of(merged)
    assert all(has_content(content) for _, content in sections), [
        (landscape, [text_of(e)[:10] for e in content]) for landscape, content in sections
    ]
    titles = {text_of(p): i for i, (_, content) in enumerate(sections) for p in content if style_of(p) == "Title"}
    # each document after a landscape ending starts portrait, on its own page
    assert sections[titles["逾期事项清单"]][0] is True  # opens straight into its wide table
    assert sections[titles["重点提案办理情况"]][0] is False  # long introduction stays portrait
    assert sections[titles["重点提案办理情况"] - 1][0] is False  # 各监督小组 table before it is portrait
    # the packet ends with the last document's wide table, not with an empty portrait page
    assert merged.element.body[-1].find(W + "pgSz").get(W + "orient") == "landscape"
    # numbering still starts at 1 on the first document after the contents page
    first_numbered = next(s for s in merged.element.body.iter(W + "sectPr") if s.find(W + "pgNumType") is not None)
    assert first_numbered.find(W + "pgNumType").get(W + "start") == "1"
    assert sum(1 for s in merged.element.body.iter(W + "sectPr") if s.find(W + "pgNumType") is not None) == 1


def test_short_introduction_and_title_share_the_wide_tables_page(exported):
    single = exported["民主监督事项推进情况.docx"]
    sections = sections_of(single)
    assert [landscape for landscape, _ in sections] == [True, False]
    first = [text_of(e) for e in sections[0][1] if e.tag == W + "p" and text_of(e)]
    assert first[:4] == [
        "民主监督事项推进情况",
        "目前共有民主监督事项30项，涉及民主监督小组6个、责任单位7个。",
        "一、监督事项推进情况",
        "民主监督事项推进情况表",
    ]
    assert any(e.tag == W + "tbl" for e in sections[0][1])
    second = [text_of(e) for e in sections[1][1] if e.tag == W + "p" and text_of(e)]
    assert second[0] == "二、各监督小组情况"


# ---------------------------------------------------------------- keeping things together


def test_caption_note_and_heading_keep_with_their_table(exported):
    document = exported["民主监督事项推进情况.docx"]
    body = list(document.element.body)
    table_at = next(i for i, e in enumerate(body) if e.tag == W + "tbl")
    heading, caption, note = body[table_at - 3 : table_at]
    assert (style_of(heading), style_of(caption), style_of(note)) == ("Heading1", "TableCaption", "TableNote")
    assert text_of(note) == NOTE
    for paragraph in (heading, caption, note):
        assert keeps_with_next(document, paragraph), text_of(paragraph)
    # the note no longer follows the table, where a page break could leave it alone
    assert not any(text_of(e) == NOTE for e in body[table_at + 1 :])
    # the header row keeps with the first data row
    header_cells = body[table_at].find(W + "tr").findall(f"{W}tc/{W}p")
    assert all(keeps_with_next(document, p) for p in header_cells)
    # a note's own paragraph resolves to the table text font
    assert resolved_run_format(document, note, note.find(W + "r"))["size"] == 12


def test_short_tables_keep_together_long_ones_flow(exported):
    document = exported["民主监督事项推进情况.docx"]
    long_table, short_table = document.element.body.findall(W + "tbl")

    def kept(row):
        return all(keeps_with_next(document, p) for p in row.findall(f"{W}tc/{W}p"))

    long_rows, short_rows = long_table.findall(W + "tr")[1:], short_table.findall(W + "tr")[1:]
    # A long table flows, except that its last three rows stay together: a last page never holds a lone
    # row (nor a lone row above a total line).
    assert not any(kept(r) for r in long_rows[:-3]) and kept(long_rows[-3]) and kept(long_rows[-2])
    assert not kept(long_rows[-1])
    assert all(kept(r) for r in short_rows[:-1]) and not kept(short_rows[-1])
    # the spacer paragraph after a table does not chain the table to what follows
    spacer = short_table.getnext()
    assert not keeps_with_next(document, spacer)


# ---------------------------------------------------------------- columns


def test_codes_and_dates_get_columns_wide_enough_not_to_wrap():
    table = wide_table(5)
    widths = column_widths(table)
    total_mm = sum(widths) * 25.4 / 1440
    assert abs(total_mm - sum(c.width_mm for c in table.columns)) < 0.5  # the table as wide as asked
    twelve_pt_mm = 12 * 25.4 / 72
    for column, text in ((0, "JD2026-01"), (3, "2026年12月31日"), (4, "推进中")):
        needed = em_width(text) * twelve_pt_mm + 3.0  # text plus the cell's left and right margins
        assert widths[column] * 25.4 / 1440 >= needed, (text, widths[column])
    # the room comes from the prose columns, which were asked for more than they need
    assert widths[1] < mm(60) and widths[5] < mm(69)


def test_proposal_case_numbers_fit_their_column():
    packet = sample_packet()
    proposals = packet.document("proposals").blocks[3]
    widths = column_widths(proposals)
    case_mm = widths[0] * 25.4 / 1440
    assert case_mm >= em_width("第050号") * 12 * 25.4 / 72 + 3.0


def test_long_headers_break_where_a_person_would():
    assert header_text("牵头领导/委室", mm(27)) == "牵头领导/\n委室"
    assert header_text("无故缺席", mm(21)) == "无故缺席"
    assert header_text("数量（件）", mm(20)) == "数量\n（件）"
    xml = table_xml(Table(columns=[Column("牵头领导/委室", 27), Column("事项", 129)], rows=[["周启明", "甲"]]))
    assert "牵头领导/</w:t><w:br/>" in xml


# ---------------------------------------------------------------- the notice


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    out = tmp_path_factory.mktemp("notice")
    result = write_packet(sample_packet(), out)
    path = next(f for f in result.files if f.name.endswith("_会议通知.docx"))
    return docx.Document(str(path))


def _paragraph(document, text: str):
    return next(p for p in document.element.body.iter(W + "p") if text_of(p) == text)


def test_notice_headings_are_heiti_and_items_are_body_text(notice):
    headings = [text_of(p) for p in paragraphs_with_style(notice, "Heading1")]
    assert headings == ["一、会议议题", "二、出席人员", "三、列席人员", "四、有关要求"]
    for p in paragraphs_with_style(notice, "Heading1"):
        fmt = resolved_run_format(notice, p, p.find(W + "r"))
        assert fmt["east_asia"] == "黑体" and fmt["size"] == 16 and not fmt["bold"]
        assert keeps_with_next(notice, p)
    # （一） topics are sentences under 一、, in body text: 仿宋, indented two characters,
    # each ending in "；" and the last in "。"
    first = _paragraph(notice, "（一）听取县人民政府关于全县经济运行情况的通报；")
    last = _paragraph(notice, "（二）审议县政协2026年度提案办理情况报告。")
    for p in (first, last):
        assert resolved_run_format(notice, p, p.find(W + "r"))["east_asia"] == "仿宋_GB2312"
        assert resolved_paragraph_property(notice, p, "w:ind").get(W + "firstLineChars") == "200"
    assert _paragraph(notice, "县政协主席、副主席、秘书长，常务委员。") is not None


def test_notice_title_salutation_signature_and_date(notice):
    [title] = paragraphs_with_style(notice, "Title")
    # broken after 委员会, not wherever the line runs out
    assert text_of(title) == "关于召开政协青岚县第十一届委员会常务委员会第十八次会议的通知"
    lines, current = [], ""
    for element in title.iter(W + "t", W + "br"):
        if element.tag == W + "br":
            lines.append(current)
            current = ""
        else:
            current += element.text or ""
    lines.append(current)
    assert lines == ["关于召开政协青岚县第十一届委员会", "常务委员会第十八次会议的通知"]
    salutation = _paragraph(notice, "各位常委：")
    assert resolved_paragraph_property(notice, salutation, "w:ind").get(W + "firstLine") == "0"
    office = _paragraph(notice, "政协青岚县委员会办公室")
    issued = _paragraph(notice, "2026年12月10日")  # Arabic numerals, no leading zeros
    for p, chars in ((office, 2), (issued, 3)):
        assert resolved_paragraph_property(notice, p, "w:jc").get(W + "val") == "right"
        ind = resolved_paragraph_property(notice, p, "w:ind")
        assert ind.get(W + "rightChars") == str(chars * 100) and ind.get(W + "right") == str(chars * 320)
        assert ind.get(W + "firstLine") == "0"
    # 下空一行: an empty line between the last body paragraph and the office
    previous = office.getprevious()
    assert previous.tag == W + "p" and not text_of(previous).strip()
