"""PDF through LibreOffice: `soffice --headless --convert-to pdf`.

Each conversion runs with its own throw-away LibreOffice profile
(`-env:UserInstallation`), because two soffice processes sharing the user's
profile block each other or exit silently without output. It runs in a process group of its own under
`guard.py`, so a timeout, an error, Ctrl+C or the export's death (even SIGKILL) ends every LibreOffice
process it started; the timeout grows with the document.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbench.base import progress
from workbench.base.errors import DocumentError

INSTALL_HINT = "sudo apt-get install libreoffice-writer"
# Maps 仿宋_GB2312, 黑体, 楷体, 方正小标宋简体 to free stand-ins, so the PDF keeps the 公文 faces
# apart instead of setting everything in one fallback font (see the file's own comment).
FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
GUARD = Path(__file__).resolve().parent / "guard.py"
# How often a running conversion looks whether the export was cancelled.
POLL_SECONDS = 0.25


def conversion_env(env: dict | None = None) -> dict:
    """The environment LibreOffice runs in: the caller's (or ours), with the 公文 font aliases
    unless a fontconfig file is already chosen."""
    env = dict(os.environ if env is None else env)
    if "FONTCONFIG_FILE" not in env and FONTCONFIG_FILE.exists():
        env["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    return env


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def timeout_for(source: Path) -> float:
    """Two minutes, and one more per 100 KB of Word file: a 10 000-row table is a few MB."""
    try:
        size = source.stat().st_size
    except OSError:
        size = 0
    return min(1800.0, 120.0 + size / 100_000 * 60.0)


def run_in_own_group(command: list[str], *, timeout: float, env: dict) -> subprocess.CompletedProcess:
    """Run LibreOffice under the guard in a new process group; on timeout, error, interruption or the
    export being cancelled (`base.progress`) the whole group is killed before this returns or raises
    (`subprocess.TimeoutExpired` on timeout, `CancelledError` when cancelled)."""
    # The guard runs as a plain script: it needs nothing of the workbench, so it starts at once.
    guarded = [sys.executable, str(GUARD), str(os.getpid()), "--", *command]
    process = subprocess.Popen(
        guarded, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                out, err = process.communicate(timeout=max(0.01, min(POLL_SECONDS, deadline - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                progress.check()  # the person who started the export stopped it
                if time.monotonic() >= deadline:
                    raise
    except BaseException:  # timeout, cancelled, Ctrl+C, anything: no LibreOffice of ours stays behind
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return subprocess.CompletedProcess(guarded, process.returncode, out, err)


def convert_to_pdf(source: Path, target: Path, *, timeout: float | None = None, env: dict | None = None) -> Path:
    """Convert `source` (.docx) to `target` (.pdf); the target appears whole or not at all."""
    with tempfile.TemporaryDirectory(prefix=f"workbench-pdf-{os.getpid()}-") as work:
        (produced,) = convert_many([source], Path(work), timeout=timeout, env=env)
        tmp = target.with_name(f".~{target.name}.tmp")
        shutil.move(str(produced), tmp)
        os.replace(tmp, target)
    return target


def convert_many(sources: list[Path], out_dir: Path, *, timeout: float | None = None, env: dict | None = None) -> list[Path]:
    """Convert every .docx of `sources` to PDF in `out_dir` with one LibreOffice run (it starts once, which
    is most of the time a small document takes); the PDFs in the order of `sources`."""
    program = soffice()
    if program is None:
        raise DocumentError(f"未安装 LibreOffice，无法生成 PDF。安装方法：{INSTALL_HINT}")
    names = [s.name for s in sources]
    if len({Path(n).stem for n in names}) != len(names):
        raise ValueError("two sources would give the same PDF name")
    # The process id in the name lets the next export remove this folder if we are killed (outputs.py).
    with tempfile.TemporaryDirectory(prefix=f"workbench-soffice-{os.getpid()}-") as work:
        profile = Path(work) / "profile"
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        timeout = timeout if timeout is not None else min(1800.0, sum(timeout_for(s) for s in sources))
        label = "、".join(f"“{n}”" for n in names[:3]) + (f"等 {len(names)} 个文件" if len(names) > 3 else "")
        try:
            result = run_in_own_group(command, timeout=timeout, env=conversion_env(env))
        except subprocess.TimeoutExpired:
            raise DocumentError(f"LibreOffice 转换{label}超过 {int(timeout)} 秒仍未完成，已放弃生成 PDF。") from None
    produced = [out_dir / (s.stem + ".pdf") for s in sources]
    if result.returncode != 0 or not all(p.exists() for p in produced):
        detail = (result.stderr or result.stdout or "").strip().splitlines()
        raise DocumentError(f"LibreOffice 未能把{label}转换为 PDF" + (f"（{detail[-1]}）" if detail else "") + "。")
    return produced


def page_count(pdf_path: Path) -> int | None:
    """How many pages the PDF has (poppler's pdfinfo); None without poppler or for a broken file."""
    program = shutil.which("pdfinfo")
    if program is None:
        return None
    result = subprocess.run([program, str(pdf_path)], capture_output=True, text=True)
    for line in result.stdout.splitlines() if result.returncode == 0 else []:
        if line.startswith("Pages:"):
            return int(line.split(":", 1)[1])
    return None


def page_texts(pdf_path: Path) -> list[str] | None:
    """The text of each page (pdftotext separates pages with form feeds); None without poppler."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    result = subprocess.run([program, str(pdf_path), "-"], capture_output=True, text=True)
    if result.returncode != 0:
        return None
    pages = result.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages
