"""The store: create/read/update per entity, history and undo, conflicts, migrations, bad databases."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from workbench.base.errors import ConflictError, LabelError, ReadOnlyError, StoreError, ValidationError
from workbench.store import Store, schema
from workbench.store.migrations import LATEST

FIXTURES = Path(__file__).parent / "fixtures"

# One valid record per entity table, inserted in dependency order; ids refer to rows made before.
SAMPLES = [
    ("committee", {"name": "政协测试县委员会", "county": "测试县"}, {"office": "政协测试县委员会办公室"}),
    ("term", {"committee_id": 1, "term_no": 11}, {"start_year": 2022}),
    ("meeting", {"term_id": 1, "kind": "standing_committee_meeting", "seq_no": 5}, {"venue": "二楼会议室"}),
    ("agenda_item", {"meeting_id": 1, "position": 1, "title": "听取情况通报"}, {"presenter": "副县长"}),
    ("work_plan", {"year": 2026, "title": "2026年工作要点"}, {"source_name": "要点.docx"}),
    ("plan_section", {"work_plan_id": 1, "number": 1, "title": "加强学习"}, {"title": "加强理论学习"}),
    ("plan_item", {"section_id": 1, "number": 1, "title": "组织委员培训"}, {"status": "in_progress"}),
    ("progress_note", {"plan_item_id": 1, "noted_on": "2026-03-05", "text": "已举办培训班"}, {"author": "办公室"}),
    ("proposal", {"year": 2026, "case_no": 23, "title": "关于增设停车位的建议"}, {"status": "replied"}),
    ("supervision_group", {"name": "派驻县财政局民主监督小组", "department": "县财政局"}, {"leader": "张三"}),
    ("supervision_item", {"code": "JD-01", "topic": "补贴发放", "department": "县财政局"}, {"status": "lagging"}),
    ("briefing_topic", {"code": "TB-01", "topic": "经济运行情况"}, {"status": "notified"}),
    ("liaison_group", {"name": "城关镇委员联络组"}, {"leader": "李四"}),
    ("member", {"name": "王五", "position": "县一中校长"}, {"is_standing_member": True}),
    ("attendance", {"meeting_id": 1, "member_id": 1, "state": "present"}, {"state": "on_leave"}),
    ("liaison_quota", {"group_id": 1, "year": 2026, "activity_kind": "study", "required_count": 4}, {"required_count": 6}),
    (
        "liaison_activity",
        {"group_id": 1, "held_on": "2026-04-01", "activity_kind": "study", "title": "集中学习"},
        {"participants": 9},
    ),
    ("leader", {"term_id": 1, "position": 1, "name": "周主席", "title": "主席"}, {"title": "党组书记、主席"}),
    ("schedule_step", {"meeting_id": 1, "step": "chairs_review"}, {"state": "done"}),
    (
        "letter",
        {
            "meeting_id": 1,
            "kind": "invitation",
            "recipient": "县财政局",
            "year": 2026,
            "serial": 7,
            "title": "关于商请县财政局通报情况的函",
            "issued_on": "2026-03-02",
        },
        {"issued_on": "2026-03-03"},
    ),
    ("rating", {"meeting_id": 1, "position": 1, "subject": "经济运行情况", "department": "县财政局"}, {"ballots_returned": 21}),
    ("rating_vote", {"rating_id": 1, "level": "satisfied", "votes": 18}, {"votes": 19}),
    (
        "personnel_change",
        {"meeting_id": 1, "position": 1, "kind": "增补委员", "name": "林雨桐", "born": "1985年9月"},
        {"kind": "appoint", "post": "文史委员会副主任", "born": "1985.10"},
    ),
    (
        "public_opinion",
        {"code": "SQ2026-01", "title": "关于城区停车难的反映", "submitted_on": "2026年3月5日", "adoption": "市政协采用"},
        {"adoption": "province", "instruction_on": "2026-03-20"},
    ),
    ("special_committee", {"name": "提案委员会", "short_name": "提案委"}, {"position": 2}),
    ("special_committee_member", {"committee_id": 1, "member_id": 1, "role": "主任"}, {"role": "deputy_director"}),
    (
        "special_committee_activity",
        {"committee_id": 1, "held_on": "2026年4月8日", "activity_kind": "专题调研", "title": "重点提案办理调研"},
        {"participants": 12, "held_on": "2026-04-09"},
    ),
    ("meeting_reply", {"meeting_id": 1, "member_id": 1, "answer": "参加"}, {"answer": "leave", "reason": "外出学习"}),
    (
        "decision",
        {"meeting_id": 1, "position": 1, "text": "抓紧制定老旧小区改造年度计划", "deadline": "2027年3月31日", "supervised": "是"},
        {"status": "done", "closed_on": "2027-03-20"},
    ),
    ("vote", {"meeting_id": 1, "position": 1, "subject": "关于增补委员的决定（草案）"}, {"in_favour": 14, "against": 0}),
    (
        "text_override",
        {"meeting_id": 1, "document": "notice", "old_text": "县政协常委。", "new_text": "县政协全体常委。"},
        {"new_text": "县政协常委，请准时出席。"},
    ),
]


def test_every_entity_table_has_a_sample():
    assert {name for name, _, _ in SAMPLES} == {t.name for t in schema.entity_tables()}


def test_create_read_update_every_entity(workbench_env, backend_url):
    store = Store.open(backend_url)
    for name, values, changes in SAMPLES:
        record_id = store.insert(name, values)
        row = store.get(name, record_id)
        assert row["version"] == 1 and row["updated_by"] == "测试秘书", name
        updated = store.update(name, record_id, changes, expected_version=1)
        assert updated["version"] == 2, name
        again = store.get(name, record_id)
        for field, value in changes.items():
            expected = date.fromisoformat(value) if isinstance(value, str) and field.endswith("_on") else value
            assert again[field] == expected, (name, field)
    store.close()


def test_history_records_old_and_new_and_undo_restores(workbench_env, backend_url):
    store = Store.open(backend_url)
    for name, values, _ in SAMPLES[:7]:
        store.insert(name, values)
    item = store.get("plan_item", 1)
    store.update("plan_item", 1, {"status": "推进中", "owner": "刘秘书"}, expected_version=item["version"])
    store.update("plan_item", 1, {"status": "已完成"}, expected_version=item["version"] + 1)
    entries = [h for h in store.history("plan_item", 1) if h["action"] == "update"]
    assert [(h["field"], h["old"], h["new"], h["actor"]) for h in entries] == [
        ("status", None, "in_progress", "测试秘书"),
        ("owner", None, "刘秘书", "测试秘书"),
        ("status", "in_progress", "done", "测试秘书"),
    ]
    assert entries[0]["new_shown"] == "推进中" and entries[2]["field_zh"] == "状态"

    message = store.undo_last("plan_item", 1)
    assert "已撤销" in message
    assert store.get("plan_item", 1)["status"] == "in_progress"
    store.undo_last("plan_item", 1)  # the undo itself is not undone: the change before it is
    row = store.get("plan_item", 1)
    assert row["status"] is None and row["owner"] is None
    # any earlier state can be shown
    first_update = entries[0]["id"]
    assert store.state_at("plan_item", 1, first_update)["status"] == "in_progress"
    assert store.state_at("plan_item", 1, first_update)["owner"] == "刘秘书"
    store.close()


def test_undo_restores_a_deleted_record(store):
    store.insert("committee", SAMPLES[0][1])
    store.delete("committee", 1, expected_version=1)
    assert store.rows("committee") == []
    store.undo_last("committee", 1)
    assert store.get("committee", 1)["name"] == "政协测试县委员会"


def test_two_editors_second_save_refused_first_change_survives(workbench_env, backend_url):
    first, second = Store.open(backend_url), Store.open(backend_url)
    try:
        with first.writer("甲秘书") as w:
            for name, values, _ in SAMPLES[:7]:
                w.insert(schema.entity(name), values)
        loaded_by_second = second.get("plan_item", 1)["version"]
        first.update("plan_item", 1, {"status": "lagging"}, expected_version=1, actor="甲秘书")
        with pytest.raises(ConflictError) as caught:
            second.update("plan_item", 1, {"status": "done"}, expected_version=loaded_by_second, actor="乙秘书")
        message = str(caught.value)
        assert "甲秘书" in message and "组织委员培训" in message and "进展滞后" in message
        assert caught.value.changed_by == "甲秘书"
        assert first.get("plan_item", 1)["status"] == "lagging"
    finally:
        first.close()
        second.close()


def test_unknown_status_label_is_refused_with_the_allowed_values(store):
    for name, values, _ in SAMPLES[:7]:
        store.insert(name, values)
    with pytest.raises(LabelError) as caught:
        store.update("plan_item", 1, {"status": "差不多了"}, expected_version=1)
    text = str(caught.value)
    assert "差不多了" in text
    for label in ("未启动", "推进中", "已完成", "进展滞后", "已调整/取消"):
        assert label in text
    assert store.get("plan_item", 1)["version"] == 1


def test_bad_date_and_missing_required_field_are_refused(store):
    store.insert("committee", SAMPLES[0][1])
    with pytest.raises(ValidationError, match="缺少必填项：县名"):
        store.insert("committee", {"name": "无县名"})
    with pytest.raises(ValidationError, match="不是有效的日期"):
        store.insert("proposal", {"year": 2026, "case_no": 1, "title": "x", "due_on": "明年"})


def test_labels_accept_codes_labels_and_aliases(store):
    store.insert(
        "proposal",
        {
            "year": 2026,
            "case_no": 1,
            "title": "x",
            "reply_category": "A类",
            "status": "办理中",
            "satisfaction": "basically_satisfied",
        },
    )
    row = store.get("proposal", 1)
    assert (row["reply_category"], row["status"], row["satisfaction"]) == ("A", "handling", "basically_satisfied")


def test_read_only_store_refuses_writes(workbench_env, backend_url):
    from workbench.office import demo

    with Store.open(backend_url) as rw:
        demo.load(rw)
    ro = Store.open(backend_url, readonly=True)
    try:
        with pytest.raises(ReadOnlyError):
            ro.update("proposal", 1, {"title": "改"}, expected_version=1)
        # even bypassing the Store API, the connection itself cannot write
        with pytest.raises(Exception, match=r"(?i)readonly|read-only"), ro.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE proposal SET title='改' WHERE id=1")
    finally:
        ro.close()
    with Store.open(backend_url) as rw:
        assert rw.get("proposal", 1)["title"] != "改"


def test_sqlite_runs_in_wal_mode(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_older_schema_upgrades_with_rows_intact(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "store_v1.sql").read_text(encoding="utf-8"))
    # A member with attendance: version 4 rebuilds the member table under the attendance rows.
    conn.executescript("""
        INSERT INTO member (id, name, position, is_standing_member, version) VALUES (1, '老委员', '县一中校长', 1, 1);
        INSERT INTO attendance (id, meeting_id, member_id, state, version) VALUES (1, 1, 1, 'present', 1);""")
    conn.commit()
    conn.close()
    with Store.open(f"sqlite:///{path}") as s:
        with s.engine.connect() as c:
            assert c.execute(select(func.max(schema.schema_version.c.version))).scalar() == LATEST
            tables = set(inspect(c).get_table_names())
        assert "packet_snapshot" in tables
        proposal = s.get("proposal", 1)
        assert proposal["title"] == "关于旧版数据迁移的建议" and proposal["version"] == 2
        assert [h["field"] for h in s.history("proposal", 1)] == ["status"]
        # the upgraded database can be written as usual
        s.update("proposal", 1, {"status": "replied"}, expected_version=2)
        # members now belong to the term the store had; the same person can join the next term
        assert s.get("member", 1)["term_id"] == 1 and s.get("attendance", 1)["member_id"] == 1
        new_term = s.insert("term", {"committee_id": 1, "term_no": 11})
        s.insert("member", {"name": "老委员", "position": "县一中校长", "term_id": new_term})
        with pytest.raises(ValidationError):
            s.insert("member", {"name": "老委员", "position": "县一中校长", "term_id": new_term})
        with s.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA foreign_key_check").first() is None
    fresh = tmp_path / "fresh.sqlite"
    with Store.open(f"sqlite:///{fresh}") as f, Store.open(f"sqlite:///{path}") as old:
        for table in schema.metadata.sorted_tables:
            with f.engine.connect() as a, old.engine.connect() as b:
                cols_new = {c["name"] for c in inspect(a).get_columns(table.name)}
                cols_old = {c["name"] for c in inspect(b).get_columns(table.name)}
            assert cols_new == cols_old, table.name


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path, monkeypatch, cli):
    bogus = tmp_path / "notes.sqlite"
    content = "这是一份会议记录，不是数据库。\n".encode() * 50
    bogus.write_bytes(content)
    monkeypatch.setenv("WORKBENCH_DB_URL", f"sqlite:///{bogus}")
    with pytest.raises(StoreError, match="不是工作台数据库"):
        Store.open()
    result = cli("init")
    assert result.code == 1 and "不是工作台数据库" in result.err and "Traceback" not in result.err
    assert bogus.read_bytes() == content
    assert not Path(str(bogus) + "-wal").exists()


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="不是工作台数据库"):
        Store.open(f"sqlite:///{path}")


def test_batched_writes_validate_and_record_history_like_single_ones(workbench_env, backend_url):
    with Store.open(backend_url) as store:
        with store.writer("导入") as w:
            ids = w.insert_many(
                schema.proposal, [{"year": 2026, "case_no": n, "title": f"建议{n}", "status": "办理中"} for n in range(1, 4)]
            )
        assert [store.get("proposal", i)["status"] for i in ids] == ["handling"] * 3
        assert store.get("proposal", ids[0])["key_proposal"] is False  # column default kept
        with store.writer("导入") as w:
            assert w.update_many(schema.proposal, [(ids[0], {"status": "已答复"}, 1), (ids[1], {"status": "办理中"}, 1)]) == 1
        assert [h["action"] for h in store.history("proposal", ids[0])] == ["insert", "update"]
        assert store.history("proposal", ids[1])[-1]["action"] == "insert"
        with pytest.raises(ConflictError), store.writer("导入") as w:
            w.update_many(schema.proposal, [(ids[2], {"status": "已答复"}, 1), (ids[0], {"status": "已办结"}, 1)])
        assert store.get("proposal", ids[2])["status"] == "handling"  # the batch is refused whole
        with pytest.raises(LabelError), store.writer("导入") as w:
            w.insert_many(schema.proposal, [{"year": 2026, "case_no": 9, "title": "x", "status": "差不多"}])


def test_undoing_a_delete_keeps_stale_editors_in_conflict(store):
    store.insert("committee", SAMPLES[0][1])
    stale = store.get("committee", 1)["version"]
    store.update("committee", 1, {"office": "办公室甲"}, expected_version=stale)
    store.delete("committee", 1, expected_version=stale + 1)
    store.undo_last("committee", 1)
    with pytest.raises(ConflictError):
        store.update("committee", 1, {"office": "旧页面上的修改"}, expected_version=stale)
    assert store.get("committee", 1)["office"] == "办公室甲"


def test_a_duplicate_key_on_update_is_a_chinese_error(store):
    for name, values, _ in SAMPLES[:11]:
        store.insert(name, values)
    store.insert("supervision_item", {"code": "JD-02", "topic": "另一事项", "department": "县教体局"})
    with pytest.raises(ValidationError, match="重复"):
        store.update("supervision_item", 2, {"code": "JD-01"}, expected_version=1)


def test_bad_store_locations_are_chinese_errors(tmp_path, monkeypatch, cli):
    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()
    monkeypatch.setenv("WORKBENCH_DB_URL", f"sqlite:///{folder}")
    r = cli("init")
    assert r.code == 1 and "是一个文件夹" in r.err
    monkeypatch.delenv("WORKBENCH_DB_URL")
    blocker = tmp_path / "data-is-a-file"
    blocker.write_text("x")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(blocker))
    r = cli("init")
    assert r.code == 1 and "WORKBENCH_DATA_DIR" in r.err and "程序内部错误" not in r.err
    monkeypatch.setenv("WORKBENCH_DB_URL", "postgresql://someone@localhost/none")
    r = cli("init")
    assert r.code == 1 and "postgresql+psycopg://" in r.err


def test_bad_label_files_are_chinese_errors(workbench_env, tmp_path, monkeypatch, cli):
    monkeypatch.setenv("WORKBENCH_LABELS", str(tmp_path))
    r = cli("doctor")
    assert "是一个文件夹" in r.err and "程序内部错误" not in r.err
    bad = tmp_path / "labels.toml"
    bad.write_text("[sets.plan_item_status]\ntitle = \n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_LABELS", str(bad))
    r = cli("doctor")
    assert "第 2 行" in r.err and "格式有误" in r.err
    bad.write_text(
        '[sets.plan_item_status]\ntitle = "状态"\nvalues = [{ code = "a", label = "甲" }]\n[sets.no_such_set]\n', encoding="utf-8"
    )
    r = cli("doctor")
    assert "no_such_set" in r.err and "无法识别" in r.err


def test_an_office_can_reword_labels_without_touching_stored_codes(store, tmp_path, monkeypatch):
    for name, values, _ in SAMPLES[:7]:
        store.insert(name, values)
    store.update("plan_item", 1, {"status": "推进中"}, expected_version=1)
    office = tmp_path / "labels.toml"
    office.write_text(
        '[sets.plan_item_status]\ntitle = "落实状态"\nvalues = [\n'
        '  { code = "not_started", label = "尚未开展" },\n'
        '  { code = "in_progress", label = "正在落实" },\n'
        '  { code = "done", label = "落实完成" },\n'
        '  { code = "lagging", label = "滞后" },\n'
        '  { code = "changed", label = "调整" },\n'
        '  { code = "suspended", label = "暂缓" },\n]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("WORKBENCH_LABELS", str(office))
    import workbench

    assert workbench.frames(chinese=True)["plan_item"]["状态"].tolist() == ["正在落实"]
    store.update("plan_item", 1, {"status": "暂缓"}, expected_version=2)
    assert store.get("plan_item", 1)["status"] == "suspended"
