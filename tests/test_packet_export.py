"""`export_packet` as the editor notebook calls it: an edited packet is written and its snapshot kept."""
from __future__ import annotations

import json

import docx
import pytest
from sqlalchemy import select

from workbench.errors import DocumentError
from workbench.packet.assemble import assemble
from workbench.packet.export import export_packet
from workbench.store import schema


def snapshot_rows(store) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.packet_snapshot)).mappings()]


def test_an_edited_packet_is_exported_as_edited(demo_store, tmp_path):
    packet = assemble(demo_store, "next")
    packet.document("liaison").included = False
    packet.document("briefings").blocks[0].text = "本次会议安排情况通报三项，材料附后。"
    result = export_packet(demo_store, "next", tmp_path, packet=packet, actor="王秘书")
    names = [f.name for f in result.files]
    assert not any("联络组" in n for n in names)
    assert len(names) == 1 + sum(d.included for d in packet.documents)
    briefing = next(f for f in result.files if "情况通报议题" in f.name)
    assert "本次会议安排情况通报三项，材料附后。" in [p.text for p in docx.Document(str(briefing)).paragraphs]

    [row] = snapshot_rows(demo_store)
    assert row["meeting_id"] == packet.meeting_id and row["exported_by"] == "王秘书"
    assert json.loads(row["files"]) == names
    data = json.loads(row["data"])
    assert data["as_of"] == "2026-12-17"
    assert data["figures"]["proposals"]["filed"] == packet.figures["proposals"]["filed"]
    assert {d["key"]: d["included"] for d in data["documents"]}["liaison"] is False
    assert len(data["proposals"]) == packet.figures["proposals"]["total"]


def test_a_failed_write_leaves_no_snapshot(demo_store, tmp_path):
    first = export_packet(demo_store, "next", tmp_path)
    assert len(snapshot_rows(demo_store)) == 1
    mine = first.files[0]
    mine.write_bytes(b"secretary's own file")
    with pytest.raises(DocumentError, match="未覆盖任何文件"):
        export_packet(demo_store, "next", tmp_path)
    assert len(snapshot_rows(demo_store)) == 1
    assert mine.read_bytes() == b"secretary's own file"
