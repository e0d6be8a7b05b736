"""Every document kind the workbench drafts, declared once: its key, its Chinese name, where it belongs
and, outside the packet, the module that drafts it.

The packet's parts (`PACKET_PARTS`, in printed order) are what the packet's documents are keyed by:
each is drafted by `draft_<key>(context)` in its module of `workbench.packet.parts` (the packet's rules
and snapshots are theirs), and the pre-export check, the editor's 材料内容 tab and the dashboard read
their keys and names from here instead of repeating strings. Each other kind (`DOCUMENTS`) is one
module of `workbench.drafts` with

    def draft(store, request: Request) -> Drafted

and `workbench.publish.publish(store, key, out_dir, request)` renders and writes whatever it drafted;
the command `python -m workbench document 类型` offers every kind listed here. Letters are kinds too
(`LETTERS`): each module has `letters(store, meeting, sender, *, issued_on, as_of, numbers)` and
`drafts.letters` numbers and names what they wrote. So a new kind is one module and one line below.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

from workbench.base.errors import ValidationError
from workbench.drafts.blocks import Letter, Part, StandaloneDocument

if TYPE_CHECKING:
    from workbench.office.meetings import MeetingInfo


@dataclass(frozen=True)
class Kind:
    key: str  # English, as the store, the snapshot and the code say it
    title: str  # the Chinese name offices use
    home: str  # "packet": a part of the meeting packet; "meeting": drafted around a meeting; "year": for a year
    module: str = ""  # the drafting module
    template: str = ""  # its file in templates/, if it has one
    aliases: tuple[str, ...] = ()  # other names a secretary may type on the command line


PACKET_PARTS: tuple[Kind, ...] = (
    Kind(Part.COVER, "封面", "packet", "workbench.packet.parts.notice", template="cover.docx"),
    Kind(Part.NOTICE, "会议通知", "packet", "workbench.packet.parts.notice", template="notice.docx"),
    Kind(Part.AGENDA, "会议议程", "packet", "workbench.packet.parts.notice", template="agenda.docx"),
    Kind(Part.BRIEFINGS, "情况通报议题", "packet", "workbench.packet.parts.briefings"),
    Kind(Part.PLAN_PROGRESS, "工作要点落实情况", "packet", "workbench.packet.parts.plan_progress"),
    Kind(Part.DRAFT_PLAN, "下一年度工作要点（草案）", "packet", "workbench.packet.parts.draft_plan"),
    Kind(Part.SUPERVISION, "民主监督事项推进情况", "packet", "workbench.packet.parts.supervision"),
    Kind(Part.PROPOSALS, "提案办理情况", "packet", "workbench.packet.parts.proposals"),
    Kind(Part.PERSONNEL, "人事事项", "packet", "workbench.packet.parts.personnel"),
    Kind(Part.ATTENDANCE, "常委出勤情况", "packet", "workbench.packet.parts.attendance"),
    Kind(Part.LIAISON, "委员联络组活动指标完成情况", "packet", "workbench.packet.parts.liaison"),
    Kind(Part.DECISIONS, "上次会议议定事项落实情况", "packet", "workbench.packet.parts.decisions"),
    Kind(Part.CHANGES, "上次会议以来变化情况", "packet", "workbench.packet.parts.changes"),
)

LETTERS: tuple[Kind, ...] = (
    Kind("invitation", "邀请函", "meeting", "workbench.drafts.invitation", aliases=("情况通报邀请函",)),
    Kind("materials_reminder", "催交函", "meeting", "workbench.drafts.materials_reminder", aliases=("材料催交函",)),
    Kind("urge", "催办函", "meeting", "workbench.drafts.urge"),
)

DOCUMENTS: tuple[Kind, ...] = (
    Kind("schedule", "筹备工作安排", "meeting", "workbench.drafts.schedule", aliases=("筹备日程",)),
    Kind("letters", "函件", "meeting", "workbench.drafts.letters"),
    Kind("rating_form", "测评表", "meeting", "workbench.drafts.rating_form", aliases=("测评票", "满意度测评表")),
    Kind("reply_form", "参会回执", "meeting", "workbench.drafts.reply_form", aliases=("回执", "会议回执")),
    Kind("sign_in", "签到表", "meeting", "workbench.drafts.sign_in", aliases=("会议签到表", "签到")),
    Kind(
        "reply_status", "回执汇总", "meeting", "workbench.drafts.reply_status", aliases=("回执情况", "未回执名单", "回执汇总表")
    ),
    Kind("minutes", "会议纪要", "meeting", "workbench.drafts.minutes", aliases=("纪要",)),
    Kind("summary", "工作总结", "year", "workbench.drafts.summary", aliases=("总结",)),
    Kind(
        "duty_record",
        "委员履职情况统计表",
        "year",
        "workbench.drafts.duty_record",
        aliases=("履职统计表", "履职情况统计表", "委员履职统计"),
    ),
)

ALL: tuple[Kind, ...] = PACKET_PARTS + LETTERS + DOCUMENTS
_BY_KEY = {k.key: k for k in ALL}


def get(key: str) -> Kind:
    return _BY_KEY[key]


def title(key: str) -> str:
    """The Chinese name of a kind (a packet part's key as the check and the dashboard name it)."""
    return _BY_KEY[key].title


def packet_keys() -> tuple[str, ...]:
    return tuple(k.key for k in PACKET_PARTS)


def find(name: str) -> Kind:
    """A kind outside the packet by its key, Chinese name or alias; a Chinese error listing them otherwise."""
    name = name.strip()
    for k in DOCUMENTS:
        if name in (k.key, k.title, *k.aliases):
            return k
    raise ValidationError(f"没有“{name}”这种文书。可以起草的有：" + "、".join(k.title for k in DOCUMENTS) + "。")


def drafter(key: str) -> ModuleType:
    """The module that drafts the kind `key`."""
    return importlib.import_module(_BY_KEY[key].module)


@dataclass
class Request:
    """What a draft is asked for; each kind reads what it needs and says in Chinese what it lacks."""

    meeting: MeetingInfo | None = None
    issued_on: date | None = None  # 成文日期 / 落款日期 (default today)
    as_of: date | None = None  # the day overdue and near are judged by (default: issued_on, else today)
    year: int | None = None  # 工作总结
    half: int | None = None  # 1: 上半年, 2: 全年
    letter_kinds: tuple[str, ...] = ()  # 函件: which kinds (default all of LETTERS)
    actor: str | None = None  # who drafts (letters store their numbers)

    def need_meeting(self, what: str) -> MeetingInfo:
        if self.meeting is None:
            raise ValidationError(f"起草{what}须指定会议（--meeting，或 next 表示下一次常委会议）。")
        return self.meeting


@dataclass
class Output:
    """One file a draft produces: a document or letter to render, or ready bytes (a workbook)."""

    file_name: str
    content: StandaloneDocument | Letter | bytes
    label: str = ""  # how a listing names it, e.g. a letter's 发文字号


@dataclass
class Drafted:
    outputs: list[Output] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # Chinese: what the drafter wants the secretary to know
    draft: Any = None  # the kind's own draft (schedule, summary, letters…), for what a caller prints
