"""The editor's first tab, 本会设置: set up the committee on an empty store, then keep its details.

What is entered here is what documents print: the committee and office names (cover,
signature), the office's contact person and telephone (the notice's 联系人), and the
current term's 主席/副主席/秘书长 with their titles (主持人 on the agenda). 换届 starts
a new term from here as `init --term N --term-start YEAR` does. The domain work is
`workbench.office.committee`; this module only lays out the boxes.
"""

from __future__ import annotations

import html

import ipywidgets as W

from workbench.base.errors import ConflictError, WorkbenchError
from workbench.base.numerals import chinese_number
from workbench.office import committee
from workbench.ui.editor.parts.fields import Field, Notice, button
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.registry import tab

TITLES = ["主席", "副主席", "秘书长"]
SPARE_ROWS = 2  # empty leader rows offered below those entered


class LeaderRow:
    def __init__(self, index: int, leader: committee.Leader | None = None):
        self.name = W.Text(value=leader.name if leader else "", placeholder="姓名", layout=W.Layout(width="140px"))
        self.name.add_class(f"wb-leader-name-{index}")
        self.title = W.Combobox(
            value=leader.title if leader else "",
            options=TITLES,
            ensure_option=False,
            placeholder="主席、副主席、秘书长",
            layout=W.Layout(width="200px"),
        )
        self.title.add_class(f"wb-leader-title-{index}")
        self.widget = W.HBox([W.HTML(f"{index}.", layout=W.Layout(width="28px")), self.name, self.title])

    @property
    def leader(self) -> committee.Leader:
        return committee.Leader(self.name.value.strip(), self.title.value.strip())


@tab("setup", "本会设置", order=5, follows_meeting=False)
class SetupTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.profile: committee.CommitteeProfile | None = None
        self.notice = Notice("wb-setup-notice")
        self.body = W.VBox([])
        self.widget = W.VBox([self.body, self.notice.widget])
        self.widget.add_class("wb-setup")
        self.load()

    def _changed(self) -> None:
        # The meeting tab re-reads the current term, and through it every tab reloads.
        self.session.data_changed({"committee", "term", "member"}, "save", source=self)

    # ---------------------------------------------------------------- layout

    def load(self) -> None:
        self.profile = committee.profile(self.session.store)
        self.body.children = [self._first_setup()] if self.profile is None else self._settings(self.profile)

    def _first_setup(self) -> W.Widget:
        self.new_county = W.Text(placeholder="如 青岚县", layout=W.Layout(width="200px"))
        self.new_county.add_class("wb-setup-county")
        self.first_term = W.BoundedIntText(value=1, min=1, max=99, layout=W.Layout(width="90px"))
        self.first_term.add_class("wb-setup-term")
        self.first_start = W.BoundedIntText(value=2022, min=1949, max=2200, layout=W.Layout(width="100px"))
        self.first_start.add_class("wb-setup-term-start")
        create = button("建立本会", style="success", css="wb-setup-create")
        create.on_click(lambda _b: self.create())
        return W.VBox(
            [
                W.HTML(
                    "<h3 style='margin:6px 0'>建立本会</h3><div>库中还没有本会信息。请填写县名、当前届次和该届起始年份，"
                    "工作台将建立“政协××县委员会”及其办公室；其余信息建立后在本页填写。</div>"
                ),
                W.HBox(
                    [
                        W.HTML("县名", layout=W.Layout(width="60px")),
                        self.new_county,
                        W.HTML("第", layout=W.Layout(width="20px")),
                        self.first_term,
                        W.HTML("届，起始年份", layout=W.Layout(width="90px")),
                        self.first_start,
                    ]
                ),
                create,
            ]
        )

    def _settings(self, p: committee.CommitteeProfile) -> list[W.Widget]:
        row = self.session.store.get("committee", p.id)
        self.fields = {
            name: Field("committee", name, row[name], width=width, css=f"wb-setup-{name.replace('_', '-')}")
            for name, width in (
                ("county", "200px"),
                ("name", "320px"),
                ("office", "360px"),
                ("contact_person", "160px"),
                ("contact_phone", "200px"),
            )
        }
        self.leader_rows = [LeaderRow(i, leader) for i, leader in enumerate(p.leaders, start=1)]
        self.leader_rows += [LeaderRow(len(self.leader_rows) + i) for i in range(1, SPARE_ROWS + 1)]
        self.leader_box = W.VBox([r.widget for r in self.leader_rows])
        more = button("增加一行", css="wb-leader-more")
        more.on_click(lambda _b: self._more_leaders())
        save = button("保存本会设置", style="primary", css="wb-setup-save")
        save.on_click(lambda _b: self.save())

        term = f"第{chinese_number(p.term_no)}届（{p.term_start_year}年起）" if p.term_no else "尚未设定"
        self.next_term = W.BoundedIntText(value=(p.term_no or 0) + 1, min=1, max=99, layout=W.Layout(width="90px"))
        self.next_term.add_class("wb-setup-next-term")
        self.next_start = W.BoundedIntText(
            value=(p.term_start_year or 2022) + 5, min=1949, max=2200, layout=W.Layout(width="100px")
        )
        self.next_start.add_class("wb-setup-next-start")
        self.start_button = start = button("开始新一届（换届）", style="warning", css="wb-setup-start-term", width="180px")
        start.on_click(lambda _b: self._start_clicked())
        self._start_armed: tuple[int, int] | None = None

        def line(label: str, *widgets) -> W.HBox:
            return W.HBox([W.HTML(label, layout=W.Layout(width="110px")), *widgets])

        f = self.fields
        return [
            W.HTML(
                "<h3 style='margin:6px 0'>本会设置</h3><div>以下内容印在会议材料上：名称用于封面和落款，"
                "联系人及电话用于会议通知，本届领导的职务用于议程的主持人。</div>"
            ),
            line("县名", f["county"].box),
            line("委员会名称", f["name"].box),
            line("办公室名称", f["office"].box),
            line(
                "办公室联系人", f["contact_person"].box, W.HTML("联系电话", layout=W.Layout(width="70px")), f["contact_phone"].box
            ),
            W.HTML(
                f"<b>本届主席、副主席、秘书长</b>（第{chinese_number(p.term_no or 0)}届），按排名顺序填写；"
                "新建会议未填主持人时，由排在第一位的领导主持。"
            ),
            self.leader_box,
            more,
            save,
            W.HTML(
                f"<h4 style='margin:14px 0 4px'>届次</h4><div class='wb-setup-current-term'>当前：{html.escape(term)}。"
                "换届后，新会议从第一次起编号，请导入本届委员名单；上一届的会议、委员和出勤记录保持不变。</div>"
            ),
            W.HBox(
                [
                    W.HTML("第", layout=W.Layout(width="20px")),
                    self.next_term,
                    W.HTML("届，起始年份", layout=W.Layout(width="90px")),
                    self.next_start,
                    start,
                ]
            ),
        ]

    def _more_leaders(self) -> None:
        self.leader_rows.append(LeaderRow(len(self.leader_rows) + 1))
        self.leader_box.children = [r.widget for r in self.leader_rows]

    # ---------------------------------------------------------------- actions

    def create(self) -> bool:
        self.notice.clear()
        try:
            done = committee.set_up(
                self.session.store,
                county=self.new_county.value,
                term_no=int(self.first_term.value),
                start_year=int(self.first_start.value),
                actor=self.session.actor,
            )
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return False
        self.load()
        self.notice.ok(done + "请继续填写办公室联系人、电话和本届领导，然后点击“保存本会设置”。")
        self._changed()
        return True

    def save(self) -> bool:
        self.notice.clear()
        assert self.profile is not None
        if not all([f.check() for f in self.fields.values()]):
            self.notice.error("本会设置有误（见红字说明），未保存。")
            return False
        try:
            self.profile = committee.save_settings(
                self.session.store,
                county=self.fields["county"].parse(),
                name=self.fields["name"].parse(),
                office=self.fields["office"].parse(),
                contact_person=self.fields["contact_person"].parse(),
                contact_phone=self.fields["contact_phone"].parse(),
                leaders=[r.leader for r in self.leader_rows],
                expected_version=self.profile.version,
                loaded_leaders=self.profile.leaders,
                actor=self.session.actor,
            )
        except ConflictError as exc:
            self.notice.error(f"{exc} 请刷新页面后重新填写。")
            return False
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return False
        self.load()
        self.notice.ok("已保存本会设置。")
        self._changed()
        return True

    def _start_clicked(self) -> None:
        # 换届 is done on the second click, for the numbers shown at the first: it cannot be taken back here.
        wanted = (int(self.next_term.value), int(self.next_start.value))
        if self._start_armed != wanted:
            self._start_armed = wanted
            self.start_button.description = "确认换届"
            self.notice.info(
                f"将开始第{chinese_number(wanted[0])}届（{wanted[1]}年起），此后新建的会议从第一次起编号。"
                "确认无误请再点击“确认换届”。"
            )
            return
        self.start_term()

    def start_term(self) -> bool:
        self.notice.clear()
        try:
            done = committee.set_up(
                self.session.store,
                term_no=int(self.next_term.value),
                start_year=int(self.next_start.value),
                actor=self.session.actor,
            )
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return False
        self.load()
        self.notice.ok(done)
        self._changed()
        return True
