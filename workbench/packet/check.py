"""The pre-export check (导出前检查): what the secretary should fix before a packet is printed.

Each `Finding` names the record, says what is wrong and what to do, and whether it blocks
(the packet would print something wrong or missing) or is only a reminder. Blocking findings
make `packet check` exit 1; the secretary can still export, and the findings are kept with
the export's snapshot. The facts come from `workbench.office.figures`, the same functions the
packet and the dashboard quote, so the check never disagrees with either.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

from workbench.base import config
from workbench.drafts.blocks import Packet, Part
from workbench.office import figures, personnel, preparation
from workbench.office.meetings import MeetingInfo, list_meetings
from workbench.office.preparation import Preparation
from workbench.packet.wording import label, plan_item_name, proposal_name, zh_date
from workbench.store import Store
from workbench.store.rows import AgendaItem, Member, Proposal, SupervisionItem, WorkPlan

# kind → (Chinese name, blocks the export?)
KINDS: dict[str, tuple[str, bool]] = {
    "no_agenda": ("本次会议尚无议程", True),
    "no_members": ("尚无常委名单", True),
    "no_presider": ("会议尚无主持人", True),
    "empty_placeholder": ("材料中有待填内容", True),
    "agenda_without_material": ("议程事项没有会议材料", True),
    "materials_not_received": ("通报材料尚未报送", True),
    "status_note_disagree": ("状态与进展情况不一致", True),
    "numbering_gap": ("编号不连续", True),
    "owner_or_deadline_missing": ("缺少责任人或完成时限", False),
    "plan_not_updated": ("本季度无变化、无进展", False),
    "half_width_punctuation": ("中文句子中有半角标点", False),
    "date_format": ("日期写法不规范", False),
    "personnel_not_on_agenda": ("任免名单未列入议程", False),
    "briefing_not_on_agenda": ("通报议题未列入议程", True),
    "year_mismatch": ("工作要点年度与标题不符", True),
    "after_cut_off": ("日期晚于截至日期", True),
    "attendance_missing": ("已召开的会议没有出勤记录", True),
    "status_without_date": ("状态与日期不符", True),
    "meeting_undated": ("会议尚无日期", True),
    "status_behind": ("记录的状态未随办理情况更新", False),
    "two_lead_units": ("主办单位写了几个单位", False),
    "contents_unnumbered": ("目录页码须在 Word/WPS 中更新", False),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # key of KINDS
    record: str  # Chinese: which record ("工作要点第3条《办好委员读书活动》")
    problem: str  # Chinese: what is wrong
    action: str  # Chinese: what to do

    @property
    def blocking(self) -> bool:
        return KINDS[self.kind][1]

    @property
    def title(self) -> str:
        return KINDS[self.kind][0]

    def text(self) -> str:
        return f"{self.record}：{self.problem}。{self.action}"

    def to_dict(self) -> dict:
        return {**asdict(self), "title": self.title, "blocking": self.blocking}


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


# Chinese characters (CJK Unified Ideographs) next to ASCII , ; : ! ? ( ) — "9:00" between digits stays.
_CJK = "\u4e00-\u9fff"
_HALF_WIDTH = re.compile(rf"(?<=[{_CJK}])[,;:!?()]|[,;:!?(](?=[{_CJK}])|\)(?=[{_CJK}])")
_BAD_DATES = re.compile(
    r"\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}"  # 2026-12-17, 2026.12.17, 2026/12/17
    r"|\d{4}年0\d月|月0\d日"  # 2026年01月05日
    r"|\d{1,2}月\d{1,2}号"  # 12月17号
    r"|[〇零一二三四五六七八九]{4}年"
)  # 二〇二六年
# What drafts leave for later: ××/XX, 【待补充】, runs of underscores, （待定）.
_PLACEHOLDER = re.compile(r"[×xX]{2,}|【[^】]{0,12}】|[_＿]{2,}|[（(]\s*待[补填定核][^）)]{0,8}[）)]|待补充|待填写")
# Records whose text is the imported plan file's (section and item titles, the draft plan).
_FROM_PLAN_FILE = re.compile(r"^(工作要点第\d+(部分|条《.*》)$|\d{4}年工作要点（草案）)")
# Words in a progress note that say the work is still going on.
_ONGOING = ("下一步", "正在", "将加快", "尚未", "推进中", "起草中", "抓紧")
# Agenda titles whose material is one of the packet's own documents.
_MATERIAL_OF = (
    ("人事", Part.PERSONNEL),
    ("任免", Part.PERSONNEL),
    ("增补", Part.PERSONNEL),
    ("工作要点", Part.PLAN_PROGRESS),
    ("提案", Part.PROPOSALS),
    ("民主监督", Part.SUPERVISION),
    ("监督", Part.SUPERVISION),
    ("出勤", Part.ATTENDANCE),
    ("联络组", Part.LIAISON),
    ("变化", Part.CHANGES),
)


def check(store: Store, meeting: MeetingInfo, packet: Packet) -> list[Finding]:
    """Everything the packet of `meeting` needs that the store lacks or contradicts, blocking ones first."""
    # The packet's own 截至 (an edited packet keeps the one it was assembled with), else the meeting's.
    fixed = date.fromisoformat(packet.figures.as_of) if packet.figures.as_of else None
    prep = preparation.prepare(store, meeting, cut_off=fixed)
    as_of = prep.cut_off
    found: list[Finding] = []
    found += _meeting(store, meeting)
    # The plan the packet reports on (the meeting's year), as of the packet's data date.
    year = packet.figures.plan.year if packet.figures.plan else prep.plan_year
    items = figures.plan_items(store, as_of, year=year, since=prep.since)
    found += _agenda(store, meeting, packet)
    found += _briefings(store, meeting)
    found += _personnel(store, meeting)
    found += _attendance(store, meeting, prep)
    found += _plan(store, items, prep)
    found += _supervision(store, as_of)
    found += _wording(store, meeting, items, packet, as_of)
    found += _plan_years(store, meeting, packet)
    found += _proposal_statuses(store, prep)
    found += _after_cut_off(store, items, prep)
    return sorted(found, key=lambda f: (not f.blocking, list(KINDS).index(f.kind)))


# ---------------------------------------------------------------- the meeting itself


def _meeting(store: Store, meeting: MeetingInfo) -> list[Finding]:
    out = []
    name = meeting.short_title
    if not meeting.presider:
        out.append(Finding("no_presider", name, "会议尚未填写主持人，议程的“主持人”一行会空着", "请在编辑器“会议”页填写主持人。"))
    if not meeting.held_on:
        out.append(
            Finding(
                "meeting_undated",
                name,
                "尚未填写会议日期，通知和议程会印出“日期未定”，各项数据只能按今天截至",
                "请在编辑器“会议”页填写会议日期。",
            )
        )
    for value, what, prints in (
        (meeting.venue, "会议地点", "“地点另行通知”"),
        (meeting.start_time, "开始时间", "没有时间"),
    ):
        if not value:
            out.append(
                Finding("empty_placeholder", name, f"尚未填写{what}，通知和议程会印出{prints}", f"请在编辑器“会议”页填写{what}。")
            )
    standing = store.first(Member, Member.table.c.is_standing_member.is_(True))
    if standing is None:
        out.append(
            Finding("no_members", name, "尚无常委名单，出勤情况无法统计", "请用“import 委员”导入委员名单，并标明哪些是常委。")
        )
    return out


def _agenda(store: Store, meeting: MeetingInfo, packet: Packet) -> list[Finding]:
    rows = store.select(AgendaItem, meeting_id=meeting.id, order_by="position")
    if not rows:
        return [
            Finding(
                "no_agenda",
                meeting.short_title,
                "本次会议尚无议程，通知和议程暂按材料内容生成",
                "请在编辑器“议程”页点击“按材料内容生成议程”，再核对各项和报告人。",
            )
        ]
    topics = figures.briefing_topics(store, meeting.id)
    by_id, by_title = {t.id: t for t in topics}, {t.topic: t for t in topics}
    included = {d.key for d in packet.documents if d.included}
    out = []
    # A topic assigned to this meeting that the agenda (and so the notice) never mentions.
    for t in topics:
        on_agenda = any(
            (r.source == "briefing_topic" and r.source_id == t.id) or t.topic in r.title or r.title in t.topic for r in rows
        )
        if not on_agenda:
            out.append(
                Finding(
                    "briefing_not_on_agenda",
                    f"情况通报议题{t.code}《{t.topic}》",
                    "拟在本次会议通报，但议程中没有这一项，通知和议程都不会列出",
                    "请在编辑器“议程”页添加该项，或在“情况通报”页改为其他会议。",
                )
            )
    for n, r in enumerate(rows, start=1):
        record = f"议程第{n}项“{r.title}”"
        if not (r.presenter or "").strip():
            out.append(Finding("empty_placeholder", record, "没有填写报告人或说明人", "请在编辑器“议程”页填写报告人。"))
        topic = by_id.get(r.source_id) if r.source == "briefing_topic" and r.source_id is not None else None
        if topic is not None or by_title.get(r.title) is not None or any(t.topic in r.title for t in topics):
            continue  # a briefing: its material is the unit's report (checked with the briefings)
        key = next((k for word, k in _MATERIAL_OF if word in r.title), None)
        if key is not None and key in included:
            continue
        if key == Part.PERSONNEL:
            out.append(
                Finding(
                    "agenda_without_material",
                    record,
                    "会议材料中没有任免名单",
                    "请在编辑器“人事事项”页录入任免名单；若已录入，请在“材料内容”页收入该文件。",
                )
            )
        else:
            out.append(
                Finding(
                    "agenda_without_material",
                    record,
                    "会议材料中没有与之对应的会议材料",
                    "请录入或附上该项材料，或在“材料内容”页收入相应文件。",
                )
            )
    return out


def _personnel(store: Store, meeting: MeetingInfo) -> list[Finding]:
    out = []
    rows = personnel.changes(store, meeting.id)
    for n, r in enumerate(rows, start=1):
        blank = personnel.missing(r)
        if blank:
            out.append(
                Finding(
                    "empty_placeholder",
                    f"任免名单第{n}人“{r.name}”（{personnel.kind_label(r.kind)}）",
                    f"没有填写{'、'.join(blank)}，名单中这些栏会空着",
                    "请在编辑器“人事事项”页补齐。",
                )
            )
    titles = [r.title for r in store.select(AgendaItem, meeting_id=meeting.id)]
    if rows and titles and not any(w in t for t in titles for w in ("人事", "任免", "增补")):
        out.append(
            Finding(
                "personnel_not_on_agenda",
                f"{meeting.short_title}任免名单",
                f"已录入{len(rows)}人次的任免名单，但议程中没有审议人事事项的一项",
                "请在编辑器“议程”页添加“审议有关人事事项”，或删去不在本次会议审议的名单。",
            )
        )
    return out


def _briefings(store: Store, meeting: MeetingInfo) -> list[Finding]:
    out = []
    for t in figures.materials_missing(figures.briefing_topics(store, meeting.id)):
        due = f"应于{zh_date(t.materials_due_on)}前报送，" if t.materials_due_on else ""
        out.append(
            Finding(
                "materials_not_received",
                f"情况通报议题{t.code}《{t.topic}》",
                f"{due}{t.reporting_body or '通报单位'}的通报材料尚未收到",
                "请催交材料，收到后在编辑器“情况通报”页填写报送日期。",
            )
        )
    return out


# ---------------------------------------------------------------- plan items and supervision


def _plan_name(i: figures.PlanItemState) -> str:
    return "工作要点" + plan_item_name(i.number, i.title)


def _plan(store: Store, items: list[figures.PlanItemState], prep: Preparation) -> list[Finding]:
    as_of = prep.cut_off
    out = []
    for i in items:
        missing = [what for what, value in (("责任人", i.owner), ("完成时限", i.deadline)) if not value]
        if missing and i.status != "changed":
            out.append(
                Finding(
                    "owner_or_deadline_missing",
                    _plan_name(i),
                    f"没有{'和'.join(missing)}",
                    f"请在编辑器“工作要点”页填写{'和'.join(missing)}。",
                )
            )
        disagreement = _plan_disagreement(i)
        if disagreement:
            out.append(Finding("status_note_disagree", _plan_name(i), disagreement, "请核对状态和进展情况，改正其中一项。"))
    for i in figures.plan_items_unchanged(store, items, as_of, prep.since):
        out.append(
            Finding(
                "plan_not_updated",
                _plan_name(i),
                f"{prep.quarter_label}状态没有变化，也没有进展情况",
                "请向责任人了解进展并填写，或说明暂无进展的原因。",
            )
        )
    out += _numbering(items)
    return out


def _plan_disagreement(i: figures.PlanItemState) -> str | None:
    status = label("plan_item_status", i.status or "not_started")
    if (i.status or "not_started") == "not_started" and i.latest_note_on is not None:
        return f"状态为“{status}”，却已有进展情况（{zh_date(i.latest_note_on)}）"
    if i.status == "done" and i.latest_note and any(w in i.latest_note for w in _ONGOING):
        return f"状态为“{status}”，最近的进展情况却写着“{i.latest_note.rstrip('。')}”"
    if i.status == "done" and not i.latest_note:
        return f"状态为“{status}”，但没有填写完成情况"
    return None


def _numbering(items: list[figures.PlanItemState]) -> list[Finding]:
    out = []
    sections = sorted({(i.section_number, i.section_title) for i in items})
    for expected, (number, title) in enumerate(sections, start=1):
        if number != expected:
            out.append(
                Finding(
                    "numbering_gap",
                    f"工作要点第{number}部分《{title}》",
                    f"部分序号应为{expected}",
                    "请核对工作要点的部分编号，改正后重新导入或修改。",
                )
            )
            break
    # Items are numbered through the whole plan, or afresh in each section; either way without gaps.
    per_section = len(sections) > 1 and all(min(i.number for i in items if i.section_number == s) == 1 for s, _ in sections)
    groups = [[i for i in items if i.section_number == s] for s, _ in sections] if per_section else [items]
    for group in groups:
        for expected, i in enumerate(sorted(group, key=lambda x: x.number), start=1):
            if i.number != expected:
                out.append(
                    Finding(
                        "numbering_gap", _plan_name(i), f"条目序号应为{expected}，中间缺号或重号", "请核对工作要点的条目编号。"
                    )
                )
                break
    return out


def _supervision(store: Store, as_of: date) -> list[Finding]:
    out = []
    for s in figures.supervision_items(store, as_of):
        it = s.item
        record = f"监督事项{it.code}《{it.topic}》"
        if not it.deadline and it.status != "closed":
            out.append(Finding("owner_or_deadline_missing", record, "没有完成时限", "请在编辑器“民主监督”页填写完成时限。"))
        if s.claims_feedback_without_date:
            out.append(
                Finding(
                    "status_note_disagree",
                    record,
                    f"进展情况写着“{(it.progress or '').rstrip('。')}”，但没有反馈日期"
                    + ("，按规定已逾期未反馈" if s.feedback_overdue else ""),
                    "请填写收到整改方案的日期，或改正进展情况。",
                )
            )
        if it.status == "closed" and not it.closed_on:
            out.append(Finding("status_note_disagree", record, "状态为“已办结”，但没有办结日期", "请填写办结日期。"))
    return out


# ---------------------------------------------------------------- wording


def _texts(
    store: Store, meeting: MeetingInfo, items: list[figures.PlanItemState], as_of: date, include_draft: bool = False
) -> list[tuple[str, str]]:
    """(record, text) pairs of everything the packet prints from the store as prose."""
    out: list[tuple[str, str]] = [(f"{meeting.short_title}会议地点", meeting.venue or "")]
    for n, r in enumerate(store.select(AgendaItem, meeting_id=meeting.id, order_by="position"), start=1):
        out.append((f"议程第{n}项", r.title))
    for t in figures.briefing_topics(store, meeting.id):
        out.append((f"情况通报议题{t.code}", t.topic))
    for n, change in enumerate(personnel.changes(store, meeting.id), start=1):
        for text in (change.unit_and_post, change.post, change.reason):
            out.append((f"任免名单第{n}人“{change.name}”", text or ""))
    for number, title in sorted({(i.section_number, i.section_title) for i in items}):
        out.append((f"工作要点第{number}部分", title))
    for i in items:
        out.append((_plan_name(i), i.title))
        for note in i.notes_this_quarter:
            out.append((f"{_plan_name(i)}{zh_date(note.noted_on)}的进展情况", note.text))
        achieved = figures.plan_item_achievement(i)
        if achieved and not i.notes_this_quarter:  # printed as what a completed item achieved
            out.append((f"{_plan_name(i)}的完成情况", achieved))
    draft_year = figures.draft_plan_year(store, meeting.held_on) if include_draft else None
    if draft_year is not None:
        draft = figures.plan_items(store, date(draft_year, 12, 31), year=draft_year)
        for number, title in sorted({(i.section_number, i.section_title) for i in draft}):
            out.append((f"{draft_year}年工作要点（草案）第{number}部分", title))
        for i in draft:
            out.append((f"{draft_year}年工作要点（草案）第{i.number}条", f"{i.title}{i.text or ''}"))
    for s in figures.supervision_items(store, as_of):
        out.append((f"监督事项{s.item.code}", s.item.topic))
        if s.item.progress:
            out.append((f"监督事项{s.item.code}的进展情况", s.item.progress))
    return out


def _wording(
    store: Store, meeting: MeetingInfo, items: list[figures.PlanItemState], packet: Packet, as_of: date
) -> list[Finding]:
    out = []
    include_draft = any(d.key == Part.DRAFT_PLAN and d.included for d in packet.documents)
    for record, text in _texts(store, meeting, items, as_of, include_draft):
        if not text:
            continue
        placeholder = _PLACEHOLDER.search(text)
        if placeholder:
            out.append(
                Finding(
                    "empty_placeholder",
                    record,
                    f"“{_excerpt(text, _PLACEHOLDER)}”中有待填内容“{placeholder.group(0)}”",
                    "请填写实际内容后再印发。",
                )
            )
        marks = sorted(set(_HALF_WIDTH.findall(text)))
        if marks:
            # Plan titles come from the imported file and are not edited in the editor.
            where = (
                "请在工作要点文件中改为全角标点（，；：！？（）），再用“导入”页或 plan import 重新导入。"
                if _FROM_PLAN_FILE.match(record)
                else "请改为全角标点（，；：！？（））。"
            )
            out.append(
                Finding("half_width_punctuation", record, f"“{_excerpt(text, _HALF_WIDTH)}”中有半角标点 {' '.join(marks)}", where)
            )
        bad = _BAD_DATES.search(text)
        if bad:
            out.append(
                Finding(
                    "date_format",
                    record,
                    f"日期写作“{bad.group(0)}”",
                    "请按公文写法改为阿拉伯数字年月日，如“2026年12月17日”，月、日不编虚位。",
                )
            )
    return out


def _plan_years(store: Store, meeting: MeetingInfo, packet: Packet) -> list[Finding]:
    """A plan imported under one year whose own title names another (a 2023 file imported as 2027)."""
    out = []
    used = _plan_years_used(store, meeting, packet)
    for plan in store.select(WorkPlan, WorkPlan.table.c.year.is_not(None)):
        named = re.search(r"((?:19|20)\d{2})\s*年", plan.title or "")
        if named and plan.year in used and int(named.group(1)) != plan.year:
            out.append(
                Finding(
                    "year_mismatch",
                    f"{plan.year}年度工作要点《{plan.title}》",
                    f"标题写的是{named.group(1)}年，却作为{plan.year}年度导入",
                    f"请核对文件：若确是{plan.year}年工作要点，请改正标题后重新导入；否则请按标题的年度重新导入。",
                )
            )
    return out


def _plan_years_used(store: Store, meeting: MeetingInfo, packet: Packet) -> set[int]:
    """The plan years the packet prints: this year's report and, in December, next year's draft."""
    years = {packet.figures.plan.year} if packet.figures.plan and packet.figures.plan.year else set()
    if any(d.key == Part.DRAFT_PLAN and d.included for d in packet.documents):
        draft = figures.draft_plan_year(store, meeting.held_on)
        years |= {draft} if draft is not None else set()
    return years


def _proposal_statuses(store: Store, prep: Preparation) -> list[Finding]:
    """Proposals whose recorded status lags what was recorded about them (a reply, a rating): the packet
    prints the status the facts make it, the editor and the Excel lists still show the old one. A status
    of 已答复 or later with no reply date, printed as 办理中 and not counted. And a 主办单位 cell naming
    several units (lists often write "县教育局、县财政局"), counted as one unit."""
    as_of = prep.cut_off
    pf = figures.proposal_figures(store, as_of, year=prep.proposal_year)
    labels = config.labels()["proposal_status"]
    out = []
    for r in store.select(Proposal, year=pf.year, order_by="case_no") if pf.year else []:
        units = [u for u in re.split(r"[、，,；;/]", r.lead_unit or "") if u.strip()]
        if len(units) > 1 and r.id in pf.status:
            out.append(
                Finding(
                    "two_lead_units",
                    "提案" + proposal_name(r.case_no, r.title),
                    f"主办单位写作“{r.lead_unit}”，按主办单位统计时会算作一个单位",
                    f"请在编辑器“提案办理”页把主办单位改为“{units[0].strip()}”，其余单位填入协办单位。",
                )
            )
        shown = pf.status.get(r.id)
        if r.id in pf.status and r.replied_on is None and shown != r.status:
            out.append(
                Finding(
                    "status_without_date",
                    "提案" + proposal_name(r.case_no, r.title),
                    f"记录的状态为“{labels.label(r.status)}”，但没有答复日期，会议材料中按“{labels.label(shown)}”列出，"
                    "未计入已答复件数和办复率",
                    "请在编辑器“提案办理”页填写答复日期；如尚未答复，请改正状态。",
                )
            )
            continue
        if r.id in pf.status and not figures.replied_by(r, as_of) and shown != r.status:
            continue  # replied after the cut-off: named once, by `_after_cut_off`
        if shown is not None and r.status is not None and shown != r.status:
            out.append(
                Finding(
                    "status_behind",
                    "提案" + proposal_name(r.case_no, r.title),
                    f"记录的状态为“{labels.label(r.status)}”，但已答复"
                    + ("并已评价" if shown == "rated" else "")
                    + f"，会议材料中按“{labels.label(shown)}”列出",
                    f"请在编辑器“提案办理”页把状态改为“{labels.label(shown)}”。",
                )
            )
    return out


def _excerpt(text: str, pattern: re.Pattern, width: int = 8) -> str:
    m = pattern.search(text)
    start = max(0, m.start() - width) if m else 0
    piece = text[start : start + 2 * width + 1]
    return ("…" if start else "") + piece + ("…" if start + len(piece) < len(text) else "")


# ---------------------------------------------------------------- attendance and dates after the cut-off


def _attendance(store: Store, meeting: MeetingInfo, prep: Preparation) -> list[Finding]:
    """Meetings already held, listed in the attendance report, whose sign-in was never entered: the report
    could only print nobody present. This meeting's own, once it is held, too."""
    out = []
    held = [
        m
        for m in list_meetings(store, kind=meeting.kind)
        if m.term_id == meeting.term_id
        and m.held_on is not None
        and (m.status == "held" or (m.id == meeting.id and prep.held))
        and (m.id == meeting.id or m.held_on.year == prep.cut_off.year)
    ]
    for m in held:
        summary = figures.attendance_summary(store, m.id)
        if summary.recorded:
            continue
        out.append(
            Finding(
                "attendance_missing",
                f"{m.short_title}（{zh_date(m.held_on)}）",
                f"会议已召开，但没有出勤记录，出勤情况中实到人数和是否过半无法统计（应到{summary.expected}人）",
                "请在编辑器“出勤”页录入该次会议的签到情况。",
            )
        )
    return out


def _after_cut_off(store: Store, items: list[figures.PlanItemState], prep: Preparation) -> list[Finding]:
    """Records dated after the 截至 date: the packet counts and prints none of them; the secretary decides
    whether the date is a slip (correct it) or the packet rightly leaves them for the next meeting."""
    names = {i.id: _plan_name(i) for i in items}
    out = []
    for late in preparation.records_after_cut_off(store, prep):
        if late.table == "progress_note":
            record = names.get(late.owner_id or 0, "工作要点条目") + "的进展情况"
            where = "工作要点"
        elif late.table == "proposal":
            p = store.one(Proposal, late.id)
            record, where = "提案" + proposal_name(p.case_no, p.title), "提案办理"
        else:
            it = store.one(SupervisionItem, late.id)
            record, where = f"监督事项{it.code}《{it.topic}》", "民主监督"
        out.append(
            Finding(
                "after_cut_off",
                record,
                f"{late.what}{zh_date(late.day)}晚于截至日期{prep.cut_off_text}，{late.left_out}",
                f"如日期有误，请在编辑器“{where}”页改正；如日期无误，本次材料不计入，留待以后的会议材料反映。",
            )
        )
    return out
