"""What an office server needs before the hub can start, each lack said in Chinese with its remedy.

Checked in the order an administrator sets things up: the Python parts (`.[hub,postgres]`),
the proxy from npm, the shared PostgreSQL for the secretaries, the read-only address for
the dashboard, the account list and everyone's password.
"""

from __future__ import annotations

import importlib.util
import shutil

from workbench.apps.doctor import Check
from workbench.apps.hub import accounts as hub_accounts
from workbench.base import config
from workbench.base.errors import WorkbenchError

PROXY = "configurable-http-proxy"


def checks() -> list[Check]:
    out = [
        _package("jupyterhub", "JupyterHub"),
        _package("nativeauthenticator", "账号登录（NativeAuthenticator）"),
        _package("jupyterlab_language_pack_zh_CN", "JupyterLab 中文语言包"),
        _proxy(),
    ]
    out += _databases()
    out += _accounts()
    return out


def missing() -> list[Check]:
    return [c for c in checks() if not c.ok]


def _package(module: str, what: str) -> Check:
    if importlib.util.find_spec(module) is None:
        return Check(what, False, "未安装", ".venv/bin/pip install -e '.[hub,postgres]'")
    return Check(what, True, "已安装")


def _proxy() -> Check:
    found = shutil.which(PROXY)
    if not found:
        return Check(
            "代理程序 configurable-http-proxy",
            False,
            "未找到（JupyterHub 用它把各人的页面转到一个地址上）",
            "先安装 Node.js 和 npm（sudo apt-get install nodejs npm），再运行 sudo npm install -g configurable-http-proxy",
        )
    return Check("代理程序 configurable-http-proxy", True, found)


def _databases() -> list[Check]:
    from sqlalchemy.engine import make_url

    from workbench.store import Store

    url = config.db_url()
    if make_url(url).get_backend_name() != "postgresql":
        return [
            Check(
                "共用数据库",
                False,
                "WORKBENCH_DB_URL 未设为 PostgreSQL（多人共用须用 PostgreSQL）",
                "export WORKBENCH_DB_URL=postgresql+psycopg://用户@主机/库名，再运行 python -m workbench init",
            )
        ]
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        Store.open(url, readonly=True).close()
    except WorkbenchError as exc:
        return [
            Check(
                "共用数据库",
                False,
                f"{shown} 无法使用：{exc}",
                "确认 PostgreSQL 已启动、地址和用户正确，并运行 python -m workbench init",
            )
        ]
    out = [Check("共用数据库", True, shown)]
    reader = config.setting("dashboard_db_url")
    if not reader:
        out.append(
            Check(
                "看板只读连接",
                False,
                "未设置 WORKBENCH_DASHBOARD_DB_URL",
                "运行 python -m workbench db roles，按其提示设置 WORKBENCH_DASHBOARD_DB_URL",
            )
        )
        return out
    shown = make_url(reader).render_as_string(hide_password=True)
    try:
        store = Store.open(reader, readonly=True)
    except WorkbenchError as exc:
        out.append(
            Check(
                "看板只读连接",
                False,
                f"{shown} 无法使用：{exc}",
                "重新运行 python -m workbench db roles 并更新 WORKBENCH_DASHBOARD_DB_URL",
            )
        )
        return out
    with store, store.engine.connect() as conn:
        writable = conn.exec_driver_sql(
            "SELECT count(*) FROM information_schema.table_privileges WHERE grantee = current_user "
            "AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')"
        ).scalar()
        superuser = conn.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar()
    if writable or superuser:
        out.append(
            Check(
                "看板只读连接",
                False,
                f"{shown} 所用的角色有写入权限，看板须以只读角色连接",
                "运行 python -m workbench db roles，改用它给出的 WORKBENCH_DASHBOARD_DB_URL",
            )
        )
    else:
        out.append(Check("看板只读连接", True, f"{shown}（只能查询）"))
    return out


def _accounts() -> list[Check]:
    try:
        people = hub_accounts.load()
    except WorkbenchError as exc:
        return [Check("账号名单", False, str(exc), "参照 deploy/accounts.example.toml 填写")]
    out = [
        Check(
            "账号名单",
            True,
            f"{people.source}：秘书 {len(people.secretaries)} 人，领导 {len(people.leaders)} 人，管理员 {len(people.admins)} 人",
        )
    ]
    without = sorted(people.everyone - hub_accounts.accounts_with_password())
    if without:
        out.append(
            Check(
                "账号密码", False, f"尚未设置密码的账号：{'、'.join(without)}", "逐个运行 python -m workbench hub password 登录名"
            )
        )
    return out
