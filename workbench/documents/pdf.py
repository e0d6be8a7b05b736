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
from pathlib import Path

from workbench.base.errors import DocumentError

INSTALL_HINT = "sudo apt-get install libreoffice-writer"
# Maps 仿宋_GB2312, 黑体, 楷体, 方正小标宋简体 to free stand-ins, so the PDF keeps the 公文 faces
# apart instead of setting everything in one fallback font (see the file's own comment).
FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
GUARD = Path(__file__).resolve().parent / "guard.py"


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
    """Run LibreOffice under the guard in a new process group; on timeout, error or interruption the
    whole group is killed before this returns or raises (`subprocess.TimeoutExpired` on timeout)."""
    # The guard runs as a plain script: it needs nothing of the workbench, so it starts at once.
    guarded = [sys.executable, str(GUARD), str(os.getpid()), "--", *command]
    process = subprocess.Popen(
        guarded, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except BaseException:  # timeout, Ctrl+C, anything: no LibreOffice of ours stays behind
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return subprocess.CompletedProcess(guarded, process.returncode, out, err)


def convert_to_pdf(source: Path, target: Path, *, timeout: float | None = None, env: dict | None = None) -> Path:
    """Convert `source` (.docx) to `target` (.pdf); the target appears whole or not at all."""
    program = soffice()
    if program is None:
        raise DocumentError(f"未安装 LibreOffice，无法生成 PDF。安装方法：{INSTALL_HINT}")
    # The process id in the name lets the next export remove this folder if we are killed (outputs.py).
    with tempfile.TemporaryDirectory(prefix=f"workbench-soffice-{os.getpid()}-") as work:
        work_dir = Path(work)
        profile = work_dir / "profile"
        out_dir = work_dir / "out"
        out_dir.mkdir()
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
            str(source),
        ]
        timeout = timeout if timeout is not None else timeout_for(source)
        try:
            result = run_in_own_group(command, timeout=timeout, env=conversion_env(env))
        except subprocess.TimeoutExpired:
            raise DocumentError(f"LibreOffice 转换“{source.name}”超过 {int(timeout)} 秒仍未完成，已放弃生成 PDF。") from None
        produced = out_dir / (source.stem + ".pdf")
        if result.returncode != 0 or not produced.exists():
            detail = (result.stderr or result.stdout or "").strip().splitlines()
            raise DocumentError(f"LibreOffice 未能把“{source.name}”转换为 PDF" + (f"（{detail[-1]}）" if detail else "") + "。")
        tmp = target.with_name(f".~{target.name}.tmp")
        shutil.move(str(produced), tmp)
        os.replace(tmp, target)
    return target


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
