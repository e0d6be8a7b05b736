"""`python -m workbench edit`: open the secretaries' editor in the browser as an app, without JupyterLab."""

from __future__ import annotations

from workbench.apps import edit

ORDER = 75


def register(sub) -> None:
    p = sub.add_parser(
        "edit",
        help="打开会议材料编辑窗口（浏览器中单独打开，不显示代码）",
        description="用 Voilà 在本机（127.0.0.1）打开秘书使用的会议材料编辑窗口（notebooks/prepare_packet.ipynb），"
        "页面只有编辑窗口，不显示代码，也不能改动或删除笔记本。访问地址带有随机生成的访问口令，"
        "同一台电脑的其他用户无法打开。按 Ctrl+C 停止。",
        epilog="示例：\n"
        "  python -m workbench edit                 打开编辑窗口\n"
        f"  python -m workbench edit --port 8870     换一个端口（默认 {edit.DEFAULT_PORT}）",
    )
    p.add_argument(
        "--port",
        type=int,
        default=edit.DEFAULT_PORT,
        metavar="端口",
        help=f"端口；默认 {edit.DEFAULT_PORT}。端口被占用时报错，不会自动换用其他端口",
    )
    p.add_argument("--token", default=None, metavar="口令", help="指定访问口令；默认每次启动随机生成")
    p.add_argument(
        "--max-pages",
        type=int,
        default=edit.DEFAULT_MAX_PAGES,
        metavar="个数",
        help=f"同时打开的编辑页面上限（每页约占 120 MB 内存）；默认 {edit.DEFAULT_MAX_PAGES}，0 表示不限",
    )
    p.add_argument("--no-browser", action="store_true", help="启动后不自动打开浏览器")
    p.add_argument("--verbose", action="store_true", help="显示 Voilà 的详细日志（排查问题时使用）")
    p.set_defaults(handler=cmd_edit)


def cmd_edit(args) -> int:
    from workbench.apps.jupyter_settings import install_and_say

    install_and_say()
    options = edit.EditOptions(
        port=args.port, token=args.token, open_browser=not args.no_browser, verbose=args.verbose, max_pages=args.max_pages
    )
    return edit.edit(options)
