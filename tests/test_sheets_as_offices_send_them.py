"""Lists as offices really send them: merged cells, hidden rows and sheets, several sheets, 序号 instead of
codes, topics for meetings not yet created, the status words offices use, and CSV with any BOM.

Every file is built here the way an office builds it (openpyxl's `merge_cells`, a title row above the
header, a row hidden by hand, a draft sheet hidden). Each test runs the CLI as a secretary would and
then checks the values the store holds, not only how many rows came in.
"""

from __future__ import annotations

import openpyxl
import pytest

from helpers.stores import store_snapshot
from workbench.store import Store

COUNTY = "青岚县"


def ok(result):
    assert result.code == 0, result.out + result.err
    return result


@pytest.fixture
def office(cli):
    """An office set up from an empty store: committee and term only."""
    ok(cli("init", "--county", COUNTY, "--term", "11", "--term-start", "2022"))
    return cli


def members(store: Store) -> dict[str, dict]:
    return {r["name"]: dict(r) for r in store.rows("member")}


def roster(path, *, hidden_row: bool = True, extra_sheets: bool = True):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "委员名单"
    ws.append(["政协青岚县第十一届委员会委员名单"])
    ws.merge_cells("A1:D1")
    ws.append(["界别", "姓名", "性别", "工作单位及职务"])
    people = [
        ("中共", "张晓明", "男", "县委办公室主任"),
        (None, "李红梅", "女", "县财政局局长"),
        (None, "王建国", "男", "县交通运输局局长"),
        ("民革", "赵立新", "男", "某律师事务所主任"),
        (None, "钱秀英", "女", "县第一中学教师"),
        (None, "孙志强", "男", "县人民医院副院长"),
    ]
    for p in people:
        ws.append(p)
    ws.merge_cells("A3:A5")  # 中共 over three members
    ws.merge_cells("A6:A8")  # 民革 over three, the last of them hidden
    if hidden_row:
        ws.row_dimensions[8].hidden = True
    if extra_sheets:
        draft = wb.create_sheet("草稿")
        draft.sheet_state = "hidden"
        draft.append(["界别", "姓名", "性别", "工作单位及职务", "党派", "联系电话"])
        draft.append(["特邀", "周草稿", "男", "待定（草稿，未定）", "无", "13800000000"])
        invited = wb.create_sheet("特邀人士")
        invited.append(["姓名", "界别", "工作单位及职务"])
        invited.append(["吴文华", "特邀", "县文联原主席"])
        invited.append(["郑国平", "特邀", "县老科协会长"])
        wb.create_sheet("填表说明").append(["请按界别填写，同一界别可合并单元格。"])
    wb.save(path)
    return path


def test_a_roster_with_sectors_merged_down_each_group_stores_every_members_sector(office, store, tmp_path):
    path = roster(tmp_path / "委员名单.xlsx")
    preview = ok(office("import", "委员", str(path), "--dry-run")).out
    assert "A3:A5（“中共”，填入第4—5行）" in preview
    assert "第8行是隐藏行" in preview
    assert "隐藏的工作表“草稿”未读取" in preview
    assert "2 个委员工作表（“委员名单”“特邀人士”）" in preview
    assert "工作表“填表说明”中没有委员表头，未读取" in preview
    assert "工作表“特邀人士”第2行 委员 吴文华" in preview

    ok(office("import", "委员", str(path)))
    stored = members(store)
    assert {n: m["sector"] for n, m in stored.items()} == {
        "张晓明": "中共",
        "李红梅": "中共",
        "王建国": "中共",
        "赵立新": "民革",
        "钱秀英": "民革",
        "吴文华": "特邀",
        "郑国平": "特邀",
    }
    # The hidden row and the hidden draft sheet are not the office's list.
    assert "孙志强" not in stored and "周草稿" not in stored


def test_a_merged_unit_cell_never_erases_what_the_store_holds(office, store, tmp_path):
    def workbook(path, units_merged: bool):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["政协青岚县第十一届委员会第五次会议提案办理情况统计表"])
        ws.append(["案号", "提案题目", "主办单位", "状态"])
        ws.append([1, "关于加快县城停车设施建设的建议", "县发展改革委", "办理中"])
        ws.append([2, "关于完善农村客运网络的建议", None if units_merged else "县发展改革委", "已办复"])
        ws.append([3, "关于推进老旧小区改造的建议", "县住房城乡建设局", "已答复办结"])
        if units_merged:
            ws.merge_cells("C3:C4")
        wb.save(path)
        return path

    ok(office("import", "提案", str(workbook(tmp_path / "2026年提案.xlsx", False))))
    again = ok(office("import", "提案", str(workbook(tmp_path / "2026年提案（合并）.xlsx", True)))).out
    assert "县发展改革委" in again and "填入第4行" in again
    by_case = {r["case_no"]: r for r in store.rows("proposal")}
    assert by_case[2]["lead_unit"] == "县发展改革委"
    assert (by_case[1]["status"], by_case[2]["status"], by_case[3]["status"]) == ("handling", "replied", "closed")


def test_status_words_offices_write_are_read_and_each_mapping_is_said_once(office, store, tmp_path):
    path = tmp_path / "2026年提案.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["案号", "案由", "主办单位", "办理状态"])
    words = ["已办复", "已答复办结", "正在办理", "办理完毕", "已办理", "已办复", "已答复"]
    for i, word in enumerate(words, start=1):
        ws.append([i, f"关于第{i}件事的建议", "县政府办公室", word])
    wb.save(path)
    out = ok(office("import", "提案", str(path))).out
    line = next(line for line in out.splitlines() if "按同义词读取" in line)
    assert line.count("已办复 → 已答复") == 1
    assert "已答复办结 → 已办结" in line and "办理完毕 → 已办结" in line and "已办理 → 已答复" in line
    assert "已答复 → " not in line  # the set's own word needs no mapping
    assert [r["status"] for r in sorted(store.rows("proposal"), key=lambda r: r["case_no"])] == [
        "replied",
        "closed",
        "handling",
        "closed",
        "replied",
        "replied",
        "replied",
    ]

    # A word no office's set knows is still refused, naming the row, and nothing changes.
    ws.cell(row=3, column=4, value="基本办好")
    wb.save(path)
    before = store_snapshot(store)
    refused = office("import", "提案", str(path))
    assert refused.code != 0
    assert "第3行“办理状态”列填写的“基本办好”有误" in refused.out + refused.err
    assert store_snapshot(store) == before


def topics_workbook(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "通报议题"
    ws.append(["政协青岚县2027年常委会议情况通报议题安排"])
    ws.merge_cells("A1:D1")
    ws.append(["序号", "拟通报会议", "通报议题", "通报单位"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_years_topic_plan_numbered_by_xuhao_for_meetings_not_yet_created(office, store, tmp_path):
    ok(office("meeting", "add", "--date", "2027-03-25"))  # 十一届一次; the plan names the 二次 and 三次 too
    first = [
        (1, "十一届一次常委会议", "全县经济运行情况"),
        (2, "第十一届第二次常委会议", "乡村振兴推进情况"),
        (3, "政协青岚县第十一届委员会常务委员会第三次会议", "义务教育均衡发展情况"),
    ]
    out = ok(office("import", "通报议题", str(topics_workbook(tmp_path / "议题.xlsx", first)))).out
    assert "库中还没有“十一届二次常委会议”“十一届三次常委会议”" in out
    assert "TB2027-01、TB2027-02、TB2027-03" in out
    assert "已新建会议：十一届二次常委会议、十一届三次常委会议" in out
    meetings = {(m["seq_no"]): m for m in store.rows("meeting")}
    assert meetings[2]["held_on"] is None and meetings[3]["held_on"] is None  # dates left for the secretary
    by_code = {r["code"]: r for r in store.rows("briefing_topic")}
    assert {c: (r["topic"], r["meeting_id"]) for c, r in by_code.items()} == {
        "TB2027-01": ("全县经济运行情况", meetings[1]["id"]),
        "TB2027-02": ("乡村振兴推进情况", meetings[2]["id"]),
        "TB2027-03": ("义务教育均衡发展情况", meetings[3]["id"]),
    }

    # The list comes back re-sorted, with one topic added: records follow their text, not their 序号.
    second = [
        (1, "十一届三次常委会议", "义务教育均衡发展情况"),
        (2, "十一届一次常委会议", "全县经济运行情况"),
        (3, "十一届二次常委会议", "乡村振兴推进情况"),
        (4, "十一届三次常委会议", "医疗保障基金监管情况"),
    ]
    again = ok(office("import", "通报议题", str(topics_workbook(tmp_path / "议题（调整）.xlsx", second)))).out
    assert "对应到库中已有记录 3 条" in again and "新增 1 条" in again and "修改 0 条" in again
    by_code = {r["code"]: r["topic"] for r in store.rows("briefing_topic")}
    assert by_code == {
        "TB2027-01": "全县经济运行情况",
        "TB2027-02": "乡村振兴推进情况",
        "TB2027-03": "义务教育均衡发展情况",
        "TB2027-04": "医疗保障基金监管情况",
    }
    assert len(store.rows("meeting")) == 3  # no meeting added twice


def test_a_supervision_list_with_xuhao_only_imports_and_reimports_without_duplicates(office, store, tmp_path):
    def workbook(path, rows):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["序号", "监督事项", "责任单位", "状态"])
        for r in rows:
            ws.append(r)
        wb.save(path)
        return path

    rows = [(1, "城区黑臭水体整治", "县生态环境分局", "整改中"), (2, "农村饮水安全", "县水利局", "已销号")]
    ok(office("import", "监督事项", str(workbook(tmp_path / "2027年监督事项.xlsx", rows))))
    again = ok(office("import", "监督事项", str(workbook(tmp_path / "2027年监督事项.xlsx", rows[::-1])))).out
    assert "新增 0 条" in again
    stored = {r["code"]: (r["topic"], r["status"]) for r in store.rows("supervision_item")}
    assert stored == {
        "JD2027-01": ("城区黑臭水体整治", "in_progress"),
        "JD2027-02": ("农村饮水安全", "closed"),
    }


def test_a_workbook_whose_only_list_is_on_a_hidden_sheet_is_refused_with_the_way_out(office, store, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["说明：本表供参考"])
    hidden = wb.create_sheet("委员")
    hidden.sheet_state = "hidden"
    hidden.append(["姓名", "界别"])
    hidden.append(["张三", "中共"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    before = store_snapshot(store)
    refused = office("import", "委员", str(path))
    assert refused.code != 0
    assert "只有隐藏的工作表“委员”有委员表头" in refused.err and "取消隐藏" in refused.err
    assert store_snapshot(store) == before


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("gb18030", b"\x84\x31\x95\x33"),  # GB18030's own BOM
        ("utf-8", b"\xef\xbb\xbf\xef\xbb\xbf"),  # a BOM written twice
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),  # Python writes UTF-16's BOM itself
    ],
)
def test_csv_with_any_bom_imports(office, store, tmp_path, encoding, bom):
    text = "年度,案号,案由,主办单位\n2026,1,关于加强城乡供水的建议,县水利局\n"
    path = tmp_path / "提案.csv"
    path.write_bytes(bom + text.encode(encoding))
    ok(office("import", "提案", str(path)))
    (row,) = store.rows("proposal")
    assert (row["year"], row["case_no"], row["title"], row["lead_unit"]) == (2026, 1, "关于加强城乡供水的建议", "县水利局")


def test_a_personnel_workbook_reads_merged_sectors_and_leaves_out_hidden_drafts(office, store, tmp_path):
    ok(office("meeting", "add", "--date", "2027-03-25"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任免名单"
    ws.append(["政协青岚县第十一届委员会常务委员会第一次会议任免名单"])
    ws.merge_cells("A1:E1")
    ws.append(["姓名", "性别", "界别", "工作单位及职务", "任免职务"])
    ws.append(["一、增补委员（2名）"])
    ws.merge_cells("A3:E3")  # a group row merged across: a kind, not a person
    ws.append(["张一鸣", "男", "经济界", "县某实业公司董事长", None])
    ws.append(["李若兰", "女", None, "县个体劳动者协会会长", None])
    ws.merge_cells("C4:C5")
    ws.append(["王未定", "男", "教育界", "县第二中学校长", None])
    ws.row_dimensions[6].hidden = True
    ws.append(["二、免去职务（1名）"])
    ws.merge_cells("A7:E7")
    ws.append(["赵守诚", "男", "中共", "县农业农村局局长", "县政协农业和农村委员会副主任"])
    draft = wb.create_sheet("草稿")
    draft.sheet_state = "hidden"
    draft.append(["姓名", "任免职务", "事项"])
    draft.append(["钱某", "县政协主席", "免去县政协主席职务（草稿，未定）"])
    path = tmp_path / "任免名单.xlsx"
    wb.save(path)

    out = ok(office("personnel", "import", str(path))).out
    assert "隐藏的工作表“草稿”未读取" in out and "隐藏行（第6行）未读取" in out
    stored = [(r["kind"], r["name"], r["sector"]) for r in sorted(store.rows("personnel_change"), key=lambda r: r["position"])]
    assert stored == [("add_member", "张一鸣", "经济界"), ("add_member", "李若兰", "经济界"), ("remove", "赵守诚", "中共")]
