"""Storing parsed work plans, and updating a stored plan from a revised document.

Everything happens in one `Store.writer()` transaction: an import lands whole or
not at all, and every insert, change and deletion goes to `history` (so it can
be undone record by record).

How a document is matched to what is stored
--------------------------------------------
* **Plan**: one work plan per year. A parsed plan goes to the stored work plan of
  the same year; if there is none, it is added. A plan without a year can only
  be imported with an explicit year (`--year`). When a document holds several
  plans, `year` picks the one to import.
* **Sections** are matched by their number (一、二、…): a changed heading is
  updated in place. A section that is no longer in the document is deleted
  when it no longer holds any item, otherwise kept.
* **Items** are matched so that an item keeps its owner, status, deadline and
  progress notes even if it was renumbered or moved to another section:
  1. the same title (ignoring spaces and punctuation);
  2. the same section and number, with a similar title or text;
  3. the most similar remaining item: a title at least 0.8 alike, or a text at
     least 0.6 alike (difflib ratio, ignoring spaces and punctuation);
  4. the same section and number (an item rewritten in place).
  Matched items get the document's number, title, text and section; nothing
  the office entered is touched. Items left over in the document are added
  (status 未启动). Stored items no longer in the document are deleted if the
  office recorded nothing on them; otherwise they are kept, marked 已调整/取消,
  and moved after the last number of their section if their number is taken.
* Importing the same document again finds no difference and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection

from workbench.base import config
from workbench.base.errors import PlanParseError, ReadOnlyError, ValidationError
from workbench.base.numerals import chinese_number as _cn
from workbench.plans.outline import Plan
from workbench.store import Store, schema
from workbench.store.records import Writer

_OFFICE_FIELDS = ("lead_leader", "lead_committee", "partners", "owner", "deadline")
_FIELD_ZH = {
    "lead_leader": "牵头领导",
    "lead_committee": "牵头委室",
    "partners": "协作单位",
    "owner": "责任人",
    "deadline": "完成时限",
}


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do), in lines a secretary can read."""

    source: str
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)
    plans_added: int = 0
    plans_updated: int = 0
    plans_unchanged: int = 0
    sections_added: int = 0
    sections_changed: int = 0
    items_added: int = 0
    items_changed: int = 0
    items_removed: int = 0
    items_kept: int = 0
    work_plan_ids: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.plans_added or self.plans_updated)

    def text(self) -> str:
        return "\n".join(self.lines)


def import_plan(
    store: Store, plans_or_path, *, year: int | None = None, dry_run: bool = False, actor: str | None = None
) -> ImportReport:
    """Store the plans of a document (a path, a `Plan`, or a list of them); see the module docstring."""
    if isinstance(plans_or_path, (str, Path)):
        from workbench.plans import parse_file

        plans = parse_file(plans_or_path)
        source = Path(plans_or_path).name
    else:
        plans = [plans_or_path] if isinstance(plans_or_path, Plan) else list(plans_or_path)
        source = plans[0].source if plans and plans[0].source else "粘贴的文本"
    plans = _choose(plans, year, source)
    report = ImportReport(source=source, dry_run=dry_run)
    if dry_run:
        _rehearse(store, plans, source, report, actor)
    else:
        with store.writer(actor, purpose="导入工作要点") as w:
            for plan in plans:
                _import_one(w.conn, w, plan, source, report)
    # How the document was read (pending revisions accepted, a task table merged) comes before what changed.
    report.lines[:0] = [f"说明：{notice}" for plan in plans for notice in plan.notices]
    if dry_run:
        report.lines.insert(0, "（试导入：以下是将要进行的修改，尚未保存。）")
    return report


def _rehearse(store: Store, plans: list[Plan], source: str, report: ImportReport, actor: str | None) -> None:
    """A dry run: the real writer, with all its checks, in a transaction that is then rolled back."""
    if store.readonly:
        raise ReadOnlyError("当前为只读方式，不能试导入工作要点。")
    with store.engine.connect() as conn:
        transaction = conn.begin()
        try:
            w = Writer(conn, actor or config.current_user(), None)
            for plan in plans:
                _import_one(conn, w, plan, source, report)
        finally:
            transaction.rollback()


def _choose(plans: list[Plan], year: int | None, source: str) -> list[Plan]:
    """The plans to import, with `year` applied; the caller's plans are left as they were."""
    if not plans:
        raise PlanParseError(f"“{source}”中没有工作要点可以导入。")
    if year is not None:
        if not 1949 <= int(year) <= 2100:
            raise ValidationError(f"年度“{year}”不正确，应写作 2025 这样的四位年份。")
        if len(plans) == 1:
            plans = [replace(plans[0], year=int(year))]
        else:
            same = [p for p in plans if p.year == year]
            unknown = [p for p in plans if p.year is None]
            if len(same) == 1:
                plans = same
            elif not same and len(unknown) == 1:
                plans = [replace(unknown[0], year=int(year))]
            else:
                raise ValidationError(
                    f"“{source}”中有 {len(plans)} 份工作要点（{_years(plans)}），"
                    f"其中{'没有' if not same else '有不止一份是'} {year} 年的，无法确定导入哪一份。"
                )
    missing = [p for p in plans if p.year is None]
    if missing:
        names = "、".join(_name(p) for p in missing)
        raise ValidationError(
            f"{names}没有写明年度，无法确定对应哪一年的工作要点。"
            "请指定年度（在编辑窗口中填写“年度”，命令行加 --year，如 --year 2025）。"
        )
    seen: dict[int | None, Plan] = {}
    for p in plans:
        if p.year in seen:
            raise ValidationError(
                f"“{source}”中有两份 {p.year} 年的工作要点（{_name(seen[p.year])}、{_name(p)}），"
                "一年只能有一份。请分开导入，或指定年度（编辑窗口的“年度”，命令行的 --year）选择其中一份。"
            )
        seen[p.year] = p
    return plans


def _years(plans: list[Plan]) -> str:
    return "、".join(f"{p.year}年" if p.year else "未写年度" for p in plans)


def _name(plan: Plan) -> str:
    return f"《{plan.title}》" if plan.title else (f"{plan.year}年工作要点" if plan.year else "工作要点")


def _rows(conn, table, **where) -> list[dict]:
    q = select(table)
    for k, v in where.items():
        q = q.where(table.c[k] == v)
    return [dict(r) for r in conn.execute(q.order_by(table.c.id)).mappings()]


def _committee_id(conn) -> int | None:
    ids = [r["id"] for r in _rows(conn, schema.committee)]
    return ids[0] if len(ids) == 1 else None


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text or "")


def _similar(a: str, b: str) -> float:
    a, b = _key(a), _key(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _import_one(conn, w, plan: Plan, source: str, report: ImportReport) -> None:
    existing = _rows(conn, schema.work_plan, year=plan.year)
    if len(existing) > 1:
        raise ValidationError(
            f"库中已有 {len(existing)} 份 {plan.year} 年的工作要点，无法确定更新哪一份。请先在工作要点页面删除多余的一份。"
        )
    if not existing:
        _insert_plan(conn, w, plan, source, report)
        return
    revision = _Revision(conn, w, plan, existing[0], source)
    revision.run()
    revision.tell(report)


@dataclass
class _Revision:
    """Bringing one stored plan up to a revised document, step by step (see the module docstring)."""

    conn: Connection
    w: Writer
    plan: Plan
    stored: dict
    source: str
    changes: list[str] = field(default_factory=list)
    sections_added: int = 0
    sections_changed: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    kept: int = 0

    def run(self) -> None:
        self.sections = {s["number"]: s for s in _rows(self.conn, schema.plan_section, work_plan_id=self.stored["id"])}
        self.items = []
        for s in self.sections.values():
            for it in _rows(self.conn, schema.plan_item, section_id=s["id"]):
                it["_section_no"] = s["number"]
                self.items.append(it)
        self.versions = {st["id"]: st["version"] for st in self.items}
        self.section_ids = self._sync_sections()
        self.parsed = [(sec.number, it) for sec in self.plan.sections for it in sec.items]
        self.pairs = _match(self.parsed, self.items)
        matched = {id(s) for s in self.pairs.values()}
        keep_removed = self._remove_unmatched(matched)
        self.occupied = {(st["section_id"], st["number"]): st for st in self.items if id(st) in matched or st in keep_removed}
        pending = self._update_matched()
        self._park_removed(keep_removed)
        self._renumber(pending)
        self._add_new()
        self._drop_sections()
        self._update_plan_row()

    def _update(self, st: dict, values: dict) -> None:
        self.w.update(schema.plan_item, st["id"], values, expected_version=self.versions[st["id"]])
        self.versions[st["id"]] += 1

    def _sync_sections(self) -> dict[int, int]:
        """Sections by number: new ones added, changed headings and text updated."""
        ids: dict[int, int] = {}
        for sec in self.plan.sections:
            title = sec.title or "（未命名部分）"
            old = self.sections.get(sec.number)
            if old is None:
                ids[sec.number] = self.w.insert(
                    schema.plan_section,
                    {"work_plan_id": self.stored["id"], "number": sec.number, "title": title, "text": sec.text or None},
                )
                self.changes.append(f"新增第{_cn(sec.number)}部分“{title}”。")
                self.sections_added += 1
                continue
            ids[sec.number] = old["id"]
            section_changes: dict[str, str | None] = {}
            if old["title"] != title:
                section_changes["title"] = title
                self.changes.append(f"第{_cn(sec.number)}部分标题由“{old['title']}”改为“{title}”。")
            if (old.get("text") or "") != (sec.text or ""):
                section_changes["text"] = sec.text or None
                self.changes.append(f"第{_cn(sec.number)}部分的说明文字有修改。")
            if section_changes:
                self.w.update(schema.plan_section, old["id"], section_changes, expected_version=old["version"])
                self.sections_changed += 1
        return ids

    def _remove_unmatched(self, matched: set) -> list[dict]:
        """Stored items the document no longer has: deleted if nothing was recorded on them, else kept."""
        progress = {r["plan_item_id"] for r in _rows(self.conn, schema.progress_note)}
        keep = []
        for st in self.items:
            if id(st) in matched:
                continue
            recorded = any(st.get(f) for f in _OFFICE_FIELDS) or st["status"] not in (None, "not_started") or st["id"] in progress
            if recorded:
                keep.append(st)
                continue
            self.w.delete(schema.plan_item, st["id"], expected_version=st["version"])
            self.changes.append(f"删除原第{st['number']}条《{st['title']}》（新文件中已没有，库中也未填写责任人、状态或进展）。")
            self.removed += 1
        return keep

    def _update_matched(self) -> list[tuple[dict, dict]]:
        """Matched items get the document's title and text now; moves to another place are returned for later."""
        pending = []
        for idx, (sno, it) in enumerate(self.parsed):
            st = self.pairs.get(idx)
            if st is None:
                continue
            new = {
                "section_id": self.section_ids[sno],
                "number": it.number,
                "title": it.title or "（未命名条目）",
                "text": it.text,
            }
            diff = {k: v for k, v in new.items() if st[k] != v}
            # Owners and deadlines a task table gives fill what the office has not entered; never overwrite it.
            filled = {k: v for k, v in it.fields.items() if st.get(k) in (None, "") and v not in (None, "")}
            if not diff and not filled:
                self.kept += 1
                continue
            self.changed += 1
            self.changes.extend(_describe_item_change(st, sno, it, {**diff, **filled}))
            rest = {k: v for k, v in {**diff, **filled}.items() if k not in ("section_id", "number")}
            if rest:
                self._update(st, rest)
            if "section_id" in diff or "number" in diff:
                pending.append((st, diff))
        return pending

    def _park_removed(self, keep_removed: list[dict]) -> None:
        """Kept-but-removed items are marked, and first leave the slots the document now uses."""
        targets = {(self.section_ids[sno], it.number) for sno, it in self.parsed}
        for st in keep_removed:
            slot = (st["section_id"], st["number"])
            new: dict[str, object] = {"status": "changed"} if st["status"] != "changed" else {}
            if slot in targets:
                used = {n for (sid, n) in targets if sid == st["section_id"]} | {
                    n for (sid, n) in self.occupied if sid == st["section_id"]
                }
                new["number"] = max(used) + 1
                self.occupied.pop(slot, None)
                self.occupied[(st["section_id"], new["number"])] = st
            if not new:
                continue  # already marked on an earlier import: nothing to change or to report
            self._update(st, new)
            moved = f"，序号改为第{new['number']}条" if "number" in new else ""
            self.changes.append(
                f"原第{st['number']}条《{st['title']}》已不在新文件中：保留其责任人、进展情况等记录，"
                f"状态标为“{config.labels()['plan_item_status'].label('changed')}”{moved}。"
            )
            self.removed += 1

    def _renumber(self, pending: list[tuple[dict, dict]]) -> None:
        """Move items to their new section and number through free slots (numbers are unique per section)."""
        temp = -1
        while pending:
            progressed = False
            for entry in list(pending):
                st, d = entry
                target = (d.get("section_id", st["section_id"]), d.get("number", st["number"]))
                holder = self.occupied.get(target)
                if holder is None or holder is st:
                    self.occupied.pop((st["section_id"], st["number"]), None)
                    self._update(st, {k: d[k] for k in ("section_id", "number") if k in d})
                    st["section_id"], st["number"] = target
                    self.occupied[target] = st
                    pending.remove(entry)
                    progressed = True
            if not progressed:  # a cycle of renumbered items: park one on a temporary number
                st, d = pending[0]
                while (st["section_id"], temp) in self.occupied:
                    temp -= 1
                self.occupied.pop((st["section_id"], st["number"]), None)
                self._update(st, {"number": temp})
                st["number"] = temp
                self.occupied[(st["section_id"], temp)] = st

    def _add_new(self) -> None:
        for idx, (sno, it) in enumerate(self.parsed):
            if idx in self.pairs:
                continue
            self.w.insert(schema.plan_item, _item_values(self.section_ids[sno], it))
            self.changes.append(f"新增第{it.number}条《{it.title}》（第{_cn(sno)}部分）。")
            self.added += 1

    def _drop_sections(self) -> None:
        doc_numbers = {s.number for s in self.plan.sections}
        for number, sec in sorted(self.sections.items()):
            if number in doc_numbers:
                continue
            holds = [st for st in self.occupied.values() if st["section_id"] == sec["id"]]
            if holds:
                self.changes.append(
                    f"第{_cn(number)}部分“{sec['title']}”已不在新文件中，因仍有 {len(holds)} 条保留的条目，暂未删除。"
                )
            else:
                self.w.delete(schema.plan_section, sec["id"], expected_version=sec["version"])
                self.changes.append(f"删除第{_cn(number)}部分“{sec['title']}”（新文件中已没有）。")
                self.sections_changed += 1

    def _update_plan_row(self) -> None:
        plan_changes = {}
        if self.plan.title and self.plan.title != self.stored["title"]:
            plan_changes["title"] = self.plan.title
            self.changes.insert(0, f"标题由《{self.stored['title']}》改为《{self.plan.title}》。")
        if self.changes and self.stored["source_name"] != self.source:
            plan_changes["source_name"] = self.source
        if plan_changes:
            self.w.update(schema.work_plan, self.stored["id"], plan_changes, expected_version=self.stored["version"])

    def tell(self, report: ImportReport) -> None:
        name = _name(self.plan)
        report.work_plan_ids.append(self.stored["id"])
        report.items_kept += self.kept
        if not self.changes:
            report.plans_unchanged += 1
            report.lines.append(f"{name}（{self.plan.year}年）与库中已有的版本相同，未做任何修改。")
            return
        report.plans_updated += 1
        report.sections_added += self.sections_added
        report.sections_changed += self.sections_changed
        report.items_added += self.added
        report.items_changed += self.changed
        report.items_removed += self.removed
        report.lines.append(f"{name}（{self.plan.year}年）与库中已有的版本相比有以下变化：")
        report.lines.extend(f"  {n}. {c}" for n, c in enumerate(self.changes, start=1))
        report.lines.append(f"  其余 {self.kept} 条未变。各条目原有的责任人、状态和进展情况均已保留。")


def _item_values(section_id: int, it) -> dict:
    """A new item's row: the document's words, and the owners and deadline a task table gives."""
    return {
        "section_id": section_id,
        "number": it.number,
        "title": it.title or "（未命名条目）",
        "text": it.text,
        "status": "not_started",
        **{k: v for k, v in it.fields.items() if k in _OFFICE_FIELDS and v not in (None, "")},
    }


def _describe_item_change(st: dict, sno: int, it, diff: dict) -> list[str]:
    what = []
    if "title" in diff:
        what.append(f"标题改为《{diff['title']}》")
    if "text" in diff:
        what.append("正文有改动")
    if "section_id" in diff:
        what.append(f"移到第{_cn(sno)}部分")
    if "number" in diff:
        what.append(f"序号改为第{diff['number']}条")
    filled = [_FIELD_ZH[k] for k in _OFFICE_FIELDS if k in diff]
    if filled:
        what.append(f"按文件填写{'、'.join(filled)}")
    return [f"第{st['number']}条《{st['title']}》：" + "，".join(what) + "。"]


def _match(parsed: list, stored: list[dict]) -> dict[int, dict]:
    pairs: dict[int, dict] = {}
    free = list(stored)

    def take(idx, st):
        pairs[idx] = st
        free.remove(st)

    for idx, (_, it) in enumerate(parsed):  # 1. same title
        key = _key(it.title)
        st = next((s for s in free if key and _key(s["title"]) == key), None)
        if st is not None:
            take(idx, st)
    for idx, (sno, it) in enumerate(parsed):  # 2. same place, similar wording
        if idx in pairs:
            continue
        st = next((s for s in free if s["_section_no"] == sno and s["number"] == it.number), None)
        if st is not None and (_similar(st["title"], it.title) >= 0.5 or _similar(st["text"], it.text) >= 0.6):
            take(idx, st)
    scored = []  # 3. most similar wording anywhere
    for idx, (_, it) in enumerate(parsed):
        if idx in pairs:
            continue
        for st in free:
            # Titles of different items often share words ("开展…"), so a title must be
            # very close on its own; otherwise the whole text has to be similar.
            title_score, text_score = _similar(st["title"], it.title), _similar(st["text"], it.text)
            score = max(title_score if title_score >= 0.8 else 0.0, text_score)
            if score >= 0.6:
                scored.append((score, idx, st["id"]))
    for _score, idx, sid in sorted(scored, key=lambda t: -t[0]):
        st = next((s for s in free if s["id"] == sid), None)
        if idx not in pairs and st is not None:
            take(idx, st)
    for idx, (sno, it) in enumerate(parsed):  # 4. same place, rewritten
        if idx in pairs:
            continue
        st = next((s for s in free if s["_section_no"] == sno and s["number"] == it.number), None)
        if st is not None:
            take(idx, st)
    return pairs


def _insert_plan(conn, w, plan: Plan, source: str, report: ImportReport) -> None:
    plan_id = w.insert(
        schema.work_plan,
        {
            "committee_id": _committee_id(conn),
            "year": plan.year,
            "title": plan.title or f"{plan.year}年工作要点",
            "source_name": source,
        },
    )
    report.work_plan_ids.append(plan_id)
    for sec in plan.sections:
        sid = w.insert(
            schema.plan_section,
            {"work_plan_id": plan_id, "number": sec.number, "title": sec.title or "（未命名部分）", "text": sec.text or None},
        )
        report.sections_added += 1
        for it in sec.items:
            w.insert(schema.plan_item, _item_values(sid, it))
            report.items_added += 1
    report.plans_added += 1
    empty = [s for s in plan.sections if not s.items]
    note = f"其中 {len(empty)} 个部分没有编号条目。" if empty else ""
    report.lines.append(f"已导入{_name(plan)}（{plan.year}年）：{len(plan.sections)} 个部分，{plan.item_count} 条。{note}")
