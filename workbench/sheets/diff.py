"""What an import would do, before it does it: new, changed (field: old → new), unchanged, missing.

`Preview` is what the secretary confirms. It keeps the versions of the records
it compared against, so applying it later refuses (as a conflict) any record a
colleague changed in between. Records the store has and the file lacks are only
listed, never deleted: a department's workbook holds only its own rows, so
“missing” is limited to the file's scope (its years or meetings, and its unit
when every row names the same one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from workbench.base import config
from workbench.sheets import codes
from workbench.sheets.existing import Holdings, Record
from workbench.sheets.kinds import Kind
from workbench.sheets.reader import SheetData, row_name
from workbench.sheets.validate import Checked, Problem, Row

LIST_LIMIT = 30  # lines listed per group in `lines()`; the rest are counted


@dataclass
class Change:
    field: str
    zh: str
    old: Any
    new: Any
    labels: str | None = None

    def __str__(self) -> str:
        return f"{self.zh}：{_shown(self.old, self.labels)} → {_shown(self.new, self.labels)}"


@dataclass(slots=True)
class Entry:
    row: int | None
    kind: Kind
    values: dict[str, Any]
    record: Record | None = None
    ids: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    note: tuple | None = None  # plan progress: ("insert", None, None) or ("update", note id, version)

    @property
    def label(self) -> str:
        """The record as a secretary names it (worked out when shown: a large file lists only a few)."""
        values = {**self.record.values, **self.values} if self.record is not None else self.values
        return describe(self.kind, values)


@dataclass
class Preview:
    kind: Kind
    path: Path
    sheet: str
    columns: list[str]  # fields the import may write
    problems: list[Problem]
    notices: list[str]
    new: list[Entry]
    changed: list[Entry]
    unchanged: list[Entry]
    missing: list[Entry]
    bad_rows: set[int]
    fatal: bool = False
    planned: list = field(default_factory=list)  # future_meetings.Planned: meetings the import adds first
    new_committees: list[str] = field(default_factory=list)  # 专门委员会 the import adds first

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def row_count(self) -> int:
        return len(self.new) + len(self.changed) + len(self.unchanged) + len(self.bad_rows)

    def summary(self) -> str:
        s = (
            f"新增 {len(self.new)} 条，修改 {len(self.changed)} 条，未变 {len(self.unchanged)} 条；"
            f"库中有而文件中没有 {len(self.missing)} 条（不会删除）"
        )
        if self.problems:
            s += f"；有问题 {len(self.problems)} 处（涉及 {len(self.bad_rows)} 行）"
        return s + "。"

    def lines(self, *, limit: int = LIST_LIMIT) -> list[str]:
        """The preview in Chinese, as the CLI prints it and the editor shows it."""
        sheet = f"工作表“{self.sheet}”，" if self.sheet else ""
        out = [f"导入{self.kind.zh}：文件“{self.path.name}”（{sheet}数据 {self.row_count} 行）", self.summary()]
        out += [f"说明：{n}" for n in self.notices]

        def group(title: str, entries: list[Entry], detail: bool) -> None:
            if not entries:
                return
            out.append(f"{title}（{len(entries)} 条）：")
            for e in entries[:limit]:
                place = f"{row_name(e.row)} " if e.row else ""
                text = f"  {place}{e.label}"
                if detail and e.changes:
                    text += "：" + "；".join(str(c) for c in e.changes)
                out.append(text)
            if len(entries) > limit:
                out.append(f"  ……另有 {len(entries) - limit} 条")

        group("新增", self.new, False)
        group("修改", self.changed, True)
        group("库中有而文件中没有（仅列出，不删除）", self.missing, False)
        if self.problems:
            out.append(f"问题（{len(self.problems)} 处）：")
            out += [f"  {p}" for p in self.problems]
        return out


def _shown(value: Any, labels: str | None = None) -> str:
    if value is None or value == "":
        return "（空）"
    if labels:
        return config.labels()[labels].label(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:38] + "……"


def describe(kind: Kind, values: dict) -> str:
    v = values
    if kind.name == "proposal":
        return f"{v.get('year')}年第{v.get('case_no', 0):03d}号提案《{v.get('title') or ''}》"
    if kind.name == "plan_progress":
        return f"{v.get('year')}年工作要点第{v.get('number')}条《{v.get('title') or ''}》"
    if kind.name == "supervision_item":
        return f"监督事项 {v.get('code')}《{v.get('topic') or ''}》"
    if kind.name == "briefing_topic":
        return f"通报议题 {v.get('code')}《{v.get('topic') or ''}》"
    if kind.name == "member":
        pos = f"（{v['position']}）" if v.get("position") else ""
        return f"委员 {v.get('name')}{pos}"
    if kind.name in ("attendance", "meeting_reply"):
        return f"{v.get('meeting')} {v.get('name')}"
    if kind.name == "liaison_group":
        return f"委员联络组“{v.get('name')}”"
    if kind.name == "public_opinion":
        by = f"（{v['submitter']}）" if v.get("submitter") else ""
        return f"社情民意信息 {v.get('code')}《{v.get('title') or ''}》{by}"
    if kind.name == "special_committee":
        return f"专门委员会“{v.get('name')}”"
    if kind.name == "special_committee_member":
        return f"{v.get('committee')} {v.get('name')}"
    if kind.name == "special_committee_activity":
        return f"{v.get('committee')} {v.get('held_on')}《{v.get('title') or ''}》"
    if kind.name == "liaison_quota":
        return f"{v.get('group')}{v.get('year')}年{config.labels()['liaison_activity_kind'].label(v.get('activity_kind'))}指标"
    return str(tuple(v.get(k) for k in kind.key))


def compare(kind: Kind, data: SheetData, checked: Checked, holdings: Holdings) -> Preview:
    new: list[Entry] = []
    changed: list[Entry] = []
    unchanged: list[Entry] = []
    writable = [
        n for n in data.columns if not kind.field(n).readonly and (not data.department or n in kind.key or n in kind.fill)
    ]
    # Year and session the file gives for all its rows (title, sheet or file name) rather than per row.
    derived = [
        n
        for n in ("year", "term_no", "session_no")
        if n not in data.columns
        and any(f.name == n for f in kind.fields)
        and (n in data.defaults or (data.terms is not None and n != "year"))
    ]
    writable += derived
    if codes.applies(kind, data.columns):
        writable.append("code")  # worked out for a list numbered 序号 only
    editable = [kind.field(n) for n in writable if n not in ("noted_on", "note", "author")]
    for row in checked.rows:
        if row.record is None:
            new.append(Entry(row.number, kind, row.values, None, row.ids))
            continue
        current = row.record.values
        changes = [
            Change(f.name, f.zh, current.get(f.name), row.values.get(f.name), f.labels)
            for f in editable
            if f.name not in kind.key
            and row.values.get(f.name) != current.get(f.name)
            and not (f.name in derived and (current.get(f.name) is not None or row.values.get(f.name) is None))
        ]
        if kind.name == "member" and "position" in writable and row.values.get("position") != current.get("position"):
            f = kind.field("position")  # matched by name alone: the position itself changed
            changes.append(Change("position", f.zh, current.get("position"), row.values.get("position")))
        note = _note_change(kind, row, changes) if kind.name == "plan_progress" else None
        entry = Entry(row.number, kind, row.values, row.record, row.ids, changes, note)
        (changed if changes else unchanged).append(entry)
    missing = [Entry(None, kind, r.values, r) for r in _in_scope(kind, data, checked, holdings) if r.id not in checked.matched]
    return Preview(
        kind,
        data.path,
        data.sheet,
        writable,
        checked.problems,
        checked.notices,
        new,
        changed,
        unchanged,
        missing,
        checked.bad_rows,
        checked.fatal,
        [p for name, p in holdings.planned.items() if any(e.values.get("meeting") == name for e in (*new, *changed))],
        [n for n in holdings.new_committees if any(e.values.get("committee") == n for e in (*new, *changed))],
    )


def _note_change(kind: Kind, row: Row, changes: list[Change]) -> tuple | None:
    day = row.values.get("noted_on")
    text = row.values.get("note")
    if day is None or text is None:
        return None
    author = row.values.get("author")
    existing = row.record.notes.get(day) if row.record is not None else None
    if existing is None:
        changes.append(Change("note", "进展情况", None, f"{day.isoformat()} {text}"))
        return ("insert", None, None)
    note_id, version, old_text, old_author = existing
    if "author" not in row.values:
        author = old_author
    if (old_text, old_author) == (text, author):
        return None
    if old_text != text:
        changes.append(Change("note", f"{day.isoformat()}进展情况", old_text, text))
    if old_author != author:
        changes.append(Change("author", f"{day.isoformat()}填报人", old_author, author))
    return ("update", note_id, version)


def _in_scope(kind: Kind, data: SheetData, checked: Checked, holdings: Holdings) -> list[Record]:
    rows = checked.rows
    scope: dict[str, set] = {}
    for name in ("year", "meeting"):
        if name in kind.key and (name in data.columns or name in data.defaults):
            scope[name] = {r.values.get(name) for r in rows}
    if kind.unit and kind.unit in data.columns:
        units = {r.values.get(kind.unit) for r in rows}
        if len(units) == 1:
            scope[kind.unit] = units
    out = []
    for record in holdings.records.values():
        if all(record.values.get(name) in allowed for name, allowed in scope.items()):
            out.append(record)
    return out
