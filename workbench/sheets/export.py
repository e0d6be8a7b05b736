"""Writing the store out as .xlsx a department can fill in and send back.

Chinese headers, column widths fitted to the content, a frozen header row,
dropdown lists for status and category columns (the office's own labels),
real Excel dates shown as yyyy-mm-dd, and text that starts with = + - @ kept as
text so a cell can never become a formula. The per-department export writes one
workbook per handling unit with only that unit's rows, the columns it reads and
(highlighted) the columns it must fill. Files are written to a temporary file
beside the target and then renamed, so a half-written workbook never exists
under the real name; an existing file is only replaced when asked to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from workbench.base import config
from workbench.base.atomic import clean_stale, describe_os_error, write_atomic
from workbench.base.errors import SheetError
from workbench.base.filenames import safe_component
from workbench.sheets import existing
from workbench.sheets.kinds import Field, Kind, get
from workbench.sheets.reader import DEPARTMENT_MARK, EXPORTED_AT, lock_file
from workbench.store import Store

DATE_FORMAT = "yyyy-mm-dd"
SPARE_ROWS = 200  # rows below the data that still get dropdowns, for added records
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_FILL_HEADER = PatternFill("solid", fgColor="FFD966")
_FILL_CELL = PatternFill("solid", fgColor="FFF2CC")
_OPTIONS_SHEET = "选项"
_STEM_BYTES = 180  # of a unit's file name, leaving room for "（2）_要点进展.xlsx" within 255 bytes


@dataclass
class Exported:
    path: Path
    rows: int
    unit: str | None = None


def _width(value: Any) -> int:
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    line = max(text.split("\n"), key=len) if text else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)


def _cell_value(f: Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        # Stored text may hold control characters (typed in the editor); a workbook cannot, so they go.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if f.type == "label" and f.labels:
        return config.labels()[f.labels].label(value)
    if f.type == "bool":
        return "是" if value else "否"
    if f.type == "date" and isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _write_sheet(ws, fields: list[Field], records: list[dict], *, fill: tuple[str, ...] = (), options: _Options) -> None:
    ws.append([f.zh for f in fields])
    for values in records:
        ws.append([_cell_value(f, values.get(f.name)) for f in fields])
    last = len(records) + 1
    bottom = last + SPARE_ROWS
    for c, f in enumerate(fields, start=1):
        letter = get_column_letter(c)
        head = ws.cell(1, c)
        head.font = Font(bold=True)
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        head.fill = _FILL_HEADER if f.name in fill else _HEADER_FILL
        widest = _width(f.zh)
        for r in range(2, last + 1):
            cell = ws.cell(r, c)
            v = cell.value
            if isinstance(v, str) and v.startswith(_FORMULA_START):
                # Kept as text: Excel and WPS would otherwise run it as a formula.
                cell.data_type = "s"
                cell.quotePrefix = True
            if f.type == "date":
                cell.number_format = DATE_FORMAT
            elif f.type == "multiline":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if f.name in fill:
                cell.fill = _FILL_CELL
            if f.type != "multiline":
                widest = max(widest, _width(v))
        width = f.width or widest + 2
        if f.type == "multiline":
            width = max(width, 40)
        ws.column_dimensions[letter].width = max(6, min(width, 60))
        choices = None
        if f.type == "label" and f.labels:
            choices = options.range_for(f.labels)
        elif f.type == "bool":
            choices = '"是,否"'
        if choices:
            dv = DataValidation(
                type="list",
                formula1=choices,
                allow_blank=True,
                showDropDown=False,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle="取值无效",
                error=f"“{f.zh}”请从下拉列表中选择。",
            )
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{bottom}")
    ws.freeze_panes = "A2"
    if fields:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{last}"


class _Options:
    """A hidden sheet holding each label set's wording, the source of the dropdown lists."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self.ws: Any = None
        self.columns: dict[str, str] = {}

    def range_for(self, set_name: str) -> str:
        if set_name not in self.columns:
            if self.ws is None:
                self.ws = self.wb.create_sheet(_OPTIONS_SHEET)
                self.ws.sheet_state = "hidden"
            labels = config.labels()[set_name]
            c = len(self.columns) + 1
            letter = get_column_letter(c)
            # No titles above the values: a title such as “提案类别” would read as a header on import.
            for r, text in enumerate(labels.labels, start=1):
                self.ws.cell(r, c, text)
            self.columns[set_name] = f"'{_OPTIONS_SHEET}'!${letter}$1:${letter}${len(labels.labels)}"
        return self.columns[set_name]


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", text)[:31] or "数据"


def _check_target(path: Path, force: bool) -> None:
    if path.suffix.lower() != ".xlsx":
        raise SheetError(f"导出文件“{path.name}”的扩展名应为 .xlsx。")
    try:
        path.stat()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a name too long, a file where a folder should be
        raise SheetError(f"不能写入文件“{path.name}”：{describe_os_error(exc)}。") from None
    if path.is_dir():
        raise SheetError(f"“{path}”是一个文件夹。请指定要写入的 .xlsx 文件名。")
    lock = lock_file(path)
    if lock is not None:
        raise SheetError(
            f"文件“{path.name}”似乎正在 WPS、Excel 或 LibreOffice 中打开（有锁定文件“{lock.name}”），请先关闭该文件再导出。"
        )
    if path.exists() and not force:
        raise SheetError(f"文件“{path}”已存在，未覆盖。如确需覆盖，请加 --force；或换一个文件名。")


def _save(wb: Workbook, path: Path) -> None:
    wb.properties.creator = "常委会议材料工作台"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SheetError(f"无法在“{path.parent}”中写入文件：{describe_os_error(exc)}。") from None
    try:
        write_atomic(path, wb.save)
    except OSError as exc:
        raise SheetError(f"写入文件“{path}”失败：{describe_os_error(exc)}。原有文件未改动。") from None


def export(store: Store, kind: str | Kind, path: str | Path, *, force: bool = False) -> Exported:
    """Every record of `kind` in one workbook at `path`."""
    kind = get(kind)
    path = Path(path)
    _check_target(path, force)
    holdings = existing.load(store, kind)
    records = [r.values for r in holdings.records.values()]
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(kind.zh)
    _write_sheet(ws, list(kind.export_fields()), records, options=_Options(wb))
    wb.properties.title = kind.zh
    _save(wb, path)
    return Exported(path, len(records))


def export_by_department(store: Store, kind: str | Kind, directory: str | Path, *, force: bool = False) -> list[Exported]:
    """One workbook per handling unit in `directory`: its own rows, the columns it reads and must fill."""
    kind = get(kind)
    if not kind.unit:
        with_units = "、".join(k.zh for k in _kinds_with_units())
        raise SheetError(f"{kind.zh}没有承办单位，不能按单位分别导出。可按单位导出的有：{with_units}。")
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise SheetError(f"“{directory}”是一个文件，不是文件夹。请指定导出用的文件夹。")
    holdings = existing.load(store, kind)
    by_unit: dict[str, list[dict]] = {}
    for record in holdings.records.values():
        unit = record.values.get(kind.unit)
        if unit:
            by_unit.setdefault(unit, []).append(record.values)
    if not by_unit:
        raise SheetError(f"库中没有填写了“{kind.field(kind.unit).zh}”的{kind.zh}，没有可导出的内容。")
    targets = _department_files(directory, kind, list(by_unit))
    if directory.is_dir():
        clean_stale(directory)
    for path in targets.values():  # check every target before writing any, so a refusal leaves nothing half-done
        _check_target(path, force)
    fields = list(kind.department_fields())
    out = []
    exported_at = datetime.now().replace(microsecond=0)
    for unit, records in by_unit.items():
        rows = [{**v, **{n: None for n in kind.department_blank}} for v in records]
        wb = Workbook()
        ws = wb.active
        shown = ILLEGAL_CHARACTERS_RE.sub("", unit)
        ws.title = _sheet_title(shown)
        _write_sheet(ws, fields, rows, fill=kind.fill, options=_Options(wb))
        _instructions(wb, kind, shown, fields)
        wb.properties.keywords = f"{DEPARTMENT_MARK}{kind.name};{EXPORTED_AT}{exported_at.isoformat()}"
        wb.properties.title = f"{shown}{kind.zh}填报表"
        _save(wb, targets[unit])
        out.append(Exported(targets[unit], len(records), unit))
    return out


def _department_files(directory: Path, kind: Kind, units: list[str]) -> dict[str, Path]:
    """One file per unit, never two the same: units that differ only in what a file name cannot hold
    ("县财政局" and "县财政局.", long names sharing their first 60 characters) or only in letter case
    (Windows and macOS folders ignore it) get "（2）", "（3）" after the name, in the order of the names."""
    taken: dict[str, int] = {}
    out = {}
    for unit in sorted(units):
        stem = safe_component(unit, "未填单位")
        while len(stem.encode("utf-8")) > _STEM_BYTES:  # rare characters take 4 bytes; a name allows 255
            stem = stem[:-1]
        n = taken.get(stem.casefold(), 0) + 1
        taken[stem.casefold()] = n
        name = stem if n == 1 else f"{stem}（{n}）"
        while n > 1 and name.casefold() in taken:  # "某局（2）" may itself be a unit's name
            n += 1
            name = f"{stem}（{n}）"
        taken.setdefault(name.casefold(), 1)
        out[unit] = directory / f"{name}_{kind.zh}.xlsx"
    return {unit: out[unit] for unit in units}


def _instructions(wb: Workbook, kind: Kind, unit: str, fields: list[Field]) -> None:
    ws = wb.create_sheet("填写说明", 1)
    fill_names = "、".join(f"“{f.zh}”" for f in fields if f.name in kind.fill)
    lines = [
        f"请{unit}填写本单位承办的{kind.zh}",  # starts with 请, never with a unit name that may look like a formula
        f"1. 请在黄色列（{fill_names}）中填写，其他列供对照，请勿修改；不要增删行或改动表头。",
        "2. 日期请写作 2025-03-08 的形式；状态、类别等列请从下拉列表中选择。",
        "3. 填好后直接保存为 .xlsx 文件发回政协办公室，无需改名。",
    ]
    if kind.department_blank:
        lines.append("4. 本季度有新进展的，请在“进展日期”“进展情况”中填写日期和内容，“上次进展”为上次报送的情况。")
    for text in lines:
        ws.append([text])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100


def _kinds_with_units():
    from workbench.sheets.kinds import KINDS

    return [k for k in KINDS if k.unit]
