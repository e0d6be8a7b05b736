"""What the leaders' dashboard shows, gathered from a read-only store as plain data.

Every number comes from `workbench.office.figures` (the same definitions the packet
quotes) and meetings from `workbench.office.meetings`; this module only picks and
arranges them for one view: the live state around a chosen meeting, or the
frozen snapshot written when a packet was exported (a chosen set of its figures,
named in Chinese; the keys that serve only the next packet's comparison are left
out). Dates read as the office writes them (`numerals.chinese_date`). Nothing here
writes, and nothing here builds HTML (see `view`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from workbench.base import config
from workbench.base.numerals import chinese_date, chinese_datetime
from workbench.drafts.blocks import Part
from workbench.office import decisions, figures, preparation, public_opinion, special_committees, votes
from workbench.office.meetings import MeetingInfo, MeetingKind, list_meetings, next_meeting
from workbench.packet import snapshot
from workbench.store import Store
from workbench.store.rows import BriefingTopic, Decision, PacketSnapshot, PublicOpinion


@dataclass(frozen=True)
class Choice:
    """One entry of the meeting selector: live figures for a meeting, or an exported packet's snapshot."""

    kind: str  # "live" or "snapshot"
    id: int  # meeting id or packet_snapshot id


@dataclass
class Kpi:
    key: str  # stable English key, also the page's data-kpi attribute
    label: str
    value: str  # as printed, e.g. "96.3%"
    raw: float | int | None
    note: str = ""
    tone: str = ""  # "good", "warn", "bad" or ""


@dataclass
class LiveView:
    meeting: MeetingInfo | None
    as_of: date
    plan_year: int | None
    plan_total: int
    plan_counts: dict[str, int]
    plan_sections: list[dict]
    proposals: figures.ProposalFigures
    overdue: list[dict]  # rows: kind, title, department, leader, deadline, days
    briefings: list[BriefingTopic]
    missing: list[BriefingTopic]
    absences: list[dict]
    liaison_year: int
    liaison: list[dict]
    supervision_overdue: int
    feedback_overdue: list[dict] = field(default_factory=list)  # rows: code, topic, department, leader, sent_on, due, days
    kpis: list[Kpi] = field(default_factory=list)
    quarter_label: str | None = None  # the chosen meeting's quarter, as its packet names it
    held: bool = False  # the chosen meeting has taken place (figures as of its date: no packet was exported)
    opinions: public_opinion.OpinionFigures | None = None  # the meeting's year, where the office keeps the ledger
    # Each 专门委员会's plan items, supervision items and the plan year's activities, where the office keeps them.
    committees: list[special_committees.CommitteeFigures] = field(default_factory=list)
    # Earlier meetings' supervised 议定事项 as the chosen meeting's packet reports them (office.decisions).
    follow_ups: list[decisions.FollowUp] = field(default_factory=list)
    # A held meeting's own record (the archive a leader browses): its attendance, the votes already
    # announced (a 保密 one not before its 公布日期) and its decisions with how far they have got.
    record_attendance: figures.AttendanceSummary | None = None
    record_votes: list[votes.VoteResult] = field(default_factory=list)
    record_decisions: list[Decision] = field(default_factory=list)


@dataclass
class SnapshotSection:
    """One labelled group of figures a packet quoted, ready to show: (name, value as printed) rows."""

    key: str  # plan, supervision, proposals, briefings, attendance, liaison, changes, documents
    title: str
    rows: list[tuple[str, str]]


@dataclass
class SnapshotView:
    id: int
    meeting: MeetingInfo | None
    exported_at: datetime | None
    exported_by: str
    as_of: date | None
    sections: list[SnapshotSection]  # the figures the export froze, chosen and labelled
    records: dict[str, dict]  # kind -> {key: {label, status, overdue, …}}
    unreadable: bool = False


def meeting_choices(store: Store, *, today: date | None = None) -> tuple[list[tuple[str, Choice]], Choice | None]:
    """Selector entries (label, choice) and the default: the next standing-committee meeting (as of `today`)."""
    meetings = list_meetings(store, kind=MeetingKind.STANDING_COMMITTEE)
    status = config.labels()["meeting_status"]
    options: list[tuple[str, Choice]] = []
    for m in meetings:
        when = chinese_date(m.held_on, missing="日期未定")
        # A held meeting shows what its packet reported (exported_view); the others today's figures.
        shows = "会议材料所载数据" if preparation.prepare(store, m).frozen else "实时数据"
        options.append((f"{m.short_title}（{when}，{status.label(m.status)}）· {shows}", Choice("live", m.id)))
    by_id = {m.id: m for m in list_meetings(store)}
    for snap in store.select(PacketSnapshot):
        of = by_id.get(snap.meeting_id)
        name = of.short_title if of else f"会议（编号 {snap.meeting_id}）"
        options.append((f"{name} · 会议材料快照（{chinese_datetime(snap.exported_at)}导出）", Choice("snapshot", snap.id)))
    upcoming = next_meeting(store, today=today)
    default: Choice | None
    if upcoming is not None:
        default = Choice("live", upcoming.id)
    elif meetings:
        default = Choice("live", meetings[-1].id)
    else:
        default = options[0][1] if options else None
    return options, default


def is_empty(store: Store) -> bool:
    """Nothing a leader could look at: no meetings, plan items, proposals, supervision or briefing topics."""
    as_of = date.today()
    return (
        not list_meetings(store)
        and not figures.plan_items(store, as_of)
        and figures.proposal_figures(store, as_of).total == 0
        and not figures.supervision_items(store, as_of)
        and not figures.briefing_topics(store)
    )


def live_view(store: Store, meeting_id: int | None, as_of: date) -> LiveView:
    """The live figures around a meeting. `as_of` is today: a chosen meeting's figures are taken at its
    截至, plan and proposal year, as its packet takes them (`office.preparation`)."""
    meeting = next((m for m in list_meetings(store) if m.id == meeting_id), None)
    today = as_of  # 保密 is lifted by the calendar, whatever day the figures are taken at
    prep = preparation.prepare(store, meeting, today=as_of) if meeting else None
    if prep is not None:
        as_of = prep.cut_off
    items = figures.plan_items(store, as_of, year=prep.plan_year if prep else None, since=prep.since if prep else None)
    counts = figures.plan_status_counts(items)
    pf = figures.proposal_figures(store, as_of, year=prep.proposal_year if prep else None)
    supervision = figures.supervision_items(store, as_of)
    topics = figures.briefing_topics(store, meeting.id) if meeting else []
    missing = figures.materials_missing(topics)
    absences = figures.absences_near_rule(store, meeting.term_id, up_to=as_of) if meeting else []
    plan_year = (prep.plan_year if prep else None) or figures.plan_year(store, as_of)
    # The year of the meeting, as the packet takes it (its quota table is that year's); activities
    # count up to the as-of date but never into the next year.
    liaison_year = meeting.held_on.year if meeting and meeting.held_on else as_of.year
    liaison = figures.liaison_completion_by_group(
        figures.liaison_quotas(store, liaison_year, up_to=min(as_of, date(liaison_year, 12, 31)))
    )

    overdue: list[dict] = []
    for s in supervision:
        if s.overdue:
            overdue.append(
                {
                    "kind": "民主监督",
                    "title": s.item.topic,
                    "code": s.item.code,
                    "department": s.item.department,
                    "leader": s.item.leader,
                    "deadline": s.item.deadline,
                    "days": s.days_overdue,
                }
            )
    for item, days in figures.overdue_plan_items(items, as_of):
        overdue.append(
            {
                "kind": "工作要点",
                "title": item.title,
                "code": f"第{item.number}条",
                "department": item.lead_committee,
                "leader": item.lead_leader,
                "deadline": item.deadline,
                "days": days,
            }
        )
    for r in pf.overdue:
        overdue.append(
            {
                "kind": "提案",
                "title": r.title,
                "code": f"第{r.case_no:03d}号",
                "department": r.lead_unit,
                "leader": r.supervising_leader,
                "deadline": pf.due[r.id],
                "days": figures.days_overdue(pf.due[r.id], as_of),
            }
        )
    since = prep.previous.held_on if prep and prep.previous else None
    follow_ups = decisions.follow_ups(store, meeting, as_of, since=since) if meeting else []
    for f in follow_ups:
        if f.overdue and f.decision.deadline is not None:
            overdue.append(
                {
                    "kind": "议定事项",
                    "title": f.decision.text,
                    "code": f"{f.meeting.short_title}第{f.decision.position}项",
                    "department": f.decision.owner_unit,
                    "leader": None,
                    "deadline": f.decision.deadline,
                    "days": figures.days_overdue(f.decision.deadline, as_of),
                }
            )
    # Supervision and the meetings' decisions first (what leaders follow up in person), then plan items,
    # then proposals; longest overdue first.
    order = {"民主监督": 0, "议定事项": 1, "工作要点": 2, "提案": 3}
    overdue.sort(key=lambda r: (order[r["kind"]], -r["days"]))
    feedback: list[dict[str, Any]] = []
    for s in supervision:
        if s.feedback_overdue:
            due = s.feedback_due
            feedback.append(
                {
                    "code": s.item.code,
                    "topic": s.item.topic,
                    "department": s.item.department,
                    "leader": s.item.leader,
                    "sent_on": s.item.recommendation_sent_on,
                    "due": due,
                    "days": figures.days_overdue(due, as_of),
                }
            )
    feedback.sort(key=lambda r: (-r["days"], r["code"]))

    view = LiveView(
        meeting=meeting,
        as_of=as_of,
        plan_year=plan_year,
        plan_total=len(items),
        plan_counts=counts,
        plan_sections=figures.plan_by_section(items),
        proposals=pf,
        overdue=overdue,
        briefings=topics,
        missing=missing,
        absences=absences,
        liaison_year=liaison_year,
        liaison=liaison,
        supervision_overdue=sum(1 for s in supervision if s.overdue),
        feedback_overdue=feedback,
        quarter_label=prep.quarter_label if prep else None,
        held=prep.held if prep else False,
        # The meeting's year up to the as-of date, as its liaison figures are counted.
        opinions=public_opinion.opinion_figures(store, date(liaison_year, 1, 1), min(as_of, date(liaison_year, 12, 31)))
        if store.first(PublicOpinion) is not None
        else None,
    )
    view.follow_ups = follow_ups
    if meeting is not None and prep is not None and prep.held:
        view.record_attendance = figures.attendance_summary(store, meeting.id)
        view.record_votes = [r for r in votes.results(store, meeting.id) if votes.shown_on(r.vote, today)]
        view.record_decisions = decisions.of_meeting(store, meeting.id)
    view.committees = special_committees.committee_figures(
        store, as_of, year=plan_year, since=prep.since if prep else None, plan=items
    )
    view.kpis = _kpis(view)
    return view


def _kpis(v: LiveView) -> list[Kpi]:
    total = v.plan_total
    pf = v.proposals
    of_total = f"共{total}项" if total else "暂无工作要点"
    return [
        Kpi("plan_done", "工作要点已完成", f"{v.plan_counts.get('done', 0)}项", v.plan_counts.get("done", 0), of_total, "good"),
        Kpi(
            "plan_in_progress",
            "工作要点推进中",
            f"{v.plan_counts.get('in_progress', 0)}项",
            v.plan_counts.get("in_progress", 0),
            of_total,
        ),
        Kpi(
            "plan_lagging",
            "工作要点进展滞后",
            f"{v.plan_counts.get('lagging', 0)}项",
            v.plan_counts.get("lagging", 0),
            of_total,
            "bad" if v.plan_counts.get("lagging") else "",
        ),
        Kpi(
            "supervision_overdue",
            "监督事项逾期",
            f"{v.supervision_overdue}项",
            v.supervision_overdue,
            "未办结且已过完成时限",
            "bad" if v.supervision_overdue else "good",
        ),
        Kpi(
            "reply_rate",
            "提案办复率",
            figures.percent(pf.reply_rate),
            pf.reply_rate,
            f"已答复{pf.replied}件／立案{pf.filed}件" if pf.filed else "暂无立案提案",
        ),
        Kpi(
            "satisfaction_rate",
            "提案满意率",
            figures.percent(pf.satisfaction_rate),
            pf.satisfaction_rate,
            f"满意和基本满意{pf.satisfied + pf.basically_satisfied}件／已评价{pf.rated}件" if pf.rated else "暂无评价",
        ),
        Kpi(
            "materials_missing",
            "通报材料未报送",
            f"{len(v.missing)}项",
            len(v.missing),
            f"本次会议通报议题共{len(v.briefings)}项" if v.meeting else "未选择会议",
            "warn" if v.missing else "good",
        ),
    ]


def exported_view(store: Store, meeting_id: int, today: date) -> SnapshotView | None:
    """A held meeting's figures as its packet was exported (its newest snapshot), or None when the meeting
    is still ahead or nothing was exported for it."""
    meeting = next((m for m in list_meetings(store) if m.id == meeting_id), None)
    if meeting is None or not preparation.prepare(store, meeting, today=today).frozen:
        return None
    newest = snapshot.latest(store, meeting_id)
    return None if newest is None else snapshot_view(store, newest.id)


def snapshot_view(store: Store, snapshot_id: int) -> SnapshotView | None:
    snap = snapshot.by_id(store, snapshot_id)
    if snap is None:
        return None
    meeting = next((m for m in list_meetings(store) if m.id == snap.meeting_id), None)
    return SnapshotView(
        id=snap.id,
        meeting=meeting,
        exported_at=snap.exported_at,
        exported_by=snap.exported_by,
        as_of=snap.as_of,
        sections=snapshot_sections(snap),
        records=snap.records,
        unreadable=snap.unreadable,
    )


# ---------------------------------------------------------------- a snapshot's figures, chosen and labelled
#
# `workbench.packet` freezes `Packet.figures` (a `PacketFigures`) next to the records' states, and
# `packet.snapshot.read` gives them back typed, None where an older snapshot lacks them. Leaders see a
# chosen set of those figures under Chinese names; the keys that only serve the next packet's
# comparison (record ids, case numbers, rules) are left out on purpose.


def _count(value: int | None, unit: str) -> str | None:
    return None if value is None else f"{value}{unit}"


def _rate(value: float | None) -> str | None:
    return None if value is None else figures.percent(value)


def _by_code(counts: dict[str, int] | None, set_name: str, unit: str, *, suffix: str = "") -> str | None:
    """{code: n} → "办理中21件；已答复14件" in the label set's order, zeros left out."""
    if not counts:
        return None
    labels = config.labels()[set_name]
    order = labels.codes + [c for c in counts if c not in labels.codes]
    parts = [f"{labels.label(c)}{suffix}{counts[c]}{unit}" for c in order if counts.get(c)]
    return "；".join(parts) or "无"


def _names(codes, records: dict, *, limit: int = 6) -> str:
    """Codes listed by a figure, named by the records the same snapshot froze."""
    names = [str(records.get(str(c), {}).get("label") or c) for c in codes]
    shown = "、".join(names[:limit])
    return shown + (f"等{len(names)}项" if len(names) > limit else "")


def _rows(*pairs: tuple[str, str | None]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in pairs if value is not None]


def snapshot_sections(snap: snapshot.Snapshot) -> list[SnapshotSection]:
    figs, records = snap.figures, snap.records
    out: list[SnapshotSection] = []
    plan = figs.plan
    if plan:
        by_status = plan.by_status or {}
        labels = config.labels()["plan_item_status"]
        out.append(
            SnapshotSection(
                "plan",
                "年度工作要点",
                _rows(
                    ("年度", f"{plan.year}年" if plan.year else None),
                    ("工作要点条目", _count(plan.total, "条")),
                    *[(labels.label(c), f"{by_status[c]}条") for c in labels.codes if c in by_status],
                    ("本季度无进展更新", None if plan.without_update is None else f"{len(plan.without_update)}条"),
                ),
            )
        )
    sup = figs.supervision
    if sup:
        overdue = sup.overdue_codes
        by_status = sup.by_status or {}
        labels = config.labels()["supervision_status"]
        out.append(
            SnapshotSection(
                Part.SUPERVISION,
                "民主监督事项",
                _rows(
                    ("监督事项", _count(sup.total, "项")),
                    ("民主监督小组", _count(sup.groups, "个")),
                    *[(labels.label(c), f"{by_status[c]}项") for c in labels.codes if c in by_status],
                    (
                        "超过完成时限未办结",
                        None
                        if overdue is None
                        else f"{len(overdue)}项"
                        + (f"（{_names(overdue, records.get('supervision_items', {}))}）" if overdue else ""),
                    ),
                ),
            )
        )
    pro = figs.proposals
    if pro:
        top = [f"{unit}{n}件" for unit, n in (pro.by_unit or [])[:5]]
        out.append(
            SnapshotSection(
                Part.PROPOSALS,
                "提案办理",
                _rows(
                    ("年度", f"{pro.year}年" if pro.year else None),
                    ("收到提案", _count(pro.total, "件")),
                    ("审查结果", _by_code(pro.by_review_result, "review_result", "件")),
                    ("立案提案", _count(pro.filed, "件")),
                    ("已答复", _count(pro.replied, "件")),
                    ("办复率", _rate(pro.reply_rate)),
                    ("已评价", _count(pro.rated, "件")),
                    ("满意", _count(pro.satisfied, "件")),
                    ("基本满意", _count(pro.basically_satisfied, "件")),
                    ("不满意", _count(pro.dissatisfied, "件")),
                    ("满意率", _rate(pro.satisfaction_rate)),
                    ("按办理状态", _by_code(pro.by_status, "proposal_status", "件")),
                    ("按答复类别", _by_code(pro.by_reply_category, "reply_category", "件")),
                    ("尚未办结", _count(pro.open, "件")),
                    ("超过办理期限未答复", _count(pro.overdue, "件")),
                    ("主办提案较多的单位", "；".join(top) if top else None),
                ),
            )
        )
    brief = figs.briefings
    if brief:
        missing = brief.materials_missing
        out.append(
            SnapshotSection(
                Part.BRIEFINGS,
                "情况通报议题",
                _rows(
                    ("本次会议通报议题", _count(brief.count, "项")),
                    (
                        "材料尚未报送",
                        None
                        if missing is None
                        else f"{len(missing)}项"
                        + (f"（{_names(missing, records.get('briefing_topics', {}))}）" if missing else ""),
                    ),
                ),
            )
        )
    att = figs.attendance
    if att:
        recorded = sum(x or 0 for x in (att.present, att.on_leave, att.absent_unexcused)) > 0
        this = (
            f"应到{att.expected}人，实到{att.present}人，请假{att.on_leave}人，无故缺席{att.absent_unexcused}人"
            if recorded
            else (f"应到{att.expected}人，出勤情况待会议签到后填写" if att.expected is not None else None)
        )
        meetings = [
            (f"{name}出勤", f"应到{m.expected}人，实到{m.present}人，请假{m.on_leave}人，无故缺席{m.absent_unexcused}人")
            for name, m in (att.meetings or {}).items()
        ]
        reached = att.reached
        out.append(
            SnapshotSection(
                Part.ATTENDANCE,
                "常委出勤",
                _rows(
                    ("本次会议", this),
                    *meetings,
                    ("无故缺席须通报的次数", _count(att.absence_limit, "次")),
                    (
                        "有无故缺席记录的常委",
                        None if att.absences is None else ("；".join(f"{k}{v}次" for k, v in att.absences.items()) or "无"),
                    ),
                    ("已达通报标准", None if reached is None else ("、".join(reached) or "无")),
                ),
            )
        )
    if figs.liaison is not None:
        rows = [
            (name, f"已开展{g.done}次／指标{g.required}次，完成{figures.percent(g.completion)}")
            for name, g in figs.liaison.items()
        ]
        out.append(SnapshotSection(Part.LIAISON, "委员联络组活动指标", rows or [("活动指标", "未设")]))
    changes = figs.changes
    if changes:
        basis = (
            "上次会议材料所载情况"
            if changes.has_snapshot is True
            else "各项记录的日期和修改记录"
            if changes.has_snapshot is False
            else None
        )
        out.append(
            SnapshotSection(
                Part.CHANGES,
                "与上次会议相比",
                _rows(
                    ("上次会议", changes.previous or "无"),
                    ("比对依据", basis),
                    ("新增事项", _count(changes.new_items, "项")),
                    ("状态变化", _count(changes.status_changes, "项")),
                    ("新近逾期", _count(changes.became_overdue, "项")),
                    ("本季度无更新", _count(changes.no_update, "项")),
                ),
            )
        )
    if snap.documents:
        included = [d.title for d in snap.documents if d.included]
        left_out = [d.title for d in snap.documents if not d.included]
        out.append(
            SnapshotSection(
                "documents",
                "会议材料文件",
                _rows(
                    ("收入材料", f"{len(included)}份：" + "、".join(included) if included else "无"),
                    ("未收入", "、".join(left_out) if left_out else None),
                ),
            )
        )
    return out
