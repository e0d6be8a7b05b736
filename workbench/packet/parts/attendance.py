"""常委出勤情况: the 常委's attendance at this term's meetings, absences and leave."""

from __future__ import annotations

from datetime import date

from workbench.base import config
from workbench.drafts.blocks import (
    AttendanceFigures,
    Block,
    Column,
    Heading,
    MeetingAttendance,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    Table,
)
from workbench.office import figures
from workbench.office.meetings import MeetingInfo, list_meetings
from workbench.packet.parts.common import MARK, Context
from workbench.packet.wording import short_date, zh_date
from workbench.store import Store


def _attendance(store: Store, meeting: MeetingInfo, as_of: date, packet: Packet) -> PacketDocument:
    this = figures.attendance_summary(store, meeting.id)
    held = [
        m
        for m in list_meetings(store, kind=meeting.kind)
        if m.term_id == meeting.term_id
        and m.status == "held"
        and m.held_on
        and m.held_on.year == as_of.year
        and m.id != meeting.id
    ]
    summaries = [(m, figures.attendance_summary(store, m.id)) for m in held]
    limit = config.labels().rule("absence_limit")
    near = figures.absences_near_rule(store, meeting.term_id, up_to=as_of)
    packet.figures.attendance = AttendanceFigures(
        expected=this.expected,
        present=this.present,
        on_leave=this.on_leave,
        absent_unexcused=this.absent_unexcused,
        meetings={m.short_title: MeetingAttendance(s.expected, s.present, s.on_leave, s.absent_unexcused) for m, s in summaries},
        absence_limit=limit,
        absences={r["name"]: r["absences"] for r in near},
        reached=[r["name"] for r in near if r["reached"]],
    )
    recorded = this.present + this.on_leave + this.absent_unexcused > 0
    if recorded:
        first = (
            f"本次会议应到常委{this.expected}人，实到{this.present}人，请假{this.on_leave}人，"
            f"无故缺席{this.absent_unexcused}人，{'超过' if this.quorum else '未超过'}半数。"
        )
    else:
        first = f"本次会议应到常委{this.expected}人。"
    blocks: list[Block] = [Paragraph(first), Heading(f"一、{as_of.year}年已召开常委会议出勤情况", level=1)]
    if summaries:
        blocks.append(
            Table(
                columns=[
                    Column("会议", 49),
                    Column("日期", 26, "center"),
                    Column("应到", 13, "center"),
                    Column("实到", 13, "center"),
                    Column("请假", 13, "center"),
                    Column("无故缺席", 21, "center"),
                    Column("是否过半", 21, "center"),
                ],
                rows=[
                    [
                        m.short_title,
                        short_date(m.held_on, as_of),
                        str(s.expected),
                        # A meeting whose attendance was never entered has no 实到 and no quorum to state
                        # (the check asks for the sign-in record); 0 and 否 would report a failed meeting.
                        *(
                            (str(s.present), str(s.on_leave), str(s.absent_unexcused), "是" if s.quorum else "否")
                            if s.recorded
                            else ("未录入", "—", "—", "—")
                        ),
                    ]
                    for m, s in summaries
                ],
            )
        )
    else:
        blocks.append(Paragraph("本年度尚无已召开的常委会议出勤记录。"))
    blocks.append(Heading("二、无故缺席情况", level=1))
    if near:
        rows: list[list[str]] = []
        marked: list[int] = []
        for r in near:
            if r["reached"]:
                marked.append(len(rows))
            rows.append(
                [
                    r["name"],
                    r["sector"] or "—",
                    str(r["absences"]),
                    f"{MARK}已达{limit}次，按规定应予通报" if r["reached"] else f"规定次数为{limit}次",
                ]
            )
        blocks.append(
            Paragraph(
                f"按规定，常委本届内无故缺席常委会议达{limit}次的应予通报。截至{zh_date(as_of)}，"
                f"有无故缺席记录的常委{len(near)}人，其中已达通报标准的"
                f"{sum(1 for r in near if r['reached'])}人。"
            )
        )
        blocks.append(
            Table(
                columns=[
                    Column("姓名", 28, "center"),
                    Column("界别", 40),
                    Column("无故缺席次数", 30, "center"),
                    Column("说明", 58),
                ],
                rows=rows,
                marked_rows=marked,
            )
        )
    else:
        blocks.append(Paragraph("本届常委会议无无故缺席记录。"))
    return PacketDocument(
        key=Part.ATTENDANCE,
        title="常委出勤情况",
        blocks=blocks,
        rule="本次会议应到人数取自出勤记录（未记录时为全体常委）；列出本年度已召开常委会议的出勤统计和本届无故缺席情况。",
    )


def draft_attendance(c: Context) -> list[PacketDocument]:
    return [_attendance(c.store, c.meeting, c.as_of, c.packet)]
