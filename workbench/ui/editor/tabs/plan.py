"""Work-plan follow-up (工作要点落实情况): per item, this quarter's progress note, status, lead, owner and deadline.

Which items and which quarter come from `figures.plan_items` as of the meeting's date,
so the editor and the packet agree on what "this quarter" means. Saving a row updates
the item (status, lead, owner, deadline; refused on conflict) and adds the progress note in the same
transaction: either both land or neither.
"""

from __future__ import annotations

import html
from dataclasses import asdict
from datetime import date

import ipywidgets as W

from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.ui.editor.parts.fields import Field, cell, shown
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession, Recorder
from workbench.ui.editor.tabs.registry import tab

COLUMNS = [
    Column("number", "序号", "44px", editable=False),
    Column("title", "主要工作任务", "220px", editable=False),
    Column("status", "状态", "130px"),
    # 牵头 and 完成时限 are what the export check asks for on this tab, so they are filled here.
    Column("lead_leader", "牵头领导", "100px"),
    Column("lead_committee", "牵头委室", "120px"),
    Column("owner", "责任人", "100px"),
    Column("deadline", "完成时限", "120px"),
]
NOTE_HEADERS = [("本季度进展", "230px"), ("进展日期", "130px"), ("新增进展情况", "300px")]


def progress_summary(item: figures.PlanItemState) -> str:
    if item.notes_this_quarter:
        last = item.notes_this_quarter[-1]
        return f"本季度已填报 {len(item.notes_this_quarter)} 条；最近 {last['noted_on']:%m月%d日}：{last['text']}" + _later(item)
    if item.latest_note_on:
        return f"本季度尚无进展（上次 {item.latest_note_on:%Y-%m-%d}）"
    return "尚无进展记录" + _later(item)


def _later(item: figures.PlanItemState) -> str:
    # A note dated after the cut-off is kept but not reported this time: the row says so at once.
    if not item.notes_after:
        return ""
    last = item.notes_after[-1]
    return f"（另有 {len(item.notes_after)} 条晚于截至日期，不计入本次材料：{last.noted_on:%m月%d日} {last.text}）"


class PlanRow(RecordRow):
    def __init__(
        self,
        session: EditSession,
        item: figures.PlanItemState,
        as_of: date,
        note_date: date,
        *,
        since: date | None = None,
        year: int | None = None,
    ):
        self.item = item
        self.as_of = as_of
        self.since, self.year, self.default_date = since, year, note_date
        self.summary = cell(progress_summary(item), "230px")
        self.note_date = Field(
            "progress_note", "noted_on", note_date, width="130px", required=False, css="wb-progress_note-noted_on"
        )
        self.note_text = Field(
            "progress_note",
            "text",
            None,
            width="300px",
            required=False,
            multiline=True,
            placeholder="本季度进展情况",
            css="wb-progress_note-text",
        )
        super().__init__(
            session, "plan_item", asdict(item), COLUMNS, extra_widgets=[self.summary, self.note_date.box, self.note_text.box]
        )

    def all_fields(self) -> list[Field]:
        return [*self.fields.values(), self.note_date, self.note_text]

    def check(self) -> bool:
        ok = super().check()
        if ok and self.note_text.parse() and self.note_date.parse() is None:
            self.note_date._show("填写进展情况时须写明日期。")
            return False
        return ok

    def has_pending(self) -> bool:
        return bool(self.changes()) or bool(self.note_text.parse())

    def write(self, rec: Recorder) -> None:
        super().write(rec)
        text = self.note_text.parse()
        if text:
            rec.insert(
                "progress_note",
                {"plan_item_id": self.id, "noted_on": self.note_date.parse(), "text": text, "author": self.session.actor_name},
            )

    def after_save(self, row: dict | None) -> None:
        had_note = bool(self.note_text.parse())
        self.reload()
        if had_note:
            self.note_text.reset(None)
            self.note_date.reset(self.default_date)
        self.notice.ok("已保存" + ("，进展情况已记入。" if had_note else "。"))

    def take(self, record: dict) -> None:
        state = record["state"]
        self.item = state
        self.summary.value = html.escape(progress_summary(state))
        if record["version"] != self.version or record != self.record:
            self.load(record)

    def reload(self) -> None:
        record = self.session.store.get("plan_item", self.id)
        self.load(record)
        for state in figures.plan_items(self.session.store, self.as_of, year=self.year, since=self.since):
            if state.id == self.id:
                self.item = state
                self.summary.value = html.escape(progress_summary(state))


def _without_update(item: figures.PlanItemState) -> bool:
    return not item.notes_this_quarter and item.status not in ("done", "changed")


@tab("plan", "工作要点", order=40)
class PlanTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.as_of: date | None = None
        self.grid = RecordGrid(
            COLUMNS,
            empty_text="还没有该年度的工作要点。请在“导入”页导入工作要点文件（Word、文本或任务分解表）。",
            extra_headers=NOTE_HEADERS,
            css="plan",
            table="plan_item",
            search=lambda r: " ".join(
                str(v or "")
                for v in (
                    r["number"],
                    r["title"],
                    r["section_title"],
                    r["owner"],
                    r["lead_leader"],
                    r["lead_committee"],
                    shown("plan_item", "status", r["status"]),
                    r["state"].latest_note,
                )
            ),
            filters=[
                Filter("部分", lambda r: f"{r['section_number']}. {r['section_title']}", "section"),
                Filter("状态", lambda r: shown("plan_item", "status", r["status"]) or "未设状态", "status"),
                Filter("责任人", lambda r: r["owner"] or "未定", "owner"),
                Filter(
                    "本季度",
                    lambda r: "尚无进展" if _without_update(r["state"]) else "已有进展",
                    "quarter",
                    ["尚无进展", "已有进展"],
                ),
                Filter("逾期", lambda r: "逾期" if r["days_overdue"] else "未逾期", "overdue", ["逾期", "未逾期"]),
            ],
        )
        self.only_without_update = W.Checkbox(value=False, description="只显示本季度尚无进展的条目", indent=False)
        self.only_without_update.observe(lambda _c: self._filter(), names="value")
        self.caption = W.HTML("")
        self.widget = W.VBox([self.caption, self.only_without_update, self.grid.widget])
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.touches("plan_item", "progress_note", "plan_section", "work_plan") and self.meeting is not None:
            self.load(self.meeting)

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        # The quarter, the period and the 截至 are the meeting's preparation's, as in the packet.
        prep = self.session.preparation(meeting)
        self.as_of = prep.cut_off if prep else date.today()
        since, plan_year = (prep.since, prep.plan_year) if prep else (None, None)
        items = figures.plan_items(self.session.store, self.as_of, year=plan_year, since=since)
        note_date = prep.default_date() if prep else self.as_of
        year = plan_year or figures.plan_year(self.session.store, self.as_of)
        self.caption.value = (
            f"{year}年工作要点，共 {len(items)} 条。本次会议材料按{prep.quarter_label}编写，"
            f"本季度进展计{prep.since.month}月{prep.since.day}日以来填报的，数据截至{prep.cut_off_text}；"
            "进展日期晚于截至日期的不计入本次材料。"
            if items and prep
            else ""
        )
        as_of = self.as_of
        late = {i.id: days for i, days in figures.overdue_plan_items(items, as_of)}
        self.grid.show(
            [{**asdict(i), "state": i, "days_overdue": late.get(i.id, 0)} for i in items],
            lambda r: PlanRow(self.session, r["state"], as_of, note_date, since=since, year=plan_year),
        )

    def _filter(self) -> None:
        # The checkbox is the quick form of the “本季度” filter.
        box = self.grid.filter_boxes[3]
        box.value = "尚无进展" if self.only_without_update.value else "全部"
