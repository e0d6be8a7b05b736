"""Writing output files atomically: a temporary file beside the target, flushed to disk, then renamed over it.

A reader (Word, WPS, a colleague on a shared folder) sees either the old file or
the complete new one, never half of it; a failure leaves the old file as it was.
New files get the usual permissions (mkstemp alone makes them owner-only).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def _read_umask() -> int:
    # Read once at import: os.umask can only be read by setting it, and a kernel has other threads.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_atomic(path: Path, content: bytes | Callable[[Path], None]) -> None:
    """Put `content` at `path`: bytes, or a function that writes the file it is given (e.g. `workbook.save`).

    Raises OSError as the system reports it; callers word it for the user.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=path.suffix + ".tmp")
    tmp = Path(tmp_name)
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        # A replaced file keeps its permissions; a new one gets the usual ones.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
