"""`python -m workbench db roles`: the read-only PostgreSQL role the leaders' dashboard connects with."""

from __future__ import annotations

from workbench.base import config
from workbench.store.roles import DEFAULT_READER, create_reader_role

ORDER = 15


def register(sub) -> None:
    p = sub.add_parser("db", help="数据库管理：为领导看板创建只读角色", description="数据库管理命令。")
    db = p.add_subparsers(dest="db_command", metavar="子命令", title="子命令")
    r = db.add_parser(
        "roles",
        help="在 PostgreSQL 上创建（或更新）只能读取数据的角色，供领导看板连接",
        description="在 WORKBENCH_DB_URL 所指的 PostgreSQL 数据库上创建一个只能查询（SELECT）的登录角色，"
        "并为其生成新密码；以后升级结构新增的表也自动可读。命令最后给出看板应使用的数据库地址，"
        "请设为看板（或 python -m workbench hub）的环境变量 WORKBENCH_DASHBOARD_DB_URL。"
        "须以有权创建角色的数据库用户（如数据库管理员）运行。SQLite 无需此步：看板总以只读方式打开数据库文件。",
        epilog="示例：\n  WORKBENCH_DB_URL=postgresql+psycopg://postgres@dbhost/workbench python -m workbench db roles\n"
        "再次运行会为同一角色换一个新密码（旧地址随即失效）。",
    )
    r.add_argument("--name", default=DEFAULT_READER, metavar="角色名", help=f"只读角色的名称；默认 {DEFAULT_READER}")
    r.set_defaults(handler=cmd_roles)
    p.set_defaults(handler=lambda _args: p.print_help() or 0)


def cmd_roles(args) -> int:
    role = create_reader_role(config.db_url(), args.name)
    print(f"已{'创建' if role.created else '更新'}只读角色 {role.name}：只能查询，不能增加、修改或删除任何数据。")
    print("领导看板应使用的数据库地址（含新密码，请妥善保存，勿发给他人）：")
    print(f"  WORKBENCH_DASHBOARD_DB_URL={role.url}")
    return 0
