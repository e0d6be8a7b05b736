"""How the packet writes dates, ordinals and labels, the way a 县政协办公室 writes them.

Dates use Arabic numerals ("2026年12月17日", GB/T 9704); heading ordinals use
Chinese numerals ("一、"). Kept here so every document of the packet
and the "since last meeting" list word the same thing the same way.
"""

from __future__ import annotations

from datetime import date

from workbench.base import config
from workbench.base.numerals import chinese_date, chinese_number
from workbench.office.figures import quarter_of


def zh_date(day: date | None, *, missing: str = "日期未定") -> str:
    return chinese_date(day, missing=missing)


def short_date(day: date | None, as_of: date, *, missing: str = "—") -> str:
    """Dates in narrow table columns: "9月30日" within the as-of year, the full date otherwise."""
    if day is None:
        return missing
    return zh_month_day(day) if day.year == as_of.year else zh_date(day)


def zh_month_day(day: date | None) -> str:
    return "" if day is None else f"{day.month}月{day.day}日"


def ordinal(n: int) -> str:
    """一、 for level-1 headings and numbered lists in prose."""
    return f"{chinese_number(n)}、"


def label(set_name: str, code: str | None, *, missing: str = "—") -> str:
    text = config.labels()[set_name].label(code)
    return text or missing


def quarter_name(day: date) -> str:
    return f"{day.year}年第{chinese_number(quarter_of(day))}季度"


def case_no(number: int) -> str:
    return f"第{number:03d}号"


def plan_item_name(number: int | str | None, title: str) -> str:
    """第3条《…》: a plan item as the packet, the check and the snapshot name it."""
    return f"第{number}条《{title}》"


def proposal_name(number: int, title: str) -> str:
    """第007号《…》: a proposal as the packet, the check and the snapshot name it."""
    return f"{case_no(number)}《{title}》"
