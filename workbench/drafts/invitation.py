"""邀请函: one letter per reporting department, asking it to brief the meeting on its topic(s): topic, who
briefs, materials due date (the topic's own, else the schedule's 部门报送材料 date), copies, contact."""

from __future__ import annotations

from datetime import date

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Letter
from workbench.drafts.letters import Drafts, by_department, meeting_name, topic_core
from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import Office
from workbench.store import Store
from workbench.store.rows import BriefingTopic


def _materials_due(store: Store, meeting: MeetingInfo, topic: BriefingTopic) -> date | None:
    if topic.materials_due_on:
        return topic.materials_due_on
    from workbench.office.schedule import build

    try:
        return build(store, meeting).step("departments_submit").due_on
    except WorkbenchError:  # no meeting date yet, or the office renamed the step: the letter asks for 会前
        return None


def letters(
    store: Store, meeting: MeetingInfo, sender: Office, *, issued_on: date, as_of: date, numbers: dict[tuple[str, str], str]
) -> Drafts:
    drafts = Drafts()
    topics = figures.briefing_topics(store, meeting.id)
    copies = int(config.labels().group("letters").get("materials_copies", 30))
    held = f"定于{chinese_date(meeting.held_on)}召开" if meeting.held_on else "拟于近期召开"
    for department, rows in by_department(topics, lambda t: t.reporting_body).items():
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
