"""Settings and the office's label sets, declared once with their help text.

Every setting is read from one environment variable; `SETTINGS` is the single
declaration that the CLI's `doctor`, the README and a test all rely on.
Label sets (statuses, reply categories, rules) come from `labels.toml` in this
package, overridden set by set by an office's own file, so wording can change
without touching code.
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from workbench.base.errors import ConfigError, LabelError

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
# A source checkout (git clone + editable install) keeps its data/ and output/ beside the code, so
# a notebook's kernel, started in notebooks/, finds the same store as the command line. An installed
# package has no such home: relative folders are taken from the current directory instead.
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "workbench" / "__init__.py").is_file()


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    help: str
    default: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "WORKBENCH_DATA_DIR", "数据目录：默认数据库文件和办公室标签配置所在的文件夹。", "data"),
    Setting(
        "db_url",
        "WORKBENCH_DB_URL",
        "数据库地址（SQLAlchemy URL）。不设时使用数据目录下的 workbench.sqlite；"
        "多人共用时可设为 postgresql+psycopg://用户@主机/库名。",
        "",
    ),
    Setting("labels_file", "WORKBENCH_LABELS", "办公室标签配置文件（TOML）。不设时若数据目录下有 labels.toml 则使用之。", ""),
    Setting("output_dir", "WORKBENCH_OUTPUT_DIR", "会议材料等导出文件的默认输出文件夹。", "output"),
    Setting(
        "templates_dir",
        "WORKBENCH_TEMPLATES",
        "办公室自己修改过的 Word 模板所在文件夹。文件夹中有的模板优先使用，没有的仍用工作台自带的模板。",
        "",
    ),
    Setting(
        "page_layout",
        "WORKBENCH_PAGE_LAYOUT",
        "导出会议材料时是否先用 LibreOffice 排版一次以填入目录页码：auto（装有 LibreOffice 时排版）或 off"
        "（不排版，目录页码由 Word/WPS 打开文件时更新）。",
        "auto",
    ),
    Setting(
        "user", "WORKBENCH_USER", "修改记录中的操作人姓名。不设时使用系统登录名；多人共用（JupyterHub）时按登录账号自动设置。", ""
    ),
    Setting(
        "dashboard_db_url",
        "WORKBENCH_DASHBOARD_DB_URL",
        "领导看板连接数据库所用的地址。PostgreSQL 上应设为只读角色的地址（由 python -m workbench db roles 生成）；"
        "不设时看板以只读方式打开 WORKBENCH_DB_URL。",
        "",
    ),
    Setting(
        "dashboard_hosts",
        "WORKBENCH_DASHBOARD_HOSTS",
        "领导看板除 IP 地址和 localhost 外还应答的主机名，多个用逗号分隔（如 kanban.zhengxie.local）。"
        "用其他名字打开看板会被拒绝，以免其他网页借域名读取看板内容。",
        "",
    ),
    Setting(
        "hub_dir",
        "WORKBENCH_HUB_DIR",
        "多人共用（JupyterHub）时服务器上的工作文件夹：账号名单 accounts.toml、JupyterHub 自身的数据库和各秘书的工作目录。"
        "不设时为数据目录下的 hub 文件夹。",
        "",
    ),
    Setting(
        "backup_dir",
        "WORKBENCH_BACKUP_DIR",
        "自动备份（升级数据库结构前、大批量导入前）和 backup 命令默认存放备份的文件夹。不设时为数据目录下的 backups。",
        "",
    ),
    Setting("backup_keep", "WORKBENCH_BACKUP_KEEP", "备份文件夹中保留的备份份数，超出的自动删除最早的。", "20"),
    Setting("backup_rows", "WORKBENCH_BACKUP_ROWS", "一次导入新增或修改的记录超过此数时，先自动备份数据库再写入。", "500"),
)


def setting(name: str) -> str:
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(s.env, "") or s.default
    raise KeyError(name)


def _resolve(path: str) -> Path:
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    return (PROJECT_ROOT if IN_CHECKOUT else Path.cwd()) / p


def data_dir() -> Path:
    return _resolve(setting("data_dir"))


def output_dir() -> Path:
    return _resolve(setting("output_dir"))


def templates_dir() -> Path | None:
    """The office's folder of edited templates, if one is set."""
    value = setting("templates_dir")
    return _resolve(value) if value else None


def backup_dir() -> Path:
    path = setting("backup_dir")
    return _resolve(path) if path else data_dir() / "backups"


def _count(name: str) -> int:
    text = setting(name)
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        env = next(s.env for s in SETTINGS if s.name == name)
        raise ConfigError(f"环境变量 {env} 应为不小于 0 的整数，现为“{text}”。")
    return value


def backup_keep() -> int:
    return _count("backup_keep")


def backup_rows() -> int:
    return _count("backup_rows")


def db_url() -> str:
    url = setting("db_url")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'workbench.sqlite'}"


def dashboard_db_url() -> str:
    return setting("dashboard_db_url") or db_url()


def hub_dir() -> Path:
    explicit = setting("hub_dir")
    return _resolve(explicit) if explicit else data_dir() / "hub"


def current_user() -> str:
    name = setting("user")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name inside some containers
        return "未署名"


# ---------------------------------------------------------------- labels


@dataclass(frozen=True)
class LabelValue:
    code: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelSet:
    name: str
    title: str
    values: tuple[LabelValue, ...]
    _lookup: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for v in self.values:
            for key in (v.code, v.label, *v.aliases):
                self._lookup.setdefault(_fold(key), v.code)

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.values]

    @property
    def labels(self) -> list[str]:
        return [v.label for v in self.values]

    def label(self, code: str | None) -> str:
        if code is None or code == "":
            return ""
        for v in self.values:
            if v.code == code:
                return v.label
        return str(code)

    def code(self, value: str | None, *, where: str = "") -> str | None:
        """Map a code, label or alias to its code; refuse anything else, listing what is allowed."""
        if value is None or str(value).strip() == "":
            return None
        found = self._lookup.get(_fold(str(value)))
        if found is None:
            allowed = "、".join(self.labels)
            place = f"{where}：" if where else ""
            raise LabelError(f"{place}“{value}”不是有效的{self.title}，可用的值为：{allowed}。")
        return found


def _fold(text: str) -> str:
    # Full-width brackets and spaces are common in pasted labels.
    table = str.maketrans({"（": "(", "）": ")", "　": "", " ": ""})
    return text.strip().translate(table).lower()


@dataclass(frozen=True)
class Labels:
    sets: dict[str, LabelSet]
    rules: dict[str, int]
    source: str
    # Groups of office settings beyond single-number rules (筹备日程, 发文字号, 测评), key by key.
    groups: dict[str, dict] = field(default_factory=dict)

    def __getitem__(self, name: str) -> LabelSet:
        return self.sets[name]

    def rule(self, name: str) -> int:
        return int(self.rules[name])

    def group(self, name: str) -> dict:
        return self.groups[name]


def labels_path() -> Path | None:
    explicit = setting("labels_file")
    if explicit:
        return _resolve(explicit)
    office = data_dir() / "labels.toml"
    return office if office.exists() else None


def _read_toml(path: Path) -> dict:
    if path.is_dir():
        raise ConfigError(f"标签配置 {path} 是一个文件夹，应为 .toml 文件。请检查环境变量 WORKBENCH_LABELS。")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"标签配置文件 {path} 不存在。") from None
    except UnicodeDecodeError:
        raise ConfigError(f"标签配置文件 {path} 不是 UTF-8 编码的文本，请用记事本等另存为 UTF-8。") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        place = f"第 {where.group(1)} 行第 {where.group(2)} 列附近" if where else ""
        raise ConfigError(f'标签配置文件 {path} {place}格式有误（应为 TOML 格式，如 label = "推进中"）。') from None
    except OSError as exc:
        raise ConfigError(f"无法读取标签配置文件 {path}（{exc.strerror}）。") from None


def _build_set(name: str, raw: dict, path: Path) -> LabelSet:
    try:
        values = tuple(
            LabelValue(str(v["code"]), str(v["label"]), tuple(str(a) for a in v.get("aliases", ()))) for v in raw["values"]
        )
    except (KeyError, TypeError):
        raise ConfigError(f"标签配置文件 {path} 中标签组 {name} 的每个取值须有 code 和 label。") from None
    if not values:
        raise ConfigError(f"标签配置文件 {path} 中标签组 {name} 没有任何取值。")
    return LabelSet(name, str(raw.get("title", name)), values)


# Top-level tables of labels.toml that hold settings rather than label sets; an office's file
# replaces them key by key.
GROUPS = ("schedule", "letters", "evaluation")


@lru_cache(maxsize=8)
def _load(path_key: str) -> Labels:
    default_path = Path(__file__).with_name("labels.toml")
    raw = _read_toml(default_path)
    sets = {n: _build_set(n, s, default_path) for n, s in raw["sets"].items()}
    rules = dict(raw["rules"])
    groups = {name: dict(raw[name]) for name in GROUPS}
    source = "内置默认"
    if path_key:
        office_path = Path(path_key)
        office = _read_toml(office_path)
        for n, s in office.get("sets", {}).items():
            if n not in sets:
                raise ConfigError(f"标签配置文件 {office_path} 中的标签组 {n} 无法识别，可用的标签组为：{'、'.join(sets)}。")
            sets[n] = _build_set(n, s, office_path)
        for k, v in office.get("rules", {}).items():
            if k not in rules:
                raise ConfigError(f"标签配置文件 {office_path} 中的规则 {k} 无法识别。")
            rules[k] = v
        for name in GROUPS:
            for k, v in office.get(name, {}).items():
                if k not in groups[name]:
                    raise ConfigError(
                        f"标签配置文件 {office_path} 中 [{name}] 下的 {k} 无法识别，可用的有：{'、'.join(groups[name])}。"
                    )
                groups[name][k] = v
        source = str(office_path)
    return Labels(sets, rules, source, groups)


def labels() -> Labels:
    path = labels_path()
    return _load(str(path) if path else "")
