"""The 常委's rating (测评) of the meeting's briefings: make the ballot and tally sheet, upload the
keyed-in tally, and see the counts and 满意率 per department (`workbench.office.evaluation`, `figures`).
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as W

from workbench.base import config
from workbench.base.errors import WorkbenchError
from workbench.drafts.kinds import Request
from workbench.office import evaluation, figures
from workbench.office.meetings import MeetingInfo
from workbench.publish import publish
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.export import file_link
from workbench.ui.editor.tabs.imports import import_upload
from workbench.ui.editor.tabs.registry import tab


@tab("rating", "测评", order=120)
class RatingTab:
    def __init__(self, session: EditSession):
        self.session = session
        self.meeting: MeetingInfo | None = None
        self.form_button = button("生成测评表和录入表", style="primary", css="wb-rating-form")
        self.form_button.on_click(lambda _b: self.make_form())
        self.upload = W.FileUpload(accept=".xlsx", multiple=False, description="选择录入表")
        self.upload.add_class("wb-rating-upload")
        self.import_button = button("导入测评结果", css="wb-rating-import")
        self.import_button.on_click(lambda _b: self.import_uploaded())
        self.notice = Notice()
        self.links = W.HTML("")
        self.results = W.HTML("")
        self.results.add_class("wb-rating-results")
        self.widget = W.VBox(
            [
                W.HTML("每个情况通报议题一行，出席常委每人一张测评表；录入表每张票一行，录入后在此导入。"),
                self.form_button,
                self.links,
                W.HBox([self.upload, self.import_button]),
                self.notice.widget,
                self.results,
            ]
        )

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        self.links.value = ""
        self.notice.clear()
        self.show_results()

    def show_results(self) -> None:
        if self.meeting is None:
            self.results.value = ""
            return
        rates = figures.rating_rates(self.session.store, meeting_id=self.meeting.id)
        if not rates:
            self.results.value = "<div>本次会议尚未导入测评结果。</div>"
            return
        levels = config.labels()["rating_level"]
        head = "".join(f"<th>{html.escape(h)}</th>" for h in ["被测评单位", "测评事项", *levels.labels, "弃权", "无效", "满意率"])
        rows = "".join(
            f"<tr data-department='{html.escape(r.department)}'><td>{html.escape(r.department)}</td>"
            f"<td>{html.escape(r.subject)}</td>"
            + "".join(f"<td>{r.counts.get(c, 0)}</td>" for c in levels.codes)
            + f"<td>{r.abstained}</td><td>{r.invalid}</td><td class='wb-rate'>{figures.percent(r.rate)}</td></tr>"
            for r in rates
        )
        self.results.value = f"<table class='wb-rating-table'><tr>{head}</tr>{rows}</table>"

    def make_form(self) -> list[Path]:
        self.notice.clear()
        if self.meeting is None:
            self.notice.error("请先选择或新建会议。")
            return []
        out_dir = config.output_dir() / self.meeting.short_title
        try:
            files = publish(self.session.store, "rating_form", out_dir, Request(self.meeting), force=True).files
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return []
        self.links.value = "<ul>" + "".join(f"<li>{file_link(f)}</li>" for f in files) + "</ul>"
        self.notice.ok(f"已生成测评表和录入表，保存在 {out_dir}。")
        return files

    def import_file(self, path: Path) -> bool:
        self.notice.clear()
        try:
            lines = evaluation.import_tally(self.session.store, path, actor=self.session.actor)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return False
        self.notice.ok(lines[0])
        self.show_results()
        return True

    def import_uploaded(self) -> bool:
        done = import_upload(self.upload, self.import_file)
        if done is None:
            self.notice.error("请先选择录入好的测评票录入表（.xlsx）。")
            return False
        return done
