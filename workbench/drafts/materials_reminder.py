"""催交函: one letter per department whose briefing materials have not come in, citing the invitation by its
发文字号 and setting a new date some working days after the letter."""

from __future__ import annotations

from datetime import date

from workbench.base import config
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Letter
from workbench.drafts.letters import Drafts, by_department, meeting_name, topic_core
from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import Office
from workbench.store import Store
from workbench.store.rows import Letter as LetterRecord


def letters(
    store: Store, meeting: MeetingInfo, sender: Office, *, issued_on: date, as_of: date, numbers: dict[tuple[str, str], str]
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
    for department, rows in by_department(missing, lambda t: t.reporting_body).items():
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
