"""A hand-built meeting packet for the documents tests: several documents, three heading
levels, a 50-row proposal table with marked rows, and a landscape table.

Built by hand (not from the store) so the Word writer is tested on its own contract,
`workbench.drafts.blocks`. The figures are invented for the fictional 青岚县.
"""

from __future__ import annotations

from datetime import date, datetime

from workbench.drafts.blocks import Column, Heading, Packet, PacketDocument, Paragraph, Table

MEETING_TITLE = "政协青岚县第十一届委员会常务委员会第十八次会议"
SHORT_TITLE = "十一届十八次常委会议"
PROPOSAL_HEADERS = ["案号", "案由", "提案人", "主办单位", "交办日期", "办理期限", "状态", "答复类别"]


def proposal_rows(n: int = 50) -> list[list[str]]:
    units = ["县教体局", "县卫健委", "县财政局", "县住建局", "县农业农村局"]
    statuses = ["办理中", "已答复", "已评价", "逾期"]
    rows = []
    for i in range(1, n + 1):
        rows.append(
            [
                f"第{i:03d}号",
                f"关于加强第{i}项民生工作的建议",
                f"委员{i}",
                units[i % len(units)],
                "2026年4月10日",
                "2026年7月10日",
                statuses[i % len(statuses)],
                "ABC"[i % 3] if i % 4 else "",
            ]
        )
    return rows


def sample_packet() -> Packet:
    rows = proposal_rows(50)
    overdue = [i for i, r in enumerate(rows) if r[6] == "逾期"]
    return Packet(
        meeting_id=18,
        meeting_title=MEETING_TITLE,
        meeting_short_title=SHORT_TITLE,
        meeting_date=date(2026, 12, 17),
        office="政协青岚县委员会办公室",
        generated_at=datetime(2026, 12, 10, 9, 0),
        documents=[
            PacketDocument(key="cover", title="封面", template="cover.docx"),
            PacketDocument(
                key="notice",
                title="会议通知",
                template="notice.docx",
                context={
                    "recipients": "各位常委",
                    "time": "2026年12月17日（星期四）上午9:00",
                    "place": "县政协三楼会议室",
                    "topics": ["听取县人民政府关于全县经济运行情况的通报", "审议县政协2026年度提案办理情况报告"],
                    "attendees": "县政协主席、副主席、秘书长，常务委员",
                    "observers": "各专门委员会主任，各委员联络组组长",
                    "requirements": [
                        "请各位常委准时出席，因故不能参会的，请于12月15日前向县政协办公室书面请假。",
                        "请提前阅读会议材料。",
                    ],
                    "contact": "县政协办公室 王明，电话 0000-1234567",
                    "issued_on": date(2026, 12, 10),
                },
            ),
            PacketDocument(
                key="agenda",
                title="会议议程",
                template="agenda.docx",
                context={
                    "time": "2026年12月17日上午",
                    "place": "县政协三楼会议室",
                    "presider": "县政协主席 李华",
                    "items": [
                        {"text": "听取县人民政府关于全县经济运行情况的通报", "presenter": "副县长 张强"},
                        {"text": "审议县政协2026年度提案办理情况报告", "presenter": "提案委员会主任 陈静"},
                        {"text": "审议人事事项", "presenter": ""},
                    ],
                },
            ),
            PacketDocument(
                key="plan_progress",
                title="县政协2026年度工作要点落实情况",
                blocks=[
                    Heading("一、围绕中心工作，积极建言献策", 1),
                    Heading("（一）深化协商议政", 2),
                    Heading("1. 开展专题协商", 3),
                    Paragraph("围绕县域经济高质量发展开展专题协商，形成协商报告1篇，已报送县委。"),
                    Paragraph("牵头委室：经济委员会；状态：推进中。"),
                    Heading("二、加强民主监督", 1),
                    Paragraph("对县教体局、县卫健委开展专项民主监督，提出监督建议12条。"),
                ],
            ),
            PacketDocument(
                key="proposals",
                title="提案办理情况",
                blocks=[
                    Heading("一、总体情况", 1),
                    Paragraph("本年度共立案提案50件，已答复38件，办复率76.0%；满意率92.1%。"),
                    Heading("二、未办结和逾期提案", 1),
                    Table(
                        columns=[
                            Column(h, w, a)
                            for h, w, a in zip(
                                PROPOSAL_HEADERS,
                                [20, 76, 20, 28, 32, 32, 16, 22],
                                ["center", "left", "center", "center", "center", "center", "center", "center"],
                            )
                        ],
                        rows=rows,
                        caption="未办结提案一览表",
                        landscape=True,
                        marked_rows=overdue,
                        note="注：加粗行为逾期提案。",
                    ),
                    Paragraph("以上提案请各承办单位抓紧办理。"),
                ],
            ),
            PacketDocument(
                key="attendance",
                title="委员出勤情况",
                blocks=[
                    Table(
                        columns=[
                            Column("界别", 40),
                            Column("应到", 30, "center"),
                            Column("实到", 30, "center"),
                            Column("请假", 30, "center"),
                        ],
                        rows=[["中共", "12", "11", "1"], ["民革", "3", "3", "0"]],
                        caption="出勤统计",
                    ),
                    Paragraph("应到15人，实到14人，请假1人，符合法定人数。"),
                ],
            ),
        ],
    )


# ---------------------------------------------------------------- a packet for page flow

# Longer than the writer's lead-in (workbench.documents.compose.LEAD_IN_CHARS): stays on a portrait page.
LONG_INTRO = (
    "截至2026年12月17日，各民主监督小组按照年度监督计划，围绕重点民生实事项目开展监督，"
    "累计召开座谈会十二次、实地察看二十六次，形成监督建议四十三条，其中已被责任单位采纳的三十一条，"
    "正在研究办理的九条，尚待答复的三条。各责任单位普遍高度重视，建立了台账管理、定期会商和限时办结机制，"
    "部分事项因资金、用地等原因进展滞后。以下按监督事项逐项列出推进情况，逾期或滞后的事项在表中标出。"
)
NOTE = "注：标“▲”并加粗的为逾期或进展滞后事项。"


def wide_table(rows: int = 30, *, note: str = NOTE) -> Table:
    return Table(
        columns=[
            Column("编号", 18, "center"),
            Column("监督事项", 60),
            Column("责任单位", 40),
            Column("完成时限", 18, "center"),
            Column("状态", 20, "center"),
            Column("进展情况", 69),
        ],
        rows=[
            [
                f"JD2026-{i:02d}",
                f"第{i}项重点民生实事项目推进情况监督",
                "县住房和城乡建设局",
                "2026年12月31日",
                "推进中",
                "已召开现场推进会，正在按整改方案落实。",
            ]
            for i in range(1, rows + 1)
        ],
        caption="民主监督事项推进情况表",
        landscape=True,
        marked_rows=[0, 3],
        note=note,
    )


def layout_packet() -> Packet:
    """Documents that used to end on an empty page or strand their first lines on a portrait page."""
    return Packet(
        meeting_id=18,
        meeting_title="政协青岚县第十一届委员会常务委员会第十八次会议",
        meeting_short_title="十一届十八次常委会议",
        meeting_date=date(2026, 12, 17),
        office="政协青岚县委员会办公室",
        generated_at=datetime(2026, 12, 10, 9, 0),
        documents=[
            PacketDocument(key="cover", title="封面", template="cover.docx"),
            # short introduction straight into a wide table, then a portrait table
            PacketDocument(
                key="supervision",
                title="民主监督事项推进情况",
                blocks=[
                    Paragraph("目前共有民主监督事项30项，涉及民主监督小组6个、责任单位7个。"),
                    Heading("一、监督事项推进情况", 1),
                    wide_table(30),
                    Heading("二、各监督小组情况", 1),
                    Table(
                        columns=[Column("监督小组", 80), Column("事项数", 38, "center"), Column("已办结", 38, "center")],
                        rows=[[f"第{i}监督小组", "5", "2"] for i in range(1, 7)],
                        caption="各民主监督小组事项统计表",
                    ),
                ],
            ),
            # a long introduction (stays portrait), then a wide table that ends the document
            PacketDocument(
                key="wide_last",
                title="重点提案办理情况",
                blocks=[Paragraph(LONG_INTRO), Heading("一、重点提案办理情况", 1), wide_table(12)],
            ),
            # the packet's last document also ends with a wide table
            PacketDocument(key="closing", title="逾期事项清单", blocks=[Heading("一、逾期事项", 1), wide_table(6, note="")]),
        ],
    )


# ---------------------------------------------------------------- reading a .docx back

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def _style_chain(document, style_id: str | None):
    """The style elements from `style_id` up its basedOn chain (paragraph default style if None)."""
    styles = {s.get(W + "styleId"): s for s in document.styles.element.findall(W + "style")}
    if style_id is None:
        style_id = next((i for i, s in styles.items() if s.get(W + "type") == "paragraph" and s.get(W + "default") == "1"), None)
    chain, seen = [], set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        chain.append(styles[style_id])
        based = styles[style_id].find(W + "basedOn")
        style_id = based.get(W + "val") if based is not None else None
    return chain


def resolved_run_format(document, paragraph, run=None) -> dict:
    """East-Asian font, size in pt and bold as Word resolves them: run → paragraph style → basedOn → docDefaults."""
    sources = []
    if run is not None and run.find(W + "rPr") is not None:
        sources.append(run.find(W + "rPr"))
    ppr = paragraph.find(W + "pPr")
    pstyle = ppr.find(W + "pStyle") if ppr is not None else None
    for style in _style_chain(document, pstyle.get(W + "val") if pstyle is not None else None):
        if style.find(W + "rPr") is not None:
            sources.append(style.find(W + "rPr"))
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is not None:
        sources.append(defaults)
    result = {"east_asia": None, "size": None, "bold": False, "theme": False}
    for rpr in reversed(sources):  # later sources are weaker: apply strongest last
        fonts = rpr.find(W + "rFonts")
        if fonts is not None:
            if fonts.get(W + "eastAsia"):
                result["east_asia"] = fonts.get(W + "eastAsia")
            if fonts.get(W + "eastAsiaTheme"):
                result["theme"] = True
        size = rpr.find(W + "sz")
        if size is not None:
            result["size"] = int(size.get(W + "val")) / 2
        bold = rpr.find(W + "b")
        if bold is not None:
            result["bold"] = bold.get(W + "val", "1") not in ("0", "false")
    return result


def resolved_paragraph_property(document, paragraph, path: str):
    """The first element at `path` (e.g. 'w:spacing') in pPr, then the style chain, then pPrDefault."""
    tag = W + path.split(":", 1)[1]
    ppr = paragraph.find(W + "pPr")
    if ppr is not None and ppr.find(tag) is not None:
        return ppr.find(tag)
    pstyle = ppr.find(W + "pStyle") if ppr is not None else None
    for style in _style_chain(document, pstyle.get(W + "val") if pstyle is not None else None):
        spr = style.find(W + "pPr")
        if spr is not None and spr.find(tag) is not None:
            return spr.find(tag)
    return document.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{tag}")


def paragraphs_with_style(document, style_id: str):
    out = []
    for p in document.element.body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == style_id:
            out.append(p)
    return out


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def sections_of(document) -> list[tuple[bool, list]]:
    """Per section: (landscape, its body elements)."""
    result, current = [], []
    for element in document.element.body:
        if element.tag == W + "sectPr":
            result.append((element.find(W + "pgSz").get(W + "orient") == "landscape", current))
            break
        current.append(element)
        inner = element.find(f"{W}pPr/{W}sectPr")
        if inner is not None:
            result.append((inner.find(W + "pgSz").get(W + "orient") == "landscape", current))
            current = []
    return result
