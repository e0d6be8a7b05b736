"""A meeting's numbered list (议程, 任免名单): add, delete and move rows, one change each.

Reordering renumbers the whole list 1, 2, 3 … in one transaction, so positions never
collide or leave gaps, and one undo puts the old order back. Deleting renumbers the rest
in the same change, on the delete button's second click. A tab built on this says which table, which columns and how a row is
named in messages; it builds its own form for adding.
"""

from __future__ import annotations

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.confirm import ConfirmButton
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.parts.grid import Column, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession


class MeetingList:
    table: str = ""
    css: str = ""  # class prefix of the row buttons: wb-<css>-up / -down / -remove
    what: str = ""  # the list as messages name it: 议程, 任免名单

    def __init__(self, session: EditSession, columns: list[Column], *, empty_text: str):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.columns = columns
        self.grid = RecordGrid(columns, empty_text=empty_text, extra_headers=[("调整", "220px")], css=self.css, table=self.table)
        self.notice = Notice()
        session.on_data_changed(self._data_changed)

    def name(self, record: dict) -> str:
        """A row as a message names it: 议程“……”, 任免名单中的“张三”."""
        raise NotImplementedError

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches(self.table) and event.source is not self and self.meeting is not None:
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        records = self.session.store.rows(self.table, order_by="position", meeting_id=meeting.id) if meeting is not None else []
        self.grid.show(records, self._row)

    def _row(self, rec: dict) -> RecordRow:
        up, down = button("上移", width="64px"), button("下移", width="64px")
        remove = ConfirmButton(
            lambda: f"将删除{self.name(rec)}（删除后可点击“撤销上一次修改”恢复）。",
            lambda: self.remove(rec["id"]),
            self.notice,
            css=f"wb-{self.css}-remove",
            width="80px",
        )
        up.add_class(f"wb-{self.css}-up"), down.add_class(f"wb-{self.css}-down")
        up.on_click(lambda _b, i=rec["id"]: self.move(i, -1))
        down.on_click(lambda _b, i=rec["id"]: self.move(i, +1))
        return RecordRow(self.session, self.table, rec, self.columns, extra_widgets=[up, down, remove.widget])

    def _unsaved(self) -> bool:
        if any(r.dirty for r in self.grid.rows):
            self.notice.error(f"{self.what}中还有未保存的修改，请先点击“保存修改”，再添加、调整顺序或删除。")
            return True
        return False

    def append(self, values: dict, name: str) -> int | None:
        """Add a row at the end of the list (`name` as `name()` words it); the caller checked the form."""
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return None
        if self._unsaved():
            return None
        position = max((r.record["position"] for r in self.grid.rows), default=0) + 1
        try:
            with self.session.change(f"添加{name}", source=self) as rec:
                new_id = rec.insert(self.table, {"meeting_id": self.meeting.id, "position": position, **values})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        self.load(self.meeting)
        self.notice.ok(f"已添加{name}（第{position}项）。")
        return new_id

    def remove(self, record_id: int) -> bool:
        self.notice.clear()
        if self._unsaved():
            return False
        row = self.grid.row(record_id)
        order = [r for r in self.grid.rows if r.id != record_id]
        try:
            with self.session.change(f"删除{self.name(row.record)}", source=self) as rec:
                rec.delete(self.table, record_id, expected_version=row.version)
                self._renumber(rec, order)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            self.load(self.meeting)  # show the list as it now stands
            return False
        self.load(self.meeting)
        self.notice.ok(f"已删除{self.name(row.record)}。")
        return True

    def move(self, record_id: int, delta: int) -> bool:
        self.notice.clear()
        if self._unsaved():
            return False
        order = list(self.grid.rows)
        i = next(k for k, r in enumerate(order) if r.id == record_id)
        j = i + delta
        if not 0 <= j < len(order):
            self.notice.info("已经在最" + ("前" if delta < 0 else "后") + "面了。")
            return False
        order[i], order[j] = order[j], order[i]
        try:
            with self.session.change(f"调整{self.what}顺序", source=self) as rec:
                self._renumber(rec, order)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            self.load(self.meeting)
            return False
        self.load(self.meeting)
        self.notice.ok(f"已调整{self.what}顺序。")
        return True

    def _renumber(self, rec, order: list[RecordRow]) -> None:
        for position, r in enumerate(order, start=1):
            if r.record["position"] != position:
                rec.update(self.table, r.id, {"position": position}, expected_version=r.version)


def form_row(*widgets) -> W.HBox:
    return W.HBox(list(widgets), layout=W.Layout(flex_flow="row wrap"))
