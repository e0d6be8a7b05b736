"""Exporting a meeting's packet: assemble → write Word (and PDF) → record the snapshot.

The snapshot is recorded only after every file was written, so a failed export
(a file already there, a broken template) leaves no trace that the next
meeting would compare against.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..meetings import MeetingInfo, resolve
from ..store import Store
from . import snapshot
from .assemble import as_of_date, assemble
from .model import Packet
from .rules import PacketRules


@dataclass
class ExportResult:
    packet: Packet
    files: list[Path]
    notices: list[str] = field(default_factory=list)   # Chinese: what the writer changed or could not do
    snapshot_id: int | None = None


def _files_and_notices(written) -> tuple[list[Path], list[str]]:
    """Accept what `documents.write_packet` returns: an object with `files`/`notices`, or a pair."""
    if isinstance(written, tuple) and len(written) == 2:
        files, notices = written
    else:
        files, notices = getattr(written, "files"), getattr(written, "notices", [])
    return [Path(f) for f in files], [str(n) for n in notices]


def export_packet(store: Store, meeting_ref: MeetingInfo | str | int, out_dir: str | Path, *, pdf: bool = False,
                  force: bool = False, rules: PacketRules | None = None, packet: Packet | None = None,
                  actor: str | None = None) -> ExportResult:
    """Write the packet of a meeting into `out_dir`; `packet` is an edited one from the editor, else assembled."""
    from ..documents import write_packet  # the Word side; imported here so assembly works without it

    meeting = meeting_ref if isinstance(meeting_ref, MeetingInfo) else resolve(store, meeting_ref)
    packet = packet or assemble(store, meeting, rules)
    data = snapshot.collect(store, as_of_date(meeting))
    data["figures"] = packet.figures
    data["documents"] = [{"key": d.key, "title": d.title, "included": d.included} for d in packet.documents]
    files, notices = _files_and_notices(write_packet(packet, Path(out_dir), pdf=pdf, force=force))
    snapshot_id = snapshot.record(store, meeting.id, data, [f.name for f in files], actor=actor)
    return ExportResult(packet, files, notices, snapshot_id)
