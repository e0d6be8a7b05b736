"""Publishing a meeting's packet: assemble → check → write → snapshot, the one path from store to files.

Both the CLI (`packet export`, `packet check`, `start`) and the editor's export tab call these,
so a packet is checked, written and frozen the same way wherever it is exported. `packet`
assembles and checks without knowing Word; `documents` writes without knowing the store;
only this module knows both. The write is a single call (`_write`), so a later step that
replaces the output folder whole can wrap it.

The snapshot is recorded only after every file was written, so a failed export (a file
already there, a broken template) leaves no trace that the next meeting would compare against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.base.errors import StoreError
from workbench.drafts.blocks import Packet
from workbench.office.meetings import MeetingInfo, resolve
from workbench.packet import snapshot
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
    store: Store, meeting_ref: MeetingInfo | str | int, *, rules: PacketRules | None = None, packet: Packet | None = None
) -> CheckResult:
    """The pre-export check of a meeting's packet (`packet` is an edited one, else assembled)."""
    meeting = meeting_ref if isinstance(meeting_ref, MeetingInfo) else resolve(store, meeting_ref)
    packet = packet or assemble(store, meeting, rules)
    return CheckResult(meeting, packet, check(store, meeting, packet))


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
) -> ExportResult:
    """Write the packet of a meeting into `out_dir` whatever the check found; the findings go with the snapshot."""
    checked = check_packet(store, meeting_ref, rules=rules, packet=packet)
    meeting, packet = checked.meeting, checked.packet
    data = snapshot.build(store, packet, checked.findings)
    written = _write(packet, Path(out_dir), pdf=pdf, force=force)
    files = [Path(f) for f in written.files]
    notices = list(written.notices)
    try:
        snapshot_id = snapshot.record(store, meeting.id, data, [f.name for f in files], actor=actor)
    except StoreError as exc:  # the files are written; only the record of them could not be kept
        notices.append(
            f"会议材料已全部导出，但本次材料的数据快照未能保存（{exc}）。下次会议的“变化情况”"
            "将与更早一次导出相比；数据库恢复可写后重新导出即可补存。"
        )
        snapshot_id = None
    return ExportResult(packet, files, notices, snapshot_id, checked.findings)
