"""社情民意信息: a register imported as offices keep it (a merged title row, 序号 only, dates written
every way), the year's figures per submitter and group, the year-end summary's section, the editor's
tab, the dashboard's card and search — each checked on what is stored or printed.
"""

from __future__ import annotations

from datetime import date

import docx
import openpyxl
import pytest

from workbench.office import public_opinion
from workbench.store.rows import PublicOpinion
from workbench.ui.editor import PacketEditor

HEADER = ["序号", "信息标题", "报送人", "报送单位（界别）", "报送日期", "编报期数", "采用情况", "批示领导", "批示日期"]
ROWS = [
    [
        1,
        "关于解决城区停车难问题的建议",
        "黄志强",
        "民盟",
        "2026.3.5",
        "2026年第3期",
        "市政协采用",
        "县委书记李某",
        "2026年3月20日",
    ],
    [2, "关于加强农村养老服务的建议", "周丽华", None, "2026年4月12日", "2026年第5期", "县政协采用", None, None],
    [3, "关于规范校外培训机构的建议", "黄志强", "民盟", "2026/5/8", None, "未采用", None, None],
    [4, "关于5G基站建设进村的建议", "陈明", "科技界", "2026-06-18", "2026年第8期", "省政协采用", "副省长王某", "2026.7.2"],
    [5, "关于城区停车场收费标准的建议", "黄志强", "民盟", "2026年11月3日", "2026年第12期", "全国政协采用", None, None],
]


def register(path, rows=ROWS, *, title="政协青岚县委员会2026年社情民意信息报送情况登记表"):
    """The register as an office keeps it: a title merged across the columns, then the header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "社情民意"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def office(demo_store):
    """The demo county before its office kept a 社情民意 ledger (the demo's own items taken out)."""
    from workbench.store import schema

    with demo_store.writer("测试") as w:
        for item in demo_store.select(PublicOpinion):
            w.delete(schema.public_opinion, item.id, expected_version=item.version)
    return demo_store


@pytest.fixture
def imported(office, cli, tmp_path):
    result = cli("import", "社情民意", register(tmp_path / "社情民意登记表.xlsx"))
    assert result.code == 0, result.err
    return result


def _stored(store) -> dict[str, PublicOpinion]:
    return {p.title: p for p in store.select(PublicOpinion)}


def test_a_register_with_a_merged_title_and_xuhao_only_is_stored_as_written(demo_store, imported):
    assert "新增 5 条" in imported.out
    assert "市政协采用 → 市级采用" in imported.out and "全国政协采用 → 全国政协采用" not in imported.out
    assert "新记录按年度和序号编号：SQ2026-01" in imported.out
    assert "社情民意信息 SQ2026-01《关于解决城区停车难问题的建议》（黄志强）" in imported.out
    stored = _stored(demo_store)
    parking = stored["关于解决城区停车难问题的建议"]
    assert (parking.code, parking.submitter, parking.submitter_unit) == ("SQ2026-01", "黄志强", "民盟")
    assert (parking.submitted_on, parking.issue_no, parking.adoption) == (date(2026, 3, 5), "2026年第3期", "city")
    assert (parking.instruction_leader, parking.instruction_on) == ("县委书记李某", date(2026, 3, 20))
    assert stored["关于加强农村养老服务的建议"].submitted_on == date(2026, 4, 12)
    assert stored["关于规范校外培训机构的建议"].submitted_on == date(2026, 5, 8)
    assert stored["关于规范校外培训机构的建议"].adoption == "not_adopted"
    assert stored["关于5G基站建设进村的建议"].instruction_on == date(2026, 7, 2)


def test_a_resorted_register_updates_its_records_and_never_swaps_them(demo_store, imported, cli, tmp_path):
    resorted = [list(r) for r in reversed(ROWS)]
    for n, row in enumerate(resorted, start=1):
        row[0] = n
    resorted[0][5] = "2026年第13期"  # 第5条 edited into a later issue since
    result = cli("import", "社情民意", register(tmp_path / "重排.xlsx", resorted))
    assert result.code == 0, result.err
    assert "新增 0 条，修改 1 条，未变 4 条" in result.out
    stored = _stored(demo_store)
    assert len(stored) == 5
    assert stored["关于解决城区停车难问题的建议"].code == "SQ2026-01"  # 序号 5 now, still its record
    assert stored["关于城区停车场收费标准的建议"].issue_no == "2026年第13期"


def test_an_adoption_the_office_does_not_use_is_refused_naming_the_row(office, cli, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[2][6] = "被领导看过"
    result = cli("import", "社情民意", register(tmp_path / "有误.xlsx", rows))
    assert result.code != 0
    assert "第5行" in result.out + result.err and "被领导看过" in result.out + result.err
    assert "未采用" in result.out + result.err  # the allowed values are listed
    assert office.first(PublicOpinion) is None  # nothing stored


def test_the_years_figures_per_submitter_group_and_level(demo_store, imported):
    f = public_opinion.opinion_figures(demo_store, date(2026, 1, 1), date(2026, 12, 31))
    assert (f.submitted, f.edited, f.adopted, f.instructed) == (5, 4, 4, 2)
    assert f.by_level == {"national": 1, "province": 1, "city": 1, "county": 1}
    assert f.by_submitter[0] == public_opinion.Tally("黄志强", 3, 2, 1)
    groups = {t.name: t.submitted for t in f.by_group}
    assert groups["民盟"] == 3 and groups["科技界"] == 1
    first_half = public_opinion.opinion_figures(demo_store, date(2026, 1, 1), date(2026, 6, 30))
    assert first_half.submitted == 4 and first_half.by_level.get("national") is None


def test_the_year_end_summary_names_the_counts(demo_store, imported, cli, tmp_path):
    result = cli("summary", "--year", "2026", "--half", "2", "--out", tmp_path / "总结")
    assert result.code == 0, result.err
    (path,) = (tmp_path / "总结").glob("*.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    at = next(i for i, t in enumerate(texts) if t.endswith("社情民意信息") and t.startswith("（"))
    assert texts[at + 1] == (
        "全年共收到社情民意信息5条，编报4条，被采用4条（其中全国政协采用1条、省级采用1条、市级采用1条、县级采用1条），"
        "获领导批示2条。报送较多的有黄志强（3条）。"
    )


def test_a_summary_of_an_office_without_the_ledger_has_no_such_section(office, cli, tmp_path):
    result = cli("summary", "--year", "2026", "--half", "2", "--out", tmp_path / "总结")
    assert result.code == 0, result.err
    (path,) = (tmp_path / "总结").glob("*.docx")
    assert not [p.text for p in docx.Document(str(path)).paragraphs if p.text.endswith("）社情民意信息")]


def test_search_finds_a_submitted_item_by_a_two_character_word(demo_store, imported, cli):
    result = cli("search", "停车", "--kind", "社情民意信息")
    assert result.code == 0, result.err
    assert "SQ2026-01" in result.out and "SQ2026-05" in result.out and "在“社情民意”标签页" in result.out


def test_the_editor_tab_shows_the_years_figures_adds_and_deletes(demo_store, imported):
    editor = PacketEditor(demo_store)
    editor.select("opinions")
    tab = editor.tab("opinions")
    assert "2026年共登记社情民意信息 5 条，编报 4 条，被采用 4 条" in tab.caption.value
    assert len(tab.grid.rows) == 5
    tab.form["title"].widget.value = "关于完善城乡公交线路的建议"
    tab.form["submitter"].widget.value = "周丽华"
    tab.form["submitted_on"].widget.value = "2026年12月1日"
    new_id = tab.add()
    assert new_id is not None and "已登记社情民意信息 SQ2026-06" in tab.notice.text
    assert demo_store.one(PublicOpinion, new_id).submitted_on == date(2026, 12, 1)
    assert "登记社情民意信息 6 条" in tab.caption.value
    row = tab.grid.row(new_id)
    row.fields["adoption"].widget.value = "市级采用"
    tab.grid.save_button.click()
    assert demo_store.one(PublicOpinion, new_id).adoption == "city"
    tab.grid.row(new_id).delete_button.widget.click()  # the first click only asks
    assert demo_store.first(PublicOpinion, id=new_id) is not None
    tab.grid.row(new_id).delete_button.widget.click()
    assert demo_store.first(PublicOpinion, id=new_id) is None and "已删除社情民意信息SQ2026-06" in tab.notice.text


def test_the_dashboard_shows_the_card_only_where_the_ledger_is_kept(office, cli, tmp_path):
    from workbench.ui.dashboard import pages

    before = pages.build("", url=office.url)
    assert 'data-panel="public_opinion"' not in before.body
    assert cli("import", "社情民意", register(tmp_path / "登记表.xlsx")).code == 0
    after = pages.build("", url=office.url)
    at = after.body.index('data-panel="public_opinion"')
    card = after.body[at : after.body.index("</div></div></div>", at)]
    assert "社情民意信息（条）" in card
    assert 'title="报送：5条"' in card and 'title="其中全国政协采用：1条"' in card and 'title="获领导批示：2条"' in card


def test_the_demo_county_keeps_a_ledger_its_dashboard_and_summary_show(demo_store):
    from workbench.ui.dashboard import pages

    f = public_opinion.opinion_figures(demo_store, date(2026, 1, 1), date(2026, 12, 31))
    assert f.submitted == 12 and f.adopted == 8 and f.instructed == 3 and f.by_level["national"] == 1
    body = pages.build("", url=demo_store.url, as_of=date(2026, 12, 6)).body
    assert 'data-panel="public_opinion"' in body and 'title="报送：12条"' in body
    autumn = pages.build("", url=demo_store.url, as_of=date(2026, 10, 1)).body
    assert 'title="报送：10条"' in autumn  # counted up to the day the figures are as of
