"""Who may log in to the office's hub, in which part, under which name; and their passwords.

The office keeps one file, `accounts.toml` in WORKBENCH_HUB_DIR: three tables
(secretaries, leaders, admins) of `login = "姓名"`. The login is what a person types;
the name goes into history and conflict messages (WORKBENCH_USER).

Passwords live where NativeAuthenticator keeps them (bcrypt hashes in the hub's own
database, `jupyterhub.sqlite`); `set_password` writes them there so the office's
administrator creates accounts from the command line and nobody can sign themselves up.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from workbench.base import config
from workbench.base.errors import ConfigError, ValidationError

ACCOUNTS_FILE = "accounts.toml"
HUB_DATABASE = "jupyterhub.sqlite"
PARTS = {"secretaries": "秘书", "leaders": "领导", "admins": "管理员"}
# JupyterHub lower-cases logins; keeping them to this alphabet keeps URLs and folder names plain.
_LOGIN = re.compile(r"^[a-z][a-z0-9._-]{0,31}$")
MIN_PASSWORD = 8


@dataclass(frozen=True)
class Accounts:
    secretaries: dict[str, str]
    leaders: dict[str, str]
    admins: dict[str, str]
    source: Path

    def name(self, login: str) -> str:
        """The person's name for history and messages (the login itself if the file gives none)."""
        for part in (self.secretaries, self.leaders, self.admins):
            if part.get(login):
                return part[login]
        return login

    @property
    def everyone(self) -> set[str]:
        return set(self.secretaries) | set(self.leaders) | set(self.admins)


def accounts_path() -> Path:
    return config.hub_dir() / ACCOUNTS_FILE


def hub_database() -> Path:
    return config.hub_dir() / HUB_DATABASE


def load(path: Path | None = None) -> Accounts:
    path = path or accounts_path()
    if not path.is_file():
        raise ConfigError(
            f"找不到账号名单 {path}。请把 deploy/accounts.example.toml 复制为该文件，填写秘书、领导和管理员的登录名与姓名。"
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"账号名单 {path} 不是 UTF-8 编码的文本，请另存为 UTF-8。") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+)", str(exc))
        place = f"第 {where.group(1)} 行附近" if where else ""
        raise ConfigError(f'账号名单 {path} {place}格式有误，每行应形如 wangfang = "王芳"。') from None
    unknown = set(raw) - set(PARTS)
    if unknown:
        raise ConfigError(
            f"账号名单 {path} 中的“{'、'.join(sorted(unknown))}”无法识别，"
            "只能有 [secretaries]（秘书）、[leaders]（领导）、[admins]（管理员）三部分。"
        )
    parts: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}
    for part, zh in PARTS.items():
        table = raw.get(part, {})
        if not isinstance(table, dict):
            raise ConfigError(f'账号名单 {path} 中 [{part}] 应为“登录名 = "姓名"”的列表。')
        parts[part] = {}
        for login, name in table.items():
            if not _LOGIN.match(login):
                raise ConfigError(
                    f"账号名单 {path} 中{zh}的登录名“{login}”无效：只能用小写英文字母或拼音开头，"
                    "可含数字、点、下划线、短横线，不超过 32 个字符。"
                )
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(f'账号名单 {path} 中登录名 {login} 的姓名应写在引号内，如 {login} = "王芳"。')
            # An administrator may also be a secretary or a leader, but nobody is both of those.
            if part != "admins" and seen.get(login, part) != part:
                raise ConfigError(
                    f"账号名单 {path} 中登录名 {login} 同时列为{PARTS[seen[login]]}和{zh}，每人只能是秘书或领导之一。"
                )
            if part != "admins":
                seen[login] = part
            parts[part][login] = name.strip()
    if not parts["secretaries"] and not parts["leaders"]:
        raise ConfigError(f"账号名单 {path} 中没有任何秘书或领导账号。")
    return Accounts(parts["secretaries"], parts["leaders"], parts["admins"], path)


def set_password(login: str, password: str, *, accounts: Accounts | None = None) -> bool:
    """Create or reset the NativeAuthenticator account of a listed person; True when it was new."""
    accounts = accounts or load()
    if login not in accounts.everyone:
        raise ValidationError(f"登录名 {login} 不在账号名单 {accounts.source} 中。请先在名单中加上此人，再设置密码。")
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"密码太短：至少 {MIN_PASSWORD} 个字符。")
    import bcrypt
    from jupyterhub import orm
    from nativeauthenticator.orm import UserInfo  # registers the users_info table with the hub's tables

    database = hub_database()
    database.parent.mkdir(parents=True, exist_ok=True)
    # The hub's own session factory: creates (or checks the version of) the whole hub database,
    # exactly as the hub does when it starts, so the two never disagree about its layout.
    # JupyterHub's schema tool (alembic) logs in English at INFO when it first stamps the database.
    logging.disable(logging.INFO)
    try:
        session = orm.new_session_factory(f"sqlite:///{database}")()
    finally:
        logging.disable(logging.NOTSET)
    try:
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
        info = UserInfo.find(session, login)
        if info is None:
            session.add(UserInfo(username=login, password=hashed, is_authorized=True))
            created = True
        else:
            info.password = hashed
            info.is_authorized = True
            created = False
        session.commit()
    finally:
        session.close()
    database.chmod(0o600)
    return created


def accounts_with_password() -> set[str]:
    """Logins that have a password in the hub's database (none before the first `hub password`)."""
    import sqlite3

    database = hub_database()
    if not database.is_file():
        return set()
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT username FROM users_info WHERE is_authorized")}
    except sqlite3.OperationalError:  # the hub created its database but no password was set yet
        return set()
    finally:
        conn.close()
