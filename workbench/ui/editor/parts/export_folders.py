"""Where the editor's exports go: a new dated folder for each export, and the earlier ones listed.

Under the output folder each meeting has its own folder (十一届十八次常委会议); each export
from the editor goes into a new folder in it named for the day (2026-12-10 导出, then
2026-12-10 导出（2）…), so exporting again never meets files already there and the
earlier versions stay for comparison. "覆盖上次导出" writes into the newest one instead.
Files written straight into the meeting's folder (by the command line, or before
dated folders) count as an earlier export too. A folder is named to the secretary within
the output folder (`shown_folder`), never by the server's absolute path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from workbench.base import config

DOCUMENT_SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class EarlierExport:
    folder: Path
    files: list[Path]
    written: datetime  # when its newest file was written

    @property
    def label(self) -> str:
        return f"{self.folder.name}（{len(self.files)} 个文件，{self.written:%Y-%m-%d %H:%M} 写入）"


def shown_folder(path: Path) -> str:
    """A folder as the secretary finds it: inside the output folder (输出文件夹中的“十一届十八次常委会议/函件”)."""
    try:
        return "输出文件夹中的“" + path.relative_to(config.output_dir()).as_posix() + "”"
    except ValueError:
        return f"“{path.name}”"  # outside it (a folder chosen elsewhere): its name alone, never the server's path


def new_folder(meeting_folder: Path, today: date | None = None) -> Path:
    """A folder for the next export that does not exist yet: `<date> 导出`, else `<date> 导出（n）`."""
    base = f"{(today or date.today()):%Y-%m-%d} 导出"
    candidate = meeting_folder / base
    n = 2
    while candidate.exists():
        candidate = meeting_folder / f"{base}（{n}）"
        n += 1
    return candidate


def earlier_exports(meeting_folder: Path) -> list[EarlierExport]:
    """Every folder holding exported documents, the newest first."""
    if not meeting_folder.is_dir():
        return []
    found = []
    for folder in [meeting_folder, *sorted(p for p in meeting_folder.iterdir() if p.is_dir())]:
        files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
        if files:
            written = datetime.fromtimestamp(max(f.stat().st_mtime for f in files))
            found.append(EarlierExport(folder, files, written))
    return sorted(found, key=lambda e: (e.written, e.folder.name), reverse=True)
