"""Reading a returned .xlsx or .csv as it really comes: finding the sheet and its header row.

Offices put a title row above the table, split headers over two rows with merged
cells (“答复情况” over “答复日期 | 答复类别”), reorder or add columns, and save CSV
as UTF-8 with or without a BOM or as GB18030. The reader finds the header block
by matching cells against a kind's headers and synonyms, maps each column to a
field, and returns the data rows with their real row numbers. A file it cannot
read at all — missing, a folder, empty, not a spreadsheet, damaged, or still open
in another program — is refused with a `SheetError` naming the file.

A workbook is read as a person sees it: only visible sheets (a hidden one holds
drafts, dropdown choices or scratch work, and is named in the preview, never
imported); every visible sheet with this kind's header (one sheet per unit or per
month), each row keeping its sheet's name; merged cells filled and hidden rows
left out (see `xlsx_rows`). What was filled, skipped or ignored is said in
`SheetData.reading_notices()`, which the preview shows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.base.errors import SheetError
from workbench.sheets import normalize, xlsx_rows
from workbench.sheets.kinds import Kind

DEPARTMENT_MARK = "workbench-department:"  # set by export.export_by_department
EXPORTED_AT = "exported-at:"  # then ";exported-at:<ISO time>" (see stale.py)


def exported_at(keywords: str) -> datetime | None:
    for part in keywords.split(";"):
        if part.startswith(EXPORTED_AT):
            try:
                return datetime.fromisoformat(part[len(EXPORTED_AT) :])
            except ValueError:
                return None
    return None


SCAN_ROWS = 15  # a header further down than this is not a header
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
OLD_SUFFIXES = {".xls", ".et", ".ett", ".ods", ".numbers"}


@dataclass
class SheetData:
    path: Path
    sheet: str  # worksheet name; "" for CSV
    header_row: int  # last header row (1-based)
    columns: dict[str, int]  # field name → column index (0-based)
    headers: dict[str, str]  # field name → header as written in the file
    extra: list[str] = field(default_factory=list)  # headers not understood (ignored)
    repeated: list[str] = field(default_factory=list)  # a second column for the same field (ignored)
    # (row number, cell values) below the header; from a workbook, streamed from the file as it is read
    rows: Iterable[tuple[int, tuple]] = field(default_factory=list)
    department: bool = False  # a per-department workbook sent back: read only its fill columns
    exported_at: datetime | None = None  # when that workbook was exported (to catch edits made since)
    titles: list[str] = field(default_factory=list)  # text of the rows above the header (a title row)
    defaults: dict[str, Any] = field(default_factory=dict)  # values for fields the file has no column for
    sources: dict[str, str] = field(default_factory=dict)  # field → where its default came from, in Chinese
    terms: Any = None  # session.Terms, to work out a row's session from its year
    notices: list[str] = field(default_factory=list)  # what reading chose or ignored, in Chinese
    column_names: dict[int, str] = field(default_factory=dict)  # column index → header, for the notices

    @property
    def where(self) -> str:
        return f"文件“{self.path.name}”" + (f"工作表“{self.sheet}”" if self.sheet else "")

    @property
    def several_sheets(self) -> bool:
        return len(getattr(self.rows, "parts", ())) > 1

    def where_of(self, number: int) -> str:
        """The file and sheet of one data row (rows of a several-sheet workbook carry their sheet)."""
        sheet = getattr(number, "sheet", None)
        return f"文件“{self.path.name}”工作表“{sheet}”" if sheet else self.where

    def reading_notices(self) -> list[str]:
        """What reading did besides reading: sheets chosen or ignored, merges filled, hidden rows skipped.

        Complete once `rows` has been read through (the import's check does that first).
        """
        out = list(self.notices)
        filled = getattr(self.rows, "filled", None) or []
        hidden = getattr(self.rows, "hidden", None) or []
        shown = []
        for sheet, fill in filled:
            if not fill.rows:
                continue
            cols = [self.column_names[c] for c in range(fill.merge.left, fill.merge.right + 1) if c in self.column_names]
            if not cols:
                continue
            value = normalize.shown(fill.value)
            value = value if len(value) <= 16 else value[:15] + "…"
            place = f"工作表“{sheet}”" if sheet and self.sheet != sheet else ""
            shown.append(f"{place}“{'”“'.join(cols)}”列 {fill.merge.ref}（“{value}”，填入{row_span(fill.rows)}）")
        if shown:
            more = f"等，共 {len(shown)} 处" if len(shown) > 8 else ""
            out.append(
                "以下合并单元格按表格中看到的样子读取，其值已填入合并范围内的每一行："
                + "；".join(shown[:8])
                + more
                + "。请核对预览中的这些行。"
            )
        by_sheet: dict[str, list[int]] = {}
        for sheet, number in hidden:
            by_sheet.setdefault(sheet, []).append(number)
        for sheet, numbers in by_sheet.items():
            place = f"工作表“{sheet}”" if sheet and self.sheet != sheet else ""
            out.append(
                f"{place}{row_span(numbers)}是隐藏行（手动隐藏或被筛选隐藏），未导入；"
                "如需导入，请在 Excel 或 WPS 中取消隐藏或清除筛选后重新导入。"
            )
        return out


class SheetRow(int):
    """A row number as Excel shows it, in a workbook read sheet by sheet: it also names its sheet.

    Equal only to the same row of the same sheet, so rows of different sheets never collide.
    """

    sheet: str

    def __new__(cls, number: int, sheet: str) -> SheetRow:
        row = super().__new__(cls, number)
        row.sheet = sheet
        return row

    def __eq__(self, other: object) -> bool:
        return isinstance(other, int) and int(self) == int(other) and getattr(other, "sheet", None) == self.sheet

    def __hash__(self) -> int:
        return hash((int(self), self.sheet))


def row_name(number: int) -> str:
    """“第5行”, or “工作表“二季度”第5行” for a row of a several-sheet workbook."""
    sheet = getattr(number, "sheet", None)
    return f"工作表“{sheet}”第{int(number)}行" if sheet else f"第{number}行"


def row_span(numbers: list[int]) -> str:
    """Row numbers as ranges: “第4—10、15行”."""
    numbers = sorted(set(int(n) for n in numbers))
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}—{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    text = "、".join(parts[:12]) + ("等" if len(parts) > 12 else "")
    return f"第{text}行"


def lock_file(path: Path) -> Path | None:
    """The lock file WPS, Excel or LibreOffice keeps beside a workbook while it is open, if any."""
    name = path.name
    for candidate in (f".~lock.{name}#", f"~${name}", f"~${name[2:]}" if len(name) > 2 else None):
        if candidate and (path.parent / candidate).exists():
            return path.parent / candidate
    return None


def read(path: str | Path, kind: Kind) -> SheetData:
    path = Path(path)
    name = path.name
    if not path.exists():
        raise SheetError(f"找不到文件“{path}”。请检查路径和文件名。")
    if path.is_dir():
        raise SheetError(f"“{path}”是一个文件夹，不是表格文件。请指定要导入的 .xlsx 或 .csv 文件。")
    lock = lock_file(path)
    if lock is not None:
        raise SheetError(
            f"文件“{name}”似乎仍在 WPS、Excel 或 LibreOffice 中打开（旁边有锁定文件“{lock.name}”）。"
            "请先在该程序中保存并关闭文件再导入，以免导入未保存的旧内容；"
            "如确认文件已关闭，可删除该锁定文件后重试。"
        )
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except PermissionError:
        raise SheetError(f"没有读取文件“{name}”的权限，或文件正被其他程序独占。请关闭其他程序或检查文件权限后重试。") from None
    except OSError:
        raise SheetError(
            f"无法读取文件“{name}”：系统拒绝读取（文件可能在网络盘上已断开或正被占用）。请把文件复制到本机后重试。"
        ) from None
    if not head:
        raise SheetError(f"文件“{name}”是空的（0 字节），其中没有任何数据。")
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0") and _encrypted(path):
        raise SheetError(
            f"文件“{name}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中输入密码打开后，"
            "删除密码（“文件—信息—保护工作簿—用密码进行加密”清空）并保存为 .xlsx，再导入。"
        )
    if suffix in OLD_SUFFIXES or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(
            f"文件“{name}”是旧版 .xls、WPS 或加密的工作簿，无法直接读取。"
            "请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）且不设密码后再导入。"
        )
    if suffix in EXCEL_SUFFIXES or head.startswith(b"PK\x03\x04"):
        if not head.startswith(b"PK"):
            raise SheetError(f"文件“{name}”不是有效的 Excel 工作簿（.xlsx）：内容不是表格，可能只是改了扩展名。")
        return _read_xlsx(path, kind)
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path, kind)
    raise SheetError(f"文件“{name}”不是表格文件。请导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。")


def _encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE container holding an “EncryptedPackage” stream."""
    with open(path, "rb") as f:
        return "EncryptedPackage".encode("utf-16-le") in f.read(32 << 20)


def _check_zip(path: Path) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        raise SheetError(
            f"文件“{name}”已损坏或不是完整的 Excel 工作簿（.xlsx），无法读取。"
            "可能是下载或拷贝未完成，请重新获取该文件，或在 Excel、WPS 中打开确认后重新保存。"
        ) from None
    if "xl/workbook.xml" not in names:
        what = "Word 文档" if "word/document.xml" in names else ("演示文稿" if "ppt/presentation.xml" in names else "压缩文件")
        raise SheetError(
            f"文件“{name}”无法作为 Excel 工作簿读取：它是{what}，只是扩展名为 .xlsx。请导入 Excel 工作簿（.xlsx）或 CSV 文件。"
        )


def _read_xlsx(path: Path, kind: Kind) -> SheetData:
    import openpyxl

    name = path.name
    _check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise SheetError(
            f"文件“{name}”已损坏，无法作为 Excel 工作簿读取。请在 Excel 或 WPS 中打开确认后另存为 .xlsx 再导入。"
        ) from None
    try:
        found_sheets = []  # (sheet, rows above and around the header, the header found)
        hidden_names: list[str] = []
        ignored: list[str] = []  # visible sheets with values but no header of this kind
        for ws in wb.worksheets:
            ws.reset_dimensions()  # some programs write a wrong sheet size; read what is there
            if getattr(ws, "sheet_state", "visible") != "visible":
                hidden_names.append(ws.title)
                continue
            top = [tuple(r) for r in ws.iter_rows(max_row=SCAN_ROWS, values_only=True)]
            found = _locate(top, kind)
            if found:
                found_sheets.append((ws, top, found))
            elif any(v is not None and str(v).strip() for r in top for v in r):
                ignored.append(ws.title)
        if not found_sheets:
            hidden_found = [ws.title for ws in wb.worksheets if ws.title in hidden_names and _locate(_top(ws), kind)]
            if hidden_found:
                raise SheetError(
                    f"文件“{name}”中只有隐藏的工作表“{'”“'.join(hidden_found)}”有{kind.zh}表头。"
                    "隐藏的工作表多为草稿或备用内容，不予导入；如确需导入，请在 Excel 或 WPS 中"
                    "取消隐藏该工作表（右键工作表标签—取消隐藏）并保存后再导入。"
                )
            if not any(_rows_with_values(ws) for ws in wb.worksheets):
                raise SheetError(f"文件“{name}”中没有任何数据。")
            raise _no_header(name, kind)
        best = max(found_sheets, key=lambda x: len(x[2][1]))  # the first sheet with the most known columns
        wanted = {k for k in kind.must_have if k in best[2][1]}
        chosen = [x for x in found_sheets if x is best or wanted <= set(x[2][1])]
        ignored += [x[0].title for x in found_sheets if x not in chosen]
        notices = []
        if len(chosen) > 1:
            notices.append(
                f"本文件有 {len(chosen)} 个{kind.zh}工作表（“{'”“'.join(x[0].title for x in chosen)}”），已全部读取；"
                "预览和问题中的行号注明所在工作表。"
            )
        if hidden_names:
            notices.append(f"隐藏的工作表“{'”“'.join(hidden_names)}”未读取（隐藏的工作表多为草稿或下拉选项）。")
        if ignored:
            notices.append(f"工作表“{'”“'.join(ignored)}”中没有{kind.zh}表头，未读取。")
        ws, top, (header_row, columns, headers, extra, repeated) = best
        rows: Any
        if len(chosen) == 1:
            rows = _Sheets([(ws.title, _sheet_rows(ws, path, header_row), None)])
        else:
            rows, columns, headers, extra, repeated = _combine(chosen, path)
        keywords = getattr(wb.properties, "keywords", None) or ""
        department = keywords.startswith(DEPARTMENT_MARK + kind.name)
        return SheetData(
            path,
            ws.title if len(chosen) == 1 else "",
            header_row,
            columns,
            headers,
            extra,
            repeated,
            rows,
            department=department,
            exported_at=exported_at(keywords) if department else None,
            titles=_title_lines(top, header_row, columns, headers),
            notices=notices,
            column_names={c: headers[f] for f, c in columns.items()},
        )
    except SheetError:
        raise
    except Exception:
        raise SheetError(f"读取文件“{name}”时出错，文件可能已损坏。请在 Excel 或 WPS 中打开确认后重新保存再导入。") from None
    finally:
        wb.close()


def _top(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(max_row=SCAN_ROWS, values_only=True)]


def _sheet_rows(ws, path: Path, header_row: int) -> Iterable[tuple[int, tuple]]:
    streamed = xlsx_rows.rows(ws, path, header_row + 1)
    if streamed is not None:
        return streamed
    # Not a file part we can stream: openpyxl's own reading (no merges or hidden rows known then).
    return [
        (number, tuple(values))
        for number, values in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1)
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values)
    ]


class _Sheets:
    """The data rows of one or more sheets, in workbook order; each sheet's columns laid out as the first's.

    `filled` and `hidden` collect, per sheet, what `xlsx_rows.Rows` filled from merges and skipped as hidden.
    """

    def __init__(self, parts: list[tuple[str, Iterable[tuple[int, tuple]], list[int | None] | None]]):
        self.parts = parts  # (sheet name, its rows, combined column → its column, or None when read as is)
        self.filled: list[tuple[str, Any]] = []
        self.hidden: list[tuple[str, int]] = []

    def __iter__(self):
        self.filled, self.hidden = [], []
        several = len(self.parts) > 1
        for sheet, rows, layout in self.parts:
            for number, values in rows:
                if layout is not None:
                    values = tuple(values[c] if c is not None and c < len(values) else None for c in layout)
                yield (SheetRow(number, sheet) if several else number), values
            self.filled += [(sheet, f) for f in getattr(rows, "filled", [])]
            self.hidden += [(sheet, n) for n in getattr(rows, "hidden", [])]


def _combine(chosen: list, path: Path):
    """Several sheets as one: the union of their columns, each sheet's rows laid out in that order."""
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    extra: list[str] = []
    repeated: list[str] = []
    for _, _, (_, cols, heads, ex, rep) in chosen:
        for f in cols:
            if f not in columns:
                columns[f], headers[f] = len(columns), heads[f]
        extra += [e for e in ex if e not in extra]
        repeated += [r for r in rep if r not in repeated]
    parts: list[tuple[str, Iterable[tuple[int, tuple]], list[int | None] | None]] = []
    for ws, _, (header_row, cols, _, _, _) in chosen:
        layout: list[int | None] = [cols.get(f) for f in columns]
        parts.append((ws.title, _sheet_rows(ws, path, header_row), layout))
    return _Sheets(parts), columns, headers, extra, repeated


def _title_lines(top: list[tuple], header_row: int, columns, headers) -> list[str]:
    """The text of the rows above the header block: a title such as “…第三次会议提案办理情况统计表”."""
    first_header = header_row
    for i in range(header_row - 1, -1, -1):  # the header block may span several rows
        if any(isinstance(v, str) and v.strip() in headers.values() for v in top[i]):
            first_header = i
    out = []
    for values in top[:first_header]:
        cells = [normalize.text(v) for v in values if v is not None]
        line = " ".join(c for c in cells if c)
        if line:
            out.append(line)
    return out


def _rows_with_values(ws) -> bool:
    for values in ws.iter_rows(max_row=SCAN_ROWS * 4, values_only=True):
        if any(v is not None and str(v).strip() for v in values):
            return True
    return False


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw[:4096]):
        # Excel's “Unicode text” and some systems' exports: UTF-16, usually tab-separated.
        try:
            text = raw.decode("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else _utf16_without_bom(raw[:4096]))
            return text.lstrip("\ufeff")
        except UnicodeDecodeError:
            raise SheetError(
                f"文件“{path.name}”的 UTF-16 文字编码有误，无法读取。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。"
            ) from None
    if b"\x00" in raw[:4096]:
        raise SheetError(f"文件“{path.name}”不是文本格式的 CSV 文件（含有二进制内容）。请导入 .xlsx 或 .csv 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            # A BOM written twice (a file saved again by a program that adds its own), or GB18030's BOM
            # (84 31 95 33), decodes to U+FEFF before the first header: it is no part of the text.
            return raw.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    raise SheetError(f"无法识别文件“{path.name}”的文字编码。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。")


def _utf16_without_bom(head: bytes) -> str:
    """“utf-16-le”/“utf-16-be” when text has a zero byte beside nearly every ASCII one, else ""."""
    if len(head) < 8:
        return ""
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = len(head) // 2
    if odd > half * 0.3 and even == 0:
        return "utf-16-le"
    if even > half * 0.3 and odd == 0:
        return "utf-16-be"
    return ""


def _read_csv(path: Path, kind: Kind) -> SheetData:
    try:
        content = _decode(path)
    except PermissionError:
        raise SheetError(f"没有读取文件“{path.name}”的权限。") from None
    if not content.strip():
        raise SheetError(f"文件“{path.name}”中没有任何数据。")
    sample = content[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    try:
        records = [tuple(r) for r in csv.reader(io.StringIO(content, newline=""), dialect)]
    except csv.Error:
        raise SheetError(
            f"文件“{path.name}”不是有效的 CSV 文件（引号或分隔符不成对）。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。"
        ) from None
    found = _locate(records[:SCAN_ROWS], kind)
    if not found:
        raise _no_header(path.name, kind)
    header_row, columns, headers, extra, repeated = found
    rows = [
        (i, tuple(v if v.strip() else None for v in r))
        for i, r in enumerate(records[header_row:], start=header_row + 1)
        if any(v.strip() for v in r)
    ]
    return SheetData(
        path,
        "",
        header_row,
        columns,
        headers,
        extra,
        repeated,
        rows,
        titles=_title_lines(records[:SCAN_ROWS], header_row, columns, headers),
    )


def _no_header(name: str, kind: Kind) -> SheetError:
    wanted = "、".join(kind.field(k).zh for k in kind.must_have)
    return SheetError(
        f"在文件“{name}”的前 {SCAN_ROWS} 行中找不到{kind.zh}表的表头（至少应有“{wanted}”等列）。请确认导入的表格类型是否正确。"
    )


def _header_index(kind: Kind) -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for f in kind.fields:
        for h in f.headers:
            exact.setdefault(normalize.header_key(h), f.name)
            loose.setdefault(normalize.header_key_loose(h), f.name)
    return exact, loose


def _match(cell: Any, index) -> str | None:
    if cell is None or not isinstance(cell, str):
        return None
    exact, loose = index
    return exact.get(normalize.header_key(cell)) or loose.get(normalize.header_key_loose(cell))


def _matches(row: tuple, index) -> dict[int, str]:
    return {c: f for c, v in enumerate(row) if (f := _match(v, index))}


def _joinable(upper: tuple, upper_m: dict, lower: tuple, lower_m: dict) -> bool:
    """Two rows form one header when each names what the other leaves blank (merged cells)."""
    if not upper_m or not lower_m or set(upper_m.values()) & set(lower_m.values()):
        return False
    for c in upper_m:
        if c < len(lower) and lower[c] not in (None, ""):
            return False
    return all(not (c < len(upper) and c in upper_m) for c in lower_m)


def _locate(top: list[tuple], kind: Kind):
    """(last header row, columns, headers, extra, repeated) for the best header block, or None."""
    index = _header_index(kind)
    matched = [_matches(r, index) for r in top]
    if not any(matched):
        return None
    best = max(range(len(top)), key=lambda i: (len(set(matched[i].values())), -i))
    block = [best]
    while block[0] > 0 and _joinable(top[block[0] - 1], matched[block[0] - 1], top[block[0]], _union(matched, block)):
        block.insert(0, block[0] - 1)
    while block[-1] + 1 < len(top) and _joinable(
        top[block[-1]], _union(matched, block), top[block[-1] + 1], matched[block[-1] + 1]
    ):
        block.append(block[-1] + 1)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    extra, repeated = [], []
    width = max(len(top[i]) for i in block)
    for c in range(width):
        cells = [top[i][c] for i in block if c < len(top[i]) and top[i][c] not in (None, "")]
        fields = [matched[i][c] for i in block if c in matched[i]]
        written = normalize.text(cells[-1]) if cells else None
        if fields:
            f = fields[0]
            header = next(str(top[i][c]) for i in block if matched[i].get(c) == f)
            if f in columns:
                # Prefer the column headed with the field's own name over a synonym.
                if normalize.header_key(header) == normalize.header_key(kind.field(f).zh) and normalize.header_key(
                    headers[f]
                ) != normalize.header_key(kind.field(f).zh):
                    repeated.append(normalize.text(headers[f]))
                    columns[f], headers[f] = c, normalize.text(header) or header
                else:
                    repeated.append(normalize.text(header))
                continue
            columns[f], headers[f] = c, normalize.text(header) or header
        elif written:
            extra.append(written)
    return block[-1] + 1, columns, headers, extra, repeated


def _union(matched: list[dict], block: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in block:
        out.update(matched[i])
    return out
