"""The meeting's letters: choose 邀请函 / 催交函 / 催办函 and a date, draft them in 信函格式 into the
meeting's output folder, and download each. Numbers (发文字号) are kept, so drafting again gives
the same numbers (`workbench.drafts.letters`).
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import ipywidgets as W

from workbench.base import config, values
from workbench.base.errors import WorkbenchError
from workbench.drafts.kinds import Request
from workbench.office.meetings import MeetingInfo
from workbench.publish import publish
from workbench.ui.editor.parts.export_folders import shown_folder
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.export import file_link
from workbench.ui.editor.tabs.registry import tab


@tab("letters", "函件", order=110)
class LettersTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        kinds = config.labels()["letter_kind"]
        self.kind = W.Dropdown(
            options=[(v.label, v.code) for v in kinds.values],
            value="invitation",
            description="函件类型",
            layout=W.Layout(width="260px"),
        )
        self.kind.add_class("wb-letters-kind")
        self.issued = W.Text(value="", placeholder="成文日期，默认今天", layout=W.Layout(width="180px"))
        self.issued.add_class("wb-letters-date")
        self.force = W.Checkbox(value=True, description="覆盖文件夹中已有的同名文件", indent=False)
        self.draft_button = button("起草函件", style="primary", css="wb-letters-draft")
        self.draft_button.on_click(lambda _b: self.draft())
        self.folder = W.HTML("")
        self.notice = Notice()
        self.links = W.HTML("")
        self.links.add_class("wb-letters-links")
        self.widget = W.VBox(
            [
                W.HTML(
                    "邀请函：每个通报单位一份；催交函：尚未报送通报材料的单位；催办函：有逾期民主监督事项或逾期未答复提案的单位。"
                ),
                W.HBox([self.kind, self.issued, self.draft_button]),
                self.force,
                self.folder,
                self.notice.widget,
                self.links,
            ]
        )

    def out_dir(self) -> Path | None:
        return config.output_dir() / self.meeting.short_title / "函件" if self.meeting else None

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        self.links.value = ""
        self.notice.clear()
        folder = self.out_dir()
        self.folder.value = f"保存到{html.escape(shown_folder(folder))}" if folder else ""

    def draft(self) -> list[Path]:
        self.notice.clear()
        self.links.value = ""
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return []
        text = self.issued.value.strip()
        try:
            issued_on = values.day(text) if text else date.today()
        except values.Bad as exc:
            self.notice.error(f"成文日期“{text}”无效，应为{exc.expected}。")
            return []
        if issued_on is None:
            issued_on = date.today()
        out_dir = self.out_dir()
        assert out_dir is not None
        try:
            request = Request(self.meeting, issued_on=issued_on, letter_kinds=(self.kind.value,), actor=self.session.actor)
            done = publish(self.session.store, "letters", out_dir, request, force=self.force.value)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return []
        kind = config.labels()["letter_kind"].label(self.kind.value)
        files = done.files
        if not files:
            self.notice.info(f"没有需要发出的{kind}。")
        else:
            self.notice.ok(f"已起草{kind} {len(files)} 份。")
        items = "".join(
            f"<li>{html.escape(output.label)}　{file_link(path)}</li>" for output, path in zip(done.drafted.outputs, files)
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in done.notices)
        self.links.value = (f"<ul>{items}</ul>" if items else "") + (f"<div>提示：</div><ul>{notes}</ul>" if notes else "")
        return files
