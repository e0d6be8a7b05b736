"""One vocabulary for the values people type: dates, year and month, whole numbers, yes/no and plenary sessions.

Every entry point reads typed values through this module — the Excel/CSV import
(`sheets.normalize`), the editor's fields (`ui.editor.fields`, through the store's
`coerce`) and the store's own validation — so a value accepted in one place is
accepted everywhere, and refused everywhere with the same words. Functions raise
`Bad` carrying what would have been right, in Chinese; callers add the place
(sheet, row and column, or the field's name).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：　，", "0123456789-/.: ,")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 once Excel's 1900 leap-year bug is allowed for
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*\.?"
    r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_CN_DATE = re.compile(r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]$")
_INT_TEXT = re.compile(r"^(?:第|NO\.?|No\.?|no\.?|#)?\s*0*([0-9]+)\s*(?:号|条|项|件|号提案)?$")
DATE_EXAMPLES = "日期，如 2025-03-08、2025/3/8、2025.3.8 或 2025年3月8日"

# Yes and no as offices write them: in a cell, in the editor, in a returned workbook.
YES = frozenset({"是", "√", "✓", "✔", "☑", "y", "yes", "true", "1", "重点", "有", "对"})
NO = frozenset({"否", "×", "✗", "✘", "☐", "n", "no", "false", "0", "不是", "非", "无"})

MAX_INT = 2_147_483_647  # what every database column of ours holds


class Bad(Exception):
    """A value that does not fit; `expected` says what would."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def _plain(value: Any) -> str:
    return str(value).translate(FULLWIDTH).strip()


def cn_int(text: str) -> int | None:
    """一 → 1, 十一 → 11, 二十三 → 23 (up to 99); None for anything else."""
    if not text or len(text) > 3:
        return None
    if "十" not in text:
        return _CN_DIGIT.get(text) if len(text) == 1 and _CN_DIGIT.get(text) else None
    head, _, tail = text.partition("十")
    tens = 1 if head == "" else _CN_DIGIT.get(head)
    ones = 0 if tail == "" else _CN_DIGIT.get(tail)
    if tens is None or ones is None or tens == 0 or len(tail) > 1 or (tail and ones == 0):
        return None
    return tens * 10 + ones


def _serial(n: float) -> date:
    if not 1 <= n < 2958466:
        raise Bad(DATE_EXAMPLES)
    return _EXCEL_EPOCH + timedelta(days=int(n))


def _make(y: int, mo: int, d: int) -> date:
    try:
        return date(y, mo, d)
    except ValueError:
        if not 1 <= mo <= 12:
            raise Bad(f"实际存在的日期（一年只有12个月，没有{mo}月）") from None
        raise Bad(f"实际存在的日期（{y}年{mo}月没有{d}日）") from None


def entered_day(value: Any, *, what: str = "日期") -> date | None:
    """A date a person typed — on the command line or in an editor field alike — in any spelling `day`
    reads; None for blank; a Chinese `ValidationError` naming `what` and the usual spellings otherwise."""
    from workbench.base.errors import ValidationError

    try:
        return day(value)
    except Bad as exc:
        raise ValidationError(f"{what}“{str(value).strip()}”不是有效的日期，应为{exc.expected}，未作改动。") from None


def day(value: Any) -> date | None:
    """A date from any usual spelling, an Excel serial number or a date object; None for blank."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise Bad(DATE_EXAMPLES)
    if isinstance(value, (int, float)):
        return _serial(value)
    s = re.sub(r"\s+", " ", _plain(value))
    if not s:
        return None
    m = _DATE_TEXT.match(s) or _DATE_COMPACT.match(s)
    if m:
        return _make(*(int(g) for g in m.groups()))
    c = _CN_DATE.match(s.replace(" ", ""))
    if c:
        y = int("".join(str(_CN_DIGIT[ch]) for ch in c.group(1)))
        mo, d = cn_int(c.group(2)), cn_int(c.group(3))
        if mo is not None and d is not None:
            return _make(y, mo, d)
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        return _serial(float(s))
    raise Bad(DATE_EXAMPLES)


def integer(value: Any, *, low: int | None = None, high: int | None = None, what: str = "整数") -> int | None:
    """A whole number written as 23, 023, ２３, 第023号 or 23.0; None for blank; refused outside [low, high]."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise Bad(what)
    if isinstance(value, float):
        if not value.is_integer():
            raise Bad(f"{what}（不能有小数）")
        value = int(value)
    if isinstance(value, int):
        n = value
    else:
        s = re.sub(r"\s+", "", _plain(value))
        if not s:
            return None
        m = _INT_TEXT.match(s)
        if not m:
            raise Bad(f"{what}，如 23 或 第023号")
        n = int(m.group(1))
    if (low is not None and n < low) or (high is not None and n > high) or abs(n) > MAX_INT:
        raise Bad(f"{what}{_range(low, high)}")
    return n


# A case number with the year or session written before it: 2025-001, （2025）第1号, 十一届三次第001号.
_CASE_PREFIX = re.compile(
    r"^(?:[(（\[〔]\d{4}[)）\]〕]\s*|(?:19|20)\d{2}\s*(?:[-－—_.·]|年(?:度)?|(?=第))\s*|"
    r"[一二三四五六七八九十]{1,3}届[一二三四五六七八九十]{1,3}次\s*[-－—_.·]?\s*|提案\s*)(?=第?\s*\d)"
)


def case_number(value: Any, *, low: int = 1, high: int | None = None) -> int | None:
    """A proposal's case number: 23, 023, 第23号, ２３, and with its year or session before it (2025-023)."""
    if isinstance(value, str):
        value = _CASE_PREFIX.sub("", re.sub(r"\s+", "", _plain(value)), count=1)
    return integer(value, low=low, high=high, what="案号")


def _range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"（{low} 至 {high} 之间）"
    if low is not None:
        return f"（不小于 {low}）"
    if high is not None:
        return f"（不大于 {high}）"
    return f"（不超过 {MAX_INT}）"


def yes_no(value: Any, *, blank: bool | None = False) -> bool | None:
    """是/否 in every usual form (√ ✓ ×, yes/no, 1/0); blank gives `blank`."""
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return blank
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    s = re.sub(r"\s+", "", _plain(value)).lower()
    if s in YES:
        return True
    if s in NO:
        return False
    raise Bad("“是”或“否”")


# ------------------------------------------------------------------ year and month of birth
YEAR_MONTH_EXAMPLES = "年月，如 1975.03、1975-3 或 1975年3月"
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$")


def year_month(value: Any) -> str | None:
    """A year and month (出生年月) as personnel lists print it, 1975.03, from 1975.3, 1975-03, 1975年3月,
    197503, a date or an Excel date; None for blank. A year alone is refused: the list needs the month."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)) or (
        isinstance(value, (int, float)) and not isinstance(value, bool) and value > 9999 and not 100000 <= value <= 999999
    ):
        d = day(value)
        assert d is not None
        return f"{d.year}.{d.month:02d}"
    s = re.sub(r"\s+", "", _plain(value))
    if not s:
        return None
    try:  # a whole date written out (1975年3月8日): the month is what the list keeps
        d = day(s) if len(s) > 7 and not s.isdigit() else None
    except Bad:
        d = None
    if d is not None:
        return f"{d.year}.{d.month:02d}"
    m = _YEAR_MONTH.match(s)
    if not m:
        raise Bad(YEAR_MONTH_EXAMPLES)
    y, mo = int(m.group(1)), int(m.group(2) or m.group(3))
    if not 1 <= mo <= 12 or not 1900 <= y <= 2100:
        raise Bad(YEAR_MONTH_EXAMPLES)
    return f"{y}.{mo:02d}"


# ------------------------------------------------------------------ deadlines
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def _month_end(y: int, m: int) -> date:
    return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)


def deadline(value: Any, year: int | None) -> date | None:
    """The last day a deadline written in a plan allows: 6月底 → June 30, 上半年 → June 30, 全年 → Dec 31.

    `year` is the plan's year, for deadlines that name none. None when the text names
    no date at all (“长期坚持”, “按上级要求”); the caller keeps the text.
    """
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return day(value)
    s = re.sub(r"\s+", "", _plain(value))
    s = re.sub(r"(之前|以前|前|止|为止|内完成|完成)$", "", s)
    try:
        return day(s)
    except Bad:
        pass
    m = re.match(r"^(?:(\d{4})年)?(\d{1,2})月(?:底|末|份|中旬|下旬|上旬)?$", s)
    if m and (m.group(1) or year):
        y, mo = int(m.group(1) or year or 0), int(m.group(2))
        if 1 <= mo <= 12:
            return _month_end(y, mo)
    m = re.match(r"^(?:(\d{4})年)?(?:第?([一二三四1-4])季度)(?:末|底)?$", s)
    if m and (m.group(1) or year):
        return _month_end(int(m.group(1) or year or 0), _QUARTER[m.group(2)])
    m = re.match(r"^(?:(\d{4})年)?(上半年|年中|下半年|年底|年末|年内|全年|全年度|年度内)$", s)
    if m and (m.group(1) or year):
        y = int(m.group(1) or year or 0)
        return date(y, 6, 30) if m.group(2) in ("上半年", "年中") else date(y, 12, 31)
    return None


# ------------------------------------------------------------------ plenary sessions
_SESSION = re.compile(
    r"(?:政协.{0,12}?)?第?\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*届(?:委员会)?\s*"
    r"(?:第?\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*次(?:全体|全委)?(?:会议)?)?"
)
_SESSION_ONLY = re.compile(r"^第?\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*次(?:全体|全委)?(?:会议)?$")


def _ordinal(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_int(text)


def session(value: Any) -> tuple[int | None, int | None]:
    """(届次, 会次) named in a text: 十一届三次, 第十一届委员会第三次会议, 11届3次, 第三次会议; (None, None) if none."""
    if value is None:
        return None, None
    s = _plain(value)
    m = _SESSION.search(s)
    if m:
        term = _ordinal(m.group(1))
        sess = _ordinal(m.group(2)) if m.group(2) else None
        if term:
            return term, sess
    only = _SESSION_ONLY.match(re.sub(r"\s+", "", s))
    if only:
        return None, _ordinal(only.group(1))
    return None, None


def session_text(value: Any) -> tuple[int, int]:
    """A session given on purpose (--session 十一届三次): both numbers, or `Bad` with the accepted forms."""
    term, sess = session(value)
    if not term or not sess:
        raise Bad("届次和会次，如“十一届三次”或“第十一届委员会第三次会议”")
    return term, sess


def ordinal(value: Any, *, unit: str) -> int | None:
    """The number of a 届 or 次 column: 11, 十一, 第十一届, 三次 → 11, 11, 11, 3."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return integer(value, low=1, high=99, what=f"{unit}次")
    s = re.sub(r"\s+", "", _plain(value))
    if not s:
        return None
    m = re.fullmatch(rf"第?([一二三四五六七八九十]{{1,3}}|\d{{1,2}}){unit}?(?:委员会)?(?:会议)?", s)
    n = _ordinal(m.group(1)) if m else None
    if not n:
        raise Bad(f"{unit}次，如 11、十一 或 第十一{unit}")
    return n


# ------------------------------------------------------------------ control characters
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def without_controls(text: str) -> str:
    """Text with the invisible control characters pasted text brings removed (they break .xlsx files)."""
    return CONTROL.sub("", text)
