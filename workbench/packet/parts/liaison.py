"""委员联络组活动指标完成情况: each liaison group's activities against the year's quotas."""

from __future__ import annotations

from datetime import date

from workbench.base import config
from workbench.drafts.blocks import (
    Block,
    Column,
    LiaisonFigures,
    Packet,
    PacketDocument,
    Paragraph,
    Part,
    Table,
)
from workbench.office import figures
from workbench.packet.parts.common import EMPTY, LANDSCAPE_MM, PORTRAIT_MM, Context
from workbench.packet.wording import label, zh_date
from workbench.store import Store


def _liaison(store: Store, as_of: date, packet: Packet) -> PacketDocument:
    rows_in = figures.liaison_quotas(store, as_of.year, up_to=as_of)
    by_group = figures.liaison_completion_by_group(rows_in)
    kinds = [c for c in config.labels()["liaison_activity_kind"].codes if any(r["activity_kind"] == c for r in rows_in)]
    packet.figures.liaison = {g["group_name"]: LiaisonFigures(g["required"], g["done"], g["completion"]) for g in by_group}
    if not rows_in:
        return PacketDocument(
            key=Part.LIAISON,
            title="委员联络组活动指标完成情况",
            blocks=[Paragraph(f"{as_of.year}年度尚未确定委员联络组活动指标。")],
            included=False,
            rule="列出本年度各委员联络组的活动指标和完成数。" + EMPTY,
        )
    cell = {(r["group_name"], r["activity_kind"]): f"{r['done']}/{r['required']}" for r in rows_in}
    name_w, total_w = 40, 24
    landscape = len(kinds) > 5
    kind_w = ((LANDSCAPE_MM if landscape else PORTRAIT_MM) - name_w - total_w) / max(1, len(kinds))
    columns = (
        [Column("联络组", name_w)]
        + [Column(label("liaison_activity_kind", k), kind_w, "center") for k in kinds]
        + [Column("完成率", total_w, "center")]
    )
    rows = [
        [g["group_name"]] + [cell.get((g["group_name"], k), "—") for k in kinds] + [figures.percent(g["completion"])]
        for g in by_group
    ]
    blocks: list[Block] = [
        Paragraph(
            f"截至{zh_date(as_of)}，{len(by_group)}个委员联络组{as_of.year}年度活动指标完成情况如下"
            f"（表中为“已开展次数/年度指标”，完成率按各类活动不超过指标计）。"
        ),
        Table(columns=columns, rows=rows, landscape=landscape, caption="委员联络组活动指标完成情况表"),
    ]
    return PacketDocument(
        key=Part.LIAISON,
        title="委员联络组活动指标完成情况",
        blocks=blocks,
        rule="列出本年度各委员联络组的活动指标和截至会议日期的完成数。",
    )


def draft_liaison(c: Context) -> list[PacketDocument]:
    return [_liaison(c.store, c.as_of, c.packet)]
