"""A meeting's agenda as documents word it: the agenda rows with where each came from, or the briefings when
no agenda was entered, each worded as the notice, the agenda and the minutes say it ("听取…的通报")."""

from __future__ import annotations

from workbench.office import figures
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
}


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
        for t in topics:
            presenter = f"{t.reporting_body or ''}{t.reporter_title or ''}{t.reporter or ''}"
            items.append(
                {"title": t.topic, "presenter": presenter, "source": f"情况通报议题 {t.code}（未录入议程，按通报议题生成）"}
            )
    for n, item in enumerate(items, start=1):
        item["number"] = n
        item["text"] = as_topic(item["title"])  # as the agenda and the notice word it
    return items


def as_topic(title: str) -> str:
    if title.startswith(VERBS):
        return title
    return f"听取{title}" if title.endswith("通报") or title.endswith("报告") else title
