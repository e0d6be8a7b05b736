"""Checking every cell before anything is written: a report of each bad cell, in Chinese.

Each problem names the sheet, the row number as Excel shows it, the column as
headed in the file, the value found and what was expected. Problems about the
file as a whole (a required column missing) have no row. Rows with problems are
left out of the import; unless the user asks for the valid rows only, any
problem means nothing is written at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.base import config
from workbench.base.numerals import chinese_number
from workbench.base.values import CONTROL
from workbench.office import special_committees
from workbench.sheets import codes, future_meetings, normalize
from workbench.sheets.existing import Holdings, Record
from workbench.sheets.kinds import Kind
from workbench.sheets.reader import SheetData, row_name

MAX_CHOICES = 12


@dataclass(slots=True)
class Problem:
    where: str  # 文件“…”工作表“…”
    row: int | None  # None: the file as a whole
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        place = self.where + (f"第{self.row}行" if self.row else "")
        if self.column and self.row:
            place += f"“{self.column}”列"
        if self.row is None or self.column is None:
            return f"{place}：{self.expected}。".replace("。。", "。")
        found = f"填写的“{self.value}”有误" if self.value not in (None, "") else "为空"
        return f"{place}{found}，应为{self.expected}。"


@dataclass(slots=True)
class Row:
    number: int
    values: dict[str, Any]  # normalised, only the columns the file has
    key: tuple
    record: Record | None = None  # what the store holds under this key
    ids: dict[str, int] = field(default_factory=dict)  # referenced records resolved to ids


@dataclass
class Checked:
    rows: list[Row]
    problems: list[Problem]
    notices: list[str]
    bad_rows: set[int]
    matched: set[int]  # ids of stored records the file names, valid rows or not
    fatal: bool = False  # nothing in the file can be imported


def check(kind: Kind, data: SheetData, holdings: Holdings) -> Checked:
    where = data.where
    problems: list[Problem] = []
    notices: list[str] = []
    if data.extra:
        notices.append(f"以下列无法识别，已忽略：{'、'.join(data.extra)}。")
    if data.department:
        filled = "、".join(f"“{kind.field(n).zh}”" for n in kind.fill if n in data.columns)
        notices.append(f"这是按单位导出的填报表，只导入填写列（{filled}），其他列仅供对照，改动不会导入。")
    if data.repeated:
        notices.append(f"以下列与其他列重复，已忽略：{'、'.join(data.repeated)}。")
    for name, source in data.sources.items():
        field_name = {"term": "term_no", "session": "session_no"}.get(name, name)
        if field_name in data.defaults and field_name not in data.columns:
            shown = _default_shown(field_name, data.defaults[field_name])
            notices.append(f"{kind.field(field_name).zh}取为“{shown}”（依据：{source}）。")
    coder = None
    if codes.applies(kind, data.columns):
        coder = codes.Coder.start(kind, holdings, [*data.titles, data.sheet, data.path.stem])
    missing = [
        kind.field(n).zh
        for n in kind.must_have
        if n not in data.columns and n not in data.defaults and not (coder is not None and n == "code")
    ]
    if missing:
        found = "、".join(data.headers.values()) or "（无）"
        problems.append(Problem(where, None, None, None, f"缺少必需的列“{'”“'.join(missing)}”。文件中识别到的列为：{found}。"))
        return Checked([], problems, notices, set(), set(), fatal=True)

    fields = [kind.field(n) for n in data.columns]
    sets = config.labels()  # once, not per cell: finding the office's label file touches the disk
    rows: list[Row] = []
    bad: set[int] = set()
    first_row_of: dict[Any, int] = {}
    matched: set[int] = set()
    cleaned: list[str] = []  # cells that held control characters, removed
    memo: dict[str, dict] = {f.name: {} for f in fields}
    shared: dict[str, str] = {}
    several = data.several_sheets

    for number, cells in data.rows:
        values: dict[str, Any] = {}
        row_problems: list[Problem] = []

        place = data.where_of(number) if several else where

        def report(
            column: str | None,
            value: Any,
            expected: str,
            number: int = number,
            row_problems: list[Problem] = row_problems,
            place: str = place,
        ) -> None:
            row_problems.append(Problem(place, number, column, None if value is None else normalize.shown(value), expected))

        for f in fields:
            c = data.columns[f.name]
            raw = cells[c] if c < len(cells) else None
            if isinstance(raw, str) and CONTROL.search(normalize.unescape(raw)):
                cleaned.append(f"{row_name(number)}“{data.headers[f.name]}”列")
            try:
                if f.type in ("label", "date") and isinstance(raw, str):
                    # Office sheets repeat the same few statuses and dates: read each spelling once.
                    known = memo[f.name]
                    if raw not in known:
                        known[raw] = normalize.value(f, raw, sets)
                    values[f.name] = known[raw]
                else:
                    v = normalize.value(f, raw, sets)
                    if type(v) is str and len(v) <= 24 and len(shared) < 100_000:
                        v = shared.setdefault(v, v)  # one copy of each unit, name and short phrase
                    values[f.name] = v
            except normalize.Bad as exc:
                report(data.headers[f.name], raw, exc.expected)
                values[f.name] = None
        if data.defaults or data.terms is not None:
            _fill_defaults(values, data, {p.column for p in row_problems})
        ids = _resolve(kind, values, holdings, data, report)
        if coder is not None:
            values["code"] = coder.code(values)
        bad_columns = {p.column for p in row_problems}

        for k in kind.must_have:
            if values.get(k) is None and data.headers.get(k) not in bad_columns:
                report(data.headers.get(k, kind.field(k).zh), None, f"{kind.field(k).zh}（识别记录所需，不能为空）")
        key = tuple(values.get(k) for k in kind.key)
        complete = all(values.get(k) is not None for k in kind.must_have)
        record = holdings.find(key) if complete else None
        if record is not None:
            matched.add(record.id)
        if complete:
            identity = record.id if record is not None else key
            if identity in first_row_of:
                first = first_row_of[identity]
                shown_key = "、".join(
                    f"{kind.field(k).zh}“{normalize.shown(values[k])}”" for k in kind.key if values.get(k) is not None
                )
                row_problems.append(
                    Problem(
                        place,
                        number,
                        None,
                        None,
                        f"{shown_key}与{row_name(first)}重复：同一条记录在文件中只能出现一次，请删去多余的一行",
                    )
                )
                bad.add(first)
            else:
                first_row_of[identity] = number
            _check_record(kind, values, record, data, report, bad_columns)
        if row_problems:
            bad.add(number)
            problems.extend(row_problems)
        rows.append(Row(number, values, key, record, ids))

    notices[:0] = data.reading_notices()  # complete now that the rows have been read
    notices += _label_mappings(fields, memo, sets)
    planned = [name for name in holdings.planned if any(r.values.get("meeting") == name for r in rows if r.number not in bad)]
    if planned:
        notices.append(
            f"库中还没有“{'”“'.join(planned)}”，导入时将新建这些会议（日期待定）。"
            "请导入后在“会议”页填写会议日期；日期未填时，导出前检查会提示。"
        )
    adding = [n for n in holdings.new_committees if any(r.values.get("committee") == n for r in rows if r.number not in bad)]
    if adding:
        notices.append(f"库中还没有“{'”“'.join(adding)}”，导入时将新建这些专门委员会。简称、排序可在“专委会”页填写。")
    if coder is not None and (said := coder.notice()):
        notices.append(said)
    if not rows:
        problems.append(Problem(where, None, None, None, f"表头（第{data.header_row}行）以下没有数据行。"))
        return Checked([], problems, notices, set(), set(), fatal=True)
    if cleaned:
        shown_cells = "、".join(cleaned[:10]) + (f"等 {len(cleaned)} 处" if len(cleaned) > 10 else "")
        notices.append(f"{shown_cells}含有看不见的控制字符（多由网页或其他程序粘贴带入），已删除，其余文字照常导入。")
    good = [r for r in rows if r.number not in bad]
    return Checked(good, problems, notices, bad, matched)


def _label_mappings(fields, memo: dict[str, dict], sets) -> list[str]:
    """Each office wording read as a label of its own set, said once: “状态：已办复 → 已答复”."""
    out = []
    for f in fields:
        if f.type != "label" or not f.labels:
            continue
        labels = sets[f.labels]
        pairs = []
        for raw, code in memo.get(f.name, {}).items():
            if code is None:
                continue
            written = normalize.text(raw) or ""
            label = labels.label(code)
            if written != label and (written, label) not in pairs:
                pairs.append((written, label))
        if pairs:
            shown = "、".join(f"{a} → {b}" for a, b in pairs[:12]) + ("等" if len(pairs) > 12 else "")
            out.append(f"“{f.zh}”列按同义词读取：{shown}。")
    return out


def _fill_defaults(values: dict, data: SheetData, bad_columns: set) -> None:
    """Year and session for a row that does not give them: from its own year, else the file's."""
    d = data.defaults
    if values.get("year") is None and data.headers.get("year") not in bad_columns and "year" in d:
        values["year"] = d["year"]
    if "term_no" not in d and "session_no" not in d and data.terms is None:
        return
    if values.get("term_no") is None and values.get("session_no") is None:
        year = values.get("year")
        if year is not None and year != d.get("year") and data.terms is not None:
            values["term_no"], values["session_no"] = data.terms.session_of(year)
        else:
            values["term_no"], values["session_no"] = d.get("term_no"), d.get("session_no")
    elif values.get("term_no") is None:
        values["term_no"] = d.get("term_no") or (data.terms.newest() if data.terms else None)


def _default_shown(name: str, value) -> str:
    if name == "term_no":
        return f"第{chinese_number(value)}届"
    if name == "session_no":
        return f"第{chinese_number(value)}次会议"
    return str(value)


def _choices(refs: dict[str, tuple[str, int]]) -> str:
    names = list(dict.fromkeys(name for name, _ in refs.values()))
    text = "、".join(names[:MAX_CHOICES])
    return text + ("等" if len(names) > MAX_CHOICES else "") if names else "（库中暂无）"


def _resolve(kind: Kind, values: dict, holdings: Holdings, data: SheetData, report) -> dict[str, int]:
    """Referenced records (meeting, group, liaison group, member) by name → ids; canonical names in `values`."""
    ids: dict[str, int] = {}
    for f in kind.fields:
        if f.type != "ref" or f.ref is None or values.get(f.name) is None:
            continue
        refs = holdings.refs.get(f.ref, {})
        found = refs.get(normalize.header_key(values[f.name]))
        if found is None and f.ref == "special_committee":
            found = refs.get(normalize.header_key(special_committees.without_prefix(str(values[f.name]))))
        if found is None and f.ref == "meeting" and kind.name == "briefing_topic":
            planned = future_meetings.parse(values[f.name], holdings.terms)
            if planned is not None:
                found = refs.get(normalize.header_key(planned.name))  # an existing meeting, written another way
                if found is None:
                    holdings.planned.setdefault(planned.name, planned)
                    values[f.name] = planned.name  # its id comes when the import adds it
                    continue
        if found is None and f.ref == "special_committee" and kind.name == "special_committee_member":
            # A composition list is where an office first writes its committees down: add the ones it names.
            name = normalize.text(values[f.name]) or ""
            if name not in holdings.new_committees:
                holdings.new_committees.append(name)
            values[f.name] = name
            continue
        if found is None:
            what = {
                "meeting": "库中已有的会议",
                "supervision_group": "库中已有的民主监督小组",
                "liaison_group": "库中已有的委员联络组",
                "special_committee": "库中已有的专门委员会（新的专门委员会请先导入组成人员名单或在“专委会”页新增）",
            }[f.ref]
            report(data.headers[f.name], values[f.name], f"{what}，如：{_choices(refs)}")
            values[f.name] = None
            continue
        values[f.name], ids[f.name] = found
    if kind.name in ("attendance", "meeting_reply", "special_committee_member") and values.get("name"):
        # The meeting's term for attendance and 回执; a committee is made of the current term's members.
        per_meeting = kind.name != "special_committee_member"
        term_id = holdings.meeting_terms.get(ids.get("meeting", -1)) if per_meeting else holdings.term_id
        # A member of the meeting's term (rows from before terms were kept have none).
        candidates = [c for c in holdings.members.get(values["name"], []) if term_id is None or c[2] in (term_id, None)]
        if values.get("position"):
            narrowed = [c for c in candidates if c[1] == values["position"]]
            candidates = narrowed or candidates
        if not candidates:
            report(data.headers["name"], values["name"], "库中已有委员的姓名（请先导入委员名单）")
        elif len(candidates) > 1:
            report(
                data.headers["name"],
                values["name"],
                "可以区分的委员：库中有同名委员，请在“工作单位及职务”列注明该委员的单位及职务",
            )
        else:
            ids["member"] = candidates[0][0]
    return ids


def _check_record(kind: Kind, values: dict, record: Record | None, data: SheetData, report, bad_columns: set) -> None:
    if kind.name == "plan_progress" and record is None:
        report(
            data.headers["number"],
            values["number"],
            f"{values['year']}年工作要点中已有的条目序号（库中没有第{values['number']}条；新的工作要点请先导入工作要点文件）",
        )
        return
    if data.department and record is None:
        report(None, None, f"库中没有这条{kind.zh}。按单位导出的填报表只能填写已有记录，不能新增；新的{kind.zh}请由办公室录入")
        return
    for f in kind.fields:
        if not f.required or f.readonly:
            continue
        if record is None and values.get(f.name) is None:
            if data.headers.get(f.name) not in bad_columns:
                report(data.headers.get(f.name, f.zh), None, f"{f.zh}（新增记录必须填写）")
        elif (
            record is not None
            and f.name in data.columns
            and values.get(f.name) is None
            and record.values.get(f.name) is not None
            and data.headers[f.name] not in bad_columns
        ):
            report(data.headers[f.name], None, f"{f.zh}（该项不能清空）")
    if kind.name == "plan_progress":
        has_date = values.get("noted_on") is not None
        has_note = values.get("note") is not None
        if has_note and not has_date:
            report(data.headers.get("noted_on", "进展日期"), None, "进展日期（填写进展情况时须同时填写日期）")
        if has_date and not has_note and record is not None and values["noted_on"] not in record.notes:
            report(data.headers.get("note", "进展情况"), None, "该日期的进展情况内容")
