"""签到 on the day: at the door of the meeting room the secretary ticks each standing member who arrives,
on a tablet or a phone, and the line at the top says at once how many are present and whether they are
already more than half (`office.sign_in_day`).

Members are grouped under their 界别, one large button each. A tick writes the member's attendance record
(出席) at once through the edit session, so it can be undone and a colleague's tablet ticking the same
member is never overwritten unseen: a write refused because the record changed meanwhile reloads the
list and says who did what. Unticking removes a record the tick made (出席, no reason). A member whose
回执 asked leave shows the reason and can still be ticked on turning up. When signing in ends, one button
records those still missing — 请假 with the 回执's reason, the rest 无故缺席 — after a second click
confirms it; the 出勤 tab is where the secretary then checks and corrects them.
"""

from __future__ import annotations

import html

import ipywidgets as W

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.office import sign_in_day
from workbench.office.meetings import MeetingInfo
from workbench.office.sign_in_day import PRESENT, SignInDay, SignInMember
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import DataChanged, EditSession
from workbench.ui.editor.tabs.registry import tab

TABLE = "attendance"
EMPTY = "还没有常委名单。请在“导入”页导入委员名单（标明哪些是常委），再在此逐人签到。"
FINISH = "签到结束，登记未到人员"
CONFIRM = "确认登记"
TICK = "✓ "

# Touch first: buttons at least 48px high with room between them, wrapping to the screen's width, the
# count large enough to read out from across a table.
CSS = """<style>
.wb-signin-day { max-width: 1100px; }
.wb-signin-day .wb-signin-quorum { font-size: 22px; line-height: 1.5; margin: 6px 0; }
.wb-signin-day .wb-signin-quorum[data-quorum] div { padding: 8px 12px; border-radius: 6px; }
.wb-signin-day .wb-signin-bar { flex-wrap: wrap; gap: 8px; align-items: center; }
.wb-signin-day .wb-signin-bar .widget-button { height: 44px; font-size: 16px; }
.wb-signin-day .wb-signin-sector { font-size: 18px; font-weight: bold; margin: 14px 0 4px 0; }
.wb-signin-day .wb-signin-members { display: flex; flex-wrap: wrap; gap: 10px; }
.wb-signin-day .wb-signin-member {
  width: auto; min-width: 7.5em; max-width: 100%; height: auto; min-height: 52px; padding: 6px 14px; margin: 0;
  font-size: 19px; line-height: 1.3; white-space: normal; text-align: center;
  border: 2px solid #8a8a8a; border-radius: 8px; background: #fff; color: #222; }
.wb-signin-day .wb-signin-member.wb-signin-ticked {
  background: #1e7e34; border-color: #1e7e34; color: #fff; font-weight: bold; }
.wb-signin-day .wb-signin-member.wb-signin-leave { border-style: dashed; border-color: #b8860b; color: #6b4e00; }
.wb-signin-day .wb-signin-member.wb-signin-absent { border-color: #c0392b; color: #c0392b; }
@media (max-width: 600px) {
  .wb-signin-day .wb-signin-quorum { font-size: 18px; }
  .wb-signin-day .wb-signin-member { flex: 0 0 calc(50% - 5px); min-width: 0; font-size: 17px; }
}
</style>"""


def label(m: SignInMember) -> str:
    """What a member's button reads: "✓ 姓名" once present, else the name and, if any, the leave or absence."""
    name = m.member.name
    if m.present:
        return TICK + name
    if m.on_leave:
        return f"{name}（请假：{m.leave_reason}）" if m.leave_reason else f"{name}（请假）"
    if m.record is not None:  # recorded 无故缺席 (after signing in ended, or on the 出勤 tab)
        return f"{name}（{config.labels()['attendance_state'].label(m.record.state)}）"
    return name


@tab("sign_in_day", "签到", order=69)
class SignInDayTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.day: SignInDay | None = None
        self.buttons: dict[int, W.Button] = {}
        self.quorum = W.HTML("")
        self.quorum.add_class("wb-signin-quorum")
        self.notice = Notice("wb-signin-notice")
        self.refresh_button = button("刷新签到情况", css="wb-signin-refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.finish_button = button(FINISH, style="warning", css="wb-signin-finish")
        self.finish_button.on_click(lambda _b: self.finish())
        self.armed: list[tuple[int, str]] | None = None  # what the first click of 签到结束 announced
        bar = W.HBox([self.refresh_button, self.finish_button])
        bar.add_class("wb-signin-bar")
        self.empty = W.HTML("")
        self.groups = W.VBox([])
        self.widget = W.VBox([W.HTML(CSS), self.quorum, bar, self.notice.widget, self.empty, self.groups])
        self.widget.add_class("wb-signin-day")
        session.on_data_changed(self._data_changed)

    def _data_changed(self, event: DataChanged) -> None:
        if event.source is self or self.meeting is None:
            return  # own ticks redraw as they are made
        if event.touches(TABLE, "member", "meeting_reply"):
            self.refresh()

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        self.notice.clear()
        self._disarm()
        self.refresh()

    def refresh(self) -> None:
        """Read the store again and show where signing in stands (another tablet may have ticked)."""
        if self.meeting is None:
            self.day = None
            self._build()
            return
        self.day = sign_in_day.sign_in_day(self.session.store, self.meeting)
        shown = [m.member.id for m in self.day.members]
        if not shown or shown != list(self.buttons):  # the roster changed (an import): lay the buttons out again
            self._build()
        for m in self.day.members:
            self._show_member(m)
        self._show_quorum()

    def _build(self) -> None:
        self.buttons = {}
        day = self.day
        if day is None or not day.members:
            self.groups.children = ()
            self.empty.value = f"<p>{html.escape(EMPTY)}</p>" if day is not None else ""
            self.finish_button.disabled = True
            self.quorum.value = ""
            return
        self.empty.value = ""
        self.finish_button.disabled = False
        children: list[W.Widget] = []
        for group in day.groups:
            heading = W.HTML(f"{html.escape(group.sector)}（{len(group.members)}人）")
            heading.add_class("wb-signin-sector")
            row = []
            for m in group.members:
                b = W.Button(description=m.member.name, layout=W.Layout(width="auto"))
                b.add_class("wb-signin-member")
                b.add_class(f"wb-signin-member-{m.member.id}")
                b.on_click(lambda _b, member_id=m.member.id: self.toggle(member_id))
                self.buttons[m.member.id] = b
                row.append(b)
            box = W.Box(row)
            box.add_class("wb-signin-members")
            children += [heading, box]
        self.groups.children = tuple(children)

    def _show_member(self, m: SignInMember) -> None:
        b = self.buttons[m.member.id]
        b.description = label(m)
        b.tooltip = label(m)
        for css, on in (
            ("wb-signin-ticked", m.present),
            ("wb-signin-leave", m.on_leave),
            ("wb-signin-absent", not m.present and not m.on_leave and m.record is not None),
        ):
            if on:
                b.add_class(css)
            else:
                b.remove_class(css)

    def _show_quorum(self) -> None:
        day = self.day
        if day is None or not day.members:
            self.quorum.value = ""
            return
        colour = "#e6f4ea" if day.quorum else "#fdf3e1"
        self.quorum.value = (
            f"<div data-quorum='{'yes' if day.quorum else 'no'}' style='background:{colour}'>"
            f"<b>{html.escape(day.sentence())}</b></div>"
        )

    def toggle(self, member_id: int) -> bool:
        """Tick a member present, or take a tick back; True when it was written."""
        if self.day is None or self.meeting is None:
            return False
        self.notice.clear()
        self._disarm()
        m = self.day.member(member_id)
        name = m.member.name
        record = m.record
        try:
            if m.present and record is not None:
                if record.reason:
                    # Not a plain tick: someone wrote a reason, which a stray touch must not wipe.
                    self.notice.error(f"{name}的出勤记录写有说明“{record.reason}”，如需更改请到“出勤”页修改。")
                    return False
                with self.session.change(f"取消{name}的签到", source=self) as rec:
                    rec.delete(TABLE, record.id, expected_version=record.version)
                done = f"已取消{name}的签到。"
            elif record is None:
                with self.session.change(f"{name}签到", source=self) as rec:
                    rec.insert(TABLE, {"meeting_id": self.meeting.id, "member_id": member_id, "state": PRESENT})
                done = f"{name}已签到。"
            else:
                with self.session.change(f"{name}签到", source=self) as rec:
                    rec.update(TABLE, record.id, {"state": PRESENT, "reason": None}, expected_version=record.version)
                done = f"{name}已签到（原登记为{self._state(record.state)}）。"
        except WorkbenchError as exc:
            self.refresh()
            self.notice.error(self._refused(m, exc))
            return False
        self.refresh()
        self.notice.ok(done)
        return True

    def _refused(self, before: SignInMember, exc: WorkbenchError) -> str:
        """Why a tick was not written, said after the list was reloaded: what the member's record now is."""
        assert self.day is not None
        now = self.day.member(before.member.id)
        name = before.member.name
        was = (before.record.id, before.record.version) if before.record else None
        is_ = (now.record.id, now.record.version) if now.record else None
        if was == is_:  # nobody else wrote: the store refused it for its own reason
            return f"{name}未能登记：{exc}"
        if now.record is None:
            what, who = "取消了签到", "他人"  # a deleted record keeps no name of who deleted it
        else:
            what, who = f"登记为“{self._state(now.record.state)}”", now.record.updated_by or "他人"
        return f"{name}的出勤情况刚被{who}在另一处{what}，本次点击未写入。已刷新为最新情况，请核对后再操作。"

    @staticmethod
    def _state(code: str) -> str:
        return config.labels()["attendance_state"].label(code)

    def _disarm(self) -> None:
        self.armed = None
        self.finish_button.description = FINISH

    def finish(self) -> int:
        """签到结束: the first click says whom it will record how; the second records them. Returns how many."""
        if self.meeting is None:
            return 0
        self.refresh()
        assert self.day is not None
        closing = self.day.closing()
        plan = [(m.member.id, state) for m, state, _reason in closing]
        if not closing:
            self._disarm()
            self.notice.info("每位常委均已签到或已登记出勤情况，没有需要补登的人员。")
            return 0
        leave = [m for m, state, _r in closing if state != sign_in_day.ABSENT]
        absent = [m for m, state, _r in closing if state == sign_in_day.ABSENT]
        if self.armed != plan:
            # First click, or the list changed since it (a late tick): say again what will be recorded.
            self.armed = plan
            self.finish_button.description = CONFIRM
            self.notice.info(
                f"将把尚未签到的{len(closing)}人登记为："
                + self._names("请假", leave, reasons=True)
                + self._names("无故缺席", absent)
                + f"确认签到已经结束，请再点击“{CONFIRM}”。"
            )
            return 0
        self._disarm()
        try:
            with self.session.change(FINISH, source=self) as rec:
                for m, state, reason in closing:
                    rec.insert(TABLE, {"meeting_id": self.meeting.id, "member_id": m.member.id, "state": state, "reason": reason})
        except WorkbenchError as exc:
            self.refresh()
            self.notice.error(f"未能登记未到人员：{exc}已刷新为最新情况，请核对后重新点击“{FINISH}”。")
            return 0
        self.refresh()
        self.notice.ok(
            f"已登记请假{len(leave)}人、无故缺席{len(absent)}人。请到“出勤”页逐人核对；"
            "如有登记错误，可在“出勤”页修改，或点击“撤销上一次修改”整体撤回。"
        )
        return len(closing)

    @staticmethod
    def _names(what: str, members: list[SignInMember], *, reasons: bool = False) -> str:
        if not members:
            return ""
        shown = [f"{m.member.name}（{m.leave_reason}）" if reasons and m.leave_reason else m.member.name for m in members[:20]]
        more = f"等{len(members)}人" if len(members) > 20 else ""
        return f"{what}{len(members)}人：{'、'.join(shown)}{more}；"
