"""Low-level xlsx helpers shared by every writer and reader: safe cells, styles, saving, loading."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import io
import math
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.page import PageMargins

from supervisor.archives import XLSX_LIMITS, CheckedArchive, read_archive
from supervisor.errors import InputFileError
from supervisor.reports.atomic import atomic_write
from supervisor.reports.errors import ReportCancelled, WorkbookReadError

# Excel, WPS and LibreOffice start a formula with any of these; CSV-style injection uses them too.
FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_CELL_TEXT = 32_767  # Excel's hard limit; longer text is cut, not refused

# Fill-in workbooks are a few hundred KB; anything far larger is not one of ours.
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
# Limits on what the zip claims to hold, checked before any XML is parsed (zip bombs).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000


BODY_FONT = "宋体"
HEADING_FONT = "黑体"
_THIN = Side(style="thin", color="808080")
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


# --- text and numbers -------------------------------------------------------------------------


# The cells a writer had to cut, when the caller asked to hear of them (noting_cut_cells).
_CUT_CELLS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "cut_cells", default=None
)


@contextlib.contextmanager
def noting_cut_cells() -> Iterator[list[str]]:
    """Collect, while the block runs, one line per text cut to Excel's 32,767-character limit.

    Writers call clean_text/put_text deep inside; a context variable lets the service that
    runs a writer tell the user what was cut without threading a list through every call.
    """
    found: list[str] = []
    token = _CUT_CELLS.set(found)
    try:
        yield found
    finally:
        _CUT_CELLS.reset(token)


def cut_cells_warning(found: list[str]) -> str | None:
    """A warning naming the cut cells (the first ten), or None if nothing was cut."""
    if not found:
        return None
    named = "；".join(found[:10]) + ("；……" if len(found) > 10 else "")
    return (
        f"有 {len(found)} 处文字超过 Excel 单元格上限 {MAX_CELL_TEXT:,} 字，"
        f"表中只写入了前 {MAX_CELL_TEXT:,} 字：{named}"
    )


def clean_text(text: str, what: str = "") -> str:
    """Return text that an xlsx cell can hold: control characters dropped, cut at 32,767.

    ``what`` names the text for noting_cut_cells when it is cut.
    """
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        found = _CUT_CELLS.get()
        if found is not None:
            shown = what or f"以“{text[:12]}”开头的文字"
            found.append(f"{shown}（{len(text):,} 字）")
        return text[:MAX_CELL_TEXT]
    return text


def looks_like_formula(text: str) -> bool:
    """Tell whether a spreadsheet program could take this text for a formula."""
    return text.startswith(FORMULA_PREFIXES)


def put_text(cell: Cell, text: str) -> Cell:
    """Store text in a cell as a plain string, never as a formula.

    openpyxl turns a string beginning with "=" into a formula; the cell is forced back to a
    string, and the quote prefix keeps Excel/WPS from turning it into one when a user edits it.
    Set the cell's style before calling this: assigning a named style resets the quote prefix.
    """
    cell.value = clean_text(text, _cell_name(cell, text))
    if looks_like_formula(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _cell_name(cell: Cell, text: str) -> str:
    sheet = getattr(getattr(cell, "parent", None), "title", "")
    try:
        where = cell.coordinate  # streamed (write-only) cells have no position yet
    except (AttributeError, TypeError, ValueError):
        where = f"以“{text[:12]}”开头的单元格"
    return f"工作表“{sheet}” {where}" if sheet else where


def display_width(text: str) -> int:
    """Width of the longest line of text in Excel column units (CJK characters count two)."""
    widest = 0
    for line in text.splitlines() or [""]:
        width = 0
        for char in line:
            width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        widest = max(widest, width)
    return widest


def fit_width(texts: Iterable[str], minimum: float, maximum: float) -> float:
    """A column width that shows the longest text, within [minimum, maximum]."""
    widest = max((display_width(text) for text in texts), default=0)
    return float(min(maximum, max(minimum, widest + 2)))


LINE_HEIGHT = 14.0  # points per line of 10-pt CJK text, a little more than Excel's 13.5
MAX_ROW_HEIGHT = 409.0  # Excel's limit


def text_lines(text: str, width: float) -> int:
    """How many lines text takes when wrapped in a column of this width (an estimate).

    Every non-ASCII character is counted as wide: Chinese text is the common case, and the
    count runs in C (str.encode) instead of a Python loop per character — this is done for
    every wrapped cell of a 10,000-row export.
    """
    usable = max(width - 1.5, 2.0)
    lines = 0
    for part in text.split("\n"):
        wide = 2 * len(part) - len(part.encode("ascii", "ignore"))
        lines += max(1, math.ceil(wide / usable))
    return lines


def row_height(lines: int, *, minimum: float = 18.0) -> float:
    """Row height in points that shows this many lines of 10-pt text.

    Heights are written explicitly: LibreOffice and some WPS versions keep the default
    15-pt height for rows read from a file, which hides wrapped text on screen and in print.
    """
    return min(MAX_ROW_HEIGHT, max(minimum, LINE_HEIGHT * lines + 4.0))


def format_number(value: float) -> str:
    """Show a number as a reader writes it: 128.0 → "128", 6.50 → "6.5", 1e-7 → "0"."""
    if math.isnan(value) or math.isinf(value):
        return ""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_number(value: Any, *, percent_format: bool = False) -> float | None:
    """Read a number a user typed: a numeric cell, or text such as "80", "８０", "1,200", "80%".

    Args:
        value: The cell value (openpyxl gives int, float, str, datetime, bool or None).
        percent_format: The cell shows a percent format, so 0.8 means 80.

    Returns:
        The number, or None if the value is not a number (the caller reports it).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value) * (100.0 if percent_format else 1.0)
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")
        # "80%" typed as text into a 0–100 column means 80: the unit is only repeated.
        text = text.removesuffix("%")
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return number


def parse_date(value: Any) -> dt.date | None:
    """Read a date a user typed: a date cell, an Excel serial, or text such as 2020年3月20日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A serial number in a cell whose date format was lost; 1990–2100 are plausible.
        if 32_874 <= value <= 73_415:
            converted = from_excel(value)
            return converted.date() if isinstance(converted, dt.datetime) else None
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        for old, new in (("年", "-"), ("月", "-"), ("日", ""), ("/", "-"), (".", "-")):
            text = text.replace(old, new)
        parts = text.split("-")
        if len(parts) == 3 and all(part.isdigit() for part in parts):
            try:
                return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                return None
    return None


# --- styles -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellStyle:
    """The look of one kind of cell; registered once per workbook as a NamedStyle."""

    font: Font
    alignment: Alignment
    border: Border | None = THIN_BORDER
    fill: PatternFill | None = None
    number_format: str = "General"
    locked: bool = True


def solid_fill(hex_colour: str) -> PatternFill:
    """A solid fill from "#RRGGBB"."""
    colour = hex_colour.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def register_styles(workbook: Workbook, styles: Mapping[str, CellStyle]) -> None:
    """Add each style to the workbook as a NamedStyle, so a cell takes it in one assignment.

    Sharing named styles keeps the style table small and writing fast: assigning a name copies
    a ready index tuple instead of hashing Font/Fill/Border objects for every cell.
    """
    for name, style in styles.items():
        named = NamedStyle(
            name=name,
            font=style.font,
            alignment=style.alignment,
            border=style.border or Border(),
            fill=style.fill or PatternFill(),
            number_format=style.number_format,
            protection=Protection(locked=style.locked),
        )
        workbook.add_named_style(named)


PAPER_SIZES = {"A4": 9, "A3": 8}  # Excel's paperSize codes
# Paper width in inches, landscape: A4 297 mm, A3 420 mm.
_LANDSCAPE_WIDTH = {9: 297 / 25.4, 8: 420 / 25.4}
MIN_PRINTED_POINTS = 9.0  # the smallest body text an office reads on paper
SIDE_MARGIN = 0.3  # inches left and right: room for columns, still inside any printer's margin


def setup_print(worksheet: Any, *, header_rows: str, title: str, paper: str = "A4") -> None:
    """Landscape, fit to one page wide, header rows repeated, page numbers in the footer.

    Fitting to the width shrinks a sheet wider than the paper: the writers choose their column
    widths so that this stays at or above ``MIN_PRINTED_POINTS`` (see ``printed_scale``).
    """
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = PAPER_SIZES[paper]
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0  # as many pages tall as needed
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = header_rows
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins = PageMargins(
        left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.6, bottom=0.6, header=0.3, footer=0.3
    )
    # "&" starts a header/footer code; a title with "&" must be escaped as "&&".
    worksheet.oddHeader.right.text = title.replace("&", "&&")
    worksheet.oddHeader.right.size = 10
    worksheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    worksheet.oddFooter.center.size = 10


def column_pixels(width: float) -> float:
    """Pixels of a column of this width at 96 dpi, counted generously.

    Excel's rule for its default font is 7 per unit + 5; LibreOffice lays the same widths out
    about 6 % wider (measured with pdftotext), so 7.5 per unit keeps both above the minimum.
    """
    return width * 7.5 + 5


def printable_pixels(paper_size: int, left: float, right: float) -> float:
    """Pixels across the printable part of a landscape page at 96 dpi."""
    return (_LANDSCAPE_WIDTH[paper_size] - left - right) * 96


def printed_scale(widths: Iterable[float], paper_size: int, left: float, right: float) -> float:
    """The factor a fit-to-width page shrinks a sheet of these column widths by (at most 1)."""
    total = sum(column_pixels(width) for width in widths)
    return min(1.0, printable_pixels(paper_size, left, right) / total) if total else 1.0


# --- long work --------------------------------------------------------------------------------


ProgressCallback = Callable[[int, int], None]


def check_cancel(cancel: Any, message: str = "操作已取消，未写入任何文件") -> None:
    """Raise ReportCancelled if the cancel event (anything with is_set()) is set."""
    if cancel is not None and cancel.is_set():
        raise ReportCancelled(message)


# --- saving -----------------------------------------------------------------------------------


def save_workbook(workbook: Workbook, path: str | os.PathLike[str]) -> Path:
    """Save a workbook atomically (see ``supervisor.reports.atomic``)."""
    return atomic_write(path, lambda temp: workbook.save(temp))


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook as bytes (to put into a zip without a file per department)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- loading ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoadedWorkbook:
    """A workbook opened read-only from checked bytes, with the hash of those bytes."""

    workbook: Any  # openpyxl Workbook in read-only mode; close() it when done
    sha256: str
    size: int


def load_xlsx(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> LoadedWorkbook:
    """Open an untrusted xlsx read-only, formulas as written (never evaluated), links ignored.

    Args:
        path: The file.
        max_bytes: Files larger than this are refused before they are read.

    Returns:
        The open workbook (close it), the sha256 of the file's bytes and its size.

    Raises:
        WorkbookReadError: With a one-line Chinese message naming the file.
    """
    source = Path(path)
    limits = dataclasses.replace(
        XLSX_LIMITS,
        max_file_bytes=max_bytes,
        max_unpacked_bytes=MAX_UNCOMPRESSED_BYTES,
        max_members=MAX_ZIP_MEMBERS,
    )
    try:
        # The one guarded reader: every member is unpacked once within the limits (size,
        # count, ratio, no DTD) before openpyxl parses anything.
        checked = read_archive(source, limits, required=("[Content_Types].xml", "xl/workbook.xml"))
    except InputFileError as exc:
        raise WorkbookReadError(str(exc)) from exc
    workbook = open_checked_workbook(checked, source.name, read_only=True)
    return LoadedWorkbook(workbook, checked.sha256, len(checked.data))


def open_checked_workbook(checked: CheckedArchive, name: str, *, read_only: bool) -> Any:
    """Let openpyxl parse an archive already checked, formulas as written, links ignored.

    Raises:
        WorkbookReadError: Unsafe XML or a file openpyxl cannot read, naming the file ``name``.
    """
    try:
        return load_workbook(
            checked.stream(), read_only=read_only, data_only=False, keep_links=False
        )
    except DefusedXmlException as exc:
        raise WorkbookReadError(
            f"文件“{name}”含有不安全的 XML 内容（{type(exc).__name__}），已拒绝读取"
        ) from exc
    except Exception as exc:  # openpyxl raises anything from KeyError to lxml errors on bad files
        raise WorkbookReadError(
            f"文件“{name}”已损坏或格式不受支持，无法读取（{type(exc).__name__}）"
        ) from exc
