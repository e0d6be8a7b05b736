"""The one typed query style: `store.select(Proposal, ...)`, `store.first(...)`, `store.one(Proposal, id)`.

Rows come back as the frozen records of `rows.py`, never as dicts. Conditions are SQLAlchemy
expressions over the record's table (`Proposal.table.c.year == 2026`) or keyword equalities
(`year=2026`); a condition on another table is written as a subquery (`.in_(select(...))`) so each
call reads one table. `Store` takes these methods from `TypedReads`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement
from sqlalchemy import select as sql_select

from workbench.base.errors import NotFoundError
from workbench.store.rows import R

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

OrderBy = str | ColumnElement[Any] | Sequence[str | ColumnElement[Any]] | None


class TypedReads:
    """Reading typed records; mixed into `Store`, whose `reading()` gives the connection (the open
    writer's inside `writer()`, so a read there sees the writer's own changes and waits for no lock)."""

    def reading(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def select(
        self, record: type[R], *where: ColumnElement[bool], order_by: OrderBy = "id", limit: int | None = None, **equal: Any
    ) -> list[R]:
        """The records of `record`'s table matching every condition, in `order_by` order (column names or
        expressions; `id` unless told)."""
        t = record.table
        q = sql_select(*(t.c[name] for name in record.field_names()))
        for condition in where:
            q = q.where(condition)
        for name, value in equal.items():
            q = q.where(t.c[name].is_(None) if value is None else t.c[name] == value)
        orders = [] if order_by is None else [order_by] if isinstance(order_by, (str, ColumnElement)) else order_by
        q = q.order_by(*(t.c[o] if isinstance(o, str) else o for o in orders))
        if limit is not None:
            q = q.limit(limit)
        with self.reading() as conn:
            return [record(*row) for row in conn.execute(q)]

    def first(self, record: type[R], *where: ColumnElement[bool], order_by: OrderBy = "id", **equal: Any) -> R | None:
        """The first matching record, or None."""
        found = self.select(record, *where, order_by=order_by, limit=1, **equal)
        return found[0] if found else None

    def one(self, record: type[R], record_id: int) -> R:
        """The record with this id; a Chinese `NotFoundError` when there is none."""
        found = self.first(record, id=record_id)
        if found is None:
            raise NotFoundError(f"{record.table.info.get('zh', record.table.name)}（编号 {record_id}）不存在。")
        return found
