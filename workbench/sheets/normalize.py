"""Turning cell values as offices really type them into what the store holds.

Dates, numbers and yes/no are read by `workbench.base.values` (one vocabulary for the
import, the editor and the store); this module adds what is particular to cells:
stray spaces and line breaks, control characters from pasted text, formulas
saved without their result, and label wording mapped to codes through the
office's label sets. A value that cannot be understood raises `Bad` with what
was expected, in Chinese, so the validation report can name the cell.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from workbench.base import config, values
from workbench.base.errors import LabelError
from workbench.base.values import Bad
from workbench.sheets.kinds import Field

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：　", "0123456789-/.: ")
_SPACES = "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")


# Excel writes characters XML cannot hold as _x0007_ (and a carriage return as _x000D_);
# openpyxl hands them on as written.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(value: str) -> str:
    """Cell text with Excel's _xHHHH_ escapes turned back into the characters they stand for."""
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value) if "_x" in value else value


class Formula:
    """A formula cell saved without its computed result (by a program that does not calculate)."""

    def __init__(self, cell: str, formula: str):
        self.cell = cell
        self.formula = formula

    def __str__(self) -> str:
        return self.formula


def shown(value: Any) -> str:
    """A raw cell value as the secretary typed it, for messages."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return values.without_controls(str(value))


def header_key(text: Any) -> str:
    """A header reduced to what identifies it: no spaces, line breaks, required-marks or notes in brackets."""
    if text is None:
        return ""
    s = str(text).translate(_FULLWIDTH)
    s = re.sub(r"\s+", "", s)
    s = s.replace("（", "(").replace("）", ")").strip("*＊")
    return s


def header_key_loose(text: Any) -> str:
    """The header without a trailing note such as “(必填)” or “(yyyy-mm-dd)”."""
    return re.sub(r"\(.*?\)$", "", header_key(text))


# Text that needs nothing but trimming: no line break, control character, odd space, escape,
# doubled space or space between Chinese characters (most cells of most files).
_PLAIN = re.compile(r"[^\n\r\x00-\x1f\x7f\u3000\xa0\u2002\u2003\u2009\u200b\ufeff\ufffe\uffff]*")
_FUSSY = re.compile(r"_x[0-9A-Fa-f]{4}_|  |[\u3400-\u9fff] [\u3400-\u9fff]|^#")


def text(value: Any, *, multiline: bool = False) -> str | None:
    if value is None:
        return None
    if type(value) is str and _PLAIN.fullmatch(value) and not _FUSSY.search(value):
        return value.strip() or None
    if isinstance(value, Formula):
        raise _uncomputed(value)
    if isinstance(value, str) and value.strip() in _EXCEL_ERRORS:
        raise _excel_error(value.strip())
    if isinstance(value, bool):
        value = "是" if value else "否"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # 13812345678 typed into a general cell comes back as a float
    elif isinstance(value, (datetime, date)):
        value = shown(value)
    s = unescape(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    s = values.without_controls(s)
    for ch in _SPACES:
        s = s.replace(ch, " ")
    if multiline:
        lines = [line.strip() for line in s.split("\n")]
        s = "\n".join(line for line in lines if line)
    else:
        # A line break inside a name or title is a cell wrapped by hand, not part of the value.
        s = "".join(part.strip() for part in s.split("\n"))
        s = re.sub(r" {2,}", " ", s).strip()
        # 王  五 (padded to line up with three-character names) is 王五.
        s = _CJK_GAP.sub("", s)
    return s or None


def _uncomputed(f: Formula) -> Bad:
    return Bad(
        f"计算结果：单元格 {f.cell} 是公式，但文件保存时没有存下计算结果"
        "（多见于由其他程序生成、未经 Excel 或 WPS 计算的文件）。"
        "请在 Excel 或 WPS 中打开该文件、保存后再导入"
    )


# What Excel shows in a cell whose formula failed: never a value to store.
_EXCEL_ERRORS = frozenset({"#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})


def _excel_error(value: str) -> Bad:
    return Bad(f"有效的值：“{value}”是 Excel 公式出错时显示的内容，请在 Excel 或 WPS 中改正公式或填写数值后再导入")


def _raw(value: Any) -> Any:
    if isinstance(value, Formula):
        raise _uncomputed(value)
    if isinstance(value, str) and value.strip() in _EXCEL_ERRORS:
        raise _excel_error(value.strip())
    if isinstance(value, str):
        value = values.without_controls(unescape(value))
        for ch in _SPACES:
            value = value.replace(ch, " ")
    return value


def integer(value: Any, *, low: int | None = None, high: int | None = None) -> int | None:
    return values.integer(_raw(value), low=low, high=high)


def case_number(value: Any, *, low: int = 1, high: int | None = None) -> int | None:
    return values.case_number(_raw(value), low=low, high=high)


def day(value: Any) -> date | None:
    return values.day(_raw(value))


def boolean(value: Any) -> bool:
    return bool(values.yes_no(_raw(value), blank=False))  # a blank 常委 or 重点提案 cell means no


def ordinal(value: Any, unit: str) -> int | None:
    return values.ordinal(_raw(value), unit=unit)


def label(value: Any, set_name: str, sets=None) -> str | None:
    s = text(value)
    if s is None:
        return None
    labels = (sets or config.labels())[set_name]
    try:
        return labels.code(s)
    except LabelError:
        raise Bad(f"{labels.title}之一：{'、'.join(labels.labels)}") from None


def value(f: Field, raw: Any, sets=None) -> Any:
    """The normalised value of one cell for field `f`; raises `Bad`. `sets`: the label sets, if already at hand."""
    if f.type == "int":
        return integer(raw, low=f.low, high=f.high)
    if f.type == "case":
        return case_number(raw, low=f.low or 1, high=f.high)
    if f.type == "date":
        return day(raw)
    if f.type == "bool":
        return boolean(raw)
    if f.type == "ordinal":
        return ordinal(raw, f.unit or "")
    if f.type == "label" and f.labels:
        return label(raw, f.labels, sets)
    return text(raw, multiline=f.type == "multiline")
