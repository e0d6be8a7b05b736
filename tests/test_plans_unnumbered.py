"""Published plans without numbered items, and plans a web page flattened into run-on text.

Each text is written in the shapes published 工作要点 take (the wording is made up for these tests): parts
numbered 一、 whose items are paragraphs opening with a lead sentence ("加强思想政治引领。" then its detail),
such a lead sentence standing as a paragraph of its own, parts that are unnumbered heading lines, and
pages flattened so that numbers run on mid-line ("…思想政治基础1、组织开展…") among dates, counts and
percentages that must stay whole.
"""

from __future__ import annotations

import pytest

from workbench.plans import parse_text


def outline(text):
    (plan,) = parse_text(text)
    return [(s.title, [i.title for i in s.items]) for s in plan.sections], plan


LEAD_SENTENCES = """政协青岚县委员会2025年工作要点
2025年是“十四五”规划收官之年。县政协工作的总体要求是：坚持团结和民主两大主题，为全县高质量发展凝心聚力。
一、坚持党的领导，筑牢团结奋斗的共同思想政治基础
加强思想政治引领。坚持把学习贯彻党的创新理论作为首要政治任务，通过党组会议、常委会议、专题读书班等形式，推动学习往深里走、往心里走。
落实党的领导制度。严格执行重大事项请示报告制度，县政协全年重点工作、重要会议、重大活动及时向县委请示报告。
二、聚焦中心大局，推动协商议政提质增效
精心组织专题协商。围绕乡村全面振兴，召开常委会专题协商会议，形成高质量协商报告报送县委、县政府。
深化对口协商和界别协商。各专委会每年至少牵头开展1次对口协商，各界别围绕本界别群众关切开展协商。
持续擦亮“有事好商量”品牌。推动协商议事平台向村（社区）延伸，全年开展基层协商活动不少于20场次。
三、坚持履职为民，在服务群众中彰显担当
围绕群众急难愁盼问题，重点做好以下工作：
开展“委员进社区”活动。组织委员深入社区倾听群众呼声，帮助解决实际困难。
做好社情民意信息工作。畅通反映渠道，全年报送社情民意信息不少于50条。
"""

FLATTENED = (  # one line, as the page gives it
    "县政协2024年工作要点 2024年县政协工作的总体要求是：以习近平新时代中国特色社会主义思想为指导，团结奋进。"
    "一、加强政治引领，筑牢共同思想政治基础1、组织开展主题学习。全年组织党组理论学习中心组学习12次，2023年1月启动的读书活动持续开展。"
    "2、深化委员学习培训。举办委员培训班2期，培训委员150人次。二、聚焦发展大局，积极建言资政3、开展专题协商。"
    "围绕县域经济发展开展协商，力争提出建议20条以上，增长率不低于5%。4、做好提案工作。"
    "提高提案质量，提案办复率达到100%。5、加强民主监督。围绕第1次全会确定的重点工作开展监督。"
    "三、加强自身建设6、加强委员队伍建设。完善委员履职档案，每年通报1次。"
    "\n"
)

UNNUMBERED_PARTS = """某县政协2023年工作计划
坚持党的领导，把牢正确政治方向
强化理论武装。坚持第一议题制度，认真学习党的二十大精神，不断提高政治判断力、政治领悟力、政治执行力。
严格落实请示报告制度。重要工作、重大事项及时向县委请示报告，确保县委决策部署落到实处。
聚焦中心工作，提升建言资政水平
高质量开展协商议政。全年安排专题协商2次、对口协商4次，协商成果及时报送。
扎实做好提案工作。加强提案审查，推动重点提案办理，提高提案办理实效。
加强自身建设，提升履职能力
加强委员管理。落实委员履职积分办法，年底通报委员履职情况。
加强机关建设。深化模范机关创建，提升服务保障水平。
"""

FLATTENED_PARENTHESES = """县政协2025年工作要点
一、强化政治引领（一）加强理论学习。坚持党组理论学习中心组学习制度，全年集中学习不少于12次。（二）落实请示报告制度。重要事项及时向县委请示报告。二、聚焦中心建言资政（一）开展专题协商。围绕文旅融合发展开展专题协商，形成协商报告。（二）做好提案工作。提案办复率保持100%，1、2月份完成交办。（三）深化民主监督。组织开展专项民主监督3次。
三、加强自身建设（一）加强委员队伍建设。开展委员履职培训。（二）加强机关建设。提升服务保障水平。
"""

LEAD_SENTENCE_ALONE = """某县政协2024年工作要点
一、坚持党的全面领导
加强思想政治引领。
坚持把学习贯彻党的创新理论作为首要政治任务，组织常委会议集体学习，推动委员深学细悟。
严格落实请示报告制度。
重要会议、重大活动、重要事项及时向县委请示报告，确保县委决策部署在政协落地见效。
二、聚焦中心工作建言资政
精心组织专题协商。
围绕县域经济高质量发展，深入开展调查研究，召开专题协商会议，形成协商报告。
做好提案工作。
坚持提案质量导向，加强提案审查，推动重点提案办理落实。
"""

UNNUMBERED_WITHOUT_TITLE = """坚持党的领导，把牢政治方向
强化理论武装。坚持第一议题制度，认真学习党的二十大精神，不断提高政治判断力。
落实请示报告制度。重要工作、重大事项及时向县委请示报告。
聚焦中心工作，提升建言资政水平
开展专题协商。全年安排专题协商2次、对口协商4次。
做好提案工作。加强提案审查，推动重点提案办理。
加强自身建设，提升履职能力
加强委员管理。落实委员履职积分办法，年底通报委员履职情况。
"""

HEADING_RUN_INTO_PARAGRAPH = """县政协2025年工作要点
一、坚持党的领导 加强思想政治引领。坚持把学习贯彻党的创新理论作为首要政治任务，组织集体学习。
落实请示报告制度。重要事项及时向县委请示报告。
二、聚焦中心大局 精心组织专题协商。围绕乡村振兴召开专题协商会议，形成协商报告。
"""


def test_parts_whose_items_open_with_a_lead_sentence():
    found, plan = outline(LEAD_SENTENCES)
    assert plan.title == "政协青岚县委员会2025年工作要点" and plan.year == 2025
    assert found == [
        ("坚持党的领导，筑牢团结奋斗的共同思想政治基础", ["加强思想政治引领", "落实党的领导制度"]),
        (
            "聚焦中心大局，推动协商议政提质增效",
            ["精心组织专题协商", "深化对口协商和界别协商", "持续擦亮“有事好商量”品牌"],
        ),
        ("坚持履职为民，在服务群众中彰显担当", ["开展“委员进社区”活动", "做好社情民意信息工作"]),
    ]
    items = [i for s in plan.sections for i in s.items]
    assert [i.number for i in items] == list(range(1, 8))
    assert items[3].text.startswith("深化对口协商和界别协商。各专委会每年至少牵头开展1次对口协商")
    # The lead-in to a part's points is the part's own text, neither an item nor part of the heading.
    assert plan.sections[2].text == "围绕群众急难愁盼问题，重点做好以下工作："
    assert plan.intro.startswith("2025年是“十四五”规划收官之年。")


def test_a_flattened_page_is_split_at_run_in_numbers_not_inside_dates_counts_or_percentages():
    found, plan = outline(FLATTENED)
    assert plan.title == "县政协2024年工作要点" and plan.year == 2024
    assert found == [
        ("加强政治引领，筑牢共同思想政治基础", ["组织开展主题学习", "深化委员学习培训"]),
        ("聚焦发展大局，积极建言资政", ["开展专题协商", "做好提案工作", "加强民主监督"]),
        ("加强自身建设", ["加强委员队伍建设"]),
    ]
    items = {i.number: i for s in plan.sections for i in s.items}
    assert items[1].text == "组织开展主题学习。全年组织党组理论学习中心组学习12次，2023年1月启动的读书活动持续开展。"
    assert items[3].text.endswith("力争提出建议20条以上，增长率不低于5%。")
    assert items[5].text == "加强民主监督。围绕第1次全会确定的重点工作开展监督。"
    assert items[6].text == "加强委员队伍建设。完善委员履职档案，每年通报1次。"


def test_a_flattened_page_with_parenthesised_points_and_months_named_together():
    found, plan = outline(FLATTENED_PARENTHESES)
    assert found == [
        ("强化政治引领", ["加强理论学习", "落实请示报告制度"]),
        ("聚焦中心建言资政", ["开展专题协商", "做好提案工作", "深化民主监督"]),
        ("加强自身建设", ["加强委员队伍建设", "加强机关建设"]),
    ]
    assert plan.sections[1].items[1].text == "做好提案工作。提案办复率保持100%，1、2月份完成交办。"


def test_parts_as_unnumbered_heading_lines():
    found, plan = outline(UNNUMBERED_PARTS)
    assert plan.title == "某县政协2023年工作计划" and plan.year == 2023
    assert found == [
        ("坚持党的领导，把牢正确政治方向", ["强化理论武装", "严格落实请示报告制度"]),
        ("聚焦中心工作，提升建言资政水平", ["高质量开展协商议政", "扎实做好提案工作"]),
        ("加强自身建设，提升履职能力", ["加强委员管理", "加强机关建设"]),
    ]
    assert [s.number for s in plan.sections] == [1, 2, 3]
    assert plan.sections[2].items[1].text == "加强机关建设。深化模范机关创建，提升服务保障水平。"


def test_an_excerpt_without_a_title_with_three_unnumbered_parts():
    found, plan = outline(UNNUMBERED_WITHOUT_TITLE)
    assert plan.title is None
    assert [t for t, _ in found] == ["坚持党的领导，把牢政治方向", "聚焦中心工作，提升建言资政水平", "加强自身建设，提升履职能力"]
    assert [len(i) for _, i in found] == [2, 2, 1]


def test_a_lead_sentence_standing_as_its_own_paragraph_takes_the_paragraph_after_it():
    found, plan = outline(LEAD_SENTENCE_ALONE)
    assert found == [
        ("坚持党的全面领导", ["加强思想政治引领", "严格落实请示报告制度"]),
        ("聚焦中心工作建言资政", ["精心组织专题协商", "做好提案工作"]),
    ]
    first = plan.sections[0].items[0]
    assert (
        first.text == "加强思想政治引领。\n坚持把学习贯彻党的创新理论作为首要政治任务，组织常委会议集体学习，推动委员深学细悟。"
    )


def test_a_heading_run_into_its_first_paragraph_after_a_space():
    found, _ = outline(HEADING_RUN_INTO_PARAGRAPH)
    assert found == [
        ("坚持党的领导", ["加强思想政治引领", "落实请示报告制度"]),
        ("聚焦中心大局", ["精心组织专题协商"]),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "1、2月份集中开展调研。",
        "第1次全会后组织视察。",
        "完成率达到100%、满意率95%以上。",
        "投入资金1.5亿元、新建项目3个。",
        "2023年1月、6月各召开一次。",
    ],
)
def test_numbers_in_a_headings_paragraph_that_are_no_points_stay_where_they_are(sentence):
    (plan,) = parse_text(f"县政协2025年工作要点\n一、加强调查研究{sentence}\n1.开展调研。深入基层。\n2.形成报告。报送县委。")
    (section,) = plan.sections
    assert section.title == "加强调查研究" + sentence.rstrip("。")
    assert [i.title for i in section.items] == ["开展调研", "形成报告"]
