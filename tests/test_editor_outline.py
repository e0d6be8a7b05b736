"""Correcting a parsed work plan's outline before it is stored: the rows of `plans.outline_rows` and the
editor's 导入 tab that shows them.

The plan below is written the way plans reach the office and the parser cannot be sure of: its third part
has no number (so it is read as text of item 3), item 2 runs two tasks together, and item 5 is no task
but a note on item 4. The secretary corrects each in the tab, and what is stored is checked table by
table; a row left untouched keeps exactly what the parser read.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from test_plans_unnumbered import (
    FLATTENED,
    HEADING_RUN_INTO_PARAGRAPH,
    LEAD_SENTENCE_ALONE,
    LEAD_SENTENCES,
    UNNUMBERED_PARTS,
)
from test_plans_word import plan_with_task_table

from helpers.paths import CORPUS
from workbench.base.errors import PlanParseError
from workbench.plans import parse_file, parse_text
from workbench.plans.outline_rows import ITEM, PART, TEXT, Outline
from workbench.ui.editor import PacketEditor

PLAN = """县政协2025年工作要点
一、加强思想政治建设
1.深入学习党的创新理论。组织常委会议集体学习。
2.开展委员读书活动。组织读书交流，每季度一次；开展委员培训。举办培训班2期。
二、积极建言资政
3.开展专题协商。围绕乡村振兴开展协商。
加强自身建设
4.加强委员队伍建设。完善委员履职档案。
5.完善履职档案。按季度更新。
"""


def stored_outline(store, year: int) -> list[tuple[tuple[int, str], int, str, str]]:
    """(section (number, title), item number, title, text) of the stored plan of `year`, in order."""
    (plan,) = [p for p in store.rows("work_plan") if p["year"] == year]
    out = []
    for section in store.rows("plan_section", work_plan_id=plan["id"], order_by="number"):
        for item in store.rows("plan_item", section_id=section["id"], order_by="number"):
            out.append(((section["number"], section["title"]), item["number"], item["title"], item["text"]))
    return out


def comparable(found):
    """What the store keeps of parsed plans: the printed marker is not stored, only the number."""
    return [
        (
            p.title,
            p.year,
            p.intro,
            [(s.number, s.title, s.text, [(i.number, i.title, i.text, i.fields) for i in s.items]) for s in p.sections],
        )
        for p in found
    ]


# ---------------------------------------------------------------- the rows, without the editor


@pytest.mark.parametrize(
    "text", [PLAN, LEAD_SENTENCES, FLATTENED, UNNUMBERED_PARTS, LEAD_SENTENCE_ALONE, HEADING_RUN_INTO_PARAGRAPH]
)
def test_rows_left_as_parsed_read_back_as_the_parsed_plan(text):
    found = parse_text(text, source="要点.txt")
    assert comparable(Outline(found, "要点.txt").plans()) == comparable(found)


def test_a_plan_with_its_task_table_keeps_owners_and_deadlines_through_the_rows(tmp_path):
    found = parse_file(plan_with_task_table(tmp_path / "要点.docx"))
    outline = Outline(found, "要点.docx")
    again = outline.plans()
    assert comparable(again) == comparable(found)
    assert any(i.fields.get("deadline") for s in again[0].sections for i in s.items)
    assert again[0].notices == found[0].notices


@pytest.mark.corpus
def test_published_plans_read_back_unchanged_through_the_rows():
    for name in ("work-plan-feixi-2023.txt", "work-plans-county-2012-and-2011.txt"):
        found = parse_file(CORPUS / name)
        assert comparable(Outline(found, name).plans()) == comparable(found), name


def rows(outline: Outline) -> list[tuple[str, str]]:
    return [(r.level, r.line) for r in outline.rows]


def test_each_correction_of_the_rows():
    outline = Outline(parse_text(PLAN, source="要点.txt"), "要点.txt")
    assert rows(outline)[5:8] == [
        (TEXT, "加强自身建设"),
        (ITEM, "4. 加强委员队伍建设。完善委员履职档案。"),
        (ITEM, "5. 完善履职档案。按季度更新。"),
    ]
    outline.set_level(5, PART)
    outline.split(2, "开展委员培训")
    assert rows(outline)[2:4] == [
        (ITEM, "2. 开展委员读书活动。组织读书交流，每季度一次；"),
        (ITEM, "开展委员培训。举办培训班2期。"),
    ]
    outline.merge_up(8)  # item 5 joins item 4's paragraph
    outline.split(0, 2)  # after two characters: “一、” alone is a part without a title
    with pytest.raises(PlanParseError, match="第1行：部分“一、”没有标题"):
        outline.plans()
    outline.merge_up(1)
    (plan,) = outline.plans()
    got = [(s.number, s.title, [(i.number, i.title, i.text) for i in s.items]) for s in plan.sections]
    assert got == [
        (
            1,
            "加强思想政治建设",
            [
                (1, "深入学习党的创新理论", "深入学习党的创新理论。组织常委会议集体学习。"),
                (2, "开展委员读书活动", "开展委员读书活动。组织读书交流，每季度一次；"),
                (3, "开展委员培训", "开展委员培训。举办培训班2期。"),
            ],
        ),
        (2, "积极建言资政", [(3, "开展专题协商", "开展专题协商。围绕乡村振兴开展协商。")]),
        (3, "加强自身建设", [(4, "加强委员队伍建设", "加强委员队伍建设。完善委员履职档案。5. 完善履职档案。按季度更新。")]),
    ]


def test_a_line_marked_as_no_item_joins_the_item_above_with_its_owner():
    found = parse_text(PLAN, source="要点.txt")
    found[0].sections[2 - 1].items[0].fields["owner"] = "李某"  # as a task table would give item 3
    outline = Outline(found, "要点.txt")
    outline.set_level(6, TEXT)  # item 4 is no item: its words and its owner go to item 3
    (plan,) = outline.plans()
    item = plan.sections[1].items[0]
    assert item.text == "开展专题协商。围绕乡村振兴开展协商。\n加强自身建设\n4. 加强委员队伍建设。完善委员履职档案。"
    assert item.fields == {"owner": "李某"}
    assert [i.title for s in plan.sections for i in s.items] == [
        "深入学习党的创新理论",
        "开展委员读书活动",
        "开展专题协商",
        "完善履职档案",
    ]


def test_corrections_that_cannot_be_made_are_refused_naming_the_line():
    outline = Outline(parse_text(PLAN, source="要点.txt"), "要点.txt")
    before = rows(outline)
    with pytest.raises(PlanParseError, match="第3行中没有“培训班3期”，无法拆分"):
        outline.split(2, "培训班3期")
    with pytest.raises(PlanParseError, match=r"“2\.”在第3行的开头"):
        outline.split(2, "2.")
    with pytest.raises(PlanParseError, match="第3行共 40 个字"):
        outline.split(2, 40)
    with pytest.raises(PlanParseError, match="第1行上面没有可以合并的行"):
        outline.merge_up(0)
    assert rows(outline) == before
    outline.set_level(0, ITEM)
    with pytest.raises(PlanParseError, match="第1行：条目“一、加强思想政治建设”上面还没有部分"):
        outline.plans()
    outline.set_level(0, PART)
    outline.set_line(4, "")
    with pytest.raises(PlanParseError, match="第5行没有文字"):
        outline.plans()
    outline.set_line(4, "牵头领导：张某")
    with pytest.raises(PlanParseError, match="第5行以“牵头领导：”开头"):
        outline.plans()
    for n in range(len(outline.rows)):
        outline.set_level(n, TEXT)
    with pytest.raises(PlanParseError, match="大纲中没有任何“部分”"):
        outline.plans()


# ---------------------------------------------------------------- the 导入 tab


@pytest.fixture
def tab(demo_store, tmp_path):
    path = tmp_path / "县政协2025年工作要点.txt"
    path.write_text(PLAN, encoding="utf-8")
    tab = PacketEditor(demo_store).imports
    data = path.read_bytes()
    # What the browser sends when a secretary chooses the file.
    tab.plan_upload.value = (
        {"name": path.name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": datetime.now()},
    )
    tab.plan_preview_button.click()
    return tab


def shown(tab) -> list[tuple[str, str, str]]:
    rows = tab.plan_rows.box.children
    return [(b.children[0].value, b.children[1].value, b.children[2].value) for b in rows]


def test_the_secretary_corrects_the_outline_in_the_tab_then_imports(tab, demo_store):
    assert not tab.plan_notice.is_error, tab.plan_notice.text
    assert [(level, line) for _, level, line in shown(tab)][5] == (TEXT, "加强自身建设")
    assert "第6行" in shown(tab)[5][0]
    assert "（2025年，2 个部分，5 条）" in tab.plan_outline.value and "试导入" in tab.plan_outline.value
    assert tab.plan_confirm.description == "按修改后的大纲导入" and not tab.plan_confirm.disabled
    assert not [p for p in demo_store.rows("work_plan") if p["year"] == 2025]

    rows = tab.plan_rows
    rows.view(6).level.value = PART  # the part written without its number
    assert "3 个部分，5 条" in tab.plan_outline.value  # the preview follows each correction
    rows.view(3).split_at.value = "开展委员培训"
    rows.view(3).split.click()  # two tasks run together
    assert rows.view(3).split_at.value == ""  # done: the words typed are cleared
    assert [line for _, _, line in shown(tab)][2:4] == [
        "2. 开展委员读书活动。组织读书交流，每季度一次；",
        "开展委员培训。举办培训班2期。",
    ]
    assert "3 个部分，6 条" in tab.plan_outline.value
    rows.view(9).level.value = TEXT  # no task: a note on item 4
    rows.view(9).line.value = "完善履职档案，按季度更新。"
    assert "3 个部分，5 条" in tab.plan_outline.value

    # a correction that cannot be made is said in Chinese, naming the line, and changes nothing
    rows.view(3).split_at.value = "培训班9期"
    rows.view(3).split.click()
    assert tab.plan_notice.is_error and "第3行中没有“培训班9期”" in tab.plan_notice.text
    assert len(shown(tab)) == 9 and not tab.plan_confirm.disabled
    # one that leaves the outline unreadable keeps the import closed until it is put right
    rows.view(1).level.value = ITEM
    assert tab.plan_notice.is_error and "第1行：条目“一、加强思想政治建设”上面还没有部分" in tab.plan_notice.text
    assert tab.plan_confirm.disabled and tab.plan_outline.value == ""
    rows.view(1).level.value = PART
    assert not tab.plan_notice.is_error and not tab.plan_confirm.disabled
    assert not [p for p in demo_store.rows("work_plan") if p["year"] == 2025]  # nothing stored yet

    tab.plan_confirm.click()
    assert not tab.plan_notice.is_error, tab.plan_notice.text
    assert stored_outline(demo_store, 2025) == [
        ((1, "加强思想政治建设"), 1, "深入学习党的创新理论", "深入学习党的创新理论。组织常委会议集体学习。"),
        ((1, "加强思想政治建设"), 2, "开展委员读书活动", "开展委员读书活动。组织读书交流，每季度一次；"),
        ((1, "加强思想政治建设"), 3, "开展委员培训", "开展委员培训。举办培训班2期。"),
        ((2, "积极建言资政"), 3, "开展专题协商", "开展专题协商。围绕乡村振兴开展协商。"),
        ((3, "加强自身建设"), 4, "加强委员队伍建设", "加强委员队伍建设。完善委员履职档案。\n完善履职档案，按季度更新。"),
    ]
    (plan,) = [p for p in demo_store.rows("work_plan") if p["year"] == 2025]
    assert (plan["title"], plan["source_name"]) == ("县政协2025年工作要点", "县政协2025年工作要点.txt")
    items = [
        i
        for s in demo_store.rows("plan_section", work_plan_id=plan["id"])
        for i in demo_store.rows("plan_item", section_id=s["id"])
    ]
    assert {i["status"] for i in items} == {"not_started"} and {i["updated_by"] for i in items} == {"测试秘书"}
    assert tab.plan_confirm.disabled and shown(tab) == []  # the rows are gone: a second click stores nothing twice


def test_merging_and_starting_again_from_the_parse(tab, demo_store):
    rows = tab.plan_rows
    rows.view(8).merge.click()  # item 5 joins item 4's paragraph
    assert "2 个部分，4 条" in tab.plan_outline.value
    assert shown(tab)[6][2] == "4. 加强委员队伍建设。完善委员履职档案。5. 完善履职档案。按季度更新。"
    rows.view(1).merge.click()
    assert tab.plan_notice.is_error and "第1行上面没有可以合并的行" in tab.plan_notice.text
    rows.reset_button.click()  # every correction undone: the rows as the parser read them
    assert len(shown(tab)) == 8 and "2 个部分，5 条" in tab.plan_outline.value
    tab.plan_confirm.click()
    assert [t for _, _, t, _ in stored_outline(demo_store, 2025)] == [
        "深入学习党的创新理论",
        "开展委员读书活动",
        "开展专题协商",
        "加强委员队伍建设",
        "完善履职档案",
    ]


def test_a_year_typed_after_the_preview_is_tried_at_once(demo_store, tmp_path):
    tab = PacketEditor(demo_store).imports
    tab.plan_text.value = PLAN.replace("2025年", "")
    tab.plan_preview_button.click()
    assert tab.plan_notice.is_error and "年度" in tab.plan_notice.text and tab.plan_confirm.disabled
    assert len(shown(tab)) == 8  # the rows stay, to be corrected while the year is found
    tab.plan_year.value = "2027"
    assert not tab.plan_notice.is_error and "2027年" in tab.plan_outline.value and not tab.plan_confirm.disabled
    tab.plan_confirm.click()
    assert len(stored_outline(demo_store, 2027)) == 5


def test_choosing_another_file_drops_the_corrections_of_the_first(tab, tmp_path):
    tab.plan_rows.view(6).level.value = PART
    other = Path(tmp_path / "另一份.txt")
    other.write_text(PLAN.replace("2025", "2024"), encoding="utf-8")
    data = other.read_bytes()
    tab.plan_upload.value = (
        {"name": other.name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": datetime.now()},
    )
    tab.plan_preview_button.click()
    assert shown(tab)[5][1] == TEXT and "（2024年，2 个部分，5 条）" in tab.plan_outline.value


TWO_PLANS = """县政协2025年工作要点
一、加强思想政治建设
1.深入学习党的创新理论。组织常委会议集体学习。
2.开展委员培训。举办培训班2期。
县政协2024年工作要点
一、积极建言资政
1.开展专题协商。围绕乡村振兴开展协商。
加强自身建设
"""


def test_a_document_holding_two_plans_is_corrected_plan_by_plan(demo_store):
    tab = PacketEditor(demo_store).imports
    tab.plan_text.value = TWO_PLANS
    tab.plan_preview_button.click()
    children = tab.plan_rows.box.children
    assert "第1份：县政协2025年工作要点" in children[0].value and "第2份：县政协2024年工作要点" in children[4].value
    assert not tab.plan_notice.is_error and "（2024年，1 个部分，1 条）" in tab.plan_outline.value
    rows = tab.plan_rows
    rows.view(4).merge.click()  # the first line of the second plan has no line above it in its plan
    assert "第4行上面没有可以合并的行" in tab.plan_notice.text
    rows.view(6).level.value = PART
    assert "（2024年，2 个部分，1 条）" in tab.plan_outline.value
    tab.plan_year.value = "2024"  # of the two, only this one is imported
    assert not tab.plan_notice.is_error, tab.plan_notice.text
    tab.plan_confirm.click()
    assert not tab.plan_notice.is_error, tab.plan_notice.text
    assert stored_outline(demo_store, 2024)[0][:3] == ((1, "积极建言资政"), 1, "开展专题协商")
    (plan,) = [p for p in demo_store.rows("work_plan") if p["year"] == 2024]
    assert [s["title"] for s in demo_store.rows("plan_section", work_plan_id=plan["id"])] == ["积极建言资政", "加强自身建设"]
    assert not [p for p in demo_store.rows("work_plan") if p["year"] == 2025]
