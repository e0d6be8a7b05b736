"""The committee an office works for: its names, the office's contact, the current term and its leaders.

This is what notices, covers and signatures print ("政协青岚县委员会办公室", "联系人：…",
"主持人：周启明（主席）"), read in one place so every document says the same. The
current term is the newest one (`init --term N` starts a new one); the leaders are
those entered for the current term, in protocol order (主席, 副主席…, 秘书长).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from workbench.base.errors import ConflictError, ValidationError
from workbench.base.numerals import chinese_number
from workbench.store import Store, rows, schema


@dataclass(frozen=True)
class Leader:
    name: str
    title: str  # "主席", "副主席", "秘书长" … as printed


@dataclass(frozen=True)
class CommitteeProfile:
    county: str  # "青岚县"
    name: str  # "政协青岚县委员会"
    office: str  # "政协青岚县委员会办公室"
    contact_person: str | None
    contact_phone: str | None
    term_no: int | None  # current term
    term_start_year: int | None
    leaders: tuple[Leader, ...]  # in protocol order
    id: int = 0
    term_id: int | None = None
    version: int = 1  # of the committee row, for conflict checks when the setup tab saves

    def title_of(self, name: str) -> str | None:
        """The title of a leader by name ("主席" for the presider), or None for anyone else."""
        wanted = (name or "").strip()
        for leader in self.leaders:
            if leader.name == wanted:
                return leader.title
        return None


def default_name(county: str) -> str:
    return f"政协{county}委员会"


def default_office(county: str) -> str:
    return f"{default_name(county)}办公室"


def current_term_id(conn) -> int | None:
    """The newest term's id on an open connection (imports place new members in it)."""
    t = schema.term
    return conn.execute(select(t.c.id).order_by(t.c.term_no.desc())).scalar()


def profile(store: Store) -> CommitteeProfile | None:
    """The committee as stored, or None when no committee is set up yet."""
    row = store.first(rows.Committee)
    if row is None:
        return None
    term = store.first(rows.Term, committee_id=row.id, order_by=rows.Term.table.c.term_no.desc())
    leaders: tuple[Leader, ...] = ()
    if term is not None:
        leaders = tuple(Leader(r.name, r.title) for r in store.select(rows.Leader, term_id=term.id, order_by=("position", "id")))
    return CommitteeProfile(
        county=row.county,
        name=row.name,
        office=row.office or default_office(row.county),
        contact_person=row.contact_person,
        contact_phone=row.contact_phone,
        term_no=term.term_no if term else None,
        term_start_year=term.start_year if term else None,
        leaders=leaders,
        id=row.id,
        term_id=term.id if term else None,
        version=row.version,
    )


def _term_label(term_no: int) -> str:
    return f"第{chinese_number(term_no)}届"


def _check_year(year: int | None, what: str) -> None:
    if year is None or not 1949 <= year <= 2200:
        raise ValidationError(f"{what}“{year}”不是有效的年份，应写四位数字，如 2027。")


def set_up(
    store: Store,
    *,
    county: str | None = None,
    term_no: int | None = None,
    start_year: int | None = None,
    actor: str | None = None,
) -> str:
    """Create the committee and its term, or start a new term (换届); return what was done, in Chinese.

    On an empty store all three are needed. Once the committee exists, `term_no` with
    `start_year` starts that term, which must be newer than the current one; the old term's
    meetings, members and attendance stay as they are. Nothing is written when refused.
    """
    current = profile(store)
    county = (county or "").strip() or None
    if county is not None:
        if county.startswith("政协") or county.endswith("委员会"):
            raise ValidationError(f"县名“{county}”请只写县的名称，如“青岚县”；委员会名称“政协××县委员会”由工作台生成。")
        if len(county) > 50:
            raise ValidationError(f"县名“{county[:20]}……”过长，请只写县的名称。")
    if term_no is not None and not 1 <= term_no <= 99:
        raise ValidationError(f"届次“{term_no}”无效，应为 1 到 99 之间的整数，如 --term 11。")
    if current is None:
        missing = [
            flag
            for flag, value in (("--county 县名", county), ("--term 届次", term_no), ("--term-start 起始年份", start_year))
            if value is None
        ]
        if missing:
            raise ValidationError(
                "库中还没有本会信息。请同时给出 "
                + "、".join(missing)
                + "，如：python -m workbench init --county 青岚县 --term 11 --term-start 2022。"
            )
        _check_year(start_year, "届的起始年份")
        assert county is not None and term_no is not None
        with store.writer(actor) as w:
            committee_id = w.insert(
                schema.committee, {"name": default_name(county), "county": county, "office": default_office(county)}
            )
            w.insert(schema.term, {"committee_id": committee_id, "term_no": term_no, "start_year": start_year})
        return f"已建立{default_name(county)}{_term_label(term_no)}（{start_year}年起）。"
    if county is not None and county != current.county:
        raise ValidationError(f"库中已是{current.name}，不能改为“{county}”。如需更改名称，请在编辑器“本会设置”页修改。")
    if term_no is None:
        if start_year is not None:
            raise ValidationError("给出 --term-start 时请同时给出 --term 届次。")
        return f"本会信息已存在：{current.name}{_term_label(current.term_no) if current.term_no else ''}。"
    if current.term_no is not None and term_no == current.term_no:
        raise ValidationError(
            f"{current.name}{_term_label(term_no)}已经存在，未作改动。换届时请写新的届次，如 --term {term_no + 1}。"
        )
    if current.term_no is not None and term_no < current.term_no:
        raise ValidationError(
            f"届次“{term_no}”早于当前的{_term_label(current.term_no)}，未作改动。"
            f"换届时请写新的届次，如 --term {current.term_no + 1}。"
        )
    if start_year is None:
        raise ValidationError(f"开始{_term_label(term_no)}时请同时给出 --term-start 起始年份，如 --term-start 2027。")
    _check_year(start_year, "届的起始年份")
    if current.term_start_year is not None and start_year < current.term_start_year:
        raise ValidationError(
            f"{_term_label(term_no)}的起始年份 {start_year} 早于"
            f"{_term_label(current.term_no or 0)}的起始年份 {current.term_start_year}，未作改动。"
        )
    t = schema.term
    with store.writer(actor) as w:
        w.insert(t, {"committee_id": current.id, "term_no": term_no, "start_year": start_year})
        if current.term_id is not None:
            old = w.get(t, current.term_id)
            if old["end_year"] is None:
                w.update(t, current.term_id, {"end_year": start_year - 1}, expected_version=old["version"])
    return (
        f"已开始{current.name}{_term_label(term_no)}（{start_year}年起），会议次序从第一次起重新编号。"
        f"{_term_label(current.term_no or 0)}的会议、委员和出勤记录保持不变；"
        "请导入本届委员名单，并在“本会设置”中录入本届主席、副主席和秘书长。"
    )


def save_settings(
    store: Store,
    *,
    county: str,
    name: str,
    office: str,
    contact_person: str | None,
    contact_phone: str | None,
    leaders: list[Leader],
    expected_version: int,
    loaded_leaders: tuple[Leader, ...] | None = None,
    actor: str | None = None,
) -> CommitteeProfile:
    """Save what the setup tab shows: names, office contact, the current term's leaders. One transaction.

    `expected_version` is the committee row's version when the tab loaded it, `loaded_leaders`
    the leaders it showed: a colleague's save in between is a conflict, not silently overwritten.
    """
    current = profile(store)
    if current is None:
        raise ValidationError("库中还没有本会信息，请先填写县名、届次和起始年份建立本会。")
    values = {
        "county": (county or "").strip(),
        "name": (name or "").strip(),
        "office": (office or "").strip(),
        "contact_person": (contact_person or "").strip() or None,
        "contact_phone": (contact_phone or "").strip() or None,
    }
    for field, zh in (("county", "县名"), ("name", "委员会名称"), ("office", "办公室名称")):
        if not values[field]:
            raise ValidationError(f"{zh}不能为空，未保存。")
    cleaned: list[Leader] = []
    for n, leader in enumerate(leaders, start=1):
        person, title = (leader.name or "").strip(), (leader.title or "").strip()
        if not person and not title:
            continue
        if not person or not title:
            raise ValidationError(f"本届领导第{n}行：姓名和职务都要填写（如“周启明”“主席”），未保存。")
        if any(c.name == person for c in cleaned):
            raise ValidationError(f"本届领导中“{person}”出现了两次，未保存。")
        cleaned.append(Leader(person, title))
    lead = schema.leader
    with store.writer(actor) as w:
        w.update(schema.committee, current.id, values, expected_version=expected_version)
        if current.term_id is not None:
            existing = w.conn.execute(
                select(lead.c.id, lead.c.name, lead.c.title, lead.c.position, lead.c.version, lead.c.updated_by).where(
                    lead.c.term_id == current.term_id
                )
            ).all()
            stored = [(r.name, r.title) for r in sorted(existing, key=lambda r: (r.position, r.id))]
            if loaded_leaders is not None and stored != [(x.name, x.title) for x in loaded_leaders]:
                who = "、".join(sorted({r.updated_by for r in existing if r.updated_by})) or "他人"
                raise ConflictError(
                    f"本届领导名单在您打开本页之后已被 {who} 修改，为免覆盖对方的修改，未保存。"
                    f"现在的名单是：{'、'.join(f'{t}{n}' for n, t in stored) or '（空）'}。",
                    table="leader",
                    record_id=0,
                    current={},
                    changed_by=who,
                    changes=[],
                )
            if stored != [(c.name, c.title) for c in cleaned]:
                for r in existing:
                    w.delete(lead, r.id, expected_version=r.version)
                for position, c in enumerate(cleaned, start=1):
                    w.insert(lead, {"term_id": current.term_id, "position": position, "name": c.name, "title": c.title})
    saved = profile(store)
    assert saved is not None
    return saved
