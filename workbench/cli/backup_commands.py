"""Commands `backup` and `restore`: copy the store to a file, and put such a copy back."""

from __future__ import annotations

from pathlib import Path

from workbench.base import config
from workbench.store import backup as store_backup
from workbench.store.database import shown_url

ORDER = 15


def register(sub) -> None:
    p = sub.add_parser(
        "backup",
        help="备份数据库（SQLite 在线备份；PostgreSQL 用 pg_dump）",
        description="把当前数据库完整复制为一个备份文件，编辑中的秘书不受影响。"
        f"不指定文件夹时存入备份文件夹（{config.backup_dir()}），"
        "并只保留最新的若干份（环境变量 WORKBENCH_BACKUP_KEEP）。",
    )
    p.add_argument("folder", nargs="?", metavar="文件夹", help="备份存放的文件夹（默认为备份文件夹）")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="用备份文件恢复数据库（先备份当前数据库）",
        description="用 backup 命令生成的备份文件替换当前数据库的全部内容。有人正在写入（SQLite）"
        "或连接着（PostgreSQL）数据库时不予恢复；恢复前先把当前数据库备份到备份文件夹。",
    )
    p.add_argument("file", metavar="备份文件", help="backup 命令生成的 .sqlite 或 .dump 文件")
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args) -> int:
    folder = Path(args.folder) if args.folder else None
    path = store_backup.backup(directory=folder, rotate=folder is None)
    print(f"已备份数据库 {shown_url(config.db_url())}，备份文件：{path}")
    return 0


def cmd_restore(args) -> int:
    kept = store_backup.restore(Path(args.file))
    print(f"已用 {args.file} 恢复数据库 {shown_url(config.db_url())}。恢复前的数据库已备份为 {kept}。")
    return 0
