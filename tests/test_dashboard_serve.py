"""`python -m workbench serve`: the voila command it builds, its Chinese help and errors, without starting voila."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from workbench.apps import serve


def test_server_command_keeps_secrets_off_the_command_line(tmp_path):
    options = serve.ServeOptions(port=8999, token="secret-token")
    cmd = serve.voila_command(options, tmp_path)
    assert cmd[1:3] == ["-m", "workbench.ui.dashboard.server"]
    assert sum(1 for a in cmd if not a.startswith("-")) == 2  # python and the module: no notebook, no folder
    for flag in (
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        "--Voila.port=8999",
        "--Voila.port_retries=0",
        "--Voila.log_level=ERROR",
        f"--Voila.config_file_paths={tmp_path}",
    ):
        assert flag in cmd, flag
    assert not any("secret-token" in a for a in cmd)  # secrets never on the command line (ps shows it)


def test_private_config_refuses_all_files_and_holds_the_token():
    options = serve.ServeOptions(token="secret-token", hashed_password="argon2:xyz")
    directory = serve.write_config_dir(options)
    try:
        cfg = json.loads((directory / "voila.json").read_text(encoding="utf-8"))
        assert (directory / "voila.json").stat().st_mode & 0o077 == 0
    finally:
        import shutil

        shutil.rmtree(directory)
    assert cfg["Voila"]["token"] == "secret-token"
    assert cfg["PasswordIdentityProvider"]["hashed_password"] == "argon2:xyz"
    # The Chinese login page, and no password change from it.
    assert cfg["Voila"]["identity_provider_class"] == serve.LOGIN_PROVIDER
    assert cfg["PasswordIdentityProvider"]["allow_password_change"] is False


def test_the_server_reads_the_options_as_meant(tmp_path):
    """The server's own option parser (Voilà's) gets what we intend, and mounts only the dashboard's routes."""
    from workbench.ui.dashboard.server import DashboardPageHandler, DashboardSearchHandler, DashboardServer, NotFoundHandler

    options = serve.ServeOptions(port=8998, token="tok")
    directory = serve.write_config_dir(options)
    try:
        app = DashboardServer()
        app.initialize(serve.voila_command(options, directory)[3:])
        assert app.port == 8998 and app.port_retries == 0 and app.ip == "127.0.0.1"
        assert app.token == "tok"
        assert app.open_browser is False and not app.notebook_path
        from workbench.ui.dashboard.login import DashboardIdentityProvider

        assert app.identity_provider_class is DashboardIdentityProvider
        app.init_settings()
        routes = {handler for _pattern, handler, *_ in app.init_handlers()}
        app.shared_pages.close()
    finally:
        import shutil

        shutil.rmtree(directory)
    # Login, logout, the page, its read-only search and a 404 for everything else: no kernel, file or template route.
    login_routes = {h for _p, h, *_ in app.identity_provider.get_handlers()}
    assert routes - {DashboardPageHandler, DashboardSearchHandler, NotFoundHandler} == login_routes


def test_serving_beyond_this_machine_without_a_password_needs_open(cli, monkeypatch):
    started = []
    monkeypatch.setattr(serve, "serve", lambda options: started.append(options) or 0)
    import pytest

    with pytest.raises(Exception) as refused:
        serve.ServeOptions(host="0.0.0.0").validate()
    assert "--open" in str(refused.value) and "--token" in str(refused.value)
    serve.ServeOptions(host="0.0.0.0", open_to_all=True).validate()
    serve.ServeOptions(host="0.0.0.0", token="abcdefghijklmnop").validate()
    serve.ServeOptions(host="127.0.0.1").validate()
    result = cli("serve", "--host", "0.0.0.0", "--open", "--no-browser")
    assert result.code == 0 and started[0].open_to_all


def test_urls_in_chinese():
    assert serve.urls(serve.ServeOptions(port=8870, token="abc")) == [("访问地址", "http://127.0.0.1:8870/?token=abc")]
    lan = serve.urls(serve.ServeOptions(host="0.0.0.0"))
    assert lan[0] == ("本机", "http://127.0.0.1:8866/")


def test_help_is_chinese(cli):
    result = cli("serve", "--help")
    assert result.code == 0
    for text in ("领导看板", "--host", "--port", "--token", "--password", "--no-browser", "默认 127.0.0.1", "8866", "标准输入"):
        assert text in result.out, text


def test_busy_port_is_a_clear_chinese_error(cli_process):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        result = cli_process("serve", "--port", port, "--no-browser", timeout=120)
    assert result.code == 1
    assert f"端口 {port} 已被占用" in result.err
    assert "Traceback" not in result.err + result.out
    assert "已启动" not in result.out


def test_bad_port_and_token_are_refused(cli):
    result = cli("serve", "--port", "70000", "--no-browser")
    assert result.code == 1 and "端口 70000 无效" in result.err
    result = cli("serve", "--token", "a b", "--no-browser")
    assert result.code == 1 and "访问口令" in result.err
    # A token the office chooses must not be guessable in a few thousand tries.
    for command in ("serve", "edit"):
        result = cli(command, "--token", "abc12345", "--no-browser")
        assert result.code == 1, result
        assert "访问口令太短（8 个字符），至少需要 16 个字符" in result.err and "已启动" not in result.out
    result = cli("serve", "--host", "no-such-host.invalid", "--open", "--no-browser")
    assert result.code == 1 and "无法识别地址" in result.err


def test_serve_from_another_directory_finds_its_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = serve._child_env()
    import workbench

    assert env["PYTHONPATH"].split(":")[0] == str(Path(workbench.__file__).resolve().parent.parent)


def test_password_is_read_from_standard_input_when_not_a_terminal(cli, monkeypatch):
    """A script can start `serve --password` with the password piped in; it never appears on the command line."""
    import io

    from jupyter_server.auth import passwd_check

    started = []
    monkeypatch.setattr(serve, "serve", lambda options: started.append(options) or 0)
    monkeypatch.setattr("sys.stdin", io.StringIO("青岚看板 2026\nsecond line ignored\n"))
    result = cli("serve", "--password", "--no-browser")
    assert result.code == 0, result
    assert passwd_check(started[0].hashed_password, "青岚看板 2026")
    assert not passwd_check(started[0].hashed_password, "second line ignored")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    result = cli("serve", "--password", "--no-browser")
    assert result.code == 1 and "没有从标准输入读到密码" in result.err and len(started) == 1


def test_login_page_template_is_chinese_and_self_contained():
    from workbench.ui.dashboard.login import LOGIN_TEMPLATES

    text = (LOGIN_TEMPLATES / "login.html").read_text(encoding="utf-8")
    body = text.split("-#}", 1)[1]
    assert "http://" not in body and "https://" not in body and "<script" not in body
    for words in ("访问密码", "访问口令", "密码不正确", "xsrf_form_html", "输入错误次数过多"):
        assert words in body
