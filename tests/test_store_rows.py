"""The typed records agree with the tables: a renamed, retyped or newly nullable column fails here."""

import dataclasses
import types
import typing
from datetime import date, datetime

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text

from workbench.base.errors import NotFoundError
from workbench.store import rows, schema

PY = [(Boolean, bool), (DateTime, datetime), (Date, date), (Integer, int), ((String, Text), str)]


def _python_type(column):
    return next(py for sql, py in PY if isinstance(column.type, sql))


def test_every_table_but_the_schema_version_has_one_record():
    tables = {t.name for t in schema.metadata.sorted_tables} - {"schema_version"}
    assert sorted(r.table.name for r in rows.RECORDS) == sorted(tables)


@pytest.mark.parametrize("record", rows.RECORDS, ids=lambda r: r.__name__)
def test_record_matches_its_table(record):
    hints = typing.get_type_hints(record)
    fields = {f.name: hints[f.name] for f in dataclasses.fields(record)}
    table = record.table
    assert set(fields) == {c.name for c in table.c}, f"{record.__name__} and table {table.name} name different columns"
    for column in table.c:
        declared = fields[column.name]
        args = set(typing.get_args(declared)) if isinstance(declared, types.UnionType) else {declared}
        expected = {_python_type(column)} | ({type(None)} if column.nullable else set())
        assert args == expected, (
            f"{record.__name__}.{column.name}: {declared} but the column is {column.type}"
            f"{' (nullable)' if column.nullable else ''}"
        )
    assert dataclasses.is_dataclass(record) and record.__dataclass_params__.frozen


def test_typed_reads(demo_store):
    proposals = demo_store.select(rows.Proposal, rows.Proposal.table.c.review_result == "filed", order_by="case_no")
    assert proposals and all(isinstance(p, rows.Proposal) and p.review_result == "filed" for p in proposals)
    assert [p.case_no for p in proposals] == sorted(p.case_no for p in proposals)
    as_dicts = [r for r in demo_store.rows("proposal", order_by="case_no") if r["review_result"] == "filed"]
    assert [p.as_dict() for p in proposals] == as_dicts
    first = proposals[0]
    assert demo_store.one(rows.Proposal, first.id) == first
    assert demo_store.first(rows.Proposal, year=first.year, case_no=first.case_no) == first
    assert demo_store.first(rows.Proposal, case_no=-1) is None
    with pytest.raises(NotFoundError, match="提案（编号 999999）不存在"):
        demo_store.one(rows.Proposal, 999999)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.title = "改"  # type: ignore[misc]
