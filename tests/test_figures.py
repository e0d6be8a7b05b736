"""The quoted figures, recomputed here with plain SQL so a wrong definition in figures.py cannot pass."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from workbench.base import config
from workbench.office import figures, meetings


def _sql(store, query, *args):
    path = store.engine.url.database
    with sqlite3.connect(path) as conn:
        return conn.execute(query, args).fetchall()


@pytest.mark.parametrize("as_of", [date(2026, 6, 18), date(2026, 9, 24), date(2026, 12, 17)])
def test_proposal_figures_as_of_a_meeting(demo_store, as_of):
    pf = figures.proposal_figures(demo_store, as_of)
    day = as_of.isoformat()
    filed = _sql(demo_store, "SELECT count(*) FROM proposal WHERE review_result='filed'")[0][0]
    replied = _sql(demo_store, "SELECT count(*) FROM proposal WHERE review_result='filed' AND replied_on <= ?", day)[0][0]
    good, rated = _sql(
        demo_store,
        """SELECT sum(satisfaction IN ('satisfied','basically_satisfied')), count(*)
        FROM proposal WHERE review_result='filed' AND replied_on <= ? AND satisfaction IS NOT NULL""",
        day,
    )[0]
    overdue = _sql(
        demo_store,
        """SELECT count(*) FROM proposal WHERE review_result='filed'
        AND (replied_on IS NULL OR replied_on > ?) AND due_on < ?""",
        day,
        day,
    )[0][0]
    assert (pf.filed, pf.replied, pf.rated, len(pf.overdue)) == (filed, replied, rated, overdue)
    assert pf.reply_rate == pytest.approx(replied / filed)
    assert pf.satisfaction_rate == (pytest.approx((good or 0) / rated) if rated else None)
    # each filed proposal counted once by category and by handling unit
    assert sum(pf.by_category.values()) == filed == sum(n for _, n in pf.by_unit)
    assert sum(pf.by_reply_category.values()) == replied
    # nothing rated before it was replied; nothing replied later counts as answered
    assert pf.rated <= pf.replied
    if as_of == date(2026, 6, 18):
        assert pf.replied < filed and pf.overdue


def test_due_date_rule_applies_when_no_deadline_was_entered(demo_store, tmp_path, monkeypatch):
    case = demo_store.rows("proposal", review_result="filed", status="handling")[0]
    demo_store.update("proposal", case["id"], {"due_on": None, "assigned_on": "2026-03-10"}, expected_version=case["version"])
    by_rule = figures.proposal_figures(demo_store, date(2026, 6, 11))  # due 2026-06-10 under the 3-month rule
    assert case["case_no"] in {r["case_no"] for r in by_rule.overdue}
    office = tmp_path / "labels.toml"
    office.write_text("[rules]\nproposal_due_months = 6\n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_LABELS", str(office))
    longer = figures.proposal_figures(demo_store, date(2026, 6, 11))
    assert case["case_no"] not in {r["case_no"] for r in longer.overdue}
    assert figures.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_supervision_overdue_and_feedback_rule(demo_store):
    as_of = meetings.next_meeting(demo_store).held_on
    states = figures.supervision_items(demo_store, as_of)
    rows = _sql(demo_store, "SELECT code FROM supervision_item WHERE status != 'closed' AND deadline < ?", as_of.isoformat())
    assert {s.item["code"] for s in states if s.overdue} == {r[0] for r in rows}
    days = config.labels().rule("supervision_feedback_days")
    late = _sql(
        demo_store,
        f"""SELECT code FROM supervision_item WHERE status != 'closed'
        AND feedback_received_on IS NULL AND date(recommendation_sent_on, '+{days} days') < ?""",
        as_of.isoformat(),
    )
    assert {s.item["code"] for s in states if s.feedback_overdue} == {r[0] for r in late}


def test_absences_follow_the_committee_rule(demo_store):
    term_id = meetings.next_meeting(demo_store).term_id
    rows = _sql(
        demo_store,
        """SELECT m.name, count(*) FROM attendance a JOIN member m ON m.id = a.member_id
        JOIN meeting mt ON mt.id = a.meeting_id WHERE a.state='absent_unexcused' AND mt.term_id = ?
        AND mt.kind='standing_committee_meeting' GROUP BY m.id""",
        term_id,
    )
    result = {r["name"]: (r["absences"], r["reached"]) for r in figures.absences(demo_store, term_id)}
    limit = config.labels().rule("absence_limit")
    assert result == {name: (n, n >= limit) for name, n in rows}


def test_supervision_figures_are_taken_as_of_the_date(demo_store):
    item = demo_store.rows("supervision_item", status="in_progress")[0]
    demo_store.update(
        "supervision_item",
        item["id"],
        {
            "deadline": "2026-05-31",
            "recommendation_sent_on": "2026-01-05",
            "feedback_received_on": "2026-08-01",
            "status": "closed",
            "closed_on": "2026-09-15",
        },
        expected_version=item["version"],
    )
    then = {s.item["id"]: s for s in figures.supervision_items(demo_store, date(2026, 6, 18))}[item["id"]]
    assert then.overdue and then.days_overdue == 18 and then.feedback_overdue  # open and unanswered in June
    now = {s.item["id"]: s for s in figures.supervision_items(demo_store, date(2026, 12, 17))}[item["id"]]
    assert not now.overdue and not now.feedback_overdue
