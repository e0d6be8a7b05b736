"""Turning cell values as offices really type them into what the store holds.

Full-width digits, dates in any of the usual spellings (2025-03-08, 2025/3/8,
2025.3.8, 2025年3月8日, Excel serial numbers), stray spaces and line breaks,
是/否, and status or category wording mapped to codes through the office's label
sets. A value that cannot be understood raises `Bad` with what was expected,
in Chinese, so the validation report can name the cell.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from .. import config
from ..errors import LabelError
from .kinds import Field

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：　", "0123456789-/.: ")
_SPACES = "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_EXCEL_EPOCH = date(1899, 12, 30)   # serial 1 is 1900-01-01 once Excel's 1900 leap-year bug is allowed for
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_INT_TEXT = re.compile(r"^第?\s*([0-9]+)\s*[号条项届次]?$")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")
_TRUE = {"是", "√", "✓", "y", "yes", "true", "1", "重点"}
_FALSE = {"否", "×", "✗", "n", "no", "false", "0", "不是"}


class Bad(Exception):
    """A cell value that does not fit its column; `expected` says what would."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def shown(value: Any) -> str:
    """A raw cell value as the secretary typed it, for messages."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def text(value: Any, *, multiline: bool = False) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        value = "是" if value else "否"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)   # 13812345678 typed into a general cell comes back as a float
    elif isinstance(value, (datetime, date)):
        value = shown(value)
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
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


def integer(value: Any) -> int | None:
    if isinstance(value, bool):
        raise Bad("整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise Bad("整数（不能有小数）")
    s = text(value)
    if s is None:
        return None
    m = _INT_TEXT.match(s.translate(_FULLWIDTH).replace(" ", ""))
    if not m:
        raise Bad("整数，如 23 或 第023号")
    return int(m.group(1))


def _serial(n: float) -> date:
    if not 1 <= n < 2958466:
        raise Bad("日期，如 2025-03-08")
    return _EXCEL_EPOCH + timedelta(days=int(n))


def day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise Bad("日期，如 2025-03-08")
    if isinstance(value, (int, float)):
        return _serial(value)
    s = text(value)
    if s is None:
        return None
    s = s.translate(_FULLWIDTH).strip()
    m = _DATE_TEXT.match(s) or _DATE_COMPACT.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            return date(y, mo, d)
        except ValueError:
            raise Bad(f"实际存在的日期（{y}年没有{mo}月{d}日）") from None
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        return _serial(float(s))
    raise Bad("日期，如 2025-03-08、2025/3/8、2025.3.8 或 2025年3月8日")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    s = text(value)
    if s is None:
        return False   # a blank 常委 or 重点提案 cell means no
    folded = s.translate(_FULLWIDTH).lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise Bad("“是”或“否”")


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
        return integer(raw)
    if f.type == "date":
        return day(raw)
    if f.type == "bool":
        return boolean(raw)
    if f.type == "label":
        return label(raw, f.labels, sets)
    return text(raw, multiline=f.type == "multiline")
