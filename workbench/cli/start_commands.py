"""`start`: the README's main job — the demo county loaded, the next packet exported, the dashboard served."""

from __future__ import annotations

from datetime import datetime

from workbench.base import config
from workbench.office import demo, meetings

ORDER = 5


def register(sub) -> None:
    p = sub.add_parser(
        "start",
        help="一键演示：载入示例县数据、导出下一次常委会议材料、启动领导看板",
        description="一键演示：数据库为空时载入示例县（青岚县）数据；导出下一次常委会议的会议材料"
        "（装有 LibreOffice 时同时生成 PDF）到输出文件夹下新建的子文件夹；"
        "然后在 127.0.0.1 上启动领导看板，按 Ctrl+C 停止。",
    )
    p.add_argument("--port", type=int, default=None, help="看板端口（默认 8866）")
    p.add_argument("--no-serve", action="store_true", help="只载入数据并导出材料，不启动看板")
    p.add_argument("--no-browser", action="store_true", help="启动看板后不自动打开浏览器")
    p.set_defaults(handler=cmd_start)


def cmd_start(args) -> int:
    from workbench.apps.jupyter_settings import install_and_say
    from workbench.publish import can_make_pdf, export_packet
    from workbench.store import Store

    install_and_say()
    with Store.open() as store:
        if demo.is_empty(store):
            for line in demo.load(store).lines():
                print(line)
        else:
            print(f"数据库中已有数据（{store.url}），沿用现有数据。")
        meeting = meetings.next_meeting(store)
        if meeting is None:
            print("没有尚未召开的常委会议，未导出会议材料。")
        else:
            # A new folder each run: nothing a secretary already has is overwritten.
            base = config.output_dir() / f"{meeting.short_title}_{datetime.now():%Y%m%d-%H%M%S}"
            out, n = base, 1
            while out.exists():
                n += 1
                out = base.with_name(f"{base.name}-{n}")
            pdf = can_make_pdf()
            result = export_packet(store, meeting, out, pdf=pdf)
            print(f"已导出{meeting.short_title}会议材料 {len(result.files)} 个文件，保存在 {out}")
            if not pdf:
                print("未安装 LibreOffice，未生成 PDF（sudo apt-get install libreoffice-writer）。")
    if args.no_serve:
        return 0
    from workbench.apps.serve import DEFAULT_PORT, ServeOptions, serve

    return serve(ServeOptions(port=args.port or DEFAULT_PORT, open_browser=not args.no_browser))
