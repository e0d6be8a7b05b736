"""The 会议纪要 draft of a standing-committee meeting, from its agenda, attendance and rating results.

Skeleton after county 常委会议 practice (FORMATS.md (d)): when and where the meeting was held, who
presided, members expected and present (and whether that is more than half), then one numbered
paragraph per agenda item in the usual verbs (会议听取了…/审议了…; the 人事事项 item with the decisions
worded from the meeting's 任免名单), one per 表决 with its counts and result (`office.votes`), one for
the 常委's rating with each department's 满意率, and the 议定事项 the office entered for the meeting
with their 责任单位 and 完成时限 (`office.decisions`); without them a placeholder, which only the office
can fill (only matters agreed at the meeting may stand as 议定事项). Attendance lines close it:
出席, 请假 with the reasons (from the 回执 while attendance is not entered) and 缺席 (absent without leave).
Layout: `documents.minutes` head + an ordinary unsealed document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.base.filenames import safe_component
from workbench.base.numerals import chinese_date, chinese_number
from workbench.drafts.agenda import agenda_items
from workbench.drafts.blocks import MinutesHead, Paragraph, StandaloneDocument
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.office import decisions, figures, personnel, replies, votes
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import office
from workbench.store import Store
from workbench.store.rows import Attendance, Member

PERSONNEL_WORDS = ("人事", "任免", "增补", "辞去", "免去", "撤销", "任命", "委员资格")
VERBS = ("听取", "审议", "协商", "通报", "传达", "学习", "讨论", "表决", "通过")


@dataclass
class Minutes:
    meeting: MeetingInfo
    mark: str
    number: str
    office: str
    paragraphs: list[str]
    attendance: list[tuple[str, str]]


def _item_sentence(text: str) -> str:
    """An agenda item as the packet words it ("听取县人民政府关于……的通报") as a sentence of the minutes."""
    text = text.strip().rstrip("。")
    if text.startswith("听取"):
        return f"会议听取了{text[2:]}。"
    if text.startswith("审议"):
        return f"会议审议了{text[2:]}。"
    if text.startswith(VERBS):
        return f"会议{text}。"
    return f"会议审议了{text}。"


def _vote_sentence(r: votes.VoteResult) -> str:
    """ "会议表决通过了《关于增补……的决定》（赞成22票，反对0票，弃权2票）。": a passed draft is no longer one."""
    subject = r.vote.subject.strip().rstrip("。")
    if r.passed:
        subject = re.sub(r"[（(]草案[)）]$", "", subject)
    if subject.startswith("关于") and not subject.startswith("《"):
        subject = f"《{subject}》"
    if r.passed is None:
        return f"会议对{subject}进行了表决（表决结果待录入）。"
    return f"会议{'表决通过了' if r.passed else '表决未通过'}{subject}（{r.counts()}）。"


def _decision_sentence(d) -> str:
    """One 议定事项 with who carries it out by when: "……。由县住房城乡建设局负责落实，2027年3月31日前完成。"."""
    text = d.text.strip().rstrip("。；;")
    who = f"由{d.owner_unit.strip()}负责落实" if d.owner_unit and d.owner_unit.strip() else ""
    when = f"{chinese_date(d.deadline)}前完成" if d.deadline else ""
    tail = "，".join(p for p in (who, when) if p)
    return f"{text}。" + (f"{tail}。" if tail else "")


def _when(meeting: MeetingInfo) -> str:
    day = chinese_date(meeting.held_on) if meeting.held_on else "（日期）"
    part = re.match(r"^(上午|下午|晚上)", meeting.start_time or "")
    return day + (part.group(1) if part else "")


def build(store: Store, meeting: MeetingInfo) -> Minutes:

    sender = office(store)
    att = figures.attendance_summary(store, meeting.id)
    rows = store.select(Attendance, meeting_id=meeting.id)
    names = {m.id: m.name for m in store.select(Member, Member.table.c.id.in_([r.member_id for r in rows]))}
    rows.sort(key=lambda r: r.member_id)
    present = [names[r.member_id] for r in rows if r.state == "present"]
    # Who was away and why, as the minutes' 请假 line says it: from attendance once it is entered, before
    # that from the 回执 (a draft written ahead of the day names those who asked leave).
    away = [(names[r.member_id], r.reason) for r in rows if r.state == "on_leave"]
    absent = [names[r.member_id] for r in rows if r.state == "absent_unexcused"]
    if not rows:
        away = [(m.name, reason) for m, reason in replies.reply_status(store, meeting).on_leave]
    leave = [f"{name}（{reason.strip()}）" if reason and reason.strip() else name for name, reason in away]
    presider_title = sender.title_of(meeting.presider)
    presider = f"县政协{presider_title}{meeting.presider}" if presider_title else (meeting.presider or "（主持人）")
    quorum = ("符合规定人数" if att.quorum else "不足规定人数") if rows else "（出勤尚未登记，请核对）"
    paragraphs = [
        f"{_when(meeting)}，{meeting.title}在{meeting.venue or '（地点）'}召开。{presider}主持会议。"
        f"会议应到常委{att.expected}人，实到{att.present}人，{quorum}。现将会议议定事项纪要如下："
    ]
    items = [_item_sentence(i["text"]) for i in agenda_items(store, meeting)]
    changes = personnel.changes(store, meeting.id)
    if changes:
        # The 人事事项 item states what was decided, from the 任免名单 the packet printed.
        decided = f"会议协商决定：{'；'.join(personnel.decisions(changes, meeting.committee_of_term))}。"
        at = next((k for k, i in enumerate(items) if any(w in i for w in ("人事", "任免", "增补"))), None)
        if at is None:
            items.append(decided)
        else:
            items[at] = items[at].replace("会议审议了", "会议审议通过了").rstrip("。") + "。" + decided
    personnel_at = next((k for k, i in enumerate(items) if any(w in i for w in PERSONNEL_WORDS)), None)
    for r in votes.results(store, meeting.id):
        said = _vote_sentence(r)
        if personnel_at is not None and any(w in r.vote.subject for w in PERSONNEL_WORDS):
            items[personnel_at] = items[personnel_at].rstrip("。") + "。" + said  # the vote belongs to that item
        else:
            items.append(said)
    rates = figures.rating_rates(store, meeting_id=meeting.id)
    if rates:
        parts = "、".join(f"{r.department}{figures.percent(r.rate)}" for r in rates)
        items.append(f"会议对{len(rates)}项情况通报进行了满意度测评，满意率分别为：{parts}。")
    agreed = decisions.of_meeting(store, meeting.id)
    if agreed:
        items.append("会议议定：" + "".join(f"（{chinese_number(n)}）{_decision_sentence(d)}" for n, d in enumerate(agreed, 1)))
    else:
        items.append("会议要求，（请根据会议议定事项填写）。")
    paragraphs += [f"{chinese_number(n)}、{text}" for n, text in enumerate(items, start=1)]
    attendance = [("出席", "、".join(present) or "（出勤尚未登记）")]
    if leave:
        attendance.append(("请假", "、".join(leave)))
    if absent:  # not excused: never among those on leave
        attendance.append(("缺席", "、".join(absent)))
    # Two lines, broken where a reader pauses: the committee, then what these minutes are.
    term = f"政协{sender.county}第{chinese_number(meeting.term_no)}届委员会\n常务委员会会议纪要"
    return Minutes(meeting, term, f"第{chinese_number(meeting.seq_no)}期", sender.name, paragraphs, attendance)


def document(minutes: Minutes) -> StandaloneDocument:
    """The 纪要 as a document: its head (mark, issue number, office and date), the numbered paragraphs
    and the attendance lines; no title line and no signature (the head names the office)."""
    date_text = chinese_date(minutes.meeting.held_on) if minutes.meeting.held_on else ""
    return StandaloneDocument(
        title=f"{minutes.meeting.short_title}会议纪要",
        blocks=[Paragraph(p) for p in minutes.paragraphs],
        attendance=minutes.attendance,
        author=minutes.office,
        show_title=False,
        minutes_head=MinutesHead(minutes.mark, minutes.number, minutes.office, date_text),
    )


def draft(store: Store, request: Request) -> Drafted:
    meeting = request.need_meeting("会议纪要")
    minutes = build(store, meeting)
    name = f"{safe_component(meeting.short_title)}_会议纪要（初稿）.docx"
    return Drafted([Output(name, document(minutes))], draft=minutes)
