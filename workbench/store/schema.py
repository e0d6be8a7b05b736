"""The tables of the store, with each column's Chinese name and label set.

Column `info` carries what the rest of the workbench needs to know about a field:
`zh` (the Chinese header used in frames, sheets and messages) and `labels`
(the configured label set whose codes the column holds). Every entity table has
`version`, `updated_at` and `updated_by` so edits can be checked for conflicts.
Changing this file means adding a step to `migrations.py`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def _c(name, type_, zh, *args, labels=None, value=None, **kw):
    info = {"zh": zh}
    if labels:
        info["labels"] = labels
    if value:  # a text column holding one of `workbench.base.values`' forms, e.g. "year_month"
        info["value"] = value
    return Column(name, type_, *args, info=info, **kw)


def _entity(name: str, zh: str, *columns, **kw) -> Table:
    t = Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, info={"zh": "编号"}),
        *columns,
        Column("version", Integer, nullable=False, default=1, info={"zh": "版本"}),
        Column("updated_at", DateTime, info={"zh": "修改时间"}),
        Column("updated_by", String(64), info={"zh": "修改人"}),
        **kw,
    )
    t.info["zh"] = zh
    return t


committee = _entity(
    "committee",
    "政协委员会",
    _c("name", String(100), "委员会名称", nullable=False),
    _c("county", String(50), "县名", nullable=False),
    _c("office", String(100), "办公室名称"),
    # Schema version 4: who the office's notices name as contact, and how to reach them.
    _c("contact_person", String(50), "办公室联系人"),
    _c("contact_phone", String(50), "联系电话"),
)

term = _entity(
    "term",
    "届",
    _c("committee_id", Integer, "委员会", ForeignKey("committee.id"), nullable=False),
    _c("term_no", Integer, "届次", nullable=False),
    _c("start_year", Integer, "起始年份"),
    _c("end_year", Integer, "结束年份"),
    UniqueConstraint("committee_id", "term_no"),
)

# Schema version 4: the chair, vice-chairs and secretary-general of a term, in protocol
# order; they preside over meetings and sign documents, so titles print as stored.
leader = _entity(
    "leader",
    "本届领导",
    _c("term_id", Integer, "届", ForeignKey("term.id"), nullable=False),
    _c("position", Integer, "排序", nullable=False),
    _c("name", String(50), "姓名", nullable=False),
    _c("title", String(50), "职务", nullable=False),
    UniqueConstraint("term_id", "name"),
)

meeting = _entity(
    "meeting",
    "会议",
    _c("term_id", Integer, "届", ForeignKey("term.id"), nullable=False),
    _c("kind", String(40), "会议类型", nullable=False, labels="meeting_kind"),
    _c("seq_no", Integer, "次序", nullable=False),
    _c("held_on", Date, "会议日期"),
    _c("start_time", String(20), "开始时间"),
    _c("venue", String(100), "地点"),
    _c("presider", String(50), "主持人"),
    _c("status", String(30), "状态", labels="meeting_status"),
    _c("notes", Text, "备注"),
    # Schema version 11: the day a held meeting was archived; from then on its records change only as a 更正.
    _c("archived_on", Date, "归档日期"),
    UniqueConstraint("term_id", "kind", "seq_no"),
)

agenda_item = _entity(
    "agenda_item",
    "议程事项",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("position", Integer, "序号", nullable=False),
    _c("title", Text, "议程内容", nullable=False),
    _c("presenter", String(100), "报告人/说明人"),
    _c("source", String(40), "来源"),
    _c("source_id", Integer, "来源记录"),
)

work_plan = _entity(
    "work_plan",
    "年度工作要点",
    _c("committee_id", Integer, "委员会", ForeignKey("committee.id")),
    _c("year", Integer, "年度"),
    _c("title", Text, "标题"),
    _c("source_name", String(200), "来源文件"),
)

plan_section = _entity(
    "plan_section",
    "工作要点部分",
    _c("work_plan_id", Integer, "工作要点", ForeignKey("work_plan.id"), nullable=False),
    _c("number", Integer, "部分序号", nullable=False),
    _c("title", Text, "部分标题", nullable=False),
    # Schema version 3: paragraphs under a section heading that belong to no numbered item.
    _c("text", Text, "部分说明"),
    UniqueConstraint("work_plan_id", "number"),
)

plan_item = _entity(
    "plan_item",
    "工作要点条目",
    _c("section_id", Integer, "部分", ForeignKey("plan_section.id"), nullable=False),
    _c("number", Integer, "条目序号", nullable=False),
    _c("title", Text, "主要工作任务", nullable=False),
    _c("text", Text, "条目全文"),
    _c("lead_leader", String(50), "牵头领导"),
    _c("lead_committee", String(100), "牵头委室"),
    _c("partners", Text, "协作单位"),
    _c("owner", String(50), "责任人"),
    _c("deadline", Date, "完成时限"),
    _c("status", String(30), "状态", labels="plan_item_status"),
    UniqueConstraint("section_id", "number"),
)

progress_note = _entity(
    "progress_note",
    "进展情况",
    _c("plan_item_id", Integer, "工作要点条目", ForeignKey("plan_item.id"), nullable=False),
    _c("noted_on", Date, "日期", nullable=False),
    _c("text", Text, "进展情况", nullable=False),
    _c("author", String(50), "填报人"),
)

proposal = _entity(
    "proposal",
    "提案",
    _c("year", Integer, "年度", nullable=False),
    _c("case_no", Integer, "案号", nullable=False),
    # Schema version 6: the plenary session (届次, 会次) at which the proposal was filed.
    _c("term_no", Integer, "届次"),
    _c("session_no", Integer, "会次"),
    _c("title", Text, "案由", nullable=False),
    _c("proposer", String(200), "提案人"),
    _c("proposer_type", String(30), "提案者类型", labels="proposer_type"),
    _c("co_proposers", Text, "联名人"),
    _c("category", String(30), "类别", labels="proposal_category"),
    _c("review_result", String(30), "审查结果", labels="review_result"),
    _c("merged_into", Integer, "并入案号"),
    _c("lead_unit", String(100), "主办单位"),
    _c("co_units", Text, "协办单位"),
    _c("assigned_on", Date, "交办日期"),
    _c("due_on", Date, "办理期限"),
    _c("replied_on", Date, "答复日期"),
    _c("reply_category", String(10), "答复类别", labels="reply_category"),
    _c("satisfaction", String(30), "满意度", labels="satisfaction"),
    _c("key_proposal", Boolean, "重点提案", default=False),
    _c("supervising_leader", String(50), "领衔督办领导"),
    _c("status", String(30), "状态", labels="proposal_status"),
    _c("handling_note", Text, "办理情况"),
    UniqueConstraint("year", "case_no"),
)

supervision_group = _entity(
    "supervision_group",
    "民主监督小组",
    _c("name", String(100), "小组名称", nullable=False),
    _c("department", String(100), "监督单位", nullable=False),
    _c("leader", String(50), "组长"),
    _c("members", Text, "成员"),
    _c("year", Integer, "年度"),
    UniqueConstraint("name", "year"),
)

supervision_item = _entity(
    "supervision_item",
    "监督事项",
    _c("group_id", Integer, "监督小组", ForeignKey("supervision_group.id")),
    _c("code", String(30), "事项编号", nullable=False, unique=True),
    _c("form", String(30), "监督形式", labels="supervision_form"),
    _c("topic", Text, "监督事项", nullable=False),
    _c("department", String(100), "责任单位", nullable=False),
    _c("leader", String(50), "牵头领导"),
    # Schema version 9: the 专门委员会 (or 委室) that leads the item, as text like plan_item.lead_committee.
    _c("lead_committee", String(100), "牵头委室"),
    _c("deadline", Date, "完成时限"),
    _c("status", String(30), "状态", labels="supervision_status"),
    _c("progress", Text, "进展情况"),
    _c("recommendation_sent_on", Date, "建议书送达日期"),
    _c("feedback_received_on", Date, "反馈日期"),
    _c("closed_on", Date, "办结日期"),
)

briefing_topic = _entity(
    "briefing_topic",
    "情况通报议题",
    _c("meeting_id", Integer, "拟通报会议", ForeignKey("meeting.id")),
    _c("code", String(30), "议题编号", nullable=False, unique=True),
    _c("topic", Text, "通报议题", nullable=False),
    _c("reporting_body", String(100), "通报单位"),
    _c("reporter", String(50), "通报人"),
    _c("reporter_title", String(100), "通报人职务"),
    _c("materials_due_on", Date, "材料报送时限"),
    _c("materials_received_on", Date, "材料报送日期"),
    _c("status", String(30), "状态", labels="briefing_status"),
)

liaison_group = _entity(
    "liaison_group",
    "委员联络组",
    _c("name", String(100), "联络组名称", nullable=False, unique=True),
    _c("kind", String(30), "类型"),
    _c("leader", String(50), "组长"),
)

member = _entity(
    "member",
    "委员",
    _c("name", String(50), "姓名", nullable=False),
    _c("gender", String(4), "性别"),
    _c("sector", String(50), "界别"),
    _c("party", String(50), "党派"),
    _c("position", String(200), "工作单位及职务"),
    _c("is_standing_member", Boolean, "常委", default=False),
    _c("liaison_group_id", Integer, "联络组", ForeignKey("liaison_group.id")),
    _c("phone", String(30), "联系电话"),
    # Schema version 4: a member row is a member *of a term*; after 换届 the new roster is
    # imported as new rows, so the old term's rows and their attendance stay as they were.
    _c("term_id", Integer, "届", ForeignKey("term.id")),
    UniqueConstraint("term_id", "name", "position"),
)

attendance = _entity(
    "attendance",
    "出勤记录",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("member_id", Integer, "委员", ForeignKey("member.id"), nullable=False),
    _c("state", String(30), "出勤情况", nullable=False, labels="attendance_state"),
    _c("reason", Text, "请假事由"),
    UniqueConstraint("meeting_id", "member_id"),
)

liaison_quota = _entity(
    "liaison_quota",
    "联络组活动指标",
    _c("group_id", Integer, "联络组", ForeignKey("liaison_group.id"), nullable=False),
    _c("year", Integer, "年度", nullable=False),
    _c("activity_kind", String(30), "活动类型", nullable=False, labels="liaison_activity_kind"),
    _c("required_count", Integer, "年度指标", nullable=False),
    UniqueConstraint("group_id", "year", "activity_kind"),
)

liaison_activity = _entity(
    "liaison_activity",
    "联络组活动",
    _c("group_id", Integer, "联络组", ForeignKey("liaison_group.id"), nullable=False),
    _c("held_on", Date, "活动日期", nullable=False),
    _c("activity_kind", String(30), "活动类型", nullable=False, labels="liaison_activity_kind"),
    _c("title", Text, "活动内容", nullable=False),
    _c("participants", Integer, "参加人数"),
)

# Schema version 7: the 任免名单 of a meeting (人事事项), as the office drafts it for the 常委会议
# to decide: members added, resignations accepted, membership revoked, posts given and taken away.
# A person's details are typed here rather than linked to `member`: most are not members yet.
personnel_change = _entity(
    "personnel_change",
    "人事事项",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("position", Integer, "序号", nullable=False),
    _c("kind", String(30), "事项类别", nullable=False, labels="personnel_kind"),
    _c("name", String(50), "姓名", nullable=False),
    _c("gender", String(4), "性别"),
    _c("ethnicity", String(20), "民族"),
    _c("born", String(20), "出生年月", value="year_month"),
    _c("party", String(50), "党派"),
    _c("sector", String(50), "界别"),
    _c("unit_and_post", Text, "工作单位及职务"),
    _c("post", Text, "任免职务"),
    _c("reason", Text, "原因"),
)

# Schema version 8: 社情民意信息 members and units submit; the office edits some into its bulletin
# (编报期数), higher bodies adopt some (the highest level is kept, the bodies named in 采用单位) and
# leaders write instructions (批示) on some. The submitter is named as written: not every one is a member.
public_opinion = _entity(
    "public_opinion",
    "社情民意信息",
    _c("code", String(30), "信息编号", nullable=False, unique=True),
    _c("title", Text, "标题", nullable=False),
    _c("submitter", String(100), "报送人"),
    _c("submitter_unit", String(100), "报送单位"),
    _c("submitted_on", Date, "报送日期"),
    _c("issue_no", String(50), "编报期数"),
    _c("adoption", String(30), "采用情况", labels="opinion_adoption"),
    _c("adopted_by", String(200), "采用单位"),
    _c("instruction_leader", String(100), "批示领导"),
    _c("instruction_on", Date, "批示日期"),
    _c("instruction", Text, "批示内容"),
)

# Schema version 9: the 专门委员会 (提案委员会, 经济委员会 …). Plan items and supervision items name the one
# that leads them in 牵头委室 as text, as the plans print it; `office.special_committees` matches that
# text to these rows by full or short name, so an imported plan needs no codes.
special_committee = _entity(
    "special_committee",
    "专门委员会",
    _c("name", String(100), "专门委员会名称", nullable=False, unique=True),
    _c("short_name", String(50), "简称"),
    _c("position", Integer, "排序"),
    _c("duties", Text, "主要职责"),
)

special_committee_member = _entity(
    "special_committee_member",
    "专门委员会组成人员",
    _c("committee_id", Integer, "专门委员会", ForeignKey("special_committee.id"), nullable=False),
    _c("member_id", Integer, "委员", ForeignKey("member.id"), nullable=False),
    _c("role", String(30), "职务", nullable=False, labels="committee_role"),
    UniqueConstraint("committee_id", "member_id"),
)

special_committee_activity = _entity(
    "special_committee_activity",
    "专门委员会活动",
    _c("committee_id", Integer, "专门委员会", ForeignKey("special_committee.id"), nullable=False),
    _c("held_on", Date, "活动日期", nullable=False),
    _c("activity_kind", String(30), "活动类型", labels="committee_activity_kind"),
    _c("title", Text, "活动内容", nullable=False),
    _c("participants", Integer, "参加人数"),
)

# Schema version 10: the 回执 a member returns after the notice: attending, or on leave with the reason.
# It says who is expected and who is to be chased before the meeting; `attendance` says who came.
meeting_reply = _entity(
    "meeting_reply",
    "参会回执",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("member_id", Integer, "委员", ForeignKey("member.id"), nullable=False),
    _c("answer", String(30), "回执情况", nullable=False, labels="reply_answer"),
    _c("reason", Text, "请假事由"),
    _c("replied_on", Date, "回执日期"),
    UniqueConstraint("meeting_id", "member_id"),
)

# Schema version 11: what the meeting decided (议定事项, each with whom and by when; those put under
# 督办 come back in the next packet until done) and what it voted on (表决: the counts; passed or not is
# read by the quorum rule of the labels config). A vote marked 保密 (personnel matters are, by default)
# stays out of the dashboard until its 公布日期.
decision = _entity(
    "decision",
    "议定事项",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("position", Integer, "序号", nullable=False),
    _c("text", Text, "议定事项", nullable=False),
    _c("subject", Text, "所涉议题"),
    _c("owner_unit", String(100), "责任单位"),
    _c("deadline", Date, "完成时限"),
    _c("supervised", Boolean, "列入督办", default=False),
    _c("status", String(30), "落实状态", labels="decision_status"),
    _c("feedback", Text, "落实情况"),
    _c("closed_on", Date, "办结日期"),
)

vote = _entity(
    "vote",
    "表决事项",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("position", Integer, "序号", nullable=False),
    _c("subject", Text, "表决事项", nullable=False),
    _c("in_favour", Integer, "赞成"),
    _c("against", Integer, "反对"),
    _c("abstain", Integer, "弃权"),
    _c("confidential", Boolean, "保密", default=True),
    _c("announced_on", Date, "公布日期"),
)

# Schema version 12: wording changed in Word outside every record (a notice's sentence, a heading) that the
# secretary kept when reading an export back (`packet.readback`): the meeting's document prints `new_text`
# where it would print `old_text`, at every later export of that meeting (none: the paragraph is left out).
text_override = _entity(
    "text_override",
    "文字改动",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("document", String(40), "材料", nullable=False),
    _c("old_text", Text, "原文", nullable=False),
    _c("new_text", Text, "改为"),
)

# Append-only: rows are inserted, never updated or deleted.
history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True, info={"zh": "编号"}),
    Column("change_id", String(36), nullable=False, info={"zh": "修改批次"}),
    Column("table_name", String(40), nullable=False, info={"zh": "数据表"}),
    Column("record_id", Integer, nullable=False, info={"zh": "记录编号"}),
    Column("action", String(10), nullable=False, info={"zh": "操作"}),  # insert / update / delete / undo
    Column("field", String(60), info={"zh": "字段"}),
    Column("old_value", Text, info={"zh": "原值"}),  # JSON
    Column("new_value", Text, info={"zh": "新值"}),  # JSON
    Column("version", Integer, nullable=False, info={"zh": "版本"}),
    Column("undoes", String(36), info={"zh": "撤销的批次"}),  # for action "undo": the change_id it reverted
    Column("actor", String(64), nullable=False, info={"zh": "修改人"}),
    Column("at", DateTime, nullable=False, info={"zh": "修改时间"}),
    Column("note", Text, info={"zh": "说明"}),  # schema version 11: e.g. "更正：…" with its reason
    Index("ix_history_record", "table_name", "record_id"),
    info={"zh": "修改记录"},
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)


def entity_tables() -> list[Table]:
    """Tables holding user-edited records (versioned, with history)."""
    return [t for t in metadata.sorted_tables if "version" in t.c and "updated_by" in t.c]


def entity(name: str) -> Table:
    try:
        table = metadata.tables[name]
    except KeyError:
        raise KeyError(f"unknown table {name}") from None
    return table


# Added in schema version 2: what a packet export froze, so the next meeting can
# list what changed and the dashboard can show the packet as it was exported.
packet_snapshot = Table(
    "packet_snapshot",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meeting.id"), nullable=False),
    Column("exported_at", DateTime, nullable=False),
    Column("exported_by", String(64), nullable=False),
    Column("data", Text, nullable=False),  # JSON of the packet's figures and rows
    Column("files", Text),  # JSON list of file names written
    info={"zh": "会议材料快照"},
)


# Added in schema version 4: the office's cycle around the packet.
# A step of a meeting's preparation schedule (筹备日程). Its date comes from the rule in
# labels.toml; a row exists once the office records a state or moves the date by hand.
schedule_step = _entity(
    "schedule_step",
    "筹备事项",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("step", String(40), "事项代码", nullable=False),
    _c("due_on", Date, "完成日期"),
    _c("state", String(30), "状态", labels="schedule_state"),
    _c("done_on", Date, "完成于"),
    _c("note", Text, "备注"),
    UniqueConstraint("meeting_id", "step"),
)

# A letter (函) sent by the office: its 发文字号 is numbered once and kept, so printing the
# letter again gives the same number and a reminder can cite the invitation by it.
letter = _entity(
    "letter",
    "函件",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id")),
    _c("kind", String(30), "函件类型", nullable=False, labels="letter_kind"),
    _c("recipient", String(100), "主送单位", nullable=False),
    _c("year", Integer, "年度", nullable=False),
    _c("serial", Integer, "流水号", nullable=False),
    _c("title", Text, "标题", nullable=False),
    _c("issued_on", Date, "成文日期", nullable=False),
    UniqueConstraint("year", "serial"),
    UniqueConstraint("meeting_id", "kind", "recipient"),
)

# The 常委's rating (测评) of one department's report or briefing at a meeting: ballots
# returned, abstentions, invalid ballots; the votes per level are in `rating_vote`.
rating = _entity(
    "rating",
    "测评项目",
    _c("meeting_id", Integer, "会议", ForeignKey("meeting.id"), nullable=False),
    _c("position", Integer, "序号", nullable=False),
    _c("subject", Text, "测评事项", nullable=False),
    _c("department", String(100), "被测评单位", nullable=False),
    _c("briefing_topic_id", Integer, "通报议题", ForeignKey("briefing_topic.id")),
    _c("ballots_handed_out", Integer, "发出票数"),
    _c("ballots_returned", Integer, "收回票数"),
    _c("abstained", Integer, "弃权票数"),
    _c("invalid", Integer, "无效票数"),
    UniqueConstraint("meeting_id", "department", "subject"),
)

rating_vote = _entity(
    "rating_vote",
    "测评票数",
    _c("rating_id", Integer, "测评项目", ForeignKey("rating.id"), nullable=False),
    _c("level", String(30), "等次", nullable=False, labels="rating_level"),
    _c("votes", Integer, "票数", nullable=False),
    UniqueConstraint("rating_id", "level"),
)
