"""Safe file names from titles and unit names: one path component that cannot escape its folder.

Used by every writer of files named after data (the packet's Word files, the per-unit
workbooks). Titles come from the store and the editor, so anything that could act as a
path (separators, "..", a leading dot, characters Windows refuses) is replaced.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_MAX_LENGTH = 60


def safe_component(text: str, fallback: str = "未命名") -> str:
    """One path component: no separators, no "..", no leading dot, no Windows-reserved characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = " ".join(text.split())  # line breaks and tabs in titles
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\.{2,}", "_", text)
    text = text.strip(" ._")
    if len(text) > _MAX_LENGTH:
        text = text[:_MAX_LENGTH].rstrip(" ._")
    return text or fallback
