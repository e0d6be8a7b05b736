"""Files as departments really fill them in: title rows, merged two-row headers, synonyms,
full-width digits, every way of writing a date, stray spaces, CSV in three encodings.
"""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from workbench.sheets import kinds, normalize


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2025-03-08", date(2025, 3, 8)),
        ("2025/3/8", date(2025, 3, 8)),
        ("2025.3.8", date(2025, 3, 8)),
        ("2025年3月8日", date(2025, 3, 8)),
        ("２０２５年３月８日", date(2025, 3, 8)),
        (" 2025 年 3 月 8 日 ", date(2025, 3, 8)),
        ("20250308", date(2025, 3, 8)),
        (45724, date(2025, 3, 8)),
        (45724.0, date(2025, 3, 8)),
        ("45724", date(2025, 3, 8)),
        (datetime(2025, 3, 8, 0, 0), date(2025, 3, 8)),
        ("2025-03-08 00:00:00", date(2025, 3, 8)),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_in_every_office_spelling(raw, expected):
    assert normalize.day(raw) == expected


@pytest.mark.parametrize("raw", ["2025-02-30", "三月八日", "2025-3", "下周一", True])
def test_bad_dates_say_what_is_expected(raw):
    with pytest.raises(normalize.Bad) as exc:
        normalize.day(raw)
    assert "日期" in exc.value.expected


def test_numbers_text_and_flags():
    assert normalize.integer("０２３") == 23
    assert normalize.integer("第023号") == 23
    assert normalize.integer(23.0) == 23
    with pytest.raises(normalize.Bad):
        normalize.integer("二十三")
    assert normalize.text(" 关于加快\n标准化厂房建设\r\n的建议\u3000") == "关于加快标准化厂房建设的建议"
    assert normalize.text("王  五") == "王五"
    assert normalize.text("Zhang San") == "Zhang San"
    assert normalize.text(13812345678.0) == "13812345678"
    assert normalize.text("第一行 \n\n 第二行", multiline=True) == "第一行\n第二行"
    assert normalize.boolean("是") is True and normalize.boolean("否") is False and normalize.boolean(None) is False
    with pytest.raises(normalize.Bad):
        normalize.boolean("也许")
    assert normalize.label("进行中", "plan_item_status") == "in_progress"
    assert normalize.label("A类", "reply_category") == "A"
    assert normalize.label("联络组(集体)", "proposer_type") == "liaison_group"


def test_no_two_fields_of_a_kind_share_a_header():
    for kind in kinds.KINDS:
        seen = {}
        for f in kind.fields:
            for h in f.headers:
                key = normalize.header_key(h)
                assert seen.setdefault(key, f.name) == f.name, (kind.name, h)


def test_messy_workbook_with_title_row_and_merged_two_row_header(store, cli, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.worksheets[0]
    ws.title = "说明"
    ws["A1"] = "本表请于11月30日前报送"
    ws = wb.create_sheet("2025年提案")
    ws["A1"] = "青岚县政协2025年提案办理情况表"
    ws.merge_cells("A1:J1")
    for col, header in zip("ABCDE", ["提案号", "案由", "领衔提案人", "承办单位", "完成时限"]):
        ws[f"{col}2"] = header
        ws.merge_cells(f"{col}2:{col}3")
    ws["F2"] = "答复情况"
    ws.merge_cells("F2:G2")
    ws["F3"], ws["G3"] = "答复日期", "答复类别"
    ws["H2"] = "办理\n状态"
    ws.merge_cells("H2:H3")
    ws["I2"], ws["J2"] = "备注", "年 度"
    ws.append(
        [
            "０２３",
            " 关于加快\n标准化厂房建设的建议 ",
            "王  五",
            "县财政局",
            "2025/6/10",
            "2025年5月8日",
            "A",
            "办理中",
            None,
            2025,
        ]
    )
    ws.append(
        ["第024号", "关于完善村务公开制度的建议", "李四", "县民政局", 45816, "2025.5.9", "B类", "已答复", "催办一次", "２０２５"]
    )
    ws.append([None] * 10)
    ws.append(
        [25, "关于建设城市绿道的建议", "赵六", "县住房城乡建设局", datetime(2025, 6, 10), None, None, "正在办理", None, 2025]
    )
    wb.save(tmp_path / "办理情况.xlsx")

    r = cli("import", "proposal", tmp_path / "办理情况.xlsx")
    assert r.code == 0, r
    assert "工作表“2025年提案”" in r.out
    assert "以下列无法识别，已忽略：备注" in r.out
    assert "新增 3 条" in r.out
    got = {p["case_no"]: p for p in store.rows("proposal")}
    assert got[23]["title"] == "关于加快标准化厂房建设的建议"
    assert got[23]["proposer"] == "王五"
    assert got[23]["due_on"] == date(2025, 6, 10) and got[23]["replied_on"] == date(2025, 5, 8)
    assert got[23]["reply_category"] == "A" and got[23]["status"] == "handling"
    assert got[24]["year"] == 2025 and got[24]["due_on"] == date(2025, 6, 8)  # Excel serial 45816
    assert got[24]["reply_category"] == "B" and got[24]["status"] == "replied"
    assert got[25]["lead_unit"] == "县住房城乡建设局" and got[25]["replied_on"] is None
    history = store.history("proposal", got[23]["id"])
    assert [h["action"] for h in history] == ["insert"] and history[0]["actor"] == "测试秘书"


CSV_TEXT = (
    "年度,案号,案由,提案人,类别,状态,交办日期\r\n"
    "2025,1,关于发展特色农产品电商的建议,钱七,经济,已交办,2025/3/10\r\n"
    '2025,2,"关于建设城乡书屋的建议，兼谈阅读推广",孙八,文化建设,立案,2025年3月10日\r\n'
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_offices_save(store, cli, tmp_path, encoding):
    path = tmp_path / "提案.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    r = cli("import", "提案", path)
    assert r.code == 0, r
    rows = store.rows("proposal", order_by="case_no")
    assert [p["title"] for p in rows] == ["关于发展特色农产品电商的建议", "关于建设城乡书屋的建议，兼谈阅读推广"]
    assert [p["category"] for p in rows] == ["economy", "culture"]
    assert [p["status"] for p in rows] == ["assigned", "registered"]
    assert all(p["assigned_on"] == date(2025, 3, 10) for p in rows)


def test_tab_separated_text(store, cli, tmp_path):
    path = tmp_path / "提案.txt"
    path.write_text(CSV_TEXT.replace(",", "\t").replace('"', ""), encoding="utf-8")
    r = cli("import", "提案", path)
    assert r.code == 0, r
    assert len(store.rows("proposal")) == 2


def test_members_and_attendance_import(demo_store, cli, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "界别", "工作单位及职务", "是否常委", "所属联络组", "手机"])
    ws.append(["欧阳明", "男", "科技界", "县科技局副局长", "是", "城关镇委员联络组", 13812345678])
    wb.save(tmp_path / "委员.xlsx")
    r = cli("import", "委员", tmp_path / "委员.xlsx")
    assert r.code == 0, r
    assert "库中有而文件中没有 40 条（不会删除）" in r.out
    m = demo_store.rows("member", name="欧阳明")[0]
    assert m["phone"] == "13812345678" and m["is_standing_member"] is True
    group = demo_store.get("liaison_group", m["liaison_group_id"])
    assert group["name"] == "城关镇委员联络组"

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["会议名称", "委员姓名", "出勤情况", "请假事由"])
    ws.append(["政协青岚县第十一届委员会常务委员会第十八次会议", "欧阳明", "请假", "外出学习"])
    wb.save(tmp_path / "出勤.xlsx")
    r = cli("import", "出勤", tmp_path / "出勤.xlsx")
    assert r.code == 0, r
    rows = demo_store.rows("attendance", member_id=m["id"])
    assert len(rows) == 1 and rows[0]["state"] == "on_leave" and rows[0]["reason"] == "外出学习"
