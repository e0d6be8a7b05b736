"""The demo county 青岚县: a fictional committee's year, generated with a fixed seed.

Every name here is invented. The year is 2026 in the 11th term; the first three
quarterly standing-committee meetings have been held and the fourth (in
December) is being prepared, so the packet, the dashboard and the editor all
have a realistic "next meeting" with overdue items, rated proposals and
members close to the absence rule.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from workbench.base.errors import ValidationError
from workbench.office.meetings import MeetingKind
from workbench.store import Store, schema

SEED = 20260101
YEAR = 2026
COUNTY = "青岚县"

DEPARTMENTS = [
    "县发展改革委",
    "县财政局",
    "县教育体育局",
    "县卫生健康委",
    "县自然资源和规划局",
    "县住房城乡建设局",
    "县交通运输局",
    "县农业农村局",
    "县水利局",
    "县商务局",
    "县文化旅游局",
    "县民政局",
    "县人力资源社会保障局",
    "县生态环境分局",
    "县市场监管局",
    "县应急管理局",
    "县公安局",
    "县司法局",
    "县医疗保障局",
    "县城市管理局",
    "县数据资源局",
    "县科技局",
    "县经济信息化局",
    "县退役军人事务局",
    "县林业局",
    "县供销社",
    "县税务局",
    "县供电公司",
    "县融媒体中心",
    "县乡村振兴局",
]

SECTIONS = [
    ("强化政治引领，筑牢团结奋斗的共同思想政治基础", ["深入学习贯彻党的创新理论", "坚持县委统一领导", "办好委员读书活动"]),
    (
        "聚焦中心大局，提高协商议政质量",
        ["开展县域经济高质量发展专题协商", "围绕乡村振兴开展对口协商", "办好双月协商座谈会", "开展营商环境优化调研"],
    ),
    (
        "强化民主监督，助推重大部署落地见效",
        ["派驻民主监督小组开展监督", "开展教育资源布局专项民主监督", "组织委员视察重点项目建设"],
    ),
    ("提升提案工作水平，推动成果转化", ["提高提案立案质量", "加强重点提案督办", "开展提案办理回头看", "组织提案办理协商会"]),
    ("发挥委员主体作用，密切联系服务群众", ["规范委员联络组活动", "推进委员工作室建设", "做好社情民意信息工作"]),
    ("加强自身建设，提升履职能力", ["完善委员履职档案管理", "加强专委会建设", "推进机关作风建设"]),
]

LEADERS = ["周启明", "韩雪梅", "陆正平", "邵文博", "钟立华"]
# The term's leaders in protocol order, as 本会设置 holds them: the chair presides, the titles print.
LEADER_TITLES = [("周启明", "主席"), ("韩雪梅", "副主席"), ("陆正平", "副主席"), ("钟立华", "副主席"), ("邵文博", "秘书长")]
CONTACT_PERSON = "李晓峰"
CONTACT_PHONE = "0000-6123456"  # an invented number: no real office answers it
COMMITTEES = ["办公室", "提案委员会", "经济委员会", "社会法制委员会", "文史学习委员会", "联络委员会"]
# The 专门委员会 among those (办公室 is the office, not a committee), with their short names.
SPECIAL_COMMITTEES = [
    ("提案委员会", "提案委", "负责提案审查、交办、督办和办理协商。"),
    ("经济委员会", "经济委", "围绕经济建设开展调研、视察和协商。"),
    ("社会法制委员会", "社法委", "围绕社会事业和法治建设开展民主监督。"),
    ("文史学习委员会", "文史委", "组织委员学习，征集编纂文史资料。"),
    ("联络委员会", "联络委", "联系委员和界别，指导委员联络组活动。"),
]
# Which committee leads the supervision of a department.
SUPERVISION_LEADS = {
    "县财政局": "经济委",
    "县教育体育局": "社法委",
    "县卫生健康委": "社法委",
    "县住房城乡建设局": "经济委",
    "县农业农村局": "经济委",
    "县市场监管局": "社会法制委员会",
    "县发展改革委": "经济委员会",
}
COMMITTEE_ACTIVITIES = [
    ("research", "开展{topic}专题调研"),
    ("inspection", "视察{topic}"),
    ("consultation", "召开{topic}协商座谈会"),
    ("meeting", "召开全体委员会议"),
]
COMMITTEE_TOPICS = {
    "提案委": ["重点提案办理", "提案办理质量"],
    "经济委": ["重点项目建设", "营商环境优化"],
    "社法委": ["县域医共体建设", "养老服务体系"],
    "文史委": ["文史资料征集", "传统村落保护"],
    "联络委": ["委员联络组建设", "界别活动开展"],
}

DECISIONS = [
    (
        1,
        1,
        {
            "text": "县住房城乡建设局牵头制定老旧小区改造年度实施计划，报县政府审定",
            "owner_unit": "县住房城乡建设局",
            "deadline": date(YEAR, 8, 31),
            "supervised": True,
            "status": "done",
            "feedback": "实施计划已经县政府常务会议审定印发",
            "closed_on": date(YEAR, 8, 26),
        },
    ),
    (
        1,
        2,
        {
            "text": "县农业农村局会同各乡镇梳理农村供水工程管护中存在的问题，提出整改清单",
            "owner_unit": "县农业农村局",
            "deadline": date(YEAR, 10, 31),
            "supervised": True,
            "status": "done",
            "feedback": "整改清单已印发，32个问题已整改28个",
            "closed_on": date(YEAR, 10, 20),
        },
    ),
    (
        2,
        1,
        {
            "text": "县发展改革委就优化营商环境专题协商提出的建议逐条研究办理，书面反馈县政协",
            "owner_unit": "县发展改革委",
            "deadline": date(YEAR, 11, 30),
            "supervised": True,
            "status": "in_progress",
            "feedback": "已研究办理9条建议中的6条",
        },
    ),
    (
        2,
        2,
        {
            "text": "县教育局就城区学位供给问题开展专题调研，形成调研报告",
            "owner_unit": "县教育局",
            "deadline": date(YEAR + 1, 3, 31),
            "supervised": True,
            "status": "assigned",
        },
    ),
    (2, 3, {"text": "各专门委员会按照年度工作要点做好第四季度重点工作的衔接", "owner_unit": "各专门委员会", "supervised": False}),
]
VOTES = [
    (
        2,
        1,
        {
            "subject": "关于增补政协青岚县第十一届委员会委员的决定（草案）",
            "in_favour": 22,
            "against": 0,
            "abstain": 2,
            "confidential": True,
            "announced_on": date(YEAR, 9, 25),
        },
    ),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = [
    "建国",
    "秀英",
    "海峰",
    "晓燕",
    "志强",
    "丽娟",
    "明轩",
    "春华",
    "振宇",
    "慧敏",
    "国栋",
    "雅琴",
    "子涵",
    "立新",
    "文静",
    "长青",
    "宏伟",
    "思远",
    "玉兰",
    "家乐",
    "瑞祥",
    "诗雨",
    "鹏飞",
    "亚楠",
]
SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "农工党",
    "无党派人士",
    "工商联",
    "经济界",
    "教育界",
    "医药卫生界",
    "农业界",
    "科技界",
    "文化艺术界",
    "社会福利界",
]
POSITIONS = [
    "县第一中学校长",
    "县人民医院副院长",
    "县农业技术推广中心主任",
    "青岚茶业有限公司董事长",
    "县律师协会会长",
    "县文化馆馆长",
    "县中医院主任医师",
    "城关镇卫生院院长",
    "县工商联副主席",
    "白沙镇农民专业合作社理事长",
    "县实验小学副校长",
    "县建筑设计院高级工程师",
    "县融媒体中心副主任",
    "民盟青岚县委员会主委",
    "县科技局副局长",
    "清河食品有限公司总经理",
]
TOWNS = ["城关镇", "白沙镇", "枫林镇", "石桥乡", "望江镇", "云岭乡", "清河镇", "龙湾乡"]

PROPOSAL_TOPICS = {
    "economy": [
        "关于加快县经济开发区标准化厂房建设的建议",
        "关于支持中小微企业融资的建议",
        "关于发展特色农产品电商的建议",
        "关于优化营商环境审批流程的建议",
        "关于培育县域物流产业的建议",
        "关于推动茶产业品牌化发展的建议",
    ],
    "politics": ["关于加强基层协商民主建设的建议", "关于完善村务公开制度的建议", "关于规范行政执法程序的建议"],
    "culture": [
        "关于保护利用传统村落的建议",
        "关于建设城乡书屋的建议",
        "关于加强非物质文化遗产传承的建议",
        "关于发展全域旅游的建议",
    ],
    "society": [
        "关于缓解县城学校大班额的建议",
        "关于加强农村养老服务的建议",
        "关于改善县医院就医环境的建议",
        "关于增设城区停车位的建议",
        "关于加强校园周边交通安全的建议",
        "关于提升农村饮水安全保障水平的建议",
        "关于推进社区嵌入式托育服务的建议",
    ],
    "ecology": [
        "关于加强清河流域生态保护的建议",
        "关于推进农村生活垃圾分类的建议",
        "关于治理农业面源污染的建议",
        "关于建设城市绿道的建议",
    ],
}


# The demo's 社情民意信息: title, month and day submitted, highest level adopted, whether a leader wrote on it.
OPINIONS = [
    ("关于城关镇老旧小区加装电梯的建议", 1, 18, "county", False),
    ("关于白沙镇农贸市场周边交通拥堵问题的反映", 2, 26, "city", True),
    ("关于枫林镇留守儿童课后看护的建议", 3, 14, "not_adopted", False),
    ("关于望江镇渡口安全管理的建议", 4, 9, "county", False),
    ("关于县城夜间停车难的反映", 4, 27, "province", True),
    ("关于云岭乡茶叶品牌保护的建议", 5, 20, "not_adopted", False),
    ("关于清河镇养老服务站运营困难的反映", 6, 16, "city", False),
    ("关于石桥乡农村饮水水质监测的建议", 7, 22, "not_adopted", False),
    ("关于龙湾乡电商物流“最后一公里”的建议", 8, 30, "national", True),
    ("关于县城校外托管机构规范管理的建议", 9, 18, "county", False),
    ("关于城区背街小巷照明不足的反映", 10, 21, "not_adopted", False),
    ("关于冬季农村用电保障的建议", 11, 12, "city", False),
]
ADOPTED_BY = {
    "county": "县政协《社情民意》",
    "city": "市政协《社情民意信息》",
    "province": "省政协《社情民意》",
    "national": "全国政协办公厅《信息专报》",
}


@dataclass
class DemoSummary:
    county: str
    meetings: int
    plan_items: int
    proposals: int
    supervision_items: int
    briefing_topics: int
    members: int
    liaison_groups: int

    def lines(self) -> list[str]:
        return [
            f"示例县：{self.county}（{YEAR}年）",
            f"常委会议 {self.meetings} 次，工作要点条目 {self.plan_items} 条，提案 {self.proposals} 件，",
            f"监督事项 {self.supervision_items} 项，情况通报议题 {self.briefing_topics} 个，"
            f"委员 {self.members} 名，委员联络组 {self.liaison_groups} 个。",
        ]


def is_empty(store: Store) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.committee)).scalar() == 0


def summarize(store: Store) -> DemoSummary:
    def count(table, *where):
        q = select(func.count()).select_from(table)
        for w in where:
            q = q.where(w)
        with store.engine.connect() as conn:
            return conn.execute(q).scalar()

    with store.engine.connect() as conn:
        county = conn.execute(select(schema.committee.c.county)).scalar() or "（无）"
    return DemoSummary(
        county=county,
        meetings=count(schema.meeting, schema.meeting.c.kind == MeetingKind.STANDING_COMMITTEE),
        plan_items=count(schema.plan_item),
        proposals=count(schema.proposal),
        supervision_items=count(schema.supervision_item),
        briefing_topics=count(schema.briefing_topic),
        members=count(schema.member),
        liaison_groups=count(schema.liaison_group),
    )


def _name(rng: random.Random, used: set) -> str:
    while True:
        n = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if n not in used:
            used.add(n)
            return n


def load(store: Store, *, actor: str = "示例数据") -> DemoSummary:
    """Load the demo county into an empty store, in one transaction."""
    if not is_empty(store):
        raise ValidationError("数据库中已有数据，未载入示例县。如需重新载入，请使用 demo --reset（将清空现有数据）。")
    rng = random.Random(SEED)
    used_names: set[str] = set()
    trajectories: list[tuple[int, list[str]]] = []
    # Registers are entered when the year's work begins; status changes are dated at quarter ends
    # below, so the history tells how the year went (the analyses notebook charts it).
    with store.writer(actor, at=datetime(YEAR, 1, 15, 9, 0)) as w:
        committee_id = w.insert(
            schema.committee,
            {
                "name": f"政协{COUNTY}委员会",
                "county": COUNTY,
                "office": f"政协{COUNTY}委员会办公室",
                "contact_person": CONTACT_PERSON,
                "contact_phone": CONTACT_PHONE,
            },
        )
        term_id = w.insert(schema.term, {"committee_id": committee_id, "term_no": 11, "start_year": 2022, "end_year": 2026})
        for position, (name, title) in enumerate(LEADER_TITLES, start=1):
            w.insert(schema.leader, {"term_id": term_id, "position": position, "name": name, "title": title})
        meeting_dates = [date(YEAR, 3, 20), date(YEAR, 6, 18), date(YEAR, 9, 24), date(YEAR, 12, 17)]
        meeting_ids = []
        for i, held_on in enumerate(meeting_dates):
            meeting_ids.append(
                w.insert(
                    schema.meeting,
                    {
                        "term_id": term_id,
                        "kind": MeetingKind.STANDING_COMMITTEE,
                        "seq_no": 15 + i,
                        "held_on": held_on,
                        "start_time": "上午9:00",
                        "venue": "县政协机关三楼会议室",
                        "presider": "周启明",
                        "status": "held" if i < 3 else "planned",
                    },
                )
            )
        w.insert(
            schema.meeting,
            {
                "term_id": term_id,
                "kind": "plenary",
                "seq_no": 5,
                "held_on": date(YEAR, 1, 12),
                "venue": "县会议中心",
                "presider": "周启明",
                "status": "held",
            },
        )

        # Work plan with progress notes per quarter.
        plan_id = w.insert(
            schema.work_plan,
            {
                "committee_id": committee_id,
                "year": YEAR,
                "title": f"政协{COUNTY}委员会{YEAR}年工作要点",
                "source_name": "示例数据",
            },
        )
        number = 0
        plan_items = 0
        for s_no, (s_title, items) in enumerate(SECTIONS, start=1):
            section_id = w.insert(schema.plan_section, {"work_plan_id": plan_id, "number": s_no, "title": s_title})
            for title in items:
                number += 1
                plan_items += 1
                roll = rng.random()
                status = "done" if roll < 0.3 else "in_progress" if roll < 0.75 else "lagging" if roll < 0.9 else "not_started"
                item_id = w.insert(
                    schema.plan_item,
                    {
                        "section_id": section_id,
                        "number": number,
                        "title": title,
                        "text": f"{title}。围绕年度目标细化任务，明确责任分工，按季度报告进展。",
                        "lead_leader": rng.choice(LEADERS),
                        "lead_committee": rng.choice(COMMITTEES),
                        "partners": "、".join(rng.sample(COMMITTEES, 2)),
                        "owner": _name(rng, used_names),
                        "deadline": date(YEAR, rng.choice([6, 9, 12]), 30 if rng.random() < 0.5 else 15),
                        "status": "not_started",
                    },
                )
                trajectories.append(
                    (
                        item_id,
                        {
                            "not_started": [],
                            "in_progress": ["in_progress"],
                            "lagging": ["in_progress", "lagging"] if rng.random() < 0.5 else ["lagging"],
                            "done": ["in_progress", "in_progress", "done"] if rng.random() < 0.5 else ["in_progress", "done"],
                        }[status],
                    )
                )
                quarters = {"not_started": 0, "lagging": 2, "in_progress": 4, "done": 3}[status]
                if status == "in_progress" and rng.random() < 0.3:
                    quarters = 3  # some items have no update in the current quarter
                for q in range(quarters):
                    w.insert(
                        schema.progress_note,
                        {
                            "plan_item_id": item_id,
                            "noted_on": date(YEAR, (3, 6, 9, 11)[q], rng.randint(5, 15)),
                            "text": f"第{'一二三四'[q]}季度："
                            f"{rng.choice(['已制定实施方案', '组织专题调研两次', '召开推进会一次', '形成阶段性成果'])}，"
                            f"{rng.choice(['按计划推进', '部分任务已完成', '下一步将加快进度'])}。",
                            "author": rng.choice(["办公室", "提案委员会", "经济委员会"]),
                        },
                    )

        # Members, liaison groups, attendance.
        group_ids = []
        for town in TOWNS:
            group_ids.append(w.insert(schema.liaison_group, {"name": f"{town}委员联络组", "kind": "乡镇", "leader": None}))
        member_ids, standing_ids = [], []
        for i in range(40):
            name = _name(rng, used_names)
            standing = i < 25
            mid = w.insert(
                schema.member,
                {
                    "name": name,
                    "gender": rng.choice(["男", "男", "女"]),
                    "sector": rng.choice(SECTORS),
                    "party": rng.choice(["中共党员", "民革党员", "民盟盟员", "民建会员", "无党派", "群众"]),
                    "position": rng.choice(POSITIONS),
                    "is_standing_member": standing,
                    "liaison_group_id": group_ids[i % len(group_ids)],
                    "term_id": term_id,
                },
            )
            member_ids.append(mid)
            if standing:
                standing_ids.append(mid)
        for g_index, gid in enumerate(group_ids):
            leader = w.conn.execute(select(schema.member.c.name).where(schema.member.c.liaison_group_id == gid)).scalar()
            w.update(schema.liaison_group, gid, {"leader": leader}, expected_version=1)
            for kind, required in (
                ("study", 4),
                ("research", 2),
                ("consultation", 2),
                ("public_opinion", 6),
                ("joint_meeting", 4),
            ):
                w.insert(schema.liaison_quota, {"group_id": gid, "year": YEAR, "activity_kind": kind, "required_count": required})
                done = max(0, required - rng.choice([0, 0, 0, 1, 1, 2]) - (2 if g_index == 7 else 0))
                for _ in range(done):
                    w.insert(
                        schema.liaison_activity,
                        {
                            "group_id": gid,
                            "held_on": date(YEAR, rng.randint(1, 10), rng.randint(1, 28)),
                            "activity_kind": kind,
                            "title": f"{TOWNS[g_index]}联络组"
                            f"{rng.choice(['集中学习', '走访调研', '协商座谈', '收集社情民意', '联组活动'])}",
                            "participants": rng.randint(4, 12),
                        },
                    )
        for m_index, meeting_id in enumerate(meeting_ids[:3]):
            for s_index, mid in enumerate(standing_ids):
                if s_index == 3:
                    state = "absent_unexcused" if m_index < 2 else "present"  # reaches the rule
                elif s_index in (7, 12) and m_index == 1:
                    state = "absent_unexcused"  # approaching it
                else:
                    state = "on_leave" if rng.random() < 0.1 else "present"
                w.insert(
                    schema.attendance,
                    {
                        "meeting_id": meeting_id,
                        "member_id": mid,
                        "state": state,
                        "reason": "因公出差" if state == "on_leave" else None,
                    },
                )

        # Proposals.
        categories = list(PROPOSAL_TOPICS)
        assigned_on = date(YEAR, 3, 10)
        statuses = []
        for case_no in range(1, 151):
            category = rng.choice(categories)
            base_title = rng.choice(PROPOSAL_TOPICS[category])
            title = base_title if rng.random() < 0.5 else base_title.replace("的建议", f"（{rng.choice(TOWNS)}）的建议")
            proposer_type = rng.choice(["individual"] * 6 + ["joint"] * 2 + ["party", "sector", "liaison_group"])
            lead = rng.choice(DEPARTMENTS)
            values = {
                "year": YEAR,
                "term_no": 11,
                "session_no": YEAR - 2022 + 1,
                "case_no": case_no,
                "title": title,
                "proposer": _name(rng, set())
                if proposer_type in ("individual", "joint")
                else {"party": "民盟青岚县委员会", "sector": "教育界委员", "liaison_group": "城关镇委员联络组"}[proposer_type],
                "proposer_type": proposer_type,
                "category": category,
                "lead_unit": lead,
                "co_units": "、".join(rng.sample([d for d in DEPARTMENTS if d != lead], rng.choice([0, 1, 2]))),
            }
            roll = rng.random()
            if roll < 0.04:
                values.update(
                    review_result="merged",
                    merged_into=max(1, case_no - rng.randint(1, 5)),
                    status="not_filed",
                    lead_unit=None,
                    co_units=None,
                )
            elif roll < 0.08:
                values.update(review_result="to_suggestion", status="not_filed", lead_unit=None, co_units=None)
            else:
                values.update(review_result="filed", assigned_on=assigned_on, due_on=date(YEAR, 6, 10))
                s = rng.random()
                if s < 0.45:
                    status = "closed"
                elif s < 0.65:
                    status = "rated"
                elif s < 0.78:
                    status = "replied"
                elif s < 0.90:
                    status = "handling"  # overdue by now: due 6-10
                elif s < 0.95:
                    status = "rehandle"
                else:
                    status = "follow_up"
                values["status"] = status
                if status in ("closed", "rated", "replied", "follow_up", "rehandle"):
                    values["replied_on"] = assigned_on + timedelta(days=rng.randint(40, 120))
                    values["reply_category"] = rng.choice(["A"] * 5 + ["B"] * 3 + ["C"])
                if status in ("closed", "rated", "follow_up", "rehandle"):
                    values["satisfaction"] = (
                        "dissatisfied"
                        if status == "rehandle"
                        else rng.choice(["satisfied"] * 7 + ["basically_satisfied"] * 2 + ["dissatisfied"])
                    )
                if rng.random() < 0.08 and status != "not_filed":
                    values.update(key_proposal=True, supervising_leader=rng.choice(LEADERS))
                values["handling_note"] = {
                    "handling": "正在会同相关单位研究办理。",
                    "rehandle": "提案人对答复不满意，已交办重新办理。",
                }.get(status)
            statuses.append(values["status"])
            w.insert(schema.proposal, values)

        # Supervision groups and items.
        sup_departments = ["县财政局", "县教育体育局", "县卫生健康委", "县住房城乡建设局", "县农业农村局", "县市场监管局"]
        sup_topics = {
            "县财政局": ["惠民惠农财政补贴资金发放", "政府债务风险防控"],
            "县教育体育局": ["义务教育学校布局调整", "校外培训机构规范管理", "学生营养餐质量"],
            "县卫生健康委": ["县域医共体建设", "基层卫生院人才队伍"],
            "县住房城乡建设局": ["老旧小区改造进度", "农村危房改造质量"],
            "县农业农村局": ["高标准农田建设", "农村人居环境整治"],
            "县市场监管局": ["食品安全监管", "民生计量检定"],
        }
        seq = 0
        supervision_items = 0
        for d_index, dept in enumerate(sup_departments):
            gid = w.insert(
                schema.supervision_group,
                {
                    "name": f"派驻{dept}民主监督小组",
                    "department": dept,
                    "leader": rng.choice(LEADERS),
                    "members": "、".join(_name(rng, used_names) for _ in range(3)),
                    "year": YEAR,
                },
            )
            for topic in sup_topics[dept]:
                seq += 1
                supervision_items += 1
                deadline = date(YEAR, 12, 31)
                status = rng.choice(["in_progress", "in_progress", "closed", "lagging", "closed", "not_started"])
                if status == "closed":
                    deadline = date(YEAR, rng.choice([6, 9]), 30)
                if seq in (2, 7):
                    status, deadline = "in_progress", date(YEAR, 9, 30)  # overdue at the December meeting
                w.insert(
                    schema.supervision_item,
                    {
                        "group_id": gid,
                        "code": f"JD{YEAR}-{seq:02d}",
                        "form": "special_supervision" if d_index == 1 and topic.startswith("义务") else "group",
                        "topic": topic,
                        "department": dept,
                        "leader": rng.choice(LEADERS),
                        "lead_committee": SUPERVISION_LEADS[dept],
                        "deadline": deadline,
                        "status": status,
                        "progress": {
                            "closed": "整改到位，已办结销号。",
                            "lagging": "整改方案尚未报送，进展滞后。",
                            "not_started": None,
                        }.get(status, "已反馈整改方案，正在落实。"),
                        "recommendation_sent_on": date(YEAR, rng.randint(4, 7), rng.randint(1, 28)),
                        "feedback_received_on": date(YEAR, 8, rng.randint(1, 28)) if status == "closed" else None,
                        "closed_on": date(YEAR, 9, rng.randint(1, 28)) if status == "closed" else None,
                    },
                )
            if d_index == 2:
                seq += 1
                supervision_items += 1
                w.insert(
                    schema.supervision_item,
                    {
                        "group_id": None,
                        "code": f"JD{YEAR}-{seq:02d}",
                        "form": "inspection",
                        "topic": "重点项目建设视察",
                        "department": "县发展改革委",
                        "leader": "陆正平",
                        "lead_committee": SUPERVISION_LEADS["县发展改革委"],
                        "deadline": date(YEAR, 11, 15),
                        "status": "in_progress",
                        "progress": "已完成视察，报告起草中。",
                        "recommendation_sent_on": None,
                    },
                )

        # Briefing topics: three per meeting.
        briefing = [
            ("县人民政府关于一季度经济运行情况的通报", "县人民政府", "副县长", "王立民"),
            ("县人民政府关于重点项目建设情况的通报", "县发展改革委", "局长", "谢长河"),
            ("关于提案交办情况的通报", "县人民政府办公室", "副主任", "唐春燕"),
            ("县人民政府关于上半年经济运行情况的通报", "县人民政府", "常务副县长", "林国华"),
            ("关于义务教育学校布局调整情况的通报", "县教育体育局", "局长", "袁晓峰"),
            ("关于民生实事项目推进情况的通报", "县财政局", "局长", "宋明德"),
            ("县人民政府关于前三季度经济运行情况的通报", "县人民政府", "常务副县长", "林国华"),
            ("关于县域医共体建设情况的通报", "县卫生健康委", "主任", "丁海燕"),
            ("关于提案办理情况的通报", "县人民政府办公室", "副主任", "唐春燕"),
            ("县人民政府关于全年经济运行情况及明年工作思路的通报", "县人民政府", "县长", "杜振华"),
            ("关于农村人居环境整治情况的通报", "县农业农村局", "局长", "潘志远"),
            ("关于重点提案办理情况的通报", "县人民政府办公室", "副主任", "唐春燕"),
        ]
        for i, (topic, body, title, reporter) in enumerate(briefing):
            m_index = i // 3
            held = m_index < 3
            materials_due = meeting_dates[m_index] - timedelta(days=7)
            status = "briefed" if held else ["materials_received", "notified", "planned"][i % 3]
            w.insert(
                schema.briefing_topic,
                {
                    "meeting_id": meeting_ids[m_index],
                    "code": f"TB{YEAR}-{i + 1:02d}",
                    "topic": topic,
                    "reporting_body": body,
                    "reporter": reporter,
                    "reporter_title": title,
                    "materials_due_on": materials_due,
                    "materials_received_on": (
                        materials_due - timedelta(days=2) if status in ("materials_received", "briefed") else None
                    ),
                    "status": status,
                },
            )

        # Agenda of the meetings already held and a draft for the next.
        for m_index, meeting_id in enumerate(meeting_ids):
            items = [briefing[3 * m_index][0], briefing[3 * m_index + 1][0], briefing[3 * m_index + 2][0]]
            presenters = [f"{b[1]}{b[2]}{b[3]}" for b in briefing[3 * m_index : 3 * m_index + 3]]
            items.append("审议有关人事事项")
            presenters.append("县政协秘书长邵文博")
            for pos, (title, presenter) in enumerate(zip(items, presenters), start=1):
                w.insert(
                    schema.agenda_item,
                    {
                        "meeting_id": meeting_id,
                        "position": pos,
                        "title": title,
                        "presenter": presenter,
                        "source": "briefing_topic" if pos <= 3 else "manual",
                    },
                )

        # The next meeting's 任免名单 for its "审议有关人事事项": a member added, a resignation, a post.
        # Fixed values, not drawn from `rng`, so the rest of the demo stays as it was.
        def member(i: int):
            return w.conn.execute(select(schema.member).where(schema.member.c.id == member_ids[i])).one()

        leaving, promoted = member(31), member(26)
        for pos, change in enumerate(
            [
                {
                    "kind": "add_member",
                    "name": "郑晓岚",
                    "gender": "女",
                    "ethnicity": "汉族",
                    "born": "1981.06",
                    "party": "九三学社社员",
                    "sector": "科学技术界",
                    "unit_and_post": "县农业科学研究所所长",
                    "reason": "界别委员调整",
                },
                {
                    "kind": "resign",
                    "name": leaving.name,
                    "gender": leaving.gender,
                    "ethnicity": "汉族",
                    "born": "1966.09",
                    "party": leaving.party,
                    "sector": leaving.sector,
                    "unit_and_post": leaving.position,
                    "post": "委员",
                    "reason": "工作调动",
                },
                {
                    "kind": "appoint",
                    "name": promoted.name,
                    "gender": promoted.gender,
                    "ethnicity": "回族",
                    "born": "1974.11",
                    "party": promoted.party,
                    "sector": promoted.sector,
                    "unit_and_post": promoted.position,
                    "post": "文史和学习委员会副主任",
                    "reason": "工作需要",
                },
            ],
            start=1,
        ):
            w.insert(schema.personnel_change, {"meeting_id": meeting_ids[-1], "position": pos, **change})

        # 社情民意信息 submitted through the year, from a generator of their own so the rest stays as it was.
        picks = random.Random(SEED + 8)
        submitters = [r for r in w.conn.execute(select(schema.member.c.name, schema.member.c.sector)).all() if r.sector]
        issue = 0
        for n, (title, month, day, adoption, instructed) in enumerate(OPINIONS, start=1):
            who = picks.choice(submitters)
            edited = adoption != "not_adopted" or n % 3 == 0
            issue += 1 if edited else 0
            submitted = date(YEAR, month, day)
            w.insert(
                schema.public_opinion,
                {
                    "code": f"SQ{YEAR}-{n:02d}",
                    "title": title,
                    "submitter": who.name,
                    "submitter_unit": who.sector,
                    "submitted_on": submitted,
                    "issue_no": f"{YEAR}年第{issue}期" if edited else None,
                    "adoption": adoption,
                    "adopted_by": ADOPTED_BY.get(adoption),
                    "instruction_leader": "县委书记" if instructed else None,
                    "instruction_on": submitted + timedelta(days=12) if instructed else None,
                    "instruction": "请县有关部门研究办理。" if instructed else None,
                },
            )

        # 专门委员会: a standing member directs each, members sit on one each; their activities of the year.
        # From a generator of their own, so the rest stays as it was.
        picks = random.Random(SEED + 9)
        directors = picks.sample(standing_ids, len(SPECIAL_COMMITTEES))
        free = [mid for mid in member_ids if mid not in directors]
        picks.shuffle(free)
        for c_index, (name, short, duties) in enumerate(SPECIAL_COMMITTEES):
            cid = w.insert(
                schema.special_committee, {"name": name, "short_name": short, "position": c_index + 1, "duties": duties}
            )
            w.insert(schema.special_committee_member, {"committee_id": cid, "member_id": directors[c_index], "role": "director"})
            for s_index in range(min(picks.randint(4, 6), len(free))):
                role = "deputy_director" if s_index < 2 else "member"
                w.insert(schema.special_committee_member, {"committee_id": cid, "member_id": free.pop(), "role": role})
            topics = COMMITTEE_TOPICS[short]
            for a_index in range(picks.randint(3, 6)):
                kind, wording = COMMITTEE_ACTIVITIES[a_index % len(COMMITTEE_ACTIVITIES)]
                w.insert(
                    schema.special_committee_activity,
                    {
                        "committee_id": cid,
                        "held_on": date(YEAR, picks.randint(2, 11), picks.randint(1, 28)),
                        "activity_kind": kind,
                        "title": wording.format(topic=topics[a_index % len(topics)]),
                        "participants": picks.randint(6, 18),
                    },
                )

        # 回执 for the meeting being prepared: most answered, two asked leave, a few still to be rung.
        picks = random.Random(SEED + 10)
        answering = picks.sample(standing_ids, max(0, len(standing_ids) - 3))
        for r_index, mid in enumerate(answering):
            leave = r_index < 2
            w.insert(
                schema.meeting_reply,
                {
                    "meeting_id": meeting_ids[-1],
                    "member_id": mid,
                    "answer": "leave" if leave else "attend",
                    "reason": ["外出学习", "因病住院"][r_index] if leave else None,
                    "replied_on": date(YEAR, 12, picks.randint(1, 4)),
                },
            )

        # What the June and September meetings decided and voted, and how far their 督办 has got by December:
        # one closed before September (reported then), one closed since, one open and overdue, one open.
        for meeting_index, position, values in DECISIONS:
            w.insert(schema.decision, {"meeting_id": meeting_ids[meeting_index], "position": position, **values})
        for meeting_index, position, values in VOTES:
            w.insert(schema.vote, {"meeting_id": meeting_ids[meeting_index], "position": position, **values})

        for quarter_end in (datetime(YEAR, 3, 31, 17), datetime(YEAR, 6, 30, 17), datetime(YEAR, 9, 30, 17)):
            w.now = quarter_end
            for item_id, steps in trajectories:
                if steps:
                    current = w.conn.execute(
                        select(schema.plan_item.c.version).where(schema.plan_item.c.id == item_id)
                    ).scalar_one()
                    w.update(schema.plan_item, item_id, {"status": steps.pop(0)}, expected_version=current)
    return summarize(store)


def reset(store: Store) -> None:
    """Delete every row (history included), for `demo --reset`. One transaction."""
    with store.writer("示例数据") as w:
        for table in reversed(schema.metadata.sorted_tables):
            if table.name != "schema_version":
                w.conn.execute(table.delete())
