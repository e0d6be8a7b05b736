"""Exporting the packet: a preview of what will be written and the pre-export check's findings, then the
export (possible whatever the check found) with a progress bar and links.

The packet exported is the one on the “材料内容” tab, hand changes included
(`export_packet(..., packet=...)`). Links carry the file itself (a data: URL with a
download name) rather than a server path, because Voilà serves only whitelisted
file types and JupyterLab's `files/` URLs depend on where the server was started;
a data link downloads the same in both. The folder is shown as well, within the export folder.

Each export goes into a new dated folder (`export_folders.py`); "覆盖上次导出" writes
into the newest earlier one instead, after a confirmation. Earlier exports are listed
with their links, which are built only when asked for (each embeds its files).
"""

from __future__ import annotations

import base64
import html
import mimetypes
import threading
from pathlib import Path

import ipywidgets as W

from workbench.base import config
from workbench.base.errors import CancelledError, WorkbenchError
from workbench.base.progress import Progress
from workbench.drafts.blocks import Packet, Paragraph, Table
from workbench.office.meetings import MeetingInfo
from workbench.publish import ExportResult
from workbench.ui.editor.parts.export_folders import EarlierExport, earlier_exports, new_folder
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.contents import ContentsTab, table_name
from workbench.ui.editor.tabs.registry import tab

# Larger files are not embedded in the page (it would grow by a third more); their path is shown instead.
EMBED_LIMIT = 25 * 1024 * 1024
MIME = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".pdf": "application/pdf"}


def preview_lines(packet: Packet) -> list[str]:
    """What the export will write, one line per document, in the packet's order."""
    lines = []
    included = [d for d in packet.documents if d.included]
    for n, d in enumerate(included, start=1):
        tables = [(i, b) for i, b in enumerate(d.blocks) if isinstance(b, Table)]
        paragraphs = [b for b in d.blocks if isinstance(b, Paragraph)]
        parts = []
        if d.template:
            parts.append("按模板生成")
        if paragraphs:
            parts.append(f"{len(paragraphs)} 段文字")
        for i, t in tables:
            parts.append(f"{table_name(d, i)} {len(t.rows)} 行")
        for n_appendix, appendix in enumerate(d.appendices, start=1):
            rows = sum(len(b.rows) for b in appendix.blocks if isinstance(b, Table))
            number = n_appendix if len(d.appendices) > 1 else ""
            parts.append(f"附件{number}“{appendix.title}”" + (f" {rows} 行" if rows else ""))
        lines.append(f"{n}. {d.title}（{'，'.join(parts) or '无内容'}）")
    left_out = [d.title for d in packet.documents if not d.included]
    if left_out:
        lines.append(f"不收入：{'、'.join(left_out)}")
    return lines


def findings_html(findings) -> str:
    """The pre-export check as the secretary reads it: two groups that fold — what must be fixed (open)
    and what to look at (folded) — each finding naming the record and what to do."""
    if not findings:
        return "<div class='wb-check wb-check-ok'>导出前检查：未发现需要补正的事项。</div>"
    must = [f for f in findings if f.blocking]
    rest = [f for f in findings if not f.blocking]

    def group(css: str, heading: str, members: list, *, open_: bool) -> str:
        if not members:
            return ""
        items = "".join(f"<li><b>{html.escape(f.title)}</b>：{html.escape(f.text())}</li>" for f in members)
        return (
            f"<details class='wb-check-group {css}'{' open' if open_ else ''}>"
            f"<summary style='cursor:pointer'><b>{heading} {len(members)} 项</b>（点击展开或收起）</summary>"
            f"<ol style='margin:4px 0'>{items}</ol></details>"
        )

    return (
        f"<div class='wb-check'><b>导出前检查</b>：须补正 {len(must)} 项，请核对 {len(rest)} 项。"
        "补正后点“刷新预览”重新检查；也可直接导出，检查结果随本次材料的数据快照保存。"
        + group("wb-check-block", "须补正（必须修改）", must, open_=True)
        + group("wb-check-note", "请核对（建议查看）", rest, open_=not must)
        + "</div>"
    )


def shown_path(path: Path) -> str:
    """A folder as the secretary finds it: inside the export folder, not the server's absolute path."""
    try:
        return "导出文件夹中的“" + path.relative_to(config.output_dir()).as_posix() + "”"
    except ValueError:
        return f"“{path.name}”"


def file_link(path: Path) -> str:
    """An HTML link that downloads `path` by its own name, with its size; a plain path when too large."""
    size = path.stat().st_size
    size_text = f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
    name = html.escape(path.name)
    if size > EMBED_LIMIT:
        return f"{name}（{size_text}，文件较大，请到文件夹中打开）"
    mime = MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<a class="wb-file-link" style="color:#0645ad;text-decoration:underline" download="{name}" '
        f'href="data:{mime};base64,{data}" '
        f'target="_blank">{name}</a>（{size_text}）'
    )


@tab("export", "导出", order=90, build=lambda editor: ExportTab(editor.session, editor.tab("contents")))
class ExportTab:
    def __init__(self, session: EditSession, contents: ContentsTab):
        self.session = session
        self.contents = contents
        self.meeting: MeetingInfo | None = None
        self.result: ExportResult | None = None
        self.preview = W.HTML("")
        self.findings = W.HTML("")
        self.findings.add_class("wb-export-check")
        self.pdf = W.Checkbox(value=False, description="同时生成PDF（需要较长时间）", indent=False)
        self.overwrite = W.Checkbox(value=False, description="覆盖上次导出（不另建新文件夹）", indent=False)
        self.overwrite.add_class("wb-export-overwrite")
        self.overwrite.observe(lambda _c: self._show_target(), names="value")
        self.folder = W.HTML("")
        self.folder.add_class("wb-export-folder")
        self.confirm_text = W.HTML("")
        self.confirm_button = button("确定覆盖", style="danger", css="wb-export-confirm")
        self.cancel_button = button("取消", css="wb-export-cancel")
        self.confirm_button.on_click(lambda _b: self.start_export(confirmed=True))
        self.cancel_button.on_click(lambda _b: self._hide_confirmation())
        self.confirmation = W.VBox(
            [self.confirm_text, W.HBox([self.confirm_button, self.cancel_button])],
            layout=W.Layout(display="none", border="1px solid #c0392b", padding="6px"),
        )
        self.confirmation.add_class("wb-export-confirmation")
        self.earlier = W.VBox([])
        self.earlier.add_class("wb-export-earlier")
        self.preview_button = button("刷新预览", css="wb-export-preview")
        self.preview_button.on_click(lambda _b: self.show_preview())
        self.export_button = button("导出会议材料", style="primary", css="wb-export")
        self.export_button.on_click(lambda _b: self.start_export())
        # The export runs beside the page (a thread), so this button is heard while it runs.
        self.stop_button = button("取消导出", style="warning", css="wb-export-stop")
        self.stop_button.layout.display = "none"
        self.stop_button.on_click(lambda _b: self.stop_export())
        self.running: Progress | None = None
        self.thread: threading.Thread | None = None
        self.progress = W.IntProgress(value=0, min=0, max=3, description="", layout=W.Layout(width="400px", visibility="hidden"))
        self.step = W.HTML("")
        self.links = W.HTML("")
        self.links.add_class("wb-export-links")
        self.notice = Notice()
        # The button comes before the findings: a long check (thirty findings and more) must not push
        # the export out of sight; the findings fold.
        self.widget = W.VBox(
            [
                W.HTML("<b>将要导出的会议材料</b>（内容在“材料内容”页调整）"),
                self.preview,
                W.HBox([self.preview_button, self.export_button]),
                self.pdf,
                self.overwrite,
                self.folder,
                self.confirmation,
                W.HBox([self.progress, self.step, self.stop_button]),
                self.notice.widget,
                self.links,
                self.findings,
                W.HTML("<b>以往导出</b>"),
                self.earlier,
            ]
        )

    def meeting_folder(self) -> Path | None:
        if self.meeting is None:
            return None
        return config.output_dir() / self.meeting.short_title

    def out_dir(self) -> Path | None:
        """Where the next export goes: a new dated folder, or the last export's when overwriting."""
        folder = self.meeting_folder()
        if folder is None:
            return None
        if self.overwrite.value:
            done = earlier_exports(folder)
            if done:
                return done[0].folder
        return new_folder(folder)

    def _show_target(self) -> None:
        target = self.out_dir()
        if target is None:
            self.folder.value = ""
            return
        how = "覆盖上次导出的文件夹" if self.overwrite.value and target.exists() else "导出到新文件夹"
        self.folder.value = f"{how}：{html.escape(shown_path(target))}"
        self._hide_confirmation()

    def _hide_confirmation(self) -> None:
        self.confirmation.layout.display = "none"

    def _show_earlier(self) -> None:
        folder = self.meeting_folder()
        done = earlier_exports(folder) if folder else []
        if not done:
            self.earlier.children = [W.HTML("<i>本次会议还没有导出过。</i>")]
            return
        boxes = []
        for export in done:
            links = W.HTML("")
            links.add_class("wb-export-earlier-links")
            show = button("显示下载链接", css="wb-export-earlier-show", width="120px")
            show.on_click(lambda _b, e=export, out=links: setattr(out, "value", _link_list(e.files)))
            boxes.append(W.VBox([W.HBox([W.HTML(html.escape(export.label)), show]), links]))
        self.earlier.children = boxes

    def earlier_exports(self) -> list[EarlierExport]:
        folder = self.meeting_folder()
        return earlier_exports(folder) if folder else []

    def load(self, meeting: MeetingInfo | None) -> None:
        self.meeting = meeting
        self.preview.value = ""
        self.findings.value = ""
        self.links.value = ""
        self.notice.clear()
        self.progress.layout.visibility = "hidden"
        self.step.value = ""
        self._show_target()
        self._show_earlier()

    def opened(self) -> None:
        self.show_preview()

    def show_preview(self) -> list[str]:
        packet = self.contents.ensure()
        if packet is None:
            self.preview.value = ""
            self.notice.error(self.contents.notice.text or "请先选择或新建会议。")
            return []
        lines = preview_lines(packet)
        self.preview.value = (
            "<ol style='list-style:none;padding-left:0;margin:4px 0'>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
            + "</ol>"
        )
        if self.meeting is not None:
            from workbench.publish import check_packet

            try:
                self.findings.value = findings_html(check_packet(self.session.store, self.meeting, packet=packet).findings)
            except WorkbenchError as exc:
                self.findings.value = f"<div class='wb-check'>导出前检查未能完成：{html.escape(str(exc))}</div>"
        return lines

    def _progress(self, value: int, text: str) -> None:
        self.progress.value = min(value, self.progress.max)
        self.step.value = html.escape(text)

    def start_export(self, *, confirmed: bool = False) -> threading.Thread | None:
        """The export buttons: `export` in a thread, with its steps shown and 取消导出 beside them."""
        if self.thread is not None and self.thread.is_alive():
            return None
        progress = Progress(cancelled_text="已取消导出，未写入任何文件，以往导出的文件未改动。")
        self.thread = threading.Thread(target=self.export, kwargs={"confirmed": confirmed, "progress": progress}, daemon=True)
        self.thread.start()
        return self.thread

    def stop_export(self) -> None:
        if self.running is not None:
            self.running.cancel()
            self.stop_button.disabled = True
            self.step.value = "正在取消……"

    def export(self, *, confirmed: bool = False, progress: Progress | None = None) -> list[Path]:
        """Export the packet shown on 材料内容 (in the calling thread; the buttons use `start_export`)."""
        from workbench.publish import export_packet

        self.notice.clear()
        self.links.value = ""
        packet = self.contents.ensure()
        target = self.out_dir()
        if packet is None or self.meeting is None or target is None:
            self.notice.error(self.contents.notice.text or "请先选择或新建会议。")
            return []
        overwriting = self.overwrite.value and target.exists()
        if overwriting and not confirmed:
            self.confirm_text.value = (
                f"将覆盖上次导出的文件夹“{html.escape(target.name)}”中的同名文件，覆盖后原文件无法找回。确定覆盖吗？"
            )
            self.confirmation.layout.display = None
            return []
        self._hide_confirmation()
        self.show_preview()
        # A step for the check, the merged packet, each file, the layout, writing, the PDF and the snapshot.
        self.progress.max = len([d for d in packet.documents if d.included]) + 7
        self.progress.layout.visibility = "visible"
        self.export_button.disabled = True
        progress = progress or Progress(cancelled_text="已取消导出。")
        progress.on_step = lambda text: self._progress(self.progress.value + 1, text)
        self.running = progress
        self.stop_button.disabled = False
        self.stop_button.layout.display = None
        self._progress(0, "正在导出……")
        try:
            result = export_packet(
                self.session.store,
                self.meeting,
                target,
                pdf=self.pdf.value,
                force=overwriting,
                packet=packet,
                actor=self.session.actor,
                progress=progress,
            )
            self.stop_button.layout.display = "none"
            self._progress(self.progress.max - 1, "正在准备下载链接……")
            links = [file_link(f) for f in result.files if f.exists()]
        except WorkbenchError as exc:
            self._progress(0, "")
            self.progress.layout.visibility = "hidden"
            if isinstance(exc, CancelledError):
                self.notice.info(str(exc))
            else:
                self.notice.error(str(exc))
            return []
        finally:
            self.running = None
            self.stop_button.layout.display = "none"
            self.export_button.disabled = False
        self._progress(self.progress.max, "导出完成。")
        self.result = result
        self.findings.value = findings_html(result.findings)
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in result.notices)
        self.links.value = (
            "<div><b>已生成的文件</b>（点击文件名下载）：</div><ul>"
            + "".join(f"<li>{link}</li>" for link in links)
            + "</ul>"
            + (f"<div>说明：</div><ul>{notes}</ul>" if notes else "")
        )
        self.notice.ok(f"已导出 {len(result.files)} 个文件到{shown_path(target)}。")
        self.overwrite.value = False
        self._show_target()
        self._show_earlier()
        return result.files


def _link_list(files: list[Path]) -> str:
    return "<ul>" + "".join(f"<li>{file_link(f)}</li>" for f in files if f.exists()) + "</ul>"
