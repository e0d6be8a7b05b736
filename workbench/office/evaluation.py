"""The 常委's rating (测评) of the departments that briefed a meeting: ballot, tally sheet, import, store.

For each briefing topic of the meeting (one row per department and topic) the 常委 present tick one
level (满意 / 基本满意 / 不满意 by default; `rating_level` in labels.toml). The ballot is an
anonymous printable .docx; the tally sheet is an .xlsx with one row per ballot (票号 1…N, N = the
常委 present, or all 常委 while attendance is not recorded) and one column per topic, where the
office keys in each ballot as it is read. Importing it counts, per topic, each level, abstentions
(no mark) and invalid ballots (marked 无效: several ticks); it refuses the whole file, naming the
row and column, if any cell is not a level, and refuses a tally with more ballots returned than
handed out (the vote is void). Re-importing replaces the counts. The rates are `figures.rating_rates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from workbench.base import config
from workbench.base.errors import LabelError, SheetError
from workbench.office import figures, meetings
from workbench.office.meetings import MeetingInfo
from workbench.store import Store, schema
from workbench.store.rows import Rating, RatingVote

INVALID = "无效"
ABSTAIN_WORDS = ("", "弃权")
SHEET_TITLE = "测评票录入"


@dataclass(frozen=True)
class Subject:
    position: int
    department: str
    subject: str
    briefing_topic_id: int | None

    @property
    def header(self) -> str:
        return f"{self.position}. {self.department}：{self.subject}"


def subjects(store: Store, meeting: MeetingInfo) -> list[Subject]:
    """What the 常委 rate at this meeting: each briefing topic with its reporting department."""
    out: list[Subject] = []
    for topic in figures.briefing_topics(store, meeting.id):
        department = topic.reporting_body or "（未填通报单位）"
        out.append(Subject(len(out) + 1, department, topic.topic, topic.id))
    return out


def ballots_to_hand_out(store: Store, meeting: MeetingInfo) -> int:
    summary = figures.attendance_summary(store, meeting.id)
    return summary.present if summary.present else summary.expected


def tally_workbook(meeting: MeetingInfo, items: list[Subject], handed_out: int) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    levels = config.labels()["rating_level"].labels
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(["会议", meeting.short_title, "发出票数", handed_out])
    ws.append(["票号"] + [s.header for s in items])
    for n in range(1, handed_out + 1):
        ws.append([n])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[2].height = 60
    ws.column_dimensions["A"].width = 8
    for i in range(len(items)):
        ws.column_dimensions[get_column_letter(i + 2)].width = 24
    ws.freeze_panes = "B3"
    choices = '"' + ",".join([*levels, INVALID]) + '"'
    dv = DataValidation(
        type="list",
        formula1=choices,
        allow_blank=True,
        error=f"请填写{'、'.join(levels)}或{INVALID}；未划的票留空（弃权）。",
        errorTitle="等次有误",
    )
    ws.add_data_validation(dv)
    dv.add(f"B3:{get_column_letter(len(items) + 1)}{handed_out + 2 + 50}")
    notes = wb.create_sheet("填写说明")
    for line in (
        f"{meeting.title}情况通报满意度测评：每张测评票录入一行。",
        f"每格填写该票对该事项所划的等次：{'、'.join(levels)}；未划的留空（计为弃权）；划两项及以上的填“{INVALID}”。",
        "未收回的测评票，请删去该行的票号。第1行的会议和发出票数请勿改动。",
        "录入完成后运行：python -m workbench import 测评 本文件",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class Tally:
    meeting: MeetingInfo
    handed_out: int
    returned: int
    counts: dict[Subject, dict[str, int]] = field(default_factory=dict)  # level code → votes
    abstained: dict[Subject, int] = field(default_factory=dict)
    invalid: dict[Subject, int] = field(default_factory=dict)


def read_tally(store: Store, path: str | Path) -> Tally:
    """Read a keyed-in tally sheet; any problem raises a SheetError naming the file, row and column."""
    from openpyxl import load_workbook

    path = Path(path)
    name = path.name
    if not path.exists():
        raise SheetError(f"文件“{path}”不存在。")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise SheetError(f"“{name}”不是可读取的 .xlsx 文件。请用“evaluation form”生成的测评票录入表。") from None
    if SHEET_TITLE not in wb.sheetnames:
        raise SheetError(f"“{name}”中没有“{SHEET_TITLE}”工作表。请用“evaluation form”生成的测评票录入表。")
    rows = [list(r) for r in wb[SHEET_TITLE].iter_rows(values_only=True)]
    wb.close()
    if len(rows) < 2 or str(rows[0][0] or "").strip() != "会议":
        raise SheetError(f"“{name}”第1行应为“会议、会议简称、发出票数、票数”，未导入。")
    meeting = meetings.resolve(store, str(rows[0][1] or "").strip())
    try:
        handed_out = int(rows[0][3])
    except (TypeError, ValueError, IndexError):
        raise SheetError(f"“{name}”第1行第4列（发出票数）应为整数，现为“{rows[0][3] if len(rows[0]) > 3 else ''}”。") from None
    by_header = {s.header: s for s in subjects(store, meeting)}
    headers = [str(h or "").strip() for h in rows[1][1:]]
    columns: list[Subject | None] = []
    for col, header in enumerate(headers, start=2):
        if not header:
            columns.append(None)
            continue
        if header not in by_header:
            raise SheetError(
                f"“{name}”第2行第{col}列“{header}”不是{meeting.short_title}的测评事项。"
                f"可测评的事项：{'；'.join(by_header) or '（无）'}。"
            )
        columns.append(by_header[header])
    level_set = config.labels()["rating_level"]
    tally = Tally(meeting, handed_out, 0)
    for s in columns:
        if s is not None:
            tally.counts[s] = {code: 0 for code in level_set.codes}
            tally.abstained[s] = tally.invalid[s] = 0
    problems = []
    for r, row in enumerate(rows[2:], start=3):
        ballot = row[0] if row else None
        if ballot is None or str(ballot).strip() == "":
            if any(str(v or "").strip() for v in row[1:]):
                problems.append(f"第{r}行没有票号却填了等次（未收回的票请整行清空）")
            continue
        tally.returned += 1
        for col, (s, value) in enumerate(zip(columns, row[1:]), start=2):
            if s is None:
                continue
            text = str(value or "").strip()
            if text in ABSTAIN_WORDS:
                tally.abstained[s] += 1
            elif text == INVALID:
                tally.invalid[s] += 1
            else:
                try:
                    tally.counts[s][level_set.code(text) or ""] += 1
                except LabelError:
                    problems.append(
                        f"第{r}行第{col}列“{text}”不是测评等次（可填：{'、'.join(level_set.labels)}、{INVALID}，或留空表示弃权）"
                    )
    if problems:
        raise SheetError(f"“{name}”有 {len(problems)} 处问题，未导入任何数据：\n" + "\n".join(problems[:30]))
    if tally.returned > handed_out:
        raise SheetError(f"“{name}”收回 {tally.returned} 张票，多于发出的 {handed_out} 张，按规定本次测评无效，未导入。")
    return tally


def store_tally(store: Store, tally: Tally, *, actor: str | None = None) -> int:
    """Write the counts in one transaction, replacing earlier counts of the same topics; return topics stored."""
    rt, rv = schema.rating, schema.rating_vote
    with store.writer(actor) as w:
        for s, counts in tally.counts.items():
            values = {
                "position": s.position,
                "briefing_topic_id": s.briefing_topic_id,
                "ballots_handed_out": tally.handed_out,
                "ballots_returned": tally.returned,
                "abstained": tally.abstained[s],
                "invalid": tally.invalid[s],
            }
            found = (
                w.conn.execute(
                    select(rt).where(
                        rt.c.meeting_id == tally.meeting.id, rt.c.department == s.department, rt.c.subject == s.subject
                    )
                )
                .mappings()
                .first()
            )
            row = Rating.from_row(found) if found else None
            if row is None:
                rating_id = w.insert(
                    rt, {"meeting_id": tally.meeting.id, "department": s.department, "subject": s.subject, **values}
                )
            else:
                rating_id = row.id
                w.update(rt, rating_id, values, expected_version=row.version)
            stored = {
                v.level: v
                for v in map(RatingVote.from_row, w.conn.execute(select(rv).where(rv.c.rating_id == rating_id)).mappings())
            }
            for level, votes in counts.items():
                if level in stored:
                    w.update(rv, stored[level].id, {"votes": votes}, expected_version=stored[level].version)
                else:
                    w.insert(rv, {"rating_id": rating_id, "level": level, "votes": votes})
    return len(tally.counts)


def import_tally(store: Store, path: str | Path, *, actor: str | None = None) -> list[str]:
    """Read, store and describe the result in Chinese lines."""
    tally = read_tally(store, path)
    store_tally(store, tally, actor=actor)
    lines = [f"已导入{tally.meeting.short_title}测评结果：发出 {tally.handed_out} 张，收回 {tally.returned} 张。"]
    for rate in figures.rating_rates(store, meeting_id=tally.meeting.id):
        lines.append(rate.line())
    return lines
