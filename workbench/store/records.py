"""Versioned writes with an append-only history: the only way anything changes in the store.

Every update names the version its editor started from. If the row moved on
since, the update is refused with a `ConflictError` that says who changed what,
so two secretaries never silently overwrite each other. Every insert, field
change, delete and undo is appended to `history`, from which any earlier state
of a record can be rebuilt and the last change reverted.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Table, and_, bindparam, func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from workbench.base import config, values
from workbench.base.errors import ConflictError, NotFoundError, ReadOnlyError, StoreError, ValidationError, WorkbenchError
from workbench.store import archive, database, holder, schema, search
from workbench.store.database import WRITE_OPTION
from workbench.store.reading import TypedReads

_BOOKKEEPING = {"id", "version", "updated_at", "updated_by"}
# A conflict message names this many of the other side's latest changes and counts the rest.
CONFLICT_SHOWN = 5


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(_jsonable(value), ensure_ascii=False)


def _load(table: Table, field: str, text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    if value is None or field not in table.c:
        return value
    return coerce(table, field, value)


def coerce(table: Table, field: str, value: Any, *, where: str = "", labels: config.Labels | None = None) -> Any:
    """Turn a value given by a user or a file into what the column holds, or refuse it in Chinese."""
    col = table.c[field]
    zh = col.info.get("zh", field)
    place = where or f"{table.info.get('zh', table.name)}的“{zh}”"
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    labels_name = col.info.get("labels")
    if labels_name:
        return (labels or config.labels())[labels_name].code(value, where=place)
    if col.info.get("value") == "year_month":
        try:
            return values.year_month(value)
        except values.Bad as exc:
            raise ValidationError(f"{place}：“{value}”不是有效的{exc.expected}。") from None
    if isinstance(col.type, DateTime):
        if isinstance(value, datetime):
            return value
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(f"{place}：“{value}”不是有效的时间。") from None
    if isinstance(col.type, Date):
        try:
            return values.day(value)
        except values.Bad as exc:
            raise ValidationError(f"{place}：“{value}”不是有效的日期，应为{exc.expected}。") from None
    if isinstance(col.type, Boolean):
        try:
            return values.yes_no(value)
        except values.Bad as exc:
            raise ValidationError(f"{place}：“{value}”应填{exc.expected}。") from None
    if isinstance(col.type, Integer):
        try:
            return values.integer(value)
        except values.Bad as exc:
            raise ValidationError(f"{place}：“{value}”不是有效的数，应为{exc.expected}。") from None
    return str(value) if not isinstance(value, str) else value


def describe(table: Table, row: dict) -> str:
    """A record as a secretary would name it in a sentence."""
    zh = table.info.get("zh", table.name)
    name = table.name
    if name == "proposal":
        return f"{zh}第{row.get('case_no', 0):03d}号《{row.get('title', '')}》"
    if name == "plan_item":
        return f"{zh}第{row.get('number')}条《{row.get('title', '')}》"
    for key in ("title", "topic", "name", "code"):
        if row.get(key):
            return f"{zh}《{row[key]}》" if key in ("title", "topic") else f"{zh}“{row[key]}”"
    return f"{zh}（编号 {row.get('id')}）"


def _field_zh(table: Table, field: str) -> str:
    return table.c[field].info.get("zh", field) if field in table.c else field


def _shown(table: Table, field: str, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    labels_name = table.c[field].info.get("labels") if field in table.c else None
    if labels_name:
        return config.labels()[labels_name].label(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(_jsonable(value))


def _changed_since(conn: Connection, since: int) -> list[tuple[str, int]] | None:
    """The records the history rows after `since` name; None when history was emptied (`demo --reset`)."""
    h = schema.history
    if since and (conn.execute(select(func.max(h.c.id))).scalar() or 0) < since:
        return None
    return [(r[0], r[1]) for r in conn.execute(select(h.c.table_name, h.c.record_id).where(h.c.id > since).distinct())]


class Writer:
    """Writes inside one transaction; everything it did is committed together or not at all."""

    def __init__(self, conn: Connection, actor: str, at: datetime | None = None, correction: str | None = None):
        self.conn = conn
        self.actor = actor
        self.correction = correction  # the reason of a 更正 of an archived meeting (`store.archive`)
        self.now = (at or datetime.now()).replace(microsecond=0)
        self.labels = config.labels()  # once per transaction, not once per cell

    # -- helpers
    def _row(self, table: Table, record_id: int, *, lock: bool = False) -> dict:
        query = select(table).where(table.c.id == record_id)
        row = self.conn.execute(query.with_for_update() if lock else query).mappings().first()
        if row is None:
            raise NotFoundError(f"{table.info.get('zh', table.name)}（编号 {record_id}）不存在，可能已被删除。")
        return dict(row)

    def _log(self, change_id, table, record_id, action, field, old, new, version, undoes=None):
        self.conn.execute(
            schema.history.insert().values(
                change_id=change_id,
                table_name=table.name,
                record_id=record_id,
                action=action,
                field=field,
                old_value=old,
                new_value=new,
                version=version,
                undoes=undoes,
                actor=self.actor,
                at=self.now,
            )
        )

    def _clean(self, table: Table, values: dict) -> dict:
        out = {}
        for field, value in values.items():
            if field in _BOOKKEEPING:
                continue
            if field not in table.c:
                raise ValidationError(f"{table.info.get('zh', table.name)}没有“{field}”这一项。")
            out[field] = coerce(table, field, value, labels=self.labels)
        return out

    def _refuse_blanked(self, table: Table, clean: dict, current: dict) -> None:
        """A required field emptied by an edit: say so, instead of letting the database's NOT NULL
        surface as a duplicate."""
        blanked = [c for c in table.c if c.name in clean and clean[c.name] is None and not c.nullable and not c.primary_key]
        if blanked:
            names = "、".join(f"“{c.info.get('zh', c.name)}”" for c in blanked)
            raise ValidationError(f"{describe(table, current)}的{names}为必填项，不能清空，未保存。")

    def get(self, table: Table, record_id: int) -> dict:
        """A record as this transaction sees it, locked until commit (for checks that must still hold
        when the writes land: PostgreSQL takes a row lock; SQLite already holds the write lock)."""
        return self._row(table, record_id, lock=True)

    # -- operations
    def insert(self, table: Table, values: dict, *, record_id: int | None = None, version: int = 1) -> int:
        clean = self._clean(table, values)
        missing = [
            c
            for c in table.c
            if not c.nullable
            and not c.primary_key
            and c.default is None
            and c.name not in _BOOKKEEPING
            and clean.get(c.name) is None
        ]
        if missing:
            names = "、".join(c.info.get("zh", c.name) for c in missing)
            raise ValidationError(f"新增{table.info.get('zh', table.name)}时缺少必填项：{names}。")
        row = {**clean, "version": version, "updated_at": self.now, "updated_by": self.actor}
        if record_id is not None:
            row["id"] = record_id
        try:
            key = self.conn.execute(table.insert().values(**row)).inserted_primary_key
        except IntegrityError as exc:
            raise ValidationError(f"{describe(table, clean)}与已有记录重复或引用了不存在的记录，未保存。") from exc
        assert key is not None  # a single-row INSERT always reports its key
        new_id = key[0]
        self._log(
            uuid.uuid4().hex,
            table,
            new_id,
            "insert",
            None,
            None,
            json.dumps({k: _jsonable(v) for k, v in clean.items()}, ensure_ascii=False),
            version,
        )
        return new_id

    def insert_many(self, table: Table, rows: list[dict]) -> list[int]:
        """Insert many records at once (imports): each validated and logged as `insert` would, in two statements."""
        if not rows:
            return []
        cleaned = [self._clean(table, values) for values in rows]
        columns = [c for c in table.c if c.name not in _BOOKKEEPING]
        for clean in cleaned:
            missing = [c for c in columns if not c.nullable and c.default is None and clean.get(c.name) is None]
            if missing:
                names = "、".join(c.info.get("zh", c.name) for c in missing)
                raise ValidationError(
                    f"新增{table.info.get('zh', table.name)}时缺少必填项：{names}（{describe(table, clean)}）。"
                )
        # executemany needs the same keys in every row; absent keys take the column's default, as in insert().
        defaults = {c.name: (c.default.arg if isinstance(c.default, ScalarElementColumnDefault) else None) for c in columns}
        params = [{**defaults, **clean, "version": 1, "updated_at": self.now, "updated_by": self.actor} for clean in cleaned]
        try:
            ids = [r[0] for r in self.conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), params)]
        except IntegrityError as exc:
            raise ValidationError(
                f"新增的{table.info.get('zh', table.name)}中有与已有记录重复或引用了不存在的记录的，全部未保存。"
            ) from exc
        self.conn.execute(
            schema.history.insert(),
            [
                {
                    "change_id": uuid.uuid4().hex,
                    "table_name": table.name,
                    "record_id": new_id,
                    "action": "insert",
                    "field": None,
                    "old_value": None,
                    "new_value": json.dumps({k: _jsonable(v) for k, v in clean.items()}, ensure_ascii=False),
                    "version": 1,
                    "undoes": None,
                    "actor": self.actor,
                    "at": self.now,
                }
                for new_id, clean in zip(ids, cleaned)
            ],
        )
        return ids

    def update_many(self, table: Table, updates: list[tuple[int, dict, int]]) -> int:
        """Apply many (record_id, changes, expected_version) at once, with the same checks and history as `update`.

        Any stale version refuses the whole batch with a `ConflictError`. Returns how many records changed.
        """
        if not updates:
            return 0
        ids = [u[0] for u in updates]
        current = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for r in self.conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                current[r["id"]] = dict(r)
        groups: dict[tuple, list[dict]] = {}
        history_rows = []
        for record_id, changes, expected_version in updates:
            row = current.get(record_id)
            if row is None:
                raise NotFoundError(f"{table.info.get('zh', table.name)}（编号 {record_id}）不存在，可能已被删除。")
            if row["version"] != expected_version:
                raise self._conflict(table, row, expected_version)
            clean = self._clean(table, changes)
            self._refuse_blanked(table, clean, row)
            diff = {f: v for f, v in clean.items() if row.get(f) != v}
            if not diff:
                continue
            new_version = expected_version + 1
            groups.setdefault(tuple(sorted(diff)), []).append(
                {
                    **{f"v_{k}": v for k, v in diff.items()},
                    "b_id": record_id,
                    "b_version": expected_version,
                    "v_version": new_version,
                }
            )
            change_id = uuid.uuid4().hex
            for field, value in diff.items():
                history_rows.append(
                    {
                        "change_id": change_id,
                        "table_name": table.name,
                        "record_id": record_id,
                        "action": "update",
                        "field": field,
                        "old_value": _dump(row.get(field)),
                        "new_value": _dump(value),
                        "version": new_version,
                        "undoes": None,
                        "actor": self.actor,
                        "at": self.now,
                    }
                )
        changed = 0
        for fields, params in groups.items():
            stmt = (
                table.update()
                .where(and_(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version")))
                .values(
                    **{f: bindparam(f"v_{f}") for f in fields},
                    version=bindparam("v_version"),
                    updated_at=self.now,
                    updated_by=self.actor,
                )
            )
            try:
                result = self.conn.execute(stmt, params)
            except IntegrityError as exc:
                raise ValidationError(
                    f"修改后的{table.info.get('zh', table.name)}中有与已有记录重复或引用了不存在的记录的，全部未保存。"
                ) from exc
            if result.rowcount not in (-1, len(params)):  # lost a race between read and write
                raise ValidationError(f"保存{table.info.get('zh', table.name)}时有记录已被他人修改，全部未保存，请重新导入。")
            changed += len(params)
        if history_rows:
            self.conn.execute(schema.history.insert(), history_rows)
        return changed

    def update(
        self,
        table: Table,
        record_id: int,
        changes: dict,
        *,
        expected_version: int,
        action: str = "update",
        undoes: str | None = None,
    ) -> dict:
        clean = self._clean(table, changes)
        current = self._row(table, record_id)
        if current["version"] != expected_version:
            raise self._conflict(table, current, expected_version)
        self._refuse_blanked(table, clean, current)
        diff = {f: v for f, v in clean.items() if current.get(f) != v}
        if not diff:
            return current
        new_version = current["version"] + 1
        try:
            result = self.conn.execute(
                table.update()
                .where(and_(table.c.id == record_id, table.c.version == expected_version))
                .values(**diff, version=new_version, updated_at=self.now, updated_by=self.actor)
            )
        except IntegrityError as exc:
            raise ValidationError(
                f"{describe(table, {**current, **diff})}修改后与已有记录重复或引用了不存在的记录，未保存。"
            ) from exc
        if result.rowcount != 1:  # lost a race between read and write
            raise self._conflict(table, self._row(table, record_id), expected_version)
        change_id = uuid.uuid4().hex
        for field, value in diff.items():
            self._log(change_id, table, record_id, action, field, _dump(current.get(field)), _dump(value), new_version, undoes)
        return {**current, **diff, "version": new_version, "updated_at": self.now, "updated_by": self.actor}

    def delete(self, table: Table, record_id: int, *, expected_version: int) -> None:
        current = self._row(table, record_id)
        if current["version"] != expected_version:
            raise self._conflict(table, current, expected_version)
        try:
            self.conn.execute(table.delete().where(table.c.id == record_id))
        except IntegrityError:
            raise ValidationError(f"{describe(table, current)}仍有下属记录，不能删除。") from None
        snapshot = {k: _jsonable(v) for k, v in current.items() if k not in _BOOKKEEPING}
        self._log(
            uuid.uuid4().hex,
            table,
            record_id,
            "delete",
            None,
            json.dumps(snapshot, ensure_ascii=False),
            None,
            current["version"] + 1,
        )

    def undo_last(self, table: Table, record_id: int) -> str:
        """Revert the record's most recent change that is not yet undone; return what was done, in Chinese."""
        rows = (
            self.conn.execute(
                select(schema.history)
                .where(schema.history.c.table_name == table.name, schema.history.c.record_id == record_id)
                .order_by(schema.history.c.id.desc())
            )
            .mappings()
            .all()
        )
        undone = {r["undoes"] for r in rows if r["undoes"]}
        for r in rows:
            if r["action"] == "undo" or r["change_id"] in undone:
                continue
            group = [g for g in rows if g["change_id"] == r["change_id"]]
            who = f"{r['actor']} 于 {r['at']:%Y-%m-%d %H:%M}"
            if r["action"] == "update":
                current = self._row(table, record_id)
                old = {g["field"]: _load(table, g["field"], g["old_value"]) for g in group}
                self.update(table, record_id, old, expected_version=current["version"], action="undo", undoes=r["change_id"])
                fields = "、".join(_field_zh(table, f) for f in old)
                return f"已撤销{describe(table, current)}的修改（{who}，{fields}）。"
            if r["action"] == "delete":
                values = json.loads(r["old_value"])
                # A version above any an editor may hold: their stale save must still conflict.
                restored = r["version"] + 1
                self.insert(table, values, record_id=record_id, version=restored)
                self._log(uuid.uuid4().hex, table, record_id, "undo", None, None, None, restored, r["change_id"])
                return f"已恢复被删除的{describe(table, values)}（{who}删除）。"
            if r["action"] == "insert":
                current = self._row(table, record_id)
                self.delete(table, record_id, expected_version=current["version"])
                self._log(uuid.uuid4().hex, table, record_id, "undo", None, None, None, current["version"] + 1, r["change_id"])
                return f"已撤销新增的{describe(table, current)}。"
        raise NotFoundError(f"{table.info.get('zh', table.name)}（编号 {record_id}）没有可以撤销的修改。")

    def _conflict(self, table: Table, current: dict, expected_version: int) -> ConflictError:
        changes = [
            dict(r)
            for r in self.conn.execute(
                select(schema.history)
                .where(
                    schema.history.c.table_name == table.name,
                    schema.history.c.record_id == current["id"],
                    schema.history.c.version > expected_version,
                )
                .order_by(schema.history.c.id)
            ).mappings()
        ]
        who = current.get("updated_by") or "他人"
        when = current.get("updated_at")
        when_text = f"于 {when:%Y-%m-%d %H:%M} " if when else ""
        field_changes = [c for c in changes if c["field"]]
        shown = field_changes[-CONFLICT_SHOWN:]
        details = "；".join(
            f"{_field_zh(table, c['field'])}：{_shown(table, c['field'], _load(table, c['field'], c['old_value']))}"
            f" → {_shown(table, c['field'], _load(table, c['field'], c['new_value']))}"
            for c in shown
        )
        if len(field_changes) > len(shown):
            details_text = f"对方共改动 {len(field_changes)} 处，最近 {len(shown)} 处为：{details}。全部改动可在修改记录中查看。"
        else:
            details_text = f"对方的改动：{details}。" if details else ""
        message = (
            f"保存未成功：{describe(table, current)}已被 {who} {when_text}修改"
            f"（当前版本 {current['version']}，您打开时为版本 {expected_version}）。"
            + details_text
            + "您的修改未保存，请查看对方的改动后决定保留哪一方的内容。"
        )
        return ConflictError(message, table=table.name, record_id=current["id"], current=current, changed_by=who, changes=changes)


class Store(TypedReads):
    """One store of truth. `Store.open()` for secretaries and analysts, `Store.open(readonly=True)` for leaders."""

    def __init__(self, engine: Engine, *, url: str, readonly: bool):
        self.engine = engine
        self.url = url
        self.readonly = readonly
        # The connection of the writer open in this thread: reads inside it use it (a second
        # connection would wait for the lock this thread holds, or miss the writer's own changes).
        self._local = threading.local()

    @classmethod
    def open(cls, url: str | None = None, *, readonly: bool = False) -> Store:
        from workbench.base.errors import StoreError
        from workbench.store.database import describe_db_error, open_engine
        from workbench.store.migrations import LATEST, current_version, migrate

        url = url or config.db_url()
        engine = open_engine(url, readonly=readonly)
        try:
            if readonly:
                with engine.connect() as conn:
                    version = current_version(conn)
                if version is None or version == 0:
                    raise StoreError(f"数据库 {url} 中还没有工作台数据。请先运行 python -m workbench init 或 demo。")
                if version < LATEST:
                    raise StoreError(f"数据库结构版本为 {version}，需先由秘书端打开一次完成升级（当前程序为 {LATEST}）。")
            else:
                migrate(engine, url=url)
        except WorkbenchError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise describe_db_error(exc, url) from None
        return cls(engine, url=url, readonly=readonly)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reading
    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection to read with: the open writer's inside `writer()`, the one read's inside `one_read()`,
        otherwise a fresh one whose transaction never takes the write lock."""
        conn = getattr(self._local, "conn", None) or getattr(self._local, "read", None)
        if conn is not None:
            yield conn
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def one_read(self) -> Iterator[None]:
        """Every read of this thread inside sees the store as of one moment, whatever others write meanwhile.

        What one export prints, checks and freezes in its snapshot is read here: separate reads, each
        in its own transaction, could see a colleague's save land between them, and the snapshot would
        disagree with the figures printed beside it. SQLite (WAL) keeps one read transaction's view from
        its first read on without blocking writers; PostgreSQL is asked for REPEATABLE READ. Inside a
        writer, or inside another `one_read`, the reads already share one transaction."""
        if getattr(self._local, "conn", None) is not None or getattr(self._local, "read", None) is not None:
            yield
            return
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                self._local.read = conn
                try:
                    yield
                finally:
                    self._local.read = None

    def fetch(self, query) -> list[dict]:
        """The rows of any SELECT as plain dicts (for figures and snapshots that join tables)."""
        with self.reading() as conn:
            result = conn.execute(query)
            keys = list(result.keys())  # once, not per row: figures read every proposal of the year
            return [dict(zip(keys, row)) for row in result]

    def rows(self, table: str | Table, *, order_by: str | None = "id", **where) -> list[dict]:
        t = schema.entity(table) if isinstance(table, str) else table
        q = select(t)
        for field, value in where.items():
            q = q.where(t.c[field] == value)
        if order_by:
            q = q.order_by(t.c[order_by])
        with self.reading() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def data_version(self) -> tuple:
        """Changes whenever anything readers see may have changed: every write appends to `history`
        (see `writer`), a packet export adds a `packet_snapshot`. Cheap: two indexed aggregates."""
        from sqlalchemy import func

        with self.engine.connect() as conn:
            h = conn.execute(select(func.max(schema.history.c.id), func.count()).select_from(schema.history)).one()
            s = conn.execute(
                select(func.max(schema.packet_snapshot.c.id), func.count()).select_from(schema.packet_snapshot)
            ).one()
        return (*h, *s)

    def get(self, table: str | Table, record_id: int) -> dict:
        t = schema.entity(table) if isinstance(table, str) else table
        with self.reading() as conn:
            row = conn.execute(select(t).where(t.c.id == record_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"{t.info.get('zh', t.name)}（编号 {record_id}）不存在。")
        return dict(row)

    def history(self, table: str | Table, record_id: int) -> list[dict]:
        t = schema.entity(table) if isinstance(table, str) else table
        h = schema.history
        with self.reading() as conn:
            rows = (
                conn.execute(select(h).where(h.c.table_name == t.name, h.c.record_id == record_id).order_by(h.c.id))
                .mappings()
                .all()
            )
        out = []
        for r in rows:
            d = dict(r)
            if d["field"]:
                d["field_zh"] = _field_zh(t, d["field"])
                d["old"] = _load(t, d["field"], d["old_value"])
                d["new"] = _load(t, d["field"], d["new_value"])
                d["old_shown"] = _shown(t, d["field"], d["old"])
                d["new_shown"] = _shown(t, d["field"], d["new"])
            out.append(d)
        return out

    def state_at(self, table: str | Table, record_id: int, history_id: int) -> dict | None:
        """The record as it stood right after history entry `history_id` (None if it did not exist then)."""
        t = schema.entity(table) if isinstance(table, str) else table
        state: dict | None = None
        entries = self.history(t, record_id)
        # A change of several fields is one step: include all of the step that holds history_id.
        step = next((e["change_id"] for e in entries if e["id"] == history_id), None)
        last = max((e["id"] for e in entries if e["change_id"] == step), default=history_id)
        for entry in entries:
            if entry["id"] > last:
                break
            if entry["action"] == "insert":
                raw = json.loads(entry["new_value"])
                state = {c.name: None for c in t.c if c.name not in _BOOKKEEPING}
                state.update({k: coerce(t, k, v) for k, v in raw.items()})
                state["id"] = record_id
            elif entry["action"] == "delete":
                state = None
            elif entry["field"] and state is not None:
                state[entry["field"]] = entry["new"]
            if state is not None:
                state["version"] = entry["version"]
        return state

    # -- writing
    @contextmanager
    def writer(
        self,
        actor: str | None = None,
        *,
        at: datetime | None = None,
        purpose: str = "保存修改",
        correction: str | None = None,
        note: str | None = None,
    ) -> Iterator[Writer]:
        """One transaction of writes. `at` dates them otherwise than now: for entering records of the past
        (the demo's year, a migrated register), never for ordinary edits. `purpose` names the work in the
        message another writer sees while waiting for this one (e.g. "导入提案").

        A writer opened inside another in the same thread joins it (a savepoint on its connection):
        it lands with the outer one or not at all. `correction` is the reason of a 更正: without it, writes to
        an archived meeting's records are refused (`store.archive`). `note` says where the changes came
        from (e.g. "读回自《…》"): written into each history row of the transaction (of the outer one when joined)."""
        if self.readonly:
            raise ReadOnlyError("当前为只读方式（领导看板），不能修改任何数据。")
        actor = actor or config.current_user()
        outer = getattr(self._local, "conn", None)
        if outer is not None:
            with outer.begin_nested():
                yield Writer(outer, actor, at, correction)
            return
        try:
            conn = self.engine.execution_options(**{WRITE_OPTION: True}).connect()
        except OperationalError as exc:
            raise self._write_error(exc, purpose) from None
        try:
            try:
                trans = conn.begin()  # SQLite: BEGIN IMMEDIATE, waiting for another writer to finish
            except OperationalError as exc:
                raise self._write_error(exc, purpose) from None
            self._local.conn = conn
            try:
                with holder.holding(self.url, actor, purpose):
                    # Every write logs history, so the rows logged after `since` name what to re-index.
                    since = conn.execute(select(func.max(schema.history.c.id))).scalar() or 0
                    yield Writer(conn, actor, at, correction)
                    if note:
                        h = schema.history
                        conn.execute(update(h).where(h.c.id > since, h.c.note.is_(None)).values(note=note))
                    archive.check(conn, since, correction)
                    search.refresh(conn, _changed_since(conn, since))
                    trans.commit()
            except OperationalError as exc:
                trans.rollback()
                raise self._write_error(exc, purpose) from exc
            except BaseException:
                trans.rollback()
                raise
        finally:
            self._local.conn = None
            conn.close()

    def _write_error(self, exc: OperationalError, purpose: str) -> StoreError:
        """The driver's English about a write that could not happen, as a sentence for the secretary."""
        from workbench.store.database import describe_db_error

        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            who = holder.describe(self.url)
            return StoreError(
                f"{purpose}未能进行：数据库正由{who or '另一程序写入'}，等待 {database.WRITE_WAIT_SECONDS} 秒后"
                "仍未结束。本次修改未保存，请待对方完成后再试。"
            )
        if "readonly" in text or "read-only" in text:
            return StoreError(
                f"{purpose}未能进行：数据库 {database.shown_url(self.url)} 为只读（没有写入权限或所在磁盘只读），本次修改未保存。"
            )
        if "disk" in text and "full" in text:
            return StoreError(f"{purpose}未能进行：数据库所在磁盘已满，本次修改未保存。")
        return describe_db_error(exc, self.url)

    def insert(self, table: str, values: dict, *, actor: str | None = None) -> int:
        with self.writer(actor) as w:
            return w.insert(schema.entity(table), values)

    def update(self, table: str, record_id: int, changes: dict, *, expected_version: int, actor: str | None = None) -> dict:
        with self.writer(actor) as w:
            return w.update(schema.entity(table), record_id, changes, expected_version=expected_version)

    def delete(self, table: str, record_id: int, *, expected_version: int, actor: str | None = None) -> None:
        with self.writer(actor) as w:
            w.delete(schema.entity(table), record_id, expected_version=expected_version)

    def undo_last(self, table: str, record_id: int, *, actor: str | None = None) -> str:
        with self.writer(actor) as w:
            return w.undo_last(schema.entity(table), record_id)
