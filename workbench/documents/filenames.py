"""The packet's Chinese file names, carrying the meeting's short title.

"十一届十八次常委会议_会议材料.docx" for the merged packet,
"十一届十八次常委会议_03_会议议程.docx" for each document; each part through
`workbench.base.filenames.safe_component`, so no title can act as a path.
"""

from __future__ import annotations

from workbench.base.filenames import safe_component

__all__ = ["document_file_name", "packet_file_name", "safe_component"]


def packet_file_name(short_title: str, suffix: str = ".docx") -> str:
    return f"{safe_component(short_title, '会议')}_会议材料{suffix}"


def document_file_name(short_title: str, index: int, title: str, suffix: str = ".docx") -> str:
    return f"{safe_component(short_title, '会议')}_{index:02d}_{safe_component(title)}{suffix}"
