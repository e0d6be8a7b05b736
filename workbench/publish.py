"""Publishing: the one path from the store to files, for the packet and for every other document kind.

The packet: assemble → check → write → snapshot (`check_packet`, `export_packet`). Every other kind
(筹备工作安排, 函件, 测评表, 纪要, 总结 — `drafts.kinds.DOCUMENTS`): draft → render → write (`publish`).
The CLI, the editor and the bench call these and never `workbench.documents` themselves, so a document
is checked, written and (for the packet) frozen the same way wherever it is made. `packet`
assembles and checks without knowing Word; `documents` writes without knowing the store;
only this module knows both. The write is a single call (`_write`), so a later step that
replaces the output folder whole can wrap it.

The snapshot is recorded only after every file was written, so a failed export (a file
already there, a broken template) leaves no trace that the next meeting would compare against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workbench.base import config
from workbench.base.errors import StoreError
from workbench.base.progress import Progress, running, step
from workbench.drafts import kinds
from workbench.drafts.blocks import Packet, Part
from workbench.drafts.kinds import Drafted, Kind, Request
from workbench.office.meetings import MeetingInfo, resolve
from workbench.packet import provenance, readback, snapshot, text_overrides
from workbench.packet.assemble import assemble
from workbench.packet.check import Finding, check
from workbench.packet.rules import PacketRules
from workbench.store import Store


@dataclass
class CheckResult:
    meeting: MeetingInfo
    packet: Packet
    findings: list[Finding]

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]


@dataclass
class ExportResult:
    packet: Packet
    files: list[Path]
    notices: list[str] = field(default_factory=list)  # Chinese: what the writer changed or could not do
    snapshot_id: int | None = None
    findings: list[Finding] = field(default_factory=list)


def check_packet(
    store: Store,
    meeting_ref: MeetingInfo | str | int,
    *,
    rules: PacketRules | None = None,
    packet: Packet | None = None,
    today: date | None = None,
) -> CheckResult:
    """The pre-export check of a meeting's packet (`packet` is an edited one, else assembled as of `today`)."""
    with store.one_read():
        meeting = meeting_ref if isinstance(meeting_ref, MeetingInfo) else resolve(store, meeting_ref)
        packet = packet or assemble(store, meeting, rules, today=today)
        findings = check(store, meeting, packet)
    return CheckResult(meeting, packet, findings + _contents_finding(packet))


def _contents_finding(packet: Packet) -> list[Finding]:
    """Said when the export cannot number the contents itself (no LibreOffice, a table too long to lay out);
    not when the office switched the layout off on purpose."""
    from workbench.documents import layout
    from workbench.documents.writer import table_rows

    if config.setting("page_layout") == "off":
        return []
    body = [d for d in packet.documents if d.included and d.key != Part.COVER]
    why = layout.reason([table_rows(d) for d in body], layout=True) if body else None
    if why is None:
        return []
    return [
        Finding(
            "contents_unnumbered",
            "会议材料合订本的目录",
            f"导出时不能排定目录页码：{why}",
            "导出后用 Word 或 WPS 打开合订本，按提示更新域（或在目录上右键选“更新域”）即填入页码；导出 PDF 时页码由排版得出",
        )
    ]


def _write(packet: Packet, out_dir: Path, *, pdf: bool, force: bool):
    """Word (and PDF) files of the packet into `out_dir`: the one write step."""
    from workbench.documents import write_packet  # the Word side; imported here so checking works without it

    return write_packet(packet, out_dir, pdf=pdf, force=force)


def export_packet(
    store: Store,
    meeting_ref: MeetingInfo | str | int,
    out_dir: str | Path,
    *,
    pdf: bool = False,
    force: bool = False,
    rules: PacketRules | None = None,
    packet: Packet | None = None,
    actor: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the packet of a meeting into `out_dir` whatever the check found; the findings go with the snapshot.
    `today` is the export day the packet's 截至 follows (`office.preparation`), by default the real one.
    `progress` hears each step and can cancel the export (`CancelledError`) until its files are in place;
    a cancelled export writes no file and no snapshot."""
    with running(progress):
        step("正在检查材料……")
        # One read: the figures printed, the check and the records frozen beside them are the store of one moment.
        with store.one_read():
            checked = check_packet(store, meeting_ref, rules=rules, packet=packet, today=today)
            meeting, packet = checked.meeting, checked.packet
            data = snapshot.build(store, packet, checked.findings)
            printed = provenance.assign(packet)
            text_overrides.attach(store, packet)
        written = _write(packet, Path(out_dir), pdf=pdf, force=force)
        step("正在保存数据快照……", stoppable=False)  # the files are in place: the export is done
    files = [Path(f) for f in written.files]
    notices = list(written.notices)
    _note_printed(data, packet, printed, files)
    try:
        snapshot_id = snapshot.record(store, meeting.id, data, [f.name for f in files], actor=actor)
    except StoreError as exc:  # the files are written; only the record of them could not be kept
        notices.append(
            f"会议材料已全部导出，但本次材料的数据快照未能保存（{exc}）。下次会议的“变化情况”"
            "将与更早一次导出相比；数据库恢复可写后重新导出即可补存。"
        )
        snapshot_id = None
    return ExportResult(packet, files, notices, snapshot_id, checked.findings)


def _note_printed(data: dict, packet: Packet, printed: dict[str, dict], files: list[Path]) -> None:
    """Into the snapshot: the export's token, what each marked cell printed and each document's text outside
    them, read from the merged packet written, for reading the files back once edited (`packet.readback`)."""
    data["export_token"] = packet.export_token
    data["document_marks"] = {d.mark: d.key for d in packet.documents if d.mark}
    merged = next((f for f in files if f.suffix == ".docx"), None)
    text = readback.read_docx(merged) if merged else None
    for mark, entry in printed.items():
        found = text.marks.get(mark) if text else None
        entry["printed"] = found.accepted if found else entry["prefix"] + entry["value"]
    data["printed"] = printed
    paragraphs: dict[str, list[str]] = {}
    for mark, said in text.paragraphs if text else []:
        if mark in data["document_marks"]:
            paragraphs.setdefault(data["document_marks"][mark], []).append(said)
    data["paragraphs"] = paragraphs


# ---------------------------------------------------------------- every other kind


@dataclass
class Published:
    """What `publish` wrote: the files in the order drafted, the drafter's and the renderer's notices."""

    kind: Kind
    files: list[Path]
    drafted: Drafted
    notices: list[str] = field(default_factory=list)


def publish(
    store: Store, kind: str | Kind, out_dir: str | Path, request: Request | None = None, *, force: bool = False
) -> Published:
    """Draft a document kind outside the packet (`drafts.kinds.DOCUMENTS`) from the store and write its files.

    store → the kind's `draft(store, request)` → `documents.render` (each document or letter) →
    `documents.write_files` into `out_dir`: all files or, when one exists and `force` is not given,
    none (a Chinese `DocumentError` names them). `kind` is a key, Chinese name or alias
    (`drafts.kinds.find`). Drafting may write to the store (letters keep their 发文字号); rendering
    and writing never do.
    """
    from workbench import documents  # the Word side; imported here so drafting works without it

    kind = kind if isinstance(kind, Kind) else kinds.find(kind)
    drafted = kinds.drafter(kind.key).draft(store, request or Request())
    out_dir = Path(out_dir)
    contents: list[tuple[Path, bytes]] = []
    notices = list(drafted.notices)
    for output in drafted.outputs:
        if isinstance(output.content, bytes):
            data = output.content
        else:
            data, cleaned = documents.render(output.content)
            notices += cleaned
        contents.append((out_dir / output.file_name, data))
    files = documents.write_files(contents, force=force)
    return Published(kind, files, drafted, notices)


# ---------------------------------------------------------------- the renderer's inputs, for the command line


def template_problems(path: Path) -> list:
    """What is wrong with an office's edited template (`template check`): each with a Chinese `message`."""
    from workbench.documents.templates import check_template

    return check_template(path)


def template_fields(path: Path) -> dict[str, str]:
    """The variables the template at `path` may use (by the template it copies), each with its meaning."""
    from workbench.documents.context import COMMON_FIELDS, TEMPLATE_FIELDS, template_kind
    from workbench.documents.templates import used_variables

    kind = template_kind(path.name, used_variables(path))
    return {**COMMON_FIELDS, **TEMPLATE_FIELDS.get(kind or "", {})}


def add_template_styles(path: Path) -> list[str]:
    """Add the styles a template lacks (`template update`); the names added."""
    from workbench.documents.templates import add_missing_styles

    return add_missing_styles(path)


def can_make_pdf() -> bool:
    """Whether LibreOffice is here to turn the Word files into PDF."""
    from workbench.documents.pdf import soffice

    return soffice() is not None
