"""A new office's first day in the editor, in a real browser: 本会设置 on an empty store, then the first meeting.

Voilà serves notebooks/prepare_packet.ipynb over an empty data folder (127.0.0.1, a free
port, private to this test); headless Chromium types into the 本会设置 and 会议 tabs as a
secretary would. The store then holds the committee, its contact and leaders, and a
meeting presided over by the chair, and the packet prints them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
import requests

from helpers.browser import launch_chromium
from helpers.paths import ROOT
from helpers.processes import free_port, require_programs, stop_process_group

# The first meeting, ahead of today: the one being prepared (a date gone by would be a meeting held).
AHEAD = date.today() + timedelta(days=100)


@pytest.fixture
def voila_empty_editor(tmp_path):
    require_programs("chromium")
    data = tmp_path / "data"
    data.mkdir()
    env = dict(os.environ)
    env.update(WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(tmp_path / "output"), WORKBENCH_USER="新来的秘书")
    env.pop("WORKBENCH_DB_URL", None)
    env.pop("WORKBENCH_LABELS", None)
    port = free_port()
    log = open(tmp_path / "voila.log", "w")  # noqa: SIM115  (the server writes to it until the fixture stops it)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(ROOT / "notebooks" / "prepare_packet.ipynb"),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=False",
            f"--Voila.root_dir={ROOT / 'notebooks'}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail("Voilà 未能启动：\n" + (tmp_path / "voila.log").read_text())
            try:
                if requests.get(url + "api/kernelspecs", timeout=2).status_code < 500:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("Voilà 在 90 秒内未就绪：\n" + (tmp_path / "voila.log").read_text())
            time.sleep(0.5)
        yield url, data / "workbench.sqlite"
    finally:
        stop_process_group(proc, timeout=20)
        log.close()


def _type(page, selector: str, text: str) -> None:
    box = page.locator(selector)
    box.fill(text)
    box.press("Tab")  # leaving the box hands the value to the kernel


@pytest.mark.browser
def test_new_office_sets_up_and_creates_its_first_meeting_in_the_browser(voila_empty_editor, artifacts):
    from playwright.sync_api import sync_playwright

    from workbench.office import committee
    from workbench.packet.assemble import assemble
    from workbench.store import Store

    url, db = voila_empty_editor
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".wb-setup", timeout=120_000)
            page.get_by_text("请先在“本会设置”页建立本会").wait_for(timeout=30_000)
            # the meeting tab already opens, and says what to do first
            page.get_by_role("tab", name="会议", exact=True).click()
            page.get_by_text("库中还没有本会和届次信息").wait_for(timeout=30_000)
            page.get_by_role("tab", name="本会设置", exact=True).click()

            _type(page, ".wb-setup-county input", "白河县")
            _type(page, ".wb-setup-term input", "11")
            _type(page, ".wb-setup-term-start input", "2022")
            page.locator(".wb-setup-create").click()
            page.get_by_text("已建立政协白河县委员会第十一届（2022年起）").wait_for(timeout=30_000)

            _type(page, ".wb-setup-contact-person input", "陈秀梅")
            _type(page, ".wb-setup-contact-phone input", "0000-7654321")
            _type(page, ".wb-leader-name-1 input", "吴振邦")
            _type(page, ".wb-leader-title-1 input", "主席")
            _type(page, ".wb-leader-name-2 input", "郑晓岚")
            _type(page, ".wb-leader-title-2 input", "副主席")
            page.locator(".wb-setup-save").click()
            page.get_by_text("已保存本会设置。").wait_for(timeout=30_000)
            page.screenshot(path=str(artifacts / "editor-setup-tab.png"), full_page=True)

            page.get_by_role("tab", name="会议", exact=True).click()
            page.locator(".wb-create-meeting:not([disabled])").wait_for(timeout=30_000)
            _type(page, ".wb-new-meeting-date input", f"{AHEAD.year}年{AHEAD.month}月{AHEAD.day}日")
            _type(page, ".wb-new-meeting-time input", "上午9:00")
            _type(page, ".wb-new-meeting-venue input", "县政协机关二楼会议室")
            page.locator(".wb-create-meeting").click()
            page.get_by_text("已新建十一届一次常委会议。").wait_for(timeout=30_000)
            page.get_by_text("正在准备：").wait_for(timeout=30_000)
            page.screenshot(path=str(artifacts / "editor-first-meeting.png"), full_page=True)
            body = page.inner_text("body")
        finally:
            browser.close()

    assert "政协白河县第十一届委员会常务委员会第一次会议" in body
    assert "Traceback" not in body and "Error" not in body
    with Store.open(f"sqlite:///{db}") as store:
        profile = committee.profile(store)
        assert (profile.name, profile.office) == ("政协白河县委员会", "政协白河县委员会办公室")
        assert (profile.contact_person, profile.contact_phone) == ("陈秀梅", "0000-7654321")
        assert profile.leaders == (committee.Leader("吴振邦", "主席"), committee.Leader("郑晓岚", "副主席"))
        [meeting] = store.rows("meeting")
        assert (meeting["seq_no"], str(meeting["held_on"]), meeting["start_time"], meeting["presider"]) == (
            1,
            AHEAD.isoformat(),
            "上午9:00",
            "吴振邦",
        )
        assert meeting["updated_by"] == "新来的秘书"
        packet = assemble(store, "next")
        assert packet.document("agenda").context["presider"] == "县政协主席吴振邦"
        assert packet.document("notice").context["contact"] == "陈秀梅，电话：0000-7654321"
