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


def test_start_ends_by_serving_the_dashboard_and_printing_its_address(workbench_env):
    """The README's main command as a user runs it: a real process, stopped with SIGTERM (as Ctrl+C would)."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from helpers.paths import ROOT
    from helpers.processes import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "start", "--port", str(port), "--no-browser"],
        cwd=ROOT,
        env=workbench_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 240
        url = None
        while time.monotonic() < deadline and url is None:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if f"http://127.0.0.1:{port}/" in line:
                url = f"http://127.0.0.1:{port}/"
        assert url, "".join(lines)
        page = urllib.request.urlopen(url, timeout=120).read().decode("utf-8")
        assert "<html" in page.lower()
    finally:
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=60)
        lines.append(rest)
    out = "".join(lines)
    assert "已导出十一届十八次常委会议会议材料" in out and "领导看板已启动" in out and "看板已停止" in out
    assert proc.returncode == 0
