"""The dashboard's HTML: KPI cards, charts and tables for a `LiveView`, a `SnapshotView`, or a message.

The markup lives in Jinja2 templates (`template/page/`) rendered with autoescape on, so
every value from the store is escaped by the template engine rather than by hand; only
the charts' SVG (built and escaped in `charts.py`) enters as `Markup`. This module picks
and words what each view shows. Each KPI value carries a `data-kpi` attribute (and
`data-value`, the unrounded number) so a browser test can read the figures back
without parsing the wording.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import jinja2
from markupsafe import Markup

from workbench.base import config
from workbench.base.numerals import chinese_date, chinese_datetime, chinese_number
from workbench.office import decisions, figures
from workbench.packet.snapshot import KINDS as SNAPSHOT_KINDS
from workbench.packet.snapshot import Tracked
from workbench.ui.dashboard import charts as charts
from workbench.ui.dashboard.data import LiveView, SnapshotView

PAGE_TEMPLATES = Path(__file__).resolve().parent / "template" / "page"

# Autoescape for every template (they are HTML whatever their name), undefined names are errors.
ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(PAGE_TEMPLATES)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=False,
)
ENV.globals["font_family"] = Markup(charts.FONT_FAMILY)  # a constant, written into <style> (raw text: no entities)


def css_string(text: object) -> Markup:
    """Text as a quoted CSS string inside <style>, where entities are not decoded and "</style>" would end it.

    Every character outside plain CJK, letters and digits is written as a CSS escape, so a
    committee name from the store can never close the string or the style sheet.
    """
    out = []
    for ch in str(text):
        out.append(ch if ch.isalnum() or ch in " ·　" else f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')


ENV.filters["css_string"] = css_string

STATUS_COLOURS = {
    "done": "#3a9d5d",
    "in_progress": "#2f6fb3",
    "lagging": "#e0a030",
    "not_started": "#b0b0b0",
    "changed": "#8e6bb8",
}

OVERDUE_SHOWN = 100  # rows of the overdue table; the panel's title keeps the full count


def render(template: str, **context) -> Markup:
    """One page template rendered (autoescaped) into markup."""
    return Markup(ENV.get_template(template).render(**context).strip())


def render_message(title: str, text: str) -> str:
    """A friendly notice in place of the dashboard (empty store, store not reachable)."""
    return render("message.html", title=title, text=text)


def render_heading(committee: str) -> str:
    return render("heading.html", committee=committee)


def longest_overdue(rows: list, *, key) -> list:
    """At most OVERDUE_SHOWN rows: the longest overdue across all kinds, kept in the given order."""
    if len(rows) <= OVERDUE_SHOWN:
        return rows
    keep = {id(r) for r in sorted(rows, key=lambda r: -key(r))[:OVERDUE_SHOWN]}
    return [r for r in rows if id(r) in keep]


def _kpi(k) -> SimpleNamespace:
    raw = "" if k.raw is None else (f"{k.raw:.6f}" if isinstance(k.raw, float) else str(k.raw))
    return SimpleNamespace(key=k.key, label=k.label, value=k.value, note=k.note, tone=k.tone, raw_text=raw)


def render_live(v: LiveView) -> str:
    labels = config.labels()
    plan_status = labels["plan_item_status"]
    meeting_text = f"{v.meeting.title}（{chinese_date(v.meeting.held_on, missing='日期未定')}）" if v.meeting else "尚未确定会议"

    series_codes = [c for c in plan_status.codes]
    series = [
        (plan_status.label(c), STATUS_COLOURS.get(c, charts.PALETTE[k % len(charts.PALETTE)])) for k, c in enumerate(series_codes)
    ]
    plan_rows = [
        (f"{chinese_number(s['number'])}、{s['title']}", [s["counts"].get(c, 0) for c in series_codes]) for s in v.plan_sections
    ]
    year = f"{v.plan_year}年" if v.plan_year else ""
    plan_chart = charts.stacked_bar_chart(plan_rows, series, label=f"{year}工作要点各部分进展", empty="库中还没有年度工作要点")

    pf = v.proposals
    # The bars of figures.status_bars: its 已答复 is the KPI's and 办复率's (every proposal replied by the date).
    status_rows = figures.status_bars(pf)
    status_chart = charts.bar_chart(status_rows, label="提案办理状态", empty="暂无立案提案")
    top_units = pf.by_unit[:10]
    unit_chart = charts.bar_chart(top_units, label="主办单位承办提案数", color=charts.PALETTE[5], empty="暂无主办单位")
    reply = labels["reply_category"]
    abc_colours = [charts.PALETTE[1], charts.PALETTE[0], charts.PALETTE[2], charts.PALETTE[6]]
    abc_parts = [
        (reply.label(code), n, abc_colours[k % len(abc_colours)]) for k, (code, n) in enumerate(pf.by_reply_category.items())
    ]
    abc_chart = charts.donut_chart(abc_parts, label="提案答复类别分布", center=f"已答复{pf.replied}件", empty="暂无已答复的提案")
    liaison_rows = [(g["group_name"], g["done"], g["required"]) for g in v.liaison]
    liaison_chart = charts.completion_chart(
        liaison_rows, label=f"{v.liaison_year}年委员联络组活动指标完成情况", empty=f"{v.liaison_year}年未设联络组活动指标"
    )
    proposal_year = f"{pf.year}年" if pf.year else ""
    chart_panels = [
        SimpleNamespace(title=f"{year}工作要点各部分进展", chart=Markup(plan_chart), key="plan_sections"),
        SimpleNamespace(
            title=f"{proposal_year}提案办理状态（立案{pf.filed}件）", chart=Markup(status_chart), key="proposal_status"
        ),
        SimpleNamespace(title="主办单位承办提案数（前10位）", chart=Markup(unit_chart), key="proposal_units"),
        SimpleNamespace(title="提案答复类别（A/B/C）分布", chart=Markup(abc_chart), key="reply_categories"),
        SimpleNamespace(title=f"{v.liaison_year}年委员联络组活动指标完成情况", chart=Markup(liaison_chart), key="liaison"),
    ]
    if v.opinions is not None:
        o = v.opinions
        adoption = labels["opinion_adoption"]
        opinion_rows = [("报送", o.submitted), ("编报", o.edited), ("被采用", o.adopted)]
        opinion_rows += [(f"其中{adoption.label(c)}", n) for c, n in o.by_level.items()]
        opinion_rows.append(("获领导批示", o.instructed))
        opinion_chart = charts.bar_chart(
            opinion_rows if o.any else [],
            label=f"{v.liaison_year}年社情民意信息",
            unit="条",
            color=charts.PALETTE[3],
            empty="本年度尚未登记社情民意信息",
        )
        chart_panels.append(
            SimpleNamespace(title=f"{v.liaison_year}年社情民意信息（条）", chart=Markup(opinion_chart), key="public_opinion")
        )

    if v.committees:
        committee_series = [
            ("要点已完成", STATUS_COLOURS.get("done", charts.PALETTE[1])),
            ("要点在办", STATUS_COLOURS.get("in_progress", charts.PALETTE[0])),
            ("要点逾期或滞后", STATUS_COLOURS.get("lagging", charts.PALETTE[2])),
            ("牵头监督事项", charts.PALETTE[4]),
        ]
        committee_rows = [
            (
                c.name,
                [c.plan_done, c.plan_items - c.plan_done - c.plan_flagged, c.plan_flagged, c.supervision_items],
            )
            for c in v.committees
        ]
        committee_chart = charts.stacked_bar_chart(
            committee_rows, committee_series, label="各专门委员会牵头工作", empty="工作要点和监督事项中尚未写明牵头委室"
        )
        chart_panels.append(
            SimpleNamespace(title=f"{year}各专门委员会牵头工作（项）", chart=Markup(committee_chart), key="special_committees")
        )
        activity_year = f"{v.plan_year}年" if v.plan_year else ""
        activity_chart = charts.bar_chart(
            [(c.name, c.activities) for c in v.committees],
            label=f"{activity_year}各专门委员会开展活动",
            unit="次",
            color=charts.PALETTE[5],
            empty="本年度尚未登记专门委员会活动",
        )
        chart_panels.append(
            SimpleNamespace(
                title=f"{activity_year}各专门委员会开展活动（次）", chart=Markup(activity_chart), key="committee_activities"
            )
        )

    if v.follow_ups:
        done = sum(f.closed_since for f in v.follow_ups)
        late = sum(f.overdue for f in v.follow_ups)
        follow_chart = charts.bar_chart(
            [("上次会议以来已落实", done), ("尚未落实", len(v.follow_ups) - done), ("其中已逾期", late)],
            label="此前常委会议议定事项落实情况",
            unit="项",
            color=charts.PALETTE[1],
            empty="此前常委会议没有列入督办的议定事项",
        )
        chart_panels.append(SimpleNamespace(title="此前常委会议议定事项督办（项）", chart=Markup(follow_chart), key="decisions"))

    # A leader reads the longest-overdue items; a city committee's thousands of rows would bury them.
    shown = longest_overdue(v.overdue, key=lambda r: r["days"])
    # What the row is about comes first: on a phone that column stays put while the rest scrolls.
    overdue_rows = [
        [
            f"{r['code']} {r['title']}",
            r["kind"],
            r["department"] or "—",
            r["leader"] or "—",
            chinese_date(r["deadline"]),
            f"{r['days']}天",
        ]
        for r in shown
    ]
    feedback_rows = [
        [
            f"{r['code']} {r['topic']}",
            r["department"] or "—",
            r["leader"] or "—",
            chinese_date(r["sent_on"]),
            chinese_date(r["due"]),
            f"{r['days']}天",
        ]
        for r in v.feedback_overdue
    ]
    b_status = labels["briefing_status"]
    briefing_rows = [
        [
            t.topic,
            t.reporting_body or "—",
            " ".join(x for x in (t.reporter_title, t.reporter) if x) or "—",
            chinese_date(t.materials_due_on, missing="—"),
            chinese_date(t.materials_received_on, missing="尚未报送"),
            b_status.label(t.status),
        ]
        for t in v.briefings
    ]
    limit = labels.rule("absence_limit")
    absence_rows = [
        [
            r["name"],
            r["sector"] or "—",
            r["position"] or "—",
            f"{r['absences']}次",
            "已达到通报标准" if r["reached"] else f"接近（{limit}次须通报）",
        ]
        for r in v.absences
    ]
    return render(
        "live.html",
        as_of_iso=v.as_of.isoformat(),
        as_of_text=chinese_date(v.as_of),
        quarter=v.quarter_label,
        held=v.held,
        meeting_text=meeting_text,
        kpis=[_kpi(k) for k in v.kpis],
        charts=chart_panels,
        overdue_total=len(v.overdue),
        overdue_rows=overdue_rows,
        feedback_rows=feedback_rows,
        feedback_days=labels.rule("supervision_feedback_days"),
        briefing_title=f"{v.meeting.short_title}情况通报议题" if v.meeting else "情况通报议题",
        briefing_rows=briefing_rows,
        absence_limit=limit,
        absence_rows=absence_rows,
        record=_meeting_record(v),
    )


def _meeting_record(v: LiveView) -> SimpleNamespace | None:
    """A held meeting as the archive shows it: attendance, announced votes, its decisions."""
    if v.record_attendance is None or v.meeting is None:
        return None
    a = v.record_attendance
    if a.recorded:
        attendance = (
            f"应到常委{a.expected}人，实到{a.present}人，请假{a.on_leave}人，无故缺席{a.absent_unexcused}人，"
            f"{'超过' if a.quorum else '未超过'}半数。"
        )
    else:
        attendance = f"应到常委{a.expected}人；出勤情况尚未登记。"
    vote_rows = [[r.vote.subject, r.counts(), r.outcome()] for r in v.record_votes]
    decision_rows = [
        [
            d.text,
            d.owner_unit or "—",
            chinese_date(d.deadline) if d.deadline else "—",
            ("列入督办，" + decisions.status_label(d)) if d.supervised else "未列入督办",
        ]
        for d in v.record_decisions
    ]
    return SimpleNamespace(
        title=f"{v.meeting.short_title}会议记录", attendance=attendance, votes=vote_rows, decisions=decision_rows
    )


# ---------------------------------------------------------------- snapshots


def _due_text(entry: dict) -> str:
    due = Tracked.read(entry).due
    try:
        return chinese_date(date.fromisoformat(str(due)[:10])) if due else "—"
    except ValueError:
        return "—"


def render_snapshot(s: SnapshotView, *, held: bool = False) -> str:
    """A snapshot's page; `held` when shown for a held meeting chosen in the selector (its figures as exported)."""
    labels = config.labels()
    summary_rows, overdue_rows = [], []
    for kind, (name, set_name) in SNAPSHOT_KINDS.items():
        entries = s.records.get(kind)
        if not entries:
            continue
        statuses: dict[str, int] = {}
        for e in entries.values():
            code = e.get("status") or ""
            statuses[code] = statuses.get(code, 0) + 1
            if e.get("overdue"):
                overdue_rows.append([str(e.get("label", "")), name, _due_text(e)])
        unit = "件" if kind == "proposals" else "项"
        codes = labels[set_name].codes
        ordered = sorted(statuses, key=lambda c: codes.index(c) if c in codes else len(codes))
        status_text = "；".join(f"{labels[set_name].label(c) or '未填状态'}{statuses[c]}{unit}" for c in ordered)
        summary_rows.append([name, f"{len(entries)}{unit}", status_text or "—"])
    return render(
        "snapshot.html",
        snapshot_id=s.id,
        held=held,
        title=s.meeting.title if s.meeting else "会议",
        exported_at=chinese_datetime(s.exported_at),
        exported_by=s.exported_by or "不详",
        as_of=f"；数据截至{chinese_date(s.as_of)}" if s.as_of else "",
        unreadable=s.unreadable,
        sections=[SimpleNamespace(key=sec.key, title=sec.title, rows=[list(r) for r in sec.rows]) for sec in s.sections],
        summary_rows=summary_rows,
        overdue_total=len(overdue_rows),
        overdue_rows=overdue_rows[:OVERDUE_SHOWN],
    )
