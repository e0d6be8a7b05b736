"""File-level fuzzing of every import kind: random workbooks and CSV files as offices might send them.

Headers are drawn from the kind's own (and its synonyms) mixed with stray text; cells are of every
type a spreadsheet holds — numbers far too large, dates, booleans, formulas without cached values,
control characters, label wording, empty — with merged cells and several CSV encodings. Whatever
comes in, the command answers with a Chinese message (never an internal error), a refused file
leaves the store exactly as it was, and afterwards every kind still exports.
"""

from __future__ import annotations

import os
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.figures import FIGURES
from helpers.stores import store_snapshot
from workbench import sheets
from workbench.base import config
from workbench.sheets.kinds import KINDS

pytestmark = pytest.mark.faults

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "20"))
_CONTROL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 0x7F))


def _label_words() -> list[str]:
    labels = config.labels()
    words = []
    for name in (
        "proposal_status",
        "proposal_category",
        "supervision_status",
        "attendance_state",
        "plan_item_status",
        "briefing_status",
        "reply_category",
    ):
        words.extend(labels[name].labels)
    return words


def _cells(csv: bool):
    text = st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
        if csv
        else st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        max_size=30,
    )
    choices = [
        st.none(),
        st.integers(min_value=-10, max_value=300),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)),
        st.sampled_from(["=1/0", "=SUM(A1:A3)", "=A2", "+1+1", "-2", "@SUM(1)", '=HYPERLINK("x")']),
        st.sampled_from(
            [
                *_label_words(),
                "2026",
                "001",
                "2026-03-10",
                "2026/3/10",
                "2026年3月10日",
                "是",
                "否",
                "县财政局",
                "十一届十八次常委会议",
                "JD-2026-01",
            ]
        ),
        text,
    ]
    if csv:
        choices.append(st.text(alphabet=_CONTROL + '甲,"\n\r\t', max_size=8))
    return st.one_of(*choices)


def _plausible(field):
    """A value a unit might really write in this column."""
    if field.type == "int":
        return st.sampled_from([2025, 2026]) if field.name == "year" else st.integers(1, 400)
    if field.type == "date":
        return st.one_of(
            st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
            st.sampled_from(["2026-03-10", "2026/3/10", "2026年3月10日", "2026.3.10"]),
        )
    if field.type == "label":
        return st.sampled_from(config.labels()[field.labels].labels)
    if field.type == "bool":
        return st.sampled_from(["是", "否", True, False])
    if field.type == "ref":
        return st.sampled_from(["十一届十八次常委会议", "十一届十七次常委会议", "第一联络组", "第一监督小组", "不存在的"])
    if field.name in ("code",):
        return st.sampled_from(["JD-2026-01", "JD-2026-02", "TB-2026-01", "新编号-1"])
    return st.text(alphabet="县政协财政局关于加强建议委员张王李办公室一二三", min_size=1, max_size=12)


@st.composite
def sheet_files(draw, kind):
    csv = draw(st.booleans())
    own = [h for f in kind.fields for h in f.headers]
    stray = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=6)
    if draw(st.booleans()):
        # Near a real file: the kind's own columns, mostly plausible values, some cells of any type.
        fields = draw(st.permutations([f for f in kind.fields if not f.readonly]))
        fields = [f for f in fields if f.name in kind.must_have or draw(st.booleans())]
        headers = [draw(st.sampled_from(f.headers)) for f in fields]
        width = len(headers)
        rows = [
            [draw(_cells(csv)) if draw(st.integers(0, 15)) == 0 else draw(_plausible(f)) for f in fields]
            for _ in range(draw(st.integers(1, 6)))
        ]
    else:
        headers = draw(st.lists(st.one_of(st.sampled_from(own), st.sampled_from(own), stray, st.none()), min_size=1, max_size=9))
        width = len(headers)
        rows = draw(st.lists(st.lists(_cells(csv), min_size=width, max_size=width), max_size=6))
    above = draw(st.integers(min_value=0, max_value=2))  # title rows above the header
    merges = (
        draw(st.lists(st.tuples(st.integers(1, 8), st.integers(1, 9), st.integers(0, 2), st.integers(0, 2)), max_size=3))
        if not csv
        else []
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])) if csv else None
    valid_only = draw(st.booleans())
    return csv, headers, rows, above, merges, encoding, valid_only


def _write(path_base, spec) -> os.PathLike:
    csv, headers, rows, above, merges, encoding, _valid_only = spec
    if csv:
        import csv as csv_module
        import io

        buf = io.StringIO()
        w = csv_module.writer(buf)
        for _ in range(above):
            w.writerow(["青岚县政协提案办理情况表"])
        w.writerow(["" if h is None else h for h in headers])
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
        path = path_base.with_suffix(".csv")
        try:
            path.write_bytes(buf.getvalue().encode(encoding))
        except UnicodeEncodeError:
            path.write_bytes(buf.getvalue().encode("utf-8"))
        return path
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(above):
        ws.append(["青岚县政协提案办理情况表"])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    for row, col, down, right in merges:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + down, end_column=col + right)
    path = path_base.with_suffix(".xlsx")
    wb.save(path)
    return path


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_random_files_get_chinese_answers_and_leave_the_store_whole(kind, demo_store, cli, tmp_path):
    tried = {"accepted": 0, "refused": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(spec=sheet_files(kind))
    def one(spec):
        path = _write(tmp_path / f"随机{sum(tried.values())}", spec)
        before = store_snapshot(demo_store)
        r = cli("import", kind.zh, path, *(["--valid-only"] if spec[-1] else []))
        assert r.code != 70 and "Traceback" not in r.err, r.err  # 70: 程序内部错误
        if r.code == 0:
            tried["accepted"] += 1
        else:
            tried["refused"] += 1
            assert r.err.startswith("错误：") and any("\u4e00" <= ch <= "\u9fff" for ch in r.err), r.err
            assert store_snapshot(demo_store) == before, r.err

    one()
    # Whatever was accepted, every kind still exports, whole and by department, and the packet too.
    for other in KINDS:
        sheets.export(demo_store, other, tmp_path / "导出" / f"{other.zh}.xlsx")
        if other.unit:
            sheets.export_by_department(demo_store, other, tmp_path / "导出" / f"{other.zh}按单位")
    assert cli("packet", "export", "--out", tmp_path / "材料").code == 0
    FIGURES.append(
        f"随机表格导入（{kind.zh}）：{sum(tried.values())} 个文件，接受 {tried['accepted']} 个，"
        f"以中文说明拒绝 {tried['refused']} 个，内部错误 0 个"
    )
