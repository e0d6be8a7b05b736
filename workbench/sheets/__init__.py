"""Spreadsheet exchange with departments: import (read → normalise → validate → diff → apply) and export.

Kinds (Chinese or English names): 提案/proposal, 监督事项/supervision_item,
通报议题/briefing_topic, 要点进展/plan_progress, 委员/member, 出勤/attendance.
Natural keys: proposal (年度, 案号), the year and the plenary session (届次, 会次)
taken from the title rows, sheet or file name when there is no column (see `session`); supervision_item and briefing_topic their
编号; plan_progress (年度, 条目序号) within that year's work plan, with a dated
进展情况 added when (条目, 日期) is new; member 姓名 + 工作单位及职务 (姓名 alone
when unambiguous); attendance 会议 + 姓名.

Public API (the CLI and the editor notebook both use these)::

    from workbench import sheets
    preview = sheets.read_and_diff(store, "提案", "returned.xlsx")   # reads, checks, compares; writes nothing
    preview.problems      # list of validate.Problem; str(p) is a Chinese sentence naming sheet, row, column
    preview.new, preview.changed, preview.unchanged, preview.missing   # lists of diff.Entry
    preview.changed[0].changes   # [diff.Change]; str(c) == "状态：办理中 → 已答复"
    preview.lines()       # the whole preview in Chinese, one line each
    result = sheets.apply(store, preview, valid_only=False, actor=None)   # one transaction, with history
    sheets.export(store, "proposal", "提案.xlsx", force=False)
    sheets.export_by_department(store, "proposal", "发各单位/", force=False)

`apply` raises `SheetError` (nothing written) if the preview has problems,
unless `valid_only=True`, which writes the rows without problems. A file that
cannot be read at all raises `SheetError` from `read_and_diff` itself.
"""

from __future__ import annotations

from pathlib import Path

from workbench.sheets import existing, reader, stale, validate
from workbench.sheets.apply import Applied, apply, refuse
from workbench.sheets.diff import Change, Entry, Preview, compare
from workbench.sheets.export import Exported, export, export_by_department
from workbench.sheets.kinds import KINDS, Field, Kind
from workbench.sheets.kinds import get as kind
from workbench.sheets.plenary import settle
from workbench.store import Store

__all__ = [
    "KINDS",
    "Applied",
    "Change",
    "Entry",
    "Exported",
    "Field",
    "Kind",
    "Preview",
    "apply",
    "export",
    "export_by_department",
    "kind",
    "read_and_diff",
    "refuse",
]


def read_and_diff(
    store: Store, kind_name: str | Kind, path: str | Path, *, session: str | None = None, year: int | str | None = None
) -> Preview:
    """Read `path` as a sheet of `kind_name`, check every cell, and compare with the store.

    `session` (“十一届三次”) and `year` are used when neither the rows, the title rows,
    the sheet name nor the file name say which plenary session or year the rows belong to.
    """
    k = kind(kind_name)
    data = reader.read(path, k)
    settle(store, k, data, session=session, year=year)
    holdings = existing.load(store, k)
    checked = validate.check(k, data, holdings)
    preview = compare(k, data, checked, holdings)
    if data.exported_at is not None:
        stale.check(store, preview, data.where, data.exported_at)
    return preview
