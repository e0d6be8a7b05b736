"""One secretary's editing session: the store, who is editing, and the changes that can be undone.

Every write the editor makes goes through `EditSession.change()`, which opens one
`Store.writer()` transaction (so a save that touches two records lands whole or not
at all) and remembers which records it touched. "撤销上一次修改" reverts that group
through the store's history (`Writer.undo_last`), newest first, again in one
transaction; undoing again goes on back through this session's own changes.

After every write — a save, an undo, an import, a meeting created — the session
announces a `DataChanged` event naming the tables touched, so every tab that shows
them can bring its rows up to date without a restart (and without stale versions
that would surface later as false conflicts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from workbench.base import config
from workbench.base.errors import ConflictError, NotFoundError
from workbench.office.meetings import MeetingInfo
from workbench.office.preparation import Preparation, prepare
from workbench.store import Store, Writer, describe, entity


@dataclass
class Change:
    what: str  # Chinese: what the secretary did
    # (table, record id, the record's version right after this change; None once deleted)
    records: list[tuple[str, int, int | None]] = field(default_factory=list)


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DataChanged:
    """Records of `tables` changed in the store through this session."""

    tables: frozenset[str]
    reason: str  # "save", "undo", "import" or "create"
    source: Any = None  # the object that made the change (a row, a tab), so it can ignore its own

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


class Recorder:
    """The writer of one change, noting each record it touches."""

    def __init__(self, writer: Writer, change: Change):
        self.writer = writer
        self.change = change

    def insert(self, table: str, values: dict) -> int:
        new_id = self.writer.insert(entity(table), values)
        self.change.records.append((table, new_id, 1))
        return new_id

    def update(self, table: str, record_id: int, changes: dict, *, expected_version: int) -> dict:
        row = self.writer.update(entity(table), record_id, changes, expected_version=expected_version)
        if row["version"] != expected_version:  # nothing differed: nothing to undo
            self.change.records.append((table, record_id, row["version"]))
        return row

    def delete(self, table: str, record_id: int, *, expected_version: int) -> None:
        self.writer.delete(entity(table), record_id, expected_version=expected_version)
        self.change.records.append((table, record_id, None))


class EditSession:
    def __init__(self, store: Store, actor: str | None = None):
        self.store = store
        self.actor = actor
        self.changes: list[Change] = []
        self._listeners: list[Callable[[DataChanged], None]] = []
        # The reason of a 更正 under way (the 会议 tab starts and ends it): writes to an archived meeting's
        # records are refused without one and carry it into the history with one (`store.archive`).
        self.correction: str | None = None

    @property
    def actor_name(self) -> str:
        """Who is editing, as written into records such as a progress note's 填报人."""
        return self.actor or config.current_user()

    def preparation(self, meeting: MeetingInfo | None) -> Preparation | None:
        """The preparation of `meeting` as of today (its period, quarter and 截至), as every tab shows it."""
        return None if meeting is None else prepare(self.store, meeting)

    @contextmanager
    def change(self, what: str, *, source: Any = None) -> Iterator[Recorder]:
        change = Change(what)
        with self.store.writer(self.actor, correction=self.correction) as w:
            yield Recorder(w, change)
        if change.records:
            self.changes.append(change)
            self.data_changed({t for t, _i, _v in change.records}, "save", source=source)

    def remember(self, what: str, records: list[tuple[str, int, int | None]], *, source: Any = None) -> None:
        """Note a change made by a domain function (e.g. `meetings.create_meeting`) so it can be undone."""
        self.changes.append(Change(what, list(records)))
        self.data_changed({t for t, _i, _v in records}, "create", source=source)

    def on_data_changed(self, callback: Callable[[DataChanged], None]) -> None:
        """`callback(event)` after every write through this session, and after imports announced to it.

        Tabs refresh the rows they show but keep any row the secretary is still editing:
        a full reload would throw away what was typed and not yet saved.
        """
        self._listeners.append(callback)

    def data_changed(self, tables: Iterable[str], reason: str, *, source: Any = None) -> None:
        """Tell every listener that `tables` changed (an import written by a domain function calls this)."""
        event = DataChanged(frozenset(tables), reason, source)
        for cb in list(self._listeners):
            try:
                cb(event)
            except Exception:
                # The change is already in the store: a tab failing to redraw must not make the save
                # look refused, nor keep the other tabs from redrawing.
                log.exception("刷新编辑窗口时出错（%s）", ", ".join(sorted(event.tables)))

    def undo(self) -> str:
        """Revert the last change made in this session; return what was done, in Chinese."""
        if not self.changes:
            raise NotFoundError("本次编辑还没有可以撤销的修改。")
        change = self.changes[-1]
        done = []
        with self.store.writer(self.actor, correction=self.correction) as w:
            # Checked inside the write transaction: nobody can save in between the check and the undo.
            for table, record_id, version in change.records:
                self._refuse_if_changed_since(w, change, table, record_id, version)
            for table, record_id, _version in reversed(change.records):
                done.append(w.undo_last(entity(table), record_id))
            now = {(t, i): self._version_now(w, t, i) for t, i, _v in change.records}
        self.changes.pop()
        # The undo itself wrote new versions. Earlier changes of this session to the same records
        # now expect those, so a second undo goes on back through the secretary's own history
        # instead of taking her own undo for a colleague's edit.
        for earlier in self.changes:
            earlier.records = [(t, i, now.get((t, i), v)) for t, i, v in earlier.records]
        self.data_changed({t for t, _i, _v in change.records}, "undo")
        return f"已撤销“{change.what}”：" + "".join(done)

    @staticmethod
    def _version_now(w: Writer, table: str, record_id: int) -> int | None:
        try:
            return w.get(entity(table), record_id)["version"]
        except NotFoundError:
            return None

    def _refuse_if_changed_since(self, w, change: Change, table: str, record_id: int, version: int | None) -> None:
        # The store's undo reverts a record's newest change, whoever made it; a secretary's
        # "undo" must never silently revert a colleague's later edit.
        if version is None:
            return
        try:
            current = w.get(entity(table), record_id)
        except NotFoundError:
            raise ConflictError(
                f"不能撤销“{change.what}”：该记录已被他人删除。",
                table=table,
                record_id=record_id,
                current={},
                changed_by="他人",
                changes=[],
            ) from None
        if current["version"] != version:
            who = current.get("updated_by") or "他人"
            raise ConflictError(
                f"不能撤销“{change.what}”：{describe(entity(table), current)}在您修改之后已被 {who} 再次修改。"
                "请刷新后直接改回需要的内容。",
                table=table,
                record_id=record_id,
                current=current,
                changed_by=who,
                changes=[],
            )
