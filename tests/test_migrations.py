"""Upgrading from every earlier schema version to the current one, on SQLite and PostgreSQL.

`fixtures/schema/vN.sql` are stores written by the workbench as it was at version N
(versions 1 and 2 by commit 21a2d8a, 3 by ff6f72b, 4 by f3ed056, 5 by d725478, 6 by 995f269 upgrading the v5
fixture, 7 by 21e26c1 upgrading the v6 fixture and adding a 人事事项, 8 by 964a6e9 upgrading
the v7 fixture and adding a 社情民意信息, 9 by 4bfabc3 adding a 专门委员会, 10 by 2edd063 adding a 参会回执,
11 by 0583e66 adding a 议定事项 and a 表决),
with a few records and their history.
A store upgraded from any of them must have the same tables as a new store, which
must in turn match `schema.py`, and keep every record.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, inspect, select, text

from workbench.store import Store, schema, search
from workbench.store.database import open_engine
from workbench.store.migrations import LATEST, STEPS, current_version, migrate

FIXTURES = Path(__file__).parent / "fixtures" / "schema"
EARLIER = sorted(int(p.stem[1:]) for p in FIXTURES.glob("v*.sql"))


def test_there_is_a_fixture_for_every_earlier_version():
    assert [v for v, _title, _step in STEPS if v < LATEST] == EARLIER


def _structure(url: str) -> dict:
    """Tables, columns (name, type, nullable), unique constraints, foreign keys and indexes, comparable."""
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        out = {}
        # The search index is derived data, made on the first write (workbench/store/search.py), not schema.
        for name in sorted(n for n in insp.get_table_names() if not n.startswith(search.DERIVED_PREFIX)):
            out[name] = {
                "columns": sorted((c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(name)),
                "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(name)),
                "foreign": sorted((tuple(f["constrained_columns"]), f["referred_table"]) for f in insp.get_foreign_keys(name)),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]))
                    for i in insp.get_indexes(name)
                    if not i["name"].startswith("sqlite_autoindex")
                ),
            }
        return out
    finally:
        engine.dispose()


def _fixture_rows(version: int) -> dict[str, list[dict]]:
    con = sqlite3.connect(":memory:")
    con.executescript((FIXTURES / f"v{version}.sql").read_text(encoding="utf-8"))
    con.row_factory = sqlite3.Row
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = {name: [dict(r) for r in con.execute(f'SELECT * FROM "{name}" ORDER BY 1')] for name in names}
    con.close()
    return rows


def _earlier_store(backend_url: str, version: int) -> None:
    """The store as version `version` left it: the fixture itself on SQLite; on PostgreSQL the frozen
    steps up to `version` and the fixture's rows."""
    if backend_url.startswith("sqlite"):
        path = backend_url.removeprefix("sqlite:///")
        con = sqlite3.connect(path)
        con.executescript((FIXTURES / f"v{version}.sql").read_text(encoding="utf-8"))
        con.close()
        return
    engine = open_engine(backend_url)
    try:
        migrate(engine, target=version)
        rows = _fixture_rows(version)
        tables = MetaData()
        tables.reflect(engine)
        with engine.begin() as conn:
            for t in tables.sorted_tables:
                if not rows.get(t.name) or t.name == "schema_version":
                    continue
                for r in rows[t.name]:
                    for c in t.c:  # SQLite gave text and 0/1; convert as the column's type reads them
                        kind = c.type.python_type
                        if r.get(c.name) is not None and kind in (date, datetime):
                            r[c.name] = kind.fromisoformat(r[c.name])
                        elif r.get(c.name) is not None and kind is bool:
                            r[c.name] = bool(r[c.name])
                conn.execute(t.insert(), rows[t.name])
                if "id" in t.c:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), (SELECT max(id) FROM {t.name}))"))
    finally:
        engine.dispose()


@pytest.mark.parametrize("version", EARLIER)
def test_a_store_of_every_earlier_version_upgrades_to_the_current_one(backend_url, version, tmp_path, monkeypatch, request):
    monkeypatch.setenv("WORKBENCH_BACKUP_DIR", str(tmp_path / "backups"))
    _earlier_store(backend_url, version)
    with Store.open(backend_url) as store:
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST
        proposal = store.rows("proposal")[0]
        assert proposal["title"] == "关于加强农村饮水安全的建议" and proposal["satisfaction"] == "satisfied"
        assert proposal["key_proposal"] is True and proposal["version"] == 2
        assert len(store.history("proposal", proposal["id"])) == 2
        section = store.rows("plan_section")[0]
        store.update("plan_section", section["id"], {"text": "本部分说明。"}, expected_version=section["version"])
        assert store.get("plan_section", section["id"])["text"] == "本部分说明。"
    # Before the first step ran, the store as it was was kept.
    assert len(list((tmp_path / "backups").iterdir())) == 1

    fresh_url = _fresh_like(backend_url, request, tmp_path)
    Store.open(fresh_url).close()
    assert _structure(backend_url) == _structure(fresh_url)


def _fresh_like(backend_url: str, request, tmp_path) -> str:
    if backend_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    return request.getfixturevalue("pg_url")


def test_step_one_builds_exactly_the_version_one_tables(tmp_path):
    url = f"sqlite:///{tmp_path / 'v1.sqlite'}"
    engine = open_engine(url)
    migrate(engine, target=1)
    engine.dispose()
    con = sqlite3.connect(":memory:")
    con.executescript((FIXTURES / "v1.sql").read_text(encoding="utf-8"))
    made = sqlite3.connect(tmp_path / "v1.sqlite")

    def ddl(c):
        return sorted(" ".join(r[0].split()) for r in c.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))

    assert ddl(made) == ddl(con)


def test_a_new_store_has_exactly_the_tables_schema_py_describes(backend_url):
    Store.open(backend_url).close()
    engine = create_engine(backend_url)
    try:
        insp = inspect(engine)
        assert set(insp.get_table_names()) == set(schema.metadata.tables)
        for table in schema.metadata.sorted_tables:
            columns = {c["name"]: c for c in insp.get_columns(table.name)}
            assert set(columns) == set(table.c.keys()), table.name
            for c in table.c:
                assert columns[c.name]["nullable"] == (c.nullable and not c.primary_key), (table.name, c.name)
        with engine.connect() as conn:
            assert conn.execute(select(schema.schema_version.c.version)).scalars().all() == list(range(1, LATEST + 1))
    finally:
        engine.dispose()
