"""Reading a work-plan document into plain lines of text: .txt, .docx, .html, or pasted text.

Offices receive the year's 工作要点 as a Word file, a web page, or text copied
from either. Whatever the source, the parser (`outline.py`) only sees lines of
text; this module's job is to get them out faithfully:

* text files in UTF-8 (with or without BOM), UTF-16 with BOM (Windows Notepad's
  "Unicode"), GB18030 / GBK / GB2312 (GB18030 is a superset of the other two);
* .docx, where Word's automatic list numbering (numPr) is not part of the
  paragraph text: the numbers are rebuilt from the numbering part so that
  "一、" and "1." reach the parser just as a reader sees them, and the text is
  read as it prints (`word.py`: pending tracked changes accepted, text boxes
  once, hidden text left out, nested tables read), with a notice when changes
  were pending;
* saved web pages (.html), flattened to one line per block element.

Anything else (binary data, old .doc/.wps, PDF, an empty file) is refused with a
`PlanParseError` saying what the file is and what to do instead.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.base.errors import PlanParseError
from workbench.base.numerals import chinese_number as _chinese_number
from workbench.plans import word

PASTED = "粘贴的文本"


@dataclass
class SourceText:
    """The text of one document and the name to use for it in messages."""

    name: str
    text: str
    data: bytes | None = None  # the file's bytes, for readers of structure (a Word task table)
    notices: list[str] = field(default_factory=list)  # what the reader should know about how it was read


def read_source(path: str | Path) -> SourceText:
    """Read a file into text; refuse what is not a readable text or Word document."""
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        raise PlanParseError(f"找不到文件“{path}”，请检查路径和文件名。")
    if path.is_dir():
        raise PlanParseError(f"“{path}”是一个文件夹，请给出工作要点文件本身（.txt 或 .docx）。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanParseError(f"无法读取文件“{name}”：{exc.strerror or exc}。") from None
    if data.startswith(b"PK\x03\x04"):
        _refuse_other_office_file(data, name)
        text, notices = read_docx(data, name)
        return SourceText(name, text, data, notices)
    return SourceText(name, decode_bytes(data, name, suffix=path.suffix.lower()), data)


def decode_bytes(data: bytes, name: str, *, suffix: str = "") -> str:
    """Turn the bytes of a document into text, whatever its format among those supported."""
    if not data or not data.strip():
        raise PlanParseError(f"文件“{name}”是空的，没有任何文字。请确认选择了正确的工作要点文件。")
    if data.startswith(b"PK\x03\x04"):
        _refuse_other_office_file(data, name)
        return _docx_text(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0") and ENCRYPTED in data:
        raise PlanParseError(
            f"文件“{name}”设置了打开密码（已加密），无法读取其中的文字。"
            "请在 Word 或 WPS 中输入密码打开后，在“文件—信息—保护文档”中删除密码并保存，再导入。"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(
            f"文件“{name}”是旧版 Word（.doc）或 WPS 格式，暂不能直接读取。请在 Word 或 WPS 中“另存为”.docx 格式后再导入。"
        )
    if data.startswith(b"%PDF"):
        raise PlanParseError(f"文件“{name}”是 PDF 文件，暂不能直接读取。请从 PDF 中复制全文粘贴，或使用原始的 Word 文件。")
    text = _decode_text(data, name)
    if suffix in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", text[:200], re.I):
        return _html_text(text, name)
    return text


# An encrypted Word, Excel or PowerPoint file is an OLE container holding this stream (name in UTF-16).
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _refuse_other_office_file(data: bytes, name: str) -> None:
    """A workbook or a presentation given as the work plan: say what it is and where it goes instead."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # the Word reader reports a damaged file
    if "word/document.xml" in names:
        return
    if "xl/workbook.xml" in names:
        raise PlanParseError(
            f"文件“{name}”是 Excel 工作簿，不是工作要点文档。工作要点请提供 Word（.docx）、"
            "文本（.txt）或网页（.html）文件；提案、监督事项、要点进展等表格请用 import 命令"
            "（编辑窗口“导入表格”）导入。"
        )
    what = "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "压缩文件（.zip 等）"
    raise PlanParseError(
        f"文件“{name}”是{what}，不是 Word 文档，无法读取工作要点。请提供 Word（.docx）、文本（.txt）或网页（.html）文件。"
    )


def _decode_text(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_binary(text):
            break
        return text
    raise PlanParseError(
        f"文件“{name}”不是文本文件，也不是 Word（.docx）文件，无法读出文字"
        "（已尝试 UTF-8、GB18030/GBK 编码）。请提供 .txt 或 .docx 格式的工作要点。"
    )


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    return controls > max(2, len(text) // 50)


# ------------------------------------------------------------------ .docx
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def read_docx(
    data: bytes, name: str, *, skip_table: Callable | None = None, caption: Callable[[str], bool] | None = None
) -> tuple[str, list[str]]:
    """The text of a .docx as it prints (see `word.py`), one paragraph a line, and notices for the reader.

    `skip_table` leaves out the tables it accepts (a task table read on its own), and with each the
    paragraphs just above it that `caption` takes for its caption (“附件：重点工作任务分解表”).
    """
    import io

    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise PlanParseError(
            f"文件“{name}”不是有效的 Word（.docx）文件，可能已损坏。请在 Word 或 WPS 中打开后重新保存为 .docx。"
        ) from None
    except Exception:  # python-docx raises assorted errors for damaged parts
        raise PlanParseError(f"无法读取 Word 文件“{name}”：文件结构有误。请在 Word 或 WPS 中打开后重新保存为 .docx。") from None
    try:
        numbering = _Numbering(document)
        printed = word.Printed(document)
        lines: list[str] = []
        skipped: list[object] = []
        seen = 0

        def skip(tbl) -> bool:
            if skip_table is not None and skip_table(tbl):
                skipped.append(tbl)
                return True
            return False

        def drop_caption(seen: int) -> None:
            if caption is None or len(skipped) == seen:
                return
            while lines and (not lines[-1].strip() or caption(lines[-1].strip())):
                lines.pop()

        for p in printed.paragraphs(document.element.body, skip if skip_table is not None else None):
            drop_caption(seen)
            seen = len(skipped)
            if printed.gone(p):
                continue  # deleted, moved away or hidden whole: Word neither prints it nor counts its number
            lines.append(numbering.label(p) + printed.text(p))
        drop_caption(seen)
        notice = word.revisions(document.element.body).notice()
    except PlanParseError:
        raise
    except Exception:
        raise PlanParseError(
            f"无法读取 Word 文件“{name}”中的文字，文件结构有误。请在 Word 或 WPS 中打开后重新保存为 .docx。"
        ) from None
    return "\n".join(lines), [notice] if notice else []


def _docx_text(data: bytes, name: str) -> str:
    return read_docx(data, name)[0]


# Word's ideographDigital writes each digit, with 〇 for zero (二〇二六).
_CN_DIGITS = "〇一二三四五六七八九"


def _roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographTraditional",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
        "ideographLegalTraditional",
    ):
        return _chinese_number(n)
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Rebuilds the numbers Word draws for list paragraphs (they are not in the paragraph text).

    Counters are kept per abstract list, as Word does: separate w:num entries that
    share an abstract list continue its numbering unless they override the start.
    """

    def __init__(self, document):
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering = None
        if numbering is not None:
            for abstract in numbering.iter(_w("abstractNum")):
                aid = abstract.get(_w("abstractNumId"))
                levels = {}
                for lvl in abstract.iter(_w("lvl")):
                    ilvl = _int(lvl.get(_w("ilvl")), 0)
                    start = _int(_val(lvl, "start"), 1)
                    fmt = _val(lvl, "numFmt") or "decimal"
                    text = _val(lvl, "lvlText")
                    levels[ilvl] = (start, fmt, text if text is not None else f"%{ilvl + 1}.")
                self.levels[aid] = levels
            for num in numbering.iter(_w("num")):
                nid = num.get(_w("numId"))
                aid = _val(num, "abstractNumId")
                overrides = {}
                for ov in num.iter(_w("lvlOverride")):
                    start = _val(ov, "startOverride")
                    if start is not None:
                        overrides[_int(ov.get(_w("ilvl")), 0)] = _int(start, 1)
                if aid is not None:  # a w:num without its abstract list numbers nothing
                    self.nums[nid] = (aid, overrides)
        try:
            styles = document.part.styles.element
        except (NotImplementedError, KeyError, AttributeError):
            styles = None
        if styles is not None:
            for style in styles.iter(_w("style")):
                sid = style.get(_w("styleId"))
                based = style.find(_w("basedOn"))
                if based is not None:
                    self.style_parent[sid] = based.get(_w("val"))
                ppr = style.find(_w("pPr"))
                numpr = ppr.find(_w("numPr")) if ppr is not None else None
                if numpr is not None:
                    self.style_numpr[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl"), None))

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.style_numpr:
                return self.style_numpr[style_id]
            style_id = self.style_parent.get(style_id)
        return None, None

    def label(self, p) -> str:
        ppr = p.find(_w("pPr"))
        num_id = ilvl = None
        style_id = None
        if ppr is not None:
            pstyle = ppr.find(_w("pStyle"))
            style_id = pstyle.get(_w("val")) if pstyle is not None else None
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                num_id = _val(numpr, "numId")
                ilvl = _int(_val(numpr, "ilvl"), None)
        if num_id is None or ilvl is None:
            s_num, s_lvl = self._style_numpr(style_id)
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        start = levels[ilvl][0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return ""

        def repl(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            lstart, lfmt, _ = levels.get(lvl, (1, "decimal", ""))
            return _format_number(counters.get(lvl, lstart), lfmt)

        return re.sub(r"%([1-9])", repl, text)


def _val(el, tag: str) -> str | None:
    child = el.find(_w(tag))
    return None if child is None else child.get(_w("val"))


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ------------------------------------------------------------------ .html
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "ul",
    "ol",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "td",
    "th",
}


# Page furniture: navigation, menus, link lists, share bars, footers. Matched on tag names and on
# whole words of class and id attributes (“nav”, “menu”, “footer”, “xglj” = 相关链接, …).
_FURNITURE_TAGS = ("nav", "header", "footer", "aside", "form", "select", "button", "iframe")
_FURNITURE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|menus|submenu|header|head|top|topbar|footer|foot|bottom|copyright|breadcrumb|"
    r"crumb|crumbs|position|location|weizhi|share|bdshare|sidebar|side|aside|related|relate|links|link|xglj|"
    r"friendlink|tools|toolbar|print|search|login|banner|ad|ads|qrcode|comment|comments|pager|pagination|"
    r"prev|next|hot|recommend)($|[\s_-])",
    re.I,
)


def _html_text(text: str, name: str) -> str:
    """The text of a saved page's article: its title and body, without menus, link lists and footers."""
    try:
        import lxml.html

        root = lxml.html.document_fromstring(text)
    except Exception:
        raise PlanParseError(f"网页文件“{name}”无法解析，请在浏览器中打开后复制正文粘贴。") from None
    for bad in root.xpath("//script|//style|//noscript|//comment()"):
        bad.drop_tree()
    page_title = (root.findtext(".//title") or "").strip()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag.lower() in _FURNITURE_TAGS or (_FURNITURE.search(marks) and _stops(el) < 3):
            el.drop_tree()
    body = root.find("body")
    article = _article(body if body is not None else root)
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    content = article.text_content()
    heading = _page_heading(page_title)
    if heading and re.sub(r"\s+", "", heading) not in re.sub(r"\s+", "", content[:600]):
        content = heading + "\n" + content
    return content


def _stops(el) -> int:
    return el.text_content().count("。")


def _article(el):
    """The smallest element holding nearly all of the page's sentences (the article, not the page)."""
    total = _stops(el)
    if total < 3:
        return el
    while True:
        children = [c for c in el if isinstance(c.tag, str)]
        best = max(children, key=_stops, default=None)
        if best is None or _stops(best) < total * 0.8:
            return el
        el = best


def _page_heading(title: str) -> str:
    """The article's title out of the page's <title> (“…2025年工作要点_某县人民政府”)."""
    for part in re.split(r"\s*[_|｜—–-]{1,2}\s*", title):
        if re.search(r"(工作要点|工作计划|工作安排|工作重点|履职计划)", part):
            return part.strip()
    return ""
