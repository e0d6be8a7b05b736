"""Snapshots of what a packet used, and the "since last meeting" changes computed from them.

Exporting a packet freezes the state of every tracked record (plan items,
proposals, supervision items, briefing topics) as of the packet's data date into
`packet_snapshot`, with the figures the packet quoted, its documents and the
pre-export check's findings. The JSON carries a `version`; `read` is the one
function that turns a stored row back into a `Snapshot` (the dashboard reads it too).
The next meeting's packet compares today's state with the
previous meeting's latest snapshot: new items, status changes, items that became
overdue. Without a snapshot (the previous packet was never exported from the
workbench) it falls back to dates in the records and the change history, and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from workbench.base.errors import NotFoundError
from workbench.drafts.blocks import Packet, PacketFigures
from workbench.office import figures
from workbench.office.meetings import MeetingInfo, previous_meeting
from workbench.packet.wording import case_no, label, plan_item_name, proposal_name, zh_date
from workbench.store import Store, schema
from workbench.store.rows import BriefingTopic, HistoryEntry, PacketSnapshot, PlanItem, Proposal, SupervisionItem

# Version of the snapshot JSON: 1 had no "version" key (records, figures, documents);
# 2 adds "version" and "findings" (the pre-export check).
VERSION = 2

# The record kinds a snapshot freezes: kind → (Chinese name, label set of its status). The one table
# of them: the changes section and the dashboard's snapshot view both read it.
KINDS = {
    "plan_items": ("工作要点条目", "plan_item_status"),
    "proposals": ("提案", "proposal_status"),
    "supervision_items": ("监督事项", "supervision_status"),
    "briefing_topics": ("情况通报议题", "briefing_status"),
}


@dataclass(frozen=True)
class Tracked:
    """One record as a snapshot froze it, whatever its kind: the one reader of the frozen dicts."""

    label: str
    status: str | None = None
    overdue: bool = False
    due: str | None = None  # ISO date: plan and supervision items freeze a "deadline", proposals a "due_on"
    feedback_overdue: bool = False
    feedback_due: str | None = None

    @classmethod
    def read(cls, item: dict) -> Tracked:
        return cls(
            label=str(item.get("label", "")),
            status=item.get("status"),
            overdue=bool(item.get("overdue")),
            due=item.get("due_on") or item.get("deadline"),
            feedback_overdue=bool(item.get("feedback_overdue")),
            feedback_due=item.get("feedback_due"),
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def collect(store: Store, as_of: date) -> dict:
    """The state of every tracked record as of `as_of`, as JSON-ready data keyed by a stable key."""
    plan = {}
    for i in figures.plan_items(store, as_of):
        plan[str(i.id)] = {
            "label": plan_item_name(i.number, i.title),
            "status": i.status or "not_started",
            "latest_note_on": _iso(i.latest_note_on),
            "deadline": _iso(i.deadline),
            "overdue": figures.plan_item_overdue(i, as_of),
        }
    pf = figures.proposal_figures(store, as_of)
    overdue = {(r.year, r.case_no) for r in pf.overdue}
    proposals = {}
    if pf.year is not None:
        for r in store.select(Proposal, year=pf.year, order_by="case_no"):
            proposals[f"{r.year}-{r.case_no}"] = {
                "label": proposal_name(r.case_no, r.title),
                "status": r.status,
                "review_result": r.review_result,
                "due_on": _iso(r.due_on),
                "overdue": (r.year, r.case_no) in overdue,
            }
    supervision = {}
    for s in figures.supervision_items(store, as_of):
        supervision[s.item.code] = {
            "label": f"{s.item.code}《{s.item.topic}》",
            "status": s.item.status,
            "deadline": _iso(s.item.deadline),
            "overdue": s.overdue,
            "feedback_overdue": s.feedback_overdue,
            "feedback_due": _iso(s.feedback_due),
        }
    briefings = {}
    for t in figures.briefing_topics(store):
        briefings[t.code] = {"label": f"《{t.topic}》", "status": t.status, "meeting_id": t.meeting_id}
    return {
        "as_of": as_of.isoformat(),
        "plan_items": plan,
        "proposals": proposals,
        "supervision_items": supervision,
        "briefing_topics": briefings,
    }


def build(store: Store, packet: Packet, findings: list) -> dict:
    """The JSON an export freezes: the records as of the packet's data date, its figures, documents, findings."""
    as_of = date.fromisoformat(packet.figures.as_of) if packet.figures.as_of else date.today()
    data: dict[str, Any] = {"version": VERSION, **collect(store, as_of)}
    data["figures"] = packet.figures.to_json()
    data["documents"] = [{"key": d.key, "title": d.title, "included": d.included} for d in packet.documents]
    data["findings"] = [f.to_dict() for f in findings]
    return data


@dataclass
class DocumentEntry:
    key: str
    title: str
    included: bool = True


@dataclass
class Snapshot:
    """A stored snapshot, read back whatever version wrote it; `unreadable` when its JSON is damaged."""

    id: int
    meeting_id: int
    exported_at: datetime | None
    exported_by: str
    files: list[str]
    version: int
    as_of: date | None
    records: dict[str, dict[str, dict]]  # kind (of KINDS) → key → frozen state
    figures: PacketFigures
    documents: list[DocumentEntry]
    findings: list[dict]
    unreadable: bool = False


def _iso_date(value) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def read(row: PacketSnapshot) -> Snapshot:
    """A `packet_snapshot` row as a `Snapshot`: the one reader of the snapshot JSON."""
    unreadable = False
    try:
        data = json.loads(row.data) if row.data else {}
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (ValueError, TypeError):
        data, unreadable = {}, True
    try:
        listed = json.loads(row.files) if row.files else []
    except (ValueError, TypeError):
        listed = []
    files = [str(f) for f in listed if isinstance(f, str)] if isinstance(listed, list) else []
    records = {
        k: v for k, v in data.items() if k in KINDS and isinstance(v, dict) and all(isinstance(x, dict) for x in v.values())
    }
    documents = (
        [
            DocumentEntry(str(d.get("key", "")), str(d["title"]), d.get("included", True) is not False)
            for d in data.get("documents", [])
            if isinstance(d, dict) and d.get("title")
        ]
        if isinstance(data.get("documents"), list)
        else []
    )
    stored_findings = data.get("findings")
    found: list = stored_findings if isinstance(stored_findings, list) else []
    stamped = data.get("version")
    version = stamped if isinstance(stamped, int) else 1
    return Snapshot(
        id=row.id,
        meeting_id=row.meeting_id,
        exported_at=row.exported_at,
        exported_by=row.exported_by or "",
        files=files,
        version=version,
        as_of=_iso_date(data.get("as_of")),
        records=records,
        figures=PacketFigures.from_json(data.get("figures")),
        documents=documents,
        findings=[f for f in found if isinstance(f, dict)],
        unreadable=unreadable,
    )


# ---------------------------------------------------------------- storing


def record(store: Store, meeting_id: int, data: dict, files: list[str], *, actor: str | None = None) -> int:
    """Insert one snapshot row, in a transaction of its own (packet_snapshot is not a versioned entity)."""
    with store.writer(actor) as w:
        result = w.conn.execute(
            schema.packet_snapshot.insert().values(
                meeting_id=meeting_id,
                exported_at=w.now,
                exported_by=w.actor,
                data=json.dumps(data, ensure_ascii=False, default=str),
                files=json.dumps(files, ensure_ascii=False),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return key[0]


def latest(store: Store, meeting_id: int) -> Snapshot | None:
    """The newest snapshot of a meeting, or None."""
    ps = PacketSnapshot.table
    row = store.first(PacketSnapshot, meeting_id=meeting_id, order_by=(ps.c.exported_at.desc(), ps.c.id.desc()))
    return None if row is None else read(row)


def by_id(store: Store, snapshot_id: int) -> Snapshot | None:
    row = store.first(PacketSnapshot, id=snapshot_id)
    return None if row is None else read(row)


# ---------------------------------------------------------------- changes


@dataclass
class Change:
    kind: str  # key of KINDS
    key: str
    label: str  # how the item is named in the packet
    detail: str  # Chinese: what changed


@dataclass
class ChangeReport:
    basis: str  # Chinese: what was compared with what
    previous_title: str | None
    has_snapshot: bool
    new_items: list[Change] = field(default_factory=list)
    status_changes: list[Change] = field(default_factory=list)
    became_overdue: list[Change] = field(default_factory=list)
    no_update: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "new_items": len(self.new_items),
            "status_changes": len(self.status_changes),
            "became_overdue": len(self.became_overdue),
            "no_update": len(self.no_update),
        }


def _status_text(kind: str, code: str | None) -> str:
    return label(KINDS[kind][1], code, missing="（空）")


def changes_since(store: Store, meeting: MeetingInfo, as_of: date, current: dict | None = None) -> ChangeReport:
    """What changed since the previous meeting of the same kind, as of `as_of`."""
    current = current if current is not None else collect(store, as_of)
    previous = previous_meeting(store, meeting)
    if previous is not None and previous.term_id != meeting.term_id:
        previous = None  # a new term's first meeting: the last term's packet is not "the last meeting"
    snap = latest(store, previous.id) if previous else None
    if previous is not None and snap is not None and not snap.unreadable:
        as_of_then = f"（截至{zh_date(snap.as_of)}）" if snap.as_of else ""
        report = ChangeReport(
            basis=f"与{previous.short_title}会议材料所载情况{as_of_then}比对。",
            previous_title=previous.short_title,
            has_snapshot=True,
        )
        _compare(report, snap.records, current)
    elif previous is not None:
        since = previous.held_on
        report = ChangeReport(
            basis=f"以下为{previous.short_title}（{zh_date(since)}）以来的变化，依据各项工作的交办、送达、"
            "完成时限和办理记录整理。",
            previous_title=previous.short_title,
            has_snapshot=False,
        )
        if since is not None:
            _from_history(store, report, since, as_of, current)
    else:
        # Nothing earlier to compare with: the reader is told only what the list holds.
        first = "本次为本届首次常委会议，" if meeting.seq_no == 1 else ""
        report = ChangeReport(basis=f"{first}以下列出本季度尚无进展更新的事项。", previous_title=None, has_snapshot=False)
    _summarise_new_proposals(report)
    # A status changed since the last meeting (or this quarter) is an update, only not a written one.
    changed = {c.key for c in report.status_changes if c.kind == "plan_items"}
    for i in figures.plan_items_unchanged(store, figures.plan_items(store, as_of), as_of):
        if str(i.id) in changed:
            continue
        when = f"最近一次进展为{zh_date(i.latest_note_on)}" if i.latest_note_on else "尚无进展记录"
        report.no_update.append(Change("plan_items", str(i.id), plan_item_name(i.number, i.title), f"本季度无进展更新（{when}）"))
    return report


def _compare(report: ChangeReport, before: dict, now: dict) -> None:
    for kind, (zh, _labels) in KINDS.items():
        old, new = before.get(kind, {}), now.get(kind, {})
        for key, item in new.items():
            if key not in old:
                report.new_items.append(
                    Change(kind, key, item["label"], f"新增{zh}，当前状态：{_status_text(kind, item['status'])}")
                )
                continue
            if old[key].get("status") != item.get("status"):
                report.status_changes.append(
                    Change(
                        kind,
                        key,
                        item["label"],
                        f"状态由“{_status_text(kind, old[key].get('status'))}”变为“{_status_text(kind, item.get('status'))}”",
                    )
                )
            if item.get("overdue") and not old[key].get("overdue"):
                report.became_overdue.append(Change(kind, key, item["label"], _overdue_text(kind, Tracked.read(item).due)))
            elif item.get("feedback_overdue") and not old[key].get("feedback_overdue") and not item.get("overdue"):
                report.became_overdue.append(Change(kind, key, item["label"], _feedback_text(item.get("feedback_due"))))
        for key, item in new.items():  # new and already overdue counts as both
            if key not in old and item.get("overdue"):
                report.became_overdue.append(Change(kind, key, item["label"], _overdue_text(kind, Tracked.read(item).due)))


def _feedback_text(due: str | None) -> str:
    return (f"应于{zh_date(date.fromisoformat(due))}前反馈整改方案，" if due else "") + "逾期未反馈"


# More new proposals than this are one line of the changes list (a new session's whole batch).
MANY_NEW = 10


def _summarise_new_proposals(report: ChangeReport) -> None:
    new = [c for c in report.new_items if c.kind == "proposals"]
    if len(new) <= MANY_NEW:
        return
    numbers = sorted(int(c.key.split("-")[1]) for c in new)
    first, last = case_no(numbers[0]), case_no(numbers[-1])
    line = Change("proposals", "new", f"提案{len(new)}件", f"新增提案{len(new)}件（{first}至{last}）")
    report.new_items = [c for c in report.new_items if c.kind != "proposals"] + [line]


def _overdue_text(kind: str, due: str | None) -> str:
    what = "办理期限" if kind == "proposals" else "完成时限"
    return f"{what}为{zh_date(date.fromisoformat(due))}，已逾期" if due else "已逾期"


def _from_history(store: Store, report: ChangeReport, since: date, as_of: date, now: dict) -> None:
    # New items by the dates the office records: a proposal's assignment, a recommendation's dispatch.
    p, si = Proposal.table, SupervisionItem.table
    for r in store.select(Proposal, p.c.assigned_on > since, p.c.assigned_on <= as_of, order_by=("year", "case_no")):
        key = f"{r.year}-{r.case_no}"
        report.new_items.append(Change("proposals", key, proposal_name(r.case_no, r.title), f"{zh_date(r.assigned_on)}交办"))
    for s in store.select(
        SupervisionItem, si.c.recommendation_sent_on > since, si.c.recommendation_sent_on <= as_of, order_by="code"
    ):
        report.new_items.append(
            Change("supervision_items", s.code, f"{s.code}《{s.topic}》", f"{zh_date(s.recommendation_sent_on)}送达监督建议书")
        )
    # Status changes from the history of edits made after the previous meeting.
    kinds: dict[str, type[PlanItem] | type[Proposal] | type[SupervisionItem] | type[BriefingTopic]] = {
        "plan_items": PlanItem,
        "proposals": Proposal,
        "supervision_items": SupervisionItem,
        "briefing_topics": BriefingTopic,
    }
    h = HistoryEntry.table
    start = datetime.combine(since, time.max)
    for kind, record_type in kinds.items():
        entries = store.select(HistoryEntry, h.c.at > start, table_name=record_type.table.name, field="status")
        first_old: dict[int, str | None] = {}
        last_new: dict[int, str | None] = {}
        for e in entries:
            first_old.setdefault(e.record_id, json.loads(e.old_value) if e.old_value else None)
            last_new[e.record_id] = json.loads(e.new_value) if e.new_value else None
        for record_id, old in first_old.items():
            new = last_new[record_id]
            if old == new:
                continue
            try:
                row = store.one(record_type, record_id)
            except NotFoundError:  # deleted since: nothing left to report on
                continue
            key, name = _key_and_label(row)
            report.status_changes.append(
                Change(kind, key, name, f"状态由“{_status_text(kind, old)}”变为“{_status_text(kind, new)}”")
            )
    # Overdue since the previous meeting: the due date fell between the two meetings.
    for kind in ("plan_items", "proposals", "supervision_items"):
        for key, item in now.get(kind, {}).items():
            due = Tracked.read(item).due
            if item.get("overdue") and due and date.fromisoformat(due) >= since:
                report.became_overdue.append(Change(kind, key, item["label"], _overdue_text(kind, due)))


def _key_and_label(row: PlanItem | Proposal | SupervisionItem | BriefingTopic) -> tuple[str, str]:
    if isinstance(row, PlanItem):
        return str(row.id), plan_item_name(row.number, row.title)
    if isinstance(row, Proposal):
        return f"{row.year}-{row.case_no}", proposal_name(row.case_no, row.title)
    if isinstance(row, SupervisionItem):
        return row.code, f"{row.code}《{row.topic}》"
    return row.code, f"《{row.topic}》"
