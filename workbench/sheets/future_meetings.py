"""Meetings a list names before they exist: a year's topic plan assigns topics to later 常委会议.

A 通报议题 list drawn up at the start of the year names the 三次、四次常委会议 that
are not yet in the store. Rather than refusing those rows, the import reads 届次
and 次序 from the name as offices write it (十一届三次常委会议, 第十一届第三次常委会议,
政协某县第十一届委员会常务委员会第三次会议, 11届3次常委会), in a term the store knows,
and the preview says it will add the meeting — its date left empty for the
secretary to fill in on the 会议 page, where the pre-export check asks for it. The
meetings are added in the same transaction as the rows that name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.base.values import Bad, ordinal
from workbench.office.meetings import MeetingKind, short_title

_NUMBER = r"[〇零一二三四五六七八九十]{1,3}|\d{1,3}"
_NAME = re.compile(
    rf"第?(?P<term>{_NUMBER})届(?:委员会)?(?:常务委员会|常委会)?第?(?P<seq>{_NUMBER})次"
    r"(?:常务委员会|常委会|常委)?(?:会议)?$"
)


@dataclass(frozen=True)
class Planned:
    """A standing-committee meeting to add: its term (number and id) and its number in the term."""

    term_no: int
    term_id: int
    seq_no: int

    @property
    def name(self) -> str:
        return short_title(self.term_no, MeetingKind.STANDING_COMMITTEE, self.seq_no)


def parse(name: str, terms: dict[int, int]) -> Planned | None:
    """The standing-committee meeting `name` means, in one of `terms` (term number → id), or None."""
    text = re.sub(r"\s+", "", str(name))
    if "常委" not in text and "常务委员会" not in text:
        return None
    text = re.sub(r"^政协.*?(?=第?(?:" + _NUMBER + ")届)", "", text)
    m = _NAME.search(text)
    if m is None:
        return None
    try:
        term_no = ordinal(m.group("term"), unit="届")
        seq_no = ordinal(m.group("seq"), unit="次")
    except Bad:
        return None
    if term_no is None or seq_no is None or term_no not in terms or not 1 <= seq_no <= 99:
        return None
    return Planned(term_no, terms[term_no], seq_no)
