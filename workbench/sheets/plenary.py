"""Which plenary session (届次, 会次) and year an imported workbook belongs to, when its rows do not say.

Proposals are numbered per plenary session: a workbook's title row reads
“政协某县第十一届委员会第三次会议提案办理情况统计表” and often there is no 年度
column. The session and year are taken from, in this order: the columns of the
row; the title rows above the header; the sheet name; the file name
(“2025年提案.xlsx”); what the user gave (`--session 十一届三次`, `--year 2025`, or
the editor's import tab). What one source lacks is worked out from the store: a
term's plenary sessions are held once a year from its first year, unless a
plenary meeting of that session is stored with its date. When nothing names the
year, the file is refused, naming the ways to give it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from workbench.base import values
from workbench.base.errors import SheetError
from workbench.base.numerals import chinese_number
from workbench.sheets.kinds import Kind
from workbench.sheets.reader import SheetData
from workbench.store import Store, schema

# A year on its own (“2025年提案”, “提案2025”), not the year of a full date such as 填报日期 2025年6月30日.
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?!\s*[年.\-/]\s*\d{1,2}\s*[月.\-/])")


@dataclass
class Terms:
    """The terms and plenary sessions the store knows, to turn a session into a year and back."""

    starts: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)  # term → (start, end)
    plenaries: dict[tuple[int, int], int] = field(default_factory=dict)  # (term, session) → year

    @classmethod
    def load(cls, store: Store) -> Terms:
        t, m = schema.term, schema.meeting
        out = cls()
        with store.engine.connect() as conn:
            for r in conn.execute(select(t.c.id, t.c.term_no, t.c.start_year, t.c.end_year)):
                out.starts[r.term_no] = (r.start_year, r.end_year)
            q = (
                select(t.c.term_no, m.c.seq_no, m.c.held_on)
                .join(t, m.c.term_id == t.c.id)
                .where(m.c.kind == "plenary", m.c.held_on.is_not(None))
            )
            for r in conn.execute(q):
                out.plenaries[(r.term_no, r.seq_no)] = r.held_on.year
        return out

    def year_of(self, term: int, session: int) -> int | None:
        if (term, session) in self.plenaries:
            return self.plenaries[(term, session)]
        start = self.starts.get(term, (None, None))[0]
        return None if start is None else start + session - 1

    def session_of(self, year: int) -> tuple[int | None, int | None]:
        for (term, session), held in self.plenaries.items():
            if held == year:
                return term, session
        for term, (start, end) in sorted(self.starts.items(), reverse=True):
            if start is not None and start <= year <= (end if end is not None else start + 4):
                return term, year - start + 1
        return None, None

    def newest(self) -> int | None:
        return max(self.starts) if self.starts else None


@dataclass
class Found:
    term: int | None = None
    session: int | None = None
    year: int | None = None
    where: str = ""

    @property
    def any(self) -> bool:
        return bool(self.term or self.session or self.year)

    def describe(self) -> str:
        parts = []
        if self.term and self.session:
            parts.append(f"{chinese_number(self.term)}届{chinese_number(self.session)}次会议")
        elif self.session:
            parts.append(f"第{chinese_number(self.session)}次会议")
        if self.year:
            parts.append(f"{self.year}年")
        return "、".join(parts)


def in_text(text: str, where: str) -> Found:
    """The session and year a title, sheet name or file name names."""
    term, session = values.session(text)
    m = _YEAR.search(text.translate(values.FULLWIDTH))
    year = int(m.group(1)) if m else None
    return Found(term, session, year, where)


def given(session: str | None, year: Any) -> Found:
    """What the user gave, checked: `SheetError` for a session or year that cannot be meant."""
    out = Found(where="导入时指定的届次会次或年度")
    if session:
        try:
            out.term, out.session = values.session_text(session)
        except values.Bad as exc:
            raise SheetError(f"届次会次“{session}”无法识别，应为{exc.expected}。") from None
    if year not in (None, ""):
        try:
            out.year = values.integer(year, low=1950, high=2100)
        except values.Bad:
            raise SheetError(f"年度“{year}”不正确，应写作 2025 这样的四位年份。") from None
    return out


def settle(store: Store, kind: Kind, data: SheetData, *, session: str | None = None, year: Any = None) -> None:
    """Fill `data.defaults` with the year (and, for proposals, the session) the file's rows lack."""
    names = {f.name for f in kind.fields}
    if "year" not in names:
        return
    user = given(session, year)
    terms = Terms.load(store) if "term_no" in names else Terms()
    file_sources = [in_text(line, f"标题“{line}”") for line in data.titles]
    if data.sheet:
        file_sources.append(in_text(data.sheet, f"工作表名称“{data.sheet}”"))
    file_sources.append(in_text(data.path.stem, f"文件名“{data.path.name}”"))
    found = Found()
    for src in [*file_sources, user]:
        for attr in ("term", "session", "year"):
            if getattr(found, attr) is None and getattr(src, attr) is not None:
                setattr(found, attr, getattr(src, attr))
                data.sources[attr] = src.where
    _check_agrees(data, file_sources, user)
    if found.session and not found.term:
        found.term = terms.newest()
    if found.term and found.session and not found.year:
        found.year = terms.year_of(found.term, found.session)
        if found.year:
            data.sources["year"] = (
                f"{chinese_number(found.term)}届{chinese_number(found.session)}次会议，按本届各次全会的年份推算"
            )
    if found.year and not found.session and "term_no" in names:
        found.term, found.session = terms.session_of(found.year)
    if "year" in kind.must_have and "year" not in data.columns and found.year is None:
        raise _unknown(kind, data, found, "term_no" in names)
    for name, v in (("year", found.year), ("term_no", found.term), ("session_no", found.session)):
        if name in names and v is not None:
            data.defaults[name] = v
    if "term_no" in names:
        data.terms = terms


def _check_agrees(data: SheetData, file_sources: list[Found], user: Found) -> None:
    """A session or year given by the user that contradicts the file's own title is a mistake, not a choice."""
    for src in file_sources:
        for attr, what in (("session", "会次"), ("term", "届次"), ("year", "年度")):
            mine, theirs = getattr(user, attr), getattr(src, attr)
            if mine is not None and theirs is not None and mine != theirs:
                raise SheetError(
                    f"文件“{data.path.name}”的{src.where}写的是{src.describe()}，与您指定的{user.describe()}不一致，"
                    f"未导入。请确认{what}后重新指定，或去掉 --session / --year 按文件所写导入。"
                )


def _unknown(kind: Kind, data: SheetData, found: Found, sessions: bool) -> SheetError:
    if found.term and found.session:
        return SheetError(
            f"文件“{data.path.name}”是{found.describe()}的{kind.zh}，但库中没有第{chinese_number(found.term)}届的"
            f"起始年份，无法推算年度，未导入。请指定年度：命令行加 --year 2025，"
            "或在编辑窗口“导入”页填写“年度”。"
        )
    if not sessions:
        return SheetError(
            f"文件“{data.path.name}”中没有“年度”列，标题行、工作表名称和文件名中也没有写明年度，"
            f"无法确定这些{kind.zh}属于哪一年，未导入。请命令行加 --year 2025，"
            "或在编辑窗口“导入”页填写“年度”，或在表格中加“年度”列。"
        )
    return SheetError(
        f"文件“{data.path.name}”中没有“年度”列，标题行、工作表名称和文件名中也没有写明届次会次或年度，"
        f"无法确定这些{kind.zh}属于哪一次全会，未导入。请任选一种方式写明："
        "命令行加 --session 十一届三次 或 --year 2025；在编辑窗口“导入”页填写“届次会次”或“年度”；"
        "或在表格中加“年度”列。"
    )
