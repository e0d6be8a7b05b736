"""The published work plans in ../shared/corpus parse into exactly the sections and items they print.

Counts and titles below were taken by reading the files line by line; the
speech in the corpus is not a work plan and must be refused in Chinese.
"""

from __future__ import annotations

import json

import pytest

from helpers.paths import CORPUS
from workbench.base.errors import PlanParseError
from workbench.plans import parse_file

FEIXI = CORPUS / "work-plan-feixi-2023.txt"
COUNTY = CORPUS / "work-plans-county-2012-and-2011.txt"
SPEECH = CORPUS / "speech-liaison-groups-2012.txt"

pytestmark = pytest.mark.corpus


def test_feixi_2023_sections_items_and_titles():
    plans = parse_file(FEIXI)
    assert len(plans) == 1
    plan = plans[0]
    assert plan.title == "肥西县政协2023年工作要点"
    assert plan.year == 2023
    assert [s.number for s in plan.sections] == [1, 2, 3, 4, 5, 6]
    assert [len(s.items) for s in plan.sections] == [3, 5, 3, 3, 3, 3]
    assert [s.title for s in plan.sections] == [
        "提高政治站位,实施政治建设引领行动",
        "发挥职能优势,实施参政议政提质行动",
        "突出中心大局,实施履职能力提升行动",
        "坚持双向发力,实施凝心聚力同心行动",
        "突出服务民生,实施履职为民担当行动",
        "加强自身建设,实施固本强基巩固行动",
    ]
    items = [i for s in plan.sections for i in s.items]
    # Items are numbered on across the six sections, 1 to 20.
    assert [i.number for i in items] == list(range(1, 21))
    titles = {i.number: i.title for i in items}
    assert titles[1] == "深入学习宣传党的二十大精神"
    assert titles[7] == "面向基层开展“有事好商量”"
    assert titles[8] == "突出抓好“线上协商议事厅”建设"
    assert titles[10] == "开展“访委员、促履职、助发展”活动"
    assert titles[18] == "开展做合格政协委员主题大讨论"
    assert titles[20] == "加强机关作风建设"
    last = items[-1]
    assert last.text.startswith("加强机关作风建设。全力支持配合省委、市委")
    assert last.text.endswith("为推动政协高质量履职提供保障。")
    # The site's footer (links, copyright, ICP) is not part of the last item.
    assert "国家部委网站" not in last.text and "ICP" not in last.text
    assert all("浏览次数" not in i.text for i in items)
    assert plan.intro.startswith("2023年是全面贯彻落实中共二十大精神的开局之年")


def test_county_file_holds_two_plans_2012_and_2011():
    plans = parse_file(COUNTY)
    assert len(plans) == 2
    p2012, p2011 = plans
    assert (p2012.year, p2011.year) == (2012, 2011)
    # Neither plan prints a title of its own: the page title covers both ("…工作要点2篇").
    assert p2012.title is None and p2011.title is None

    assert [len(s.items) for s in p2012.sections] == [3, 4, 3, 6]
    assert [s.title for s in p2012.sections] == [
        "加强学习,提高委员素质",
        "认真履职,促进科学发展",
        "发挥优势,构建谐社会",
        "多措并举,加强自身建设",
    ]
    items = [i for s in p2012.sections for i in s.items]
    assert [i.number for i in items] == list(range(1, 17))
    assert items[0].title == "组织委员培训"
    assert items[6].title == "积极参与中心工作"
    assert items[9].title == "谋划文史资料征集工作"
    assert items[13].title == "加强对委员联络组的指导"
    assert items[15].title == "推进政协工作“三化”建设"
    # The last item of the first plan stops before 第二篇.
    assert items[15].text.endswith("推进政协工作制度化、规范化、程序化。")
    assert "第二篇" not in items[15].text

    assert [len(s.items) for s in p2011.sections] == [2, 4, 3, 7]
    assert [s.title for s in p2011.sections] == [
        "加强学习,提高履职能力",
        "履职尽责,推动科学发展",
        "发挥优势,促进社会谐",
        "强基固本,提升工作水平",
    ]
    items = [i for s in p2011.sections for i in s.items]
    assert [i.number for i in items] == list(range(1, 17))
    assert items[0].title == "明确学习重点"
    assert items[2].title == "丰富政治协商内容"
    assert items[13].title == "协助县委召开全县政协工作会议"
    assert items[15].title == "推进政协工作“三化”建设"
    assert p2011.intro.startswith("2011年是实施“十二五”规划的开局之年")


def test_speech_is_refused_as_not_a_work_plan():
    with pytest.raises(PlanParseError) as info:
        parse_file(SPEECH)
    message = str(info.value)
    assert "不是年度工作要点" in message
    assert "讲话" in message and "同志们" in message
    assert "speech-liaison-groups-2012.txt" in message


def test_cli_json_has_the_required_shape(cli):
    result = cli("plan", "parse", COUNTY, "--json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert set(data) >= {"plans"}
    assert len(data["plans"]) == 2
    for plan in data["plans"]:
        assert set(plan) >= {"title", "year", "sections"}
        assert plan["title"] is None or isinstance(plan["title"], str)
        assert isinstance(plan["year"], int)
        for section in plan["sections"]:
            assert isinstance(section["number"], int) and isinstance(section["title"], str)
            for item in section["items"]:
                assert isinstance(item["number"], int)
                assert isinstance(item["title"], str) and isinstance(item["text"], str)
    assert [sum(len(s["items"]) for s in p["sections"]) for p in data["plans"]] == [16, 16]


def test_cli_outline_is_readable_chinese(cli):
    result = cli("plan", "parse", FEIXI)
    assert result.code == 0, result
    assert "识别出 1 份工作要点" in result.out
    assert "肥西县政协2023年工作要点" in result.out
    assert "共 6 个部分、20 条" in result.out
    assert "一、 提高政治站位,实施政治建设引领行动（3 条）" in result.out
    assert "20. 加强机关作风建设" in result.out


def test_cli_speech_gives_chinese_error_without_traceback(cli):
    result = cli("plan", "parse", SPEECH)
    assert result.code == 1
    assert result.err.startswith("错误：")
    assert "不是年度工作要点" in result.err
    assert "Traceback" not in result.err + result.out
