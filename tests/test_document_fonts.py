"""Fonts the documents name must resolve to fonts of the same widths, or the office is told.

fontconfig's answer is faked here (a machine without fonts-liberation2 answers "DejaVu Serif"
for Times New Roman), so the checks are tested whatever this machine has installed; the
real answer is exercised by test_documents_pdf's line-length checks.
"""

from __future__ import annotations

import os
import shutil

import pytest

from helpers.documents_sample import sample_packet
from workbench.documents import fontcheck, write_packet


def _fake_fontconfig(monkeypatch, answers: dict[str, str]):
    real = {f.name: f.accepted[0] for f in fontcheck.FACES}
    monkeypatch.setattr(fontcheck, "fc_match", lambda name, env=None: answers.get(name, real.get(name)))
    monkeypatch.setattr(fontcheck.shutil, "which", lambda name: "/usr/bin/" + name)
    fontcheck._cached_warning.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    fontcheck._cached_warning.cache_clear()
    yield
    fontcheck._cached_warning.cache_clear()


def test_doctor_names_the_package_when_times_new_roman_falls_back(cli, monkeypatch):
    _fake_fontconfig(monkeypatch, {"Times New Roman": "DejaVu Serif"})
    r = cli("doctor")
    assert r.code == 1
    line = next(line for line in r.out.splitlines() if "Times New Roman" in line)
    assert "DejaVu Serif" in line and "宽度不同" in line
    assert "sudo apt-get install fonts-liberation2" in r.out


def test_doctor_accepts_metric_compatible_and_fandol_stand_ins(cli, monkeypatch):
    _fake_fontconfig(
        monkeypatch, {"Times New Roman": "Liberation Serif", "仿宋_GB2312": "FandolFang", "黑体": "Noto Sans CJK SC"}
    )
    r = cli("doctor")
    lines = {line for line in r.out.splitlines() if line.strip().startswith(("✓", "✗")) or "字体" in line}
    tnr = next(line for line in lines if "Times New Roman" in line)
    assert "Liberation Serif" in tnr and "fonts-liberation2" not in r.out
    hei = next(line for line in lines if "字体 黑体" in line)
    assert "Noto Sans CJK SC" in hei and "字形不同" in hei


def test_doctor_names_the_chinese_font_package_when_kaiti_is_not_chinese(cli, monkeypatch):
    _fake_fontconfig(monkeypatch, {"楷体": "DejaVu Sans"})
    r = cli("doctor")
    assert r.code == 1
    assert "sudo apt-get install texlive-lang-chinese" in r.out


def test_warning_lists_every_bad_face_once_with_packages():
    bad = [
        fontcheck.Resolution(fontcheck.FACES[0], "DejaVu Serif"),
        fontcheck.Resolution(fontcheck.FACES[1], "FandolFang"),
        fontcheck.Resolution(fontcheck.FACES[5], "DejaVu Sans"),
    ]
    text = fontcheck.layout_warning(bad)
    assert "Times New Roman → DejaVu Serif" in text and "楷体 → DejaVu Sans" in text
    assert "仿宋" not in text
    assert "fonts-liberation2" in text and "texlive-lang-chinese" in text
    assert fontcheck.layout_warning([fontcheck.Resolution(fontcheck.FACES[0], "Liberation Serif")]) is None


@pytest.mark.libreoffice
def test_pdf_export_warns_once_when_rendering_with_a_wider_font(tmp_path, monkeypatch):
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        if os.environ.get("CI"):
            pytest.fail("CI 中须安装 LibreOffice 和 poppler-utils")
        pytest.skip("需要 LibreOffice 和 poppler-utils")
    real_which = shutil.which
    monkeypatch.setattr(
        fontcheck, "fc_match", lambda name, env=None: "DejaVu Serif" if name == "Times New Roman" else "FandolFang"
    )
    fontcheck._cached_warning.cache_clear()
    assert fontcheck.shutil.which is real_which
    result = write_packet(sample_packet(), tmp_path, pdf=True)
    warnings = [n for n in result.notices if "Times New Roman" in n]
    assert len(warnings) == 1, result.notices
    assert "fonts-liberation2" in warnings[0] and "折行" in warnings[0]
