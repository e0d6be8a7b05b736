"""The outline file of the CLI: `plan parse FILE --outline OUT.txt`, corrected by hand, then `plan import --outline`.

The corrections are those a secretary makes in a text editor: a part the parser took for an item is
promoted, an item is split in two, a line that is no item is turned into text of the item above, and
one item is merged into the one before it. What is stored is checked against the corrected file.
"""

from __future__ import annotations

from datetime import date

from test_plans_word import plan_with_task_table

from workbench.plans import parse_file
from workbench.plans.outline_file import read_outline, write_outline

# A plan whose third part was written without its number, so the parser reads it as text of item 3.
PLAN = """县政协2025年工作要点
2025年县政协工作的总体要求是：坚持团结和民主两大主题。
一、加强思想政治建设
1.深入学习党的创新理论。组织常委会议集体学习。
2.开展委员读书活动和委员培训。组织读书交流，举办培训班。
二、积极建言资政
3.开展专题协商。围绕乡村振兴开展协商。
加强自身建设
4.加强委员队伍建设。完善委员履职档案。
5.完善履职档案。按季度更新。
"""


def test_the_outline_of_a_parsed_plan_reads_back_as_the_same_plan(tmp_path):
    path = plan_with_task_table(tmp_path / "要点.docx")
    plans = parse_file(path)
    again = read_outline(write_outline(plans), "大纲.txt")

    def outline(found):
        # Whether an item is only in the task table is a note in the file, for the reader, not read back.
        return [
            [{**s, "items": [{k: v for k, v in i.items() if k != "only_in_table"} for i in s["items"]]} for s in sections]
            for sections in (p.to_dict()["sections"] for p in found)
        ]

    assert outline(again) == outline(plans)
    assert any(i.get("fields", {}).get("deadline") for s in outline(again)[0] for i in s["items"])
    assert (again[0].title, again[0].year, again[0].intro) == (plans[0].title, plans[0].year, plans[0].intro)


def test_an_outline_corrected_by_hand_is_what_is_stored(store, cli, tmp_path):
    source = tmp_path / "要点.txt"
    source.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "大纲.txt"
    r = cli("plan", "parse", source, "--outline", out)
    assert r.code == 0 and "大纲已写入" in r.out and "plan import --outline" in r.out, r
    text = out.read_text(encoding="utf-8-sig")
    assert "    3. 开展专题协商\n        正文：开展专题协商。围绕乡村振兴开展协商。\n        正文：加强自身建设\n" in text

    corrected = (
        text.replace("        正文：加强自身建设\n", "三、加强自身建设\n")  # promote: the part the parser missed
        .replace(
            "    2. 开展委员读书活动和委员培训\n        正文：开展委员读书活动和委员培训。组织读书交流，举办培训班。\n",
            "    2. 开展委员读书活动\n        正文：组织读书交流。\n        完成时限：6月底\n"
            "    3. 开展委员培训\n        正文：举办培训班。\n        牵头委室：学习委\n",
        )  # split one item in two, with what the table would have said
        .replace("    5. 完善履职档案\n", "        正文：完善履职档案。\n")  # no item: the words join item 4
        .replace("        正文：完善履职档案。按季度更新。\n", "        正文：按季度更新。\n")
    )
    out.write_text(corrected, encoding="utf-8")
    r = cli("plan", "import", "--outline", out)
    assert r.code == 0 and "3 个部分，5 条" in r.out, r
    sections = {s["id"]: (s["number"], s["title"]) for s in store.rows("plan_section")}
    stored = [(sections[i["section_id"]], i["number"], i["title"]) for i in store.rows("plan_item")]
    assert sorted(stored) == [
        ((1, "加强思想政治建设"), 1, "深入学习党的创新理论"),
        ((1, "加强思想政治建设"), 2, "开展委员读书活动"),
        ((1, "加强思想政治建设"), 3, "开展委员培训"),
        ((2, "积极建言资政"), 3, "开展专题协商"),
        ((3, "加强自身建设"), 4, "加强委员队伍建设"),
    ]
    items = {i["title"]: i for i in store.rows("plan_item")}
    assert items["开展委员读书活动"]["deadline"] == date(2025, 6, 30) and items["开展委员读书活动"]["text"] == "组织读书交流。"
    assert items["开展委员培训"]["lead_committee"] == "学习委"
    assert items["开展专题协商"]["text"] == "开展专题协商。围绕乡村振兴开展协商。"
    assert items["加强委员队伍建设"]["text"] == "加强委员队伍建设。完善委员履职档案。\n完善履职档案。\n按季度更新。"
    assert store.rows("work_plan")[0]["year"] == 2025


def test_a_misplaced_line_is_refused_naming_the_file_and_line(store, cli, tmp_path):
    out = tmp_path / "大纲.txt"
    out.write_text("标题：县政协2025年工作要点\n年度：2025\n    1. 开展学习\n一、加强学习\n", encoding="utf-8")
    r = cli("plan", "import", "--outline", out)
    assert r.code != 0 and "“大纲.txt”第3行：条目“1. 开展学习”之前没有部分" in r.err, r
    out.write_text("标题：县政协工作要点\n年度：二〇二五\n一、加强学习\n    1. 开展学习\n", encoding="utf-8")
    r = cli("plan", "import", "--outline", out)
    assert r.code != 0 and "“大纲.txt”第2行：年度“二〇二五”不正确" in r.err, r
    assert store.rows("plan_item") == []
    r = cli("plan", "import")
    assert r.code != 0 and "请给出要导入的工作要点文件" in r.err, r
