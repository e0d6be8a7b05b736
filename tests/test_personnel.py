"""人事事项: the 任免名单 typed in the editor's tab, printed in the packet, checked, and worded in the minutes.

Driven as a secretary drives it (widgets set and clicked, no browser), then the exported
packet read back with python-docx.
"""

from __future__ import annotations

import docx
import pytest

from workbench.base import values
from workbench.office.meetings import resolve
from workbench.publish import export_packet
from workbench.ui.editor import PacketEditor


@pytest.fixture
def editor(demo_store):
    return PacketEditor(demo_store)


def _fill(tab, **fields) -> None:
    for name, text in fields.items():
        tab.form[name].value = text


def _stored(store, meeting_id):
    return store.rows("personnel_change", meeting_id=meeting_id, order_by="position")


def test_the_list_is_typed_in_its_tab_and_printed_by_kind(editor, demo_store, tmp_path):
    tab = editor.personnel
    meeting = editor.meeting.meeting
    assert editor.tabs.titles.index("人事事项") == editor.tabs.titles.index("议程") + 1
    assert [r.record["name"] for r in tab.grid.rows] == [r["name"] for r in _stored(demo_store, meeting.id)]
    for row in list(tab.grid.rows):  # the office starts its own list
        assert tab.remove(row.id)
    assert _stored(demo_store, meeting.id) == [] and tab.notice.text.startswith("已删除任免名单中的")

    # A member of this term: typing the name fills what the member list knows, into empty boxes only.
    member = demo_store.rows("member", is_standing_member=False)[0]
    _fill(tab, kind="免职", ethnicity="汉族", born="1970年5月", party="")
    tab.form["name"].value = member["name"]
    assert tab.form["gender"].value == member["gender"] and tab.form["sector"].value == member["sector"]
    assert tab.form["unit_and_post"].value == member["position"]
    assert "已按本届委员名单填入" in tab.notice.text and "请核对" in tab.notice.text
    tab.add_button.click()  # 免职 needs the post taken away
    assert tab.notice.is_error and "须填写拟免职务" in tab.notice.text
    assert _stored(demo_store, meeting.id) == []
    tab.form["post"].value = "社会和法制委员会副主任"
    tab.form["born"].value = "1970"  # a year alone is not a 出生年月
    tab.add_button.click()
    assert tab.notice.is_error and _stored(demo_store, meeting.id) == []
    assert "1970" in tab.form["born"].message.value and "年月" in tab.form["born"].message.value
    tab.form["born"].value = "1970.5"
    tab.add_button.click()
    assert not tab.notice.is_error, tab.notice.text

    _fill(
        tab,
        kind="增补",
        name="林雨桐",
        gender="女",
        ethnicity="汉族",
        born="1985-09",
        party="民进会员",
        sector="教育界",
        unit_and_post="县实验小学校长",
    )
    tab.add_button.click()
    _fill(
        tab,
        kind="任职",
        name="林雨桐",
        gender="女",
        ethnicity="汉族",
        born="1985-09",
        party="民进会员",
        sector="教育界",
        unit_and_post="县实验小学校长",
        post="教科卫体委员会副主任",
        reason="工作需要",
    )
    tab.add_button.click()
    assert not tab.notice.is_error, tab.notice.text
    rows = _stored(demo_store, meeting.id)
    assert [(r["position"], r["kind"], r["born"]) for r in rows] == [
        (1, "remove", "1970.05"),
        (2, "add_member", "1985.09"),
        (3, "appoint", "1985.09"),
    ]
    assert tab.move(rows[2]["id"], -1)  # the office's order within the list
    assert [r["kind"] for r in _stored(demo_store, meeting.id)] == ["remove", "appoint", "add_member"]

    # Printed grouped in the usual order, each group with its count, whatever the typing order.
    result = export_packet(demo_store, "next", tmp_path / "out")
    [path] = [f for f in result.files if "人事事项（草案）" in f.name]
    document = docx.Document(path)
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0] == "人事事项（草案）"
    assert "提请本次会议审议的人事事项共3人次，其中增补委员1名，任职1名，免职1名。" in paragraphs
    headings = [p for p in paragraphs if p[:2] in ("一、", "二、", "三、")]
    assert headings == ["一、增补委员（1名）", "二、任职（1名）", "三、免职（1名）"]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert tables[0][0] == ["序号", "姓名", "性别", "民族", "出生年月", "党派", "界别", "工作单位及职务", "任免事项", "原因"]
    assert tables[0][1] == ["1", "林雨桐", "女", "汉族", "1985.09", "民进会员", "教育界", "县实验小学校长", "增补为委员", ""]
    assert tables[1][1][8:] == ["任教科卫体委员会副主任", "工作需要"]
    assert tables[2][1][1] == member["name"] and tables[2][1][8] == "免去社会和法制委员会副主任职务"
    assert result.packet.figures.personnel.by_kind == {"remove": 1, "appoint": 1, "add_member": 1}
    # In the merged packet's contents, between the proposals and the attendance.
    merged = docx.Document(result.files[0])
    contents = [
        p.text for p in merged.paragraphs if "人事事项（草案）" in p.text or "提案办理情况" in p.text or "常委出勤情况" in p.text
    ]
    titles = [t.split("…")[0].split("\t")[0] for t in contents[:3]]
    assert titles == ["关于2026年提案办理情况的报告", "人事事项（草案）", "常委出勤情况"]
    # The agenda's 人事 item now has its material.
    assert not [f for f in result.findings if f.kind == "agenda_without_material"]


def test_two_secretaries_editing_one_person_never_overwrite_each_other(demo_store):
    first, second = PacketEditor(demo_store, actor="王芳"), PacketEditor(demo_store, actor="李磊")
    mine = first.personnel.grid.rows[0]
    theirs = second.personnel.grid.rows[0]
    mine.fields["reason"].value = "到龄退休"
    first.personnel.grid.save_button.click()
    theirs.fields["reason"].value = "个人原因"
    second.personnel.grid.save_button.click()
    stored = demo_store.get("personnel_change", mine.id)
    assert stored["reason"] == "到龄退休"
    assert theirs.conflict.visible and "王芳" in theirs.conflict.message.value
    assert "原因：界别委员调整 → 到龄退休" in theirs.conflict.message.value
    assert theirs.fields["reason"].value == "个人原因"  # not lost: the secretary chooses which stays


def test_the_minutes_word_the_decisions(demo_store, cli, tmp_path):
    meeting = resolve(demo_store, "next")
    rows = _stored(demo_store, meeting.id)
    assert cli("minutes", "--meeting", "next", "--out", tmp_path).code == 0
    [path] = tmp_path.glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    committee = "政协青岚县第十一届委员会"
    resign = next(r for r in rows if r["kind"] == "resign")
    appoint = next(r for r in rows if r["kind"] == "appoint")
    assert (
        f"四、会议审议通过了有关人事事项。会议协商决定：增补郑晓岚为{committee}委员；"
        f"接受{resign['name']}因工作调动辞去{committee}委员职务；"
        f"同意{appoint['name']}任{committee}文史和学习委员会副主任。"
    ) in text


def test_decisions_name_the_committee_once_whatever_the_office_typed():
    from datetime import datetime

    from workbench.office.personnel import decisions, matter
    from workbench.store.rows import PersonnelChange

    def change(kind, name, post=None, reason=None):
        return PersonnelChange(
            id=1,
            meeting_id=1,
            position=1,
            kind=kind,
            name=name,
            gender="男",
            ethnicity="汉族",
            born="1970.01",
            party="中共党员",
            sector="中共",
            unit_and_post="县文化馆馆长",
            post=post,
            reason=reason,
            version=1,
            updated_at=datetime.now(),
            updated_by="秘书",
        )

    committee = "政协白河县第十一届委员会"
    rows = [
        change("appoint", "钱卫东", "县政协教科卫体委员会主任"),
        change("remove", "李红梅", "社会和法制委员会副主任"),
        change("resign", "赵一鸣", "常务委员、委员", "工作调动"),
        change("add_member", "林雨桐"),
        change("add_member", "周海峰"),
    ]
    assert decisions(rows, committee) == [
        f"增补林雨桐、周海峰为{committee}委员",
        f"接受赵一鸣因工作调动辞去{committee}常务委员、委员职务",
        f"同意钱卫东任{committee}教科卫体委员会主任",
        f"免去李红梅{committee}社会和法制委员会副主任职务",
    ]
    assert matter(rows[0]) == "任县政协教科卫体委员会主任" and matter(rows[2]) == "辞去常务委员、委员职务"


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("1975.3", "1975.03"),
        ("1975-03", "1975.03"),
        ("1975年3月", "1975.03"),
        ("197503", "1975.03"),
        ("1975.10", "1975.10"),
        ("1975/12", "1975.12"),
        ("１９７５．３", "1975.03"),
        ("1975年3月8日", "1975.03"),
        ("", None),
    ],
)
def test_year_and_month_of_birth_as_offices_write_it(typed, kept):
    assert values.year_month(typed) == kept


@pytest.mark.parametrize("typed", ["1975", "1975.13", "75.3", "三月", "19750"])
def test_year_and_month_that_are_not(typed):
    with pytest.raises(values.Bad, match="年月"):
        values.year_month(typed)


# ---------------------------------------------------------------- a list received as a file


def _workbook(path, rows):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任免名单"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "界别", "现工作单位及职务", "拟任职务", "原因"]


def test_a_workbook_with_group_rows_is_imported_from_the_command_line(demo_store, cli, tmp_path):
    meeting = resolve(demo_store, "next")
    before = len(_stored(demo_store, meeting.id))
    path = _workbook(
        tmp_path / "任免名单.xlsx",
        [
            ["政协青岚县第十一届委员会常务委员会第十八次会议人事事项（草案）"],
            HEADER,
            ["一、增补委员（2名）"],
            [1, "林雨桐", "女", "汉族", "1985.9", "民进会员", "教育界", "县实验小学校长", None, "界别委员调整"],
            [2, "欧阳明轩", "男", "汉族", "1979年12月", "无党派人士", "经济界", "青岚茶业有限公司总经理", None, None],
            ["二、免职（1名）"],
            [1, "陶文清", "男", "汉族", "1966-04", "中共党员", "中共", "县文化馆馆长", "文化文史委员会副主任", "到龄退休"],
        ],
    )
    result = cli("personnel", "import", path)
    assert result.code == 0, result.err
    assert "已为十一届十八次常委会议导入任免名单3人" in result.out
    rows = _stored(demo_store, meeting.id)[before:]
    assert [(r["position"], r["kind"], r["name"], r["born"], r["post"]) for r in rows] == [
        (before + 1, "add_member", "林雨桐", "1985.09", None),
        (before + 2, "add_member", "欧阳明轩", "1979.12", None),
        (before + 3, "remove", "陶文清", "1966.04", "文化文史委员会副主任"),
    ]
    listed = cli("personnel", "list").out
    assert (
        "增补委员：" in listed
        and "陶文清（男，汉族，1966.04，中共党员，县文化馆馆长）：免去文化文史委员会副主任职务（到龄退休）" in listed
    )


def test_a_bad_row_is_refused_naming_the_file_sheet_and_row_and_nothing_is_stored(demo_store, cli, tmp_path):
    meeting = resolve(demo_store, "next")
    before = _stored(demo_store, meeting.id)
    path = _workbook(
        tmp_path / "名单.xlsx",
        [
            HEADER,
            ["一、任职"],
            [1, "钱卫东", "男", "汉族", "1971.03", "中共党员", "中共", "县教育局局长", "教科卫体委员会主任", None],
            [2, "李红梅", "女", "汉族", "1975", "民盟盟员", "教育界", "县第一中学副校长", "委员", None],
        ],
    )
    result = cli("personnel", "import", path)
    assert result.code != 0
    assert "“名单.xlsx”工作表“任免名单”第4行“出生年月”" in result.err and "1975" in result.err
    missing_kind = _workbook(tmp_path / "无类别.xlsx", [HEADER, [1, "钱卫东", "男", "汉族", "1971.03"]])
    result = cli("personnel", "import", missing_kind)
    assert result.code != 0 and "第2行：“钱卫东”没有事项类别" in result.err
    assert _stored(demo_store, meeting.id) == before


def test_a_word_table_with_the_matter_column_is_imported_in_the_editor_and_undone_at_once(editor, demo_store, tmp_path):
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("人事任免名单")
    table = document.add_table(rows=1, cols=7)
    for cell, text in zip(table.rows[0].cells, ["姓名", "性别", "民族", "出生年月", "党派", "工作单位及职务", "任免事项"]):
        cell.text = text
    for values_ in (
        ["钱卫东", "男", "汉族", "1971.03", "中共党员", "县教育局局长", "任县政协教科卫体委员会主任"],
        ["赵一鸣", "男", "汉族", "1968.07", "中共党员", "县审计局局长", "接受辞去常务委员、委员职务"],
    ):
        for cell, text in zip(table.add_row().cells, values_):
            cell.text = text
    path = tmp_path / "任免名单.docx"
    document.save(path)

    tab = editor.personnel
    meeting = editor.meeting.meeting
    before = len(_stored(demo_store, meeting.id))
    assert tab.import_file(path), tab.notice.text
    assert tab.notice.text == f"已从“任免名单.docx”导入2人，排在名单第{before + 1}至{before + 2}项。请核对。"
    rows = _stored(demo_store, meeting.id)[before:]
    assert [(r["kind"], r["post"]) for r in rows] == [("appoint", "县政协教科卫体委员会主任"), ("resign", "常务委员、委员")]
    assert [r.record["name"] for r in tab.grid.rows][-2:] == ["钱卫东", "赵一鸣"]
    editor.undo_button.click()  # one change: one undo takes the whole list back
    assert len(_stored(demo_store, meeting.id)) == before
