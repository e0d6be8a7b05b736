"""The full list of filed proposals as the proposals document's 附件 (issue 15, "tables that fit").

With the rule 提案办理情况表=all_filed, section 五 of 提案办理情况 still lists only the open or overdue
proposals the 常委 need; the year's filed proposals come as an appendix laid out as GB/T 9704 lays out
attachments: 附件说明 under the body, then on a new landscape page "附件" (黑体) top left, the title
centred, the table. Checked through the CLI a secretary runs, on the files read back and on the pages
LibreOffice renders; the default rule gives no appendix.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import docx
import pytest
from sqlalchemy import select
from sqlalchemy import text as sql_text
from test_packet_print import DATE_OR_CASE, _check_contents, _text_mm

from helpers.documents_sample import W, resolved_run_format, text_of
from helpers.paths import ROOT
from helpers.processes import require_programs
from workbench.drafts.blocks import PacketFigures, Table
from workbench.packet.assemble import assemble
from workbench.packet.rules import PacketRules
from workbench.store import Store, schema

RULE = "提案办理情况表=all_filed"
TITLE = "2026年全部立案提案办理情况一览表"
CASE_NO = re.compile(r"第 *(\d{3}) *号")  # spaces only: a case number split over two lines does not match
DATE = re.compile(r"(?:\d{4} *年 *)?\d{1,2} *月 *\d{1,2} *日")


def filed_case_nos(store) -> list[int]:
    """The year's filed proposals, read from the store with plain SQL: 立案 as recorded, or, where no review
    result is recorded, every proposal not marked 未立案."""
    with store.engine.connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                sql_text(
                    "SELECT case_no FROM proposal WHERE year = 2026 AND (review_result = 'filed' OR "
                    "((review_result IS NULL OR review_result = '') AND status IS NOT 'not_filed')) ORDER BY case_no"
                )
            )
        ]


# ---------------------------------------------------------------- assembly


def test_the_rule_keeps_the_body_to_open_or_overdue_and_lists_every_filed_one_in_the_appendix(demo_store):
    # A list that records no review result counts as filed (figures.is_filed): the appendix follows it.
    with demo_store.engine.begin() as conn:
        conn.execute(
            sql_text(
                "UPDATE proposal SET review_result = NULL WHERE year = 2026 AND case_no = "
                "(SELECT MIN(case_no) FROM proposal WHERE year = 2026 AND review_result = 'filed')"
            )
        )
    default = assemble(demo_store, "next")
    full = assemble(demo_store, "next", PacketRules(proposal_table="all_filed"))
    filed = filed_case_nos(demo_store)
    figures = full.figures.proposals
    assert len(filed) == figures.filed > len(figures.table_case_nos) > 0
    # The body: the same open or overdue proposals as by default.
    assert figures.table_case_nos == default.figures.proposals.table_case_nos
    assert default.figures.proposals.appendix_case_nos is None and not default.document("proposals").appendices
    # The appendix: every filed proposal of the year, in case-number order, overdue ones marked.
    [appendix] = full.document("proposals").appendices
    assert appendix.title == TITLE
    [table] = [b for b in appendix.blocks if isinstance(b, Table)]
    assert figures.appendix_case_nos == filed
    assert [row[0] for row in table.rows] == [f"第{n:03d}号" for n in filed]
    assert table.landscape
    assert {table.rows[i][0] for i in table.marked_rows} == {f"第{n:03d}号" for n in figures.overdue_case_nos}
    assert full.document("proposals").rule == "提案办理情况表列出尚未办结或逾期的提案，全部立案提案办理情况另列为附件。"


# ---------------------------------------------------------------- the CLI, files read back


def _export(data_file: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m workbench packet export --meeting next ARGS` on a private copy of the demo store."""
    data = out.parent / f"{out.name}_data"
    data.mkdir()
    shutil.copy(data_file, data / "workbench.sqlite")
    env = {k: v for k, v in os.environ.items() if k not in ("WORKBENCH_DB_URL", "WORKBENCH_LABELS")}
    env.update(
        WORKBENCH_DATA_DIR=str(data), WORKBENCH_OUTPUT_DIR=str(out), WORKBENCH_USER="测试秘书", WORKBENCH_PAGE_LAYOUT="off"
    )
    return subprocess.run(
        [sys.executable, "-m", "workbench", "packet", "export", "--meeting", "next", "--out", str(out), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _proposals_file(out: Path) -> Path:
    return next(out.glob("*_关于2026年提案办理情况的报告.docx"))


def _body(path: Path) -> list:
    return list(docx.Document(str(path)).element.body)


def _is_label(p) -> bool:
    return p.tag == W + "p" and text_of(p) == "附件"


def test_cli_export_with_the_rule_writes_the_appendix_after_the_body(_demo_db_file, tmp_path):
    out = tmp_path / "材料"
    r = _export(_demo_db_file, out, "--rule", RULE)
    assert r.returncode == 0, r.stderr
    with Store.open(f"sqlite:///{out.parent / '材料_data' / 'workbench.sqlite'}") as store:
        filed = filed_case_nos(store)
        with store.engine.connect() as conn:
            [row] = conn.execute(select(schema.packet_snapshot)).mappings().all()
    snapshot = json.loads(row["data"])
    figures = PacketFigures.from_json(snapshot["figures"]).proposals
    assert snapshot["figures"]["rules"]["proposal_table"] == "all_filed"
    assert figures.appendix_case_nos == filed

    for path in (_proposals_file(out), next(out.glob("*_会议材料.docx"))):
        document = docx.Document(str(path))
        body = list(document.element.body)
        texts = [text_of(e) for e in body]
        label_at = next(i for i, e in enumerate(body) if _is_label(e))
        # Body: section 五 holds the open or overdue proposals only; the 附件说明 under the body's last table.
        five, six = texts.index("五、未办结及逾期提案"), texts.index("六、按主办单位统计")
        body_cases = [
            CASE_NO.fullmatch(text_of(tr.findall(W + "tc")[0]))
            for tbl in body[five:six]
            if tbl.tag == W + "tbl"
            for tr in tbl.findall(W + "tr")[1:]
        ]
        assert [int(m.group(1)) for m in body_cases] == figures.table_case_nos
        note = texts.index(f"附件：{TITLE}")
        assert six < note < label_at and not texts[note - 1].strip()
        assert not any(e.tag == W + "tbl" for e in body[note:label_at])
        # The appendix starts a new page (a section break ends the page before it), 附件 in 黑体 at the
        # top left, its title next in the title style but outside the contents' outline, then the table.
        assert body[label_at - 1].find(f"{W}pPr/{W}sectPr") is not None
        label = body[label_at]
        assert resolved_run_format(document, label, label.find(W + "r"))["east_asia"] == "黑体"
        assert label.find(f"{W}pPr/{W}jc").get(W + "val") == "left"
        title = body[label_at + 1]
        assert text_of(title) == TITLE and title.find(f"{W}pPr/{W}pStyle").get(W + "val") == "Title"
        assert title.find(f"{W}pPr/{W}outlineLvl").get(W + "val") == "9"
        table = next(e for e in body[label_at:] if e.tag == W + "tbl")
        rows = table.findall(W + "tr")
        assert [text_of(c) for c in rows[0].findall(W + "tc")][:2] == ["案号", "案由"]
        assert [int(CASE_NO.fullmatch(text_of(tr.findall(W + "tc")[0])).group(1)) for tr in rows[1:]] == filed
        # The appendix's page is landscape: the section holding the table is turned.
        holder = next(e for e in body[body.index(table) :] if e.tag == W + "sectPr" or e.find(f"{W}pPr/{W}sectPr") is not None)
        size = holder.find(f"{W}pgSz") if holder.tag == W + "sectPr" else holder.find(f"{W}pPr/{W}sectPr/{W}pgSz")
        assert size.get(W + "orient") == "landscape"
        # Case numbers and dates get columns wide enough not to wrap.
        widths = [int(c.get(W + "w")) for c in table.iter(W + "gridCol")]
        for tr in rows[1:]:
            for cell, width in zip(tr.findall(W + "tc"), widths):
                if DATE_OR_CASE.match(text_of(cell)):
                    assert _text_mm(text_of(cell)) + 3.8 <= width / 1440 * 25.4, text_of(cell)

    # The contents lists the documents, not the appendix.
    merged = docx.Document(str(next(out.glob("*_会议材料.docx"))))
    contents = [
        text_of(p)
        for p in merged.element.body.iter(W + "p")
        if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "TOC1"
    ]
    documents = [f for f in out.glob("*.docx") if re.search(r"_\d{2}_", f.name) and not f.name.endswith("_封面.docx")]
    assert len(contents) == len(documents) > 8 and not any("一览表" in c for c in contents)


def test_cli_export_by_default_has_no_appendix(_demo_db_file, tmp_path):
    out = tmp_path / "材料"
    r = _export(_demo_db_file, out)
    assert r.returncode == 0, r.stderr
    texts = [text_of(e) for e in _body(_proposals_file(out))]
    assert "附件" not in texts and not any(t.startswith("附件：") for t in texts)
    assert TITLE not in texts


def test_cli_names_an_unknown_rule_or_value_in_chinese(demo_store, cli):
    r = cli("packet", "show", "--rule", "提案表=all_filed")
    assert r.code == 1 and "材料规则“提案表”无法识别" in r.err and "提案办理情况表（proposal_table）" in r.err
    r = cli("packet", "export", "--rule", "提案办理情况表=everything")
    assert r.code == 1 and "材料规则“提案办理情况表”的取值“everything”无法识别" in r.err
    r = cli("packet", "show", "--rule", "proposal_table")
    assert r.code == 1 and "应写作“名称=取值”" in r.err
    r = cli("packet", "show", "--rule", RULE)
    assert r.code == 0 and f"附件：{TITLE}" in r.out and "全部立案提案办理情况另列为附件" in r.out


# ---------------------------------------------------------------- rendered by LibreOffice


@pytest.fixture(scope="module")
def rendered(_demo_db_file, tmp_path_factory):
    require_programs("soffice", "pdftotext", "pdfinfo", "pdftoppm")
    out = tmp_path_factory.mktemp("appendix") / "材料"
    r = _export(_demo_db_file, out, "--rule", RULE, "--pdf")
    assert r.returncode == 0, r.stderr
    pdf = next(out.glob("*_会议材料.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    with Store.open(f"sqlite:///{out.parent / '材料_data' / 'workbench.sqlite'}") as store:
        packet = assemble(store, "next", PacketRules(proposal_table="all_filed"))
    flat = ["".join(p.split()) for p in pages]
    start = next(i for i, p in enumerate(flat) if p.startswith("附件" + TITLE))
    # The appendix's further pages open with the repeated table header; the next document follows.
    end = next(i for i, p in enumerate(flat) if i > start and not p.startswith("案号案由"))
    return {
        "out": out,
        "pdf": pdf,
        "pages": pages,
        "flat": flat,
        "sizes": sizes,
        "start": start,
        "end": end,
        "figures": packet.figures.proposals,
        "packet": packet,
    }


def test_the_appendix_starts_a_landscape_page_and_lists_every_filed_proposal_unbroken(rendered, artifacts):
    pages, start, end, figures = rendered["pages"], rendered["start"], rendered["end"], rendered["figures"]
    width, height = rendered["sizes"][start]
    assert width > height
    # The page before ends the body with the 附件说明, then the report's 署名 and 成文日期 (GB/T 9704 §7.3.4-5).
    office = rendered["packet"].office
    assert re.search(
        rf"附件：{TITLE}{office}\d{{4}}年\d{{1,2}}月\d{{1,2}}日$",
        rendered["flat"][start - 1].replace("—", "").rstrip("0123456789"),
    )
    listed = [int(n) for page in pages[start:end] for n in CASE_NO.findall(page)]
    assert listed == figures.appendix_case_nos and len(listed) == figures.filed
    # Every date of the appendix's table (交办日期, 办理期限, 答复日期) on one line.
    merged = docx.Document(str(next(rendered["out"].glob("*_会议材料.docx"))))
    body = list(merged.element.body)
    label_at = next(i for i, e in enumerate(body) if _is_label(e))
    table = next(e for e in body[label_at:] if e.tag == W + "tbl")
    cells = sum(1 for tc in table.iter(W + "tc") if DATE.fullmatch(text_of(tc)))
    assert cells > 2 * figures.filed
    assert sum(len(DATE.findall(page)) for page in pages[start:end]) == cells
    # No last page holding a single row.
    assert len(CASE_NO.findall(pages[end - 1])) >= 2
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            str(start + 1),
            "-l",
            str(start + 1),
            "-singlefile",
            str(rendered["pdf"]),
            str(artifacts / "proposal_appendix_first_page"),
        ],
        check=True,
    )


def test_section_five_holds_only_the_open_or_overdue_proposals(rendered):
    flat, pages = rendered["flat"], rendered["pages"]
    five = next(i for i, p in enumerate(flat) if "五、未办结及逾期提案" in p)
    six = next(i for i, p in enumerate(flat) if "六、按主办单位统计" in p)
    listed = []
    for index in range(five, six + 1):
        page = pages[index]
        if index == five:
            page = page[page.index("五、") :]
        if index == six:
            page = page[: page.index("六、")]
        listed += [int(n) for n in CASE_NO.findall(page)]
    assert listed == rendered["figures"].table_case_nos
    assert len(listed) < rendered["figures"].filed


def test_contents_page_numbers_stay_right_with_the_appendix(rendered):
    class Result:
        files: ClassVar = [next(rendered["out"].glob("*_会议材料.docx"))]
        packet = rendered["packet"]

    _check_contents({"result": Result, "pdf": rendered["pdf"]})


# ---------------------------------------------------------------- the writer's contract, by hand


def test_the_attachment_note_goes_between_body_and_closing_and_several_appendices_are_numbered(tmp_path):
    from datetime import date, datetime

    from workbench.documents import write_packet
    from workbench.drafts.blocks import Appendix, Column, Packet, PacketDocument, Paragraph
    from workbench.packet.assemble import closing

    table = Table(columns=[Column("案号", 30), Column("案由", 120)], rows=[["第001号", "关于甲的建议"]])
    doc = PacketDocument(
        key="report",
        title="关于某项工作的报告",
        blocks=[Paragraph("正文。"), *closing("政协青岚县委员会办公室", date(2026, 12, 10))],
        appendices=[Appendix("甲情况表", [table]), Appendix("乙情况说明", [Paragraph("说明。")])],
    )
    packet = Packet(
        meeting_id=1,
        meeting_title="会议",
        meeting_short_title="十一届十八次常委会议",
        meeting_date=date(2026, 12, 17),
        office="政协青岚县委员会办公室",
        generated_at=datetime(2026, 12, 10, 9, 0),
        documents=[doc],
    )
    result = write_packet(packet, tmp_path, layout=False)
    body = _body(next(f for f in result.files if f.name.endswith("_关于某项工作的报告.docx")))
    texts = [text_of(e) for e in body]
    note = texts.index("附件：1. 甲情况表")
    assert texts[note - 2 : note] == ["正文。", ""]
    assert texts[note + 1 : note + 5] == ["2. 乙情况说明", "", "政协青岚县委员会办公室", "2026年12月10日"]
    # "2." under "1.": both lines share the left indent; the first hangs back by "附件：".
    first, second = (body[i].find(f"{W}pPr/{W}ind") for i in (note, note + 1))
    assert first.get(W + "leftChars") == second.get(W + "leftChars")
    assert int(first.get(W + "hangingChars")) - int(second.get(W + "hangingChars")) == 300
    # Each appendix on a new page, numbered 附件1, 附件2, its title next.
    for label, title in (("附件1", "甲情况表"), ("附件2", "乙情况说明")):
        at = texts.index(label)
        assert texts[at + 1] == title and body[at - 1].find(f"{W}pPr/{W}sectPr") is not None
