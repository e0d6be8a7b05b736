"""Long tables are written into the file row by row, not held as one tree: the files are the same bytes
as when the whole table is held, and the export's memory stays low (figures: `python -m bench --only export`).
"""

from __future__ import annotations

import zipfile

import docx

from helpers.documents_sample import proposal_rows, sample_packet
from workbench.documents import tables
from workbench.documents.writer import write_packet
from workbench.drafts.blocks import Table


def _proposal_table(packet) -> Table:
    (table,) = [b for d in packet.documents if d.key == "proposals" for b in d.blocks if isinstance(b, Table)]
    return table


def _long_packet(rows: int = 1200):
    packet = sample_packet()
    table = _proposal_table(packet)
    body = proposal_rows(rows)
    # What escaping and line breaks must survive streaming alike.
    body[7][1] = "关于“A&B”两镇<联建>停车场的建议"
    body[401][1] = "第一行\n第二行"
    body[900][2] = "  前后留空  "
    table.rows = body
    table.marked_rows = [3, 402, 1199]
    return packet


def _main_parts(folder) -> dict[str, bytes]:
    parts = {}
    for path in sorted(folder.glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            parts[path.name] = z.read("word/document.xml")
    return parts


def test_a_streamed_table_writes_the_same_bytes_as_the_table_held_whole(tmp_path, monkeypatch):
    write_packet(_long_packet(), tmp_path / "streamed", layout=False)
    monkeypatch.setattr(tables, "STREAM_ROWS", 10**9)
    write_packet(_long_packet(), tmp_path / "whole", layout=False)
    streamed, whole = _main_parts(tmp_path / "streamed"), _main_parts(tmp_path / "whole")
    assert streamed.keys() == whole.keys() and len(streamed) > 3
    for name in whole:
        assert streamed[name] == whole[name], name
        assert b"wb-rows" not in streamed[name]


def test_a_streamed_table_reads_back_whole_in_word_order(tmp_path):
    result = write_packet(_long_packet(), tmp_path / "out", layout=False)
    single = next(f for f in result.files if "提案办理情况" in f.name)
    (table,) = docx.Document(str(single)).tables
    assert len(table.rows) == 1201  # the header and every row, none lost at a chunk's edge
    assert table.rows[8].cells[1].text == "关于“A&B”两镇<联建>停车场的建议"
    assert table.rows[402].cells[1].text == "第一行\n第二行"
    assert [r.cells[0].text for r in table.rows[249:252]] == ["第249号", "第250号", "第251号"]
    assert table.rows[-1].cells[0].text == "第1200号"


def test_a_control_character_in_a_streamed_row_leaves_a_file_word_opens(tmp_path):
    packet = _long_packet()
    table = _proposal_table(packet)
    table.rows[300][1] = "控制字符\x0b在此"
    result = write_packet(packet, tmp_path / "out", layout=False)
    single = next(f for f in result.files if "提案办理情况" in f.name)
    (read,) = docx.Document(str(single)).tables
    assert "控制字符" in read.rows[301].cells[1].text and "\x0b" not in read.rows[301].cells[1].text
