"""提案办理情况: the year's proposals, 办复率 and 满意率, the overdue ones, the table (and 附件) of proposals."""

from __future__ import annotations

from datetime import date

from workbench.base import config
from workbench.drafts.blocks import (
    Appendix,
    Block,
    CellSource,
    Column,
    Heading,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    ProposalFiguresQuoted,
    Table,
)
from workbench.office import figures
from workbench.packet.parts.common import EMPTY, MARK, Context, closing, count_table
from workbench.packet.rules import PacketRules
from workbench.packet.wording import case_no, short_date, zh_date
from workbench.store import Store
from workbench.store.rows import Proposal


def _proposals(store: Store, as_of: date, rules: PacketRules, packet: Packet, year: int | None) -> PacketDocument:
    pf = figures.proposal_figures(store, as_of, year=year)
    overdue_keys = {(r.year, r.case_no) for r in pf.overdue}
    table_rows: list[Proposal]
    if rules.proposal_table == "overdue":
        table_rows = pf.overdue
    else:
        # The 常委 read the open or overdue ones; "all_filed" adds the full list as the document's 附件.
        seen = {(r.year, r.case_no) for r in pf.open}
        table_rows = sorted(pf.open + [r for r in pf.overdue if (r.year, r.case_no) not in seen], key=lambda r: r.case_no)
    appendix_rows: list[Proposal] | None = None
    if rules.proposal_table == "all_filed" and pf.year is not None:
        appendix_rows = [r for r in store.select(Proposal, year=pf.year, order_by="case_no") if figures.is_filed(r)]
    labels = config.labels()
    packet.figures.proposals = ProposalFiguresQuoted(
        year=pf.year,
        total=pf.total,
        filed=pf.filed,
        replied=pf.replied,
        reply_rate=pf.reply_rate,
        rated=pf.rated,
        satisfied=pf.satisfied,
        basically_satisfied=pf.basically_satisfied,
        dissatisfied=pf.dissatisfied,
        satisfaction_rate=pf.satisfaction_rate,
        by_status=pf.by_status,
        by_category=pf.by_category,
        by_unit=list(pf.by_unit),
        by_reply_category=pf.by_reply_category,
        by_review_result=pf.by_review_result,
        open=len(pf.open),
        overdue=len(pf.overdue),
        overdue_case_nos=[r.case_no for r in pf.overdue],
        table_case_nos=[r.case_no for r in table_rows],
        appendix_case_nos=None if appendix_rows is None else [r.case_no for r in appendix_rows],
    )
    if pf.year is None:
        return PacketDocument(
            key=Part.PROPOSALS,
            title="提案办理情况",
            blocks=[Paragraph("本年度尚无提案。")],
            included=False,
            rule=rules.describe("proposal_table") + EMPTY,
        )
    not_filed = "，".join(
        f"{labels['review_result'].label(c)}{n}件" for c, n in pf.by_review_result.items() if c != "filed" and n
    )
    blocks: list[Block] = [
        Heading("一、总体情况", level=1),
        Paragraph(
            f"{pf.year}年共收到提案{pf.total}件，经审查立案{pf.filed}件" + (f"，{not_filed}" if not_filed else "") + "。"
            f"截至{zh_date(as_of)}，立案提案已答复{pf.replied}件，办复率{figures.percent(pf.reply_rate)}；"
            f"提案人已评价{pf.rated}件，其中满意{pf.satisfied}件、基本满意{pf.basically_satisfied}件、"
            f"不满意{pf.dissatisfied}件，满意率{figures.percent(pf.satisfaction_rate)}。"
            f"超过办理期限仍未答复的{len(pf.overdue)}件，尚未办结的{len(pf.open)}件。"
        ),
        Paragraph("注：办理情况各项统计只计立案提案，并案、不予立案、转为意见建议、撤案的不计入；每件提案按主办单位计一次。"),
    ]
    blocks.append(Heading("二、按办理状态统计", level=1))
    blocks.append(
        count_table(
            "办理状态",
            [(labels["proposal_status"].label(c), n) for c, n in pf.by_status.items() if n or c != "not_filed"],
            pf.filed,
        )
    )
    blocks.append(Heading("三、按类别统计", level=1))
    blocks.append(
        count_table("提案类别", [(labels["proposal_category"].label(c), n) for c, n in pf.by_category.items()], pf.filed)
    )
    blocks.append(Heading("四、答复类别分布", level=1))
    blocks.append(
        count_table("答复类别", [(labels["reply_category"].label(c), n) for c, n in pf.by_reply_category.items()], pf.replied)
    )
    blocks.append(Heading("五、逾期未答复提案" if rules.proposal_table == "overdue" else "五、未办结及逾期提案", level=1))
    if not table_rows:
        blocks.append(Paragraph("无。"))
    else:
        blocks.append(_proposal_table(table_rows, pf, overdue_keys, as_of, caption="提案办理情况表"))
    appendices: list[Appendix] = []
    if appendix_rows is not None:
        title = f"{pf.year}年全部立案提案办理情况一览表"
        blocks.append(Paragraph(f"{pf.year}年全部立案提案{len(appendix_rows)}件的办理情况见附件。"))
        appendices.append(
            Appendix(title, [_proposal_table(appendix_rows, pf, overdue_keys, as_of)] if appendix_rows else [Paragraph("无。")])
        )
    blocks.append(Heading("六、按主办单位统计", level=1))
    blocks.append(count_table("主办单位", pf.by_unit, pf.filed))
    blocks += closing(packet.office, packet.generated_at.date())
    return PacketDocument(
        key=Part.PROPOSALS,
        title=f"关于{pf.year}年提案办理情况的报告",
        blocks=blocks,
        rule=rules.describe("proposal_table"),
        appendices=appendices,
    )


def _proposal_table(
    proposals: list[Proposal], pf: figures.ProposalFigures, overdue_keys: set[tuple[int, int]], as_of: date, *, caption: str = ""
) -> Table:
    """One row per proposal, overdue ones marked; wide, so landscape (the body's table and the 附件 alike)."""
    labels = config.labels()
    rows: list[list[str]] = []
    marked: list[int] = []
    sources: list[CellSource] = []
    for r in proposals:
        sources.append(CellSource(len(rows), 1, "proposal", r.id, "title", r.title))
        if r.lead_unit:
            sources.append(CellSource(len(rows), 4, "proposal", r.id, "lead_unit", r.lead_unit))
        status = labels["proposal_status"].label(pf.status.get(r.id, r.status))
        if (r.year, r.case_no) in overdue_keys:
            marked.append(len(rows))
            status = f"{MARK}{status}\n（逾期）"  # on its own line: the cell holds four characters
        rows.append(
            [
                case_no(r.case_no),
                r.title,
                r.proposer or "—",
                labels["proposal_category"].label(r.category),
                r.lead_unit or "—",
                short_date(r.assigned_on, as_of),
                short_date(pf.due.get(r.id) or r.due_on, as_of),
                status,
                # A reply dated after the cut-off is not counted, so not printed either (the check names it).
                short_date(r.replied_on if figures.replied_by(r, as_of) else None, as_of, missing="未答复"),
            ]
        )
    return Table(
        columns=[
            Column("案号", 21, "center"),
            Column("案由", 48),
            Column("提案人", 17, "center"),
            Column("类别", 21, "center"),
            Column("主办单位", 30),
            Column("交办日期", 22, "center"),
            Column("办理期限", 22, "center"),
            Column("状态", 22, "center"),
            Column("答复日期", 22, "center"),
        ],
        rows=rows,
        landscape=True,
        marked_rows=marked,
        sources=sources,
        caption=caption,
        note=f"注：标“{MARK}”并加粗的为超过办理期限仍未答复的提案。" if marked else "",
    )


def draft_proposals(c: Context) -> list[PacketDocument]:
    return [_proposals(c.store, c.as_of, c.rules, c.packet, c.prep.proposal_year)]
