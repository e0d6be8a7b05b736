"""The half-year and year-end drafts (上半年工作总结 / 年度工作总结) built from the store, for the office to edit.

Modelled on the plan-and-summary style: the year's work plan reported back section by section
(FORMATS.md (c)). For the period (1 January – 30 June, or the whole year for `half=2`):
- 一、主要工作: per plan section, the items completed in the period, each with its progress notes
  of the period condensed to dated facts ("3月20日，……"), then items still in progress with
  their latest fact; then the period's figures (meetings held, briefings heard, supervision items
  closed, proposals with 办复率 and 满意率, liaison-group quotas met) from `figures`; and, where the office keeps
  its 社情民意信息 ledger, what was submitted, edited, adopted (by level) and instructed (`office.public_opinion`).
- 二、存在的问题: lagging or overdue items, with the latest note as the reason.
- 三、下半年工作打算 / 明年工作思路: the unfinished items, by section.
Items are taken as they stood at the end of the period, from the store's history (the day the office
recorded each status); an item completed without history counts on its latest progress note's date.
Nothing here writes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from workbench.base.errors import NotFoundError, ValidationError
from workbench.base.filenames import safe_component
from workbench.base.numerals import chinese_date, chinese_number
from workbench.drafts.blocks import Heading, Paragraph, Signature, StandaloneDocument
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.office import figures, public_opinion
from workbench.office.meetings import MeetingKind
from workbench.office.sender import office
from workbench.store import Store
from workbench.store.rows import HistoryEntry, Meeting, ProgressNote


@dataclass(frozen=True)
class Period:
    year: int
    half: int  # 1: 上半年; 2: the whole year (年终总结)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def name(self) -> str:
        return "上半年" if self.half == 1 else "全年"

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def period(year: int, half: int) -> Period:
    if half not in (1, 2):
        raise ValidationError(f"--half 应为 1（上半年小结）或 2（年终总结），现为 {half}。")
    return Period(year, half)


def status_changes(store: Store, item_ids: list[int]) -> dict[int, list[tuple[date, str | None]]]:
    """Each item's status over time from the store's history: (day recorded, status), oldest first."""
    found: dict[int, list[tuple[date, str | None]]] = defaultdict(list)
    if not item_ids:
        return found
    for r in store.select(HistoryEntry, HistoryEntry.table.c.record_id.in_(item_ids), table_name="plan_item"):
        try:
            value = json.loads(r.new_value) if r.new_value else None
        except ValueError:
            continue
        if r.action == "insert" and isinstance(value, dict):
            found[r.record_id].append((r.at.date(), value.get("status")))
        elif r.action in ("update", "undo") and r.field == "status":
            found[r.record_id].append((r.at.date(), value))
    return found


def status_at(changes: list[tuple[date, str | None]], current: str | None, day: date) -> tuple[str | None, date | None]:
    """The status on `day` and the day it was set; without history, the current status (undated)."""
    if not changes:
        return current, None
    status, since = None, None
    for when, value in changes:
        if when > day:
            break
        if value != status:
            status, since = value, when
    return status, since


def first_sentence(text: str) -> str:
    """The first sentence of a note, as a fact: "召开专题协商会，形成报告1篇。" → "召开专题协商会，形成报告1篇"."""
    text = " ".join(text.split())
    head = re.split(r"(?<=[。；;！!])", text, maxsplit=1)[0]
    return head.rstrip("。；;！! ") or text


def dated_facts(notes: list[ProgressNote]) -> str:
    facts = [f"{n.noted_on.month}月{n.noted_on.day}日，{first_sentence(n.text)}" for n in notes]
    return "；".join(facts) + "。" if facts else ""


@dataclass
class Draft:
    title: str
    blocks: list
    completed: list[str]  # titles of the plan items named as completed in the period
    sender: str
    period: Period


def build(store: Store, year: int, half: int) -> Draft:
    p = period(year, half)
    sender = office(store)
    items = figures.plan_items(store, p.end, year=year)
    if not items:
        raise NotFoundError(f"库中没有{year}年的年度工作要点，无法按工作要点起草{p.name}工作总结。请先导入工作要点。")
    changes = status_changes(store, [i.id for i in items])
    # Each item as it stood at the end of the period: a summary of 上半年 written in December
    # reports what was done by 30 June, not what was done since.
    status: dict[int, str | None] = {}
    since: dict[int, date | None] = {}
    for i in items:
        status[i.id], since[i.id] = status_at(changes.get(i.id, []), i.status, p.end)
    notes_by_item: dict[int, list[ProgressNote]] = defaultdict(list)
    pn = ProgressNote.table
    for n in store.select(
        ProgressNote,
        pn.c.plan_item_id.in_([i.id for i in items]),
        pn.c.noted_on >= p.start,
        pn.c.noted_on <= p.end,
        order_by=("noted_on", "id"),
    ):
        notes_by_item[n.plan_item_id].append(n)

    def completed_in_period(i) -> bool:
        return status[i.id] == "done" and p.contains(since[i.id] or i.latest_note_on)

    sections: dict[int, list] = defaultdict(list)
    for i in items:
        sections[i.section_number].append(i)

    period_words = "半年来" if half == 1 else "一年来"
    title = f"{sender.committee}{year}年{'上半年' if half == 1 else ''}工作总结"
    blocks: list = [
        Paragraph(
            f"{period_words}，在县委的坚强领导下，{sender.committee}按照年初确定的{year}年工作要点，"
            "围绕中心、服务大局，认真履行政治协商、民主监督、参政议政职能，各项工作有序推进。现将有关情况报告如下："
        )
    ]
    blocks.append(Heading(f"一、{'上半年' if half == 1 else '全年'}主要工作", 1))
    completed: list[str] = []
    for k, number in enumerate(sorted(sections), start=1):
        mine = sections[number]
        blocks.append(Heading(f"（{chinese_number(k)}）{mine[0].section_title}", 2))
        wrote = False
        for i in mine:
            if completed_in_period(i):
                completed.append(i.title)
                facts = dated_facts(notes_by_item[i.id])
                blocks.append(Paragraph(f"{i.title}已完成。{facts}"))
                wrote = True
        for i in mine:
            if i.title in completed or status[i.id] in ("changed", "done"):
                continue
            facts = dated_facts(notes_by_item[i.id][-2:])
            if facts:
                blocks.append(Paragraph(f"{i.title}正在推进。{facts}"))
                wrote = True
        if not wrote:
            blocks.append(Paragraph(f"本部分工作{p.name}尚无记录的进展，请补充。"))
    blocks += [Heading(f"（{chinese_number(len(sections) + 1)}）主要数据", 2), Paragraph(_figures(store, p))]
    opinions = public_opinion.opinion_figures(store, p.start, p.end)
    if opinions.any:
        blocks += [
            Heading(f"（{chinese_number(len(sections) + 2)}）社情民意信息", 2),
            Paragraph(public_opinion.sentence(opinions, p.name)),
        ]

    blocks.append(Heading("二、存在的问题", 1))
    lagging = [i for i in items if status[i.id] == "lagging"] + [
        i for i in items if status[i.id] not in ("lagging", "done", "changed") and i.deadline is not None and i.deadline < p.end
    ]
    if lagging:
        for k, i in enumerate(lagging, start=1):
            reason = f"目前情况：{first_sentence(i.latest_note)}。" if i.latest_note else "尚无进展记录。"
            late = f"完成时限为{chinese_date(i.deadline)}，" if i.deadline and i.deadline < p.end else ""
            blocks.append(Paragraph(f"{ordinal_word(k)}{i.title}进展滞后，{late}{reason}"))
    else:
        blocks.append(Paragraph(f"{p.name}工作要点未出现进展滞后的事项。其他方面的不足请办公室结合实际补充。"))

    blocks.append(Heading("三、下半年工作打算" if half == 1 else f"三、{year + 1}年工作思路", 1))
    open_items = [i for i in items if status[i.id] not in ("done", "changed")]
    if open_items:
        by_section: dict[str, list[str]] = defaultdict(list)
        for i in open_items:
            by_section[i.section_title].append(i.title)
        for k, (section_title, titles) in enumerate(by_section.items(), start=1):
            blocks.append(Paragraph(f"{ordinal_word(k)}{section_title}。继续推进{'、'.join(titles)}。"))
    else:
        blocks.append(Paragraph(f"{year}年工作要点各项任务均已完成，请结合下一年度工作要点补充工作打算。"))
    return Draft(title, blocks, completed, sender.name, p)


def ordinal_word(n: int) -> str:
    return f"{chinese_number(n)}是"


def _figures(store: Store, p: Period) -> str:
    held = [r for r in store.select(Meeting, kind=MeetingKind.STANDING_COMMITTEE, status="held") if p.contains(r.held_on)]
    held_ids = {r.id for r in held}
    heard = [t for t in figures.briefing_topics(store) if t.meeting_id in held_ids]
    closed = [s for s in figures.supervision_items(store, p.end) if p.contains(s.item.closed_on)]
    pf = figures.proposal_figures(store, p.end, year=p.year)
    groups = figures.liaison_completion_by_group(figures.liaison_quotas(store, p.year, up_to=p.end))
    met = [g for g in groups if g["required"] and g["done"] >= g["required"]]
    required, done = sum(g["required"] for g in groups), sum(g["done"] for g in groups)
    parts = [f"{p.name}共召开常委会议{len(held)}次，听取情况通报{len(heard)}项", f"民主监督事项办结{len(closed)}项"]
    if pf.filed:
        parts.append(
            f"{p.year}年立案提案{pf.filed}件，已答复{pf.replied}件，办复率{figures.percent(pf.reply_rate)}，"
            f"满意率{figures.percent(pf.satisfaction_rate)}"
        )
    if groups:
        parts.append(
            f"{len(groups)}个委员联络组完成年度活动指标{done}项次（共{required}项次，"
            f"完成{figures.percent(figures.rate(done, required))}），其中{len(met)}个组已全部完成"
        )
    return "；".join(parts) + "。"


def document(draft: Draft, *, signed_on: date | None = None) -> StandaloneDocument:
    return StandaloneDocument(
        title=draft.title, blocks=draft.blocks, signature=Signature(draft.sender, signed_on or date.today()), author=draft.sender
    )


def draft(store: Store, request: Request) -> Drafted:
    if request.year is None or request.half is None:
        raise ValidationError("起草工作总结须指定年份和半年：--year 2026 --half 1（上半年）或 2（全年）。")
    summary = build(store, request.year, request.half)
    name = f"{safe_component(summary.title)}（初稿）.docx"
    return Drafted([Output(name, document(summary, signed_on=request.issued_on))], draft=summary)
