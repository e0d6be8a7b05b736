"""What a template sees: the variables each template may use, and how values are shown.

Every template gets `meeting` (from the packet) and `document`; the rest comes
from `PacketDocument.context`, filled by the packet assembly. `TEMPLATE_FIELDS`
is the contract between the two: `template check` reports any variable a
template uses that is not listed here, and the list is printed in the check's
report so a secretary editing a template knows what is available.
"""

from __future__ import annotations

from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Packet, PacketDocument

_TRAILING = "。；，、：;,.:"
_ENDED = ("。", "！", "？", "!", "?")


def _placeholder(text: str) -> bool:
    # "（议题待定）": a note in brackets standing in for the item, not a sentence to punctuate.
    return text.startswith("（") and text.endswith("）")


def sentence(text) -> str:
    """A line of a notice as a sentence: "县政协常委" → "县政协常委。"."""
    text = "" if text is None else str(text).rstrip()
    if not text or text.endswith(_ENDED) or _placeholder(text):
        return text
    return text.rstrip(_TRAILING) + "。"


def clause(text, last: bool = False) -> str:
    """An item of an enumeration: ends in "；", the last one in "。"."""
    text = "" if text is None else str(text).rstrip()
    if not text or _placeholder(text):
        return text
    return text.rstrip(_TRAILING + "！？!?") + ("。" if last else "；")


def title_lines(title: str) -> str:
    """ "政协青岚县第十一届委员会\n常务委员会第十八次会议": a long meeting title broken where
    a typesetter would break it, instead of wherever the line happens to run out."""
    cut = title.find("委员会")
    if cut <= 0 or len(title) <= 20:
        return title
    cut += len("委员会")
    return title if cut >= len(title) else title[:cut] + "\n" + title[cut:]


COMMON_FIELDS: dict[str, str] = {
    "meeting.title": "会议全称，如“政协青岚县第十一届委员会常务委员会第十八次会议”",
    "meeting.title_lines": "会议全称分两行（在“委员会”后换行），用于封面和议程标题",
    "meeting.short_title": "会议简称，如“十一届十八次常委会议”",
    "meeting.date": "会议日期，如“2026年12月17日”",
    "meeting.office": "落款单位，如“政协青岚县委员会办公室”",
    "meeting.generated_on": "材料生成日期",
    "document.title": "本文件标题，如“会议议程”",
}

# Per template: the variables from PacketDocument.context it may use.
TEMPLATE_FIELDS: dict[str, dict[str, str]] = {
    "cover.docx": {},
    "notice.docx": {
        "recipients": "主送，如“各位常委”",
        "time": "会议时间，如“2026年12月17日（星期四）上午9:00”",
        "place": "会议地点",
        "topics": "会议议题（列表，每项一句）",
        "attendees": "出席人员",
        "observers": "列席人员",
        "requirements": "有关要求（列表，每项一句，如请假规定）",
        "contact": "联系人及电话",
        "issued_on": "发文日期（日期）",
    },
    "agenda.docx": {
        "time": "会议时间",
        "place": "会议地点",
        "presider": "主持人",
        "items": "议程事项（列表，每项含 text 事项、presenter 报告人或说明人）",
    },
    "base.docx": {},
}


def template_kind(template_name: str, used: set[str] | None = None) -> str | None:
    """Which packaged template a file is: by its name, or, for a renamed copy ("通知（修改稿）.docx"),
    the template whose own variables it uses most."""
    if template_name in TEMPLATE_FIELDS:
        return template_name
    scores = {name: len(set(fields) & (used or set())) for name, fields in TEMPLATE_FIELDS.items()}
    best = max(scores, key=lambda name: scores[name]) if scores else None
    return best if best is not None and scores[best] > 0 else None


def known_names(template_name: str, extra: set[str] | None = None, used: set[str] | None = None) -> set[str]:
    """Top-level variable names a template may use (a renamed copy keeps those of the template it copies)."""
    kind = template_kind(template_name, used)
    names = {"meeting", "document"} | set(TEMPLATE_FIELDS.get(kind or "", {}))
    return names | (extra or set())


MEETING_ATTRIBUTES = {key.split(".", 1)[1] for key in COMMON_FIELDS if key.startswith("meeting.")}


def template_context(packet: Packet, doc: PacketDocument) -> dict:
    """The variables for rendering `doc`'s template: the meeting, the document, and its own context."""
    context = dict(doc.context)
    context["meeting"] = {
        "title": packet.meeting_title,
        "title_lines": title_lines(packet.meeting_title),
        "short_title": packet.meeting_short_title,
        "date": chinese_date(packet.meeting_date),
        "office": packet.office,
        "generated_on": chinese_date(packet.generated_at),
    }
    context["document"] = {"title": doc.title, "key": doc.key}
    return context
