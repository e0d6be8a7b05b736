"""Who reaches the dashboard and the editor: only the hosts they were started for, wrong tokens throttled like
wrong passwords, a logout that works, and no route that answers 500 or shows a traceback.

Each check sends what an attacker or a confused browser would send: a foreign Host header (a web page
whose domain name was rebound to this machine), forty wrong tokens in the address and in the
Authorization header, Voilà's template route with a path it does not expect.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time

import pytest
import requests

from helpers.processes import free_port, stop_process_group
from helpers.serving import environment, serving

TOKEN = "access-test-token-4d1e"
NAMES = "kanban.zhengxie.local, Dashboard.LAN"
FOREIGN = ["evil.example", "evil.example:80", "127.0.0.1.nip.io", "localhost.evil.example"]


def _answers_in_chinese(response: requests.Response, *words: str) -> None:
    # As a browser reads it: Voilà's own error responses name no charset; the page's <meta charset> does.
    text = response.content.decode("utf-8")
    assert "Traceback" not in text and "tornado" not in text.lower()
    for word in words:
        assert word in text, text[:400]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, _demo_db_file):
    base = tmp_path_factory.mktemp("access")
    env, db = environment(base)
    shutil.copy(_demo_db_file, db)
    env["WORKBENCH_DASHBOARD_HOSTS"] = NAMES
    with serving(base, env, "--token", TOKEN) as (url, port, log):
        yield url, port, log


def test_only_the_hosts_the_dashboard_was_started_for_are_answered(dashboard):
    url, port, log = dashboard
    committee = requests.get(f"{url}/?token={TOKEN}", timeout=120)
    assert committee.status_code == 200 and "常委会议工作看板" in committee.text
    for host in FOREIGN:
        for path in (f"/?token={TOKEN}", "/login", "/logout", "/api/kernels", "/voila/templates/workbench/"):
            r = requests.get(url + path, headers={"Host": host}, allow_redirects=False, timeout=60)
            assert r.status_code == 403, (host, path, r.status_code)
            _answers_in_chinese(r, "请求未被接受", "请用政协办公室提供的看板地址打开")
            assert "看板（" not in r.text and "提案" not in r.text  # nothing of the figures
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"192.168.10.20:{port}", "10.0.0.8"):
        r = requests.get(f"{url}/?token={TOKEN}", headers={"Host": host}, timeout=120)
        assert r.status_code == 200 and "常委会议工作看板" in r.text, host
    # Names the office configured (any case, with a port or the trailing dot of a full name).
    for host in ("kanban.zhengxie.local", f"KANBAN.zhengxie.local:{port}", "dashboard.lan.", "dashboard.lan"):
        r = requests.get(f"{url}/?token={TOKEN}", headers={"Host": host}, timeout=120)
        assert r.status_code == 200, host
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_logout_returns_to_the_login_page(dashboard):
    url, _port, log = dashboard
    leader = requests.Session()
    page = leader.get(f"{url}/?token={TOKEN}", timeout=120)
    assert page.status_code == 200
    link = re.search(r'<a class="wb-logout" href="([^"]+)" data-logout="1">退出看板</a>', page.text)
    assert link and link.group(1) == "/logout"
    out = leader.get(url + link.group(1), allow_redirects=False, timeout=60)
    assert out.status_code == 302 and out.headers["Location"] == "/login?loggedout=1"
    login = leader.get(url + out.headers["Location"], timeout=60)
    assert login.status_code == 200
    _answers_in_chinese(login, "您已退出看板", "访问口令")
    again = leader.get(url + "/", allow_redirects=False, timeout=60)
    assert again.status_code == 302 and again.headers["Location"].startswith("/login")
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "请求出错" not in text


def test_wrong_tokens_are_throttled_on_every_route_and_header(tmp_path, _demo_db_file):
    env, db = environment(tmp_path)
    shutil.copy(_demo_db_file, db)
    with serving(tmp_path, env, "--token", TOKEN) as (url, _port, log):
        leader = requests.Session()  # logged in before the guessing starts, from the same address
        assert leader.get(f"{url}/?token={TOKEN}", timeout=120).status_code == 200
        answers = []
        for k in range(40):
            if k % 2:
                r = requests.get(f"{url}/?token=guess-{k:04d}", allow_redirects=False, timeout=60)
            else:
                r = requests.get(f"{url}/", headers={"Authorization": f"token guess-{k:04d}"}, allow_redirects=False, timeout=60)
            answers.append(r.status_code)
            if r.status_code == 429:
                assert 0 < int(r.headers["Retry-After"]) <= 60
                _answers_in_chinese(r, "访问口令错误次数过多", "秒后再试")
        assert answers[:5] == [302] * 5 and answers[5:] == [429] * 35, answers
        # While the client waits even the right token is not compared, so guessing cannot go on …
        assert requests.get(f"{url}/?token={TOKEN}", allow_redirects=False, timeout=60).status_code == 429
        # … and a leader already logged in from that address still reads the page.
        assert leader.get(f"{url}/", timeout=120).status_code == 200
        assert "Traceback" not in log.read_text(encoding="utf-8")


def test_without_a_token_logout_and_voila_routes_answer_without_500(tmp_path, _demo_db_file):
    env, db = environment(tmp_path)
    shutil.copy(_demo_db_file, db)
    with serving(tmp_path, env) as (url, _port, log):
        page = requests.get(f"{url}/", timeout=120)
        assert page.status_code == 200 and "退出看板" not in page.text  # nobody logs in, nobody logs out
        out = requests.get(f"{url}/logout", allow_redirects=False, timeout=60)
        assert out.status_code == 302 and out.headers["Location"] == "/"
        for path in ("/voila/templates/workbench/", "/voila/templates/x", "/voila/static/", "/static/x"):
            r = requests.get(url + path, timeout=60)
            assert r.status_code == 404, path
            _answers_in_chinese(r, "页面不存在")
        assert "Traceback" not in log.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def editor(tmp_path_factory, _demo_db_file):
    base = tmp_path_factory.mktemp("editor-access")
    env, db = environment(base)
    shutil.copy(_demo_db_file, db)
    port = free_port()
    log_path = base / "edit.log"
    log = open(log_path, "w")  # noqa: SIM115  (the server writes to it until the fixture stops it)
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "edit", "--no-browser", f"--port={port}", f"--token={TOKEN}"],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while "编辑窗口已启动" not in log_path.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("编辑窗口未能启动：\n" + log_path.read_text())
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", port, log_path
    finally:
        stop_process_group(proc, timeout=20)
        log.close()


def test_the_editor_answers_only_this_machine_and_never_500(editor):
    url, port, log = editor
    for host in FOREIGN:
        r = requests.get(f"{url}/login", headers={"Host": host}, allow_redirects=False, timeout=60)
        assert r.status_code == 403, host
        _answers_in_chinese(r, "请求未被接受", "127.0.0.1")
    assert requests.get(f"{url}/login", headers={"Host": f"localhost:{port}"}, timeout=60).status_code == 200
    for path in ("/voila/templates/workbench/", "/voila/templates/workbench-editor/", "/voila/static/", "/voila/static/x.js"):
        r = requests.get(url + path, timeout=60)
        assert r.status_code == 404, path
        _answers_in_chinese(r, "页面不存在")
    out = requests.get(f"{url}/logout", allow_redirects=False, timeout=60)
    assert out.status_code == 302 and out.headers["Location"] == "/login?loggedout=1"
    _answers_in_chinese(requests.get(url + out.headers["Location"], timeout=60), "您已退出编辑窗口")
    answers = [requests.get(f"{url}/?token=guess-{k}", allow_redirects=False, timeout=60).status_code for k in range(40)]
    assert answers[:5] == [302] * 5 and answers[5:] == [429] * 35, answers
    _answers_in_chinese(requests.get(f"{url}/?token=guess", timeout=60), "访问口令错误次数过多")
    text = log.read_text()
    assert "Traceback" not in text and " 500 " not in text
