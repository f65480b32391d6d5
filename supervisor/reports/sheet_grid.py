"""An untrusted .xlsx or .xls sheet as a grid of cell texts, merged cells filled in, never computed.

Formulas are read as the text written in the cell ("=SUM(A1:A3)"), never evaluated; in an .xls
file, which keeps only the result Excel last computed, a formula cell is reported as such.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supervisor.archives import XLSX_LIMITS, check_archive_bytes, read_regular_file
from supervisor.reports.errors import WorkbookReadError
from supervisor.reports.xlsx_common import clean_text, format_number, open_checked_workbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected Office file
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL_TEXT = 5_000


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell: its text as a reader sees it, its date when it holds one, formula or not."""

    text: str
    date: dt.date | None = None
    formula: bool = False


EMPTY = GridCell("")


@dataclass(frozen=True, slots=True)
class SheetGrid:
    """The first visible sheet of a workbook: rows of cells (merged ranges filled), 1-based."""

    file_name: str
    sheet_name: str
    rows: tuple[tuple[GridCell, ...], ...]

    def cell(self, row: int, column: int) -> GridCell:
        """The cell at a 1-based row and column (empty beyond the data)."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= column <= len(cells):
                return cells[column - 1]
        return EMPTY


def _text(value: Any) -> GridCell:
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return GridCell("是" if value else "否")
    if isinstance(value, dt.datetime):
        return GridCell(value.date().isoformat(), value.date())
    if isinstance(value, dt.date):
        return GridCell(value.isoformat(), value)
    if isinstance(value, float):
        return GridCell(format_number(value))
    if isinstance(value, int):
        return GridCell(str(value))
    text = clean_text(str(value)).strip()[:MAX_CELL_TEXT]
    return GridCell(text, formula=text.startswith("="))


def _fill_merged(
    cells: list[list[GridCell]], ranges: list[tuple[int, int, int, int]]
) -> tuple[tuple[GridCell, ...], ...]:
    """Give every cell of a merged range the top-left cell's content (1-based, inclusive)."""
    for first_row, first_col, last_row, last_col in ranges:
        if first_row > len(cells):
            continue
        origin = cells[first_row - 1][first_col - 1] if first_col <= MAX_COLUMNS else EMPTY
        for row in range(first_row, min(last_row, len(cells)) + 1):
            for column in range(first_col, min(last_col, MAX_COLUMNS) + 1):
                cells[row - 1][column - 1] = origin
    return tuple(tuple(row) for row in cells)


def _too_big(name: str) -> WorkbookReadError:
    return WorkbookReadError(
        f"文件“{name}”的工作表过大（超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列），不像任务分工方案"
    )


def _xlsx_grid(path: Path, data: bytes) -> SheetGrid:
    # The guarded reader unpacks every member within limits (size, count, ratio, no DTD)
    # before openpyxl parses anything; merged cells need the whole sheet, not a stream.
    checked = check_archive_bytes(path.name, data, XLSX_LIMITS, required=("xl/workbook.xml",))
    workbook = open_checked_workbook(checked, path.name, read_only=False)
    try:
        visible = [s for s in workbook.worksheets if s.sheet_state == "visible"]
        if not visible:
            raise WorkbookReadError(f"文件“{path.name}”没有可见的工作表")
        sheet = visible[0]
        if sheet.max_row > MAX_ROWS:
            raise _too_big(path.name)
        width = min(sheet.max_column, MAX_COLUMNS)
        cells = [
            [_text(value) for value in row]
            for row in sheet.iter_rows(max_col=width, values_only=True)
        ]
        for row in cells:
            row.extend([EMPTY] * (width - len(row)))
        ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
        return SheetGrid(path.name, sheet.title, _fill_merged(cells, ranges))
    finally:
        workbook.close()


def _xls_grid(path: Path, data: bytes) -> SheetGrid:
    import xlrd  # only .xls files need it

    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower() or "Can't find workbook" in str(exc):
            raise _encrypted(path.name) from exc
        raise WorkbookReadError(f"文件“{path.name}”已损坏，无法作为 .xls 文件读取") from exc
    except Exception as exc:  # xlrd raises assorted errors on damaged files
        raise WorkbookReadError(
            f"文件“{path.name}”已损坏，无法作为 .xls 文件读取（{type(exc).__name__}）"
        ) from exc
    try:
        visible = [i for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0]
        if not visible:
            raise WorkbookReadError(f"文件“{path.name}”没有可见的工作表")
        sheet = book.sheet_by_index(visible[0])
        if sheet.nrows > MAX_ROWS:
            raise _too_big(path.name)
        width = min(sheet.ncols, MAX_COLUMNS)
        cells: list[list[GridCell]] = []
        for r in range(sheet.nrows):
            row = []
            for c in range(width):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        value: Any = xlrd.xldate_as_datetime(cell.value, book.datemode)
                    except (ValueError, OverflowError, xlrd.XLRDError):
                        value = cell.value
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = None
                else:
                    value = cell.value
                row.append(_text(value))
            cells.append(row)
        ranges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
        return SheetGrid(path.name, sheet.name, _fill_merged(cells, ranges))
    finally:
        book.release_resources()


def _encrypted(name: str) -> WorkbookReadError:
    return WorkbookReadError(
        f"文件“{name}”设置了打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存再导入"
    )


def read_grid(path: str | os.PathLike[str]) -> SheetGrid:
    """Read the first visible sheet of an .xlsx or .xls file into a grid.

    The file is read through ``supervisor.archives`` (regular files only, size limit, every
    zip member unpacked within limits before parsing).

    Raises:
        InputFileError: Missing, not a regular file, empty, too large, encrypted, a zip or
            XML bomb, or neither .xlsx nor .xls (``ArchiveError`` is one).
        WorkbookReadError: The workbook passed those checks but cannot be read as a sheet.
    """
    source = Path(path)
    data = read_regular_file(source, XLSX_LIMITS.max_file_bytes, what="Excel 工作簿")
    if data.startswith(OLE_MAGIC):
        # Either an .xls, or an .xlsx wrapped in encryption (Office's password protection).
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            raise _encrypted(source.name)
        return _xls_grid(source, data)
    return _xlsx_grid(source, data)
