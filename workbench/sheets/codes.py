"""Codes for lists that number their rows 序号 only: 通报议题, 监督事项 and 社情民意信息 as offices really send them.

Offices number a list 1, 2, 3 and leave the codes (议题编号, 事项编号) to whoever keeps
the records. A list without a code column is matched, row by row, on what it says
rather than on its number, so a re-import of the same list updates its records
and a list re-sorted (序号 changed) never swaps two records:

- 通报议题: the topic's text together with the meeting it is to be briefed at (the
  same topic recurs every year — “全县经济运行情况” — and is a new record at each meeting);
- 监督事项: the topic's text together with the responsible department;
- 社情民意信息: its title together with who submitted it.

Text is compared without spaces, punctuation or line breaks. A row that matches no
stored record gets a new code made of the kind's prefix, the year and its 序号
(TB2027-03, JD2027-12, SQ2027-05, as the demo and the editor number them), or the next free
number of that year when its 序号 is missing or the code is taken. The preview
says which rows matched and which codes are new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from workbench.sheets.existing import Holdings, Record
from workbench.sheets.kinds import Kind

PREFIX = {"briefing_topic": "TB", "supervision_item": "JD", "public_opinion": "SQ"}
# The text a row is matched on, and what identifies it besides: the meeting of a briefing topic, the
# department of a supervision item, the submitter of a 社情民意信息.
TEXT = {"briefing_topic": "topic", "supervision_item": "topic", "public_opinion": "title"}
CONTEXT = {"briefing_topic": "meeting", "supervision_item": "department", "public_opinion": "submitter"}
_NOISE = re.compile(r"[\s\u3000，。、；：,.;:！？!?（）()《》“”\"'‘’—\-…·]+")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def applies(kind: Kind, columns: dict) -> bool:
    """A list of a coded kind without its code column: codes are worked out here."""
    return kind.name in PREFIX and "code" not in columns


def _text(value) -> str:
    return _NOISE.sub("", str(value or ""))


@dataclass
class Coder:
    """Gives each row of one import its code: the stored record's when the row matches one, else a new one."""

    kind: Kind
    year: int
    by_content: dict[tuple[str, str], Record | None] = field(default_factory=dict)  # None: two records say the same
    taken: set[str] = field(default_factory=set)
    matched: list[str] = field(default_factory=list)
    made: list[str] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # records already given to a row of this file

    @classmethod
    def start(cls, kind: Kind, holdings: Holdings, hints: list[str], today: date | None = None) -> Coder:
        year = next((int(m.group(1)) for h in hints if (m := _YEAR.search(h))), None) or (today or date.today()).year
        coder = cls(kind, year)
        context = CONTEXT[kind.name]
        for record in holdings.records.values():
            code = record.values.get("code")
            if code:
                coder.taken.add(str(code))
            key = (_text(record.values.get(TEXT[kind.name])), _text(record.values.get(context)))
            coder.by_content[key] = None if key in coder.by_content else record
        return coder

    def code(self, values: dict) -> str | None:
        """The code for a row's values (its topic, meeting or department and 序号), or None without a topic."""
        topic = _text(values.get(TEXT[self.kind.name]))
        if not topic:
            return None
        record = self.by_content.get((topic, _text(values.get(CONTEXT[self.kind.name]))))
        if record is not None and record.id not in self.used:
            self.used.add(record.id)
            code = str(record.values["code"])
            self.matched.append(code)
            return code
        prefix = f"{PREFIX[self.kind.name]}{self.year}-"
        serial = values.get("serial")
        wanted = f"{prefix}{serial:02d}" if isinstance(serial, int) and serial > 0 else None
        code = wanted or ""
        if wanted is None or wanted in self.taken:
            n = 1
            while f"{prefix}{n:02d}" in self.taken:
                n += 1
            code = f"{prefix}{n:02d}"
        self.taken.add(code)
        self.made.append(code)
        return code

    def notice(self) -> str | None:
        if not self.matched and not self.made:
            return None
        code_zh = self.kind.field("code").zh
        context = self.kind.field(CONTEXT[self.kind.name]).zh
        parts = [f"文件没有“{code_zh}”列，按每行的{self.kind.field(TEXT[self.kind.name]).zh}文字和{context}与库中记录对应"]
        if self.matched:
            parts.append(f"对应到库中已有记录 {len(self.matched)} 条（沿用其编号，序号变动不影响对应）")
        if self.made:
            shown = "、".join(self.made[:6]) + (f"等 {len(self.made)} 个" if len(self.made) > 6 else "")
            parts.append(f"新记录按年度和序号编号：{shown}")
        return "；".join(parts) + "。文字改动过的行会作为新记录导入，原记录列在“库中有而文件中没有”中，可在编辑器中删除。"
