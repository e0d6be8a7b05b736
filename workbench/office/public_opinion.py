"""社情民意信息: the figures of a period, defined once for the year-end summary, the dashboard and the analysts.

Definitions:
- An item belongs to the period that holds its 报送日期; one without a date belongs to the year of
  its code (SQ2026-05) and is counted for that whole year only.
- 报送 (submitted): every item of the period. 编报 (edited): those the office edited into its
  bulletin (编报期数 entered). 采用 (adopted): those with an adoption level other than 未采用;
  `by_level` counts them by the highest level that adopted them. 批示 (instructed): those with a
  leader's instruction (批示领导 or 批示内容 entered).
- Per submitter the same counts, by the name as written; the group is the 报送单位 as written, else the
  member's 界别 (a submitter who is a member of the current term), else 未注明.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from workbench.base import config
from workbench.store import Store
from workbench.store.rows import Member, PublicOpinion

_CODE_YEAR = re.compile(r"(20\d{2})")
NOT_ADOPTED = "not_adopted"


@dataclass(frozen=True)
class Tally:
    """The counts of one submitter or one group."""

    name: str
    submitted: int = 0
    adopted: int = 0
    instructed: int = 0


@dataclass
class OpinionFigures:
    start: date
    end: date
    submitted: int = 0
    edited: int = 0
    adopted: int = 0
    instructed: int = 0
    by_level: dict[str, int] = field(default_factory=dict)  # adoption code → items, highest level first
    by_submitter: list[Tally] = field(default_factory=list)  # most submitted first
    by_group: list[Tally] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return self.submitted > 0


def adopted(item: PublicOpinion | Mapping) -> bool:
    """Adopted at some level (a record, or the editor's row of one)."""
    return bool(item["adoption"]) and item["adoption"] != NOT_ADOPTED


def instructed(item: PublicOpinion | Mapping) -> bool:
    """A leader's instruction is recorded (a record, or the editor's row of one)."""
    return bool((item["instruction_leader"] or "").strip() or (item["instruction"] or "").strip())


def in_period(item: PublicOpinion, start: date, end: date) -> bool:
    if item.submitted_on is not None:
        return start <= item.submitted_on <= end
    found = _CODE_YEAR.search(item.code or "")
    # Undated: counted for its code's whole year, never for a part of it.
    return found is not None and start == date(int(found.group(1)), 1, 1) and end >= date(int(found.group(1)), 12, 31)


def items(store: Store, start: date, end: date) -> list[PublicOpinion]:
    return [i for i in store.select(PublicOpinion, order_by="code") if in_period(i, start, end)]


def opinion_figures(store: Store, start: date, end: date) -> OpinionFigures:
    """The figures of the items submitted from `start` to `end` (both included)."""
    chosen = items(store, start, end)
    sectors = {m.name: m.sector for m in store.select(Member) if m.sector}
    out = OpinionFigures(start, end)
    out.submitted = len(chosen)
    out.edited = sum(1 for i in chosen if (i.issue_no or "").strip())
    out.adopted = sum(1 for i in chosen if adopted(i))
    out.instructed = sum(1 for i in chosen if instructed(i))
    levels = Counter(i.adoption for i in chosen if i.adoption and adopted(i))
    order = [c for c in reversed(config.labels()["opinion_adoption"].codes) if c != NOT_ADOPTED]
    out.by_level = {c: levels[c] for c in order if levels.get(c)} | {c: n for c, n in levels.items() if c not in order}
    out.by_submitter = _tallies(chosen, lambda i: (i.submitter or "").strip() or "未注明")
    out.by_group = _tallies(
        chosen, lambda i: (i.submitter_unit or "").strip() or sectors.get((i.submitter or "").strip()) or "未注明"
    )
    return out


def _tallies(chosen: list[PublicOpinion], key) -> list[Tally]:
    groups: dict[str, list[PublicOpinion]] = {}
    for i in chosen:
        groups.setdefault(key(i), []).append(i)
    tallies = [
        Tally(name, len(mine), sum(1 for i in mine if adopted(i)), sum(1 for i in mine if instructed(i)))
        for name, mine in groups.items()
    ]
    return sorted(tallies, key=lambda t: (-t.submitted, -t.adopted, t.name))


def sentence(f: OpinionFigures, period_name: str) -> str:
    """The figures as the summary words them: "全年共收到社情民意信息12条，……"."""
    labels = config.labels()["opinion_adoption"]
    text = f"{period_name}共收到社情民意信息{f.submitted}条，编报{f.edited}条，被采用{f.adopted}条"
    if f.by_level:
        text += "（其中" + "、".join(f"{labels.label(c)}{n}条" for c, n in f.by_level.items()) + "）"
    text += f"，获领导批示{f.instructed}条"
    top = [t for t in f.by_submitter if t.name != "未注明"][:3]
    if top and top[0].submitted > 1:
        text += "。报送较多的有" + "、".join(f"{t.name}（{t.submitted}条）" for t in top if t.submitted > 1)
    return text + "。"
