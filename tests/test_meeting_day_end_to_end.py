"""One meeting from notice to minutes, as an office runs it (issue 30's acceptance): the notice exported,
the returned 回执 imported (two on leave, with their reasons), 签到 ticked in a real browser on a tablet
until the quorum line says it is past half, 签到结束 recording the rest, a personnel vote and two 议定事项
entered on the 议定与表决 tab (one put under 督办). Then the meeting is held, the next one is added, and
its packet reports the supervised decision; the minutes read back name who attended, who was on leave and
why, the vote's counts and result, and both decisions with who and by when.
"""

from __future__ import annotations

import os
import subprocess
import sys

import docx
import openpyxl
import pytest

from helpers.browser import launch_chromium
from helpers.paths import ROOT

pytestmark = pytest.mark.browser
TABLET = {"width": 1024, "height": 1366}
VOTE = "关于增补李明远为政协青岚县第十一届委员会委员的决定（草案）"
SUPERVISED = "县交通运输局牵头制定城乡公交一体化实施方案"
NOT_SUPERVISED = "县政协办公室做好会议精神的宣传报道"


def _workbench(db, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, WORKBENCH_DATA_DIR=str(db.parent), WORKBENCH_USER="测试秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    done = subprocess.run(
        [sys.executable, "-m", "workbench", *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _replies(path, meeting: str, rows) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "会议", "姓名", "是否参加", "请假事由"])
    for n, row in enumerate(rows, start=1):
        ws.append([n, meeting, *row])
    wb.save(path)


def _text(path) -> str:
    d = docx.Document(str(path))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells])


def test_one_meeting_from_notice_to_minutes(voila_editor, tmp_path, artifacts):
    from playwright.sync_api import expect, sync_playwright

    from workbench.office import figures
    from workbench.office.meetings import next_meeting
    from workbench.store import Store, schema

    url, db, _log = voila_editor
    with Store.open(f"sqlite:///{db}") as store:
        meeting = next_meeting(store)
        assert meeting is not None
        with store.writer("测试") as w:  # this meeting's 回执 come from the list below
            w.conn.execute(schema.meeting_reply.delete())
        members = sorted(figures.standing_members(store, meeting.id), key=lambda m: m.id)
    expected = len(members)
    on_leave = {members[0].name: "参加县人大常委会会议", members[1].name: "因病住院"}

    # Before: the notice goes out, the 回执 come back.
    exported = _workbench(db, "packet", "export", "--out", tmp_path / "会议材料")
    notice = next((tmp_path / "会议材料").glob("*_02_会议通知.docx"))
    assert meeting.title in _text(notice), exported.stdout
    rows = [[m.name, "请假", on_leave[m.name]] for m in members[:2]] + [[m.name, "参加", None] for m in members[2:]]
    _replies(tmp_path / "回执.xlsx", meeting.short_title, rows)
    _workbench(db, "import", "回执", tmp_path / "回执.xlsx")

    # On the day: 签到 on a tablet, the vote and the decisions.
    coming = members[2 : 2 + expected // 2 + 2]  # past half by one more, so one can abstain and it still passes
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport=TABLET, locale="zh-CN", has_touch=True, is_mobile=True)
            page = context.new_page()
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".wb-editor", timeout=120_000)
            page.get_by_role("tab", name="签到", exact=True).click()
            quorum = page.locator(".wb-signin-quorum")
            expect(quorum).to_contain_text(f"应到{expected}人，已签到0人，请假2人", timeout=60_000)
            for n, m in enumerate(coming, start=1):
                page.locator(f".wb-signin-member-{m.id}").tap()
                expect(quorum).to_contain_text(f"已签到{n}人", timeout=30_000)
            expect(quorum).to_contain_text("已过半数，可以开会。")
            page.screenshot(path=str(artifacts / "meeting-day-sign-in.png"))
            finish = page.locator(".wb-signin-finish")
            finish.click()
            expect(finish).to_have_text("确认登记", timeout=30_000)
            finish.click()
            expect(page.locator(".wb-signin-day")).to_contain_text("出勤", timeout=30_000)

            page.get_by_role("tab", name="议定与表决", exact=True).click()
            page.locator(".wb-votes-new-subject input").fill(VOTE)
            page.locator(".wb-votes-add").click()
            expect(page.locator(".wb-votes-caption")).to_contain_text("全体常务委员", timeout=30_000)
            vote_row = page.locator("[class*='wb-row-vote-']").first
            for name, value in (("in_favour", str(len(coming) - 1)), ("against", "0"), ("abstain", "1")):
                box = vote_row.locator(f".wb-vote-{name} input")
                box.fill(value)
                box.press("Enter")
            page.locator(".wb-save-votes").click()
            result = page.locator("[class*='wb-row-vote-']").first
            expect(result).to_contain_text("通过", timeout=30_000)
            expect(result).not_to_contain_text("未通过")
            for n, (text, unit, supervised) in enumerate(
                ((SUPERVISED, "县交通运输局", "是"), (NOT_SUPERVISED, "县政协办公室", "否")), start=1
            ):
                page.locator(".wb-decisions-new-text input").fill(text)
                page.locator(".wb-decisions-new-owner_unit input").fill(unit)
                page.locator(".wb-decisions-new-deadline input").fill("2027年3月15日")
                page.locator(".wb-decisions-new-supervised input").fill(supervised)
                page.locator(".wb-decisions-add").click()
                caption = page.locator(".wb-decisions-caption")
                expect(caption).to_contain_text(f"本次会议议定事项 {n} 项，其中列入督办 1 项", timeout=30_000)
            page.screenshot(path=str(artifacts / "meeting-day-decisions.png"), full_page=True)
        finally:
            browser.close()

    with Store.open(f"sqlite:///{db}") as store:
        att = figures.attendance_summary(store, meeting.id)
        assert (att.expected, att.present, att.on_leave) == (expected, len(coming), 2) and att.quorum
        votes = store.rows("vote", meeting_id=meeting.id)
        assert [(v["subject"], v["in_favour"], v["abstain"]) for v in votes] == [(VOTE, len(coming) - 1, 1)]
        assert {d["text"]: bool(d["supervised"]) for d in store.rows("decision", meeting_id=meeting.id)} == {
            SUPERVISED: True,
            NOT_SUPERVISED: False,
        }

    # After: held, the next meeting added; its packet reports the supervised decision only.
    _workbench(db, "meeting", "edit", meeting.short_title, "--status", "已召开")
    _workbench(db, "meeting", "add", "--date", "2027-03-25")
    _workbench(db, "packet", "export", "--meeting", "十一届十九次常委会议", "--out", tmp_path / "下次")
    follow = _text(next((tmp_path / "下次").glob("*上次会议议定事项落实情况.docx")))
    assert SUPERVISED in follow and meeting.short_title in follow and NOT_SUPERVISED not in follow

    _workbench(db, "minutes", "--meeting", meeting.short_title, "--out", tmp_path / "纪要")
    minutes = _text(next((tmp_path / "纪要").glob("*.docx")))
    assert f"会议应到常委{expected}人，实到{len(coming)}人，符合规定人数" in minutes
    assert all(m.name in minutes for m in coming)
    leave_line = next(line for line in minutes.splitlines() if line.startswith("请假"))
    assert leave_line == "请假：" + "、".join(f"{name}（{reason}）" for name, reason in on_leave.items())
    absent_line = next(line for line in minutes.splitlines() if line.startswith("缺席"))
    assert all(m.name in absent_line for m in members[2 + len(coming) :])
    passed = VOTE.removesuffix("（草案）")
    assert f"表决通过了《{passed}》（赞成{len(coming) - 1}票，反对0票，弃权1票）" in minutes
    assert f"{SUPERVISED}。由县交通运输局负责落实，2027年3月15日前完成。" in minutes
    assert NOT_SUPERVISED in minutes
