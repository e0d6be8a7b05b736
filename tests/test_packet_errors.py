"""Packet export refuses what it cannot do with a Chinese message, and writes nothing."""

from __future__ import annotations


def test_a_plenary_meeting_has_no_standing_committee_packet(demo_store, cli, tmp_path):
    r = cli("packet", "export", "--meeting", "十一届五次会议", "--out", tmp_path / "out")
    assert r.code == 1 and "不是常委会议" in r.err and "程序内部错误" not in r.err
    assert not (tmp_path / "out").exists()


def test_an_output_folder_under_a_file_is_a_chinese_error(demo_store, cli, tmp_path):
    blocker = tmp_path / "一个文件"
    blocker.write_text("x")
    r = cli("packet", "export", "--meeting", "next", "--out", blocker / "材料")
    assert r.code == 1 and "无法创建输出文件夹" in r.err and "程序内部错误" not in r.err
    with demo_store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM packet_snapshot").scalar() == 0
