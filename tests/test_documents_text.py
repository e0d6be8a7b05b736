"""Text that reaches Word intact: control characters removed and reported, `<` `&` and emoji kept,
long fields capped; safe Chinese file names; no overwriting without --force; fast tables."""

from __future__ import annotations

import dataclasses
import os

import docx
import pytest

from helpers.documents_sample import SHORT_TITLE, W, sample_packet, text_of
from workbench.base.errors import DocumentError
from workbench.documents import write_packet
from workbench.documents.filenames import document_file_name, packet_file_name, safe_component
from workbench.documents.hygiene import MAX_CELL_CHARS, clean_packet, clean_text
from workbench.documents.tables import append_table
from workbench.drafts.blocks import Column, Heading, PacketDocument, Paragraph, Table

NASTY = "县<教体局> & 卫健委\x00\x07\x0b\x0c\x1f\ufffe\ud800 🎉 “引号”\r\n第二行"
CLEAN = "县<教体局> & 卫健委 🎉 “引号”\n第二行"


def _nasty_packet():
    packet = sample_packet()
    notice = packet.document("notice")
    notice.context = dict(notice.context, place=NASTY, topics=["议题A & B <草案>", "🎉 庆祝"])
    packet.documents.append(
        PacketDocument(
            key="pasted",
            title="粘贴来的材料",
            blocks=[
                Heading("一、来自 Excel <粘贴>\x01", 1),
                Paragraph(NASTY),
                Table(
                    columns=[Column("事项", 60), Column("单位", 60)],
                    rows=[[NASTY, "A&B"], ["x" * (MAX_CELL_CHARS + 500), "正常"]],
                    caption="粘贴 & 测试",
                ),
            ],
        )
    )
    return packet


def test_clean_text_removes_controls_and_normalises_newlines():
    text, removed, newline, cut = clean_text(NASTY)
    assert text == CLEAN
    assert removed == 7 and newline and cut == 0


def test_nasty_text_survives_into_word_and_every_change_is_reported(tmp_path):
    result = write_packet(_nasty_packet(), tmp_path)
    notices = "\n".join(result.notices)
    assert "控制字符" in notices and "《粘贴来的材料》" in notices and "《会议通知》" in notices
    assert "换行符" in notices
    assert "内容过长" in notices and "第2行“事项”" in notices

    pasted = docx.Document(str(tmp_path / f"{SHORT_TITLE}_07_粘贴来的材料.docx"))
    body = text_of(pasted.element.body)
    assert "县<教体局> & 卫健委 🎉 “引号”" in body
    assert "第二行" in body
    assert "一、来自 Excel <粘贴>" in body
    assert "\x00" not in body and "\ufffe" not in body
    cells = [text_of(tc) for tc in pasted.element.body.iter(W + "tc")]
    assert "A&B" in cells
    capped = next(c for c in cells if c.startswith("xxx"))
    assert capped.startswith("x" * MAX_CELL_CHARS) and "已截去 500 字" in capped
    # the line break in the paragraph is a real break, not a lost character
    para = next(
        p
        for p in pasted.element.body.iter(W + "p")
        if "卫健委" in text_of(p) and p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "Normal"
    )
    assert para.find(f".//{W}br") is not None

    # template rendering keeps < & and emoji (autoescape on), in the single file and the merged packet
    for name in (f"{SHORT_TITLE}_02_会议通知.docx", f"{SHORT_TITLE}_会议材料.docx"):
        text = text_of(docx.Document(str(tmp_path / name)).element.body)
        assert "在县<教体局> & 卫健委 🎉 “引号”" in text, name
        assert "议题A & B <草案>" in text and "🎉 庆祝" in text, name


def test_hygiene_leaves_the_editors_packet_untouched():
    packet = _nasty_packet()
    cleaned, notices = clean_packet(packet)
    assert packet.document("pasted").blocks[1].text == NASTY
    assert cleaned.document("pasted").blocks[1].text == CLEAN
    assert notices


def test_file_names_are_safe_against_separators_and_dot_dot(tmp_path):
    assert safe_component("../../etc/passwd") == "etc_passwd"
    assert safe_component("a/b\\c") == "a_b_c"
    assert safe_component("..") == "未命名"
    assert safe_component(".hidden") == "hidden"
    assert packet_file_name("十一届十八次常委会议") == "十一届十八次常委会议_会议材料.docx"
    assert document_file_name("十一届十八次常委会议", 3, "会议议程") == "十一届十八次常委会议_03_会议议程.docx"

    packet = sample_packet()
    packet.meeting_short_title = "../十一届/十八次"
    packet.documents = [PacketDocument(key="x", title="../../逃逸\n标题", blocks=[Paragraph("正文")])]
    result = write_packet(packet, tmp_path / "out")
    for path in result.files:
        assert path.parent == tmp_path / "out"
        assert path.resolve().is_relative_to((tmp_path / "out").resolve())
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in result.files)
    assert {p.name for p in result.files} == {"十一届_十八次_会议材料.docx", "十一届_十八次_01_逃逸 标题.docx"}


def test_refuses_to_overwrite_and_names_the_file(tmp_path):
    first = write_packet(sample_packet(), tmp_path)
    before = {p: p.stat().st_mtime_ns for p in first.files}
    with pytest.raises(DocumentError) as caught:
        write_packet(sample_packet(), tmp_path)
    message = str(caught.value)
    assert f"“{SHORT_TITLE}_会议材料.docx”" in message and "--force" in message
    assert {p: p.stat().st_mtime_ns for p in first.files} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]

    # only one existing file is enough to refuse, and nothing else is written
    (tmp_path / "other").mkdir()
    existing = tmp_path / "other" / f"{SHORT_TITLE}_03_会议议程.docx"
    existing.write_bytes(b"secretary's own edits")
    with pytest.raises(DocumentError, match="03_会议议程"):
        write_packet(sample_packet(), tmp_path / "other")
    assert sorted(os.listdir(tmp_path / "other")) == [existing.name]
    assert existing.read_bytes() == b"secretary's own edits"

    again = write_packet(sample_packet(), tmp_path, force=True)
    assert [p.name for p in again.files] == [p.name for p in first.files]
    assert docx.Document(str(again.files[0]))


def test_nothing_included_is_refused(tmp_path):
    packet = sample_packet()
    for doc in packet.documents:
        doc.included = False
    with pytest.raises(DocumentError, match="没有选中任何文件"):
        write_packet(packet, tmp_path)


def test_excluded_documents_are_left_out(tmp_path):
    packet = sample_packet()
    packet.document("attendance").included = False
    result = write_packet(packet, tmp_path)
    assert not any("委员出勤情况" in p.name for p in result.files)
    assert len(result.files) == 6


def test_append_table_builds_large_tables_completely(tmp_path):
    """10,000 rows end up in the file with every cell; speed itself is measured in bench/."""
    rows = [[f"第{r:05d}号", f"案由{r}<&>", "县教体局", "办理中"] for r in range(10_000)]
    table = Table(
        columns=[Column("案号", 25), Column("案由", 80), Column("主办单位", 30), Column("状态", 20)],
        rows=rows,
        marked_rows=[0, 9_999],
    )
    document = docx.Document()
    append_table(document, table)
    path = tmp_path / "big.docx"
    document.save(str(path))
    back = docx.Document(str(path))
    tbl = back.element.body.find(W + "tbl")
    trs = tbl.findall(W + "tr")
    assert len(trs) == 10_001
    assert [text_of(c) for c in trs[-1].findall(W + "tc")] == rows[-1]
    assert back.element.body[-1].tag == W + "sectPr"  # inserted before the section properties


def test_row_with_too_many_cells_is_a_clear_error():
    table = Table(columns=[Column("甲", 30)], rows=[["1", "2"]], caption="测试表")
    packet = sample_packet()
    packet.documents = [PacketDocument(key="t", title="测试", blocks=[table])]
    with pytest.raises(DocumentError, match="第1行有 2 个单元格"):
        write_packet(packet, "/nonexistent-should-not-be-created")
    assert not os.path.exists("/nonexistent-should-not-be-created")


def test_block_only_packet_without_cover(tmp_path):
    packet = sample_packet()
    packet.documents = [dataclasses.replace(packet.document("plan_progress"))]
    result = write_packet(packet, tmp_path)
    merged = docx.Document(str(result.files[0]))
    assert "县政协2026年度工作要点落实情况" in text_of(merged.element.body)
