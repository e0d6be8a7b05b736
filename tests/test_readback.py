"""Reading an exported packet back after it was edited in Word or LibreOffice (`packet readback`).

The demo's packet is exported, then edited as Word writes its edits into document.xml (a changed run,
a tracked insertion and deletion, a comment, a split paragraph, a deleted table row, a changed heading)
or opened, changed and saved as .docx by LibreOffice itself; the readback lists exactly those changes,
applies the confirmed ones with their history note, and the next export prints them. Files of another
meeting, of another store or of no export are refused.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import etree

from helpers.processes import require_programs
from helpers.word_edits import W_NS, W, cell_paragraph, edit_xml, set_text
from workbench.office import meetings
from workbench.packet import readback
from workbench.publish import export_packet
from workbench.store import schema
from workbench.store.rows import PacketSnapshot

HELPERS = Path(__file__).parent / "helpers"


def _export(store, out: Path):
    result = export_packet(store, "next", out)
    merged = next(f for f in result.files if f.name.endswith("会议材料.docx"))
    data = json.loads(store.one(PacketSnapshot, result.snapshot_id).data)
    return result, merged, data


def _marks(data: dict, table: str, field: str) -> list[tuple[str, dict]]:
    return [(m, e) for m, e in data["printed"].items() if e["table"] == table and e["field"] == field]


def test_word_edits_are_listed_exactly_applied_on_confirmation_and_printed_next_time(demo_store, tmp_path, cli):
    store = demo_store
    _, merged, data = _export(store, tmp_path / "first")
    proposal_mark, proposal = _marks(data, "proposal", "title")[0]
    unit_mark, unit = _marks(data, "proposal", "lead_unit")[1]
    note_mark, note = _marks(data, "progress_note", "text")[0]
    comment_mark, _ = _marks(data, "briefing_topic", "topic")[0]
    split_mark, _ = _marks(data, "supervision_item", "topic")[0]
    deleted_mark, deleted = _marks(data, "personnel_change", "name")[0]
    heading_doc, heading = next((k, p) for k, ps in data["paragraphs"].items() for p in ps if p.startswith("一、"))

    def edit(root):
        # 1. a changed run: the 案由 retyped.
        set_text(cell_paragraph(root, proposal_mark), "关于加快推进城乡供水一体化建设的提案")
        # 2. tracked changes: the note's text deleted in part and a sentence inserted, not yet accepted.
        p = cell_paragraph(root, note_mark)
        run = p.find(W + "r")
        text = run.find(W + "t").text
        kept, cut = text[: len(text) - 2], text[len(text) - 2 :]
        run.find(W + "t").text = kept
        deleted_run = copy.deepcopy(run)
        deleted_run.remove(deleted_run.find(W + "t"))
        etree.SubElement(deleted_run, W + "delText").text = cut
        d = etree.Element(W + "del", {W + "id": "9001", W + "author": "李主任", W + "date": "2026-12-10T09:00:00Z"})
        d.append(deleted_run)
        inserted_run = copy.deepcopy(run)
        inserted_run.find(W + "t").text = "，已形成调研报告。"
        i = etree.Element(W + "ins", {W + "id": "9002", W + "author": "李主任", W + "date": "2026-12-10T09:00:00Z"})
        i.append(inserted_run)
        run.addnext(d)
        d.addnext(i)
        # 3. a comment on a briefing topic.
        p = cell_paragraph(root, comment_mark)
        p.find(W + "r").addprevious(etree.Element(W + "commentRangeStart", {W + "id": "7"}))
        p.append(etree.Element(W + "commentRangeEnd", {W + "id": "7"}))
        # 4. a split paragraph: Enter pressed inside a cell, no word changed.
        p = cell_paragraph(root, split_mark)
        run = p.find(W + "r")
        whole = run.find(W + "t").text
        run.find(W + "t").text = whole[:3]
        second = etree.Element(W + "p")
        second_run = copy.deepcopy(run)
        second_run.find(W + "t").text = whole[3:]
        second.append(second_run)
        end = p.find(W + "bookmarkEnd")
        p.remove(end)
        second.append(end)
        p.addnext(second)
        # 5. a deleted table row (a person on the 任免名单).
        row = cell_paragraph(root, deleted_mark).getparent().getparent()
        row.getparent().remove(row)
        # 6. a heading reworded: text outside every record.
        for t in root.iter(W + "t"):
            if t.text == heading:
                t.text = heading + "（修改稿）"
        # 7. a direct edit of a unit's name.
        set_text(cell_paragraph(root, unit_mark), unit["value"] + "（牵头）")
        comments = (
            f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="7" w:author="王秘书" w:date="2026-12-10T09:00:00Z">'
            "<w:p><w:r><w:t>请通报单位确认题目</w:t></w:r></w:p></w:comment></w:comments>"
        ).encode()
        return {"word/comments.xml": comments}

    edited = tmp_path / "改过的会议材料.docx"
    edit_xml(merged, edited, edit)
    # Word would open it: python-docx reads the package.
    docx.Document(str(edited))

    found = readback.read(store, edited, meeting="next")
    direct = {(c.table, c.field, c.old, c.new) for c in found.changes}
    assert direct == {
        ("proposal", "title", proposal["value"], "关于加快推进城乡供水一体化建设的提案"),
        ("proposal", "lead_unit", unit["value"], unit["value"] + "（牵头）"),
    }
    assert [(c.table, c.record_id, c.old, c.new) for c in found.pending] == [
        ("progress_note", note["id"], note["value"], note["value"][:-2] + "，已形成调研报告。")
    ]
    assert [(c.table, c.record_id, c.new) for c in found.deleted] == [("personnel_change", deleted["id"], None)]
    assert [(c.author, c.text) for c in found.comments] == [("王秘书", "请通报单位确认题目")]
    assert found.comments[0].about.startswith("情况通报议题")
    assert [(t.document, t.old, t.new) for t in found.unmapped] == [(heading_doc, heading, heading + "（修改稿）")]
    assert split_mark not in {c.mark for c in found.changes + found.pending + found.deleted}
    report = found.report()
    assert "直接改动2处" in report and "尚未接受或拒绝的修订1处" in report and "删去的内容1处" in report
    assert any(c.label.startswith("提案") and c.label.endswith("案由") for c in found.changes)
    assert found.pending[0].label.endswith("进展情况")
    assert "未对应到记录的文字改动1处" in report

    # Listing wrote nothing; the CLI lists the same and applies only what is chosen.
    before = {k: store.get(k, e["id"]) for k, e in (("proposal", proposal), ("personnel_change", deleted))}
    listed = cli("packet", "readback", edited)
    assert listed.code == 0, listed.err
    assert "直接改动2处" in listed.out and "加 --apply" in listed.out
    assert store.get("proposal", proposal["id"]) == before["proposal"]
    number = next(c.number for c in found.changes if c.field == "title")
    applied = cli("packet", "readback", edited, "--apply", str(number))
    assert applied.code == 0, applied.err
    assert "已读回1处改动" in applied.out
    assert store.get("proposal", proposal["id"])["title"] == "关于加快推进城乡供水一体化建设的提案"
    assert store.get("proposal", unit["id"])["lead_unit"] == unit["value"]  # not chosen
    history = store.history("proposal", proposal["id"])
    assert history[-1]["note"] == f"读回自《{edited.name}》"
    # The pending revision only when asked; the deleted row never.
    refused = cli("packet", "readback", edited, "--apply", str(found.pending[0].number))
    assert refused.code != 0 and "尚未接受的修订" in (refused.err + refused.out)
    done = cli("packet", "readback", edited, "--apply", str(found.pending[0].number), "--pending")
    assert done.code == 0, done.err
    assert store.get("progress_note", note["id"])["text"] == note["value"][:-2] + "，已形成调研报告。"
    assert store.get("personnel_change", deleted["id"]) == before["personnel_change"]

    # The next export prints what was read back.
    _, again, _ = _export(store, tmp_path / "second")
    text = "\n".join(c.text for t in docx.Document(str(again)).tables for r in t.rows for c in r.cells)
    assert "关于加快推进城乡供水一体化建设的提案" in text
    assert "，已形成调研报告。" in text


def test_a_record_changed_in_the_store_since_the_export_is_not_overwritten(demo_store, tmp_path):
    store = demo_store
    _, merged, data = _export(store, tmp_path / "out")
    mark, entry = _marks(data, "proposal", "title")[0]
    edited = tmp_path / "edited.docx"
    edit_xml(merged, edited, lambda root: set_text(cell_paragraph(root, mark), "Word 中改的案由"))
    current = store.get("proposal", entry["id"])
    with store.writer("另一位秘书") as w:
        w.update(schema.proposal, entry["id"], {"title": "库中改的案由"}, expected_version=current["version"])
    found = readback.read(store, edited)
    done = readback.apply(store, found)
    assert done.applied == []
    assert len(done.refused) == 1 and "库中已改为“库中改的案由”" in done.refused[0][1]
    assert store.get("proposal", entry["id"])["title"] == "库中改的案由"


def test_files_of_another_meeting_of_no_export_or_of_another_store_are_refused(demo_store, tmp_path, cli):
    store = demo_store
    _, merged, _ = _export(store, tmp_path / "out")
    exported = meetings.resolve(store, "next")
    earlier = [m for m in meetings.list_meetings(store) if m.id != exported.id][-1]
    other = cli("packet", "readback", merged, "--meeting", earlier.short_title)
    assert other.code != 0
    assert f"是{exported.title}的会议材料，不是{earlier.title}的" in other.err and "未读回" in other.err

    plain = tmp_path / "随便一份文件.docx"
    document = docx.Document()
    document.add_paragraph("县政协常委会议有关事项")
    document.save(str(plain))
    refused = cli("packet", "readback", plain)
    assert refused.code != 0 and "没有工作台导出时留在表格中的标记" in refused.err

    missing = cli("packet", "readback", tmp_path / "没有这个文件.docx")
    assert missing.code != 0 and "无法打开《没有这个文件.docx》" in missing.err

    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"not a zip")
    refused = cli("packet", "readback", broken)
    assert refused.code != 0 and "不是可以读取的 Word 文件" in refused.err and "另存为” .docx" in refused.err

    # The same file against a store that does not know its export (another office's, or its record gone).
    with store.writer() as w:
        w.conn.execute(schema.packet_snapshot.delete())
    refused = cli("packet", "readback", merged)
    assert refused.code != 0 and "不是从本库导出的会议材料" in refused.err


def test_an_export_edited_and_saved_by_libreoffice_reads_back(demo_store, tmp_path):
    """LibreOffice opens the exported file, a UNO script replaces a 案由 with LibreOffice's own search and
    replace, and LibreOffice saves it as .docx: the readback finds exactly that change."""
    require_programs("soffice")
    system_python = shutil.which("python3", path="/usr/bin:/bin")
    has_uno = system_python and subprocess.run([system_python, "-c", "import uno"], capture_output=True).returncode == 0
    if not has_uno:
        message = "缺少 LibreOffice 的 Python 接口 python3-uno（.ci/run 会用 apt 安装）"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    store = demo_store
    result, _, data = _export(store, tmp_path / "out")
    single = next(f for f in result.files if "提案办理情况" in f.name)
    mark, entry = _marks(data, "proposal", "title")[0]
    saved = tmp_path / "在LibreOffice中改过.docx"
    done = subprocess.run(
        [
            system_python,
            str(HELPERS / "lo_replace.py"),
            str(single),
            str(saved),
            str(tmp_path / "lo-profile"),
            entry["value"],
            "关于在 LibreOffice 中改过的案由的提案",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip().splitlines()[-1]) >= 1
    found = readback.read(store, saved)
    assert [(c.table, c.record_id, c.field, c.new) for c in found.changes] == [
        ("proposal", entry["id"], "title", "关于在 LibreOffice 中改过的案由的提案")
    ]
    assert found.pending == [] and found.deleted == [] and found.unmapped == []
    applied = readback.apply(store, found)
    assert [c.mark for c in applied.applied] == [mark]
    assert store.get("proposal", entry["id"])["title"] == "关于在 LibreOffice 中改过的案由的提案"


def test_the_import_tab_compares_a_word_file_and_writes_only_the_ticked_changes(demo_store, tmp_path):
    from datetime import datetime

    from workbench.ui.editor import PacketEditor

    store = demo_store
    _, merged, data = _export(store, tmp_path / "out")
    (first_mark, first), (second_mark, second) = _marks(data, "proposal", "title")[:2]

    heading = next(p for p in data["paragraphs"]["proposals"] if p.startswith("一、"))

    def edit(root):
        set_text(cell_paragraph(root, first_mark), "读回的第一条案由")
        set_text(cell_paragraph(root, second_mark), "<b>不该写回的第二条</b>")
        for t in root.iter(W + "t"):
            if t.text == heading:
                t.text = heading + "（审改）"

    edited = tmp_path / "领导改过的材料.docx"
    edit_xml(merged, edited, edit)
    editor = PacketEditor(store)
    panel = editor.imports.readback
    panel.apply_button.click()
    assert "请先选择文件" in panel.notice.text
    content = edited.read_bytes()
    panel.upload.value = (
        {"name": edited.name, "type": "", "size": len(content), "content": memoryview(content), "last_modified": datetime.now()},
    )
    panel.compare_button.click()
    assert not panel.notice.is_error, panel.notice.text
    lines = panel.choices.children
    assert len(lines) == 3
    assert [line.children[0].value for line in lines] == [True, True, False]  # wording outside records: unticked
    assert "（审改）" in lines[2].children[1].value and "沿用" in lines[2].children[1].value
    said = [line.children[1].value for line in lines]
    assert any("读回的第一条案由" in s for s in said)
    assert any("&lt;b&gt;不该写回的第二条&lt;/b&gt;" in s for s in said)  # escaped where it becomes HTML
    assert store.get("proposal", first["id"])["title"] == first["value"]  # comparing writes nothing
    # The secretary keeps the first and unticks the second.
    for line in lines:
        line.children[0].value = "读回的第一条案由" in line.children[1].value
    panel.apply_button.click()
    assert "已读回1处改动" in panel.notice.text and not panel.notice.is_error
    assert store.get("proposal", first["id"])["title"] == "读回的第一条案由"
    assert store.get("proposal", second["id"])["title"] == second["value"]
    assert store.rows("text_override") == []
    assert panel.apply_button.disabled

    # A file that is no export is refused in the panel's notice, nothing listed.
    import docx as python_docx

    plain = tmp_path / "其他文件.docx"
    python_docx.Document().save(str(plain))
    content = plain.read_bytes()
    panel.upload.value = (
        {"name": plain.name, "type": "", "size": len(content), "content": memoryview(content), "last_modified": datetime.now()},
    )
    panel.compare_button.click()
    assert panel.notice.is_error and "其他文件.docx" in panel.notice.text
    assert panel.choices.children == ()


def test_every_file_of_an_unchanged_export_reads_back_with_nothing_to_do(demo_store, tmp_path):
    result, _, _ = _export(demo_store, tmp_path / "out")
    for path in (f for f in result.files if f.suffix == ".docx"):
        found = readback.read(demo_store, path)
        assert (found.changes, found.pending, found.deleted, found.comments, found.unmapped) == ([], [], [], [], []), path.name
        assert "与导出时相比没有改动" in found.report()


def test_wording_changed_in_the_notice_is_kept_for_the_meetings_later_exports(demo_store, tmp_path, cli):
    store = demo_store
    result, _, data = _export(store, tmp_path / "first")
    notice = next(f for f in result.files if "会议通知" in f.name)
    paragraphs = data["paragraphs"]["notice"]
    reworded = next(p for p in paragraphs if p.startswith("经研究"))
    dropped = next(p for p in paragraphs if "请假" in p)
    new_words = reworded.replace("会议", "本次常委会议", 1)

    def edit(root):
        for t in root.iter(W + "t"):
            paragraph = t.getparent().getparent()
            said = "".join(x.text or "" for x in paragraph.iter(W + "t")).strip()
            if said == reworded:
                set_text(paragraph, new_words)
                break
        for paragraph in list(root.iter(W + "p")):
            if "".join(x.text or "" for x in paragraph.iter(W + "t")).strip() == dropped:
                paragraph.getparent().remove(paragraph)

    edited = tmp_path / "通知修改稿.docx"
    edit_xml(notice, edited, edit)
    found = readback.read(store, edited)
    assert found.changes == [] and found.deleted == []
    assert [(t.document, t.old, t.new) for t in found.unmapped] == [("notice", reworded, new_words), ("notice", dropped, "")]
    assert "《会议通知》" in found.report()
    # Listed, never kept without being chosen: --apply alone keeps no wording.
    assert "没有读回任何改动" in cli("packet", "readback", edited, "--apply").out
    numbers = ",".join(str(t.number) for t in found.unmapped)
    kept = cli("packet", "readback", edited, "--apply", numbers)
    assert kept.code == 0, kept.err + kept.out
    assert "已读回2处改动" in kept.out

    again, _, data = _export(store, tmp_path / "second")
    printed = docx.Document(str(next(f for f in again.files if "会议通知" in f.name)))
    text = [p.text.strip() for p in printed.paragraphs]
    assert new_words in text and reworded not in text and dropped not in text
    assert data["paragraphs"]["notice"].count(new_words) == 1

    # Changed back in Word to what the workbench prints, the kept wording goes.
    second_notice = next(f for f in again.files if "会议通知" in f.name)
    back = tmp_path / "改回.docx"

    def restore(root):
        for paragraph in list(root.iter(W + "p")):
            if "".join(x.text or "" for x in paragraph.iter(W + "t")).strip() == new_words:
                set_text(paragraph, reworded)

    edit_xml(second_notice, back, restore)
    restored = readback.read(store, back)
    readback.apply(store, restored, [t.number for t in restored.unmapped])
    assert [(r["old_text"], r["new_text"]) for r in store.rows("text_override")] == [(dropped, None)]


def test_kept_wording_that_no_longer_matches_is_named_at_export(demo_store, tmp_path):
    from workbench.office import meetings as office_meetings

    meeting = office_meetings.resolve(demo_store, "next")
    with demo_store.writer() as w:
        w.insert(
            schema.text_override,
            {"meeting_id": meeting.id, "document": "notice", "old_text": "一段已不存在的原文", "new_text": "新的说法"},
        )
    result = export_packet(demo_store, "next", tmp_path / "out")
    assert any("已找不到对应的段落" in n and "一段已不存在的原文" in n for n in result.notices)


def test_a_cell_typed_over_whole_in_word_loses_its_mark_but_is_found_by_its_row(demo_store, tmp_path):
    """Word drops a bookmark whose whole text is typed over; the row's mark on its first cell still says
    which record the row is, so the change is a change, not a deleted row."""
    store = demo_store
    _, merged, data = _export(store, tmp_path / "out")
    mark, entry = _marks(data, "proposal", "lead_unit")[0]

    def edit(root):
        paragraph = cell_paragraph(root, mark)
        for bookmark in paragraph.findall(W + "bookmarkStart") + paragraph.findall(W + "bookmarkEnd"):
            paragraph.remove(bookmark)
        set_text(paragraph, "县水务局")

    edited = tmp_path / "retyped.docx"
    edit_xml(merged, edited, edit)
    found = readback.read(store, edited)
    assert [(c.table, c.record_id, c.field, c.old, c.new) for c in found.changes] == [
        ("proposal", entry["id"], "lead_unit", entry["value"], "县水务局")
    ]
    assert found.deleted == []
