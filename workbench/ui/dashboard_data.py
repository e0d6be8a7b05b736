"""What the leaders' dashboard shows, gathered from a read-only store as plain data.

Every number comes from `workbench.figures` (the same definitions the packet
quotes) and meetings from `workbench.meetings`; this module only picks and
arranges them for one view: the live state around a chosen meeting, or the
frozen snapshot written when a packet was exported. Nothing here writes, and
nothing here builds HTML (see `dashboard_view`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from .. import config, figures
from ..meetings import MeetingInfo, list_meetings, next_meeting
from ..store import Store


@dataclass(frozen=True)
class Choice:
    """One entry of the meeting selector: live figures for a meeting, or an exported packet's snapshot."""
    kind: str          # "live" or "snapshot"
    id: int            # meeting id or packet_snapshot id


@dataclass
class Kpi:
    key: str           # stable English key, also the page's data-kpi attribute
    label: str
    value: str         # as printed, e.g. "96.3%"
    raw: float | int | None
    note: str = ""
    tone: str = ""     # "good", "warn", "bad" or ""


@dataclass
class LiveView:
    meeting: MeetingInfo | None
    as_of: date
    plan_year: int | None
    plan_total: int
    plan_counts: dict[str, int]
    plan_sections: list[dict]
    proposals: figures.ProposalFigures
    overdue: list[dict]          # rows: kind, title, department, leader, deadline, days
    briefings: list[dict]
    missing: list[dict]
    absences: list[dict]
    liaison_year: int
    liaison: list[dict]
    supervision_overdue: int
    kpis: list[Kpi] = field(default_factory=list)


@dataclass
class SnapshotView:
    id: int
    meeting: MeetingInfo | None
    exported_at: datetime | None
    exported_by: str
    as_of: str | None
    figures: dict            # what the export froze under "figures", if anything
    records: dict[str, dict]  # kind -> {key: {label, status, overdue, …}}
    unreadable: bool = False


def meeting_choices(store: Store) -> tuple[list[tuple[str, Choice]], Choice | None]:
    """Selector entries (label, choice) and the default: the next standing-committee meeting."""
    meetings = list_meetings(store, kind="standing_committee_meeting")
    status = config.labels()["meeting_status"]
    options: list[tuple[str, Choice]] = []
    for m in meetings:
        when = zh_date(m.held_on) if m.held_on else "日期未定"
        options.append((f"{m.short_title}（{when}，{status.label(m.status)}）· 实时数据", Choice("live", m.id)))
    by_id = {m.id: m for m in list_meetings(store)}
    for snap in sorted(store.rows("packet_snapshot", order_by="exported_at"), key=lambda s: s["id"]):
        m = by_id.get(snap["meeting_id"])
        name = m.short_title if m else f"会议（编号 {snap['meeting_id']}）"
        options.append((f"{name} · 会议材料快照（{zh_datetime(snap['exported_at'])}导出）",
                        Choice("snapshot", snap["id"])))
    upcoming = next_meeting(store)
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
    return (not list_meetings(store) and not figures.plan_items(store, as_of)
            and figures.proposal_figures(store, as_of).total == 0
            and not figures.supervision_items(store, as_of) and not figures.briefing_topics(store))


def live_view(store: Store, meeting_id: int | None, as_of: date) -> LiveView:
    meeting = next((m for m in list_meetings(store) if m.id == meeting_id), None)
    items = figures.plan_items(store, as_of)
    counts = figures.plan_status_counts(items)
    pf = figures.proposal_figures(store, as_of)
    supervision = figures.supervision_items(store, as_of)
    topics = figures.briefing_topics(store, meeting.id) if meeting else []
    missing = figures.materials_missing(topics)
    absences = figures.absences_near_rule(store, meeting.term_id, up_to=as_of) if meeting else []
    plan_year = figures.plan_year(store, as_of)
    liaison_year = plan_year or as_of.year
    liaison = figures.liaison_completion_by_group(figures.liaison_quotas(store, liaison_year, up_to=as_of))

    overdue: list[dict] = []
    for s in supervision:
        if s.overdue:
            overdue.append({"kind": "民主监督", "title": s.item["topic"], "code": s.item["code"],
                            "department": s.item["department"], "leader": s.item["leader"],
                            "deadline": s.item["deadline"], "days": s.days_overdue})
    for item, days in figures.overdue_plan_items(items, as_of):
        overdue.append({"kind": "工作要点", "title": item.title, "code": f"第{item.number}条",
                        "department": item.lead_committee, "leader": item.lead_leader,
                        "deadline": item.deadline, "days": days})
    for r in pf.overdue:
        overdue.append({"kind": "提案", "title": r["title"], "code": f"第{r['case_no']:03d}号",
                        "department": r["lead_unit"], "leader": r["supervising_leader"],
                        "deadline": r["due"], "days": figures.days_overdue(r["due"], as_of)})
    # Supervision first (what leaders follow up in person), then plan items, then proposals; longest overdue first.
    order = {"民主监督": 0, "工作要点": 1, "提案": 2}
    overdue.sort(key=lambda r: (order[r["kind"]], -r["days"]))

    view = LiveView(meeting=meeting, as_of=as_of, plan_year=plan_year, plan_total=len(items),
                    plan_counts=counts, plan_sections=figures.plan_by_section(items), proposals=pf,
                    overdue=overdue, briefings=topics, missing=missing, absences=absences,
                    liaison_year=liaison_year, liaison=liaison,
                    supervision_overdue=sum(1 for s in supervision if s.overdue))
    view.kpis = _kpis(view)
    return view


def _kpis(v: LiveView) -> list[Kpi]:
    total = v.plan_total
    pf = v.proposals
    of_total = f"共{total}项" if total else "暂无工作要点"
    return [
        Kpi("plan_done", "工作要点已完成", f"{v.plan_counts.get('done', 0)}项", v.plan_counts.get("done", 0),
            of_total, "good"),
        Kpi("plan_in_progress", "工作要点推进中", f"{v.plan_counts.get('in_progress', 0)}项",
            v.plan_counts.get("in_progress", 0), of_total),
        Kpi("plan_lagging", "工作要点进展滞后", f"{v.plan_counts.get('lagging', 0)}项",
            v.plan_counts.get("lagging", 0), of_total, "bad" if v.plan_counts.get("lagging") else ""),
        Kpi("supervision_overdue", "监督事项逾期", f"{v.supervision_overdue}项", v.supervision_overdue,
            "未办结且已过完成时限", "bad" if v.supervision_overdue else "good"),
        Kpi("reply_rate", "提案办复率", figures.percent(pf.reply_rate), pf.reply_rate,
            f"已答复{pf.replied}件／立案{pf.filed}件" if pf.filed else "暂无立案提案"),
        Kpi("satisfaction_rate", "提案满意率", figures.percent(pf.satisfaction_rate), pf.satisfaction_rate,
            f"满意和基本满意{pf.satisfied + pf.basically_satisfied}件／已评价{pf.rated}件" if pf.rated else "暂无评价"),
        Kpi("materials_missing", "通报材料未报送", f"{len(v.missing)}项", len(v.missing),
            f"本次会议通报议题共{len(v.briefings)}项" if v.meeting else "未选择会议",
            "warn" if v.missing else "good"),
    ]


def snapshot_view(store: Store, snapshot_id: int) -> SnapshotView | None:
    rows = store.rows("packet_snapshot", id=snapshot_id)
    if not rows:
        return None
    row = rows[0]
    meeting = next((m for m in list_meetings(store) if m.id == row["meeting_id"]), None)
    # The export writes this JSON; read it defensively so an older or damaged snapshot still shows its header.
    try:
        data = json.loads(row["data"]) if row["data"] else {}
        if not isinstance(data, dict):
            raise ValueError("not an object")
        unreadable = False
    except (ValueError, TypeError):
        data, unreadable = {}, True
    records = {k: v for k, v in data.items() if k != "figures" and isinstance(v, dict)
               and all(isinstance(x, dict) for x in v.values())}
    figs = data.get("figures") if isinstance(data.get("figures"), dict) else {}
    as_of = data.get("as_of") if isinstance(data.get("as_of"), str) else None
    return SnapshotView(id=row["id"], meeting=meeting, exported_at=row["exported_at"],
                        exported_by=row["exported_by"] or "", as_of=as_of, figures=figs, records=records,
                        unreadable=unreadable)


def zh_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def zh_datetime(moment: datetime | None) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}" if moment else "时间不详"
