"""A meeting's agenda as documents word it: the agenda rows with where each came from, or, when no agenda was
entered, the agenda its materials call for (`from_materials`: the briefings, the 任免名单, the plan's progress),
each worded as the notice, the agenda and the minutes say it ("听取…的通报"). The editor's 议程 tab starts from
the same `from_materials`, so what 材料内容 shows is what the secretary is offered to keep and edit."""

from __future__ import annotations

from datetime import date

from workbench.office import committee, figures, personnel
from workbench.office.meetings import MeetingInfo
from workbench.store import Store
from workbench.store.rows import AgendaItem

SOURCES = {
    "briefing_topic": "情况通报议题",
    "manual": "手工录入",
    "plan_item": "年度工作要点",
    "supervision_item": "民主监督事项",
    "proposal": "提案",
    "consultation_plan": "年度协商计划",
    "personnel_change": "人事事项",
}
# How a generated item's source reads until the secretary enters the agenda (the notice's rule looks for it).
GENERATED = "未录入议程，按材料内容生成"
PERSONNEL_TITLE = "审议有关人事事项"


# Agenda wording: a title that does not start with what the meeting does gets "听取" if it is a briefing.
VERBS = ("听取", "审议", "协商", "讨论", "表决", "通报", "通过", "学习", "传达", "书面", "审阅", "视察")


def agenda_items(store: Store, meeting: MeetingInfo) -> list[dict]:
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
        codes = {t.id: t.code for t in topics}
        for g in from_materials(store, meeting):
            code = f" {codes[g['source_id']]}" if g["source"] == "briefing_topic" else ""
            items.append(
                {"title": g["title"], "presenter": g["presenter"], "source": f"{SOURCES[g['source']]}{code}（{GENERATED}）"}
            )
    for n, item in enumerate(items, start=1):
        item["number"] = n
        item["text"] = as_topic(item["title"])  # as the agenda and the notice word it
    return items


def from_materials(store: Store, meeting: MeetingInfo) -> list[dict]:
    """The agenda this meeting's materials call for, as agenda rows would hold it (title, presenter, source,
    source_id): each briefing topic assigned to the meeting, 审议有关人事事项 when it has a 任免名单, and the
    report on the year's work plan when there is a plan to report on. The office reports those two; the
    presenter is its 秘书长 when 本会设置 names one."""
    out = []
    for t in figures.briefing_topics(store, meeting.id):
        presenter = f"{t.reporting_body or ''}{t.reporter_title or ''}{t.reporter or ''}"
        out.append({"title": t.topic, "presenter": presenter, "source": "briefing_topic", "source_id": t.id})
    office_presenter = _secretary_general(store)
    if personnel.changes(store, meeting.id):
        out.append({"title": PERSONNEL_TITLE, "presenter": office_presenter, "source": "personnel_change", "source_id": None})
    year = figures.plan_year_reported(store, meeting.held_on or date.today())
    if year is not None:
        out.append(
            {
                "title": f"关于县政协{year}年工作要点落实情况的报告",
                "presenter": office_presenter,
                "source": "plan_item",
                "source_id": None,
            }
        )
    return out


def _secretary_general(store: Store) -> str:
    profile = committee.profile(store)
    leader = next((x for x in profile.leaders if x.title == "秘书长"), None) if profile else None
    return f"县政协秘书长{leader.name}" if leader else ""


def as_topic(title: str) -> str:
    if title.startswith(VERBS):
        return title
    return f"听取{title}" if title.endswith("通报") or title.endswith("报告") else title
