"""The contents' page numbers: each document of the packet laid out on its own by LibreOffice and
remembered by its content.

Every document of the merged packet begins on a new page (a `nextPage` section break) in the same base
styles, sections and footers, so document i begins on page 1 + the pages of the documents before it.
Laying each one out alone, as the merged packet holds it, therefore gives the same numbers as laying
out the whole packet, and lets a document that did not change be remembered: a quarter's re-export lays
out only what changed. The uncached ones are converted in one LibreOffice run (its start-up is most of
what a short document costs).

LibreOffice's time grows much faster than a table's rows (about 14 s for 1,000 rows, more than ten
minutes for 10,000), so a document with more table rows than `MAX_ROWS` is not laid out at all: the
contents then carry no numbers and the pre-export check says why (`reason`), and Word or WPS fill
them in when the file is opened (the packet asks them to update its fields). Wrong numbers would be
worse than none, so a count that cannot be had gives no numbers at all, never a guess.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from workbench.base import config
from workbench.base.atomic import write_atomic
from workbench.base.errors import DocumentError
from workbench.documents import pdf as pdf_module

# Table rows in one document beyond which it is not laid out (about 30 s of LibreOffice at 2,000).
MAX_ROWS = 2000
# Page counts remembered (a few bytes each); past this many the oldest are forgotten.
KEPT = 4000
# Where the fonts LibreOffice may set text in live; a font added or removed there changes page breaks.
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "workbench" / "layout"


def reason(rows_per_document: Iterable[int], layout: bool | None = None) -> str | None:
    """Why the contents of a packet with these table rows per document cannot be numbered before it is
    opened, in Chinese; None when they can. `layout` overrides the `page_layout` setting."""
    if not (config.setting("page_layout") != "off" if layout is None else layout):
        return "设置 WORKBENCH_PAGE_LAYOUT=off 已关闭导出时排版"
    if pdf_module.soffice() is None:
        return "本机未安装 LibreOffice，无法预先排版"
    longest = max(rows_per_document, default=0)
    if longest > MAX_ROWS:
        return f"材料中有一份表格长达 {longest} 行，超过导出时排版的上限 {MAX_ROWS} 行（排版一次需十分钟以上）"
    return None


def _environment() -> bytes:
    """What besides the document decides its page breaks: the LibreOffice build, the font aliases, the fonts."""
    parts: list[str] = []
    program = pdf_module.soffice()
    if program:
        real = Path(program).resolve()
        parts.append(f"{real}:{_stamp(real)}")
        # The launcher is a script; the program it starts is what an upgrade replaces.
        parts.append(_stamp(real.parent / "soffice.bin"))
    if pdf_module.FONTCONFIG_FILE.exists():
        parts.append(hashlib.sha256(pdf_module.FONTCONFIG_FILE.read_bytes()).hexdigest())
    for folder in FONT_FOLDERS:
        path = Path(folder).expanduser()
        parts.append(f"{path}:{_stamp(path)}")
        if path.is_dir():
            parts.extend(f"{sub.name}:{_stamp(sub)}" for sub in sorted(path.iterdir()) if sub.is_dir())
    return "\n".join(parts).encode()


def _stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


# The export's token in the names of its cells' hidden bookmarks (`packet.provenance`): it changes with
# every export and never the layout.
_EXPORT_TOKEN = re.compile(rb"_wb[0-9a-f]{8}_")


def content_key(data: bytes, environment: bytes) -> str:
    """A .docx's layout key: every part but its properties (which hold the export time) and the export's
    token, and the environment."""
    digest = hashlib.sha256(environment)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in sorted(package.namelist()):
            if not name.startswith("docProps/"):
                digest.update(name.encode() + b"\0" + _EXPORT_TOKEN.sub(b"_wb_", package.read(name)) + b"\0")
    return digest.hexdigest()


def _remembered(key: str) -> int | None:
    path = cache_folder() / f"{key}.pages"
    try:
        text = path.read_text()
        os.utime(path)  # in use: the last to be forgotten
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.strip().isdigit() and int(text) > 0 else None


def _remember(key: str, pages: int) -> None:
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{key}.pages", str(pages).encode())
        entries = list(folder.glob("*.pages"))
        if len(entries) > KEPT:
            # A few quarters of exports: the oldest quarter of the entries goes.
            entries.sort(key=lambda e: e.stat().st_mtime)
            for old in entries[: len(entries) // 4]:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next export its time


def start_pages(documents: list[Callable[[], bytes]], *, env: dict | None = None) -> list[int] | None:
    """The printed page each document starts on (numbering from 1 at the first), from the .docx each
    callable gives (built one at a time, so no two large documents are held at once); None when one
    could not be laid out."""
    environment = _environment()
    counts: list[int | None] = []
    waiting: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix=f"workbench-layout-{os.getpid()}-") as work:
        folder = Path(work)
        for index, build in enumerate(documents):
            data = build()
            key = content_key(data, environment)
            known = _remembered(key)
            counts.append(known)
            if known is None:
                (folder / f"{index:03d}.docx").write_bytes(data)
                waiting[index] = key
            del data
        if waiting:
            sources = [folder / f"{index:03d}.docx" for index in waiting]
            out = folder / "pdf"
            out.mkdir()
            try:
                produced = pdf_module.convert_many(sources, out, env=env)
            except DocumentError:  # LibreOffice failed or timed out: no numbers rather than wrong ones
                return None
            for (index, key), pdf_path in zip(waiting.items(), produced):
                pages = pdf_module.page_count(pdf_path)
                if not pages:
                    return None
                counts[index] = pages
                _remember(key, pages)
    starts, page = [], 1
    for count in counts:
        assert count is not None
        starts.append(page)
        page += count
    return starts
