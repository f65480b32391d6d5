"""The fill-in vocabulary (部门填报): sheets, columns, metadata, row keys and issue messages.

Named once here and shared by the writer (xlsx_fillin), the reader (xlsx_returned) and the
services that preview and apply returned files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

FORMAT_NAME = "supervisor-fillin"
# Version 2 added the database identity; version 3 the printable layout (上期进展, contact
# cells, return deadline); version 4 the seal (an HMAC with a key kept in the database).
# Unsealed workbooks (versions 1–3) still out in departments are read while the office allows.
FORMAT_VERSION = 4
SEALED_SINCE_VERSION = 4
READABLE_FORMAT_VERSIONS = (1, 2, 3, 4)

TASK_SHEET = "任务进展"
INDICATOR_SHEET = "指标完成值"
META_SHEET = "系统数据"
HEADER_ROW = 3
FIRST_DATA_ROW = 4

MAX_TEXT_LENGTH = 2000  # per 进展情况/存在问题/下步打算 cell; longer text belongs in an attachment
MAX_REPORTER_LENGTH = 50
MAX_CODE_LENGTH = 64  # task codes are like 2.1.1.3; metadata claiming more was edited
INPUT_LINES = 3  # task rows leave room for a few lines of typed text; rows can be resized
INDICATOR_LIMIT = 1e12  # indicator actuals may be negative (growth rates), never astronomic


@dataclass(frozen=True, slots=True)
class FillInColumn:
    """One column of a fill-in sheet: the reader finds columns by these keys and headers."""

    key: str
    header: str
    width: float
    is_input: bool = False


# The task sheet's columns in order: key, header, typed in by the department, then the width in
# the layout of version 3 on and in that of versions 1 and 2 (None: not in that layout). Widths
# add up to what prints at 9 pt or more on A4 landscape (see xlsx_common.printed_scale).
_TASK_SHEET_COLUMNS: tuple[tuple[str, str, bool, float | None, float | None], ...] = (
    ("index", "序号", False, 4, 6),
    ("code", "任务编号", False, 6, 9),
    ("task", "重点任务", False, 22, 36),
    ("indicators", "目标指标", False, None, 20),
    ("role", "责任分工", False, 5, 8),
    ("deadline", "完成时限", False, 9, 14),
    ("time_progress", "序时进度", False, 6, 9),
    ("previous_percent", "上期完成进度", False, 6.5, 10),
    ("previous_text", "上期进展", False, 16, None),
    ("percent", "完成进度（%）", True, 7, 11),
    ("progress_text", "进展情况", True, 20, 34),
    ("problems", "存在问题", True, 12, 22),
    ("next_steps", "下步打算", True, 12, 22),
    ("reporter", "填报人", True, 6, 10),
    ("report_date", "填报日期", True, 9, 14),
)


def _task_layout(old: bool) -> tuple[FillInColumn, ...]:
    """The task sheet's columns in the current layout, or in that of versions 1 and 2."""
    return tuple(
        FillInColumn(key, header, width, is_input)
        for key, header, is_input, current, v2 in _TASK_SHEET_COLUMNS
        if (width := v2 if old else current) is not None
    )


TASK_COLUMNS = _task_layout(old=False)
# The task sheet of versions 1 and 2, still read from workbooks returned late.
TASK_COLUMNS_V2 = _task_layout(old=True)
TASK_LAYOUTS = (TASK_COLUMNS, TASK_COLUMNS_V2)
INDICATOR_COLUMNS: tuple[FillInColumn, ...] = (
    FillInColumn("index", "序号", 6),
    FillInColumn("code", "任务编号", 9),
    FillInColumn("task", "重点任务", 30),
    FillInColumn("name", "指标名称", 22),
    FillInColumn("target", "目标值", 16),
    FillInColumn("unit", "单位", 8),
    FillInColumn("previous_actual", "上期完成值", 12),
    FillInColumn("actual", "本期完成值", 14, is_input=True),
)


def column_number(columns: Sequence[FillInColumn], key: str) -> int:
    """1-based column of a key in a fill-in sheet."""
    for number, column in enumerate(columns, 1):
        if column.key == key:
            return number
    raise KeyError(key)


# Metadata sheet layout: key/value pairs in A:B, the task table from D, the indicator table from K.
META_KEYS = (
    ("format", "格式"),
    ("format_version", "格式版本"),
    ("plan_id", "计划编号"),
    ("plan_title", "计划名称"),
    ("department", "填报单位"),
    ("period_label", "报送期"),
    ("period_start", "起始日期"),
    ("period_end", "截止日期"),
    ("exported_at", "导出时间"),
    ("digest", "校验值"),
    ("database_id", "数据库标识"),  # since format version 2
    ("return_by", "报送截止"),  # since format version 3, as are the ones below
    ("contact_row", "联系信息行"),
)
OPTIONAL_META_KEYS = {"database_id": 2, "return_by": 3, "contact_row": 3}  # key → since version

# The contact cells below the task table (version 3): key, label, the label's first and last
# column, the input's first and last column (merged when they differ).
CONTACT_FIELDS = (
    ("contact", "联系人", 1, 2, 3, 3),
    ("phone", "联系电话", 4, 5, 6, 7),
    ("reviewer", "单位负责人审核", 8, 8, 9, 10),
)
MAX_CONTACT_LENGTH = 30
PHONE_PATTERN = r"[0-9０-９][0-9０-９\-－— ()（）转]{5,22}"
META_TASK_FIRST_COLUMN = 4
META_TASK_HEADERS = ("行号", "任务ID", "版本", "任务编号", "重点任务", "上期完成进度")
META_INDICATOR_FIRST_COLUMN = 11
META_INDICATOR_HEADERS = ("行号", "指标ID", "任务ID", "任务编号", "指标名称")


@dataclass(frozen=True, slots=True)
class ReportValues:
    """The fill-in columns of one task's progress report: typed in a returned row, or stored.

    ``percent`` is on the 0–100 scale as typed (60 means 60 %).
    """

    percent: float | None = None
    progress_text: str = ""
    problems: str = ""
    next_steps: str = ""
    reporter: str = ""
    report_date: dt.date | None = None

    def report_fields(self) -> dict[str, Any]:
        """These values by field name (a subclass's own fields left out), to make another
        record of them or to store them (``progress.add_progress`` takes the same names)."""
        return {f.name: getattr(self, f.name) for f in fields(ReportValues)}


@dataclass(frozen=True, slots=True)
class MetaTask:
    """A task row as exported: where it is, which task and version, what its locked cells said."""

    row: int
    task_id: int
    version: int
    code: str
    text: str  # the 重点任务 cell as written
    previous_percent: float | None  # 0–100


@dataclass(frozen=True, slots=True)
class MetaIndicator:
    """An indicator row as exported."""

    row: int
    indicator_id: int
    task_id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class FillInScope:
    """Whose fill-in workbook for which period: the plan, the unit and the reporting period."""

    plan_id: int
    plan_title: str
    department: str
    period_label: str
    period_start: dt.date
    period_end: dt.date


@dataclass(frozen=True, slots=True)
class FillInMeta(FillInScope):
    """The hidden metadata of a fill-in workbook: its scope, tasks and indicators."""

    exported_at: dt.datetime
    tasks: tuple[MetaTask, ...]
    indicators: tuple[MetaIndicator, ...]
    format_version: int = FORMAT_VERSION
    database_id: str = ""  # empty in version 1 workbooks
    return_by: dt.date | None = None  # since version 3
    contact_row: int | None = None  # since version 3: the row of the contact cells


def meta_digest(meta: FillInMeta, seal_key: bytes | None = None) -> str:
    """Checksum of the metadata: a plain SHA-256 before version 4, an HMAC seal since.

    The plain checksum only notices accidental edits (anyone can recompute it); the seal needs
    the key kept in the office's database, which is never written into a workbook.

    Raises:
        ValueError: A sealed version without a key.
    """
    payload = [
        meta.format_version,
        meta.plan_id,
        meta.plan_title,
        meta.department,
        meta.period_label,
        meta.period_start.isoformat(),
        meta.period_end.isoformat(),
        meta.exported_at.isoformat(timespec="seconds"),
        [[t.row, t.task_id, t.version, t.code, t.text, t.previous_percent] for t in meta.tasks],
        [[i.row, i.indicator_id, i.task_id, i.code, i.name] for i in meta.indicators],
    ]
    if meta.format_version >= 2:
        payload.append(meta.database_id)
    if meta.format_version >= 3:
        payload.append(meta.return_by.isoformat() if meta.return_by else "")
        payload.append(meta.contact_row)
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if meta.format_version < SEALED_SINCE_VERSION:
        return hashlib.sha256(encoded).hexdigest()
    if not seal_key:
        raise ValueError("a sealed fill-in format needs the database's seal key")
    return hmac.new(seal_key, encoded, hashlib.sha256).hexdigest()


def is_sealed(meta: FillInMeta) -> bool:
    """Whether a workbook's metadata carries the keyed seal (format version 4 or later)."""
    return meta.format_version >= SEALED_SINCE_VERSION


# --- roles, periods and row keys --------------------------------------------------------------

LEAD, CO = "牵头", "配合"


def role_of(lead_department: str, department: str) -> str:
    """A department's part in a task: 牵头 when it leads, else 配合."""
    return LEAD if lead_department == department else CO


def period_text(label: str, start: dt.date, end: dt.date) -> str:
    """A reporting period as a sheet names it: 2020年第27周（2020-06-29 至 2020-07-05）."""
    span = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
    return f"{label}（{span}）" if label else span


def row_key(code: str, text: str) -> tuple[str, str]:
    """What identifies an exported row when it was moved: its locked code and text cells."""
    return (code.strip(), text.strip())


# --- issues -----------------------------------------------------------------------------------


class Severity(StrEnum):
    """An error keeps the file from being applied; a warning is shown but does not."""

    ERROR = "错误"
    WARNING = "提示"


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One problem found in a returned file.

    ``message`` is the complete one-line Chinese text to show (it names the file and, when
    known, the sheet, row and column); the other fields let a preview place it.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR


class HasIssues:
    """``errors`` and ``warnings`` of a file's reading or preview (a returned file, a 分工方案)."""

    __slots__ = ()  # the dataclasses using it keep their slots
    issues: tuple[RowIssue, ...]

    @property
    def errors(self) -> tuple[RowIssue, ...]:
        """Issues that keep the file from being applied."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[RowIssue, ...]:
        """Issues shown to the user that do not block the file."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.WARNING)


def file_issue(name: str, text: str, severity: Severity = Severity.ERROR) -> RowIssue:
    """An issue of a whole file."""
    return RowIssue(name, None, None, None, f"文件“{name}”：{text}", severity)


def sheet_issue(name: str, sheet: str, text: str, severity: Severity = Severity.ERROR) -> RowIssue:
    """An issue of one sheet."""
    return RowIssue(name, sheet, None, None, f"文件“{name}” 工作表“{sheet}”：{text}", severity)


def cell_issue(
    name: str,
    sheet: str,
    row: int,
    column: str | None,
    text: str,
    severity: Severity = Severity.ERROR,
) -> RowIssue:
    """An issue of a row, or of one cell when ``column`` (its header) is given."""
    where = f"第{row}行" + (f"“{column}”列" if column else "")
    message = f"文件“{name}” 工作表“{sheet}” {where}：{text}"
    return RowIssue(name, sheet, row, column, message, severity)


def header_of(columns: Sequence[FillInColumn], key: str) -> str:
    """The header of a key's column, as messages name the column."""
    return columns[column_number(columns, key) - 1].header
