"""What a secretary reads holds no software words and no server paths (issue 28, point 7).

Every tab of the editor is rendered as its widgets (each widget's value, description,
placeholder, options and tab titles, collected recursively, HTML tags and style sheets
taken out), and the demo meeting's packet is exported and every Word part of every file
read. Neither may name 标签配置, toml, sqlite, nor show an absolute path of the server.
"""

from __future__ import annotations

import re
import zipfile

import ipywidgets as W

from workbench.publish import export_packet
from workbench.ui.editor import PacketEditor
from workbench.ui.editor.tabs import registered

SOFTWARE_WORDS = re.compile(r"标签配置|toml|sqlite|postgres|traceback|\[schedule\]|\[letters\]", re.IGNORECASE)
# A path of two or more folders from the root (/tmp/x/y, /home/…); not a date (2026/12/17) nor a URL (http://…).
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/<])/(?:[\w.\-]+/)+[\w.\-]*")


def widget_texts(widget: W.Widget) -> list[str]:
    """Everything a widget and the widgets inside it put on the screen."""
    out: list[str] = []
    for attr in ("value", "description", "placeholder", "tooltip"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            out.append(value)
    for option in getattr(widget, "options", ()) or ():
        out.append(option[0] if isinstance(option, tuple) else str(option))
    out += [t for t in getattr(widget, "titles", ()) or () if t]
    for child in getattr(widget, "children", ()) or ():
        out += widget_texts(child)
    return out


def readable(text: str) -> str:
    text = re.sub(r"<style.*?</style>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def offending(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        plain = readable(text)
        for pattern in (SOFTWARE_WORDS, ABSOLUTE_PATH):
            for m in pattern.finditer(plain):
                found.append(plain[max(0, m.start() - 40) : m.end() + 20].strip())
    return found


def test_the_patterns_catch_what_they_are_meant_to():
    assert offending(["节假日在标签配置 [schedule] 中维护", "保存到文件夹：/tmp/abc/十一届十八次常委会议/函件"]) == [
        "节假日在标签配置 [schedule] 中维护",
        "节假日在标签配置 [schedule] 中维护",
        "保存到文件夹：/tmp/abc/十一届十八次常委会议/函件",
    ]
    assert offending(["2026/12/17 印发", "<b>应到 14 人</b>", "见 https://example.org/a/b", "<style>.x { top: 0 }</style>"]) == []


def test_no_tab_of_the_editor_shows_software_words_or_server_paths(demo_store):
    ed = PacketEditor(demo_store)
    texts: list[str] = []
    for spec in registered():
        ed.select(spec.key)  # some tabs build their content when first opened (材料内容, 导出)
        texts += widget_texts(ed.tab(spec.key).widget)
    texts += widget_texts(ed.widget)
    assert len(texts) > 1000  # every tab was rendered
    assert offending(texts) == []


def test_the_exported_packet_holds_no_software_words_or_server_paths(demo_store, tmp_path):
    result = export_packet(demo_store, "next", tmp_path / "材料", actor="测试秘书")
    files = sorted((tmp_path / "材料").rglob("*.docx"))
    assert files and len(files) == len([f for f in result.files if str(f).endswith(".docx")])
    texts = []
    for path in files:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    xml = z.read(name).decode("utf-8")
                    texts.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))
        texts.append(path.name)
    assert sum(len(t) for t in texts) > 5000
    assert offending(texts) == []
