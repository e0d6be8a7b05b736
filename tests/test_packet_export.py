"""`export_packet` as the editor notebook calls it: an edited packet is written and its snapshot kept."""

from __future__ import annotations

import json
from datetime import date

import docx
import pytest
from sqlalchemy import select

from workbench.base.errors import DocumentError
from workbench.packet import snapshot
from workbench.packet.assemble import assemble
from workbench.publish import export_packet
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
    assert data["version"] == snapshot.VERSION
    assert data["as_of"] == min(date(2026, 12, 17), date.today()).isoformat()
    assert data["figures"]["proposals"]["filed"] == packet.figures.proposals.filed
    assert {d["key"]: d["included"] for d in data["documents"]}["liaison"] is False
    assert len(data["proposals"]) == packet.figures.proposals.total


def test_a_failed_write_leaves_no_snapshot(demo_store, tmp_path):
    first = export_packet(demo_store, "next", tmp_path)
    assert len(snapshot_rows(demo_store)) == 1
    mine = first.files[0]
    mine.write_bytes(b"secretary's own file")
    with pytest.raises(DocumentError, match="未覆盖任何文件"):
        export_packet(demo_store, "next", tmp_path)
    assert len(snapshot_rows(demo_store)) == 1
    assert mine.read_bytes() == b"secretary's own file"


def test_the_demo_packet_flows_onto_pages_without_empty_ones(demo_store, tmp_path):
    """The real packet read back: no section that would print as an empty page, and the supervision
    document's title and short introduction on its wide table's landscape page."""
    from helpers.documents_sample import W, text_of

    result = export_packet(demo_store, "next", tmp_path)
    for path in result.files:
        body = docx.Document(str(path)).element.body
        content, sections = [], []
        for element in body:
            if element.tag == W + "sectPr":
                sections.append(content)
                break
            content.append(element)
            if element.find(f"{W}pPr/{W}sectPr") is not None:
                sections.append(content)
                content = []
        for section in sections:
            assert any(e.tag == W + "tbl" or text_of(e).strip() for e in section), path.name
    supervision = next(f for f in result.files if f.name.endswith("_关于民主监督事项推进情况的报告.docx"))
    body = list(docx.Document(str(supervision)).element.body)
    first_break = next(e for e in body if e.find(f"{W}pPr/{W}sectPr") is not None)
    first_section = body[: body.index(first_break) + 1]
    assert first_break.find(f"{W}pPr/{W}sectPr/{W}pgSz").get(W + "orient") == "landscape"
    assert text_of(first_section[0]) == "关于民主监督事项推进情况的报告"
    assert any(e.tag == W + "tbl" for e in first_section)


def test_every_document_of_the_demo_packet_ends_in_portrait(demo_store, tmp_path):
    """GB/T 9704 layout: wide tables sit in landscape sections, but each document closes in portrait —
    except a document that is one wide list from its title on (the 任免名单), landscape throughout.

    The assembly never ends a document on a wide table (a closing paragraph follows it), so the
    writer's fallback for hand-edited packets — ending in landscape rather than printing an empty
    portrait page — is not reached by the packet itself.
    """
    from helpers.documents_sample import W

    result = export_packet(demo_store, "next", tmp_path)
    whole_landscape = []
    for path in result.files:
        if path.suffix != ".docx":
            continue
        body = docx.Document(str(path)).element.body
        sizes = list(body.iter(f"{W}pgSz"))
        if all(int(s.get(W + "w")) > int(s.get(W + "h")) for s in sizes):
            whole_landscape.append(path.name)  # one wide list from its title on: no portrait page at all
            continue
        final = body.find(f"{W}sectPr/{W}pgSz")
        assert final.get(W + "orient") in (None, "portrait"), path.name
        assert int(final.get(W + "w")) < int(final.get(W + "h")), path.name
    assert whole_landscape == ["十一届十八次常委会议_08_人事事项（草案）.docx"]
