"""全文检索 (issue 32): two-character Chinese words and mixed text found on SQLite and PostgreSQL, ranked and
highlighted; the index follows an edit, an undo, a delete and an import, and is rebuilt by a command; a read-only
store without an index scans and says so; the CLI and the editor's 检索 tab."""

from __future__ import annotations

import pytest

from workbench.base.errors import ReadOnlyError, ValidationError
from workbench.store import Store, schema, search


def seed(store: Store) -> dict[str, int]:
    with store.writer("测试秘书") as w:
        ids = {
            "short": w.insert(schema.proposal, {"year": 2026, "case_no": 1, "title": "关于解决停车难、乱停车问题的建议"}),
            "long": w.insert(
                schema.proposal,
                {
                    "year": 2026,
                    "case_no": 2,
                    "title": "关于完善城区道路交通管理的建议",
                    "handling_note": "县公安局会同住建部门已在老城区规划建设一批公共设施，"
                    "其中包括停车位三百个，并优化信号灯配时。",
                },
            ),
            "elder": w.insert(schema.proposal, {"year": 2025, "case_no": 7, "title": "关于发展社区居家养老服务的建议"}),
            "5g": w.insert(schema.proposal, {"year": 2026, "case_no": 3, "title": "关于加快农村5G基站建设的建议"}),
        }
        plan = w.insert(schema.work_plan, {"year": 2026, "title": "2026年工作要点"})
        section = w.insert(schema.plan_section, {"work_plan_id": plan, "number": 1, "title": "协商议政"})
        ids["item"] = w.insert(
            schema.plan_item, {"section_id": section, "number": 3, "title": "围绕养老服务体系建设开展专题协商"}
        )
        ids["sup"] = w.insert(
            schema.supervision_item,
            {"code": "JD2026-01", "topic": "城区停车场建设管理情况", "department": "县住建局", "progress": "已召开座谈会"},
        )
        ids["member"] = w.insert(schema.member, {"name": "王养", "sector": "医药卫生界", "position": "县人民医院院长"})
    return ids


def drop_index(store: Store) -> None:
    """As a store written before search, or restored from an old backup, has it (a writer would rebuild it)."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE {search.INDEX}")


def find(store: Store, query: str, **kw) -> search.Results:
    with store.reading() as conn:
        return search.search(conn, query, **kw)


def test_two_character_words_and_mixed_text_are_found_ranked_and_highlighted(backend_url):
    with Store.open(backend_url) as store:
        ids = seed(store)
        parking = find(store, "停车")
        assert [(h.table, h.record_id) for h in parking.hits][:1] == [("proposal", ids["short"])]
        assert {(h.table, h.record_id) for h in parking.hits} == {
            ("proposal", ids["short"]),
            ("proposal", ids["long"]),
            ("supervision_item", ids["sup"]),
        }
        first = parking.hits[0]
        assert (first.kind, first.code, first.tab) == ("提案", "2026年第1号", "提案办理")
        assert first.snippet == "关于解决【停车】难、乱【停车】问题的建议"
        long = next(h for h in parking.hits if h.record_id == ids["long"] and h.table == "proposal")
        assert "【停车】位" in long.snippet and long.title == "关于完善城区道路交通管理的建议"

        elder = find(store, "养老")
        assert {(h.table, h.record_id) for h in elder.hits} == {("proposal", ids["elder"]), ("plan_item", ids["item"])}
        assert find(store, "养老", kind="工作要点条目").hits[0].code == "第3条"
        assert find(store, "5G基站").hits[0].snippet == "关于加快农村【5G基站】建设的建议"
        assert find(store, "5g").hits[0].record_id == ids["5g"]
        store.insert("briefing_topic", {"code": "TB2026-09", "topic": "全县5G 基站布局情况"})
        assert find(store, "5G基站", kind="情况通报议题").hits[0].snippet == "全县【5G 基站】布局情况"
        assert find(store, "停车 座谈会").hits[0].code == "JD2026-01"  # every word must occur
        assert {h.table for h in find(store, "养").hits} == {"proposal", "plan_item", "member"}  # one character: scanned
        assert find(store, "车站").hits == []
        with pytest.raises(ValidationError, match="没有“会议纪要”这类记录"):
            find(store, "停车", kind="会议纪要")


def test_the_index_follows_edits_undo_delete_and_rebuild(backend_url):
    with Store.open(backend_url) as store:
        ids = seed(store)
        row = store.get("proposal", ids["elder"])
        store.update("proposal", ids["elder"], {"title": "关于改善农村饮水安全的建议"}, expected_version=row["version"])
        assert [h.table for h in find(store, "养老").hits] == ["plan_item"]
        assert find(store, "饮水").hits[0].record_id == ids["elder"]
        store.undo_last("proposal", ids["elder"])
        assert find(store, "养老", kind="提案").hits[0].record_id == ids["elder"]
        assert find(store, "饮水").hits == []
        row = store.get("supervision_item", ids["sup"])
        store.delete("supervision_item", ids["sup"], expected_version=row["version"])
        assert "supervision_item" not in {h.table for h in find(store, "停车").hits}
        store.undo_last("supervision_item", ids["sup"])
        assert "supervision_item" in {h.table for h in find(store, "停车").hits}

        drop_index(store)
        with store.reading() as conn:
            assert not search.exists(conn)
        scanned = find(store, "停车")
        assert "检索索引尚未建立" in scanned.note and scanned.hits[0].record_id == ids["short"]
        with store.writer() as w:
            assert search.rebuild(w.conn) == 7
        assert find(store, "停车").note == "" and len(find(store, "停车").hits) == 3


def test_a_store_written_before_search_gets_its_whole_index_on_the_next_write(backend_url):
    with Store.open(backend_url) as store:
        ids = seed(store)
        drop_index(store)
        store.insert("member", {"name": "李停", "sector": "经济界"})
        assert {h.record_id for h in find(store, "养老").hits} == {ids["elder"], ids["item"]}


def test_a_read_only_store_searches_without_creating_anything(workbench_env, cli):
    with Store.open() as store:
        seed(store)
        drop_index(store)
    with Store.open(readonly=True) as ro:
        with pytest.raises(ReadOnlyError), ro.writer():
            pass
        results = find(ro, "停车")
        assert results.note and len(results.hits) == 3
        with ro.reading() as conn:
            assert not search.exists(conn)
    r = cli("search", "停车")
    assert r.code == 0 and "提示：检索索引尚未建立" in r.out


def test_an_import_is_indexed(workbench_env, cli, tmp_path):
    path = tmp_path / "提案.csv"
    path.write_text(
        "年度,案号,案由,提案人\n2026,11,关于规范电动车停车管理的建议,赵某\n2026,12,关于养老机构消防安全的建议,钱某\n",
        encoding="utf-8",
    )
    r = cli("import", "提案", path)
    assert r.code == 0, r.err
    r = cli("search", "停车")
    assert r.code == 0 and "提案 2026年第11号：关于规范电动车停车管理的建议（在“提案办理”标签页）" in r.out
    assert "关于规范电动车【停车】管理的建议" in r.out


def test_the_command_line(workbench_env, cli):
    with Store.open() as store:
        seed(store)
    r = cli("search", "停车", "--kind", "监督事项", "--limit", "5")
    assert r.code == 0
    assert (
        "检索“停车”，按相关程度列出 1 条：" in r.out
        and "监督事项 JD2026-01：城区停车场建设管理情况（在“民主监督”标签页）" in r.out
    )
    assert "城区【停车】场建设管理情况" in r.out
    r = cli("search", "车站")
    assert r.code == 0 and "未检索到包含“车站”的记录。" in r.out
    r = cli("search", "停车", "--kind", "纪要")
    assert r.code != 0 and "没有“纪要”这类记录可以检索" in r.err and "Traceback" not in r.err
    r = cli("search")
    assert r.code != 0 and "请输入要检索的词语" in r.err
    r = cli("search", "--rebuild")
    assert r.code == 0 and "已重建检索索引，共收录记录 7 条。" in r.out


def _shown(tab) -> str:
    """What the 检索 tab shows: its heading line and every result line (a 查看 button beside each in the editor)."""
    lines = [line.children[-1] if hasattr(line, "children") else line for line in tab.found.children]
    return tab.results.value + "".join(line.value for line in lines)


def test_the_editor_tab_shows_where_each_record_is_and_escapes_text(workbench_env):
    from workbench.ui.editor.session import EditSession
    from workbench.ui.editor.tabs.search import SearchTab

    with Store.open() as store:
        seed(store)
        store.insert("briefing_topic", {"code": "TB2026-01", "topic": "关于<b>停车</b>收费的通报"})
        tab = SearchTab(EditSession(store))
        tab.query.value = "停车"
        tab.run()
        shown = _shown(tab)
        assert "按相关程度列出 4 条" in shown and "（在“情况通报”标签页）" in shown
        assert "&lt;b&gt;<mark>停车</mark>&lt;/b&gt;" in shown and "<b>停车</b>" not in shown
        tab.kind.value = "委员"
        tab.query.value = "院长"
        tab.run()
        assert "委员 医药卫生界" in _shown(tab)
        tab.query.value = " "
        tab.run()
        assert _shown(tab) == "" and "请输入要检索的词语" in tab.notice.widget.value


def test_words_of_two_characters_or_more_are_answered_by_the_index(store, monkeypatch):
    seed(store)

    def no_scan(*_a, **_k):
        raise AssertionError("scanned")

    monkeypatch.setattr(search, "_scan_index", no_scan)
    assert len(find(store, "停车").hits) == 3 and len(find(store, "5G基站 建设").hits) == 1
    with pytest.raises(AssertionError, match="scanned"):
        find(store, "车")


def test_emptying_the_store_empties_the_index(store):
    from workbench.office import demo

    seed(store)
    demo.reset(store)
    assert find(store, "停车").hits == []
    with store.reading() as conn:
        assert conn.exec_driver_sql(f"SELECT count(*) FROM {search.INDEX}").scalar() == 0
    seed(store)
    assert len(find(store, "停车").hits) == 3


def test_the_dashboards_select_only_role_searches_the_index_made_after_it(cli, pg_url, monkeypatch):
    import re
    import uuid

    from sqlalchemy import create_engine

    name = f"wb_reader_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("WORKBENCH_DB_URL", pg_url)
    try:
        Store.open(pg_url).close()  # a new store: no index yet
        made = cli("db", "roles", "--name", name)
        assert made.code == 0, made
        reader = re.search(r"WORKBENCH_DASHBOARD_DB_URL=(\S+)", made.out).group(1)  # type: ignore[union-attr]
        with Store.open(reader, readonly=True) as ro:
            assert "检索索引尚未建立" in find(ro, "停车").note
        with Store.open(pg_url) as store:
            seed(store)  # the owner's first write makes the index; default privileges let the reader read it
        with Store.open(reader, readonly=True) as ro:
            found = find(ro, "停车")
            assert found.note == "" and found.hits[0].snippet == "关于解决【停车】难、乱【停车】问题的建议"
    finally:
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if conn.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{name}'").first():
                conn.exec_driver_sql(f'DROP OWNED BY "{name}"')
                conn.exec_driver_sql(f'DROP ROLE "{name}"')
        admin.dispose()


def test_a_result_opens_its_tab_with_the_list_narrowed_to_it(demo_store):
    from workbench.ui.editor import PacketEditor

    editor = PacketEditor(demo_store)
    tab = editor.tab("search")
    tab.query.value = "停车"
    tab.run()
    lines = tab.found.children
    assert len(lines) >= 2
    proposal = next(n for n, line in enumerate(lines) if "提案 " in line.children[-1].value)
    lines[proposal].children[0].click()  # 查看
    assert editor.tabs.titles[editor.tabs.selected_index] == "提案办理"
    grid = editor.tab("proposals").grid
    shown = grid.matching()
    assert shown and all("停车" in r["title"] for r in shown)

    tab.query.value = "调研"  # a progress note: its plan item is shown on 工作要点
    tab.kind.value = "进展情况"
    tab.run()
    assert tab.found.children
    tab.found.children[0].children[0].click()
    assert editor.tabs.titles[editor.tabs.selected_index] == "工作要点"
    with demo_store.reading() as conn:
        first = search.search(conn, "调研", kind="进展情况", limit=50).hits[0]
    note = demo_store.get("progress_note", first.record_id)
    item = demo_store.get("plan_item", note["plan_item_id"])
    assert item["title"] in [r["title"] for r in editor.tab("plan").grid.matching()]
