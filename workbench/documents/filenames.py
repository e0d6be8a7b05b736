"""Chinese output file names that carry the meeting's short title and cannot escape the folder.

"十一届十八次常委会议_会议材料.docx" for the merged packet,
"十一届十八次常委会议_03_会议议程.docx" for each document. Titles come from
the store and the editor, so anything that could act as a path (separators,
"..", a leading dot, characters Windows refuses) is replaced.
"""
from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_MAX_LENGTH = 60


def safe_component(text: str, fallback: str = "未命名") -> str:
    """One path component: no separators, no "..", no leading dot, no Windows-reserved characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = " ".join(text.split())               # line breaks and tabs in titles
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\.{2,}", "_", text)
    text = text.strip(" ._")
    if len(text) > _MAX_LENGTH:
        text = text[:_MAX_LENGTH].rstrip(" ._")
    return text or fallback


def packet_file_name(short_title: str, suffix: str = ".docx") -> str:
    return f"{safe_component(short_title, '会议')}_会议材料{suffix}"


def document_file_name(short_title: str, index: int, title: str, suffix: str = ".docx") -> str:
    return f"{safe_component(short_title, '会议')}_{index:02d}_{safe_component(title)}{suffix}"
