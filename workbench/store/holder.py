"""Who holds the store for writing: named in the message a waiting writer (or a refused restore) shows.

SQLite's lock says only "locked". While a writer holds the lock it leaves a small
note beside the database file (who, which program, since when, doing what); the
note is written only under the lock, so two writers never write it at once. A note
whose process has died (kill -9, power cut) is ignored. PostgreSQL needs no note:
the server itself lists the other sessions.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from workbench.base.atomic import pid_alive
from workbench.store.database import sqlite_path


def _note_path(url: str) -> Path | None:
    path = sqlite_path(url)
    return None if path is None else path.with_name(path.name + ".writer")


@contextmanager
def holding(url: str, actor: str, purpose: str) -> Iterator[None]:
    """Leave the note for the time a writer holds the SQLite write lock."""
    note = _note_path(url)
    if note is None:
        yield
        return
    try:
        note.write_text(
            json.dumps(
                {
                    "actor": actor,
                    "purpose": purpose,
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": datetime.now().isoformat(timespec="seconds"),
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    except OSError:  # a read-only folder: the message will just not name the holder
        note = None
    try:
        yield
    finally:
        if note is not None:
            note.unlink(missing_ok=True)


def describe(url: str, conn: Connection | None = None) -> str | None:
    """Who holds (SQLite) or has open (PostgreSQL) the store, in Chinese; None when not known."""
    note = _note_path(url)
    if note is not None:
        try:
            info = json.loads(note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if info.get("host") == socket.gethostname() and not pid_alive(int(info.get("pid", 0))):
            return None
        return (
            f"{info.get('actor', '他人')}自 {info.get('since', '').replace('T', ' ')} 起正在"
            f"{info.get('purpose', '写入')}（进程 {info.get('pid')}，计算机 {info.get('host')}）"
        )
    if conn is None:
        return None
    rows = conn.execute(
        text(
            "SELECT usename, application_name, client_addr, backend_start FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
    ).all()
    if not rows:
        return None
    return "、".join(
        f"{r.usename}（{r.application_name or '程序'}，{r.client_addr or '本机'}，自 {r.backend_start:%Y-%m-%d %H:%M} 起）"
        for r in rows
    )
