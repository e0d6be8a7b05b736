"""催办函: one letter per department with supervision items past their deadline or filed proposals past their
handling period without a reply (as of a date, by `figures`), listing exactly those."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workbench.base import config
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Column, Letter, Table
from workbench.drafts.letters import Drafts
from workbench.office import figures
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import Office
from workbench.store import Store
from workbench.store.rows import Proposal

# Every proposal listed is unreplied (the lead sentence says so): no status column, so 案由 keeps its room.
PROPOSAL_COLUMNS = [
    Column("案号", 18, "center"),
    Column("案由", 66),
    Column("交办日期", 28, "center"),
    Column("办理期限", 28, "center"),
    Column("超期天数", 16, "center"),
]
SUPERVISION_COLUMNS = [
    Column("事项编号", 24, "center"),
    Column("监督事项", 66),
    Column("完成时限", 26, "center"),
    Column("超期天数", 14, "center"),
    Column("当前状态", 26, "center"),
]


@dataclass
class Overdue:
    """What one department has overdue as of a date: the rows a 催办函 lists."""

    department: str
    proposals: list[tuple[Proposal, date | None]] = field(default_factory=list)  # with each one's due date
    supervision: list[figures.SupervisionState] = field(default_factory=list)


def overdue_by_department(store: Store, as_of: date) -> list[Overdue]:
    found: dict[str, Overdue] = {}
    pf = figures.proposal_figures(store, as_of)
    for p in pf.overdue:
        if p.lead_unit:
            found.setdefault(p.lead_unit, Overdue(p.lead_unit)).proposals.append((p, pf.due[p.id]))
    for s in figures.supervision_items(store, as_of):
        if s.overdue:
            dept = s.item.department
            found.setdefault(dept, Overdue(dept)).supervision.append(s)
    return [found[k] for k in sorted(found)]


def letters(
    store: Store, meeting: MeetingInfo, sender: Office, *, issued_on: date, as_of: date, numbers: dict[tuple[str, str], str]
) -> Drafts:
    drafts = Drafts()
    labels = config.labels()
    months = labels.rule("proposal_due_months")
    for o in overdue_by_department(store, as_of):
        paragraphs: list[str] = []
        tables: list[tuple[str, Table]] = []
        if o.proposals:
            rows = [
                [
                    f"第{p.case_no}号",
                    p.title,
                    chinese_date(p.assigned_on),
                    chinese_date(due),
                    str(figures.days_overdue(due, as_of)),
                ]
                for p, due in o.proposals
            ]
            tables.append(
                (
                    f"根据县政协提案办理工作有关规定，提案应在交办之日起{months}个月内办理完毕并书面答复提案人。"
                    f"截至{chinese_date(as_of)}，贵单位主办的下列{len(rows)}件提案已超过办理期限，尚未书面答复：",
                    Table(columns=PROPOSAL_COLUMNS, rows=rows),
                )
            )
        if o.supervision:
            rows = [
                [
                    s.item.code,
                    s.item.topic,
                    chinese_date(s.item.deadline),
                    str(s.days_overdue),
                    labels["supervision_status"].label(s.item.status),
                ]
                for s in o.supervision
            ]
            lead = f"截至{chinese_date(as_of)}，县政协民主监督中由贵单位负责的下列{len(rows)}项监督事项已超过完成时限，尚未办结："
            tables.append((("另，" if o.proposals else "") + lead, Table(columns=SUPERVISION_COLUMNS, rows=rows)))
        requests = []
        if o.proposals:
            requests.append(
                "请抓紧办理上述提案，尽快书面答复提案人，并将答复件和提案人的征询意见表"
                "抄送县政协提案委员会；确因客观原因暂时无法办结的，请书面说明原因和办理进展。"
            )
        if o.supervision:
            requests.append("请加快推进上述监督事项的落实，并将办理进展和结果书面反馈县政协办公室。")
        after = [f"{'一二'[i]}、{r}" if len(requests) > 1 else r for i, r in enumerate(requests)]
        after.append("办理情况将在县政协常委会议上通报，并作为年度考核的参考。")
        drafts.letters.append(
            Letter(
                kind="urge",
                sender=sender.name,
                number="",
                title=(
                    "关于督促办理逾期提案和民主监督事项的函"
                    if o.proposals and o.supervision
                    else "关于督促办理逾期提案的函"
                    if o.proposals
                    else "关于督促办理逾期民主监督事项的函"
                ),
                recipient=o.department,
                paragraphs=paragraphs,
                tables=tables,
                after_table=after,
                contact=sender.contact,
            )
        )
    return drafts
