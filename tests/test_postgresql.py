"""The same code on a shared PostgreSQL database: the demo, figures, packet, sheets round trip, frames, read-only."""

from __future__ import annotations

import pytest

import workbench
from workbench import sheets
from workbench.base.errors import ReadOnlyError
from workbench.office import demo, figures, meetings
from workbench.packet.assemble import assemble
from workbench.store import Store


@pytest.fixture
def pg_store(workbench_env, pg_url, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB_URL", pg_url)
    with Store.open() as s:
        demo.load(s)
        yield s


def test_the_office_workflow_runs_on_postgresql(pg_store, tmp_path):
    nxt = meetings.next_meeting(pg_store)
    assert nxt.short_title == "十一届十八次常委会议"
    pf = figures.proposal_figures(pg_store, nxt.held_on)
    assert pf.total == 150 and pf.filed > 0 and pf.reply_rate is not None
    assert figures.absences(pg_store, nxt.term_id)
    packet = assemble(pg_store, nxt)
    assert packet.meeting_title == "政协青岚县第十一届委员会常务委员会第十八次会议"
    path = tmp_path / "提案.xlsx"
    sheets.export(pg_store, "提案", path)
    preview = sheets.read_and_diff(pg_store, "提案", path)
    assert not preview.new and not preview.changed and not preview.problems
    assert len(workbench.frames()["proposal"]) == 150


def test_read_only_sessions_on_postgresql(pg_store):
    with Store.open(readonly=True) as ro:
        assert len(ro.rows("meeting")) == 5
        with pytest.raises(ReadOnlyError):
            ro.insert("committee", {"name": "x", "county": "y"})
        with pytest.raises(Exception, match=r"(?i)read-only"), ro.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM agenda_item")
    assert len(pg_store.rows("agenda_item")) > 0
