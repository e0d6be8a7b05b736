"""`python -m workbench serve`: start the leaders' read-only dashboard and print its address."""

from __future__ import annotations

import getpass
import sys

from workbench.apps import serve
from workbench.base.errors import ValidationError

ORDER = 80


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="启动领导看板（只读网页），并显示访问地址",
        description="启动领导看板（只读网页）。看板以只读方式读取数据库，数据变化后生成一次页面，所有人共用，"
        "多人同时打开也不会拖慢；页面上不能修改任何数据，也不能运行代码。默认只允许本机访问（127.0.0.1:8866）；"
        "局域网使用时请加 --host 0.0.0.0，并用 --token 或 --password 设置访问口令"
        "（确需不设口令开放时须加 --open）。按 Ctrl+C 停止。",
        epilog="示例：\n"
        "  python -m workbench serve                        本机打开看板\n"
        "  python -m workbench serve --host 0.0.0.0 --token  局域网开放，自动生成访问口令\n"
        "  python -m workbench serve --port 8870 --no-browser\n"
        "  python -m workbench serve --host 0.0.0.0 --password < 密码文件   由脚本启动时从文件读取密码\n\n"
        "密码不能写在命令行上（同一台电脑的其他用户能看到命令行）。在终端里启动时按提示输入两次；"
        "由脚本或服务启动时，--password 从标准输入读取第一行作为密码。",
    )
    p.add_argument(
        "--host",
        default=serve.DEFAULT_HOST,
        metavar="地址",
        help=f"监听地址；默认 {serve.DEFAULT_HOST}（仅本机），0.0.0.0 表示局域网内均可访问",
    )
    p.add_argument(
        "--port",
        type=int,
        default=serve.DEFAULT_PORT,
        metavar="端口",
        help=f"端口；默认 {serve.DEFAULT_PORT}。端口被占用时报错，不会自动换用其他端口",
    )
    auth = p.add_mutually_exclusive_group()
    auth.add_argument(
        "--token",
        nargs="?",
        const="",
        default=None,
        metavar="口令",
        help="访问口令：访问地址须带上它。只写 --token 不给值时自动生成一个",
    )
    auth.add_argument(
        "--password",
        action="store_true",
        help="设置访问密码：在终端里启动时输入两次（不显示）；由脚本启动时从标准输入读取第一行。打开看板时在登录页输入",
    )
    p.add_argument(
        "--open",
        action="store_true",
        dest="open_to_all",
        help="确认在不设口令、不设密码的情况下向本机以外开放看板（不加此项时拒绝这样启动）",
    )
    p.add_argument("--no-browser", action="store_true", help="启动后不自动打开浏览器")
    p.add_argument("--verbose", action="store_true", help="显示 Voilà 的详细日志（排查问题时使用）")
    p.add_argument(
        "--behind-hub",
        action="store_true",
        help="作为 JupyterHub 的看板服务运行（由 python -m workbench hub 自动使用，无需手动加）："
        "地址由 JupyterHub 指定，凭 JupyterHub 的登录访问",
    )
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args) -> int:
    if args.behind_hub:
        return serve.serve(serve.hub_service_options(args.verbose))
    token = args.token
    if token == "":
        token = serve.new_token()
    hashed = serve.hash_password(_read_password()) if args.password else None
    options = serve.ServeOptions(
        host=args.host,
        port=args.port,
        token=token,
        hashed_password=hashed,
        open_to_all=args.open_to_all,
        open_browser=not args.no_browser,
        verbose=args.verbose,
    )
    return serve.serve(options)


def _read_password() -> str:
    """Twice, unechoed, at a terminal; the first line of standard input when a script starts `serve`."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        first = getpass.getpass("请输入看板访问密码：")
        if not first:
            raise ValidationError("密码不能为空。")
        if getpass.getpass("请再输入一次：") != first:
            raise ValidationError("两次输入的密码不一致，看板未启动。")
        return first
    line = stdin.readline() if stdin is not None else ""
    password = line.rstrip("\r\n")
    if not password:
        raise ValidationError(
            "没有从标准输入读到密码（应为第一行），看板未启动。"
            "请在终端里直接运行本命令按提示输入，或将密码写在文件第一行后用“< 文件”传入。"
        )
    return password
