"""`python -m workbench hub`: the multi-user setup on one server (JupyterHub), its checks and passwords."""

from __future__ import annotations

import getpass
import sys

from workbench.base.errors import ValidationError

ORDER = 85


def register(sub) -> None:
    p = sub.add_parser(
        "hub",
        help="多人共用：启动 JupyterHub（秘书各用自己的账号编辑，领导查看只读看板）",
        description="在办公室的一台服务器上启动 JupyterHub：秘书用各自的账号登录后进入编辑窗口，修改记录署其姓名；"
        "领导登录后只能查看领导看板。启动前检查条件（PostgreSQL、看板只读角色、代理程序、账号名单与密码），"
        "缺什么就说明怎么补。详见 deploy/README.md。",
        epilog="示例：\n"
        "  python -m workbench hub check                  只检查条件，不启动\n"
        "  python -m workbench hub password wangfang      设置或重设账号密码\n"
        "  python -m workbench hub --host 0.0.0.0 --port 8000   在局域网上启动",
    )
    p.add_argument(
        "--host", default="127.0.0.1", metavar="地址", help="监听地址；默认 127.0.0.1（仅本机），0.0.0.0 表示局域网内均可访问"
    )
    p.add_argument("--port", type=int, default=8000, metavar="端口", help="端口；默认 8000")
    p.set_defaults(handler=cmd_hub)
    actions = p.add_subparsers(dest="hub_command", metavar="子命令", title="子命令")
    c = actions.add_parser(
        "check", help="只检查启动条件，不启动", description="逐项检查多人共用所需的条件，缺少的给出办法；全部具备时退出码为 0。"
    )
    c.set_defaults(handler=cmd_check)
    w = actions.add_parser(
        "password",
        help="设置或重设账号密码（账号须已列在 accounts.toml 中）",
        description="为账号名单中的某人设置密码（新账号）或重设密码（忘记密码时）。在终端里运行时输入两次（不显示）；"
        "由脚本运行时从标准输入读取第一行。本人登录后可在“修改密码”页自行修改。",
    )
    w.add_argument("login", metavar="登录名")
    w.set_defaults(handler=cmd_password)


def cmd_hub(args) -> int:
    from workbench.apps.hub import launch
    from workbench.apps.jupyter_settings import install_and_say

    install_and_say()  # each secretary's JupyterLab runs in this environment: Chinese, locked notebooks, 工作台 kernel
    return launch.run(args.host, args.port)


def cmd_check(args) -> int:
    from workbench.apps.hub import prerequisites

    worst = 0
    for c in prerequisites.checks():
        line = f"{'✓' if c.ok else '✗'} {c.name}：{c.detail}"
        if not c.ok:
            line += f"\n    办法：{c.fix}"
            worst = 1
        print(line)
    print("条件齐备，可以运行 python -m workbench hub 启动。" if worst == 0 else "请先补齐上面打 ✗ 的条件。")
    return worst


def cmd_password(args) -> int:
    from workbench.apps.hub import accounts

    people = accounts.load()
    created = accounts.set_password(args.login, _read_password(), accounts=people)
    print(f"已{'设置' if created else '重设'} {args.login}（{people.name(args.login)}）的密码。")
    return 0


def _read_password() -> str:
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        first = getpass.getpass("请输入新密码（至少 8 个字符）：")
        if getpass.getpass("请再输入一次：") != first:
            raise ValidationError("两次输入的密码不一致，未作改动。")
        return first
    password = (stdin.readline() if stdin is not None else "").rstrip("\r\n")
    if not password:
        raise ValidationError("没有从标准输入读到密码（应为第一行），未作改动。")
    return password
