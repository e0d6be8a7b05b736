"""Assembling a meeting's packet from the store, by the secretary's rules, in the glossary's order.

cover → notice → agenda → briefings → plan progress → next year's draft plan (December) →
supervision → proposals → personnel (任免名单, when entered) → attendance → liaison
groups → changes since the last meeting. Every number quoted
comes from `workbench.office.figures` and is also put in `Packet.figures`, so a test or
a snapshot can check the packet against the store. The result is plain data
that the editor may change by hand before `workbench.documents` writes it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from workbench.base import config
from workbench.base.errors import ValidationError
from workbench.drafts.blocks import (
    Appendix,
    AttendanceFigures,
    Block,
    BriefingFigures,
    ChangeFigures,
    Column,
    Heading,
    LiaisonFigures,
    MeetingAttendance,
    Packet,
    PacketDocument,
    Paragraph,
    PersonnelFigures,
    PlanFigures,
    ProposalFiguresQuoted,
    RatingFigures,
    SupervisionFigures,
    Table,
)
from workbench.office import committee, figures, personnel
from workbench.office.meetings import MeetingInfo, MeetingKind, list_meetings, previous_meeting, resolve
from workbench.packet import snapshot
from workbench.packet.rules import PacketRules
from workbench.packet.wording import case_no, label, ordinal, quarter_name, short_date, zh_date, zh_month_day
from workbench.store import Store
from workbench.store.rows import AgendaItem, Proposal, WorkPlan

MARK = "▲"
MARK_NOTE = f"注：标“{MARK}”并加粗的为逾期或进展滞后事项。"
# Said in the editor beside a document left out because it has nothing to say.
EMPTY = "本次没有相关内容，未收入会议材料（可在编辑器“材料内容”页收入）。"
WEEKDAYS = "一二三四五六日"
SOURCES = {
    "briefing_topic": "情况通报议题",
    "manual": "手工录入",
    "plan_item": "年度工作要点",
    "supervision_item": "民主监督事项",
    "proposal": "提案",
    "consultation_plan": "年度协商计划",
}
# Agenda wording: a title that does not start with what the meeting does gets "听取" if it is a briefing.
VERBS = ("听取", "审议", "协商", "讨论", "表决", "通报", "通过", "学习", "传达", "书面", "审阅", "视察")

# Portrait text width on A4 with 28/26 mm margins is 156 mm; landscape tables stay within 225 mm.
PORTRAIT_MM = 156
LANDSCAPE_MM = 225


def as_of_date(meeting: MeetingInfo, today: date | None = None) -> date:
    """The date the packet's figures are taken (its "截至"): `figures.data_date`, as the dashboard's."""
    return figures.data_date(meeting.held_on, today)


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


def assemble(store: Store, meeting: MeetingInfo | str | int, rules: PacketRules | None = None) -> Packet:
    meeting = meeting if isinstance(meeting, MeetingInfo) else resolve(store, meeting)
    if meeting.kind != MeetingKind.STANDING_COMMITTEE:
        # The packet's documents (常委出勤, 常委会议以来变化) are those of a standing-committee meeting.
        raise ValidationError(
            f"{meeting.short_title}不是常委会议。会议材料按常委会议汇编，请选择一次常委会议，或写 next 表示下一次常委会议。"
        )
    rules = rules or PacketRules()
    as_of = as_of_date(meeting)
    previous = previous_meeting(store, meeting)
    packet = Packet(
        meeting_id=meeting.id,
        meeting_title=meeting.title,
        meeting_short_title=meeting.short_title,
        meeting_date=meeting.held_on,
        office=meeting.office or f"政协{meeting.county}委员会办公室",
    )
    packet.figures.as_of = as_of.isoformat()
    packet.figures.rules = rules.to_dict()

    agenda = _agenda_items(store, meeting)
    profile = committee.profile(store)
    packet.documents = [
        _cover(meeting, packet),
        _notice(meeting, packet, agenda, rules, profile),
        _agenda(meeting, agenda, profile),
        _briefings(store, meeting, rules, packet),
        _plan_progress(store, as_of, previous, rules, packet, meeting.held_on or as_of),
        *_draft_plan(store, meeting, rules, packet),
        _supervision(store, as_of, rules, packet),
        _proposals(store, as_of, rules, packet, meeting.held_on or as_of),
        *_personnel(store, meeting, packet),
        _attendance(store, meeting, as_of, packet),
        _liaison(store, as_of, packet),
        _changes(store, meeting, as_of, packet),
    ]
    return packet


# ---------------------------------------------------------------- cover, notice, agenda


def _weekday(day: date | None) -> str:
    return f"（星期{WEEKDAYS[day.weekday()]}）" if day else ""


def _when(meeting: MeetingInfo, *, weekday: bool = True) -> str:
    """The notice says the weekday; the agenda prints the time in brackets, where a second bracket would jar."""
    if meeting.held_on is None:
        return "时间另行通知"
    return f"{zh_date(meeting.held_on)}{_weekday(meeting.held_on) if weekday else ''}{meeting.start_time or ''}"


def _cover(meeting: MeetingInfo, packet: Packet) -> PacketDocument:
    # The cover template takes everything from `meeting` (title, office, date); the context is for the editor.
    return PacketDocument(
        key="cover",
        title="封面",
        template="cover.docx",
        context={"subtitle": "会议材料", "date_text": zh_date(meeting.held_on)},
        rule="会议名称、日期取自会议信息，落款为办公室名称。",
    )


def _agenda_items(store: Store, meeting: MeetingInfo) -> list[dict]:
    """This meeting's agenda rows, each with where it came from; the briefings if no agenda was entered."""
    rows = store.select(AgendaItem, meeting_id=meeting.id, order_by="position")
    topics = figures.briefing_topics(store, meeting.id)
    by_id = {t.id: t for t in topics}
    by_title = {t.topic: t for t in topics}
    items: list[dict] = []
    if rows:
        for r in rows:
            source = SOURCES.get(r.source or "manual", r.source or "手工录入")
            topic = by_id.get(r.source_id) if r.source == "briefing_topic" and r.source_id is not None else None
            if r.source == "briefing_topic" and topic is None:
                topic = by_title.get(r.title)
            if topic is not None:
                source = f"{source} {topic.code}"
            items.append({"title": r.title, "presenter": r.presenter or "", "source": source})
    else:
        for t in topics:
            presenter = f"{t.reporting_body or ''}{t.reporter_title or ''}{t.reporter or ''}"
            items.append(
                {"title": t.topic, "presenter": presenter, "source": f"情况通报议题 {t.code}（未录入议程，按通报议题生成）"}
            )
    for n, item in enumerate(items, start=1):
        item["number"] = n
        item["text"] = _as_topic(item["title"])  # as the agenda and the notice word it
    return items


# The agenda as the packet words it, for the minutes (workbench.drafts.minutes).
agenda_items = _agenda_items


def _as_topic(title: str) -> str:
    if title.startswith(VERBS):
        return title
    return f"听取{title}" if title.endswith("通报") or title.endswith("报告") else title


def _contact(office: str, profile: committee.CommitteeProfile | None) -> str:
    """The notice's 联系人: person and telephone from 本会设置 (FORMATS.md: “张三，电话：1234567”)."""
    person = profile.contact_person if profile else None
    phone = profile.contact_phone if profile else None
    if person and phone:
        return f"{person}，电话：{phone}"
    return person or (f"{office}，电话：{phone}" if phone else office)


def _presider(meeting: MeetingInfo, profile: committee.CommitteeProfile | None) -> str:
    """“县政协主席周启明”: the presider with the title 本会设置 gives them, as reports name the presider."""
    name = meeting.presider or ""
    title = profile.title_of(name) if profile and name else None
    return f"县政协{title}{name}" if title else name


def _notice(
    meeting: MeetingInfo,
    packet: Packet,
    agenda: list[dict],
    rules: PacketRules,
    profile: committee.CommitteeProfile | None = None,
) -> PacketDocument:
    # Context keys are those of templates/notice.docx (workbench.documents.context.TEMPLATE_FIELDS).
    office = packet.office.replace(f"政协{meeting.county}委员会", "县政协")
    requirements = ["请各位常委提前阅读会议材料，安排好工作，准时出席会议。", f"因故不能出席的请于会前向{office}请假。"]
    return PacketDocument(
        key="notice",
        title="会议通知",
        template="notice.docx",
        context={
            "recipients": "各位常委",
            "time": _when(meeting),
            "place": meeting.venue or "（地点另行通知）",
            "topics": [i["text"] for i in agenda] or ["（议题待定）"],
            "attendees": "县政协常委",
            "observers": rules.observers,
            "requirements": requirements,
            "contact": rules.contact or _contact(office, profile),
            "issued_on": _issued_on(meeting, packet),
        },
        rule="会议时间、地点取自会议信息；议题取自本次会议议程；列席人员按材料规则填写；联系人及电话取自本会设置。",
    )


def _issued_on(meeting: MeetingInfo, packet: Packet) -> date:
    # A notice is dated the day it is prepared, never after the meeting (re-exporting a past meeting's packet).
    today = packet.generated_at.date()
    return min(today, meeting.held_on) if meeting.held_on else today


def _agenda(meeting: MeetingInfo, agenda: list[dict], profile: committee.CommitteeProfile | None = None) -> PacketDocument:
    from_rows = not any("按通报议题生成" in i["source"] for i in agenda)
    return PacketDocument(
        key="agenda",
        title="会议议程（草案）",
        template="agenda.docx",
        context={
            "time": _when(meeting, weekday=False),
            "place": meeting.venue or "",
            "presider": _presider(meeting, profile),
            "items": agenda,
        },
        rule=(
            "议程取自本次会议已录入的议程事项，按序号排列。"
            if from_rows and agenda
            else "本次会议尚未录入议程事项，暂按拟通报的情况通报议题生成，请核对后补充。"
        ),
    )


# ---------------------------------------------------------------- briefings


def _briefings(store: Store, meeting: MeetingInfo, rules: PacketRules, packet: Packet) -> PacketDocument:
    topics = figures.briefing_topics(store, meeting.id)
    if rules.briefing_topics == "this_meeting_and_unassigned":
        topics += [t for t in figures.briefing_topics(store) if t.meeting_id is None and t.status != "briefed"]
    missing = {t.id for t in figures.materials_missing(topics)}
    # Whether materials came in is the secretary's business (the pre-export check lists it); the
    # 常委 read who reports on what.
    rows = []
    for n, t in enumerate(topics, start=1):
        reporter = f"{t.reporter_title or ''}{t.reporter or ''}" or "—"
        rows.append([str(n), t.topic, t.reporting_body or "—", reporter])
    packet.figures.briefings = BriefingFigures(
        codes=[t.code for t in topics], count=len(topics), materials_missing=[t.code for t in topics if t.id in missing]
    )
    blocks: list[Block] = [Paragraph(f"本次会议拟安排情况通报{len(topics)}项。" if topics else "本次会议暂未安排情况通报议题。")]
    if topics:
        blocks.append(
            Table(
                columns=[
                    Column("序号", 14, "center"),
                    Column("通报议题", 70),
                    Column("通报单位", 40),
                    Column("通报人", 32, "center"),
                ],
                rows=rows,
                caption="情况通报议题安排表",
            )
        )
    blocks += _previous_ratings(store, meeting, packet)
    # A page saying there is nothing to brief is left out (the secretary can put it back).
    empty = not topics and len(blocks) == 1
    return PacketDocument(
        key="briefings",
        title="情况通报议题",
        blocks=blocks,
        included=not empty,
        rule=rules.describe("briefing_topics") + (EMPTY if empty else ""),
    )


def _previous_ratings(store: Store, meeting: MeetingInfo, packet: Packet) -> list:
    """The 常委's rating of the departments that briefed the previous meeting, with 满意率 per department."""
    previous = previous_meeting(store, meeting)
    rates = figures.rating_rates(store, meeting_id=previous.id) if previous else []
    if not previous or not rates:
        return []
    levels = config.labels()["rating_level"]
    packet.figures.previous_ratings = [
        RatingFigures(department=r.department, subject=r.subject, counts=dict(r.counts), rate=r.rate) for r in rates
    ]
    rows = [
        [
            r.department,
            r.subject,
            *[str(r.counts.get(c, 0)) for c in levels.codes],
            str(r.abstained),
            str(r.invalid),
            figures.percent(r.rate),
        ]
        for r in rates
    ]
    return [
        Paragraph(f"{previous.short_title}对{len(rates)}项情况通报进行了满意度测评，结果如下："),
        Table(
            columns=[Column("被测评单位", 28), Column("测评事项", 48)]
            + [Column(label, 14, "center") for label in levels.labels]
            + [Column("弃权", 12, "center"), Column("无效", 12, "center"), Column("满意率", 18, "center")],
            rows=rows,
            caption=f"{previous.short_title}情况通报满意度测评结果",
            landscape=True,
        ),
    ]


# ---------------------------------------------------------------- plan progress


def _plan_progress(
    store: Store, as_of: date, previous: MeetingInfo | None, rules: PacketRules, packet: Packet, meeting_day: date
) -> PacketDocument:
    # The plan of the meeting's year (a March meeting prepared in December reports on the new plan),
    # its figures as of the data date.
    year = figures.plan_year_reported(store, meeting_day)
    items = figures.plan_items(store, as_of, year=year) if year is not None else []
    counts = figures.plan_status_counts(items)
    since = previous.held_on if previous and previous.held_on else figures.quarter_start(as_of)
    if rules.plan_items == "updated_since_last_meeting":
        listed = [i for i in items if i.latest_note_on is not None and i.latest_note_on > since]
    else:
        listed = items
    flagged = {i.id for i in figures.plan_items_flagged(items, as_of)}
    status_changed = figures.plan_items_status_changed(store, items, as_of)
    packet.figures.plan = PlanFigures(
        year=year,
        total=len(items),
        by_status=counts,
        listed_ids=[i.id for i in listed],
        flagged_ids=sorted(flagged),
        marked_ids=[i.id for i in listed if i.id in flagged],
        without_update=[i.id for i in figures.plan_items_without_update(items, as_of) if i.id not in status_changed],
    )
    title = f"关于{year}年工作要点落实情况的报告" if year else "关于年度工作要点落实情况的报告"
    if not items:
        return PacketDocument(
            key="plan_progress",
            title=title,
            included=False,
            blocks=[Paragraph(f"{year or meeting_day.year}年度工作要点尚未印发。")],
            rule=rules.describe("plan_items") + EMPTY,
        )
    status_text = "，".join(f"{label('plan_item_status', code)}{n}条" for code, n in counts.items() if n)
    sections = figures.plan_by_section(items)
    blocks: list[Block] = [
        Paragraph(
            f"{year}年度工作要点共{len(sections)}个部分{len(items)}条。截至{zh_date(as_of)}，{status_text}"
            + (
                f"；逾期或进展滞后的{len(flagged)}条"
                + (
                    "，已在表中标注"
                    if rules.plan_items == "all"
                    else f"，下表列出其中{sum(1 for i in listed if i.id in flagged)}条并已标注"
                )
                if flagged
                else ""
            )
            + "。"
            + ("" if rules.plan_items == "all" else f"以下列出{zh_date(since)}以来有新进展的{len(listed)}条。")
        )
    ]
    for section in sections:
        mine = [i for i in listed if i.section_number == section["number"]]
        if not mine:
            continue
        blocks.append(Heading(f"{ordinal(section['number'])}{section['title']}", level=1))
        rows: list[list[str]] = []
        marked: list[int] = []
        for i in mine:
            status = label("plan_item_status", i.status or "not_started")
            if i.id in flagged:
                marked.append(len(rows))
                status = f"{MARK}{status}"
            rows.append(
                [
                    str(i.number),
                    i.title,
                    "、".join(x for x in (i.lead_leader, i.lead_committee) if x) or "—",
                    i.owner or "—",
                    short_date(i.deadline, as_of),
                    status,
                    _plan_progress_text(i, status_changed=i.id in status_changed),
                ]
            )
        blocks.append(
            Table(
                columns=[
                    Column("序号", 10, "center"),
                    Column("主要工作任务", 31),
                    Column("牵头领导/委室", 23),
                    Column("责任人", 17, "center"),
                    Column("完成时限", 21, "center"),
                    Column("状态", 20, "center"),
                    Column(f"{quarter_name(as_of)}进展情况", 34),
                ],
                rows=rows,
                marked_rows=marked,
                note=MARK_NOTE if marked else "",
            )
        )
    blocks += closing(packet.office, packet.generated_at.date())
    return PacketDocument(key="plan_progress", title=title, blocks=blocks, rule=rules.describe("plan_items"))


def _plan_progress_text(item: figures.PlanItemState, *, status_changed: bool = False) -> str:
    """This quarter's dated notes; for a completed item what it achieved, whenever that was noted; an item
    whose status alone changed this quarter says so, as the changes section does."""
    notes = "；".join(f"{zh_month_day(n.noted_on)}：{n.text}" for n in item.notes_this_quarter)
    if notes:
        return notes
    achieved = figures.plan_item_achievement(item)
    if achieved:
        return achieved
    if item.status == "done":
        return "已完成"
    if status_changed:
        return f"本季度状态调整为“{label('plan_item_status', item.status or 'not_started')}”，尚无书面进展情况"
    return "本季度暂无进展更新"


# ---------------------------------------------------------------- next year's plan (草案)


def _draft_plan(store: Store, meeting: MeetingInfo, rules: PacketRules, packet: Packet) -> list[PacketDocument]:
    """The next year's 工作要点（草案） for the December (or January) meeting, from the imported draft."""
    year = figures.draft_plan_year(store, meeting.held_on) if rules.draft_plan != "never" else None
    if year is None:
        return []
    items = figures.plan_items(store, date(year, 12, 31), year=year)
    plan = store.select(WorkPlan, year=year)[0]
    title = f"{plan.title or f'政协{meeting.county}委员会{year}年工作要点'}（草案）"
    blocks: list[Block] = []
    for section in figures.plan_by_section(items):
        blocks.append(Heading(f"{ordinal(section['number'])}{section['title']}", level=1))
        for i in (x for x in items if x.section_number == section["number"]):
            body = (i.text or "").strip()
            wording = body if body.startswith(i.title) else i.title + (f"。{body}" if body else "")
            blocks.append(Paragraph(f"{i.number}. {wording}"))
    return [
        PacketDocument(
            key="draft_plan",
            title=title.replace("（草案）（草案）", "（草案）"),
            blocks=blocks,
            rule=rules.describe("draft_plan") + f"本次收入{year}年工作要点，共{len(items)}条。",
        )
    ]


# ---------------------------------------------------------------- personnel (任免名单)

# Landscape widths (225 mm): the name, dates and short fields never wrap in 12 pt table text.
PERSONNEL_COLUMNS = [
    Column("序号", 12, "center"),
    Column("姓名", 18, "center"),
    Column("性别", 12, "center"),
    Column("民族", 12, "center"),
    Column("出生年月", 21, "center"),
    Column("党派", 22, "center"),
    Column("界别", 22, "center"),
    Column("工作单位及职务", 44),
    Column("任免事项", 42),
    Column("原因", 20, "center"),
]


def _personnel(store: Store, meeting: MeetingInfo, packet: Packet) -> list[PacketDocument]:
    """The 任免名单 the 常委会议 is asked to decide on, one table per kind; nothing when none was entered."""
    rows = personnel.changes(store, meeting.id)
    packet.figures.personnel = PersonnelFigures(total=len(rows), by_kind=dict(Counter(r.kind for r in rows)))
    if not rows:
        return []
    blocks: list[Block] = [Paragraph(personnel.summary(rows))]
    for n, group in enumerate(personnel.grouped(rows), start=1):
        blocks.append(Heading(f"{ordinal(n)}{group.label}（{len(group.changes)}名）", level=1))
        blocks.append(
            Table(
                columns=PERSONNEL_COLUMNS,
                landscape=True,
                rows=[
                    [
                        str(i),
                        r.name,
                        r.gender or "",
                        r.ethnicity or "",
                        r.born or "",
                        r.party or "",
                        r.sector or "",
                        r.unit_and_post or "",
                        personnel.matter(r),
                        r.reason or "",
                    ]
                    for i, r in enumerate(group.changes, start=1)
                ],
            )
        )
    return [
        PacketDocument(
            key="personnel",
            title="人事事项（草案）",
            blocks=blocks,
            rule=f"取自编辑器“人事事项”页录入的任免名单，共{len(rows)}人次，按事项类别分组列出。",
        )
    ]


# ---------------------------------------------------------------- supervision


SUPERVISION_TITLE = "关于民主监督事项推进情况的报告"


def _supervision(store: Store, as_of: date, rules: PacketRules, packet: Packet) -> PacketDocument:
    states = figures.supervision_items(store, as_of)
    q0 = figures.quarter_start(as_of)
    if rules.supervision_items == "open":
        listed = [s for s in states if s.item.status != "closed"]
    elif rules.supervision_items == "open_or_closed_this_quarter":
        listed = [s for s in states if s.item.status != "closed" or (s.item.closed_on is not None and s.item.closed_on >= q0)]
    else:
        listed = states
    by_status = Counter(s.item.status or "not_started" for s in states)
    overdue = [s for s in states if s.overdue]
    lagging = [s for s in states if s.item.status == "lagging"]
    feedback_overdue = [s for s in states if s.feedback_overdue]
    groups = sorted({s.group_name for s in states if s.group_name})
    packet.figures.supervision = SupervisionFigures(
        total=len(states),
        groups=len(groups),
        by_status={code: by_status.get(code, 0) for code in config.labels()["supervision_status"].codes},
        overdue_codes=[s.item.code for s in overdue],
        lagging_codes=[s.item.code for s in lagging],
        feedback_overdue_codes=[s.item.code for s in feedback_overdue],
        listed_codes=[s.item.code for s in listed],
    )
    if not states:
        return PacketDocument(
            key="supervision",
            title=SUPERVISION_TITLE,
            blocks=[Paragraph("本年度暂无民主监督事项。")],
            included=False,
            rule=rules.describe("supervision_items") + EMPTY,
        )
    status_text = "，".join(
        f"{label('supervision_status', c)}{by_status[c]}项"
        for c in config.labels()["supervision_status"].codes
        if by_status.get(c)
    )
    blocks: list[Block] = [
        Paragraph(
            f"目前共有民主监督事项{len(states)}项，涉及" + (f"民主监督小组{len(groups)}个、" if groups else "") + "责任单位"
            f"{len({s.item.department for s in states})}个。截至{zh_date(as_of)}，{status_text}；"
            f"超过完成时限仍未办结的{len(overdue)}项"
            + (f"，逾期未反馈整改方案的{len(feedback_overdue)}项" if feedback_overdue else "")
            + "。"
        )
    ]

    # The writer puts the title, this short introduction and the heading on the wide table's landscape page.
    blocks.append(Heading("一、监督事项推进情况", level=1))
    rows: list[list[str]] = []
    marked: list[int] = []
    for s in listed:
        it = s.item
        status = label("supervision_status", it.status)
        # The remark goes on its own line of the cell, so neither it nor the status breaks inside a word.
        if s.overdue:
            status += f"\n（逾期{s.days_overdue}天）"
        elif s.feedback_overdue:
            status += "\n（逾期未反馈）"
        if s.overdue or s.feedback_overdue or it.status == "lagging":
            marked.append(len(rows))
            status = f"{MARK}{status}"
        group = s.group_name or (f"{label('supervision_form', it.form)}（未派小组）" if it.form else "—")
        rows.append(
            [
                it.code,
                it.topic,
                group,
                it.department,
                it.leader or "—",
                short_date(it.deadline, as_of),
                status,
                _supervision_progress(s, as_of),
            ]
        )
    blocks.append(
        Table(
            columns=[
                Column("编号", 24, "center"),
                Column("监督事项", 34),
                Column("监督小组", 29),
                Column("责任单位", 30),
                Column("牵头领导", 19, "center"),
                Column("完成时限", 23, "center"),
                Column("状态", 33, "center"),
                Column("进展情况", 33),
            ],
            rows=rows,
            landscape=True,
            marked_rows=marked,
            note=MARK_NOTE if marked else "",
            caption="民主监督事项推进情况表",
        )
    )
    blocks.append(Heading("二、各监督小组情况", level=1))
    per_group: dict[str, dict] = {}
    for s in states:
        name = s.group_name or "未派小组（视察、评议等）"
        g = per_group.setdefault(name, {"departments": set(), "total": 0, "closed": 0, "flagged": 0})
        g["departments"].add(s.item.department)
        g["total"] += 1
        g["closed"] += s.item.status == "closed"
        g["flagged"] += s.overdue or s.feedback_overdue or s.item.status == "lagging"  # as the ▲ above
    blocks.append(
        Table(
            columns=[
                Column("监督小组", 50),
                Column("监督单位", 40),
                Column("事项数", 22, "center"),
                Column("已办结", 22, "center"),
                Column("逾期或滞后", 22, "center"),
            ],
            rows=[
                [name, "、".join(sorted(g["departments"])), str(g["total"]), str(g["closed"]), str(g["flagged"])]
                for name, g in per_group.items()
            ],
            caption="各民主监督小组事项统计表",
        )
    )
    blocks += closing(packet.office, packet.generated_at.date())
    return PacketDocument(key="supervision", title=SUPERVISION_TITLE, blocks=blocks, rule=rules.describe("supervision_items"))


def _supervision_progress(s: figures.SupervisionState, as_of: date) -> str:
    """The progress as recorded, unless it claims feedback that has no date: then what the dates say."""
    it = s.item
    if s.claims_feedback_without_date:
        sent = it.recommendation_sent_on
        return (f"监督建议书已于{short_date(sent, as_of)}送达，" if sent else "") + "尚未收到整改方案反馈"
    return it.progress or "—"


# ---------------------------------------------------------------- proposals


def _count_table(header: str, pairs: list[tuple[str, int]], total: int, *, unit: str = "件") -> Table:
    # Rows of nothing (重新办理 0 件, 回头看 0 件) are left out; the total still counts everything.
    rows = [[name, str(n), figures.percent(figures.rate(n, total))] for name, n in pairs if n]
    rows.append(["合计", str(sum(n for _, n in pairs)), figures.percent(figures.rate(sum(n for _, n in pairs), total))])
    return Table(columns=[Column(header, 76), Column(f"数量（{unit}）", 40, "center"), Column("占比", 40, "center")], rows=rows)


def _proposals(store: Store, as_of: date, rules: PacketRules, packet: Packet, meeting_day: date) -> PacketDocument:
    pf = figures.proposal_figures(store, as_of, year=figures.proposal_year(store, meeting_day))
    overdue_keys = {(r.year, r.case_no) for r in pf.overdue}
    table_rows: list[Proposal]
    if rules.proposal_table == "overdue":
        table_rows = pf.overdue
    else:
        # The 常委 read the open or overdue ones; "all_filed" adds the full list as the document's 附件.
        seen = {(r.year, r.case_no) for r in pf.open}
        table_rows = sorted(pf.open + [r for r in pf.overdue if (r.year, r.case_no) not in seen], key=lambda r: r.case_no)
    appendix_rows: list[Proposal] | None = None
    if rules.proposal_table == "all_filed" and pf.year is not None:
        appendix_rows = [r for r in store.select(Proposal, year=pf.year, order_by="case_no") if figures.is_filed(r)]
    labels = config.labels()
    packet.figures.proposals = ProposalFiguresQuoted(
        year=pf.year,
        total=pf.total,
        filed=pf.filed,
        replied=pf.replied,
        reply_rate=pf.reply_rate,
        rated=pf.rated,
        satisfied=pf.satisfied,
        basically_satisfied=pf.basically_satisfied,
        dissatisfied=pf.dissatisfied,
        satisfaction_rate=pf.satisfaction_rate,
        by_status=pf.by_status,
        by_category=pf.by_category,
        by_unit=list(pf.by_unit),
        by_reply_category=pf.by_reply_category,
        by_review_result=pf.by_review_result,
        open=len(pf.open),
        overdue=len(pf.overdue),
        overdue_case_nos=[r.case_no for r in pf.overdue],
        table_case_nos=[r.case_no for r in table_rows],
        appendix_case_nos=None if appendix_rows is None else [r.case_no for r in appendix_rows],
    )
    if pf.year is None:
        return PacketDocument(
            key="proposals",
            title="提案办理情况",
            blocks=[Paragraph("本年度尚无提案。")],
            included=False,
            rule=rules.describe("proposal_table") + EMPTY,
        )
    not_filed = "，".join(
        f"{labels['review_result'].label(c)}{n}件" for c, n in pf.by_review_result.items() if c != "filed" and n
    )
    blocks: list[Block] = [
        Heading("一、总体情况", level=1),
        Paragraph(
            f"{pf.year}年共收到提案{pf.total}件，经审查立案{pf.filed}件" + (f"，{not_filed}" if not_filed else "") + "。"
            f"截至{zh_date(as_of)}，立案提案已答复{pf.replied}件，办复率{figures.percent(pf.reply_rate)}；"
            f"提案人已评价{pf.rated}件，其中满意{pf.satisfied}件、基本满意{pf.basically_satisfied}件、"
            f"不满意{pf.dissatisfied}件，满意率{figures.percent(pf.satisfaction_rate)}。"
            f"超过办理期限仍未答复的{len(pf.overdue)}件，尚未办结的{len(pf.open)}件。"
        ),
        Paragraph("注：办理情况各项统计只计立案提案，并案、不予立案、转为意见建议、撤案的不计入；每件提案按主办单位计一次。"),
    ]
    blocks.append(Heading("二、按办理状态统计", level=1))
    blocks.append(
        _count_table(
            "办理状态",
            [(labels["proposal_status"].label(c), n) for c, n in pf.by_status.items() if n or c != "not_filed"],
            pf.filed,
        )
    )
    blocks.append(Heading("三、按类别统计", level=1))
    blocks.append(
        _count_table("提案类别", [(labels["proposal_category"].label(c), n) for c, n in pf.by_category.items()], pf.filed)
    )
    blocks.append(Heading("四、答复类别分布", level=1))
    blocks.append(
        _count_table("答复类别", [(labels["reply_category"].label(c), n) for c, n in pf.by_reply_category.items()], pf.replied)
    )
    blocks.append(Heading("五、逾期未答复提案" if rules.proposal_table == "overdue" else "五、未办结及逾期提案", level=1))
    if not table_rows:
        blocks.append(Paragraph("无。"))
    else:
        blocks.append(_proposal_table(table_rows, pf, overdue_keys, as_of, caption="提案办理情况表"))
    appendices: list[Appendix] = []
    if appendix_rows is not None:
        title = f"{pf.year}年全部立案提案办理情况一览表"
        blocks.append(Paragraph(f"{pf.year}年全部立案提案{len(appendix_rows)}件的办理情况见附件。"))
        appendices.append(
            Appendix(title, [_proposal_table(appendix_rows, pf, overdue_keys, as_of)] if appendix_rows else [Paragraph("无。")])
        )
    blocks.append(Heading("六、按主办单位统计", level=1))
    blocks.append(_count_table("主办单位", pf.by_unit, pf.filed))
    blocks += closing(packet.office, packet.generated_at.date())
    return PacketDocument(
        key="proposals",
        title=f"关于{pf.year}年提案办理情况的报告",
        blocks=blocks,
        rule=rules.describe("proposal_table"),
        appendices=appendices,
    )


def _proposal_table(
    proposals: list[Proposal], pf: figures.ProposalFigures, overdue_keys: set[tuple[int, int]], as_of: date, *, caption: str = ""
) -> Table:
    """One row per proposal, overdue ones marked; wide, so landscape (the body's table and the 附件 alike)."""
    labels = config.labels()
    rows: list[list[str]] = []
    marked: list[int] = []
    for r in proposals:
        status = labels["proposal_status"].label(pf.status.get(r.id, r.status))
        if (r.year, r.case_no) in overdue_keys:
            marked.append(len(rows))
            status = f"{MARK}{status}\n（逾期）"  # on its own line: the cell holds four characters
        rows.append(
            [
                case_no(r.case_no),
                r.title,
                r.proposer or "—",
                labels["proposal_category"].label(r.category),
                r.lead_unit or "—",
                short_date(r.assigned_on, as_of),
                short_date(pf.due.get(r.id) or r.due_on, as_of),
                status,
                short_date(r.replied_on, as_of, missing="未答复"),
            ]
        )
    return Table(
        columns=[
            Column("案号", 21, "center"),
            Column("案由", 48),
            Column("提案人", 17, "center"),
            Column("类别", 21, "center"),
            Column("主办单位", 30),
            Column("交办日期", 22, "center"),
            Column("办理期限", 22, "center"),
            Column("状态", 22, "center"),
            Column("答复日期", 22, "center"),
        ],
        rows=rows,
        landscape=True,
        marked_rows=marked,
        caption=caption,
        note=f"注：标“{MARK}”并加粗的为超过办理期限仍未答复的提案。" if marked else "",
    )


# ---------------------------------------------------------------- attendance


def _attendance(store: Store, meeting: MeetingInfo, as_of: date, packet: Packet) -> PacketDocument:
    this = figures.attendance_summary(store, meeting.id)
    held = [
        m
        for m in list_meetings(store, kind=meeting.kind)
        if m.term_id == meeting.term_id
        and m.status == "held"
        and m.held_on
        and m.held_on.year == as_of.year
        and m.id != meeting.id
    ]
    summaries = [(m, figures.attendance_summary(store, m.id)) for m in held]
    limit = config.labels().rule("absence_limit")
    near = figures.absences_near_rule(store, meeting.term_id, up_to=as_of)
    packet.figures.attendance = AttendanceFigures(
        expected=this.expected,
        present=this.present,
        on_leave=this.on_leave,
        absent_unexcused=this.absent_unexcused,
        meetings={m.short_title: MeetingAttendance(s.expected, s.present, s.on_leave, s.absent_unexcused) for m, s in summaries},
        absence_limit=limit,
        absences={r["name"]: r["absences"] for r in near},
        reached=[r["name"] for r in near if r["reached"]],
    )
    recorded = this.present + this.on_leave + this.absent_unexcused > 0
    if recorded:
        first = (
            f"本次会议应到常委{this.expected}人，实到{this.present}人，请假{this.on_leave}人，"
            f"无故缺席{this.absent_unexcused}人，{'超过' if this.quorum else '未超过'}半数。"
        )
    else:
        first = f"本次会议应到常委{this.expected}人。"
    blocks: list[Block] = [Paragraph(first), Heading(f"一、{as_of.year}年已召开常委会议出勤情况", level=1)]
    if summaries:
        blocks.append(
            Table(
                columns=[
                    Column("会议", 49),
                    Column("日期", 26, "center"),
                    Column("应到", 13, "center"),
                    Column("实到", 13, "center"),
                    Column("请假", 13, "center"),
                    Column("无故缺席", 21, "center"),
                    Column("是否过半", 21, "center"),
                ],
                rows=[
                    [
                        m.short_title,
                        short_date(m.held_on, as_of),
                        str(s.expected),
                        str(s.present),
                        str(s.on_leave),
                        str(s.absent_unexcused),
                        "是" if s.quorum else "否",
                    ]
                    for m, s in summaries
                ],
            )
        )
    else:
        blocks.append(Paragraph("本年度尚无已召开的常委会议出勤记录。"))
    blocks.append(Heading("二、无故缺席情况", level=1))
    if near:
        rows: list[list[str]] = []
        marked: list[int] = []
        for r in near:
            if r["reached"]:
                marked.append(len(rows))
            rows.append(
                [
                    r["name"],
                    r["sector"] or "—",
                    str(r["absences"]),
                    f"{MARK}已达{limit}次，按规定应予通报" if r["reached"] else f"规定次数为{limit}次",
                ]
            )
        blocks.append(
            Paragraph(
                f"按规定，常委本届内无故缺席常委会议达{limit}次的应予通报。截至{zh_date(as_of)}，"
                f"有无故缺席记录的常委{len(near)}人，其中已达通报标准的"
                f"{sum(1 for r in near if r['reached'])}人。"
            )
        )
        blocks.append(
            Table(
                columns=[
                    Column("姓名", 28, "center"),
                    Column("界别", 40),
                    Column("无故缺席次数", 30, "center"),
                    Column("说明", 58),
                ],
                rows=rows,
                marked_rows=marked,
            )
        )
    else:
        blocks.append(Paragraph("本届常委会议无无故缺席记录。"))
    return PacketDocument(
        key="attendance",
        title="常委出勤情况",
        blocks=blocks,
        rule="本次会议应到人数取自出勤记录（未记录时为全体常委）；列出本年度已召开常委会议的出勤统计和本届无故缺席情况。",
    )


# ---------------------------------------------------------------- liaison groups


def _liaison(store: Store, as_of: date, packet: Packet) -> PacketDocument:
    rows_in = figures.liaison_quotas(store, as_of.year, up_to=as_of)
    by_group = figures.liaison_completion_by_group(rows_in)
    kinds = [c for c in config.labels()["liaison_activity_kind"].codes if any(r["activity_kind"] == c for r in rows_in)]
    packet.figures.liaison = {g["group_name"]: LiaisonFigures(g["required"], g["done"], g["completion"]) for g in by_group}
    if not rows_in:
        return PacketDocument(
            key="liaison",
            title="委员联络组活动指标完成情况",
            blocks=[Paragraph(f"{as_of.year}年度尚未确定委员联络组活动指标。")],
            included=False,
            rule="列出本年度各委员联络组的活动指标和完成数。" + EMPTY,
        )
    cell = {(r["group_name"], r["activity_kind"]): f"{r['done']}/{r['required']}" for r in rows_in}
    name_w, total_w = 40, 24
    landscape = len(kinds) > 5
    kind_w = ((LANDSCAPE_MM if landscape else PORTRAIT_MM) - name_w - total_w) / max(1, len(kinds))
    columns = (
        [Column("联络组", name_w)]
        + [Column(label("liaison_activity_kind", k), kind_w, "center") for k in kinds]
        + [Column("完成率", total_w, "center")]
    )
    rows = [
        [g["group_name"]] + [cell.get((g["group_name"], k), "—") for k in kinds] + [figures.percent(g["completion"])]
        for g in by_group
    ]
    blocks: list[Block] = [
        Paragraph(
            f"截至{zh_date(as_of)}，{len(by_group)}个委员联络组{as_of.year}年度活动指标完成情况如下"
            f"（表中为“已开展次数/年度指标”，完成率按各类活动不超过指标计）。"
        ),
        Table(columns=columns, rows=rows, landscape=landscape, caption="委员联络组活动指标完成情况表"),
    ]
    return PacketDocument(
        key="liaison",
        title="委员联络组活动指标完成情况",
        blocks=blocks,
        rule="列出本年度各委员联络组的活动指标和截至会议日期的完成数。",
    )


# ---------------------------------------------------------------- since last meeting


def _changes(store: Store, meeting: MeetingInfo, as_of: date, packet: Packet) -> PacketDocument:
    report = snapshot.changes_since(store, meeting, as_of)
    packet.figures.changes = ChangeFigures(
        **report.counts(),
        has_snapshot=report.has_snapshot,
        previous=report.previous_title,
        keys={
            name: [f"{c.kind}:{c.key}" for c in getattr(report, name)]
            for name in ("new_items", "status_changes", "became_overdue", "no_update")
        },
    )
    blocks: list[Block] = [Paragraph(report.basis)]
    parts = [
        ("新增事项", report.new_items),
        ("状态变化", report.status_changes),
        ("新近逾期事项", report.became_overdue),
        ("本季度无更新事项", report.no_update),
    ]
    for n, (title, changes) in enumerate(parts, start=1):
        blocks.append(Heading(f"{ordinal(n)}{title}", level=1))
        if not changes:
            blocks.append(Paragraph("无。"))
            continue
        blocks.append(
            Table(
                columns=[Column("序号", 12, "center"), Column("类别", 29, "center"), Column("事项", 62), Column("变化情况", 53)],
                rows=[[str(i), snapshot.KINDS[c.kind][0], c.label, c.detail] for i, c in enumerate(changes, start=1)],
            )
        )
    title = f"{report.previous_title}以来变化情况" if report.previous_title else "变化情况"
    # The first meeting of a term (or of a new office) has no earlier meeting to compare with: the
    # packet says nothing about changes rather than list every item as "no update".
    first = report.previous_title is None
    return PacketDocument(
        key="changes",
        title=title,
        blocks=blocks,
        included=not first,
        rule="列出上次常委会议以来新增、状态变化、新近逾期和本季度无更新的事项。"
        + report.basis
        + ("本届尚无上次常委会议可比。" + EMPTY if first else ""),
    )
