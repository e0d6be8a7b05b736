"""Writing output files atomically: a temporary file beside the target, flushed to disk, then renamed over it.

A reader (Word, WPS, a colleague on a shared folder) sees either the old file or
the complete new one, never half of it; a failure leaves the old file as it was.
New files get the usual permissions (mkstemp alone makes them owner-only).
The temporary name carries the writing process's id, so `clean_stale` can remove
what a killed process left without touching a file another process is writing.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _read_umask() -> int:
    # Read once at import: os.umask can only be read by setting it, and a kernel has other threads.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def describe_os_error(exc: OSError) -> str:
    """What the system refused, as a Chinese phrase (for "写入文件……失败：<phrase>")."""
    reasons = {
        errno.ENAMETOOLONG: "文件名或路径过长，超出文件系统允许的长度",
        errno.EACCES: "没有写入权限，或文件正被其他程序（如 Word、WPS）占用",
        errno.EPERM: "没有写入权限",
        errno.ENOSPC: "磁盘已满",
        errno.EDQUOT: "磁盘配额已用完",
        errno.EROFS: "所在磁盘为只读",
        errno.ENOTDIR: "路径中有一个同名文件挡住了文件夹",
        errno.EEXIST: "已有同名的文件或文件夹",
        errno.EISDIR: "目标是一个文件夹",
        errno.ENOENT: "所在文件夹不存在或已被移走",
        errno.EBUSY: "文件正被其他程序占用",
    }
    return reasons.get(exc.errno or 0, f"系统错误 {exc.errno}：{exc.strerror}")


def pid_alive(pid: int) -> bool:
    """Whether process `pid` still runs on this computer."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def clean_stale(directory: Path) -> list[Path]:
    """Remove temporary files that a process killed while writing left in `directory`."""
    gone = []
    for tmp in Path(directory).glob(".~*.tmp"):
        pid = tmp.name[2:].split(".", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)
            gone.append(tmp)
    return gone


def write_atomic(path: Path, content: bytes | Callable[[Path], None]) -> None:
    """Put `content` at `path`: bytes, or a function that writes the file it is given (e.g. `workbook.save`).

    Raises OSError as the system reports it; callers word it for the user.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".~{os.getpid()}.", suffix=path.suffix + ".tmp")
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
