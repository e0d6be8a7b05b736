"""Backups of the store and restoring one: by hand (`backup`, `restore`) and before risky work.

SQLite is copied with its online backup API, which reads a consistent state while
others keep working; PostgreSQL with `pg_dump` (custom format, restored with
`pg_restore` in one transaction). A backup is written under a temporary name and
renamed when complete, so a backup file is never half a database. Automatic
backups (before a migration, before a large import) go to the backup folder and
are rotated: the newest `WORKBENCH_BACKUP_KEEP` are kept. A restore first checks
that nobody else is writing (SQLite) or connected (PostgreSQL), then backs up the
current store, then replaces it whole.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import Engine, make_url

from workbench.base import config
from workbench.base.atomic import pid_alive
from workbench.base.errors import StoreError
from workbench.store import holder
from workbench.store.database import SQLITE_MAGIC, sqlite_path

PG_MAGIC = b"PGDMP"
_NAME = re.compile(r"^workbench-(?P<stamp>\d{8}-\d{6})(-(?P<n>\d+))?\.(sqlite|dump)$")
# How long a restore waits for a writer before refusing: it is not meant to queue behind one.
_RESTORE_WAIT_SECONDS = 2


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def _libpq(url: str) -> tuple[str, dict]:
    """A libpq address for pg_dump/pg_restore and the environment carrying the password (never in argv)."""
    u = make_url(url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    return u.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            f"未找到 PostgreSQL 客户端程序 {name}，无法备份或恢复共用数据库。安装方法：sudo apt-get install postgresql-client"
        )
    return found


def _target(directory: Path, suffix: str) -> Path:
    """A new name after every backup already there (a number follows the time within one second),
    so that names sort in the order the backups were made."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    same = [int(m["n"] or 1) for p in directory.iterdir() if (m := _NAME.match(p.name)) and m["stamp"] == stamp]
    n = max(same, default=0) + 1
    return directory / (f"workbench-{stamp}{suffix}" if n == 1 else f"workbench-{stamp}-{n}{suffix}")


def backup(
    url: str | None = None,
    directory: str | Path | None = None,
    *,
    reason: str = "手动备份",
    engine: Engine | None = None,
    rotate: bool = True,
) -> Path:
    """Copy the store at `url` into `directory` (default: the backup folder); return the file written."""
    url = url or config.db_url()
    directory = Path(directory) if directory else config.backup_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise StoreError(f"无法创建备份文件夹“{directory}”：同名文件已存在或没有写入权限。") from None
    path = sqlite_path(url)
    suffix = ".sqlite" if path is not None else ".dump"
    target = _target(directory, suffix)
    tmp = directory / f".~{target.name}.{os.getpid()}.tmp"
    try:
        if path is not None:
            if not path.exists():
                raise StoreError(f"数据库文件 {path} 不存在，没有可备份的内容。")
            source = sqlite3.connect(_read_only_uri(path), uri=True, timeout=30)
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)
            finally:
                dest.close()
                source.close()
        else:
            address, env = _libpq(url)
            result = subprocess.run(
                [_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), address],
                capture_output=True,
                text=True,
                env=env,
            )
            if result.returncode != 0:
                raise StoreError(f"pg_dump 未能备份数据库（{(result.stderr or '').strip().splitlines()[-1:]}）。")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise StoreError(f"{reason}未能完成：读取数据库 {path} 出错（{exc}）。数据库未改动。") from None
    except OSError as exc:
        raise StoreError(f"{reason}未能完成：无法写入备份文件夹“{directory}”（{exc.strerror}）。数据库未改动。") from None
    finally:
        tmp.unlink(missing_ok=True)
    if rotate:
        prune(directory)
    return target


def backups(directory: str | Path | None = None) -> list[Path]:
    """The backups in `directory`, oldest first."""
    directory = Path(directory) if directory else config.backup_dir()
    if not directory.is_dir():
        return []
    found = [(m["stamp"], int(m["n"] or 1), p) for p in directory.iterdir() if (m := _NAME.match(p.name))]
    return [p for _stamp, _n, p in sorted(found)]


def prune(directory: str | Path | None = None, keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups (and temporaries of backups that were killed); return the deleted."""
    directory = Path(directory) if directory else config.backup_dir()
    keep = config.backup_keep() if keep is None else keep
    gone = backups(directory)[:-keep] if keep > 0 else []
    for p in directory.glob(".~workbench-*.tmp"):
        pid = p.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not pid_alive(int(pid)):
            gone.append(p)
    for p in gone:
        p.unlink(missing_ok=True)
    return gone


def restore(file: str | Path, url: str | None = None) -> Path:
    """Replace the store at `url` with the backup `file`; return the backup of the store as it was."""
    url = url or config.db_url()
    file = Path(file)
    if not file.is_file():
        raise StoreError(f"备份文件“{file}”不存在。")
    with open(file, "rb") as fh:
        head = fh.read(16)
    path = sqlite_path(url)
    if path is not None:
        if head != SQLITE_MAGIC:
            raise StoreError(f"“{file.name}”不是 SQLite 数据库的备份，不能恢复到 {path}。数据库未改动。")
        _check_sqlite_backup(file)
        return _restore_sqlite(file, path, url)
    if not head.startswith(PG_MAGIC):
        raise StoreError(f"“{file.name}”不是 pg_dump 生成的备份（自定义格式），不能恢复到共用数据库。数据库未改动。")
    return _restore_postgresql(file, url)


def _check_sqlite_backup(file: Path) -> None:
    try:
        conn = sqlite3.connect(_read_only_uri(file), uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            ours = conn.execute("SELECT 1 FROM sqlite_master WHERE name='schema_version'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"备份文件“{file.name}”无法读取（{exc}），数据库未改动。") from None
    if ok != "ok":
        raise StoreError(f"备份文件“{file.name}”已损坏（完整性检查未通过），数据库未改动。")
    if not ours:
        raise StoreError(f"“{file.name}”不是工作台数据库的备份，数据库未改动。")


def _restore_sqlite(file: Path, path: Path, url: str) -> Path:
    if not path.exists():
        raise StoreError(f"数据库文件 {path} 不存在。请先运行 python -m workbench init，再恢复备份。")
    live = sqlite3.connect(path, timeout=_RESTORE_WAIT_SECONDS, isolation_level=None)
    try:
        try:
            # Holding the write lock while checking, backing up and copying: nobody writes in between.
            live.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            who = holder.describe(url)
            raise StoreError(
                f"数据库正由{who or '另一程序写入'}，不能恢复。请待其完成并关闭编辑窗口后再试。数据库未改动。"
            ) from None
        live.execute("ROLLBACK")
        kept = backup(url, reason="恢复前备份")
        source = sqlite3.connect(_read_only_uri(file), uri=True)
        try:
            source.backup(live)
        except sqlite3.OperationalError:
            who = holder.describe(url)
            raise StoreError(
                f"数据库正由{who or '另一程序写入'}，恢复未进行，数据库未改动；恢复前的备份已保存为 {kept}。"
            ) from None
        finally:
            source.close()
    finally:
        live.close()
    return kept


def _restore_postgresql(file: Path, url: str) -> Path:
    from sqlalchemy import create_engine

    engine = create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            others = holder.describe(url, conn)
    finally:
        engine.dispose()
    if others:
        raise StoreError(f"共用数据库正由以下连接使用：{others}。请待各位秘书关闭编辑窗口、看板停止后再恢复。数据库未改动。")
    kept = backup(url, reason="恢复前备份")
    address, env = _libpq(url)
    result = subprocess.run(
        [_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", address, str(file)],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        last = (result.stderr or "").strip().splitlines()[-1:] or [""]
        raise StoreError(f"pg_restore 未能恢复“{file.name}”（{last[0]}），数据库未改动；恢复前的备份已保存为 {kept}。")
    return kept
