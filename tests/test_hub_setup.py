"""Setting up the multi-user server without starting it: the account list, passwords, and `hub check`.

What the office's administrator types before the first start, and the Chinese answers when
something is missing. Starting a real hub is tests/test_hub.py.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

ACCOUNTS = """\
[secretaries]
wangfang = "王芳"

[leaders]
zhangzhuxi = "张主席"
"""


@pytest.fixture
def hub_dir(workbench_env, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "hub"
    folder.mkdir()
    monkeypatch.setenv("WORKBENCH_HUB_DIR", str(folder))
    return folder


def _with_password(monkeypatch, password: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))


def test_check_lists_what_is_missing_in_chinese(cli, hub_dir, monkeypatch):
    from workbench.apps.hub import prerequisites

    monkeypatch.setattr(prerequisites.shutil, "which", lambda name: None)
    result = cli("hub", "check")
    assert result.code == 1
    assert "✗ 代理程序 configurable-http-proxy" in result.out and "npm install -g configurable-http-proxy" in result.out
    assert "✗ 共用数据库：WORKBENCH_DB_URL 未设为 PostgreSQL" in result.out
    assert f"找不到账号名单 {hub_dir / 'accounts.toml'}" in result.out and "accounts.example.toml" in result.out
    # Starting does the same checks and starts nothing.
    started = cli("hub", "--port", "18999")
    assert started.code == 1 and "多人共用服务未启动，缺少以下条件" in started.out


def test_check_names_the_missing_read_only_address(cli, hub_dir, pg_url, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB_URL", pg_url)
    assert cli("init").code == 0
    result = cli("hub", "check")
    assert "✓ 共用数据库" in result.out
    assert "✗ 看板只读连接：未设置 WORKBENCH_DASHBOARD_DB_URL" in result.out and "db roles" in result.out
    # The secretaries' own address is no read-only address.
    monkeypatch.setenv("WORKBENCH_DASHBOARD_DB_URL", pg_url)
    result = cli("hub", "check")
    assert "所用的角色有写入权限，看板须以只读角色连接" in result.out


@pytest.mark.parametrize(
    "text, complaint",
    [
        ('[secretaries]\n"Wang Fang" = "王芳"\n', "登录名“Wang Fang”无效"),
        ('[secretaries]\nwangfang = "王芳"\n[leaders]\nwangfang = "王芳"\n', "同时列为秘书和领导"),
        ('[secretaries]\nwangfang = ""\n', "姓名应写在引号内"),
        ('[secretaries]\nwangfang = "王芳\n', "第 2 行附近格式有误"),
        ('[guests]\nzhaoliu = "赵六"\n', "“guests”无法识别"),
    ],
)
def test_account_list_mistakes_are_named(cli, hub_dir, text, complaint):
    (hub_dir / "accounts.toml").write_text(text, encoding="utf-8")
    result = cli("hub", "password", "wangfang")
    assert result.code == 1 and complaint in result.err, result


def test_passwords_are_set_for_listed_people_only_and_checked_as_the_hub_checks_them(cli, hub_dir, monkeypatch):
    pytest.importorskip("nativeauthenticator", reason="需要 pip install -e '.[hub]'")
    from jupyterhub import orm
    from nativeauthenticator.orm import UserInfo

    from workbench.apps.hub import accounts

    (hub_dir / "accounts.toml").write_text(ACCOUNTS, encoding="utf-8")

    _with_password(monkeypatch, "Qinglan-2026x")
    unlisted = cli("hub", "password", "lisi")
    assert unlisted.code == 1 and "登录名 lisi 不在账号名单" in unlisted.err
    _with_password(monkeypatch, "short")
    assert "密码太短" in cli("hub", "password", "wangfang").err

    _with_password(monkeypatch, "Qinglan-2026x")
    first = cli("hub", "password", "wangfang")
    assert first.code == 0 and "已设置 wangfang（王芳）的密码" in first.out
    _with_password(monkeypatch, "Qinglan-2027y")
    again = cli("hub", "password", "wangfang")
    assert again.code == 0 and "已重设 wangfang（王芳）的密码" in again.out
    assert accounts.accounts_with_password() == {"wangfang"}
    assert (hub_dir / "jupyterhub.sqlite").stat().st_mode & 0o077 == 0  # hashes readable by the service only

    session = orm.new_session_factory(f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}")()
    try:
        info = UserInfo.find(session, "wangfang")
        assert info.is_authorized
        assert info.is_valid_password("Qinglan-2027y") and not info.is_valid_password("Qinglan-2026x")
    finally:
        session.close()

    result = cli("hub", "check")
    assert "✗ 账号密码：尚未设置密码的账号：zhangzhuxi" in result.out
