"""Opening the store: SQLite by default (WAL, foreign keys), any SQLAlchemy URL otherwise.

Read-only opening is a property of the connection itself — SQLite `mode=ro`
URIs, a PostgreSQL session whose transactions are READ ONLY — so that the
leaders' dashboard cannot write even through a bug.

A store on read-only media (an archive copy, a write-protected USB stick, a folder without write
permission) is opened read-only as it lies there: SQLite's WAL readers need a `-shm` file they
cannot make there, so such a file is read as immutable, or, when its `-wal` still holds changes,
from a private copy of both. Opening it for writing is refused, saying the medium is read-only.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.pool import NullPool

from workbench.base.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
# Execution option that marks a connection as a writer's: on SQLite its transaction begins IMMEDIATE.
WRITE_OPTION = "workbench_write"
# How long a writer waits for another one to finish before giving up with a Chinese message.
WRITE_WAIT_SECONDS = 30


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for other databases and in-memory ones."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise StoreError(f"数据库地址“{url}”格式有误，应形如 sqlite:///路径 或 postgresql+psycopg://用户@主机/库名。") from None
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a SQLite database, before SQLite touches it."""
    if path.is_dir():
        raise StoreError(f"{path} 是一个文件夹，不是数据库文件。请检查环境变量 WORKBENCH_DB_URL 或 WORKBENCH_DATA_DIR。")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except PermissionError:
        raise StoreError(f"没有权限读取数据库文件 {path}。") from None
    except OSError as exc:
        raise StoreError(f"无法读取数据库文件 {path}（系统错误 {exc.errno}）。") from None
    if head != SQLITE_MAGIC:
        raise StoreError(
            f"文件 {path} 不是工作台数据库（不是 SQLite 数据库文件），未作任何改动。"
            "请检查环境变量 WORKBENCH_DB_URL 是否指向了正确的文件。"
        )


def open_engine(url: str, *, readonly: bool = False) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        return _sqlite_engine(path, readonly)
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except ImportError:
        raise StoreError(
            f"无法使用数据库地址“{url}”：缺少对应的数据库驱动。PostgreSQL 的地址应写作 "
            "postgresql+psycopg://用户@主机/库名，并安装 .venv/bin/pip install -e '.[postgres]'。"
        ) from None
    except ArgumentError:
        raise StoreError(f"数据库地址“{url}”格式有误，应形如 sqlite:///路径 或 postgresql+psycopg://用户@主机/库名。") from None
    if readonly:

        @event.listens_for(engine, "connect")
        def _read_only_session(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cur.close()
            dbapi_conn.commit()

    return engine


def read_only_medium(folder: Path) -> bool:
    """Whether nothing can be written in `folder`: a read-only file system, or no write permission."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return folder.is_dir() and not os.access(folder, os.W_OK)


READ_ONLY_MEDIUM = (
    "数据库 {path} 所在的位置只读（只读的磁盘、光盘、写保护的 U 盘或没有写权限的文件夹），"
    "不能在这里修改或新建数据。只看不改的命令（如 meetings、search、packet check、serve 领导看板）可以直接使用；"
    "要修改，请先把数据库文件复制到可写的文件夹，并让 WORKBENCH_DB_URL 指向副本。"
)


def _readonly_uri(path: Path) -> str:
    """The URI a read-only connection opens `path` by, wherever the file lies."""
    path = path.resolve()
    uri = f"file:{quote(str(path))}?mode=ro"
    shm, wal = path.with_name(path.name + "-shm"), path.with_name(path.name + "-wal")
    if shm.exists() or not read_only_medium(path.parent):
        return uri
    # A WAL reader needs the -shm index and cannot make it here. Nothing can change the file on
    # read-only media, so it is read as immutable; changes still in the -wal would be missed that
    # way, so then both files are read from a private copy.
    if wal.exists() and wal.stat().st_size > 0:
        copy = Path(tempfile.mkdtemp(prefix="workbench-readonly-"))
        atexit.register(shutil.rmtree, copy, ignore_errors=True)
        try:
            shutil.copy2(path, copy / path.name)
            shutil.copy2(wal, copy / wal.name)
        except OSError as exc:
            raise StoreError(f"数据库 {path} 位于只读位置，读取其副本失败（系统错误 {exc.errno}）。") from None
        return f"file:{quote(str(copy / path.name))}?mode=ro"
    return uri + "&immutable=1"


def _sqlite_engine(path: Path, readonly: bool) -> Engine:
    check_sqlite_file(path)
    if readonly:
        if not path.exists():
            raise StoreError(f"数据库文件 {path} 不存在。请先运行 python -m workbench init 或 demo。")
        uri = _readonly_uri(path)
        engine = create_engine("sqlite://", creator=lambda: _ro_connect(uri), poolclass=NullPool, future=True)
    else:
        if read_only_medium(path.parent):
            raise StoreError(READ_ONLY_MEDIUM.format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise StoreError(
                f"无法创建数据库所在的文件夹 {path.parent}：同名文件已存在或没有权限。请检查环境变量 WORKBENCH_DATA_DIR。"
            ) from None
        engine = create_engine(f"sqlite:///{path}", future=True, poolclass=NullPool, connect_args={"timeout": WRITE_WAIT_SECONDS})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        # Let SQLAlchemy, not pysqlite, decide when transactions begin, so BEGIN IMMEDIATE works.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={WRITE_WAIT_SECONDS * 1000}")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # Writers (Store.writer marks them) take the write lock up front, so two editors queue instead of
        # deadlocking; everything else reads in a deferred transaction, which in WAL mode never waits for
        # a writer nor makes one wait.
        writing = not readonly and conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _ro_connect(uri: str):
    import sqlite3

    return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=WRITE_WAIT_SECONDS)


def shown_url(url: str) -> str:
    """The address as messages and logs may show it: never with the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def describe_db_error(exc: Exception, url: str) -> StoreError:
    url = shown_url(url)
    if isinstance(exc, (OperationalError, DatabaseError)):
        text = str(getattr(exc, "orig", exc))
        if "not a database" in text or "file is encrypted" in text:
            return StoreError(f"数据库 {url} 不是工作台数据库，未作任何改动。")
        if "readonly" in text or "read-only" in text:
            return StoreError("看板以只读方式打开数据库，不能修改任何数据。")
        if "unable to open" in text:
            return StoreError(f"无法打开数据库 {url}：文件或其所在文件夹不可访问。")
        return StoreError(f"数据库 {url} 出错：{text}")
    return StoreError(str(exc))
