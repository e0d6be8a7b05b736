"""`python -m workbench packet ...` as a secretary runs it on the demo county."""

from __future__ import annotations

from pathlib import Path

import docx
from sqlalchemy import func, select

from workbench.base import config
from workbench.store import schema


def snapshots(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.packet_snapshot)).scalar()


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_show_prints_the_outline_in_chinese(demo_store, cli):
    r = cli("packet", "show", "--meeting", "next")
    assert r.code == 0, r
    assert "政协青岚县第十一届委员会常务委员会第十八次会议（十一届十八次常委会议）" in r.out
    for title in (
        "封面",
        "会议通知",
        "会议议程（草案）",
        "情况通报议题",
        "关于2026年工作要点落实情况的报告",
        "关于民主监督事项推进情况的报告",
        "提案办理情况",
        "常委出勤情况",
        "委员联络组活动指标完成情况",
        "十一届十七次常委会议以来变化情况",
    ):
        assert title in r.out
    assert "取材规则：" in r.out and "办复率" in r.out


def test_unknown_meeting_lists_the_meetings(demo_store, cli):
    for command in ("show", "export"):
        r = cli("packet", command, "--meeting", "十一届九十次常委会议")
        assert r.code == 1
        assert "找不到会议“十一届九十次常委会议”" in r.err
        assert "十一届十八次常委会议" in r.err and "next" in r.err
        assert "Traceback" not in r.err


def test_export_next_writes_files_and_records_a_snapshot(demo_store, cli_process, tmp_path):
    out = tmp_path / "材料"
    r = cli_process("packet", "export", "--meeting", "next", "--out", out)
    assert r.code == 0, r
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert any(p.suffix == ".docx" for p in written)
    for p in written:
        assert p.name in r.out
    assert all("十一届十八次常委会议" in p.name for p in written if p.suffix == ".docx")
    assert "已导出十一届十八次常委会议会议材料" in r.out
    assert snapshots(demo_store) == 1
    texts = "\n".join(docx_text(p) for p in written if p.suffix == ".docx")
    assert "政协青岚县第十一届委员会常务委员会第十八次会议" in texts
    assert "办复率" in texts


def test_refuses_to_overwrite_without_force(demo_store, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("packet", "export", "--meeting", "十一届十八次常委会议", "--out", out).code == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    r = cli("packet", "export", "--meeting", "十一届十八次常委会议", "--out", out)
    assert r.code != 0
    assert "--force" in r.err and "Traceback" not in r.err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.err)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")} == before
    assert snapshots(demo_store) == 1, "a failed export records no snapshot"
    r = cli("packet", "export", "--meeting", "十一届十八次常委会议", "--out", out, "--force")
    assert r.code == 0, r
    assert snapshots(demo_store) == 2


def test_next_meetings_packet_lists_changes_since_the_exported_one(demo_store, cli, tmp_path):
    assert cli("packet", "export", "--meeting", "十一届十七次常委会议", "--out", tmp_path / "sept").code == 0
    item = demo_store.rows("supervision_item", code="JD2026-01")[0]
    was = config.labels()["supervision_status"].label(item["status"])
    assert was != "已办结"
    demo_store.update(
        "supervision_item", item["id"], {"status": "closed", "closed_on": "2026-11-30"}, expected_version=item["version"]
    )
    r = cli("packet", "export", "--meeting", "next", "--out", tmp_path / "dec")
    assert r.code == 0, r
    changes = [p for p in (tmp_path / "dec").rglob("*.docx") if "变化情况" in p.name]
    assert changes, [p.name for p in (tmp_path / "dec").rglob("*")]
    text = docx_text(changes[0])
    assert "与十一届十七次常委会议会议材料所载情况" in text
    assert "JD2026-01《惠民惠农财政补贴资金发放》" in text
    assert f"状态由“{was}”变为“已办结”" in text


def test_default_output_folder_comes_from_the_settings(demo_store, cli, workbench_env):
    r = cli("packet", "export", "--meeting", "十一届十七次常委会议")
    assert r.code == 0, r
    out = Path(workbench_env["WORKBENCH_OUTPUT_DIR"])
    assert str(out) in r.out
    written = list(out.glob("*.docx"))
    assert written and all("十一届十七次常委会议" in p.name and p.name in r.out for p in written)
