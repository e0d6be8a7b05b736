"""专委会: the office's 专门委员会, who sits on each (主任, 副主任, 委员) and what each did in the year,
with each committee's figures above (`office.special_committees`, the same the packet's plan report prints).

Plan items and supervision items name their committee in 牵头委室 on their own tabs; this tab says how
many each committee leads. Committees, seats and activities come from 导入 (专门委员会, 专委会组成人员,
专委会活动) or are added here; rows are deleted on a second click, through the session, so
撤销上一次修改 brings them back.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as W

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.office import preparation, special_committees
from workbench.office.meetings import MeetingInfo
from workbench.store.rows import Member, SpecialCommittee, SpecialCommitteeActivity
from workbench.ui.editor.parts.confirm import ConfirmButton
from workbench.ui.editor.parts.deleting import delete_shown
from workbench.ui.editor.parts.fields import Field, Notice, button
from workbench.ui.editor.parts.grid import Column, Filter, RecordGrid, RecordRow
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

COMMITTEE, SEAT, ACTIVITY = "special_committee", "special_committee_member", "special_committee_activity"
COMMITTEE_COLUMNS = [
    Column("name", "专门委员会名称", "180px"),
    Column("short_name", "简称", "90px"),
    Column("position", "排序", "60px"),
    Column("duties", "主要职责", "320px", multiline=True),
]
SEAT_COLUMNS = [
    Column("committee", "专门委员会", "160px", editable=False, show=lambda r: r["committee"]),
    Column("member", "姓名", "90px", editable=False, show=lambda r: r["member"]),
    Column("sector", "界别", "110px", editable=False, show=lambda r: r["sector"] or "—"),
    Column("role", "专委会职务", "110px"),
]
ACTIVITY_COLUMNS = [
    Column("committee", "专门委员会", "160px", editable=False, show=lambda r: r["committee"]),
    Column("held_on", "活动日期", "110px"),
    Column("activity_kind", "活动类型", "100px"),
    Column("title", "活动内容", "300px", multiline=True),
    Column("participants", "参加人数", "80px"),
]
EMPTY = (
    "还没有专门委员会。在下方填写名称后点击“新增专门委员会”，或在“导入”页导入专委会组成人员名单（名单中的专门委员会会一并建立）。"
)


class _Row(RecordRow):
    """A row with its delete button (a second click deletes)."""

    def __init__(self, session: EditSession, table: str, record: dict, columns: list[Column], delete: ConfirmButton):
        self.delete_button = delete
        super().__init__(session, table, record, columns, extra_widgets=[delete.widget])


def _dropdown(css: str, width: str = "170px") -> W.Dropdown:
    d = W.Dropdown(options=[], layout=W.Layout(width=width))
    d.add_class(css)
    return d


@tab("committees", "专委会", order=55)
class CommitteesTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.year = date.today().year
        self.caption = W.HTML("")
        self.caption.add_class("wb-committees-caption")
        self.notice = Notice()
        by_committee = Filter("专门委员会", lambda r: r["committee"], "committee")
        self.committees = RecordGrid(
            COMMITTEE_COLUMNS,
            empty_text=EMPTY,
            extra_headers=[("删除", "90px")],
            css="committees",
            table=COMMITTEE,
            height="30vh",
        )
        self.seats = RecordGrid(
            SEAT_COLUMNS,
            empty_text="还没有登记组成人员。",
            extra_headers=[("删除", "90px")],
            css="committee-seats",
            table=SEAT,
            filters=[by_committee],
            search=lambda r: f"{r['committee']} {r['member']} {r['sector'] or ''}",
            height="40vh",
        )
        # The grid a 检索 result opens (`PacketEditor.show_record`): activities are what is searched for.
        self.grid = RecordGrid(
            ACTIVITY_COLUMNS,
            empty_text="本年度还没有登记专门委员会活动。",
            extra_headers=[("删除", "90px")],
            css="committee-activities",
            table=ACTIVITY,
            filters=[Filter("专门委员会", lambda r: r["committee"], "activity-committee")],
            search=lambda r: f"{r['committee']} {r['title']}",
            height="40vh",
        )
        self.new_name = Field(COMMITTEE, "name", width="220px", placeholder="名称，如：提案委员会", css="wb-committees-new-name")
        self.new_short = Field(
            COMMITTEE, "short_name", width="110px", placeholder="简称，如：提案委", css="wb-committees-new-short"
        )
        add_committee = button("新增专门委员会", style="success", css="wb-committees-add")
        add_committee.on_click(lambda _b: self.add_committee())
        self.seat_committee = _dropdown("wb-seat-committee")
        self.seat_member = W.Combobox(options=[], placeholder="委员姓名", ensure_option=False, layout=W.Layout(width="150px"))
        self.seat_member.add_class("wb-seat-member")
        self.seat_role = Field(SEAT, "role", "director", width="120px", css="wb-seat-role")
        add_seat = button("增加组成人员", style="success", css="wb-seat-add")
        add_seat.on_click(lambda _b: self.add_seat())
        self.activity_committee = _dropdown("wb-activity-committee")
        self.activity_form = {
            "held_on": Field(ACTIVITY, "held_on", width="130px", css="wb-activity-new-held_on"),
            "activity_kind": Field(ACTIVITY, "activity_kind", width="120px", css="wb-activity-new-kind"),
            "title": Field(
                ACTIVITY, "title", width="300px", placeholder="活动内容，如：开展养老服务专题调研", css="wb-activity-new-title"
            ),
            "participants": Field(
                ACTIVITY, "participants", width="90px", placeholder="参加人数", css="wb-activity-new-participants"
            ),
        }
        add_activity = button("登记活动", style="success", css="wb-activity-add")
        add_activity.on_click(lambda _b: self.add_activity())
        row = W.Layout(flex_flow="row wrap", align_items="flex-start")
        self.widget = W.VBox(
            [
                self.caption,
                W.HTML("<b>专门委员会</b>　工作要点、监督事项的“牵头委室”写名称或简称即可对应到这里。"),
                self.committees.widget,
                W.HBox([self.new_name.box, self.new_short.box, add_committee], layout=row),
                W.HTML("<b>组成人员</b>　从本届委员中选择。"),
                self.seats.widget,
                W.HBox([self.seat_committee, self.seat_member, self.seat_role.box, add_seat], layout=row),
                W.HTML("<b>活动</b>"),
                self.grid.widget,
                W.HBox([self.activity_committee, *(f.box for f in self.activity_form.values()), add_activity], layout=row),
                self.notice.widget,
            ]
        )
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.source is not self and any(
            event.touches(t) for t in (COMMITTEE, SEAT, ACTIVITY, "member", "plan_item", "supervision_item")
        ):
            self.load(self.meeting)

    # -- showing
    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        store = self.session.store
        prep = preparation.prepare(store, meeting) if meeting is not None else None
        as_of = prep.cut_off if prep else date.today()
        self.year = (prep.plan_year if prep else None) or as_of.year
        known = special_committees.committees(store)
        names = {c.id: c.name for c in known}
        figures = special_committees.committee_figures(store, as_of, year=self.year, since=prep.since if prep else None)
        self.caption.value = self._caption(figures)
        self.committees.show([dict(c) for c in known], self._committee_row)
        seats = []
        for cid, mine in special_committees.seats(store).items():
            seats += [
                {
                    "id": s.id,
                    "version": s.version,
                    "role": s.role,
                    "committee": names.get(cid, ""),
                    "member": s.name,
                    "sector": s.sector,
                }
                for s in mine
            ]
        self.seats.show(seats, self._seat_row)
        activities = [
            {**dict(a), "committee": names.get(a.committee_id, "")}
            for a in special_committees.activities(store, start=date(self.year, 1, 1), end=date(self.year, 12, 31))
        ]
        self.grid.show(activities, self._activity_row)
        options = [(c.name, c.id) for c in known]
        for d in (self.seat_committee, self.activity_committee):
            keep = d.value
            d.options = options
            if keep in names:
                d.value = keep
        self.seat_member.options = sorted({m.name for m in store.select(Member)})

    def _caption(self, figures: list[special_committees.CommitteeFigures]) -> str:
        if not figures:
            return ""
        lines = []
        for c in figures:
            head = "、".join(c.directors) or "未登记"
            lines.append(
                f"<li><b>{html.escape(c.name)}</b>：主任 {html.escape(head)}，组成人员 {len(c.seats)} 名；"
                f"牵头工作要点 {c.plan_items} 条（已完成 {c.plan_done} 条，逾期或滞后 {c.plan_flagged} 条），"
                f"牵头监督事项 {c.supervision_items} 项（已办结 {c.supervision_closed} 项）；"
                f"{self.year}年开展活动 {c.activities} 次。</li>"
            )
        return f"<ul class='wb-committee-figures'>{''.join(lines)}</ul>"

    def _delete_button(self, table: str, record: dict, name: str, grid: RecordGrid) -> ConfirmButton:
        return ConfirmButton(
            lambda: f"将删除{name}（删除后可点击“撤销上一次修改”恢复）。",
            lambda: self.delete(table, grid, record["id"], name),
            self.notice,
            css=f"wb-{table.replace('_', '-')}-remove",
        )

    def _committee_row(self, record: dict) -> _Row:
        name = f"专门委员会“{record['name']}”"
        return _Row(
            self.session, COMMITTEE, record, COMMITTEE_COLUMNS, self._delete_button(COMMITTEE, record, name, self.committees)
        )

    def _seat_row(self, record: dict) -> _Row:
        name = f"{record['committee']}组成人员{record['member']}"
        return _Row(self.session, SEAT, record, SEAT_COLUMNS, self._delete_button(SEAT, record, name, self.seats))

    def _activity_row(self, record: dict) -> _Row:
        name = f"{record['committee']}的活动《{record['title']}》"
        return _Row(self.session, ACTIVITY, record, ACTIVITY_COLUMNS, self._delete_button(ACTIVITY, record, name, self.grid))

    # -- changing
    def add_committee(self) -> int | None:
        self.notice.clear()
        if not (self.new_name.check() and self.new_short.check()):
            self.notice.error("新专门委员会的名称有误（见红字说明），未新增。")
            return None
        name, short = self.new_name.parse(), self.new_short.parse()
        if not name:
            self.notice.error("请填写专门委员会的名称，如：提案委员会。")
            return None
        known = special_committees.committees(self.session.store)
        if any(name in special_committees.forms(c.name, c.short_name) for c in known):
            self.notice.error(f"已有专门委员会“{name}”，未重复新增。")
            return None
        position = max((c.position or 0 for c in known), default=0) + 1
        try:
            with self.session.change(f"新增专门委员会“{name}”", source=self) as rec:
                new_id = rec.insert(COMMITTEE, {"name": name, "short_name": short, "position": position})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        self.new_name.reset(None)
        self.new_short.reset(None)
        self.load(self.meeting)
        self.notice.ok(f"已新增专门委员会“{name}”。")
        return new_id

    def add_seat(self) -> int | None:
        self.notice.clear()
        committee_id, who = self.seat_committee.value, (self.seat_member.value or "").strip()
        if committee_id is None:
            self.notice.error("请先新增专门委员会，再增加组成人员。")
            return None
        if not self.seat_role.check():
            self.notice.error("专委会职务有误（见红字说明），未增加。")
            return None
        members = self.session.store.select(Member, name=who) if who else []
        if not members:
            self.notice.error(
                f"本届委员中没有“{who}”，请从列表中选择委员姓名（新委员请先在“导入”页导入委员名单）。"
                if who
                else "请填写委员姓名。"
            )
            return None
        member = max(members, key=lambda m: (m.term_id or 0, m.id))  # the current term's, where a name recurs
        committee = self.session.store.one(SpecialCommittee, committee_id)
        try:
            with self.session.change(f"{committee.name}增加组成人员{who}", source=self) as rec:
                new_id = rec.insert(SEAT, {"committee_id": committee_id, "member_id": member.id, "role": self.seat_role.parse()})
        except WorkbenchError as exc:
            self.notice.error(str(exc) if "已有" not in str(exc) else f"{who}已是{committee.name}的组成人员。")
            return None
        self.seat_member.value = ""
        self.load(self.meeting)
        self.notice.ok(f"{who}已列为{committee.name}{config.labels()['committee_role'].label(self.seat_role.parse())}。")
        return new_id

    def add_activity(self) -> int | None:
        self.notice.clear()
        committee_id = self.activity_committee.value
        if committee_id is None:
            self.notice.error("请先新增专门委员会，再登记活动。")
            return None
        if not all([f.check() for f in self.activity_form.values()]):
            self.notice.error("新登记的活动有误（见红字说明），未登记。")
            return None
        values = {name: f.parse() for name, f in self.activity_form.items()}
        if not values.get("title"):
            self.notice.error("请填写活动内容。")
            return None
        values["held_on"] = values.get("held_on") or date.today()
        committee = self.session.store.one(SpecialCommittee, committee_id)
        try:
            with self.session.change(f"登记{committee.name}活动“{values['title']}”", source=self) as rec:
                new_id = rec.insert(ACTIVITY, {**values, "committee_id": committee_id})
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        for f in self.activity_form.values():
            f.reset(None)
        self.load(self.meeting)
        self.notice.ok(f"已登记{committee.name}的活动“{values['title']}”。")
        return new_id

    def delete(self, table: str, grid: RecordGrid, record_id: int, name: str) -> bool:
        """Delete one row through the session (one change, undone by 撤销上一次修改)."""
        if table == COMMITTEE and (
            self.session.store.first(SpecialCommitteeActivity, committee_id=record_id) is not None
            or record_id in special_committees.seats(self.session.store)
        ):
            self.notice.error(f"{name}还有组成人员或活动记录，请先删除这些记录，再删除该委员会。")
            return False
        return delete_shown(
            self.session, grid, self.notice, table, record_id, name, reload=lambda: self.load(self.meeting), source=self
        )
