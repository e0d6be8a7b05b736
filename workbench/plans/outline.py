"""Parsing the text of a 年度工作要点 into plans, sections (部分) and items (条目).

Published plans vary from county to county, so the parser decides the
structure from the document itself instead of assuming one house style:

1. **Lines.** Line endings of any kind; full-width spaces and invisible marks
   removed; text hard-wrapped at a fixed width (copied from a PDF or an e-mail)
   is joined back into paragraphs.
   A page flattened into one long line is split where numbered parts follow
   each other after a space ("… 一、… 二、…"); a heading run into the text
   before it ("…作出新贡献。 二、…"), points run together in one paragraph
   ("⑴…⑵…", "①…②…", "（一）…。（二）…" after a heading) and a heading wrapped
   over two or three lines are put right. Page or list counters before a line
   ("2 二、…") and forum tags ("[hide=d60]") are removed.
2. **Clutter.** Site breadcrumbs and navigation, "浏览次数 / 发布时间" lines,
   page numbers, copyright and ICP lines are dropped; a "更多相关推荐 / 上一篇"
   block ends the document. After the last item of a plan, the first line that
   is not prose (a signature, a date, a list of links) ends that plan.
3. **Plans.** "第一篇 / 第二篇" always start a new plan. A title line such as
   "XX县政协2023年工作要点" starts a new plan once the current one has numbered
   content (a repeated page title, or the plan title after a 印发通知, only
   replaces the title). Sections numbered again from 一 start a new plan too.
4. **Numbering.** Markers are recognised in both widths: 第一部分, 一、, (一)/（一）,
   1、/1./1．, (1)/（1）/1), ① and the one-character forms ⑴ ⒈. The most senior
   kind that starts at 1 numbers the sections; the next kind that most sections
   open with numbers the items; anything deeper is a sub-point and stays in its
   item's text. Item numbers are kept as printed, whether they restart in each
   section or run on. A number that goes backwards inside a section (a list
   inside an item) is a sub-point, not a new item.
5. **Titles.** A section's title is its heading line. An item's title is the
   phrase before the first "。"; its text is the whole paragraph plus following
   paragraphs. A numbered line without "。" is a heading: the line is the title
   and the following paragraphs are the text.
6. **Year.** From the plan title, else from the lines before the first section;
   null when absent or written as a placeholder ("20xx年"). A page holding last
   year's review and this year's tasks ("一、2024年工作回顾 … 二、2025年工作安排")
   yields the task list, with the year its heading names.
7. **Nothing dropped.** Text the parser cannot place stays in the nearest
   section's or item's text; only clutter and end matter (signature, date,
   links) are left out. Sections without a single numbered item are refused.

A document with no recognisable sections, and a document that is evidently a
speech or a report rather than a work plan, raise `PlanParseError` with a
Chinese message saying what was expected and what was found.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from workbench.base.errors import PlanParseError

# Full-width forms folded to ASCII for matching only; one character for one so
# that positions found in the folded text are valid in the original.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "（": "(",
        "）": ")",
        "．": ".",
        "，": ",",
        "：": ":",
        "；": ";",
        "﹒": ".",
        "｡": ".",
        "〔": "(",
        "〕": ")",
        "［": "[",
        "］": "]",
        "＞": ">",
        "／": "/",
    }
)

_CN_NUMERALS = "一二三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "两": 2}


def _cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23; None for anything that is not a plain numeral."""
    if not text or len(text) > 3:
        return None
    if "十" not in text:
        return _CN_VALUE.get(text) if len(text) == 1 and text != "〇" else None
    head, _, tail = text.partition("十")
    if "十" in tail or len(head) > 1 or len(tail) > 1:
        return None
    tens = 1 if head == "" else _CN_VALUE.get(head)
    ones = 0 if tail == "" else _CN_VALUE.get(tail)
    if tens is None or ones is None or tens == 0 or (tail and ones == 0):
        return None
    return tens * 10 + ones


# The kinds of numbering, most senior first.
RANK = {"part": 0, "cn": 1, "pcn": 2, "ar": 3, "par": 4, "circ": 5}
_MARKERS = [
    ("part", re.compile(r"^第([一二三四五六七八九十]{1,3})部分\s*[:、.,]?\s*")),
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.]\s*")),
    ("pcn", re.compile(r"^\(\s*([一二三四五六七八九十]{1,3})\s*\)\s*[、.]?\s*")),
    ("par", re.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*")),
    ("par", re.compile(r"^(\d{1,3})\)\s*")),
    ("ar", re.compile(r"^(\d{1,3})\s*(?:、|\.(?!\d))\s*")),
    ("circ", re.compile(r"^([\u2460-\u2473\u3251-\u325f])\s*")),
    ("par", re.compile(r"^([\u2474-\u2487])\s*")),
    ("ar", re.compile(r"^([\u2488-\u249b])\s*")),
]


def _marker_number(kind: str, raw: str) -> int | None:
    if raw.isdigit() and raw.isascii():
        return int(raw)
    if len(raw) == 1 and "\u2460" <= raw <= "\u2473":
        return ord(raw) - 0x2460 + 1
    if len(raw) == 1 and "\u3251" <= raw <= "\u325f":
        return ord(raw) - 0x3251 + 21
    if len(raw) == 1 and "\u2474" <= raw <= "\u2487":
        return ord(raw) - 0x2474 + 1
    if len(raw) == 1 and "\u2488" <= raw <= "\u249b":
        return ord(raw) - 0x2488 + 1
    return _cn_to_int(raw)


@dataclass
class Mark:
    kind: str
    number: int
    marker: str  # as printed, e.g. "1、" or "（一）"
    rest: str  # the line after the marker


def numbering(line: str) -> Mark | None:
    """The numbering a line starts with, if any."""
    folded = line.translate(_FOLD)
    for kind, pattern in _MARKERS:
        m = pattern.match(folded)
        if not m:
            continue
        number = _marker_number(kind, m.group(1))
        if number is None or number <= 0:
            continue
        rest = line[m.end() :].strip()
        return Mark(kind, number, line[: m.end()].strip(), rest)
    return None


# ------------------------------------------------------------------ data
@dataclass
class Item:
    number: int
    title: str
    text: str
    marker: str = ""
    # From a task table: lead_leader, lead_committee, partners, owner (text) and deadline (a date).
    fields: dict = field(default_factory=dict)
    # A task of the plan's 任务分解表 that the body of the document does not list.
    only_in_table: bool = False

    def to_dict(self) -> dict:
        out = {"number": self.number, "title": self.title, "text": self.text, "marker": self.marker}
        if self.fields:
            out["fields"] = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in self.fields.items()}
        if self.only_in_table:
            out["only_in_table"] = True
        return out


@dataclass
class Section:
    number: int
    title: str
    items: list[Item] = field(default_factory=list)
    text: str = ""  # paragraphs under the heading that belong to no item
    marker: str = ""

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "marker": self.marker,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass
class Plan:
    title: str | None
    year: int | None
    sections: list[Section] = field(default_factory=list)
    intro: str = ""
    source: str = ""
    # What the secretary should know about how the document was read (tracked changes, a task table).
    notices: list[str] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "year": self.year,
            "source": self.source,
            "intro": self.intro,
            "sections": [s.to_dict() for s in self.sections],
            **({"notices": list(self.notices)} if self.notices else {}),
        }


def plans_to_dict(plans: list[Plan]) -> dict:
    return {"plans": [p.to_dict() for p in plans]}


# ------------------------------------------------------------------ lines
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_LIKE = re.compile(r"[\u3000\u00a0\u2002\u2003\u2009\u202f\t]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
# Forum and document-sharing sites' markup left in copied text: [hide=d60]…[/hide], [b], [color=red].
_FORUM_TAG = re.compile(
    r"\[/?(?:hide|b|i|u|s|color|size|font|url|img|quote|code|align|backcolor|float|indent|"
    r"list|p|table|tr|td|attach|media|free|sup|sub|password|\*)(?:=[^\]\n]{0,40})?\]",
    re.I,
)


@dataclass
class Line:
    no: int  # 1-based line number in the source, for messages
    text: str


def split_lines(text: str) -> list[Line]:
    text = text.translate(_INVISIBLE)
    text = re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]", "\n", text)
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        s = _FORUM_TAG.sub("", _CONTROL.sub("", raw))
        s = _SPACE_LIKE.sub(" ", s).strip()
        if s:
            out.append(Line(no, s))
    return out


_TERMINAL = "。！？；;!?：:”」』）)"


def _unwrap(lines: list[Line]) -> list[Line]:
    """Join text hard-wrapped at a fixed width back into paragraphs."""
    lengths = Counter(len(ln.text) for ln in lines if len(ln.text) >= 15)
    if not lengths:
        return lines
    width, _ = max(lengths.items(), key=lambda kv: (kv[1], kv[0]))
    full = sum(c for n, c in lengths.items() if width - 2 <= n <= width)
    if width < 15 or full < max(4, len(lines) * 0.3):
        return lines
    out: list[Line] = []
    joining = False
    for line in lines:
        if joining and numbering(line.text) is None and not _is_title(line.text):
            out[-1] = Line(out[-1].no, out[-1].text + line.text)
        else:
            out.append(Line(line.no, line.text))
        joining = len(out[-1].text) >= width - 2 and len(line.text) >= width - 2 and out[-1].text[-1] not in _TERMINAL
    return out


def _split_inline(lines: list[Line]) -> list[Line]:
    """Web pages copied as one long line: split where numbered parts follow each other after a space.

    Only markers preceded by whitespace count, and only where at least two of
    one kind follow in sequence (一、… 二、…), so that numbers inside a sentence
    ("。（1）…（2）…" sub-points) are left where they are.
    """
    out: list[Line] = []
    for line in lines:
        text = line.text
        if len(text) < 30 or " " not in text:
            out.append(line)
            continue
        candidates = []
        head = numbering(text)
        if head is not None:
            candidates.append((0, head.kind, head.number))
        for m in re.finditer(r"\s+", text):
            mark = numbering(text[m.end() :])
            if mark is not None and mark.rest and mark.kind in ("part", "cn", "pcn", "ar"):
                candidates.append((m.end(), mark.kind, mark.number))
        cuts: set[int] = set()
        for kind in {k for _, k, _ in candidates}:
            chain: list[tuple[int, int]] = []
            for pos, k, number in [*candidates, (len(text), kind, -1)]:
                if k != kind:
                    continue
                if chain and number == chain[-1][1] + 1:
                    chain.append((pos, number))
                    continue
                if len(chain) >= 2:
                    cuts.update(p for p, _ in chain)
                chain = [(pos, number)]
        if head is None:  # a title run into the text: "县政协2024年工作要点 2024年是…"
            for m in re.finditer(r"\s+", text[:72]):
                if _title_of(text[: m.start()]) is not None:
                    cuts.add(m.end())
                    break
        cuts.discard(0)
        if not cuts:
            out.append(line)
            continue
        bounds = [0, *sorted(cuts), len(text)]
        out.extend(Line(line.no, text[a:b].strip()) for a, b in itertools.pairwise(bounds) if text[a:b].strip())
    return out


_RUN_IN = re.compile(r"[\u2460-\u2473\u2474-\u2487\u2488-\u249b]")


# A number run into the text before it, as a web page flattens a plan ("…思想政治基础1、组织开展…"): after
# a Chinese character or a punctuation mark, never after 第 or another digit. What follows must not make it a
# quantity or a date ("1、2月", "3、5个"): the rest starts with a word, not a digit or a unit.
_GLUED = re.compile(
    r"(?<=[\u4e00-\u9fff”」』）)》，,、；;：:。！？!?])(?<!第)"
    r"(?:\d{1,2}\s*(?:、|[.．](?![\d.．]))|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]|[一二三四五六七八九十]{1,3}、)"
    r"(?![\d０-９一二三四五六七八九十]|[年月日号时次个项名人位家条件期届批万亿元％%倍季度])"
)


def _heading_then_paragraph(text: str, head: Mark) -> int | None:
    """Where a heading ends that a page ran into its first paragraph after a space ("一、坚持党的领导 加强思想
    政治引领。坚持…"): the space, when the words before it are no sentence and what follows is one."""
    start = len(text) - len(head.rest)
    m = re.search(r"\s", head.rest)
    if m is None or not 2 <= m.start() <= 40 or re.search(r"[。！？!?；;]", head.rest[: m.start()]):
        return None
    after = head.rest[m.end() :]
    if "。" not in after or numbering(after) is not None:
        return None
    if _lead_sentence(after) is None and len(after) < 30:
        return None
    return start + m.end()


def _split_glued(lines: list[Line]) -> list[Line]:
    """A heading's paragraph flattened with its points: "一、加强政治引领1、组织学习。…2、…二、…3、…".

    Only in a line that starts with a heading (一、, （一）, 第一部分), and only at numbers that carry the
    numbering on: points in a chain from 1 (or from the last point seen) and headings after the last
    heading seen. A list inside an item ("…：（1）…；（2）…") is no heading's paragraph and stays whole.
    """
    out: list[Line] = []
    last: dict[str, int] = {}
    for line in lines:
        text = line.text
        head = numbering(text)
        if head is None or head.kind not in ("part", "cn", "pcn"):
            if head is not None:
                last[head.kind] = head.number
            out.append(line)
            continue
        last[head.kind] = head.number
        found = []
        for m in _GLUED.finditer(text):
            mark = numbering(text[m.start() :])
            if mark is not None and mark.rest and m.start() > 0 and mark.kind in ("cn", "pcn", "ar"):
                found.append((m.start(), mark))
        cuts: list[int] = []
        chains: dict[str, list[tuple[int, int]]] = {}
        for pos, mark in found:
            if mark.kind == head.kind or (mark.kind == "cn" and RANK[head.kind] > RANK["cn"]):
                if mark.number == last.get(mark.kind, 0) + 1:
                    cuts.append(pos)
                    last[mark.kind] = mark.number
                continue
            chain = chains.setdefault(mark.kind, [])
            if chain and mark.number == chain[-1][1] + 1:
                chain.append((pos, mark.number))
            elif mark.number in (1, last.get(mark.kind, 0) + 1):
                if len(chain) >= 2 or (chain and chain[0][1] != 1):
                    cuts.extend(p for p, _ in chain)
                chains[mark.kind] = [(pos, mark.number)]
        for kind, chain in chains.items():
            # A chain of two or more, or one point that carries on the plan's numbering ("三、…6、…").
            if len(chain) >= 2 or (chain and chain[0][1] == last.get(kind, 0) + 1 and chain[0][1] > 1):
                cuts.extend(p for p, _ in chain)
                last[kind] = chain[-1][1]
        space = _heading_then_paragraph(text, head)
        if space is not None:
            cuts.append(space)
        if not cuts:
            out.append(line)
            continue
        bounds = [0, *sorted(set(cuts)), len(text)]
        pieces = [text[a:b].strip() for a, b in itertools.pairwise(bounds)]
        for piece in pieces:
            mark = numbering(piece)
            if mark is not None:
                last[mark.kind] = max(last.get(mark.kind, 0), mark.number)
        out.extend(Line(line.no, p) for p in pieces if p)
    return out


_COUNTER = re.compile(r"^(?:\d{1,3}|[-—–]\s*\d{1,3}\s*[-—–]|\[\d{1,3}\]|#\d{1,3})\s+(?=\S)")


def _strip_counters(lines: list[Line]) -> list[Line]:
    """A page or list counter a site puts before a line ("2 二、积极建言资政", "#3 （一）…") is no part of it."""
    out = []
    for line in lines:
        m = _COUNTER.match(line.text)
        if m:
            rest = line.text[m.end() :]
            mark = numbering(rest)
            if (mark is not None and mark.kind != "ar") or _is_title(rest):
                line = Line(line.no, rest)
        out.append(line)
    return out


def _split_run_in_items(lines: list[Line]) -> list[Line]:
    """Points numbered ⑴⑵ / ①② / ⒈⒉ run together in one paragraph: each point on its own line.

    Only a run of at least two in sequence is split, so a lone ① quoted in a
    sentence stays. Whether the points are items or sub-points of an item is
    decided later, as for points on lines of their own.
    """
    out: list[Line] = []
    for line in lines:
        text = line.text
        found = [(m.start(), numbering(text[m.start() :])) for m in _RUN_IN.finditer(text)]
        found = [(pos, mark) for pos, mark in found if mark is not None]
        cuts: set[int] = set()
        chain: list[tuple[int, Mark]] = []
        for pos, mark in [*found, (len(text), None)]:
            if (
                mark is not None
                and chain
                and chain[-1][1].kind == mark.kind
                and mark.number == chain[-1][1].number + 1
                and _same_run(chain[-1][1].marker, mark.marker)
            ):
                chain.append((pos, mark))
                continue
            if len(chain) >= 2:
                cuts.update(p for p, _ in chain)
            chain = [(pos, mark)] if mark is not None and mark.number == 1 else []
        cuts.discard(0)
        if not cuts:
            out.append(line)
            continue
        bounds = [0, *sorted(cuts), len(text)]
        out.extend(Line(line.no, text[a:b].strip()) for a, b in itertools.pairwise(bounds) if text[a:b].strip())
    return out


def _same_run(a: str, b: str) -> bool:
    """Two markers of one run: both ①-style, both ⑴-style or both ⒈-style."""

    def block(ch: str) -> int:
        o = ord(ch[0]) if ch else 0
        return 0 if 0x2460 <= o <= 0x2473 else 1 if 0x2474 <= o <= 0x2487 else 2 if 0x2488 <= o <= 0x249B else 3

    return block(a) == block(b)


_SENTENCE_END = "。！？；!?;"


def _split_run_in_headings(lines: list[Line]) -> list[Line]:
    """A heading run into the text before it ("…作出新贡献。 二、把握重点，主动作为") starts its own line.

    A marker counts only after the end of a sentence (or a space) and only when it
    continues the numbering already seen (二 after 一), or, inside a heading's
    paragraph, when it starts a run of points (（一）… （二）…, 1.… 2.…); numbers
    inside a sentence stay put.
    """
    out: list[Line] = []
    last: dict[str, int] = {}
    for line in lines:
        pieces = [line.text]
        head: Mark | None = None  # the heading (一、 or （一）) whose paragraph this piece continues
        while True:
            text = pieces[-1]
            mark_here = numbering(text)
            if mark_here is not None:
                last[mark_here.kind] = mark_here.number
                if mark_here.kind not in ("part", "cn", "pcn"):
                    last["line"] = line.no
                else:
                    head = mark_here
            cut = None
            for m in re.finditer(r"[。！？；!?;]\s*|\s+", text):
                rest = text[m.end() :]
                mark = numbering(rest) if rest else None
                if mark is None or not mark.rest or m.start() == 0:
                    continue
                after_space = not re.match(r"[。！？；!?;]", m.group())
                if mark.kind in ("part", "cn", "pcn") and not (
                    after_space and head is not None and RANK[mark.kind] > RANK[head.kind]
                ):
                    fits = mark.number == last.get(mark.kind, 0) + 1 or (mark.number == 1 and mark.kind not in last)
                else:
                    # "1.…。2.…" run into a heading's paragraph: a chain starting at 1 within the line.
                    # Only in a heading's paragraph; points run together inside an item stay as written.
                    fits = (
                        head is not None
                        and head.kind in ("part", "cn", "pcn")
                        and (
                            (mark.number == 1 and _continues(rest, mark))
                            or (mark.number == last.get(mark.kind, -1) + 1 and line.no == last.get("line"))
                        )
                    )
                    if after_space and mark.kind in ("part", "cn", "pcn"):
                        fits = mark.number == 1 and _continues(rest, mark)
                if fits:
                    cut = m.end()
                    break
            if cut is None:
                break
            pieces[-1:] = [text[:cut].strip(), text[cut:].strip()]
        out.extend(Line(line.no, p) for p in pieces if p)
    return out


def _continues(text: str, mark: Mark) -> bool:
    """Whether the next marker of `mark`'s kind follows after a sentence end in `text`."""
    for m in re.finditer(r"[。！？；!?;]\s*|\s+", text):
        nxt = numbering(text[m.end() :])
        if nxt is not None and nxt.kind == mark.kind and nxt.number == mark.number + 1:
            return True
    return False


def _join_wrapped_headings(lines: list[Line]) -> list[Line]:
    """A heading wrapped over two or three lines ("一、坚持团结和民主两大主题，" / "广泛凝聚共识") is one heading."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        mark = numbering(line.text)
        i += 1
        if mark is None or mark.kind not in ("part", "cn", "pcn") or not mark.rest:
            out.append(line)
            continue
        text = line.text
        joined = 0
        while (
            joined < 2
            and i < len(lines)
            and len(text) <= 40
            and text[-1] not in _SENTENCE_END + "：:"
            and not any(ch in text for ch in "。！？")
        ):
            nxt = lines[i].text
            if (
                len(nxt) > 30
                or numbering(nxt) is not None
                or _is_title(nxt)
                or _is_clutter(nxt)
                or any(ch in nxt[:-1] for ch in _SENTENCE_END)
                or nxt[-1] in "：:"  # a lead-in to the points below ("重点做好以下工作："), not the heading
                or _DATE_LINE.match(nxt)
            ):
                break
            # A short line after a heading ending in a comma or 和/与/及 continues it; so does one that the
            # next line shows to be no paragraph of its own (another heading or marker follows).
            after = lines[i + 1].text if i + 1 < len(lines) else ""
            continues = text[-1] in "，,、和与及的" or (
                len(nxt) <= 20 and nxt[-1] not in "。；;" and (numbering(after) is not None or len(after) > 30)
            )
            if not continues:
                break
            text += nxt
            i += 1
            joined += 1
        out.append(Line(line.no, text))
    return out


def _merge_bare_markers(lines: list[Line]) -> list[Line]:
    """A marker alone on its line ("一、" then the heading below) belongs to the next line."""
    out: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if pending is not None:
            line = Line(pending.no, pending.text + line.text)
            pending = None
        mark = numbering(line.text)
        if mark is not None and mark.rest == "":
            pending = line
            continue
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out


# ------------------------------------------------------------------ clutter
_CLUTTER = re.compile(
    r"(浏览次数|浏览量|阅读次数|阅读量|点击数|点击次数|点击量|访问次数|访问量|发布时间|发布日期|更新时间|"
    r"信息来源|来源\s*[:：]|作者\s*[:：]|责编|责任编辑|编辑\s*[:：]|审核\s*[:：]|字号|【字体|\[字体|"
    r"打印本页|关闭窗口|【打印】|【关闭】|分享到|扫一扫|设为首页|加入收藏|当前的?位置|您的位置|"
    r"版权所有|copyright|all rights reserved|icp|备案号|公网安备|网站标识码|技术支持|主办单位|承办单位|"
    r"联系我们|网站地图|网站声明|索引号|主题分类|发布机构|成文日期|公开方式|公开范围|下载本文|显示全文|"
    r"返回顶部|返回首页|上一篇|下一篇|无障碍|长者模式|繁体版|简体版|地\s*址\s*[:：]|邮\s*编|传\s*真|电\s*话\s*[:：]|"
    r"分享\s*[:：]|我要评论|发表评论|网友评论|微信公众号|手机版)",
    re.I,
)
_END = re.compile(
    r"^[【\[]?(更多相关推荐|相关推荐|相关阅读|相关文章|相关链接|相关新闻|相关信息|推荐阅读|热门推荐|"
    r"热门文章|猜你喜欢|延伸阅读|上一篇|下一篇|打印本页|关闭窗口|版权所有|主办单位|网友评论|我要评论|发表评论)"
)
# The end matter of an official document: attachments list, distribution, printing note.
_ATTACHMENTS = re.compile(r"^(附件\s*\d*\s*[:：]|附件$|(抄送|抄报|主送)\s*[:：])|\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
_BREADCRUMB = re.compile(r"(首页|位置|正文|栏目).*[>»›/→]|[>»›→].*(正文|首页)")
_PAGE_NO = re.compile(r"^[-—–－·~\s]*\d{1,3}[-—–－·~\s]*$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
_DATE_LINE = re.compile(
    r"^[（(]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|"
    r"[〇零○Ｏ一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"(\s*\d{1,2}:\d{2}(:\d{2})?)?\s*(印发|发布)?\s*[）)]?$"
)
_DOC_NUMBER = re.compile(r"[〔\[(（]\s*\d{4}\s*[〕\])）]\s*\d+\s*号$")


def _is_clutter(text: str) -> bool:
    if _PAGE_NO.match(text) or _DATE_LINE.match(text) or _DOC_NUMBER.search(text):
        return True
    if numbering(text) is not None or _title_of(text) is not None:
        return False
    if len(text) < 100 and "。" not in text:
        if _CLUTTER.search(text) or _BREADCRUMB.search(text):
            return True
        tokens = [t for t in re.split(r"[\s|｜丨]+", text) if t]
        if len(tokens) >= 4 and 2 <= sum(len(t) for t in tokens) / len(tokens) <= 8:
            return True  # a row of navigation links
    return text in ("附件", "附件：", "附件:", "文档", "专题", "打印", "关闭", "返回")


def _is_prose(text: str) -> bool:
    """A paragraph of running text, as opposed to a link, a signature or a date."""
    if _DATE_LINE.match(text):
        return False
    return any(ch in text for ch in "。；;！？!?") or text[-1] in "：:，," or len(text) >= 40


# ------------------------------------------------------------------ plan titles
_TITLE_WORDS = r"(工作要点|工作计划|工作安排|工作重点|工作思路|履职计划)"
_TITLE_END = re.compile(_TITLE_WORDS + r"\s*(\s*[（(][^）)]{0,15}[）)])?$")
_WRAPPED_TITLE = re.compile(r"《([^》]*" + _TITLE_WORDS + r"[^》]*)》")
_PIECE = re.compile(r"^第\s*([一二三四五六七八九十\d]{1,3})\s*篇\s*[:：、.]?\s*(.*)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年")
_PLACEHOLDER_YEAR = re.compile(r"(20|２０)\s*[xX×ｘＸ*＊□○〇]{2}\s*年|[xX×ｘＸ□]{4}\s*年")


def _title_of(text: str) -> str | None:
    """The plan title a line declares, if it is a title line."""
    s = re.sub(r"^附件\s*\d*\s*[:：]?\s*", "", text).strip()
    if not s or len(s) > 70 or "。" in s or numbering(s) is not None:
        return None
    wrapped = _WRAPPED_TITLE.search(s)
    if wrapped and re.search(r"(印发|通知|转发)", s):
        return wrapped.group(1).strip()
    s = s.strip("《》“”\"' ")
    if re.search(r"[，,；;]", s):
        return None
    if _TITLE_END.search(s):
        return s
    spaced = re.sub(r"\s+", "", s)  # a title spaced out for layout: "工 作 要 点"
    if spaced != s and _TITLE_END.search(spaced):
        return spaced
    return None


def _is_title(text: str) -> bool:
    return _title_of(text) is not None


def _year_in(text: str) -> tuple[bool, int | None]:
    """(found, year): found is True when the text names a year or a placeholder year."""
    placeholder = _PLACEHOLDER_YEAR.search(text)
    m = _YEAR.search(text)
    c = _CN_YEAR.search(text)
    candidates: list[tuple[int, int | None]] = []
    if placeholder:
        candidates.append((placeholder.start(), None))
    if m:
        candidates.append((m.start(), int(m.group(1))))
    if c:
        digits = "".join(str(_CN_VALUE.get(ch, -1)) for ch in c.group(1))
        if "-" not in digits and digits[:2] in ("19", "20"):
            candidates.append((c.start(), int(digits)))
    if not candidates:
        return False, None
    return True, min(candidates, key=lambda t: t[0])[1]


# A page holding last year's review and this year's tasks: the headings that divide them.
_REVIEW = re.compile(r"(工作回顾|工作总结|回顾|总结|工作情况|主要工作及成效|主要成绩|主要成效|履职情况)")
_TASKS = re.compile(r"(工作任务|工作安排|工作打算|工作思路|工作重点|重点工作|主要任务|工作要点|工作计划|履职计划)")


def _review_or_tasks(text: str) -> str | None:
    """“review” for a heading such as “2024年工作回顾”, “tasks” for “2025年主要工作任务”, else None."""
    s = re.sub(r"^(第[一二三四五六七八九十]部分|[一二三四五六七八九十]{1,2}\s*[、.])\s*", "", text.translate(_FOLD))
    if len(s) > 30 or "。" in s or "," in s:
        return None
    review, tasks = _REVIEW.search(s), _TASKS.search(s)
    if review and not tasks:
        return "review"
    if tasks and not review and (_YEAR.search(s) or re.search(r"(今年|明年|新的一年|下一步)", s)):
        return "tasks"
    return None


_SPEECH_TITLE = re.compile(
    r"(讲话|致辞|发言|讲话稿|讲话提纲|述职报告|工作总结|工作报告|调研报告|视察报告|"
    r"情况报告|情况汇报|通报)\s*"
    r"([（(][^）)]{0,15}[）)])?$"
)
_SALUTATION = re.compile(r"^(同志们|各位委员|各位领导|各位代表|同志们、朋友们)\s*[,，:：!！]")


# ------------------------------------------------------------------ parsing
@dataclass
class _Chunk:
    title: str | None = None
    lines: list[Line] = field(default_factory=list)
    review: bool = False  # last year's review, not a plan
    year: int | None = None  # the year its task heading names ("2025年工作安排")

    def numbered(self) -> bool:
        return any(numbering(ln.text) is not None for ln in self.lines)


def parse_text(text: str, *, source: str = "粘贴的文本") -> list[Plan]:
    """Parse the text of a document into its work plans; raise `PlanParseError` if it holds none."""
    if not isinstance(text, str):
        raise PlanParseError(f"“{source}”不是文字内容，无法解析为工作要点。")
    lines = split_lines(text)
    if not lines:
        raise PlanParseError(f"“{source}”是空的，没有任何文字。应为年度工作要点的全文（标题、“一、”“二、”等部分及其下的条目）。")
    lines = _strip_counters(
        _merge_bare_markers(
            _split_glued(_split_run_in_headings(_split_run_in_items(_split_inline(_unwrap(_strip_counters(lines))))))
        )
    )
    kept = _join_wrapped_headings(_drop_clutter(lines))
    chunks = _split_plans(kept)
    plans: list[Plan] = []
    for chunk in chunks:
        for plan in _parse_chunk(chunk):
            plan.source = source
            plans.append(plan)
    _refuse_non_plan(source, lines, kept, plans)
    if not any(p.item_count for p in plans):
        _refuse_without_items(source, plans)
    return plans


def _refuse_without_items(source: str, plans: list[Plan]) -> None:
    sections = [s for p in plans for s in p.sections]
    shown = "、".join(f"{s.marker or s.number}{_short(s.title, 12)}" for s in sections[:4])
    raise PlanParseError(
        f"“{source}”中找到 {len(sections)} 个部分（{shown}{'等' if len(sections) > 4 else ''}），"
        "但没有找到任何编号的条目，未导入。工作要点的各部分下应列出“1.”“（一）”“①”等编号的条目；"
        "如条目只是分段而没有编号，请在文件中给各条加上编号后再导入。"
    )


def _drop_clutter(lines: list[Line]) -> list[Line]:
    kept: list[Line] = []
    numbered = 0
    for line in lines:
        if numbered >= 2 and (_END.match(line.text) or _ATTACHMENTS.match(line.text)) and _title_of(line.text) is None:
            break  # what follows is the page's or the document's end matter
        if _is_clutter(line.text):
            continue
        if numbering(line.text) is not None:
            numbered += 1
        kept.append(line)
    return kept


def _split_plans(lines: list[Line]) -> list[_Chunk]:
    chunks = [_Chunk()]
    doc_title: str | None = None
    for i, line in enumerate(lines):
        current = chunks[-1]
        piece = _PIECE.match(line.text.translate(_FOLD))
        if piece and len(line.text) <= 70:
            rest = line.text[line.text.find("篇") + 1 :].lstrip(":：、. ")
            chunks.append(_Chunk(title=_title_of(rest) if rest else None))
            continue
        part = _review_or_tasks(line.text) if numbering(line.text) is None and not _is_title(line.text) else None
        if part is not None:
            # "2024年工作回顾" … "2025年工作任务": the review is no plan; the tasks are, under the page's title.
            doc_title = doc_title or (current.title if not current.review else None)
            _, year = _year_in(line.text)
            chunk = _Chunk(
                title=None if part == "review" else (doc_title or line.text),
                review=part == "review",
                year=year if part == "tasks" else None,
            )
            if current.numbered():
                chunks.append(chunk)
            else:
                chunk.lines = current.lines
                chunks[-1] = chunk
            continue
        title = _title_of(line.text)
        if title is not None:
            title = _with_heading_above(title, current, line)
            if current.numbered():
                if not _numbering_restarts_after(lines, i):
                    current.lines.append(line)  # a line in the body that merely mentions a plan
                    continue
                chunks.append(_Chunk(title=title))
            else:
                # A repeated page title, or the real title after a covering notice.
                current.title = title
                current.lines = []
            continue
        current.lines.append(line)
    found = [c for c in chunks if c.numbered() or _heading_marks(c) is not None]
    if any(not c.review for c in found):
        found = [c for c in found if not c.review]
    return found


def _numbering_restarts_after(lines: list[Line], i: int) -> bool:
    for line in lines[i + 1 :]:
        mark = numbering(line.text)
        if mark is not None:
            return mark.number == 1
    return False


def _with_heading_above(title: str, chunk: _Chunk, line: Line) -> str:
    """Official titles are often broken over two lines: "政协XX县委员会" / "2023年工作要点"."""
    if not chunk.lines or chunk.numbered() or re.search(r"(政协|委员会)", title):
        return title
    above = chunk.lines[-1]
    joined = re.sub(r"\s+", "", above.text) if title != line.text else above.text
    if (
        len(joined) <= 30
        and numbering(above.text) is None
        and not _is_prose(above.text)
        and re.search(r"(委员会|政协|协商会议)$", joined)
        and line.no - above.no <= 2
    ):
        chunk.lines.pop()
        return joined + title
    return title


def _parse_chunk(chunk: _Chunk) -> list[Plan]:
    marks: list[Mark | None] = [numbering(ln.text) for ln in chunk.lines]
    if not any(marks):
        marks = _heading_marks(chunk) or marks
    kinds = {m.kind for m in marks if m}
    section_kind = next(
        (k for k in sorted(kinds, key=lambda k: RANK[k]) if any(m and m.kind == k and m.number == 1 for m in marks)), None
    )
    if section_kind is None:
        section_kind = min(kinds, key=lambda k: RANK[k]) if kinds else None
    if section_kind is None:
        return []
    # Split into plans where sections are numbered again from 1, and find each section's lines.
    groups: list[tuple[list[int], list[list[int]]]] = [([], [])]  # (intro line idx, [section line idx])
    current_no = 0
    for idx, m in enumerate(marks):
        intro, sections = groups[-1]
        if m and m.kind == section_kind:
            if m.number > current_no or not sections:
                sections.append([idx])
                current_no = m.number
                continue
            if m.number == 1 and len(sections) >= 2:
                groups.append(([], [[idx]]))
                current_no = 1
                continue
        (sections[-1] if sections else intro).append(idx)
    tasks = _task_part(chunk, marks, groups)
    if tasks is not None:
        return tasks
    plans = []
    for n, (intro_idx, section_idx) in enumerate(groups):
        if not section_idx:
            continue
        title = chunk.title if n == 0 else None
        plan = _build_plan(title, chunk.lines, marks, section_kind, intro_idx, section_idx)
        if chunk.year is not None:
            plan.year = chunk.year
        plans.append(plan)
    return plans


_LEAD_MAX = 32  # a lead sentence is a short one: a title, not the first sentence of a paragraph


def _lead_sentence(text: str) -> str | None:
    """The lead sentence a paragraph opens with ("加强思想政治引领。" and then its detail), if it has one."""
    m = re.search(r"[。！？!?]", text)
    if m is None or numbering(text) is not None:
        return None
    head, rest = text[: m.start()].strip(), text[m.end() :].strip()
    if not 2 <= len(head) <= _LEAD_MAX or len(rest) < 6 or re.search(r"[:：;；]", head):
        return None
    return head


def _lone_lead(paragraphs: list[str], i: int) -> str | None:
    """A lead sentence standing as a paragraph of its own ("加强思想政治引领。"), its detail the paragraph after."""
    text = paragraphs[i]
    if i + 1 >= len(paragraphs) or numbering(text) is not None or not 3 <= len(text) <= _LEAD_MAX + 1:
        return None
    if text[-1] not in "。！!" or re.search(r"[。！？!?；;：:]", text[:-1]):
        return None
    after = paragraphs[i + 1]
    if len(after) < 20 or _lead_sentence(after) is not None or _is_bare_heading(after) or numbering(after) is not None:
        return None
    return text[:-1].strip()


def _opens_item(paragraphs: list[str], i: int) -> str | None:
    return _lead_sentence(paragraphs[i]) or _lone_lead(paragraphs, i)


def _is_bare_heading(text: str) -> bool:
    """A part's heading written without a number: a short line, no sentence in it, nothing else on it."""
    return (
        4 <= len(text) <= 40
        and not re.search(r"[。！？；;!?]", text)
        and text[-1] not in "：:，,、"
        and numbering(text) is None
        and not _is_title(text)
        and not _is_clutter(text)
        and _review_or_tasks(text) is None
    )


def _heading_marks(chunk: _Chunk) -> list[Mark | None] | None:
    """A plan written without any numbers: its parts are short heading lines, each followed by
    paragraphs that open with a lead sentence. The headings are numbered here as the reader counts
    them; None unless there are at least two such parts under a plan title, or three without one.
    (A speech or a letter has not: its paragraphs are long, its few short lines greetings and signatures.)"""
    lines = chunk.lines
    if any(numbering(ln.text) is not None for ln in lines):
        return None
    texts = [ln.text for ln in lines]
    marks: list[Mark | None] = [None] * len(lines)
    count = 0
    for i, text in enumerate(texts[:-1]):
        if _is_bare_heading(text) and _opens_item(texts, i + 1) is not None:
            count += 1
            marks[i] = Mark("cn", count, "", text)
    return marks if count >= (2 if chunk.title is not None else 3) else None


def _lead_items(paragraphs: list[str], number: int) -> tuple[list[str], list[Item]]:
    """A part without numbered items whose paragraphs open with lead sentences: each such paragraph is an item
    (the lead sentence its title), a paragraph without one continues the item before it; what comes before
    the first ("重点做好以下工作：") stays the part's own text."""
    leads = [_opens_item(paragraphs, i) for i in range(len(paragraphs))]
    if not any(leads):
        return paragraphs, []
    text: list[str] = []
    items: list[Item] = []
    for p, lead in zip(paragraphs, leads):
        if lead is not None:
            number += 1
            items.append(Item(number, lead, p, ""))
        elif items:
            items[-1].text += "\n" + p
        else:
            text.append(p)
    return text, items


def _task_part(chunk: _Chunk, marks, groups) -> list[Plan] | None:
    """Sections “一、2024年工作回顾” and “二、2025年工作安排”: the plan is the task part, parsed on its own."""
    if len(groups) != 1:
        return None
    blocks = groups[0][1]
    parts = [_review_or_tasks(chunk.lines[b[0]].text) for b in blocks]
    if "review" not in parts or parts.count("tasks") != 1:
        return None
    block = blocks[parts.index("tasks")]
    heading = chunk.lines[block[0]].text
    _, year = _year_in(heading)
    inner = _Chunk(title=chunk.title or marks[block[0]].rest, lines=[chunk.lines[i] for i in block[1:]], year=year or chunk.year)
    found = _parse_chunk(inner) if inner.numbered() else []
    if found and sum(p.item_count for p in found) > 0:
        return found
    return None


def _item_kind(marks, section_kind: str, section_idx: list[list[int]]) -> str | None:
    votes: Counter = Counter()
    for lines in section_idx:
        for idx in lines[1:]:
            m = marks[idx]
            if m and RANK[m.kind] > RANK[section_kind]:
                votes[m.kind] += 1
                break
    if not votes:
        return None
    return max(votes, key=lambda k: (votes[k], -RANK[k]))


def _section_item_kind(marks, block: list[int], section_kind: str, item_kind: str | None) -> str | None:
    """The plan's item numbering, or, in a section that does not use it, the numbering that section opens with."""
    deeper = [marks[i] for i in block[1:] if marks[i] and RANK[marks[i].kind] > RANK[section_kind]]
    if not deeper or any(m.kind == item_kind for m in deeper):
        return item_kind
    return deeper[0].kind


def _first_sentence(text: str) -> tuple[str, bool]:
    m = re.search(r"[。！？!?]", text)
    if m is None:
        return text.strip(), False
    return text[: m.start()].strip(), True


def _clean_heading(text: str) -> str:
    return text.strip().rstrip("。：:；;，, ").strip()


def _build_plan(title, lines: list[Line], marks, section_kind, intro_idx, section_idx) -> Plan:
    item_kind = _item_kind(marks, section_kind, section_idx)
    sections: list[Section] = []
    built = []
    for block in section_idx:
        head = marks[block[0]]
        heading, has_stop = _first_sentence(head.rest)
        section = Section(number=head.number, title=_clean_heading(heading if has_stop else head.rest), marker=head.marker)
        section_text: list[str] = [head.rest[len(heading) :].lstrip("。！？!? ")] if has_stop else []
        section_text = [t for t in section_text if t]
        item_lines: list[list[str]] = []
        item_marks: list[Mark] = []
        sub_no: int | None = None
        kind = _section_item_kind(marks, block, section_kind, item_kind)
        for idx in block[1:]:
            m = marks[idx]
            text = lines[idx].text
            if m and kind and m.kind == kind:
                prev = item_marks[-1].number if item_marks else None
                in_sub = sub_no is not None and m.number == sub_no + 1
                if prev is None or (m.number > prev and not in_sub):
                    item_marks.append(m)
                    item_lines.append([])
                    sub_no = None
                    continue
                sub_no = m.number  # a list inside the item, numbered like the items
            (item_lines[-1] if item_lines else section_text).append(text)
        built.append((section, item_marks, item_lines, section_text))
    # After the plan's last item, the first line that is not prose (signature, date, links) ends the plan.
    if built:
        _, _last_marks, last_lines, last_text = built[-1]
        if last_lines:
            last_lines[-1][:] = _prose_prefix(last_lines[-1])
        else:
            last_text[:] = _prose_prefix(last_text)
    last_no = 0
    for section, item_marks, item_lines, section_text in built:
        for m, extra in zip(item_marks, item_lines):
            section.items.append(_make_item(m, extra))
        if not item_marks:
            section_text, section.items = _lead_items(section_text, last_no)
        last_no = max([last_no, *(i.number for i in section.items)])
        section.text = "\n".join(section_text)
        sections.append(section)
    intro = [lines[i].text for i in intro_idx]
    year = _plan_year(title, intro)
    return Plan(title=title, year=year, sections=sections, intro="\n".join(intro))


def _make_item(m: Mark, extra: list[str]) -> Item:
    heading, has_stop = _first_sentence(m.rest)
    if has_stop:
        text = "\n".join([m.rest, *extra])
        return Item(m.number, heading, text, m.marker)
    title = _clean_heading(m.rest) or m.rest
    text = "\n".join(extra) if extra else m.rest
    return Item(m.number, title, text, m.marker)


_SIGNATURE = re.compile(r"(政协.{0,12}委员会|委员会办公室|政协办公室|办公室|委员会)$")


def _prose_prefix(parts: list[str]) -> list[str]:
    """The last item's lines up to its end matter: a signature, a date, or a list of links.

    Only lines that look like end matter end the item; any other line of text,
    even a short one, stays in it, so no line of the plan is silently dropped.
    """
    out = []
    for n, p in enumerate(parts):
        if numbering(p) is None and not _is_prose(p):
            rest = parts[n:]
            if (
                (_SIGNATURE.search(p) and len(p) <= 30)
                or _DATE_LINE.match(p)
                or _is_clutter(p)
                or (all(not _is_prose(r) for r in rest[:3]) and len(rest) >= 2)
            ):
                break
        out.append(p)
    return out


def _plan_year(title: str | None, intro: list[str]) -> int | None:
    tasks = _TASKS.search(title or "")
    if tasks and _REVIEW.search(title or ""):
        years = [int(m.group(1)) for m in _YEAR.finditer((title or "")[: tasks.start()])]
        if years:
            return years[-1]
    if title:
        found, year = _year_in(title)
        if found:
            return year
    for text in intro[:3]:
        found, year = _year_in(text)
        if found:
            return year
    return None


def _refuse_non_plan(source: str, lines: list[Line], kept: list[Line], plans: list[Plan]) -> None:
    titled = any(p.title for p in plans) or any(_is_title(ln.text) for ln in kept)
    if not titled:
        evidence = []
        for n, ln in enumerate(kept[:40]):
            heading = n < 10 and len(ln.text) <= 40 and "。" not in ln.text and numbering(ln.text) is None
            if _SALUTATION.match(ln.text) or (heading and _SPEECH_TITLE.search(ln.text)):
                evidence.append(ln)
        for ln in kept:
            if re.search(r"(谢谢大家|谢谢各位)", ln.text):
                evidence.append(ln)
                break
        if evidence:
            found = "、".join(f"第{ln.no}行“{_short(ln.text)}”" for ln in evidence[:3])
            raise PlanParseError(
                f"“{source}”不是年度工作要点：{found}表明这是一篇讲话稿或报告。"
                "工作要点应有“××年工作要点”这样的标题，正文分为“一、”“二、”等部分，部分下列出编号条目。"
                "请选择工作要点文件。"
            )
    if plans:
        return
    found_marks: Counter[str] = Counter()
    for ln in kept:
        m = numbering(ln.text)
        if m:
            found_marks[m.marker[:1] + "…"] += 1
    if not kept:
        what = f"全部 {len(lines)} 行都是网页导航、版权信息之类的内容，没有正文"
    else:
        what = (
            f"共 {len(kept)} 段正文，开头是“{_short(kept[0].text)}”（第{kept[0].no}行），"
            "其中没有“一、”“（一）”“1.”这样编号的部分标题"
        )
    raise PlanParseError(
        f"“{source}”中没有找到可识别的工作要点。应为：标题（如“××县政协2025年工作要点”），"
        f"正文分为“一、”“二、”等编号的部分，部分下列出“1.”“（一）”等编号的条目。实际找到的是：{what}。"
    )


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "…"
