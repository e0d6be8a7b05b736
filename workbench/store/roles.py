"""The PostgreSQL role the leaders' dashboard connects with: it may only SELECT.

Read-only by the database, not only by the code: the dashboard already opens
its sessions READ ONLY (`database.open_engine`), but a session can switch that
back; a role without INSERT/UPDATE/DELETE rights cannot, so even a bug or a
hand-made connection with the dashboard's credentials is refused by the server.
SQLite needs no role: the dashboard opens the file with `mode=ro`.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from workbench.base.errors import StoreError, ValidationError

DEFAULT_READER = "workbench_reader"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass
class ReaderRole:
    name: str
    url: str  # the store's URL with the reader's name and password: the dashboard's WORKBENCH_DASHBOARD_DB_URL
    created: bool  # False when an existing role was brought up to date (new password, rights checked)


def create_reader_role(url: str, name: str = DEFAULT_READER, password: str | None = None) -> ReaderRole:
    """Create (or refresh) a LOGIN role on the store's PostgreSQL database that can only read it.

    Run with the owner's URL (the secretaries' WORKBENCH_DB_URL), which must be allowed to create roles.
    Tables added later by migrations are covered through default privileges of that owner.
    """
    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        raise StoreError("只读数据库角色只用于 PostgreSQL。SQLite 数据库无需设置：看板总是以只读方式（mode=ro）打开数据库文件。")
    if not _ROLE_NAME.match(name):
        raise ValidationError(f"角色名“{name}”无效：只能用小写英文字母、数字和下划线，且不以数字开头（例如 {DEFAULT_READER}）。")
    if u.username and name == u.username:
        raise ValidationError(f"只读角色不能与当前连接所用的角色 {name} 同名。")
    password = password or secrets.token_urlsafe(18)
    from workbench.store.database import describe_db_error, open_engine

    engine = open_engine(url)
    try:
        with engine.begin() as conn:
            exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": name}).first()
            # Role names and passwords cannot be bound parameters in DDL; the name is checked above
            # and the password is quoted by the server's own quote_literal.
            secret = conn.exec_driver_sql("SELECT quote_literal(%(p)s)", {"p": password}).scalar()
            verb = "ALTER" if exists else "CREATE"
            conn.exec_driver_sql(
                f'{verb} ROLE "{name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD {secret}'
            )
            conn.exec_driver_sql(f'ALTER ROLE "{name}" SET default_transaction_read_only = on')
            database = conn.exec_driver_sql("SELECT current_database()").scalar()
            conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{name}"')
            conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{name}"')
            conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{name}"')
            conn.exec_driver_sql(f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "{name}"')
    except (ValidationError, StoreError):
        raise
    except Exception as exc:
        text = str(getattr(exc, "orig", exc))
        if "permission denied" in text or "must be superuser" in text or "CREATEROLE" in text:
            raise StoreError(
                f"当前数据库用户 {u.username or ''} 无权创建角色。请用数据库管理员（或有 CREATEROLE 权限的用户）"
                "的地址设置 WORKBENCH_DB_URL 后再运行本命令。"
            ) from None
        raise describe_db_error(exc, u.render_as_string(hide_password=True)) from None
    finally:
        engine.dispose()
    return ReaderRole(name=name, url=reader_address(u, name, password), created=not exists)


def reader_address(owner, name: str, password: str) -> str:
    """The owner's address with the reader's name and password, over TCP.

    An owner reached through the local Unix socket usually logs in by `peer`
    authentication (the system account's name); the reader has no system account,
    so it signs in with its password over 127.0.0.1, which PostgreSQL's default
    pg_hba.conf accepts (scram-sha-256).
    """
    socket_host = owner.query.get("host", "")
    if isinstance(socket_host, tuple):
        socket_host = socket_host[0] if socket_host else ""
    if not owner.host or socket_host.startswith("/"):
        owner = owner.set(host="127.0.0.1", query={k: v for k, v in owner.query.items() if k != "host"})
    return owner.set(username=name, password=password).render_as_string(hide_password=False)
