"""Templates: the committed ones pass the check; templates a secretary broke in Word get clear
Chinese errors naming the tag or style, from `template check` and from export."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml

from helpers.documents_sample import SHORT_TITLE, W_NS, W, sample_packet, text_of
from workbench.base.errors import DocumentError
from workbench.documents import write_packet
from workbench.documents.templates import TEMPLATES_DIR, check_template


def _notice_with(tmp_path, name: str, *paragraph_xml: str, drop_style: str | None = None):
    """A copy of notice.docx with extra paragraphs appended (raw XML, so runs can be split as Word does)."""
    document = docx.Document(str(TEMPLATES_DIR / "notice.docx"))
    body = document.element.body
    for xml in paragraph_xml:
        body[-1].addprevious(parse_xml(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>'))
    if drop_style:
        styles = document.styles.element
        for style in styles.findall(W + "style"):
            if style.get(W + "styleId") == drop_style:
                styles.remove(style)
    path = tmp_path / name
    document.save(str(path))
    return path


def _run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _packet_using(path):
    packet = sample_packet()
    packet.document("notice").template = str(path)
    return packet


def test_committed_templates_pass_the_check(cli):
    for name in ("cover.docx", "notice.docx", "agenda.docx", "base.docx"):
        assert check_template(TEMPLATES_DIR / name) == [], name
    result = cli("template", "check")
    assert result.code == 0, result
    assert "全部通过检查" in result.out


def test_unclosed_tag_is_named_and_export_refuses(tmp_path, cli):
    path = _notice_with(tmp_path, "通知_未闭合.docx", _run("会议名称：{{ meeting.title") + _run("，请准时参加。"))
    problems = check_template(path)
    assert any(p.kind == "broken_tag" and "{{ meeting.title" in p.message and "}}" in p.message for p in problems)

    with pytest.raises(DocumentError) as caught:
        write_packet(_packet_using(path), tmp_path / "out")
    assert "《会议通知》" in str(caught.value) and "{{ meeting.title" in str(caught.value)
    assert not (tmp_path / "out").exists()  # nothing half-written

    result = cli("template", "check", path)
    assert result.code == 1
    assert "通知_未闭合.docx" in result.out and "{{ meeting.title" in result.out and "没有结束符" in result.out


def test_tag_split_across_paragraphs_is_named(tmp_path):
    path = _notice_with(tmp_path, "通知_跨段.docx", _run("会议地点：{{ pla"), _run("ce }}"))
    messages = [p.message for p in check_template(path) if p.kind == "broken_tag"]
    assert any("{{ pla" in m and "下一段" in m for m in messages), messages
    assert any("}}" in m and "没有对应的开始符" in m for m in messages), messages


def test_tag_with_chinese_quotes_is_named(tmp_path):
    path = _notice_with(tmp_path, "通知_引号.docx", _run("{{ place|default(“待定”) }}"))
    messages = [p.message for p in check_template(path) if p.kind == "broken_tag"]
    assert any("“待定”" in m and "半角" in m for m in messages), messages


def test_tag_split_across_runs_within_a_paragraph_still_renders(tmp_path):
    """Word splits a tag into several runs when part of it is formatted; docxtpl stitches it back."""
    path = _notice_with(
        tmp_path, "通知_拆分.docx", _run("简称：{") + _run("{ meeting.sh", bold=True) + _run("ort_title }") + _run("}。")
    )
    assert [p for p in check_template(path) if p.fatal] == []
    result = write_packet(_packet_using(path), tmp_path / "out")
    text = text_of(docx.Document(str(result.files[2])).element.body)
    assert f"简称：{SHORT_TITLE}。" in text


def test_unknown_variable_is_reported_and_left_blank_on_export(tmp_path, cli):
    path = _notice_with(tmp_path, "通知_变量.docx", _run("会场：{{ venue }}；{{ meeting.chairman }}"))
    problems = check_template(path)
    kinds = {p.kind for p in problems}
    assert kinds == {"unknown_variable"}
    text = " ".join(p.message for p in problems)
    assert "“venue”" in text and "meeting.chairman" in text
    result = cli("template", "check", path)
    assert result.code == 1 and "本模板可用的变量" in result.out and "place" in result.out

    exported = write_packet(_packet_using(path), tmp_path / "out")
    assert any("“venue”没有数据" in n for n in exported.notices)
    assert "会场：；" in text_of(docx.Document(str(exported.files[2])).element.body)


def test_missing_styles_are_reported(tmp_path):
    path = _notice_with(
        tmp_path, "通知_样式.docx", '<w:pPr><w:pStyle w:val="我的样式"/></w:pPr>' + _run("自定义样式的段落"), drop_style="Title"
    )
    messages = [p.message for p in check_template(path) if p.kind == "missing_style"]
    assert any("“Title”" in m for m in messages), messages
    assert any("“我的样式”" in m for m in messages), messages


def test_only_styles_a_template_uses_are_required(tmp_path):
    # The notice uses no 目录 style: a copy without it is fine; the base template lends its styles to every
    # document built from blocks, so there they are all required.
    notice = _notice_with(tmp_path, "notice.docx", drop_style="TOC1")
    assert check_template(notice) == []
    base = docx.Document(str(TEMPLATES_DIR / "base.docx"))
    for style in base.styles.element.findall(W + "style"):
        if style.get(W + "styleId") == "TOC1":
            base.styles.element.remove(style)
    base.save(str(tmp_path / "base.docx"))
    assert any("TOC1" in p.message for p in check_template(tmp_path / "base.docx"))


def test_a_renamed_copy_still_knows_its_variables(tmp_path, cli):
    renamed = _notice_with(tmp_path, "会议通知（办公室修改稿）.docx", _run("联系人：{{ contact }}"))
    assert check_template(renamed) == []
    broken = _notice_with(tmp_path, "会议通知（二稿）.docx", _run("{{ contact }}{{ 会场 }}"))
    result = cli("template", "check", str(broken))
    assert result.code == 1 and "“会场”" in result.out
    assert "contact：" in result.out and "recipients：" in result.out  # the notice's variables are listed


def test_update_brings_new_styles_into_an_edited_template_keeping_the_edits(tmp_path, cli):
    document = docx.Document(str(TEMPLATES_DIR / "base.docx"))
    styles = document.styles.element
    for style in styles.findall(W + "style"):
        if style.get(W + "styleId") in ("TOC1", "TableNote"):
            styles.remove(style)
    normal = next(s for s in styles.findall(W + "style") if s.get(W + "styleId") == "Normal")
    normal.find(f"{W}rPr/{W}sz").set(W + "val", "30")  # the secretary's own edit: 15 pt body text
    document.element.body[0].addprevious(parse_xml(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>办公室自己加的说明</w:t></w:r></w:p>'))
    path = tmp_path / "base.docx"
    document.save(str(path))
    assert any("TOC1" in p.message for p in check_template(path))

    result = cli("template", "update", str(path))
    assert result.code == 0 and "目录 1" in result.out, result
    updated = docx.Document(str(path))
    ids = {s.get(W + "styleId"): s for s in updated.styles.element.findall(W + "style")}
    assert "TOC1" in ids and "TableNote" in ids
    assert ids["Normal"].find(f"{W}rPr/{W}sz").get(W + "val") == "30"
    assert "办公室自己加的说明" in text_of(updated.element.body)
    assert check_template(path) == []
    again = cli("template", "update", str(path))
    assert "样式齐全，未改动" in again.out


def test_theme_fonts_in_a_template_are_reported(tmp_path):
    document = docx.Document(str(TEMPLATES_DIR / "notice.docx"))
    fonts = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    fonts.set(W + "eastAsiaTheme", "minorEastAsia")
    path = tmp_path / "通知_主题字体.docx"
    document.save(str(path))
    messages = [p.message for p in check_template(path) if p.kind == "theme_font"]
    assert messages and "日文字体" in messages[0]


def test_missing_or_corrupt_template_is_a_clear_error(tmp_path, cli):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"not a zip")
    assert check_template(bad)[0].kind == "unreadable"
    result = cli("template", "check", bad, tmp_path / "不存在.docx")
    assert result.code == 1 and "无法打开" in result.out and "不存在" in result.out
    assert "Traceback" not in result.out + result.err

    packet = sample_packet()
    packet.document("agenda").template = "没有这个模板.docx"
    with pytest.raises(DocumentError, match=r"没有这个模板\.docx"):
        write_packet(packet, tmp_path / "out")
