"""专门委员会: a composition list imported as offices keep it (a merged title, the committee merged down
its rows; the committees it names are added), an activity list, the figures per committee as the
packet's plan report prints them, the dashboard's cards, the editor's 专委会 tab and search.
"""

from __future__ import annotations

from datetime import date

import docx
import openpyxl
import pytest

from workbench.office import special_committees
from workbench.store import schema
from workbench.store.rows import Member, SpecialCommittee, SpecialCommitteeActivity, SpecialCommitteeMember
from workbench.ui.editor import PacketEditor


@pytest.fixture
def office(demo_store):
    """The demo county before its office wrote its 专门委员会 down (the demo's own taken out)."""
    with demo_store.writer("测试") as w:
        for table in (schema.special_committee_activity, schema.special_committee_member, schema.special_committee):
            w.conn.execute(table.delete())
    return demo_store


def _sheet(path, title, header, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    for first, last in merges:  # the committee's name merged down its rows, as such lists are laid out
        ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    wb.save(path)
    return path


def _composition(store, path):
    names = [m.name for m in store.select(Member, order_by="id")]
    rows = [
        [1, "提案委员会", names[0], "主任"],
        [2, None, names[1], "副主任委员"],
        [3, None, names[2], "委员"],
        [4, "县政协经济委", names[3], "主任"],
        [5, None, names[4], "成员"],
    ]
    return _sheet(
        path, "政协青岚县委员会专门委员会组成人员名单", ["序号", "专委会", "姓名", "职务"], rows, [(3, 5), (6, 7)]
    ), names


def test_a_composition_list_adds_its_committees_and_seats_from_merged_cells(office, cli, tmp_path):
    path, names = _composition(office, tmp_path / "专委会组成人员名单.xlsx")
    preview = cli("import", "专委会组成人员", path, "--dry-run")
    assert preview.code == 0, preview.err
    assert "导入时将新建这些专门委员会" in preview.out and "提案委员会" in preview.out
    result = cli("import", "专委会组成人员", path)
    assert result.code == 0, result.err
    assert "新增 5 条" in result.out and "已新建专门委员会：提案委员会、县政协经济委" in result.out
    committees = {c.name: c for c in office.select(SpecialCommittee)}
    assert set(committees) == {"提案委员会", "县政协经济委"}
    seats = special_committees.seats(office)
    proposal = [(s.name, s.role) for s in seats[committees["提案委员会"].id]]
    assert proposal == [(names[0], "director"), (names[1], "deputy_director"), (names[2], "member")]
    assert [(s.name, s.role) for s in seats[committees["县政协经济委"].id]] == [(names[3], "director"), (names[4], "member")]
    again = cli("import", "专委会组成人员", path)
    assert again.code == 0 and "新增 0 条，修改 0 条" in again.out  # the same list twice changes nothing


def test_a_seat_for_someone_not_on_the_roster_is_refused_naming_the_row(office, cli, tmp_path):
    rows = [[1, "提案委员会", "查无此人", "主任"]]
    path = _sheet(tmp_path / "名单.xlsx", "专门委员会组成人员名单", ["序号", "专委会", "姓名", "职务"], rows)
    result = cli("import", "专委会组成人员", path)
    assert result.code != 0
    said = result.out + result.err
    assert "第3行" in said and "查无此人" in said and "请先导入委员名单" in said
    assert office.select(SpecialCommittee) == [] and office.select(SpecialCommitteeMember) == []


def test_activities_import_against_known_committees_by_any_name(office, cli, tmp_path):
    assert cli("import", "专委会组成人员", _composition(office, tmp_path / "名单.xlsx")[0]).code == 0
    with office.writer("测试") as w:  # the office gives 县政协经济委 its proper name and short name
        c = office.first(SpecialCommittee, name="县政协经济委")
        w.update(schema.special_committee, c.id, {"name": "经济委员会", "short_name": "经济委"}, expected_version=c.version)
    rows = [
        [1, "提案委", "2026年4月8日", "专题调研", "开展重点提案办理情况调研", 12],
        [2, "经济委员会", "2026.6.3", "视察", "视察重点项目建设", 9],
        [3, "县政协经济委", "2026/9/20", "协商座谈", "召开营商环境协商座谈会", None],
    ]
    path = _sheet(
        tmp_path / "专委会活动.xlsx",
        "2026年专门委员会活动情况",
        ["序号", "专委会", "活动时间", "活动形式", "活动内容", "参加人数"],
        rows,
    )
    result = cli("import", "专委会活动", path)
    assert result.code == 0, result.err
    stored = {a.title: a for a in office.select(SpecialCommitteeActivity)}
    assert (
        stored["开展重点提案办理情况调研"].held_on == date(2026, 4, 8)
        and stored["开展重点提案办理情况调研"].activity_kind == "research"
    )
    assert stored["召开营商环境协商座谈会"].activity_kind == "consultation"
    economy = office.first(SpecialCommittee, name="经济委员会")
    assert {a.committee_id for t, a in stored.items() if t != "开展重点提案办理情况调研"} == {economy.id}
    unknown = _sheet(tmp_path / "错.xlsx", "活动", ["专委会", "活动日期", "活动内容"], [["农业委", "2026-05-01", "调研"]])
    refused = cli("import", "专委会活动", unknown)
    said = refused.out + refused.err
    assert refused.code != 0 and "农业委" in said and "库中已有的专门委员会" in said


def test_an_activity_without_a_date_is_refused_naming_its_row(office, cli, tmp_path):
    assert cli("import", "专委会组成人员", _composition(office, tmp_path / "名单.xlsx")[0]).code == 0
    rows = [[1, "提案委员会", "2026-04-08", "调研", "开展提案办理调研"], [2, "提案委员会", None, "视察", "视察重点项目"]]
    path = _sheet(tmp_path / "活动.xlsx", "专委会活动", ["序号", "专委会", "活动日期", "活动形式", "活动内容"], rows)
    preview = cli("import", "专委会活动", path, "--dry-run")
    said = preview.out + preview.err
    assert preview.code != 0 and "第4行" in said and "活动日期" in said, said
    assert cli("import", "专委会活动", path).code != 0
    assert office.select(SpecialCommitteeActivity) == []  # neither row written


def test_lead_committee_text_is_read_by_full_short_and_prefixed_names(demo_store):
    known = special_committees.committees(demo_store)
    names = lambda text: [c.name for c in special_committees.named_in(text, known)]  # noqa: E731
    assert names("提案委") == ["提案委员会"]
    assert names("县政协社法委") == ["社会法制委员会"]
    assert names("青岚县政协经济委员会") == ["经济委员会"]
    assert names("经济委、提案委员会") == ["经济委员会", "提案委员会"]
    assert names("办公室") == [] and names(None) == []


def test_the_plan_report_prints_each_committees_figures(demo_store, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_PAGE_LAYOUT", "off")  # the 目录's page numbers are not what this reads
    as_of = date(2026, 12, 6)
    figures = {f.name: f for f in special_committees.committee_figures(demo_store, as_of, year=2026, since=date(2026, 9, 25))}
    economy = figures["经济委员会"]
    assert economy.supervision_items == 7 and len(economy.seats) >= 4 and economy.directors
    out = tmp_path / "out"
    result = cli("packet", "export", "--out", out)
    assert result.code == 0, result.err
    report = next(p for p in out.rglob("*.docx") if "工作要点落实情况" in p.name)
    d = docx.Document(str(report))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "个专门委员会牵头落实工作要点" in text
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "专门委员会")
    printed = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    # Only committees that lead something are listed; figures as office.special_committees counts them.
    leading = {n: f for n, f in figures.items() if f.plan_items or f.supervision_items}
    assert set(printed) == set(leading)
    for name, f in leading.items():
        assert printed[name][0] == str(f.plan_items) and printed[name][1] == str(f.plan_done), name
        assert printed[name][4].startswith(str(f.supervision_items)), name
        assert printed[name][5] == str(f.activities), name


def test_the_dashboard_shows_the_committee_cards_only_where_they_are_kept(office, demo_store):
    from workbench.ui.dashboard import pages

    assert 'data-panel="special_committees"' not in pages.build("", url=office.url).body
    with office.writer("测试") as w:
        w.insert(schema.special_committee, {"name": "经济委员会", "short_name": "经济委", "position": 1})
        w.insert(schema.special_committee, {"name": "社会<法制>委员会", "short_name": "社法委", "position": 2})
    body = pages.build("", url=office.url, as_of=date(2026, 12, 6)).body
    at = body.index('data-panel="special_committees"')
    card = body[at : body.index("</div></div></div>", at)]
    assert "经济委员会" in card and "社会&lt;法制&gt;委员会" in card and "<法制>" not in card
    assert 'title="经济委员会：牵头监督事项 7 项"' in card


def test_the_editor_tab_adds_a_committee_a_seat_and_an_activity(office):
    editor = PacketEditor(office)
    editor.select("committees")
    tab = editor.tab("committees")
    assert "还没有专门委员会" in tab.committees.empty_text
    tab.new_name.widget.value = "提案委员会"
    tab.new_short.widget.value = "提案委"
    committee_id = tab.add_committee()
    assert committee_id is not None and "已新增专门委员会“提案委员会”" in tab.notice.text
    tab.new_name.widget.value = "提案委"
    assert tab.add_committee() is None and "已有专门委员会" in tab.notice.text
    member = office.select(Member, order_by="id")[0]
    tab.seat_committee.value = committee_id
    tab.seat_member.value = member.name
    tab.seat_role.widget.value = "主任"
    assert tab.add_seat() is not None and f"{member.name}已列为提案委员会主任" in tab.notice.text
    tab.seat_member.value = "查无此人"
    assert tab.add_seat() is None and "本届委员中没有“查无此人”" in tab.notice.text
    tab.activity_committee.value = committee_id
    tab.activity_form["held_on"].widget.value = "2026年5月6日"
    tab.activity_form["activity_kind"].widget.value = "调研"
    tab.activity_form["title"].widget.value = "开展养老服务提案办理调研"
    activity_id = tab.add_activity()
    assert activity_id is not None
    assert office.one(SpecialCommitteeActivity, activity_id).held_on == date(2026, 5, 6)
    assert f"<b>提案委员会</b>：主任 {member.name}，组成人员 1 名" in tab.caption.value
    assert "开展活动 1 次" in tab.caption.value
    # A committee with seats and activities is not deleted from under them.
    tab.committees.row(committee_id).delete_button.widget.click()
    tab.committees.row(committee_id).delete_button.widget.click()
    assert office.first(SpecialCommittee, id=committee_id) is not None and "请先删除这些记录" in tab.notice.text
    tab.grid.row(activity_id).delete_button.widget.click()
    tab.grid.row(activity_id).delete_button.widget.click()
    assert office.first(SpecialCommitteeActivity, id=activity_id) is None


def test_search_finds_a_committee_activity_and_opens_its_tab(demo_store, cli):
    result = cli("search", "调研", "--kind", "专门委员会活动")
    assert result.code == 0, result.err
    assert "在“专委会”标签页" in result.out
    editor = PacketEditor(demo_store)
    editor.show_record("专委会", "专题调研")
    assert editor.tab("committees").grid.search.value == "专题调研"
