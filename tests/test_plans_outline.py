"""The outline parser on the variety published plans show: small synthetic documents, one habit each.

Each fixture is written the way such pages and files come to an office (web
clutter, several plans, every numbering style, headings standing alone,
placeholder years). The property test at the end feeds random and mangled text
and accepts nothing but a plan list or the parser's own `PlanParseError`.
"""

from __future__ import annotations

import contextlib
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.base.errors import PlanParseError
from workbench.plans import parse_text


def shape(plans):
    return [[len(s.items) for s in p.sections] for p in plans]


def titles(section):
    return [i.title for i in section.items]


WEB_PAGE = """网站首页 > 政协工作 > 工作要点
您的位置：首页 >> 信息公开 >> 正文
青岚县政协2025年工作要点
发布日期：2025-02-18　浏览次数：1234　字号：[大 中 小]
2025年是“十四五”规划收官之年。县政协工作的总体要求是：坚持团结和民主两大主题。
一、加强思想政治建设
1、深入学习党的创新理论。组织常委会议集体学习。
2、坚持党的领导。落实请示报告制度。
二、聚焦中心建言资政
1、开展专题协商。围绕乡村振兴开展专题协商。
（1）组织调研。（2）召开协商会。
2、做好提案工作。提高提案质量。
三、加强自身建设
加强委员队伍建设，完善履职档案。
政协青岚县委员会
2025年2月18日
【打印本页】【关闭窗口】
更多相关推荐
青岚县政协2024年工作要点
青岚县政协2023年工作要点
版权所有：政协青岚县委员会　皖ICP备12345678号　技术支持：某某网络
"""


def test_web_clutter_is_dropped_and_numbers_restart_per_section():
    plans = parse_text(WEB_PAGE)
    assert len(plans) == 1  # the "更多相关推荐" links are not further plans
    plan = plans[0]
    assert plan.title == "青岚县政协2025年工作要点"
    assert plan.year == 2025
    assert shape(plans) == [[2, 2, 0]]
    assert [s.title for s in plan.sections] == ["加强思想政治建设", "聚焦中心建言资政", "加强自身建设"]
    assert [i.number for i in plan.sections[1].items] == [1, 2]
    assert titles(plan.sections[1]) == ["开展专题协商", "做好提案工作"]
    # The sub-points (1)(2) stay inside their item.
    assert plan.sections[1].items[0].text == "开展专题协商。围绕乡村振兴开展专题协商。\n（1）组织调研。（2）召开协商会。"
    # A section with no numbered items keeps its paragraph; signature, date and footer are gone.
    assert plan.sections[2].text == "加强委员队伍建设，完善履职档案。"
    every = "\n".join([plan.intro] + [s.text for s in plan.sections] + [i.text for s in plan.sections for i in s.items])
    for clutter in ("浏览次数", "首页", "政协青岚县委员会", "2025年2月18日", "ICP", "更多相关推荐", "打印"):
        assert clutter not in every


def test_sections_numbered_one_and_items_in_parentheses_with_deeper_points_inside():
    text = """县政协2024年工作要点
一、总体要求
以习近平新时代中国特色社会主义思想为指导。
二、主要任务
（一）加强理论学习。坚持学习制度。
1.每月集中学习一次。
2.举办读书班。
（二）开展协商议政
围绕中心工作开展协商。
全年安排专题协商2次。
(三)强化民主监督。开展专项监督。
三、保障措施
1.加强组织领导。明确责任分工。
2.强化督查落实。每季度通报进展。
"""
    (plan,) = parse_text(text)
    assert shape([plan]) == [[0, 3, 2]]
    assert plan.sections[0].text == "以习近平新时代中国特色社会主义思想为指导。"
    main = plan.sections[1]
    assert [i.number for i in main.items] == [1, 2, 3]
    assert titles(main) == ["加强理论学习", "开展协商议政", "强化民主监督"]
    assert main.items[0].text == "加强理论学习。坚持学习制度。\n1.每月集中学习一次。\n2.举办读书班。"
    # A numbered line standing alone is the title; the paragraphs below are its text.
    assert main.items[1].text == "围绕中心工作开展协商。\n全年安排专题协商2次。"
    # The last section has no （一） items, so its own "1." entries are its items.
    assert titles(plan.sections[2]) == ["加强组织领导", "强化督查落实"]


def test_two_plan_titles_in_one_document_and_numbers_running_on():
    text = """县政协2024年工作要点
一、加强学习
1. 学习一。内容。
2. 学习二。内容。
二、加强监督
3. 监督一。内容。
4. 监督二。内容。
县政协2023年工作要点
一、加强学习
1．学习一。内容。
２．学习二。内容。
二、加强监督
３．监督一。内容。
"""
    plans = parse_text(text)
    assert [(p.title, p.year) for p in plans] == [("县政协2024年工作要点", 2024), ("县政协2023年工作要点", 2023)]
    assert shape(plans) == [[2, 2], [2, 1]]
    assert [i.number for i in plans[0].sections[1].items] == [3, 4]
    assert [i.number for i in plans[1].sections[1].items] == [3]
    assert plans[1].sections[1].items[0].title == "监督一"


def test_pieces_introduced_by_di_yi_pian():
    text = """政协工作要点2篇
第一篇
2022年县政协工作的总体要求是：坚持团结和民主两大主题。
一、加强学习
1、组织培训。内容。
第二篇
县政协2021年工作要点
一、加强学习
1、明确重点。内容。
二、强化监督
2、开展视察。内容。
"""
    plans = parse_text(text)
    assert [(p.title, p.year) for p in plans] == [(None, 2022), ("县政协2021年工作要点", 2021)]
    assert shape(plans) == [[1], [1, 1]]


@pytest.mark.parametrize("marker", ["1、", "1.", "1．", "１．", "（1）", "(1)", "①", "⑴"])
def test_every_item_numbering_style(marker):
    def mk(n):
        return (
            marker.replace("1", str(n))
            .replace("１", chr(0xFF10 + n))
            .replace("①", chr(0x2460 + n - 1))
            .replace("⑴", chr(0x2474 + n - 1))
        )

    text = "\n".join(
        [
            "县政协2025年工作要点",
            "一、加强学习",
            f"{mk(1)}学习理论。每月一次。",
            f"{mk(2)}学习业务。每季度一次。",
            "二、民主监督",
            f"{mk(3)}开展视察。两次。",
        ]
    )
    (plan,) = parse_text(text)
    assert shape([plan]) == [[2, 1]]
    assert [i.number for s in plan.sections for i in s.items] == [1, 2, 3]
    assert [i.title for s in plan.sections for i in s.items] == ["学习理论", "学习业务", "开展视察"]
    assert plan.sections[0].items[0].text == "学习理论。每月一次。"


@pytest.mark.parametrize("section_marker", ["一、", "一．", "一.", "(一)", "（一）", "第一部分 "])
def test_every_section_numbering_style(section_marker):
    second = section_marker.replace("一", "二")
    text = f"县政协2025年工作要点\n{section_marker}加强学习\n1.学习理论。内容。\n{second}民主监督\n2.开展视察。内容。"
    (plan,) = parse_text(text)
    assert [s.title for s in plan.sections] == ["加强学习", "民主监督"]
    assert shape([plan]) == [[1, 1]]


def test_a_list_inside_an_item_numbered_like_the_items_stays_in_that_item():
    text = """一、加强学习
1.学习一。内容。
2.学习二。内容如下：
1.第一点；
2.第二点；
3.第三点。
3.学习三。内容。
二、加强监督
1.监督一。内容。
"""
    (plan,) = parse_text(text)
    assert shape([plan]) == [[3, 1]]
    assert plan.sections[0].items[1].text == "学习二。内容如下：\n1.第一点；\n2.第二点；\n3.第三点。"
    assert plan.title is None and plan.year is None


@pytest.mark.parametrize(
    "title, year",
    [
        ("政协XX县委员会20xx年工作要点", None),
        ("政协XX县委员会20XX年工作要点", None),
        ("县政协工作要点", None),
        ("二〇二四年县政协工作要点", 2024),
        ("县政协2026年度工作要点", 2026),
        ("县政协2026年工作要点（征求意见稿）", 2026),
    ],
)
def test_year_from_title(title, year):
    (plan,) = parse_text(f"{title}\n一、加强学习\n1.学习。内容。")
    assert plan.title == title
    assert plan.year == year


def test_year_from_first_lines_when_the_title_has_none():
    (plan,) = parse_text("县政协工作要点\n2027年县政协工作的总体要求是：围绕中心。\n一、加强学习\n1.学习。内容。")
    assert plan.year == 2027
    (plan,) = parse_text("县政协工作要点\n20xx年县政协工作的总体要求是：围绕中心。\n一、加强学习\n1.学习。内容。")
    assert plan.year is None


def test_covering_notice_and_title_broken_over_two_lines():
    text = """关于印发《政协青岚县委员会2024年工作要点》的通知
各专委会、各委员联络组：
现将《政协青岚县委员会2024年工作要点》印发给你们，请结合实际认真贯彻落实。
政协青岚县委员会办公室
2024年2月20日
政协青岚县委员会
2024年工作要点
一、加强学习
1.加强理论学习
坚持常委会议学习制度，每季度集中学习一次。
组织委员参加培训。
2.开展读书活动
举办委员读书班。
二、民主监督
①开展专项监督。监督县财政局。
②开展民主评议。评议两个部门。
"""
    (plan,) = parse_text(text)
    assert plan.title == "政协青岚县委员会2024年工作要点"
    assert plan.year == 2024
    assert plan.intro == ""  # the notice is not part of the plan
    assert shape([plan]) == [[2, 2]]
    assert plan.sections[0].items[0].title == "加强理论学习"
    assert plan.sections[0].items[0].text == "坚持常委会议学习制度，每季度集中学习一次。\n组织委员参加培训。"
    assert titles(plan.sections[1]) == ["开展专项监督", "开展民主评议"]


def test_half_width_punctuation_and_full_width_digits():
    text = "县政协2025年工作要点\n一.加强学习,提高素质\n１、学习理论.每月一次。\n2、学习业务,每季度一次;组织考试。\n"
    (plan,) = parse_text(text)
    assert plan.sections[0].title == "加强学习,提高素质"
    assert titles(plan.sections[0]) == ["学习理论.每月一次", "学习业务,每季度一次;组织考试"]


def test_pasted_text_with_windows_line_endings_and_odd_spaces():
    text = (
        "\ufeff县政协2025年工作要点\r\n\r\n\u3000\u3000一、加强学习\r\n"
        "\u3000\u30001.学习理论。每月一次。\r\n\u00a02.学习业务。每季度一次。\r\n二、民主监督\r\n3.开展视察。两次。\r\n"
    )
    (plan,) = parse_text(text)
    assert plan.title == "县政协2025年工作要点"
    assert shape([plan]) == [[2, 1]]
    assert plan.sections[0].items[1].text == "学习业务。每季度一次。"
    assert all("\r" not in i.text for s in plan.sections for i in s.items)


def test_text_hard_wrapped_at_a_fixed_width_is_joined_back():
    paragraphs = [
        "县政协2025年工作要点",
        "一、加强思想政治建设，筑牢团结奋斗的共同思想政治基础",
        "1.深入学习贯彻党的创新理论。坚持党组理论学习中心组学习、常委会议集体学习、委员专题培训制度，组织开展读书活动和专题研讨。",
        "2.坚持和加强党的全面领导。严格落实重大事项请示报告制度，确保县委决策部署在政协工作中得到贯彻落实。",
        "二、聚焦中心大局，积极建言资政",
        "3.围绕高质量发展开展协商议政。聚焦产业转型、乡村振兴、营商环境等重点课题组织专题调研，形成高质量调研报告，召开专题协商会。",
    ]
    wrapped = "\n".join(line for p in paragraphs for line in textwrap.wrap(p, 24))
    (plan,) = parse_text(wrapped)
    assert shape([plan]) == [[2, 1]]
    first = plan.sections[0].items[0]
    assert first.title == "深入学习贯彻党的创新理论"
    assert first.text == paragraphs[2][2:]
    assert plan.sections[1].items[0].text == paragraphs[5][2:]


def test_marker_alone_on_its_line_joins_the_heading_below():
    (plan,) = parse_text("县政协2025年工作要点\n一、\n加强学习\n1.\n学习理论。内容。\n二、\n民主监督\n2.\n开展视察。内容。")
    assert [s.title for s in plan.sections] == ["加强学习", "民主监督"]
    assert [i.title for s in plan.sections for i in s.items] == ["学习理论", "开展视察"]


def test_sections_numbered_again_from_one_start_another_plan():
    text = (
        "一、加强学习\n1.学习。内容。\n二、民主监督\n2.视察。内容。\n一、加强学习\n1.学习。内容。\n二、民主监督\n2.评议。内容。"
    )
    plans = parse_text(text)
    assert shape(plans) == [[1, 1], [1, 1]]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "空的"),
        ("   \n\r\n\u3000 \n", "空的"),
        ("这是一段普通的文字，没有任何编号。\n第二段也没有。", "没有找到可识别的工作要点"),
        ("首页 > 新闻 > 正文\n版权所有 © 2024\n浏览次数:12", "没有正文"),
    ],
)
def test_text_without_a_plan_gives_a_chinese_message(text, expected):
    with pytest.raises(PlanParseError) as info:
        parse_text(text)
    assert expected in str(info.value)
    assert "一、" in str(info.value)  # it says what was expected


def test_a_work_report_is_not_a_work_plan():
    text = "县政协2024年工作总结\n同志们：\n一、主要工作\n1.开展学习。内容。\n二、存在问题\n2.问题。内容。"
    with pytest.raises(PlanParseError) as info:
        parse_text(text)
    assert "不是年度工作要点" in str(info.value)


# -------------------------------------------------------------- property test
_PIECES = [
    "一、",
    "二、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "１．",
    "（1）",
    "①",
    "⑵",
    "第一篇",
    "第二篇",
    "2024年工作要点",
    "20xx年",
    "二〇二四年",
    "。",
    "，",
    ",",
    "：",
    "\n",
    "\r\n",
    "\r",
    "\u3000",
    "浏览次数",
    "更多相关推荐",
    "版权所有",
    "首页 > ",
    "同志们：",
    "讲话",
    "十",
    "十十",
    "一十一、",
    "加强学习",
    "开展视察",
    "\x00",
    "\ufeff",
    "\u2028",
    "》",
    "《",
    "附件：",
    "第1页",
    "— 3 —",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=80).map("".join),
    )
)
def test_random_and_mangled_text_only_ever_raises_the_parsers_error(text):
    try:
        plans = parse_text(text)
    except PlanParseError as exc:
        assert str(exc)
        return
    for plan in plans:
        assert plan.sections
        for section in plan.sections:
            assert isinstance(section.number, int) and isinstance(section.title, str)
            for item in section.items:
                assert isinstance(item.number, int) and isinstance(item.title, str) and isinstance(item.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_real_plan_cut_and_shuffled_never_breaks_the_parser(data):
    from helpers.paths import CORPUS

    lines = (CORPUS / "work-plan-feixi-2023.txt").read_text(encoding="utf-8").splitlines()
    picked = data.draw(st.lists(st.sampled_from(lines), max_size=40))
    cut = data.draw(st.integers(min_value=0, max_value=60))
    text = "\n".join(line[cut:] if i % 2 else line for i, line in enumerate(picked))
    with contextlib.suppress(PlanParseError):
        parse_text(text)


def test_a_line_in_the_body_naming_another_plan_does_not_split_the_plan():
    text = """县政协2025年工作要点
一、加强学习
1.学习理论。内容。
2.落实上级要求
认真落实市政协工作要点
组织委员对照检查。
3.学习业务。内容。
二、民主监督
4.开展视察。内容。
"""
    (plan,) = parse_text(text)
    assert shape([plan]) == [[3, 1]]
    assert plan.sections[0].items[1].text == "认真落实市政协工作要点\n组织委员对照检查。"


def test_a_page_flattened_into_one_line_is_split_at_its_numbered_parts():
    text = (
        "首页 > 要闻\n县政协2024年工作要点 2024年县政协工作的总体要求是：围绕中心、服务大局。 "
        "一、加强思想政治建设 1、深入学习。组织集体学习。 2、坚持党的领导。落实请示报告制度。 "
        "二、积极建言资政 3、开展专题协商。围绕乡村振兴协商（1）组织调研；（2）召开协商会。 "
        "三、加强自身建设，完善委员履职档案。"
    )
    (plan,) = parse_text(text)
    assert plan.title == "县政协2024年工作要点" and plan.year == 2024
    assert shape([plan]) == [[2, 1, 0]]
    assert [s.title for s in plan.sections] == ["加强思想政治建设", "积极建言资政", "加强自身建设，完善委员履职档案"]
    assert plan.sections[1].items[0].text == "开展专题协商。围绕乡村振兴协商（1）组织调研；（2）召开协商会。"


def test_official_end_matter_is_not_part_of_the_last_section():
    text = """XX县政协2022年工作要点
（2022年1月20日政协XX县第九届委员会常务委员会第十次会议通过）
一、加强思想政治引领
坚持用党的创新理论武装头脑。
二、服务中心大局
围绕县委中心工作开展协商。
三、加强自身建设
提高履职能力。
附件：1. 2022年协商计划
2. 2022年视察安排
抄送：县委办公室
政协XX县委员会办公室      2022年1月21日印发
"""
    # Sections without a single numbered item are no plan to import: refused, saying why.
    with pytest.raises(PlanParseError, match=r"3 个部分.*没有找到任何编号的条目"):
        parse_text(text)
    numbered = text.replace("坚持用", "1.坚持用").replace("围绕县委", "2.围绕县委").replace("提高履职", "3.提高履职")
    (plan,) = parse_text(numbered)
    assert plan.year == 2022
    assert shape([plan]) == [[1, 1, 1]]
    assert plan.sections[2].items[0].text == "提高履职能力。"
    assert plan.intro == "（2022年1月20日政协XX县第九届委员会常务委员会第十次会议通过）"


def test_title_spaced_out_for_layout():
    (plan,) = parse_text("政 协 青 岚 县 委 员 会\n2025 年 工 作 要 点\n一、加强学习\n1.学习。内容。")
    assert plan.title == "政协青岚县委员会2025年工作要点"
    assert plan.year == 2025


def test_plan_without_title_mentioning_briefings_is_still_a_plan():
    (plan,) = parse_text(
        "一、知情明政\n1.听取县政府工作通报\n每季度一次。\n2.组织大会发言\n做好准备。\n二、自身建设\n3.完善制度。内容。"
    )
    assert shape([plan]) == [[2, 1]]
