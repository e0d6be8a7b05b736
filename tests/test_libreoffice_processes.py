"""No LibreOffice process outlives the conversion that started it: not after a timeout, not after the
exporting process was killed with SIGKILL while LibreOffice was working.

The document is a 3 000-row table, which LibreOffice needs half a minute or more to lay out, so the
conversion is surely still running when it is cut short (a small file is done before anyone can kill it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers.processes import require_programs

pytestmark = pytest.mark.libreoffice


def _soffice_of(pid: int) -> list[int]:
    """Processes whose command line names a LibreOffice profile of process `pid` (pdf.py names them so)."""
    marker = f"workbench-soffice-{pid}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.fixture
def long_document(tmp_path) -> Path:
    from workbench.documents import write_packet
    from workbench.drafts.blocks import Column, Packet, PacketDocument, Paragraph, Table

    rows = [[str(i), f"关于加强第{i}项重点工作的建议" * 3, "县农业农村局", "2026年3月10日", "已答复"] for i in range(3000)]
    columns = [
        Column("序号", 14, "center"),
        Column("案由", 80),
        Column("承办单位", 30),
        Column("交办日期", 28),
        Column("状态", 18),
    ]
    packet = Packet(
        meeting_id=1,
        meeting_title="测试会议",
        meeting_short_title="测试会议",
        meeting_date=None,
        office="政协测试县委员会办公室",
        documents=[
            PacketDocument(key="proposals", title="提案表", blocks=[Paragraph("说明"), Table(columns=columns, rows=rows)])
        ],
    )
    written = write_packet(packet, tmp_path / "docx", pdf=False)
    return next(f for f in written.files if "_01_" in f.name)


def test_a_timed_out_conversion_leaves_no_process(long_document, tmp_path, monkeypatch):
    require_programs("soffice")
    monkeypatch.setenv("WORKBENCH_PAGE_LAYOUT", "off")
    from workbench.base.errors import DocumentError
    from workbench.documents import pdf

    with pytest.raises(DocumentError, match="超过 3 秒仍未完成"):
        pdf.convert_to_pdf(long_document, tmp_path / "table.pdf", timeout=3)
    assert _wait_for(lambda: not _soffice_of(os.getpid()), 5), _soffice_of(os.getpid())
    assert not (tmp_path / "table.pdf").exists()


def test_a_killed_export_takes_libreoffice_with_it(long_document, tmp_path):
    require_programs("soffice")
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from workbench.documents import pdf
        pdf.convert_to_pdf(Path({str(long_document)!r}), Path({str(tmp_path / "table.pdf")!r}))
        """
    )
    export = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # LibreOffice's launcher, then soffice.bin, both named by the profile: wait until it is working.
        assert _wait_for(lambda: len(_soffice_of(export.pid)) >= 2, 60), "LibreOffice never started"
        time.sleep(3)
        export.send_signal(signal.SIGKILL)
        export.wait()
        assert _wait_for(lambda: not _soffice_of(export.pid), 15), _soffice_of(export.pid)
        assert not (tmp_path / "table.pdf").exists()
    finally:
        if export.poll() is None:
            export.kill()
            export.wait()
