"""Numbers and dates as a 县政协办公室 writes them: 十一届, 第十八次, 一、; dates in Arabic numerals (GB/T 9704).

One definition for meetings, plans, the packet and the Word writer; it imports
nothing of the workbench, so the documents side can use it without the store.
"""

from __future__ import annotations

from datetime import date, datetime

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五; negative numbers stay Arabic."""
    n = int(n)
    if n < 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        return head + (_DIGITS[1] + chinese_number(rest) if rest < 20 else chinese_number(rest))
    return str(n)


def chinese_date(day: date | None, *, missing: str = "") -> str:
    """2026年12月17日 (Arabic numerals, no leading zeros); `missing` when there is no date."""
    if day is None:
        return missing
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_datetime(moment: datetime | None, *, missing: str = "时间不详") -> str:
    """2026年12月6日 19:30, as messages and the dashboard say when something happened."""
    return f"{chinese_date(moment.date())} {moment:%H:%M}" if moment else missing
