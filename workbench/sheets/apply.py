"""Writing a confirmed import preview: upsert by natural key in one store transaction.

Everything goes through one `Store.writer()`, so each insert and field change is
recorded in history and any failure (a conflict with a colleague's edit, a value
the store refuses) leaves the store exactly as it was. Updates name the version
the preview compared against: a record changed since is a conflict, not an
overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from workbench.base import config
from workbench.base.errors import SheetError
from workbench.office.committee import current_term_id
from workbench.sheets.diff import Entry, Preview
from workbench.sheets.kinds import PROGRESS_NOTE_FIELDS
from workbench.store import Store, schema
from workbench.store.backup import backup

# Sheet fields naming another record, stored as that record's id.
_REF_COLUMNS = {"group": "group_id", "meeting": "meeting_id", "liaison_group": "liaison_group_id", "committee": "committee_id"}
_NOTE_FIELDS = PROGRESS_NOTE_FIELDS
BATCH = 5000
# Kinds whose rows name a member (姓名, with 工作单位及职务 to tell namesakes apart), stored as member_id.
_PER_MEMBER = ("attendance", "meeting_reply", "special_committee_member")


@dataclass
class Applied:
    inserted: int = 0
    updated: int = 0
    notes_added: int = 0
    notes_updated: int = 0
    skipped_rows: int = 0
    backup: str | None = None  # the automatic backup taken before a large import
    meetings_added: list[str] = field(default_factory=list)  # meetings the rows named, added first
    committees_added: list[str] = field(default_factory=list)  # 专门委员会 a composition list named, added first

    def lines(self) -> list[str]:
        out = [f"已导入：新增 {self.inserted} 条，修改 {self.updated} 条。"]
        if self.meetings_added:
            out.append(f"已新建会议：{'、'.join(self.meetings_added)}（日期待定，请在“会议”页填写）。")
        if self.committees_added:
            out.append(f"已新建专门委员会：{'、'.join(self.committees_added)}（简称、排序可在“专委会”页填写）。")
        if self.backup:
            out.append(f"导入前已自动备份数据库：{self.backup}")
        if self.notes_added or self.notes_updated:
            out.append(f"进展情况：新增 {self.notes_added} 条，修改 {self.notes_updated} 条。")
        if self.skipped_rows:
            out.append(f"有问题的 {self.skipped_rows} 行未导入，请修改后再次导入。")
        return out


def refuse(preview: Preview) -> SheetError:
    """The error that says why nothing was written, with every problem attached."""
    name = preview.path.name
    if preview.fatal:
        first = str(preview.problems[0]) if preview.problems else ""
        return SheetError(f"文件“{name}”无法导入，未写入任何数据。{first}", preview.problems)
    return SheetError(
        f"文件“{name}”中有 {len(preview.problems)} 处问题（涉及 {len(preview.bad_rows)} 行），未写入任何数据。"
        "请按上面列出的行和列修改后重新导入；如只导入没有问题的行，请加 --valid-only。",
        preview.problems,
    )


def _store_values(kind_name: str, entry: Entry, fields) -> dict:
    """The entry's values for the given sheet fields, as the store's columns hold them."""
    out: dict[str, Any] = {}
    for name in fields:
        if name in _NOTE_FIELDS or name == "section" or (kind_name == "plan_progress" and name == "year"):
            continue
        if kind_name in _PER_MEMBER and name == "position":
            continue
        if kind_name in _PER_MEMBER and name == "name":
            out["member_id"] = entry.ids["member"]
        elif name in _REF_COLUMNS:
            out[_REF_COLUMNS[name]] = entry.ids.get(name)  # a cleared reference stores NULL
        else:
            out[name] = entry.values.get(name)
    return out


def apply(
    store: Store, preview: Preview, *, valid_only: bool = False, actor: str | None = None, correction: str | None = None
) -> Applied:
    """Write the preview's new and changed records; refuse with a `SheetError` if it has problems.

    With `valid_only`, rows with problems are skipped and the rest written; a file
    that cannot be read as a whole (a required column missing, no data) is still refused.
    """
    if preview.fatal or (preview.problems and not valid_only):
        raise refuse(preview)
    kind = preview.kind
    table = schema.entity(kind.table)
    writable = [n for n in preview.columns if not kind.field(n).readonly]
    result = Applied(skipped_rows=len(preview.bad_rows))
    if not preview.new and not preview.changed:
        return result
    if len(preview.new) + len(preview.changed) > config.backup_rows():
        # A large import is hard to undo record by record: keep the store as it was first.
        result.backup = str(backup(store.url, reason=f"导入{kind.zh}前"))
    # `correction`: the reason of a 更正, when the rows change an archived meeting's records (`store.archive`).
    with store.writer(actor, purpose=f"导入{kind.zh}", correction=correction) as w:
        # Batched: 10,000 rows in a few statements, with the same validation and history as one by one.
        # In slices, still in the one transaction: a 200,000-row file never has all its statements in memory.
        term_id = current_term_id(w.conn) if kind.name == "member" else None
        for planned in preview.planned:
            # A meeting the list names before it was created: added here, dated later on the 会议 page.
            meeting_id = w.insert(
                schema.meeting,
                {
                    "term_id": planned.term_id,
                    "kind": "standing_committee_meeting",
                    "seq_no": planned.seq_no,
                    "held_on": None,
                    "status": "planned",
                },
            )
            result.meetings_added.append(planned.name)
            for entry in (*preview.new, *preview.changed):
                if entry.values.get("meeting") == planned.name:
                    entry.ids["meeting"] = meeting_id
        if preview.new_committees:
            c = schema.special_committee
            last = w.conn.execute(select(func.max(c.c.position))).scalar() or 0
            for n, name in enumerate(preview.new_committees, start=1):
                # Named by the composition list: added first, in the list's order.
                committee_id = w.insert(c, {"name": name, "position": last + n})
                result.committees_added.append(name)
                for entry in (*preview.new, *preview.changed):
                    if entry.values.get("committee") == name:
                        entry.ids["committee"] = committee_id
        for start in range(0, len(preview.new), BATCH):
            new_rows = [_store_values(kind.name, e, writable) for e in preview.new[start : start + BATCH]]
            if kind.name == "member":
                for row in new_rows:  # a roster is imported for the current term (after 换届: the new one)
                    row["term_id"] = term_id
            result.inserted += len(w.insert_many(table, new_rows))
        updates = []
        for entry in preview.changed:
            item_changes = [c.field for c in entry.changes if c.field not in _NOTE_FIELDS]
            if item_changes and entry.record is not None:
                updates.append((entry.record.id, _store_values(kind.name, entry, item_changes), entry.record.version))
                result.updated += 1
            if len(updates) >= BATCH:
                w.update_many(table, updates)
                updates = []
        w.update_many(table, updates)
        for entry in preview.changed:
            item_changes = [c.field for c in entry.changes if c.field not in _NOTE_FIELDS]
            if entry.note:
                _write_note(w, entry)
                if entry.note[0] == "insert":
                    result.notes_added += 1
                else:
                    result.notes_updated += 1
                if not item_changes:
                    result.updated += 1
    return result


def _write_note(w, entry: Entry) -> None:
    assert entry.note is not None and entry.record is not None  # only changed plan items carry a note
    action, note_id, version = entry.note
    values = {"text": entry.values["note"]}
    if "author" in entry.values:
        values["author"] = entry.values["author"]
    if action == "insert":
        w.insert(schema.progress_note, {"plan_item_id": entry.record.id, "noted_on": entry.values["noted_on"], **values})
    else:
        w.update(schema.progress_note, note_id, values, expected_version=version)
