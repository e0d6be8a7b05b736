"""A row per expected member of a meeting, for records kept per meeting and member (出勤, 回执).

The member's record may not exist yet: the row then shows the member with empty fields and inserts the
record on the first save (`first` names the field that must be filled for that), and from then on it
is an ordinary record row with its version. Keyed by the member, so a record made meanwhile (another
window, an import) is taken over rather than shown twice.
"""

from __future__ import annotations

from workbench.ui.editor.parts.grid import Column, RecordRow
from workbench.ui.editor.session import EditSession, Recorder


class MemberRecordRow(RecordRow):
    """A member's record of `table` for one meeting; `id` is None until it is first saved."""

    def __init__(
        self, session: EditSession, table: str, meeting_id: int, shown: dict, columns: list[Column], own: tuple[str, ...]
    ):
        self.meeting_id = meeting_id
        self.member_id = shown["member"]["id"]
        self.own = own  # the record's own fields, written on insert
        self.first = own[0]
        super().__init__(session, table, shown, columns)
        self.widget.add_class(f"wb-{table}-member-{self.member_id}")
        if self.id is None:
            self.fields[self.first].required = False  # not recorded yet is allowed; clearing a record is not

    @property
    def key(self) -> int:
        return self.member_id  # the record may not exist yet

    def take(self, record: dict) -> None:
        if record.get("id") is not None and self.id is None:
            self.id = record["id"]  # recorded meanwhile (another window, an import)
            self.fields[self.first].required = True
        elif record.get("id") is None and self.id is not None:
            # Deleted meanwhile (an undone first save, a tick taken back on 签到): the member is not
            # recorded again, so the emptied field is allowed and the next save inserts anew.
            self.id = None
            self.fields[self.first].required = False
        super().take(record)

    def has_pending(self) -> bool:
        if self.id is None:
            return self.fields[self.first].parse() is not None
        return super().has_pending()

    def write(self, rec: Recorder) -> None:
        if self.id is not None:
            return super().write(rec)
        values = {name: self.fields[name].parse() for name in self.own if name in self.fields}
        self._new_id = rec.insert(self.table, {"meeting_id": self.meeting_id, "member_id": self.member_id, **values})

    def after_save(self, row: dict | None) -> None:
        if self.id is None:
            self.id = self._new_id  # only now: a rolled-back insert leaves the row new
        current = self.session.store.get(self.table, self.id)
        self.fields[self.first].required = True
        self.load({**self.record, **current})
        self.notice.ok("已保存。")
