"""The .docx templates in `templates/`: rendering them, and checking them after a secretary edits them.

Rendering goes through docxtpl with autoescape on: without it a value holding
`<` or `&` produces broken XML and Word silently drops the rest of the text.

`check_template` finds what breaks when a template is edited in Word or WPS:
tags that Word split across paragraphs or left unclosed, tags holding Chinese
quotes or punctuation, tags that docxtpl cannot stitch back together after
Word's run splitting, variables the packet does not provide, styles that are
used or needed but not defined, and theme-font references that make Chinese
text fall back to a Japanese font.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import docx
import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree
from markupsafe import Markup, escape

from ..config import PROJECT_ROOT
from ..errors import DocumentError
from .context import MEETING_ATTRIBUTES, chinese_date, chinese_numeral, clause, known_names, sentence
from .fonts import W, theme_font_refs
from .styles import REQUIRED_STYLES, STYLE_LABELS

TEMPLATES_DIR = PROJECT_ROOT / "templates"
_BR = '</w:t><w:br/><w:t xml:space="preserve">'
_TOKEN = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_OPEN = {"{{": "}}", "{%": "%}", "{#": "#}"}
# Characters Word's autocorrect or a Chinese input method put into tags; Jinja reads none of them.
_FULLWIDTH = re.compile("[“”‘’（）｛｝【】，。：；！？｜　]")


@dataclass
class TemplateProblem:
    kind: str        # broken_tag | syntax | unknown_variable | missing_style | theme_font | unreadable
    message: str     # Chinese, names the tag or style

    @property
    def fatal(self) -> bool:
        """Problems that would stop rendering or print tag text into the document."""
        return self.kind in {"broken_tag", "syntax", "unreadable"}


def template_path(name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() or path.parent != Path(".") else TEMPLATES_DIR / name


def _finalize(value):
    if isinstance(value, (date, datetime)):
        return chinese_date(value)
    if value is None:
        return ""
    if isinstance(value, str) and "\n" in value and not isinstance(value, Markup):
        return Markup(str(escape(value)).replace("\n", _BR))
    return value


def make_environment(missing: list[str] | None = None) -> jinja2.Environment:
    """The Jinja environment templates are rendered and checked with: autoescape on, Chinese dates."""
    record = missing if missing is not None else []

    class RecordingUndefined(jinja2.Undefined):
        # Printing or looping over a missing value leaves a blank and notes its name;
        # testing it (`{% if x %}`) is legitimate and is not recorded.
        def _note(self):
            name = self._undefined_name or "?"
            if name not in record:
                record.append(name)

        def __str__(self):
            self._note()
            return ""

        def __iter__(self):
            self._note()
            return iter(())

    env = jinja2.Environment(autoescape=True, finalize=_finalize, undefined=RecordingUndefined)
    env.filters["cn"] = chinese_numeral
    env.filters["date"] = chinese_date
    env.filters["sentence"] = sentence
    env.filters["clause"] = clause
    return env


# ---------------------------------------------------------------- checking


def _paragraph_texts(root) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]


def _short(text: str, limit: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def _tag_problems(texts: list[str], where: str) -> list[TemplateProblem]:
    problems = []
    for number, text in enumerate(texts, start=1):
        opened_at = None
        opener = None
        for m in _TOKEN.finditer(text):
            token = m.group()
            if token in _OPEN:
                if opener is not None:
                    problems.append(TemplateProblem("broken_tag", (
                        f"{where}第{number}段：标签“{_short(text[opened_at:m.start()])}”没有结束符“{_OPEN[opener]}”"
                        "就开始了下一个标签。")))
                opener, opened_at = token, m.start()
            elif opener is not None and token == _OPEN[opener]:
                tag = text[opened_at:m.end()]
                bad = sorted(set(_FULLWIDTH.findall(tag)))
                if bad and not tag.startswith("{#"):
                    problems.append(TemplateProblem("broken_tag", (
                        f"{where}第{number}段：标签“{_short(tag, 60)}”中有中文引号或全角符号"
                        f"（{' '.join(bad)}），模板语言无法识别，请改为英文半角符号。")))
                opener = None
            else:
                problems.append(TemplateProblem("broken_tag", (
                    f"{where}第{number}段：“{_short(text[max(0, m.start() - 20):m.end()])}”中的“{token}”"
                    "没有对应的开始符，标签可能被拆开或多打了符号。")))
        if opener is not None:
            problems.append(TemplateProblem("broken_tag", (
                f"{where}第{number}段：标签“{_short(text[opened_at:])}”没有结束符“{_OPEN[opener]}”"
                "（漏写了结束符，或在 Word 中被拆到了下一段）。")))
    return problems


def _patched_xml(template: DocxTemplate, root) -> str:
    xml = template.patch_xml(etree.tostring(root, encoding="unicode"))
    # docxtpl puts every paragraph on its own line before handing the XML to Jinja; do the same
    # so an error's line number points at a paragraph.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _split_run_problems(xml: str, where: str) -> list[TemplateProblem]:
    problems = []
    for m in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}", xml, flags=re.DOTALL):
        tag = m.group()
        if "<" in tag:
            clean = re.sub(r"<[^>]*>", "", tag)
            problems.append(TemplateProblem("broken_tag", (
                f"{where}：标签“{_short(clean, 60)}”被 Word 拆分到不同的格式片段中，无法自动拼合。"
                "请删除该标签后不带格式地重新输入一遍。")))
    return problems


def _line_text(xml: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = xml.split("\n")
    if 0 < lineno <= len(lines):
        return _short(re.sub(r"<[^>]*>", "", lines[lineno - 1]), 40)
    return ""


def _variable_problems(ast, where: str, allowed: set[str]) -> list[TemplateProblem]:
    problems = []
    for name in sorted(meta.find_undeclared_variables(ast) - allowed):
        problems.append(TemplateProblem("unknown_variable", (
            f"{where}：变量“{name}”不是会议材料提供的数据，导出时会留空。"
            f"可用的变量：{'、'.join(sorted(allowed))}。")))
    for node in ast.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "meeting" and node.attr not in MEETING_ATTRIBUTES:
            problems.append(TemplateProblem("unknown_variable", (
                f"{where}：“meeting.{node.attr}”不存在，会议信息只有 "
                + "、".join(f"meeting.{a}" for a in sorted(MEETING_ATTRIBUTES)) + "。")))
    return problems


def _style_problems(document, where: str, required: tuple[str, ...]) -> list[TemplateProblem]:
    styles_root = document.styles.element
    defined = {s.get(W + "styleId") for s in styles_root.findall(W + "style")}
    problems = []
    for style_id in required:
        if style_id not in defined:
            problems.append(TemplateProblem("missing_style", (
                f"{where}：缺少样式“{STYLE_LABELS.get(style_id, style_id)}”（{style_id}），"
                "导出时这类段落会变成默认格式。请用 python -m workbench.documents.build_templates 重新生成模板后再修改。")))
    used: dict[str, int] = {}
    roots = [document.element.body] + [part.element for part in _header_footer_parts(document)]
    for root in roots:
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for el in root.iter(W + tag):
                used[el.get(W + "val")] = used.get(el.get(W + "val"), 0) + 1
    for style_id in sorted(s for s in used if s not in defined):
        problems.append(TemplateProblem("missing_style", (
            f"{where}：有 {used[style_id]} 处使用了样式“{style_id}”，但模板中没有定义这个样式。")))
    refs = theme_font_refs(styles_root)
    if refs:
        problems.append(TemplateProblem("theme_font", (
            f"{where}：样式中仍有 {len(refs)} 处引用主题字体（{'、'.join(sorted(set(refs)))}），"
            "中文可能显示为日文字体。请在样式中把中文字体直接设为仿宋_GB2312、黑体等。")))
    return problems


def _header_footer_parts(document):
    seen = set()
    for section in document.sections:
        for hf in (section.header, section.even_page_header, section.first_page_header,
                   section.footer, section.even_page_footer, section.first_page_footer):
            if not hf.is_linked_to_previous:
                part = hf.part
                if id(part) not in seen:
                    seen.add(id(part))
                    yield part


def check_template(path: str | Path, *, extra_names: set[str] | None = None,
                   required_styles: tuple[str, ...] = REQUIRED_STYLES) -> list[TemplateProblem]:
    """Everything wrong with a template, in Chinese; an empty list means it is ready to use."""
    path = template_path(str(path))
    where = f"模板“{path.name}”"
    if not path.exists():
        return [TemplateProblem("unreadable", f"{where}不存在（{path}）。")]
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
        document = template.docx
    except Exception as exc:  # a corrupt or non-docx file: say so, do not crash the check
        return [TemplateProblem("unreadable", f"{where}无法打开，可能不是 Word 文档或已损坏。")]

    problems: list[TemplateProblem] = []
    parts = [("正文", document.element.body)] + [
        ("页眉页脚", part.element) for part in _header_footer_parts(document)]
    env = make_environment()
    allowed = known_names(path.name, extra_names)
    for label, root in parts:
        here = f"{where}{label}" if label != "正文" else where
        tag_problems = _tag_problems(_paragraph_texts(root), here)
        problems += tag_problems
        xml = _patched_xml(template, root)
        problems += _split_run_problems(xml, here)
        if tag_problems:
            continue  # the parser would only repeat the same fault less clearly
        try:
            ast = env.parse(xml)
        except jinja2.TemplateSyntaxError as exc:
            near = _line_text(xml, exc.lineno)
            problems.append(TemplateProblem("syntax", (
                f"{here}：模板语法错误" + (f"，位于“{near}”" if near else "")
                + f"（{exc.message}）。请检查 {{% if %}}/{{% for %}} 是否都有对应的 {{% endif %}}/{{% endfor %}}。")))
            continue
        problems += _variable_problems(ast, here, allowed)
    problems += _style_problems(document, where, required_styles)
    return problems


# ---------------------------------------------------------------- rendering


def render_template(name: str, context: dict, *, document_title: str = "") -> tuple[docx.document.Document, list[str]]:
    """Render template `name` with `context`; return the python-docx Document and Chinese notices.

    A template with broken tags is refused with a `DocumentError` that names each tag.
    """
    path = template_path(name)
    label = f"《{document_title}》" if document_title else f"模板“{path.name}”"
    if not path.exists():
        raise DocumentError(f"{label}所用的模板“{path.name}”不存在（{path}）。")
    problems = check_template(path, extra_names=set(context), required_styles=("Normal",))
    fatal = [p for p in problems if p.fatal]
    if fatal:
        raise DocumentError(f"{label}无法生成，模板有错误：\n" + "\n".join(f"  · {p.message}" for p in fatal))
    missing: list[str] = []
    template = DocxTemplate(str(path))
    try:
        template.render(context, make_environment(missing), autoescape=True)
    except jinja2.TemplateError as exc:
        raise DocumentError(f"{label}无法生成，模板“{path.name}”出错：{exc}") from None
    notices = [f"{label}：模板用到的“{name}”没有数据，已留空，请在 Word 中补上。" for name in missing]
    return template.docx, notices
