"""`template check`: tells a secretary who edited a Word template what broke, before export;
`template update`: brings styles a newer version added into an edited template, keeping the edits."""

from __future__ import annotations

from pathlib import Path

from workbench.base import resources
from workbench.publish import add_template_styles, template_fields, template_problems

ORDER = 60


def register(sub) -> None:
    p = sub.add_parser(
        "template",
        help="检查会议材料模板（templates/ 下的 Word 文件）",
        description="检查会议材料模板：被 Word 拆开或未闭合的标签、未知变量、缺少的样式、主题字体。",
    )
    group = p.add_subparsers(dest="template_command", metavar="子命令", title="子命令")
    check = group.add_parser(
        "check",
        help="检查模板，列出问题；有问题时退出码非零",
        description="检查模板文件；不给路径时检查 templates/ 下全部 .docx 模板。",
    )
    check.add_argument("paths", nargs="*", metavar="文件", help="模板文件或文件夹（默认 templates/）")
    check.set_defaults(handler=cmd_check)
    update = group.add_parser(
        "update",
        help="为改过的模板补上新版本增加的样式，保留原有修改",
        description="只补上模板中缺少的样式（如新版本增加的表格、目录样式）；模板中已有的样式、"
        "文字和版面一律不动。不给路径时处理办公室模板文件夹（或 templates/）下全部模板。",
    )
    update.add_argument("paths", nargs="*", metavar="文件", help="模板文件或文件夹（默认同 template check）")
    update.set_defaults(handler=cmd_update)
    p.set_defaults(handler=lambda args: p.print_help() or 0)


def _templates(paths: list[str]) -> list[Path]:
    if not paths:
        # the office's edited templates when it has a folder of them, else the packaged ones
        paths = [str(resources.template_dirs()[0])]
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.glob("*.docx") if not p.name.startswith(("~$", ".~")))
        else:
            found.append(path)
    return found


def cmd_check(args) -> int:
    templates = _templates(args.paths)
    if not templates:
        print(f"未找到模板文件（{', '.join(args.paths) or resources.packaged_templates_dir()}）。")
        return 1
    total = 0
    for path in templates:
        problems = template_problems(path)
        if not problems:
            print(f"✓ {path.name}：未发现问题。")
            continue
        total += len(problems)
        print(f"✗ {path.name}：发现 {len(problems)} 个问题：")
        for problem in problems:
            print(f"    · {problem.message}")
        fields = template_fields(path)
        if any(p.kind == "unknown_variable" for p in problems):
            print("    本模板可用的变量：")
            for name, meaning in fields.items():
                print(f"      {name}：{meaning}")
    if total:
        print(f"共 {len(templates)} 个模板，{total} 个问题。请修改后再导出会议材料。")
        return 1
    print(f"共 {len(templates)} 个模板，全部通过检查。")
    return 0


def cmd_update(args) -> int:
    templates = _templates(args.paths)
    if not templates:
        print(f"未找到模板文件（{', '.join(args.paths) or resources.packaged_templates_dir()}）。")
        return 1
    for path in templates:
        added = add_template_styles(path)
        if added:
            print(f"✓ {path.name}：已补上样式 {'、'.join(added)}；原有样式和内容未改动。")
        else:
            print(f"✓ {path.name}：样式齐全，未改动。")
    return 0
