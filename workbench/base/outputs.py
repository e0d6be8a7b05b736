"""Replacing an export folder whole: write into a fresh hidden folder beside it, then swap.

`staged(folder)` gives the writer an empty hidden folder next to `folder`, holding
(as hard links, so nothing is copied) whatever of `folder` this export does not
replace. When the writer is done the folders are swapped in one step where the
system can (Linux `renameat2` RENAME_EXCHANGE), otherwise by two renames, the
previous folder staying as a dated hidden backup until the new one is in place;
then the previous one goes. A process killed at any point (kill -9, power cut) leaves either the earlier
export or the new one, never a mix: the next export into the same place finds the
hidden leftovers of a dead process, puts the earlier export back if the folder
is missing and removes the rest. Files a person put in the folder
themselves are carried over; files of an earlier export that this one replaces
(`--force`; the caller says which by name) are not.

LibreOffice profile folders and page-layout work folders (`workbench-soffice-<pid>-*`,
`workbench-layout-<pid>-*` in the temp folder) of a dead process are removed by
`clean_stale_temp()` at the next export.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from workbench.base.atomic import clean_stale, pid_alive

TEMP_PREFIXES = ("workbench-soffice-", "workbench-layout-")
# Hidden siblings of an export folder: .<name>.workbench-<state>-<pid>-<tag>
_SIBLING = re.compile(r"^\.(?P<name>.+)\.workbench-(?P<state>new|ready|previous)-(?P<pid>\d+)-(?P<tag>[\w-]+)$")


def _siblings(folder: Path) -> list[tuple[str, int, Path]]:
    parent = folder.parent
    if not parent.is_dir():
        return []
    found = []
    for entry in parent.iterdir():
        m = _SIBLING.match(entry.name)
        if m and m["name"] == folder.name:
            found.append((m["state"], int(m["pid"]), entry))
    return found


def recover(folder: Path) -> None:
    """Undo what a process killed during an export into `folder` left: the earlier export comes back whole."""
    folder = Path(folder)
    leftovers = [(state, path) for state, pid, path in _siblings(folder) if not pid_alive(pid)]
    for state, path in sorted(leftovers, key=lambda s: s[0] != "previous"):
        if state == "previous" and not folder.exists():
            os.replace(path, folder)  # killed between the two renames of the swap
        else:
            shutil.rmtree(path, ignore_errors=True)
    if folder.is_dir():
        clean_stale(folder)


def clean_stale_temp() -> list[Path]:
    """Remove LibreOffice profile folders left in the temp folder by processes that no longer run."""
    gone = []
    root = Path(tempfile.gettempdir())
    for entry in (e for prefix in TEMP_PREFIXES for e in root.glob(prefix + "*")):
        pid = entry.name.split("-")[2]
        if not pid.isdigit() or pid_alive(int(pid)) or _in_use(entry):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        gone.append(entry)
    return gone


def _in_use(path: Path) -> bool:
    """Whether a running program (an orphaned soffice) names `path` on its command line (Linux: /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    needle = str(path).encode()
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "cmdline").read_bytes():
                    return True
            except OSError:
                continue
    return False


def _carry(source: Path, target: Path) -> None:
    """Hard-link `source` (file or folder) at `target`; copy where links are not possible."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


@contextmanager
def staged(folder: str | Path, replaces: list[str], *, drop: Callable[[str], bool] | None = None) -> Iterator[Path]:
    """A hidden folder to write the files named `replaces` into; swapped in for `folder` when the block ends.

    Entries of `folder` for whose name `drop` is true (an earlier export's files) are not carried over.
    On an exception nothing changes and the hidden folder is removed.
    """
    folder = Path(folder)
    if folder.is_symlink():
        folder = folder.resolve()
    recover(folder)
    clean_stale_temp()
    folder.parent.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    base = f".{folder.name}.workbench-{{}}-{os.getpid()}-{tag}"
    stage = folder.parent / base.format("new")
    stage.mkdir()
    previous = None
    try:
        if folder.is_dir():
            for entry in folder.iterdir():
                if not (entry.name in replaces or entry.name.startswith(".~") or (drop and drop(entry.name))):
                    _carry(entry, stage / entry.name)
        yield stage
        _fsync_dir(stage)
        ready = folder.parent / base.format("ready")
        os.replace(stage, ready)
        stage = ready
        if folder.exists() and _exchange(ready, folder):
            # One atomic step: the folder is never missing. `ready` now holds the earlier export.
            _fsync_dir(folder.parent)
            shutil.rmtree(ready, ignore_errors=True)
            return
        if folder.exists():
            previous = folder.parent / base.format("previous").replace(f"-{tag}", f"-{datetime.now():%Y%m%d%H%M%S}-{tag}")
            os.replace(folder, previous)
        os.replace(ready, folder)
        _fsync_dir(folder.parent)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
    except BaseException:
        if previous is not None and previous.exists() and not folder.exists():
            os.replace(previous, folder)
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot,
    and the caller falls back to two renames, which `recover` completes if killed in between."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
