"""The command line: `python -m workbench COMMAND`, with Chinese help throughout.

Each module in this package registers one group of commands (`register(sub)`)
and declares `ORDER` for its place in `--help`; this file only assembles them,
runs the chosen one, and turns a `WorkbenchError` into its Chinese message and
exit code — a user never sees a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys

from workbench.base.errors import WorkbenchError

# argparse looks up its user-facing strings through gettext's `_` at call time.
_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "值 %(value)r 无效（应为 %(type)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须提供参数 %s 之一",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
}
argparse._ = lambda text: _ZH.get(text, text)  # type: ignore[attr-defined]


class Formatter(argparse.RawDescriptionHelpFormatter):
    def format_help(self) -> str:
        # argparse hard-codes an ASCII colon after section headings,
        text = re.sub(r"(?m)^(\S[^\n]*?):$", r"\1：", super().format_help())
        # and repeats a command group's title as its first line ("命令：" then "  命令").
        return re.sub(r"(?m)^(\S[^\n]*)：\n  \1\n", r"\1：\n", text)


_TYPE_NAMES = {"int": "整数", "float": "数字"}


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError:
            name = _TYPE_NAMES.get(getattr(action.type, "__name__", ""))
            if name:
                raise argparse.ArgumentError(action, f"“{arg_string}”无效，应为{name}") from None
            raise


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m workbench",
        description="常委会议材料工作台：管理年度工作要点、提案、民主监督、情况通报和委员履职数据，"
        "导出符合 GB/T 9704—2012 的会议材料，并为领导提供只读看板。",
        epilog="各命令的详细用法：python -m workbench 命令 --help",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令", parser_class=Parser)
    modules = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            modules.append(module)
    for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 50)):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except WorkbenchError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, keep details for whoever fixes it
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(
            f"程序内部错误（{type(exc).__name__}：{exc}）。请设置环境变量 WORKBENCH_DEBUG=1 重试并将输出报给维护人员。",
            file=sys.stderr,
        )
        return 70
