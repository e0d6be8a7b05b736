"""What goes into a packet: the rules a secretary can change before assembly.

Each rule has a small set of choices; each choice has the Chinese sentence that
the editor shows beside the document (`PacketDocument.rule`), so a secretary
always sees why an item is in the packet or missing from it. Defaults follow the
office's usual practice: every plan item, supervision items still open or closed
this quarter, the briefings assigned to this meeting, open or overdue proposals (the full
list of filed proposals only as an appendix, when the rule asks for it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from workbench.base.errors import ValidationError

# field → choice code → Chinese description (the first choice listed is not necessarily the default).
CHOICES: dict[str, dict[str, str]] = {
    "plan_items": {
        "all": "列出年度工作要点的全部条目（按部分排列，保留原编号）。",
        "updated_since_last_meeting": "只列出上次常委会议以来有新进展的条目（按部分排列，保留原编号）。",
    },
    "supervision_items": {
        "open_or_closed_this_quarter": "列出尚未办结的监督事项，以及本季度内办结的事项。",
        "open": "只列出尚未办结的监督事项。",
        "all": "列出本年度全部监督事项（含已办结）。",
    },
    "briefing_topics": {
        "this_meeting": "列出拟在本次会议通报的情况通报议题。",
        "this_meeting_and_unassigned": "列出拟在本次会议通报的议题，以及尚未确定通报会议、尚未通报的议题。",
    },
    "draft_plan": {
        "december_january": "十二月、一月召开的会议收入下一年度工作要点（草案）（库中已导入该年度工作要点时）。",
        "never": "不收入下一年度工作要点（草案）。",
    },
    "proposal_table": {
        "open_or_overdue": "提案办理情况表列出尚未办结或已超过办理期限未答复的提案。",
        "overdue": "提案办理情况表只列出超过办理期限仍未答复的提案。",
        # The code says what was asked for in earlier versions (saved rules and snapshots keep it); the
        # 常委 still get the open or overdue ones in the body, the full list comes as the document's 附件.
        "all_filed": "提案办理情况表列出尚未办结或逾期的提案，全部立案提案办理情况另列为附件。",
    },
}

TITLES = {
    "plan_items": "工作要点条目",
    "supervision_items": "监督事项",
    "briefing_topics": "情况通报议题",
    "proposal_table": "提案办理情况表",
    "draft_plan": "下一年度工作要点（草案）",
}


@dataclass
class PacketRules:
    """The rules of one assembly; the editor overrides fields and assembles again."""

    plan_items: str = "all"
    supervision_items: str = "open_or_closed_this_quarter"
    briefing_topics: str = "this_meeting"
    proposal_table: str = "open_or_overdue"
    draft_plan: str = "december_january"
    # Who observes the meeting (列席), as the notice prints it; offices word this differently.
    observers: str = "县政协各专门委员会主任、副主任，县政协机关各科室负责人"
    # The notice's 联系人 line; None takes the office's contact person and telephone from 本会设置.
    contact: str | None = None

    def __post_init__(self):
        for name, choices in CHOICES.items():
            value = getattr(self, name)
            if value not in choices:
                allowed = "；".join(f"{code}（{text}）" for code, text in choices.items())
                raise ValidationError(f"材料规则“{TITLES[name]}”的取值“{value}”无法识别，可用的取值为：{allowed}")

    def describe(self, name: str) -> str:
        """The Chinese sentence for the chosen value of rule `name`."""
        return CHOICES[name][getattr(self, name)]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_settings(cls, settings: list[str] | None) -> PacketRules:
        """Rules from "名称=取值" strings (the CLI's --rule): 名称 is a rule's Chinese title or its field
        name, 取值 one of its choice codes; the rules not named keep their defaults."""
        by_name = {**{title: name for name, title in TITLES.items()}, **{name: name for name in CHOICES}}
        data: dict[str, str] = {}
        for setting in settings or []:
            key, sep, value = setting.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not key or not value:
                raise ValidationError(f"材料规则“{setting}”的写法不对，应写作“名称=取值”，如 提案办理情况表=all_filed。")
            if key not in by_name:
                known = "、".join(f"{title}（{name}）" for name, title in TITLES.items())
                raise ValidationError(f"材料规则“{key}”无法识别，可设定的规则为：{known}。")
            data[by_name[key]] = value
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict | None) -> PacketRules:
        known = {f.name for f in fields(cls)}
        unknown = [k for k in (data or {}) if k not in known]
        if unknown:
            raise ValidationError(f"材料规则中有无法识别的项目：{'、'.join(unknown)}。")
        return cls(**(data or {}))
