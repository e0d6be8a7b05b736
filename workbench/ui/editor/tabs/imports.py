"""Importing into the store from the editor: a returned Excel sheet, a work-plan document, or an exported
packet edited in Word (its 读回 panel, `parts/readback.py`).

Both go the same two steps as on the command line: first a preview of exactly what
would change (`sheets.read_and_diff`, or the parsed outline plus a dry run of
`plans.import_plan`), written nowhere; then the import writes it in one transaction.
An upload is written to a private temporary folder under its own name, so every
message names the file the secretary chose.

A work plan is corrected before it is stored. The parsed outline is shown as rows, one per part,
item and paragraph, each with its level (部分 / 条目 / 正文（不是条目）) in a dropdown, its words in a
box, and the buttons 合并到上一行 and 拆分 (at the words typed beside it). We chose rows over a text box
holding the CLI's outline file: a secretary corrects a line by choosing what it is, as she would say it
(“这一段不是条目”), not by getting indentation and “正文：” prefixes right, and nothing she can do in a
row leaves the outline unreadable except an empty or misplaced line, which is named by its number.
The corrections are `plans.outline_rows.Outline`'s, read back through the same outline reader as
`plan import --outline`; after each one the parts and items it gives and a dry run are shown again,
and nothing is stored until “按修改后的大纲导入”.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path

import ipywidgets as W

from workbench import plans, sheets
from workbench.base.errors import SheetError, ValidationError, WorkbenchError
from workbench.plans.outline_rows import FIELD_LABELS, ITEM, LEVELS, PART, Outline, Row
from workbench.plans.sources import PASTED
from workbench.ui.editor.parts.fields import Notice, button
from workbench.ui.editor.parts.readback import ReadbackPanel
from workbench.ui.editor.session import EditSession
from workbench.ui.editor.tabs.registry import tab

SHEET_SUFFIXES = ".xlsx,.xlsm,.csv"
PLAN_SUFFIXES = ".txt,.docx,.html,.htm"


def uploaded(upload: W.FileUpload) -> tuple[str, bytes] | None:
    """The (file name, content) of the file chosen in `upload`, or None."""
    if not upload.value:
        return None
    f = upload.value[0]
    # The browser names the file; never let that name reach a path: "..", "" or "a/b" become a plain name.
    name = Path(str(f.get("name") or "")).name
    if name in ("", ".", ".."):
        name = "上传的文件" + Path(str(f.get("name") or "")).suffix
    return name, bytes(f["content"])


def import_upload(upload: W.FileUpload, import_file: Callable[[Path], bool]) -> bool | None:
    """Run `import_file` on the chosen file, saved under its own name in a private temporary folder
    for the call; None when no file was chosen."""
    got = uploaded(upload)
    if got is None:
        return None
    name, content = got
    with tempfile.TemporaryDirectory(prefix="workbench-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        return import_file(path)


def outline_html(found: list) -> str:
    """The parsed work plans as the secretary would check them: sections and numbered item titles."""
    out = []
    for p in found:
        year = f"{p.year}年" if p.year else "年度未写明"
        out.append(
            f"<div><b>{html.escape(p.title or '（无标题）')}</b>（{year}，{len(p.sections)} 个部分，{p.item_count} 条）</div>"
        )
        for s in p.sections:
            items = "".join(f"<li>{i.number}. {html.escape(i.title)}</li>" for i in s.items)
            out.append(
                f"<div style='margin-left:1em'>{s.number}. {html.escape(s.title)}</div>"
                f"<ul style='margin:0 0 4px 2em;padding:0;list-style:none'>{items}</ul>"
            )
    return "".join(out)


def _pre(lines: list[str]) -> str:
    return "<pre style='white-space:pre-wrap;font-family:inherit;margin:4px 0'>" + html.escape("\n".join(lines)) + "</pre>"


_INDENT = {PART: "0", ITEM: "2em"}  # 正文 rows sit deepest, under the item or part they belong to


class _RowView:
    """The widgets of one outline row; kept while the row exists, so a correction redraws only what changed."""

    def __init__(self, rows: OutlineRows, row: Row):
        self.row_id = row.id
        self.number = W.HTML(layout=W.Layout(width="56px"))
        self.level = W.Dropdown(options=[(zh, key) for key, zh in LEVELS.items()], layout=W.Layout(width="150px"))
        self.level.add_class("wb-outline-level")
        self.line = W.Text(continuous_update=False, layout=W.Layout(width="560px"))
        self.line.add_class("wb-outline-line")
        self.merge = button("合并到上一行", css="wb-outline-merge")
        self.split_at = W.Text(placeholder="从哪几个字起另起一行", layout=W.Layout(width="180px"))
        self.split_at.add_class("wb-outline-split-at")
        self.split = button("拆分", css="wb-outline-split")
        self.note = W.HTML(layout=W.Layout(width="auto"))
        self.level.observe(lambda ch: rows.changed(self.row_id, "level", ch["new"]), "value")
        self.line.observe(lambda ch: rows.changed(self.row_id, "line", ch["new"]), "value")
        self.merge.on_click(lambda _b: rows.changed(self.row_id, "merge", None))
        self.split.on_click(lambda _b: rows.changed(self.row_id, "split", self.split_at.value))
        self.box = W.HBox([self.number, self.level, self.line, self.merge, self.split_at, self.split, self.note])

    def show(self, index: int, row: Row) -> None:
        self.number.value = f"<span style='color:#555'>第{index + 1}行</span>"
        self.level.value = row.level
        self.line.value = row.line
        self.box.layout.margin = f"0 0 0 {_INDENT.get(row.level, '4em')}"
        self.box._dom_classes = ("wb-outline-row", f"wb-outline-row-{index + 1}")
        said = [row.note] if row.note else []
        said += [f"{k}：{v}" for k, v in _fields_shown(row.fields)]
        self.note.value = f"<span style='color:#555'>{html.escape('；'.join(said))}</span>" if said else ""

    def close(self) -> None:
        self.box.close()
        for w in self.box.children:
            w.close()


def _fields_shown(fields: dict) -> list[tuple[str, str]]:
    return [(FIELD_LABELS[k], str(v)) for k, v in fields.items() if k in FIELD_LABELS and v not in (None, "")]


class OutlineRows:
    """The correction step of a work-plan import: the outline's rows, each correction applied to the
    `Outline` at once and `on_change` called so the tab shows what the outline now gives."""

    def __init__(self, on_change: Callable[[], object], on_error: Callable[[str], None]):
        self.outline: Outline | None = None
        self._views: dict[int, _RowView] = {}
        self._drawing = False  # setting a row's widgets is no correction of the secretary's
        self._on_change = on_change
        self._on_error = on_error
        self.reset_button = button("恢复识别结果", css="wb-outline-reset")
        self.reset_button.on_click(lambda _b: self.reset())
        self._found: list[plans.Plan] = []
        self._headings: list[W.HTML] = []
        self._name = ""
        self.box = W.VBox([])
        self.widget = W.VBox(
            [
                W.HTML(
                    "<div style='margin:6px 0 2px 0'><b>核对、改正大纲</b>（修改后下方的识别结果随即更新；"
                    "点击“按修改后的大纲导入”之前，不保存任何内容）</div>"
                    "<div style='color:#555'>每行是识别出的一个部分、一个条目或一段正文。类别识别错的，在左侧改选"
                    "“部分”“条目”或“正文（不是条目）”，正文归入上面的条目；一段被拆成两行的，点“合并到上一行”；"
                    "两条连在一起的，在右侧填写后一条开头的几个字，再点“拆分”。</div>"
                ),
                self.box,
                self.reset_button,
            ]
        )
        self.widget.add_class("wb-outline")
        self.widget.layout.display = "none"

    def load(self, found: list[plans.Plan], name: str) -> None:
        """Show the rows of freshly parsed plans (corrections made to an earlier file are dropped)."""
        self._found, self._name = found, name
        self.reset(announce=False)

    def reset(self, announce: bool = True) -> None:
        self.outline = Outline(self._found, self._name) if self._found else None
        self._headings = [
            W.HTML(f"<div style='margin:6px 0 2px 0'><b>第{n}份：{html.escape(p.title or '（无标题）')}</b></div>")
            for n, p in enumerate(self._found, start=1)
        ]
        self._draw()
        if announce:
            self._on_change()

    def clear(self) -> None:
        self._found, self.outline = [], None
        self._draw()

    def changed(self, row_id: int, what: str, value) -> None:
        """A correction made in row `row_id`'s widgets."""
        if self._drawing or self.outline is None:
            return
        outline = self.outline
        index = outline.index_of(row_id)
        try:
            if what == "level":
                outline.set_level(index, value)
            elif what == "line":
                outline.set_line(index, value)
            elif what == "merge":
                outline.merge_up(index)
            else:
                words = str(value).strip()
                outline.split(index, int(words) if words.isdigit() and words not in outline.rows[index].line else words)
        except WorkbenchError as exc:
            self._on_error(str(exc))
            return
        if what == "split":
            self._views[row_id].split_at.value = ""  # done: the words typed would mislead at the next split
        self._draw()
        self._on_change()

    def view(self, number: int) -> _RowView:
        """The widgets of the row shown as 第`number`行."""
        assert self.outline is not None
        return self._views[self.outline.rows[number - 1].id]

    def _draw(self) -> None:
        rows = self.outline.rows if self.outline is not None else []
        self._drawing = True
        try:
            views = {}
            for n, row in enumerate(rows):
                view = self._views.pop(row.id, None) or _RowView(self, row)
                view.show(n, row)
                views[row.id] = view
            for gone in self._views.values():
                gone.close()
            self._views = views
            children: list[W.Widget] = []
            for n, row in enumerate(rows):
                if len(self._headings) > 1 and (n == 0 or rows[n - 1].plan != row.plan):
                    children.append(self._headings[row.plan])  # a document holding several plans
                children.append(views[row.id].box)
            self.box.children = children
        finally:
            self._drawing = False
        self.widget.layout.display = "" if rows else "none"


@tab("imports", "导入", order=80)
class ImportTab:
    def __init__(self, session: EditSession):
        self.session = session
        self._tmp = tempfile.TemporaryDirectory(prefix="workbench-upload-")
        self.preview: sheets.Preview | None = None  # awaiting confirmation

        # -- Excel
        self.kind = W.Dropdown(
            options=[(k.zh, k.name) for k in sheets.KINDS], description="数据类别", layout=W.Layout(width="260px")
        )
        self.sheet_upload = W.FileUpload(
            accept=SHEET_SUFFIXES, multiple=False, description="选择表格文件", layout=W.Layout(width="180px")
        )
        self.sheet_preview_button = button("预览改动", css="wb-sheet-preview")
        self.sheet_preview_button.on_click(lambda _b: self.preview_sheet())
        # Used only when the workbook's columns, title rows, sheet name and file name do not say.
        self.sheet_session = W.Text(placeholder="如 十一届三次", description="届次会次", layout=W.Layout(width="220px"))
        self.sheet_year = W.Text(placeholder="如 2025", description="年度", layout=W.Layout(width="170px"))
        self.valid_only = W.Checkbox(value=False, description="只导入没有问题的行（有问题的行不导入）", indent=False)
        self.sheet_confirm = button("确认导入", style="danger", css="wb-sheet-confirm")
        self.sheet_confirm.disabled = True
        self.sheet_confirm.on_click(lambda _b: self.confirm_sheet())
        self.sheet_lines = W.HTML("")
        self.sheet_notice = Notice()

        # -- work plan
        self.plan_upload = W.FileUpload(
            accept=PLAN_SUFFIXES, multiple=False, description="选择文件", layout=W.Layout(width="140px")
        )
        self.plan_upload.add_class("wb-plan-upload")
        self.plan_text = W.Textarea(placeholder="或在此粘贴工作要点全文", layout=W.Layout(width="700px", height="90px"))
        self.plan_year = W.Text(
            placeholder="如 2026", description="年度", continuous_update=False, layout=W.Layout(width="200px")
        )
        self.plan_preview_button = button("预览提纲", css="wb-plan-preview")
        self.plan_preview_button.on_click(lambda _b: self.preview_plan())
        self.plan_rows = OutlineRows(on_change=self.check_outline, on_error=self._outline_refused)
        # A year typed after the preview (the file did not say) is tried at once, like a correction.
        self.plan_year.observe(lambda _ch: self.plan_rows.outline is not None and self.check_outline(), "value")
        self.plan_confirm = button("按修改后的大纲导入", style="danger", css="wb-plan-confirm")
        self.plan_confirm.disabled = True
        self.plan_confirm.on_click(lambda _b: self.confirm_plan())
        self.plan_outline = W.HTML("")
        self.plan_outline.add_class("wb-plan-outline")
        self.plan_notice = Notice()
        self.plan_notice.widget.add_class("wb-plan-notice")

        self.readback = ReadbackPanel(session, uploaded)

        self.widget = W.VBox(
            [
                W.HTML(
                    "<h4 style='margin:4px 0'>导入表格（各单位报回的 Excel）</h4>"
                    "<div>先预览将要新增和修改的内容，核对无误后再确认导入；库中有而表格中没有的记录不会被删除。</div>"
                ),
                W.HBox([self.kind, self.sheet_upload, self.sheet_preview_button]),
                W.HBox(
                    [
                        self.sheet_session,
                        self.sheet_year,
                        W.HTML("<span style='color:#555'>表格中没有写明届次会次或年度时填写</span>"),
                    ]
                ),
                self.sheet_lines,
                self.valid_only,
                self.sheet_confirm,
                self.sheet_notice.widget,
                W.HTML(
                    "<hr><h4 style='margin:4px 0'>"
                    "导入年度工作要点（txt、docx（含任务分解表）、网页另存的 html 文件，或粘贴全文）</h4>"
                    "<div>先预览识别出的部分和条目，识别有误的逐行改正，核对无误后再导入。文件未写明年度时请填写年度。</div>"
                ),
                W.HBox([self.plan_upload, self.plan_year, self.plan_preview_button]),
                self.plan_text,
                self.plan_rows.widget,
                self.plan_notice.widget,  # under the rows, where a refused correction was made
                self.plan_outline,
                self.plan_confirm,
                self.readback.widget,
            ]
        )

    def _save_upload(self, upload: W.FileUpload) -> Path | None:
        got = uploaded(upload)
        if got is None:
            return None
        name, content = got
        path = Path(self._tmp.name) / name
        path.write_bytes(content)
        return path

    # -- Excel
    def preview_sheet(self) -> bool:
        self.sheet_notice.clear()
        self.sheet_lines.value = ""
        self.sheet_confirm.disabled = True
        self.preview = None
        path = self._save_upload(self.sheet_upload)
        if path is None:
            self.sheet_notice.error("请先点击“选择表格文件”选择要导入的文件。")
            return False
        try:
            preview = sheets.read_and_diff(
                self.session.store,
                self.kind.value,
                path,
                session=self.sheet_session.value.strip() or None,
                year=self.sheet_year.value.strip() or None,
            )
        except WorkbenchError as exc:
            self.sheet_notice.error(str(exc))
            return False
        self.preview = preview
        self.sheet_lines.value = _pre(preview.lines())
        if preview.fatal:
            self.sheet_notice.error("该文件无法导入，请按上面的说明修改后重新选择。")
            return False
        if not preview.new and not preview.changed:
            self.sheet_notice.info("文件内容与库中一致，没有需要导入的修改。")
            return False
        self.sheet_confirm.disabled = False
        if preview.problems:
            self.sheet_notice.error("表格中有问题（见上）。可修改后重新选择文件；或勾选“只导入没有问题的行”后确认导入。")
        else:
            self.sheet_notice.info("请核对上面列出的改动，无误后点击“确认导入”。")
        return True

    def confirm_sheet(self) -> bool:
        if self.preview is None:
            self.sheet_notice.error("请先预览改动。")
            return False
        try:
            # A 更正 begun on the 会议 page covers an import too: its reason goes into the history.
            result = sheets.apply(
                self.session.store,
                self.preview,
                valid_only=self.valid_only.value,
                actor=self.session.actor,
                correction=self.session.correction,
            )
        except SheetError as exc:
            self.sheet_notice.error(str(exc))
            return False
        except WorkbenchError as exc:  # a colleague changed a record after the preview: preview again
            self.sheet_notice.error(f"{exc}请重新点击“预览改动”。")
            self.sheet_confirm.disabled = True
            return False
        kind = self.preview.kind
        self.preview = None
        self.sheet_confirm.disabled = True
        self.sheet_notice.ok("\n".join(result.lines()))
        # The other tabs show the new and changed rows now, not at the next restart.
        tables = {kind.table} | ({"progress_note"} if kind.table == "plan_item" else set())
        self.session.data_changed(tables, "import", source=self)
        return True

    # -- work plan
    def _year(self) -> int | None:
        text = self.plan_year.value.strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(f"年度“{text}”不正确，应写作 2026 这样的四位年份。")
        return int(text)

    def preview_plan(self) -> bool:
        """Parse the chosen file or the pasted text and show its outline rows for correction."""
        self.plan_notice.clear()
        self.plan_outline.value = ""
        self.plan_confirm.disabled = True
        self.plan_rows.clear()
        path = self._save_upload(self.plan_upload)
        text = self.plan_text.value.strip()
        try:
            if path is not None:
                found = plans.parse_file(path)
            elif text:
                found = plans.parse_text(text)
            else:
                self.plan_notice.error("请先选择工作要点文件，或在下框中粘贴全文。")
                return False
        except WorkbenchError as exc:
            self.plan_notice.error(str(exc))
            return False
        self.plan_rows.load(found, path.name if path is not None else PASTED)
        return self.check_outline()

    def check_outline(self) -> bool:
        """Read the rows as they now stand and show the parts and items they give, with a dry run."""
        self.plan_confirm.disabled = True
        outline = self.plan_rows.outline
        if outline is None:
            return False
        try:
            found = outline.plans()
            dry = plans.import_plan(self.session.store, found, year=self._year(), dry_run=True)
        except WorkbenchError as exc:
            self.plan_outline.value = ""
            self.plan_notice.error(f"{exc}\n改正后，下方的识别结果会随即更新。")
            return False
        self.plan_outline.value = outline_html(found) + _pre(dry.lines)
        self.plan_confirm.disabled = False
        self.plan_notice.info("请逐行核对识别出的部分和条目，需要时在上面改正，无误后点击“按修改后的大纲导入”。")
        return True

    def _outline_refused(self, message: str) -> None:
        # A correction that cannot be made changes nothing: the preview below still holds.
        self.plan_notice.error(message)

    def confirm_plan(self) -> bool:
        outline = self.plan_rows.outline
        if outline is None:
            self.plan_notice.error("请先预览提纲。")
            return False
        try:
            found = outline.plans()
            report = plans.import_plan(self.session.store, found, year=self._year(), actor=self.session.actor)
        except WorkbenchError as exc:
            self.plan_notice.error(str(exc))
            return False
        self.plan_rows.clear()
        self.plan_confirm.disabled = True
        self.plan_notice.ok(report.text())
        self.session.data_changed({"work_plan", "plan_section", "plan_item"}, "import", source=self)
        return True
