"""The export folder is replaced whole: what a re-export keeps, drops, and how a killed one is undone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.base import outputs


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_force_replaces_the_earlier_export_and_keeps_the_secretarys_files(demo_store, cli, tmp_path):
    out = tmp_path / "材料"
    assert cli("packet", "export", "--out", out).code == 0
    stale = out / "十一届十八次常委会议_11_上次导出才有的文件.docx"  # a document the new export no longer has
    stale.write_bytes(b"old")
    (out / "秘书笔记.txt").write_text("备注", encoding="utf-8")
    r = cli("packet", "export", "--out", out, "--force")
    assert r.code == 0, r
    assert not stale.exists()  # before: old and new files mixed
    assert (out / "秘书笔记.txt").read_text(encoding="utf-8") == "备注"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_without_force_nothing_is_replaced(demo_store, cli, tmp_path):
    out = tmp_path / "材料"
    assert cli("packet", "export", "--out", out).code == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    r = cli("packet", "export", "--out", out)
    assert r.code == 1 and "未覆盖任何文件" in r.err
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


@pytest.mark.parametrize("exchange", [True, False])
def test_a_failed_write_leaves_the_folder_as_it_was(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"old a")
    with pytest.raises(RuntimeError), outputs.staged(folder, ["a.docx"]) as stage:
        (stage / "a.docx").write_bytes(b"new a")
        raise RuntimeError("写到一半")
    assert (folder / "a.docx").read_bytes() == b"old a"
    assert [p.name for p in tmp_path.iterdir()] == ["材料"]
    with outputs.staged(folder, ["a.docx"]) as stage:
        (stage / "a.docx").write_bytes(b"new a")
    assert (folder / "a.docx").read_bytes() == b"new a"
    assert [p.name for p in tmp_path.iterdir()] == ["材料"]


def test_the_next_export_undoes_a_swap_killed_half_way(tmp_path):
    """Where folders cannot be exchanged in one step, a kill between the two renames leaves the earlier
    export under a hidden dated name and no folder: the next start puts it back."""
    pid = _dead_pid()
    previous = tmp_path / f".材料.workbench-previous-{pid}-20260318093000-abcd1234"
    previous.mkdir()
    (previous / "a.docx").write_bytes(b"earlier")
    ready = tmp_path / f".材料.workbench-ready-{pid}-abcd1234"
    ready.mkdir()
    (ready / "a.docx").write_bytes(b"new")
    half = tmp_path / f".材料.workbench-new-{pid}-ffff0000"
    half.mkdir()
    outputs.recover(tmp_path / "材料")
    assert (tmp_path / "材料" / "a.docx").read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["材料"]


def test_stale_libreoffice_profiles_and_temporaries_are_cleaned(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pid = _dead_pid()
    dead = tmp_path / f"workbench-soffice-{pid}-x1y2"
    (dead / "profile").mkdir(parents=True)
    alive = tmp_path / f"workbench-soffice-{__import__('os').getpid()}-z3"
    alive.mkdir()
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / f".~{pid}.abc.docx.tmp").write_bytes(b"half")
    with outputs.staged(folder, ["a.docx"]) as stage:
        (stage / "a.docx").write_bytes(b"a")
    assert not dead.exists() and alive.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["a.docx"]
