"""File properties of every exported .docx read back from the zip: the office and the export time,
nothing left over from python-docx's default template (its 2013 dates, "Microsoft Macintosh Word",
the word count and the thumbnail of a blank page that Explorer and WPS show as the preview); and the
notice's 署名 and 成文日期 on one page."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta

import docx
import pytest

from helpers.documents_sample import sample_packet
from helpers.processes import require_programs
from workbench.documents import write_packet
from workbench.documents.pdf import convert_to_pdf, page_texts
from workbench.documents.standalone import render
from workbench.drafts.blocks import Paragraph, Signature, StandaloneDocument

LEFTOVERS = ("python-docx", "Macintosh", "Normal.dotm", "2013-12-23")


def _assert_clean(data: bytes | str, office: str, before: datetime, after: datetime, name: str) -> None:
    with zipfile.ZipFile(data) as z:
        names = z.namelist()
        assert not [n for n in names if "thumbnail" in n.lower()], (name, names)
        content_types = z.read("[Content_Types].xml").decode("utf-8")
        props = {n: z.read(n).decode("utf-8") for n in names if n.startswith("docProps/")}
    assert "thumbnail" not in content_types.lower(), name
    assert set(props) == {"docProps/core.xml", "docProps/app.xml"}, (name, sorted(props))
    for part, xml in props.items():
        for word in LEFTOVERS:
            assert word not in xml, (name, part, word)
    assert f"<Company>{office}</Company>" in props["docProps/app.xml"], name
    core = docx.Document(data).core_properties
    assert core.author == office and core.last_modified_by == office, name
    for moment in (core.created, core.modified):
        moment = moment.replace(tzinfo=UTC)
        assert before - timedelta(seconds=2) <= moment <= after + timedelta(seconds=2), (name, moment)


def test_packet_files_carry_no_python_docx_leftovers(tmp_path):
    packet = sample_packet()
    packet.generated_at = datetime.now(UTC)
    result = write_packet(packet, tmp_path, layout=False)
    assert len(result.files) >= 3
    for path in result.files:
        _assert_clean(str(path), packet.office, packet.generated_at, packet.generated_at, path.name)


def test_standalone_document_has_the_export_time_and_the_office(tmp_path):
    office = "政协白河县委员会办公室"
    before = datetime.now(UTC)
    data, _ = render(
        StandaloneDocument(
            title="筹备工作安排",
            blocks=[Paragraph("会前十个工作日发出会议通知。")],
            signature=Signature(office, before.date()),
            author=office,
        )
    )
    after = datetime.now(UTC)
    path = tmp_path / "筹备工作安排.docx"
    path.write_bytes(data)
    _assert_clean(str(path), office, before, after, path.name)


@pytest.mark.libreoffice
def test_notice_signature_and_date_stay_on_one_page(tmp_path):
    """The sample notice ends where its 署名 fell at the foot of page 1 and the date alone on page 2."""
    require_programs("soffice", "pdftotext")
    packet = sample_packet()
    packet.documents = [d for d in packet.documents if d.key == "notice"]
    result = write_packet(packet, tmp_path / "out", layout=False)
    notice = next(p for p in result.files if "会议材料" not in p.name)
    pages = [t.replace(" ", "") for t in page_texts(convert_to_pdf(notice, tmp_path / "notice.pdf"))]
    signed = [i for i, t in enumerate(pages) if packet.office in t]
    dated = [i for i, t in enumerate(pages) if "2026年12月10日" in t]
    assert len(pages) == 2 and signed == dated == [1], (signed, dated)
    # the page that carries the signature also carries the last line of text
    assert "联系人" in pages[1]
