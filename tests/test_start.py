"""The README's main job: `start` loads the demo, exports the next packet, then serves the dashboard."""
from __future__ import annotations

from pathlib import Path

from docx import Document


def test_start_loads_demo_and_exports_next_packet(cli, workbench_env):
    r = cli("start", "--no-serve")
    assert r.code == 0, r
    assert "青岚县" in r.out and "已导出十一届十八次常委会议会议材料" in r.out
    out = Path(workbench_env["WORKBENCH_OUTPUT_DIR"])
    folders = list(out.iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("十一届十八次常委会议_")
    merged = folders[0] / "十一届十八次常委会议_会议材料.docx"
    text = "\n".join(p.text for p in Document(merged).paragraphs)
    assert "政协青岚县第十一届委员会" in text

    again = cli("start", "--no-serve")
    assert again.code == 0 and "沿用现有数据" in again.out
    assert len(list(out.iterdir())) == 2  # a second run never overwrites the first one's files
