"""A file name chosen in the browser never becomes a path outside the editor's upload folder."""

from __future__ import annotations

from datetime import datetime

import ipywidgets as W
import pytest

from workbench.ui.editor.tabs.imports import uploaded


@pytest.mark.parametrize(
    "name, expected",
    [
        ("提案.xlsx", "提案.xlsx"),
        ("../../etc/提案.xlsx", "提案.xlsx"),
        ("..", "上传的文件"),
        ("", "上传的文件"),
        ("/tmp/x.csv", "x.csv"),
    ],
)
def test_uploaded_names_are_plain_file_names(name, expected):
    upload = W.FileUpload()
    upload.value = (
        {"name": name, "type": "", "size": 3, "content": memoryview(b"abc"), "last_modified": datetime(2026, 11, 20)},
    )
    assert uploaded(upload) == (expected, b"abc")
