"""委员履职情况统计表: for each member of the current term, what the year's records say they did — 常委会议
出席, 领衔和联名提案, 社情民意信息 (报送, 被采用, 获批示) and 专委会职务 — as the office lays the
year-end 履职 review before the 主席会议. Figures are `office.member_duties`'; A4 portrait, the header
repeated on every page, the definitions in a note under the table.
"""

from __future__ import annotations

from datetime import date

from workbench.base.errors import ValidationError
from workbench.drafts.blocks import Column, Paragraph, Signature, StandaloneDocument, Table
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.drafts.sign_in import by_sector
from workbench.office import member_duties
from workbench.office.sender import office
from workbench.store import Store

NOTE = (
    "说明：常委会议出席情况仅统计常务委员，按本年度已录入出勤的常委会议计；提案按提案人、联名人姓名统计，含未立案的提案；"
    "社情民意信息按报送人姓名统计。标“*”者本届有同名委员，其按姓名统计的数字合并计算。"
)


def _meetings(d: member_duties.Duties) -> str:
    if not d.member.is_standing_member:
        return "—"
    if not d.meetings_expected:
        return "未录入"
    return f"应到{d.meetings_expected} 出席{d.meetings_present}" + (f" 请假{d.meetings_on_leave}" if d.meetings_on_leave else "")


def _opinions(d: member_duties.Duties) -> str:
    if not d.opinions_submitted:
        return "0"
    out = f"报送{d.opinions_submitted} 采用{d.opinions_adopted}"
    return out + (f" 批示{d.opinions_instructed}" if d.opinions_instructed else "")


def draft(store: Store, request: Request) -> Drafted:
    """The 委员履职情况统计表 of `request.year` (`kinds`: 履职统计表)."""
    if request.year is None:
        raise ValidationError("起草委员履职情况统计表须指定年份：--year 2026。")
    year = request.year
    duties = member_duties.member_duties(store, year)
    if not duties:
        raise ValidationError("库中还没有本届委员名单，无法统计委员履职情况。请先在“导入”页导入委员名单。")
    order = {m.id: n for n, m in enumerate(by_sector([d.member for d in duties]))}
    duties.sort(key=lambda d: order[d.member.id])
    rows = [
        [
            str(n),
            d.name + ("*" if d.namesake else ""),
            d.member.sector or "",
            _meetings(d),
            str(d.proposals_led),
            str(d.proposals_joined),
            _opinions(d),
            "、".join(d.committee_posts) or "—",
        ]
        for n, d in enumerate(duties, start=1)
    ]
    # Portrait: a landscape table goes to a section of its own and leaves the title alone on page 1.
    columns = [
        Column("序号", 8, "center"),
        Column("姓名", 19, "center"),
        Column("界别", 17, "center"),
        Column("常委会议出席", 25, "center"),
        Column("领衔提案", 10, "center"),
        Column("联名提案", 10, "center"),
        Column("社情民意信息", 25, "center"),
        Column("专委会职务", 42),
    ]
    sender = office(store)
    led = sum(d.proposals_led for d in duties)
    submitted = sum(d.opinions_submitted for d in duties)
    document = StandaloneDocument(
        title=f"{sender.committee}委员\n{year}年度履职情况统计表",
        blocks=[
            Paragraph(
                f"本届委员{len(duties)}名。{year}年委员领衔提出提案{led}件，报送社情民意信息{submitted}条，各委员履职情况如下表。"
            ),
            Table(columns=columns, rows=rows, note=NOTE),
        ],
        signature=Signature(sender.name, request.issued_on or date.today()),
        author=sender.name,
    )
    return Drafted([Output(f"{year}年度委员履职情况统计表.docx", document)])
