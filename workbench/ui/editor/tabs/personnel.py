"""The meeting's 任免名单 (人事事项): the people the 常委会议 is asked to decide about.

One row per person and matter (增补委员, 接受辞去职务, 撤销委员资格, 任职, 免职), kept in the
order the office wants them listed; the packet groups them by kind. Typing the name of a
member of the current term fills in what the member list already knows (性别, 党派, 界别,
工作单位及职务), only into boxes still empty, and says so.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.office import personnel
from workbench.sheets import personnel_file
from workbench.store.rows import Member
from workbench.ui.editor.parts.fields import Field, button
from workbench.ui.editor.parts.grid import Column
from workbench.ui.editor.parts.ordered import MeetingList, form_row
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.imports import import_upload
from workbench.ui.editor.tabs.registry import tab

COLUMNS = [
    Column("position", "序号", "50px", editable=False),
    Column("kind", "事项类别", "130px"),
    Column("name", "姓名", "90px"),
    Column("gender", "性别", "60px"),
    Column("ethnicity", "民族", "70px"),
    Column("born", "出生年月", "90px"),
    Column("party", "党派", "110px"),
    Column("sector", "界别", "110px"),
    Column("unit_and_post", "工作单位及职务", "220px", multiline=True),
    Column("post", "任免职务", "170px"),
    Column("reason", "原因", "110px"),
]
# Form boxes: (field, width, placeholder).
FORM = [
    ("kind", "130px", "事项类别"),
    ("name", "90px", "姓名"),
    ("gender", "60px", "性别"),
    ("ethnicity", "70px", "民族"),
    ("born", "90px", "出生年月"),
    ("party", "110px", "党派"),
    ("sector", "110px", "界别"),
    ("unit_and_post", "220px", "工作单位及职务"),
    ("post", "170px", "任免职务"),
    ("reason", "110px", "原因"),
]
# What a member row knows, by the field of this list it fills.
FROM_MEMBER = {"gender": "gender", "party": "party", "sector": "sector", "unit_and_post": "position"}


@tab("personnel", "人事事项", order=35)
class PersonnelTab(MeetingList):
    table, css, what = "personnel_change", "personnel", "任免名单"

    def __init__(self, session: EditSession):
        super().__init__(
            session,
            COLUMNS,
            empty_text="本次会议还没有任免名单。有“审议有关人事事项”议程的，请在下方逐人添加，"
            "或用“导入名单”导入收到的 Excel、Word 名单。",
        )
        self.form = {
            name: Field(
                "personnel_change",
                name,
                width=width,
                placeholder=hint,
                required=name in ("kind", "name"),
                css=f"wb-personnel-new-{name}",
            )
            for name, width, hint in FORM
        }
        self.form["name"].widget.observe(lambda _c: self._fill_from_member(), names="value")
        self.add_button = button("添加", style="success", css="wb-personnel-add")
        self.add_button.on_click(lambda _b: self.add())
        self.upload = W.FileUpload(accept=".xlsx,.docx", multiple=False, description="选择名单文件")
        self.upload.add_class("wb-personnel-upload")
        self.import_button = button("导入名单", css="wb-personnel-import")
        self.import_button.on_click(lambda _b: self.import_uploaded())
        self.widget = W.VBox(
            [
                W.HTML(
                    "<div>名单在会议材料中按“增补委员、接受辞去职务、撤销委员资格、任职、免职”分组列出，"
                    "组内按此处顺序排列。“任免职务”填拟任、拟免或辞去的职务，如“文史委员会副主任”“常务委员、委员”。</div>"
                ),
                self.grid.widget,
                W.HTML("<b>添加人员</b>"),
                form_row(*(f.box for f in self.form.values()), self.add_button),
                W.HTML(
                    "<b>导入名单</b>　收到的任免名单是 Excel 或 Word 表格的，可整份导入（表头含姓名、性别、民族、出生年月、"
                    "党派、工作单位及职务等；类别写在“事项”列，或写在各组人员前的一行，如“一、增补委员”），"
                    "导入的人员排在名单末尾，可“撤销上一次修改”。"
                ),
                W.HBox([self.upload, self.import_button]),
                self.notice.widget,
            ]
        )

    def name(self, record: dict) -> str:
        return f"任免名单中的“{record['name']}”"

    def _fill_from_member(self) -> None:
        name = self.form["name"].value.strip()
        if not name or self.meeting is None:
            return
        member = self.session.store.first(Member, name=name, term_id=self.meeting.term_id)
        if member is None:
            return
        filled = []
        for field, source in FROM_MEMBER.items():
            value = getattr(member, source)
            if value and not self.form[field].value.strip():
                self.form[field].value = value
                filled.append(self.form[field].column.info["zh"])
        if filled:
            self.notice.info(f"已按本届委员名单填入{name}的{'、'.join(filled)}，请核对。")

    def add(self) -> int | None:
        self.notice.clear()
        if not all([f.check() for f in self.form.values()]):
            self.notice.error("新增人员的信息有误（见红字说明），未添加。")
            return None
        values = {name: f.parse() for name, f in self.form.items()}
        try:
            personnel.check_values(values)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return None
        new_id = self.append(values, f"任免名单中的“{values['name']}”")
        if new_id is not None:
            for f in self.form.values():
                f.reset(None)
        return new_id

    def import_uploaded(self) -> bool:
        done = import_upload(self.upload, self.import_file)
        if done is None:
            self.notice.error("请先选择任免名单文件（.xlsx 或 .docx）。")
            return False
        return done

    def import_file(self, path: Path) -> bool:
        """Read the whole list, then add every person in one change (nothing when any row is wrong)."""
        self.notice.clear()
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return False
        if self._unsaved():
            return False
        try:
            rows = personnel_file.read(path)
            start = max((r.record["position"] for r in self.grid.rows), default=0)
            with self.session.change(f"导入任免名单“{path.name}”（{len(rows)}人）", source=self) as rec:
                for n, row in enumerate(rows, start=start + 1):
                    rec.insert(self.table, {**row, "meeting_id": self.meeting.id, "position": n})
        except WorkbenchError as exc:
            self.notice.error(f"未导入：{exc}")
            return False
        self.load(self.meeting)
        said = "".join(rows.notices)
        self.notice.ok(f"已从“{path.name}”导入{len(rows)}人，排在名单第{start + 1}至{start + len(rows)}项。请核对。{said}")
        return True
