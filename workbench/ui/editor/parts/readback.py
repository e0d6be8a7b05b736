"""The 导入 tab's 读回 panel: an exported packet edited in Word or WPS, compared and confirmed change by change.

A thin layer over `packet.readback`: the chosen .docx is compared with its export's snapshot; each change
is a checkbox (direct edits ticked, tracked changes not yet accepted unticked: the secretary decides);
deleted rows, comments and text outside records are listed only. "读回选中的改动" writes the ticked ones
through the store's write path, and every tab showing those records is told.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path

import ipywidgets as W

from workbench.base.errors import WorkbenchError
from workbench.packet import readback
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import EditSession


class ReadbackPanel:
    def __init__(self, session: EditSession, uploaded: Callable[[W.FileUpload], tuple[str, bytes] | None]):
        self.session, self._uploaded = session, uploaded
        self.found: readback.Readback | None = None
        self.upload = W.FileUpload(accept=".docx", multiple=False, description="选择 Word 文件", layout=W.Layout(width="180px"))
        self.upload.add_class("wb-readback-upload")
        self.compare_button = button("比对改动", css="wb-readback-compare")
        self.compare_button.on_click(lambda _b: self.compare())
        self.heading = W.HTML("")
        self.choices = W.VBox([])
        self.choices.add_class("wb-readback-choices")
        self.listed = W.HTML("")
        self.listed.add_class("wb-readback-listed")
        self.apply_button = button("读回选中的改动", style="danger", css="wb-readback-apply")
        self.apply_button.disabled = True
        self.apply_button.on_click(lambda _b: self.apply())
        self.notice = Notice("wb-readback-notice")
        self._boxes: list[tuple[W.Checkbox, readback.Change | readback.TextChange, W.HTML]] = []
        self.lines: list[W.HBox] = []  # one per change: its box and its words
        self.widget = W.VBox(
            [
                W.HTML(
                    "<hr><h4 style='margin:4px 0'>读回在 Word/WPS 中改过的会议材料</h4>"
                    "<div>选择从工作台导出、在 Word 或 WPS 中改过的合订本或单份材料，逐条核对改动，"
                    "勾选要写回库中的改动后点击“读回选中的改动”；删去的行和批注只列出，不会改动库中记录。</div>"
                ),
                W.HBox([self.upload, self.compare_button]),
                self.heading,
                self.choices,
                self.listed,
                self.apply_button,
                self.notice.widget,
            ]
        )

    def compare(self) -> bool:
        self.notice.clear()
        self.found, self._boxes, self.lines = None, [], []
        self.choices.children, self.heading.value, self.listed.value = (), "", ""
        self.apply_button.disabled = True
        got = self._uploaded(self.upload)
        if got is None:
            self.notice.error("请先点击“选择 Word 文件”选择改过的会议材料。")
            return False
        name, content = got
        try:
            with tempfile.TemporaryDirectory(prefix="workbench-readback-") as tmp:
                path = Path(tmp) / name
                path.write_bytes(content)
                found = readback.read(self.session.store, path)
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return False
        self.found = found
        lines = found.report().splitlines()
        self.heading.value = f"<div>{html.escape(lines[0])}</div>"
        for change in found.changes + found.pending:
            self._choice(change, change.said() + ("（修订尚未接受）" if change.pending else ""), ticked=not change.pending)
        for text in found.unmapped:
            # Wording outside every record: kept only when ticked, for this meeting's later exports.
            self._choice(text, readback.text_change_said(text) + "（勾选则本次会议以后导出时沿用）", ticked=False)
        self.choices.children = tuple(self.lines)
        rest = _section("删去的内容（只列出，不会删除库中记录）", [c.said() for c in found.deleted])
        rest += _section("批注（只列出，不读回）", [c.said() for c in found.comments])

        self.listed.value = "".join(rest)
        if not self._boxes:
            self.notice.info("没有可以读回库中的改动。" if len(lines) > 1 else lines[-1])
            return True
        self.apply_button.disabled = False
        self.notice.info("请逐条核对，勾选要写回库中的改动，无误后点击“读回选中的改动”。")
        return True

    def _choice(self, item: readback.Change | readback.TextChange, said: str, *, ticked: bool) -> None:
        # The words beside the box, not its description: a description is cut with "…" on a phone.
        box = W.Checkbox(value=ticked, indent=False, layout=W.Layout(width="28px"))
        words = W.HTML(html.escape(said), layout=W.Layout(flex="1 1 auto"))
        line = W.HBox([box, words])
        line.add_class("wb-readback-choice")
        self._boxes.append((box, item, words))
        self.lines.append(line)

    def apply(self) -> bool:
        if self.found is None:
            self.notice.error("请先选择文件并比对改动。")
            return False
        chosen = [c for box, c, _ in self._boxes if box.value]
        if not chosen:
            self.notice.error("没有勾选任何改动。")
            return False
        try:
            done = readback.apply(
                self.session.store,
                self.found,
                [c.number for c in chosen],
                pending=any(isinstance(c, readback.Change) and c.pending for c in chosen),
                actor=self.session.actor,
                correction=self.session.correction,
            )
        except WorkbenchError as exc:
            self.notice.error(str(exc))
            return False
        self.apply_button.disabled = True
        for box, change, words in self._boxes:
            box.disabled = True
            if change in done.applied or change in done.kept:
                words.value = "✓ " + words.value
        (self.notice.error if done.refused else self.notice.ok)(done.report())
        if done.applied or done.kept:
            tables = {c.table for c in done.applied} | ({"text_override"} if done.kept else set())
            self.session.data_changed(tables, "import", source=self)
        return not done.refused


def _section(title: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return [f"<div style='margin-top:6px'><b>{html.escape(title)}</b><ul style='margin:2px 0'>{items}</ul></div>"]
