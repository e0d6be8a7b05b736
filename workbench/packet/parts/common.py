"""What the packet's parts share: the marks and notes they print, page widths, the signature of a report,
the counting table, and `Context`, everything a part is drafted from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workbench.drafts.blocks import (
    Column,
    Packet,
    Paragraph,
    Table,
)
from workbench.office import committee, figures
from workbench.office.meetings import MeetingInfo
from workbench.office.preparation import Preparation
from workbench.packet.rules import PacketRules
from workbench.packet.wording import zh_date
from workbench.store import Store

MARK = "▲"


MARK_NOTE = f"注：标“{MARK}”并加粗的为逾期或进展滞后事项。"


# Said in the editor beside a document left out because it has nothing to say.
EMPTY = "本次没有相关内容，未收入会议材料（可在编辑器“材料内容”页收入）。"


# Portrait text width on A4 with 28/26 mm margins is 156 mm; landscape tables stay within 225 mm.
PORTRAIT_MM = 156


LANDSCAPE_MM = 225


def closing(office: str, day: date) -> list[Paragraph]:
    """署名 and 成文日期 of an unsealed report (GB/T 9704 §7.3.5.2): one blank line, the office 2 characters
    in from the right, the date starting 2 characters right of the office's first character; kept together."""
    date_text = zh_date(day)
    date_width = sum(0.5 if ch.isdigit() else 1 for ch in date_text)
    date_indent = max(2.0, 2 + len(office) - 2 - date_width)
    return [
        Paragraph("", keep_with_next=True),
        Paragraph(office, align="right", right_indent_chars=2, keep_with_next=True),
        Paragraph(date_text, align="right", right_indent_chars=date_indent),
    ]


def count_table(header: str, pairs: list[tuple[str, int]], total: int, *, unit: str = "件") -> Table:
    # Rows of nothing (重新办理 0 件, 回头看 0 件) are left out; the total still counts everything.
    rows = [[name, str(n), figures.percent(figures.rate(n, total))] for name, n in pairs if n]
    rows.append(["合计", str(sum(n for _, n in pairs)), figures.percent(figures.rate(sum(n for _, n in pairs), total))])
    return Table(columns=[Column(header, 76), Column(f"数量（{unit}）", 40, "center"), Column("占比", 40, "center")], rows=rows)


@dataclass
class Context:
    """Everything a part of the packet is drafted from; each part adds its documents and its figures.
    Its dates (截至, the period, the quarter) are those of `prep`, the meeting's one preparation."""

    store: Store
    meeting: MeetingInfo
    rules: PacketRules
    packet: Packet
    as_of: date
    previous: MeetingInfo | None
    agenda: list[dict]
    profile: committee.CommitteeProfile | None
    prep: Preparation

    @property
    def meeting_day(self) -> date:
        return self.prep.day
