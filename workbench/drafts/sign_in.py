"""签到表: the sheet members sign at the door of a 常委会议 — the meeting's expected members
(`figures.standing_members`) by 界别, in the roster's order within each, with a column to sign in; A4
portrait, the header repeated on every page; a member whose 回执 asked leave has 请假 printed in the
signature column. `reply_form.py` lists the same members for the 回执.
"""

from __future__ import annotations

from collections import defaultdict

from workbench.base.errors import ValidationError
from workbench.base.filenames import safe_component
from workbench.base.numerals import chinese_date
from workbench.drafts.blocks import Column, Paragraph, StandaloneDocument, Table
from workbench.drafts.kinds import Drafted, Output, Request
from workbench.office import figures, replies
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import office
from workbench.store import Store
from workbench.store.rows import Member

NO_SECTOR = "其他"


def by_sector(members: list[Member]) -> list[Member]:
    """Members grouped by 界别, the groups in the order the roster first names them, members in roster order."""
    groups: dict[str, list[Member]] = defaultdict(list)
    for m in sorted(members, key=lambda m: m.id):
        groups[(m.sector or "").strip() or NO_SECTOR].append(m)
    ordered = [s for s in groups if s != NO_SECTOR] + ([NO_SECTOR] if NO_SECTOR in groups else [])
    return [m for s in ordered for m in groups[s]]


def expected_members(store: Store, meeting: MeetingInfo, what: str) -> list[Member]:
    members = by_sector(figures.standing_members(store, meeting.id))
    if not members:
        raise ValidationError(f"{meeting.short_title}还没有常委名单，无法生成{what}。请先在“导入”页导入委员名单（标明常委）。")
    return members


def when_where(meeting: MeetingInfo) -> list[Paragraph]:
    """The meeting's time and place, a line each (together they are wider than the type area)."""
    when = chinese_date(meeting.held_on) if meeting.held_on else "　　年　月　日"
    if meeting.start_time:
        when += meeting.start_time
    return [Paragraph(f"时间：{when}", align="center"), Paragraph(f"地点：{meeting.venue or '　　　　　　'}", align="center")]


def heading(meeting: MeetingInfo, what: str) -> str:
    """The document's title: the meeting's formal name broken after the committee, as its notice prints it."""
    return meeting.title.replace("委员会常务委员会", "委员会\n常务委员会", 1) + "\n" + what


def sign_in_document(
    meeting: MeetingInfo, members: list[Member], sender: str, on_leave: frozenset[int] = frozenset()
) -> StandaloneDocument:
    """The sheet; members whose 回执 asked leave (`on_leave`, member ids) have 请假 printed where they would sign."""
    columns = [
        Column("序号", 12, "center"),
        Column("姓名", 22, "center"),
        Column("界别", 28, "center"),
        Column("工作单位及职务", 62),
        Column("签名", 34, "center"),
    ]
    rows = [
        [str(n), m.name, m.sector or "", m.position or "", "请假" if m.id in on_leave else ""]
        for n, m in enumerate(members, start=1)
    ]
    leave = sum(1 for m in members if m.id in on_leave)
    tally = (
        f"应到{len(members)}人，其中回执请假{leave}人；实到　　人。"
        if leave
        else f"应到{len(members)}人，实到　　人，请假　　人。"
    )
    return StandaloneDocument(
        title=heading(meeting, "签　到　表"),
        blocks=[
            *when_where(meeting),
            Table(columns=columns, rows=rows),
            Paragraph(tally),
        ],
        author=sender,
    )


def draft(store: Store, request: Request) -> Drafted:
    """The 签到表 of the requested meeting (`kinds`: 签到表)."""
    meeting = request.need_meeting("签到表")
    members = expected_members(store, meeting, "签到表")
    on_leave = frozenset(m.id for m, _reason in replies.reply_status(store, meeting).on_leave)
    document = sign_in_document(meeting, members, office(store).name, on_leave)
    return Drafted([Output(f"{safe_component(meeting.short_title)}_签到表.docx", document)])
