"""The sheet kinds the office exchanges: their columns, Chinese headers, synonyms and natural keys.

A kind is declared once here and read by every step: the reader matches headers
against `zh` and `synonyms`, normalisation follows `type`, the diff matches rows
on `key`, and the export writes the same headers back. `unit` names the column
holding the handling unit (主办单位, 责任单位, …) for the per-department export;
`fill` lists the columns that unit must fill in and `context` the ones it reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.base.errors import SheetError

# Plan progress columns that go to a dated progress_note rather than to the plan item.
PROGRESS_NOTE_FIELDS = frozenset({"noted_on", "note", "author"})


@dataclass(frozen=True)
class Field:
    name: str  # store column (or a reference resolved by name)
    zh: str  # the header written on export
    type: str = "text"  # text, multiline, int, case, ordinal, date, bool, label, ref
    synonyms: tuple[str, ...] = ()
    labels: str | None = None  # label set for type "label"
    ref: str | None = None  # what a "ref" names: meeting, supervision_group, liaison_group
    required: bool = False  # a new record needs a value here
    readonly: bool = False  # exported for reading, never written back
    width: int | None = None
    low: int | None = None  # type "int": the smallest and largest sensible value
    high: int | None = None
    unit: str | None = None  # type "ordinal": 届 or 次
    stored: bool = True  # False: read from a file to help match its rows (序号), never stored or exported

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.zh, *self.synonyms)


@dataclass(frozen=True)
class Kind:
    name: str
    zh: str
    table: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()  # besides the key
    optional_key: tuple[str, ...] = ()  # key parts a file may leave out (matched without them)
    unit: str | None = None
    fill: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    department_only: tuple[str, ...] = ()  # context columns only the per-department workbook carries
    department_blank: tuple[str, ...] = ()  # fill columns left empty there, for a new entry

    def export_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.name not in self.department_only and f.stored)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def must_have(self) -> tuple[str, ...]:
        """Columns without which a file of this kind cannot be read."""
        return (*(k for k in self.key if k not in self.optional_key), *self.required_columns)

    def department_fields(self) -> tuple[Field, ...]:
        names = [*self.key, *self.context, *self.fill]
        return tuple(self.field(n) for n in dict.fromkeys(names))


def F(name, zh, type="text", *synonyms, **kw) -> Field:
    return Field(name, zh, type, tuple(synonyms), **kw)


PROPOSAL = Kind(
    "proposal",
    "提案",
    "proposal",
    aliases=("proposals", "提案办理", "提案办理情况"),
    fields=(
        F("year", "年度", "int", "年份", "提案年度", width=8, low=1950, high=2100),
        F("case_no", "案号", "case", "提案号", "编号", "提案编号", width=8, low=1, high=999_999),
        F("title", "案由", "text", "提案题目", "提案标题", "题目", "标题", "提案名称", required=True, width=44),
        F("proposer", "提案人", "text", "领衔提案人", "第一提案人", "提案者", "领衔人", "领衔委员", "提案者姓名"),
        F("proposer_type", "提案者类型", "label", "提案人类型", "类型", labels="proposer_type"),
        F("co_proposers", "联名人", "text", "联名提案人", "附议人"),
        F("category", "类别", "label", "提案类别", "分类", labels="proposal_category"),
        F("review_result", "审查结果", "label", "审查意见", "立案情况", labels="review_result"),
        F("merged_into", "并入案号", "case", "并入提案号", low=1, high=999_999),
        F("lead_unit", "主办单位", "text", "承办单位", "主办部门", "办理单位"),
        F("co_units", "协办单位", "text", "会办单位", "协办部门"),
        F("assigned_on", "交办日期", "date", "交办时间"),
        F("due_on", "办理期限", "date", "完成时限", "办结时限", "答复期限"),
        F("replied_on", "答复日期", "date", "答复时间", "办复日期"),
        F("reply_category", "答复类别", "label", "答复类型", labels="reply_category"),
        F("satisfaction", "满意度", "label", "满意程度", "提案人意见", labels="satisfaction"),
        F("key_proposal", "重点提案", "bool", "是否重点提案"),
        F("supervising_leader", "领衔督办领导", "text", "督办领导"),
        F("status", "状态", "label", "办理状态", "办理进度", labels="proposal_status"),
        F("handling_note", "办理情况", "multiline", "办理情况说明", "办理结果"),
        F("term_no", "届次", "ordinal", "届别", "届", width=6, unit="届"),
        F("session_no", "会次", "ordinal", "次会议", "会议次数", "全会次数", width=6, unit="次"),
    ),
    key=("year", "case_no"),
    unit="lead_unit",
    context=("title", "proposer", "lead_unit", "co_units", "assigned_on", "due_on"),
    fill=("status", "replied_on", "reply_category", "handling_note"),
)

SUPERVISION_ITEM = Kind(
    "supervision_item",
    "监督事项",
    "supervision_item",
    aliases=("supervision", "supervision_items", "民主监督", "民主监督事项"),
    fields=(
        F("code", "事项编号", "text", "编号", "监督事项编号", width=12),
        F("serial", "序号", "int", "序", readonly=True, stored=False, low=1, high=9999),
        F("group", "监督小组", "ref", "民主监督小组", "监督组", ref="supervision_group"),
        F("form", "监督形式", "label", labels="supervision_form"),
        F("topic", "监督事项", "text", "监督内容", "监督议题", "事项", required=True, width=30),
        F("department", "责任单位", "text", "责任部门", "被监督单位", required=True),
        F("leader", "牵头领导", "text", "牵头督办领导"),
        F("lead_committee", "牵头委室", "text", "牵头专委会", "牵头委员会", "牵头专门委员会"),
        F("deadline", "完成时限", "date", "办理期限", "整改时限"),
        F("status", "状态", "label", "办理状态", labels="supervision_status"),
        F("progress", "进展情况", "multiline", "整改情况", "落实情况", "整改落实情况"),
        F("recommendation_sent_on", "建议书送达日期", "date", "送达日期", "建议书送达时间"),
        F("feedback_received_on", "反馈日期", "date", "反馈时间", "落实反馈日期"),
        F("closed_on", "办结日期", "date", "销号日期"),
    ),
    key=("code",),
    unit="department",
    context=("topic", "department", "group", "deadline", "recommendation_sent_on"),
    fill=("status", "progress", "feedback_received_on"),
)

BRIEFING_TOPIC = Kind(
    "briefing_topic",
    "通报议题",
    "briefing_topic",
    aliases=("briefing", "briefing_topics", "情况通报", "情况通报议题"),
    fields=(
        F("code", "议题编号", "text", "编号", width=12),
        F("serial", "序号", "int", "序", readonly=True, stored=False, low=1, high=9999),
        F("meeting", "拟通报会议", "ref", "通报会议", "会议", ref="meeting", width=22),
        F("topic", "通报议题", "text", "议题", "通报内容", required=True, width=40),
        F("reporting_body", "通报单位", "text", "报告单位", "责任单位"),
        F("reporter", "通报人", "text", "报告人"),
        F("reporter_title", "通报人职务", "text", "报告人职务", "职务"),
        F("materials_due_on", "材料报送时限", "date", "报送时限"),
        F("materials_received_on", "材料报送日期", "date", "报送日期", "材料报送时间"),
        F("status", "状态", "label", labels="briefing_status"),
    ),
    key=("code",),
    unit="reporting_body",
    context=("meeting", "topic", "reporting_body", "materials_due_on"),
    fill=("reporter", "reporter_title"),
)

PLAN_PROGRESS = Kind(
    "plan_progress",
    "要点进展",
    "plan_item",
    aliases=("plan", "progress", "工作要点", "工作要点进展", "工作要点落实情况", "要点落实情况"),
    fields=(
        F("year", "年度", "int", "年份", width=8, low=1950, high=2100),
        F("number", "条目序号", "int", "序号", "条目编号", "编号", width=8, low=1, high=9999),
        F("section", "所属部分", "text", "部分", readonly=True, width=30),
        F("title", "主要工作任务", "text", "工作任务", "任务", "条目", required=True, width=36),
        F("lead_leader", "牵头领导", "text", "分管领导"),
        F("lead_committee", "牵头委室", "text", "牵头单位", "责任委室", "牵头部门"),
        F("partners", "协作单位", "text", "配合单位"),
        F("owner", "责任人", "text", "联系人"),
        F("deadline", "完成时限", "date", "办理期限", "时限"),
        F("status", "状态", "label", "推进状态", labels="plan_item_status"),
        F("noted_on", "进展日期", "date", "填报日期", "日期"),
        F("note", "进展情况", "multiline", "工作进展", "落实情况", "进展"),
        F("author", "填报人", "text", "填报单位"),
        F("last_note", "上次进展", "multiline", "最近进展", readonly=True, width=40),
    ),
    key=("year", "number"),
    unit="lead_committee",
    context=("section", "title", "lead_leader", "lead_committee", "deadline", "last_note"),
    department_only=("last_note",),
    department_blank=("noted_on", "note", "author"),
    fill=("owner", "status", "noted_on", "note", "author"),
)

MEMBER = Kind(
    "member",
    "委员",
    "member",
    aliases=("members", "委员名单"),
    fields=(
        F("name", "姓名", "text", "委员姓名", required=True, width=10),
        F("position", "工作单位及职务", "text", "单位及职务", "工作单位", "职务", width=30),
        F("gender", "性别", "text", width=6),
        F("sector", "界别", "text"),
        F("party", "党派", "text", "政治面貌"),
        F("is_standing_member", "常委", "bool", "是否常委", width=6),
        F("liaison_group", "联络组", "ref", "委员联络组", "所属联络组", ref="liaison_group"),
        F("phone", "联系电话", "text", "电话", "手机", "手机号码"),
    ),
    key=("name", "position"),
    optional_key=("position",),
)

ATTENDANCE = Kind(
    "attendance",
    "出勤",
    "attendance",
    aliases=("出勤记录", "出勤情况", "考勤"),
    fields=(
        F("meeting", "会议", "ref", "会议名称", ref="meeting", width=22),
        F("name", "姓名", "text", "委员姓名", "委员", width=10),
        F("position", "工作单位及职务", "text", "单位及职务", readonly=True, width=30),
        F("state", "出勤情况", "label", "出勤", "出席情况", labels="attendance_state", required=True),
        F("reason", "请假事由", "text", "事由", "缺席原因"),
    ),
    key=("meeting", "name"),
    required_columns=("state",),
)

# The 回执 the members return: attending, or on leave and why; matched to the meeting's members like 出勤.
MEETING_REPLY = Kind(
    "meeting_reply",
    "参会回执",
    "meeting_reply",
    aliases=("回执", "回执情况", "参会回执汇总", "会议回执", "回执汇总表"),
    fields=(
        F("meeting", "会议", "ref", "会议名称", ref="meeting", width=22),
        F("name", "姓名", "text", "委员姓名", "委员", width=10),
        F("position", "工作单位及职务", "text", "单位及职务", readonly=True, width=30),
        F("answer", "回执情况", "label", "是否参加", "参会情况", "回执", "是否参会", labels="reply_answer", required=True),
        F("reason", "请假事由", "text", "事由", "请假原因", "不参加原因"),
        F("replied_on", "回执日期", "date", "回执时间", "反馈日期"),
    ),
    key=("meeting", "name"),
    required_columns=("answer",),
)

# Liaison groups come before the roster that names them; their yearly quotas ("六个至少" and the like)
# are one row per group, year and kind of activity.
LIAISON_GROUP = Kind(
    "liaison_group",
    "联络组",
    "liaison_group",
    aliases=("liaison_groups", "委员联络组", "联络组名单"),
    fields=(
        F("name", "联络组名称", "text", "联络组", "委员联络组", "名称", required=True, width=24),
        F("kind", "类型", "text", "联络组类型", width=10),
        F("leader", "组长", "text", "召集人", width=10),
    ),
    key=("name",),
)

LIAISON_QUOTA = Kind(
    "liaison_quota",
    "联络组活动指标",
    "liaison_quota",
    aliases=("liaison_quotas", "活动指标", "年度指标"),
    fields=(
        F("group", "联络组", "ref", "联络组名称", "委员联络组", ref="liaison_group", width=24),
        F("year", "年度", "int", "年份", width=8),
        F("activity_kind", "活动类型", "label", "活动", labels="liaison_activity_kind"),
        F("required_count", "年度指标", "int", "指标", "次数", "至少次数", required=True, width=10),
    ),
    key=("group", "year", "activity_kind"),
)

# 社情民意信息 as an office's register lists them (序号, 标题, 报送人 …); codes are made for lists without.
PUBLIC_OPINION = Kind(
    "public_opinion",
    "社情民意",
    "public_opinion",
    aliases=("public_opinions", "社情民意信息", "社情民意信息报送", "社情民意信息登记", "社情民意信息报送情况"),
    fields=(
        F("code", "信息编号", "text", "编号", width=12),
        F("serial", "序号", "int", "序", readonly=True, stored=False, low=1, high=99999),
        F("title", "标题", "text", "信息标题", "题目", "社情民意信息标题", "信息名称", required=True, width=40),
        F("submitter", "报送人", "text", "反映人", "提供人", "作者", "报送委员", "撰稿人", width=12),
        F("submitter_unit", "报送单位", "text", "所在单位", "界别", "报送单位（界别）", "单位", width=20),
        F("submitted_on", "报送日期", "date", "报送时间", "收到日期", "收稿日期"),
        F("issue_no", "编报期数", "text", "编发期数", "刊发期数", "期数", "编报情况", "编发情况"),
        F("adoption", "采用情况", "label", "采用级别", "采用", "采用层级", labels="opinion_adoption"),
        F("adopted_by", "采用单位", "text", "采用刊物", "被采用情况", "采用说明", width=24),
        F("instruction_leader", "批示领导", "text", "批示人"),
        F("instruction_on", "批示日期", "date", "批示时间"),
        F("instruction", "批示内容", "multiline", "领导批示", "批示情况", width=30),
    ),
    key=("code",),
)

# 专门委员会: the list of committees; their composition (a person once per committee, found among the
# current term's members; a committee the list names and the store lacks is added by the import);
# and what each did in the year.
SPECIAL_COMMITTEE = Kind(
    "special_committee",
    "专门委员会",
    "special_committee",
    aliases=("special_committees", "专委会", "专门委员会名单", "专委会名单"),
    fields=(
        F("name", "专门委员会名称", "text", "专门委员会", "专委会", "委员会名称", "名称", required=True, width=24),
        F("short_name", "简称", "text", "专委会简称", width=10),
        F("position", "排序", "int", "序号", "顺序", width=6, low=1, high=99),
        F("duties", "主要职责", "multiline", "职责", "工作职责", width=40),
    ),
    key=("name",),
)

SPECIAL_COMMITTEE_MEMBER = Kind(
    "special_committee_member",
    "专委会组成人员",
    "special_committee_member",
    aliases=("special_committee_members", "专门委员会组成人员", "专委会组成人员名单", "专门委员会组成人员名单", "专委会成员"),
    fields=(
        F("committee", "专门委员会", "ref", "专委会", "所在专委会", "委员会", "所属专委会", ref="special_committee", width=20),
        F("name", "姓名", "text", "委员姓名", width=10),
        F("position", "工作单位及职务", "text", "单位及职务", "工作单位", readonly=True, width=30),
        F("role", "专委会职务", "label", "职务", "担任职务", "委内职务", labels="committee_role", required=True),
    ),
    key=("committee", "name"),
    required_columns=("role",),
)

SPECIAL_COMMITTEE_ACTIVITY = Kind(
    "special_committee_activity",
    "专委会活动",
    "special_committee_activity",
    aliases=("special_committee_activities", "专门委员会活动", "专委会活动情况", "专门委员会工作情况", "专委会工作台账"),
    fields=(
        F("committee", "专门委员会", "ref", "专委会", "委员会", "牵头专委会", ref="special_committee", width=20),
        F("held_on", "活动日期", "date", "日期", "时间", "活动时间", required=True),
        F("activity_kind", "活动类型", "label", "类型", "活动形式", "形式", labels="committee_activity_kind"),
        F("title", "活动内容", "text", "活动名称", "内容", "主题", "活动主题", required=True, width=40),
        F("participants", "参加人数", "int", "人数", "参加委员人数", low=0, high=9999),
    ),
    key=("committee", "held_on", "title"),
)

KINDS: tuple[Kind, ...] = (
    PROPOSAL,
    SUPERVISION_ITEM,
    BRIEFING_TOPIC,
    PLAN_PROGRESS,
    LIAISON_GROUP,
    MEMBER,
    LIAISON_QUOTA,
    ATTENDANCE,
    MEETING_REPLY,
    PUBLIC_OPINION,
    SPECIAL_COMMITTEE,
    SPECIAL_COMMITTEE_MEMBER,
    SPECIAL_COMMITTEE_ACTIVITY,
)


def get(name: str | Kind) -> Kind:
    """A kind by its English or Chinese name; refuse anything else, listing the choices."""
    if isinstance(name, Kind):
        return name
    text = str(name).strip().lower()
    for kind in KINDS:
        if text in (kind.name, kind.zh, *(a.lower() for a in kind.aliases)):
            return kind
    choices = "、".join(f"{k.zh}（{k.name}）" for k in KINDS)
    raise SheetError(f"无法识别的表格类型“{name}”。可用的类型为：{choices}。")
