"""Letters (函) the office sends around a meeting, drafted from the store.

- 邀请函 (invitation): one per reporting department, for its briefing topic(s) at the meeting: topic,
  who briefs, materials due date (the topic's own, else the schedule's 部门报送材料 date), contact.
- 催交函 (materials reminder): one per department whose materials have not come in, citing the
  invitation by its 发文字号.
- 催办函 (urge): one per department with supervision items past their deadline or filed proposals
  past their handling period without a reply (as of a date, by `figures`), listing exactly those.

Wording follows the skeletons in FORMATS.md (函 structure; the CPPCC wording is the office's usual
practice, to be edited). Each letter gets its 发文字号 once, from `[letters] number_pattern` in
labels.toml and the year's next serial; the number is stored in `letter` so printing again gives
the same number. Layout is `documents.letter` (信函格式).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from workbench.base import config
from workbench.base.errors import ValidationError, WorkbenchError
from workbench.base.numerals import chinese_date
from workbench.documents.letter import Letter
from workbench.drafts.blocks import Column, Table
from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import Office, office
from workbench.store import Store, schema
from workbench.store.rows import BriefingTopic, Proposal
from workbench.store.rows import Letter as LetterRecord

KINDS = ("invitation", "materials_reminder", "urge")


@dataclass
class Drafts:
    letters: list[Letter] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def topic_core(topic: str, department: str | None) -> str:
    """ "县农业农村局关于农村人居环境整治情况的通报" → "农村人居环境整治情况"."""
    text = topic.strip()
    for head in filter(None, (department, "县人民政府")):
        if text.startswith(head):
            text = text[len(head) :]
    text = re.sub(r"^关于", "", text)
    text = re.sub(r"的(情况)?通报$", "", text)
    return text or topic


def meeting_name(meeting: MeetingInfo) -> str:
    return f"县政协{meeting.short_title}"


def _number_text(office_: Office, year: int, serial: int) -> str:
    group = config.labels().group("letters")
    code = str(group.get("code") or "") or office_.county[:1]
    try:
        return str(group["number_pattern"]).format(code=code, year=year, no=serial)
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            f"标签配置（{config.labels().source}）[letters] number_pattern“{group['number_pattern']}”"
            "有误，只能使用 {code}、{year}、{no} 三个占位符。"
        ) from None


def _materials_due(store: Store, meeting: MeetingInfo, topic: BriefingTopic) -> date | None:
    if topic.materials_due_on:
        return topic.materials_due_on
    from workbench.office.schedule import build

    try:
        return build(store, meeting).step("departments_submit").due_on
    except WorkbenchError:  # no meeting date yet, or the office renamed the step: the letter asks for 会前
        return None


def _by_department(rows, key) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for r in rows:
        out[key(r) or ""].append(r)
    return out


def invitations(store: Store, meeting: MeetingInfo, sender: Office) -> Drafts:
    drafts = Drafts()
    topics = figures.briefing_topics(store, meeting.id)
    copies = int(config.labels().group("letters").get("materials_copies", 30))
    held = f"定于{chinese_date(meeting.held_on)}召开" if meeting.held_on else "拟于近期召开"
    for department, rows in _by_department(topics, lambda t: t.reporting_body).items():
        if not department:
            drafts.notices.append("、".join(t.code for t in rows) + " 没有填写通报单位，未生成邀请函。")
            continue
        cores = [topic_core(t.topic, department) for t in rows]
        subject = "和".join(cores)
        due = min((d for d in (_materials_due(store, meeting, t) for t in rows) if d), default=None)
        reporters = "、".join(f"{t.reporter}{t.reporter_title or '同志'}" for t in rows if t.reporter)
        who = f"请{reporters}到会通报" if reporters else "请贵单位主要负责同志到会通报"
        paragraphs = [
            f"根据县政协年度工作要点和协商工作计划，经县政协主席会议研究，{meeting_name(meeting)}{held}，"
            f"会议拟听取贵单位关于{subject}的情况通报。现将有关事项函告如下：",
            f"一、{who}{subject}，时间15至20分钟；会议具体时间和地点另行通知。",
            (
                "二、请于" + chinese_date(due) + "前将通报材料电子文档报送县政协办公室，"
                if due
                else "二、请在会前将通报材料电子文档报送县政协办公室，"
            )
            + f"同时报送纸质材料{copies}份。",
        ]
        title = f"关于商请{department}在{meeting_name(meeting)}上通报{subject}的函"
        drafts.letters.append(
            Letter(
                kind="invitation",
                sender=sender.name,
                number="",
                title=title,
                recipient=department,
                paragraphs=paragraphs,
                closing="请予支持为盼。",
                contact=sender.contact,
            )
        )
    return drafts


def materials_reminders(
    store: Store, meeting: MeetingInfo, sender: Office, issued_on: date, numbers: dict[tuple[str, str], str]
) -> Drafts:
    drafts = Drafts()
    missing = figures.materials_missing(figures.briefing_topics(store, meeting.id))
    days = int(config.labels().group("letters").get("reminder_days", 3))
    from workbench.office.schedule import calendar

    cal = calendar()
    new_due = issued_on
    for _ in range(days):  # `days` working days after the letter
        new_due = date.fromordinal(new_due.toordinal() + 1)
        while not cal.is_working_day(new_due):
            new_due = date.fromordinal(new_due.toordinal() + 1)
    issued = {r.recipient: r.issued_on for r in store.select(LetterRecord, meeting_id=meeting.id, kind="invitation")}
    for department, rows in _by_department(missing, lambda t: t.reporting_body).items():
        if not department:
            continue
        subject = "和".join(topic_core(t.topic, department) for t in rows)
        invited = issued.get(department)
        if invited is not None and invited >= issued_on:
            continue  # the invitation goes out the same day: nothing to remind of yet
        number = numbers.get(("invitation", department))
        cited = f"《关于商请{department}在{meeting_name(meeting)}上通报{subject}的函》" + (f"（{number}）" if number else "")
        due = min((t.materials_due_on for t in rows if t.materials_due_on), default=None)
        late = f"原定报送时间为{chinese_date(due)}，" if due and due < issued_on else ""
        paragraphs = [
            f"我办前以{cited}商请贵单位在{meeting_name(meeting)}上通报{subject}。{late}"
            f"截至{chinese_date(issued_on)}，尚未收到贵单位的通报材料。",
            f"为保证会议材料按时印发，请于{chinese_date(new_due)}前将通报材料电子文档报送县政协办公室，"
            "并按原函要求报送纸质材料。",
        ]
        drafts.letters.append(
            Letter(
                kind="materials_reminder",
                sender=sender.name,
                number="",
                title=f"关于报送{meeting_name(meeting)}情况通报材料的函",
                recipient=department,
                paragraphs=paragraphs,
                contact=sender.contact,
            )
        )
    return drafts


# Every proposal listed is unreplied (the lead sentence says so): no status column, so 案由 keeps its room.
PROPOSAL_COLUMNS = [
    Column("案号", 18, "center"),
    Column("案由", 66),
    Column("交办日期", 28, "center"),
    Column("办理期限", 28, "center"),
    Column("超期天数", 16, "center"),
]
SUPERVISION_COLUMNS = [
    Column("事项编号", 24, "center"),
    Column("监督事项", 66),
    Column("完成时限", 26, "center"),
    Column("超期天数", 14, "center"),
    Column("当前状态", 26, "center"),
]


@dataclass
class Overdue:
    """What one department has overdue as of a date: the rows a 催办函 lists."""

    department: str
    proposals: list[tuple[Proposal, date | None]] = field(default_factory=list)  # with each one's due date
    supervision: list[figures.SupervisionState] = field(default_factory=list)


def overdue_by_department(store: Store, as_of: date) -> list[Overdue]:
    found: dict[str, Overdue] = {}
    pf = figures.proposal_figures(store, as_of)
    for p in pf.overdue:
        if p.lead_unit:
            found.setdefault(p.lead_unit, Overdue(p.lead_unit)).proposals.append((p, pf.due[p.id]))
    for s in figures.supervision_items(store, as_of):
        if s.overdue:
            dept = s.item.department
            found.setdefault(dept, Overdue(dept)).supervision.append(s)
    return [found[k] for k in sorted(found)]


def urge_letters(store: Store, sender: Office, as_of: date) -> Drafts:
    drafts = Drafts()
    labels = config.labels()
    months = labels.rule("proposal_due_months")
    for o in overdue_by_department(store, as_of):
        paragraphs: list[str] = []
        tables: list[tuple[str, Table]] = []
        if o.proposals:
            rows = [
                [
                    f"第{p.case_no}号",
                    p.title,
                    chinese_date(p.assigned_on),
                    chinese_date(due),
                    str(figures.days_overdue(due, as_of)),
                ]
                for p, due in o.proposals
            ]
            tables.append(
                (
                    f"根据县政协提案办理工作有关规定，提案应在交办之日起{months}个月内办理完毕并书面答复提案人。"
                    f"截至{chinese_date(as_of)}，贵单位主办的下列{len(rows)}件提案已超过办理期限，尚未书面答复：",
                    Table(columns=PROPOSAL_COLUMNS, rows=rows),
                )
            )
        if o.supervision:
            rows = [
                [
                    s.item.code,
                    s.item.topic,
                    chinese_date(s.item.deadline),
                    str(s.days_overdue),
                    labels["supervision_status"].label(s.item.status),
                ]
                for s in o.supervision
            ]
            lead = f"截至{chinese_date(as_of)}，县政协民主监督中由贵单位负责的下列{len(rows)}项监督事项已超过完成时限，尚未办结："
            tables.append((("另，" if o.proposals else "") + lead, Table(columns=SUPERVISION_COLUMNS, rows=rows)))
        requests = []
        if o.proposals:
            requests.append(
                "请抓紧办理上述提案，尽快书面答复提案人，并将答复件和提案人的征询意见表"
                "抄送县政协提案委员会；确因客观原因暂时无法办结的，请书面说明原因和办理进展。"
            )
        if o.supervision:
            requests.append("请加快推进上述监督事项的落实，并将办理进展和结果书面反馈县政协办公室。")
        after = [f"{'一二'[i]}、{r}" if len(requests) > 1 else r for i, r in enumerate(requests)]
        after.append("办理情况将在县政协常委会议上通报，并作为年度考核的参考。")
        drafts.letters.append(
            Letter(
                kind="urge",
                sender=sender.name,
                number="",
                title=(
                    "关于督促办理逾期提案和民主监督事项的函"
                    if o.proposals and o.supervision
                    else "关于督促办理逾期提案的函"
                    if o.proposals
                    else "关于督促办理逾期民主监督事项的函"
                ),
                recipient=o.department,
                paragraphs=paragraphs,
                tables=tables,
                after_table=after,
                contact=sender.contact,
            )
        )
    return drafts


def _number(
    store: Store, meeting: MeetingInfo, letters: list[Letter], sender: Office, issued_on: date, actor: str | None
) -> None:
    """Give each letter its 发文字号 and 成文日期: the stored ones if it was numbered before, else the next."""
    lt = schema.letter
    first = int(config.labels().group("letters").get("first_number", 1))
    with store.writer(actor) as w:
        for letter in letters:
            found = (
                w.conn.execute(
                    select(lt).where(lt.c.meeting_id == meeting.id, lt.c.kind == letter.kind, lt.c.recipient == letter.recipient)
                )
                .mappings()
                .first()
            )
            row = LetterRecord.from_row(found) if found else None
            if row is None:
                year = issued_on.year
                top = w.conn.execute(select(func.max(lt.c.serial)).where(lt.c.year == year)).scalar()
                serial = max(first, (top or 0) + 1)
                w.insert(
                    lt,
                    {
                        "meeting_id": meeting.id,
                        "kind": letter.kind,
                        "recipient": letter.recipient,
                        "year": year,
                        "serial": serial,
                        "title": letter.title,
                        "issued_on": issued_on,
                    },
                )
                letter.issued_on = issued_on
                letter.number = _number_text(sender, year, serial)
            else:
                letter.issued_on = row.issued_on
                letter.number = _number_text(sender, row.year, row.serial)
                if row.title != letter.title:
                    w.update(lt, row.id, {"title": letter.title}, expected_version=row.version)


def stored_numbers(store: Store, meeting: MeetingInfo, sender: Office) -> dict[tuple[str, str], str]:
    return {
        (r.kind, r.recipient): _number_text(sender, r.year, r.serial) for r in store.select(LetterRecord, meeting_id=meeting.id)
    }


def draft(
    store: Store,
    meeting: MeetingInfo,
    kinds: tuple[str, ...] = KINDS,
    *,
    issued_on: date | None = None,
    as_of: date | None = None,
    actor: str | None = None,
) -> Drafts:
    """The meeting's letters of the given kinds, numbered and dated (numbers are stored)."""
    issued_on = issued_on or date.today()
    as_of = as_of or issued_on
    sender = office(store)
    out = Drafts()
    if "invitation" in kinds:
        found = invitations(store, meeting, sender)
        _number(store, meeting, found.letters, sender, issued_on, actor)
        out.letters += found.letters
        out.notices += found.notices
    if "materials_reminder" in kinds:
        found = materials_reminders(store, meeting, sender, issued_on, stored_numbers(store, meeting, sender))
        _number(store, meeting, found.letters, sender, issued_on, actor)
        out.letters += found.letters
    if "urge" in kinds:
        found = urge_letters(store, sender, as_of)
        _number(store, meeting, found.letters, sender, issued_on, actor)
        out.letters += found.letters
    if not sender.contact:
        out.notices.append("本会设置中没有办公室联系人和电话，函件未写附注（联系人）。")
    return out


def file_name(meeting: MeetingInfo, letter: Letter) -> str:
    from workbench.documents.filenames import safe_component

    kind = config.labels()["letter_kind"].label(letter.kind)
    return f"{safe_component(meeting.short_title)}_{safe_component(kind)}_{safe_component(letter.recipient)}.docx"


def write(
    store: Store,
    meeting: MeetingInfo,
    out_dir: str | Path,
    kinds: tuple[str, ...] = KINDS,
    *,
    issued_on: date | None = None,
    as_of: date | None = None,
    force: bool = False,
    actor: str | None = None,
) -> tuple[list[Path], Drafts]:
    from workbench.documents.letter import render_letter
    from workbench.documents.standalone import write_files

    drafts = draft(store, meeting, kinds, issued_on=issued_on, as_of=as_of, actor=actor)
    contents = []
    for letter in drafts.letters:
        data, notices = render_letter(letter)
        drafts.notices += notices
        contents.append((Path(out_dir) / file_name(meeting, letter), data))
    return write_files(contents, force=force), drafts
