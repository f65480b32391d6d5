"""Import an office's own 任务分工方案 (.xlsx/.xls): a preview with its column mapping, then all.

``preview_plan_sheet`` reads the sheet and checks every row (dates, units) without writing;
``import_plan_sheet`` stores the previewed plan in the caller's transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Department, Indicator, Plan, Task
from supervisor.domain import PlanSource
from supervisor.errors import DuplicateError, InputFileError, NotFoundError, ValidationError
from supervisor.extract.deadlines import find_deadline
from supervisor.extract.indicators import extract_indicators
from supervisor.reports.errors import WorkbookReadError
from supervisor.reports.fillin_format import RowIssue, Severity
from supervisor.reports.plan_sheet import (
    ColumnMapping,
    Field,
    NotADivisionSheetError,
    PlanSheetRow,
    read_plan_sheet,
)
from supervisor.services import audit, departments
from supervisor.services.plans import PLAN_YEARS, PlanSummary, add_imported_plan

LONG_TERM = ("长期", "持续", "常态", "经常性", "每年", "逐年")
_NUMERIC_DATE = re.compile(
    r"^\s*(?P<year>20\d\d)\s*[.．\-/年]\s*(?P<month>1[0-2]|0?[1-9])\s*月?"
    r"(?:\s*[.．\-/]?\s*(?P<day>[12]\d|3[01]|0?[1-9])\s*日?)?\s*(?:前|底前|底|末)?\s*$"
)
_SPLIT_UNITS = re.compile(r"[、，,；;/\s]+|(?<=[局委办厅府院部会所队])和")
_YEAR_IN_TITLE = re.compile(r"(20\d\d)\s*年")
MAX_LISTED = 10

__all__ = [
    "Field",
    "PlanImportPreview",
    "PlannedTask",
    "import_plan_sheet",
    "parse_deadline",
    "preview_plan_sheet",
]


@dataclass(frozen=True, slots=True)
class PlannedTask:
    """A task the import would create: where it came from and what it will hold."""

    row: int
    code: str
    parent: str | None
    title: str
    text: str
    lead: str | None  # the unit's name in the system (an alias resolved)
    co: tuple[str, ...]
    leader: str
    deadline: dt.date | None
    long_term: bool = False
    is_area: bool = False


@dataclass(frozen=True, slots=True)
class PlanImportPreview:
    """A division sheet checked against the database; nothing written."""

    path: Path
    sha256: str
    title: str
    year: int | None
    mapping: ColumnMapping
    tasks: tuple[PlannedTask, ...]
    unknown_departments: tuple[str, ...]  # to confirm: created on import when allowed
    issues: tuple[RowIssue, ...]

    @property
    def errors(self) -> tuple[RowIssue, ...]:
        """Problems that stop the import."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[RowIssue, ...]:
        """Problems shown but not blocking."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)


def _cell_name(mapping: ColumnMapping, kind: Field, row: int) -> str:
    column = mapping.columns.get(kind)
    letter = f"{get_column_letter(column)}{row}" if column else ""
    return f"第{row}行“{kind.value}”列" + (f"（{letter}）" if letter else "")


def _issue(
    sheet: str,
    file_name: str,
    row: int,
    kind: Field | None,
    text: str,
    mapping: ColumnMapping,
    severity: Severity = Severity.ERROR,
) -> RowIssue:
    where = _cell_name(mapping, kind, row) if kind else f"第{row}行"
    return RowIssue(
        file_name, sheet, row, kind.value if kind else None, f"{where}：{text}", severity
    )


def parse_deadline(
    cell_text: str, cell_date: dt.date | None, year: int
) -> tuple[dt.date | None, bool]:
    """(deadline, long term) of a 完成时限 cell as offices write it.

    2020年6月底前, 6月底, 年底前, 上半年 (through ``extract.deadlines``), 2020.12, 2020-12-31,
    a date cell; 长期 / 持续推进 / 常态化 are long-term (no date).

    Raises:
        ValueError: The text names no time this can read.
    """
    if cell_date is not None:
        return cell_date, False
    text = cell_text.strip()
    if not text:
        return None, False
    if any(word in text for word in LONG_TERM):
        return None, True
    found = _NUMERIC_DATE.match(text)
    if found:
        y, m = int(found["year"]), int(found["month"])
        if found["day"]:
            return dt.date(y, m, int(found["day"])), False
        next_month = dt.date(y + m // 12, m % 12 + 1, 1)
        return next_month - dt.timedelta(days=1), False
    date = find_deadline(text, year)
    if date is None:
        raise ValueError(text)
    return date, False


def _year(title: str, rows: tuple[PlanSheetRow, ...], given: int | None) -> int | None:
    if given is not None:
        return given
    found = _YEAR_IN_TITLE.search(title)
    if found and int(found.group(1)) in PLAN_YEARS:
        return int(found.group(1))
    years = Counter(
        row.deadline.date.year for row in rows if row.deadline.date is not None
    ) + Counter(
        int(m.group(1)) for row in rows for m in [_YEAR_IN_TITLE.search(row.deadline.text)] if m
    )
    return years.most_common(1)[0][0] if years else None


def _units(text: str) -> list[str]:
    return [name for name in _SPLIT_UNITS.split(text) if name and name not in ("等", "各")]


def _resolve(session: Session, name: str, cache: dict[str, str | None]) -> str | None:
    if name not in cache:
        try:
            cache[name] = departments.find_department(session, name).name
        except (NotFoundError, ValidationError):
            cache[name] = None
    return cache[name]


def _title_of(text: str) -> str:
    head = re.split(r"[。；;]", text, maxsplit=1)[0].strip()
    return head if len(head) <= 60 else head[:60]


def preview_plan_sheet(
    session: Session,
    path: str | os.PathLike[str],
    *,
    year: int | None = None,
    title: str | None = None,
    columns: Mapping[Field, int] | None = None,
) -> PlanImportPreview:
    """Read a division sheet and check every row; nothing is written.

    Args:
        session: An open session (departments are looked up by name and alias).
        path: The .xlsx or .xls file.
        year: The plan year; default: from the title, else from the deadlines.
        title: The plan's name; default: the sheet's title row, else the file name.
        columns: A changed column mapping (field → 1-based column).

    Returns:
        The tasks it would create, with codes and parents, the units not yet in the system,
        and every problem as a message naming its cell.

    Raises:
        ValidationError: The file is not a readable division sheet (encrypted, damaged,
            hostile, no header found): nothing else can be previewed.
    """
    source = Path(path)
    try:
        sheet = read_plan_sheet(source, columns=columns)
    except (InputFileError, WorkbookReadError, NotADivisionSheetError) as exc:
        raise ValidationError(f"无法导入“{source.name}”：{exc}") from exc
    digest = hashlib.sha256(source.read_bytes()).hexdigest()  # read safely just above
    issues = list(sheet.issues)
    plan_year = _year(sheet.title, sheet.rows, year)
    if plan_year is None or plan_year not in PLAN_YEARS:
        issues.append(
            RowIssue(
                sheet.file_name,
                sheet.sheet_name,
                None,
                None,
                "无法确定计划年度（标题中没有“20XX年”），请指定年度",
            )
        )

    def issue(row: int, kind: Field | None, text: str, severity: Severity = Severity.ERROR) -> None:
        issues.append(
            _issue(sheet.sheet_name, sheet.file_name, row, kind, text, sheet.mapping, severity)
        )

    cache: dict[str, str | None] = {}
    unknown: list[str] = []
    planned: list[PlannedTask] = []
    area_code: str | None = None
    areas = 0
    counters: dict[str | None, int] = {}
    parents_at: dict[int, str] = {}
    for row in sheet.rows:
        for header in row.formulas:
            issue(
                row.row,
                None,
                f"“{header or '某列'}”含有公式，按公式文字导入，不计算",
                Severity.WARNING,
            )
        if row.is_area:
            areas += 1
            area_code = str(areas)
            parents_at = {0: area_code}
            planned.append(
                PlannedTask(
                    row.row,
                    area_code,
                    None,
                    row.text[:500],
                    row.text,
                    None,
                    (),
                    "",
                    None,
                    is_area=True,
                )
            )
            continue
        level = max(1, row.level)
        while level > 1 and (level - 1) not in parents_at:
            level -= 1  # a 1.1 without a 1 above it is a task of the area
        parent = parents_at.get(level - 1) if level > 1 else area_code
        counters[parent] = counters.get(parent, 0) + 1
        code = f"{parent}.{counters[parent]}" if parent else str(counters[parent])
        parents_at = {k: v for k, v in parents_at.items() if k < level}
        parents_at[level] = code
        names: dict[Field, list[str]] = {}
        for kind, text in ((Field.LEAD, row.lead), (Field.CO, row.co)):
            resolved = []
            for name in _units(text):
                found = _resolve(session, name, cache)
                if found is None and name not in unknown:
                    unknown.append(name)
                resolved.append(found or name)
            names[kind] = resolved
        leads = names[Field.LEAD]
        if len(leads) > 1:
            # One lead unit answers for a task; the others listed with it work with it.
            names[Field.CO] = leads[1:] + [n for n in names[Field.CO] if n not in leads]
            issue(
                row.row,
                Field.LEAD,
                f"列出了{len(leads)}个牵头单位，第一个“{leads[0]}”为牵头单位，其余按配合单位导入",
                Severity.WARNING,
            )
        deadline, long_term = None, False
        if plan_year is not None:
            try:
                deadline, long_term = parse_deadline(
                    row.deadline.text, row.deadline.date, plan_year
                )
            except ValueError:
                issue(
                    row.row,
                    Field.DEADLINE,
                    f"无法识别的时限“{row.deadline.text[:30]}”"
                    "（可写作 2020年6月底前、6月底、年底前、长期、2020.12）",
                )
        text = row.text + (f"\n目标：{row.target}" if row.target else "")
        planned.append(
            PlannedTask(
                row.row,
                code,
                parent,
                _title_of(row.text),
                text,
                leads[0] if leads else None,
                tuple(
                    dict.fromkeys(n for n in names[Field.CO] if n != (leads[0] if leads else None))
                ),
                row.leader[:100],
                deadline,
                long_term,
            )
        )
    task_count = sum(1 for row in sheet.rows if not row.is_area)
    if task_count == 0:
        issues.append(
            RowIssue(sheet.file_name, sheet.sheet_name, None, None, "表头下面没有任何任务行")
        )
    return PlanImportPreview(
        source,
        digest,
        (title or sheet.title or source.stem)[:200],
        plan_year,
        sheet.mapping,
        tuple(planned),
        tuple(unknown),
        tuple(issues),
    )


def _indicators(item: PlannedTask) -> list[Indicator]:
    """Targets in the task's text or its 具体目标 cell, read as the report import reads them."""
    return [
        Indicator(
            position=i,
            name=found.name[:200],
            value=found.value,
            value_max=found.value_max,
            unit=found.unit,
            comparator=str(found.comparator),
            text=found.text,
        )
        for i, found in enumerate(extract_indicators(item.text))
    ]


def _listed(messages: list[str]) -> str:
    shown = "；".join(messages[:MAX_LISTED])
    return shown + (f"；……等共 {len(messages)} 条" if len(messages) > MAX_LISTED else "")


def import_plan_sheet(
    session: Session,
    preview: PlanImportPreview,
    *,
    actor: str,
    add_departments: bool = False,
    source: PlanSource | str = PlanSource.WORK_REPORT,
) -> PlanSummary:
    """Store a previewed division sheet as a plan with its tasks and assignments.

    All or nothing: any error of the preview, or a unit not in the system (unless
    ``add_departments`` confirms creating them), stops the import before anything is written.
    The caller commits (or rolls back).

    Raises:
        ValidationError: The preview has errors or names unknown units; no year.
        DuplicateError: The same file was imported before.
    """
    if preview.errors:
        raise ValidationError(
            f"“{preview.path.name}”有 {len(preview.errors)} 处错误，未导入任何内容："
            + _listed([i.message for i in preview.errors])
        )
    if preview.unknown_departments and not add_departments:
        raise ValidationError(
            f"以下 {len(preview.unknown_departments)} 个单位在系统中不存在，请先添加或确认新建"
            f"（命令行加 --add-departments）：{'、'.join(preview.unknown_departments)}"
        )
    if preview.year is None:
        raise ValidationError("无法确定计划年度，请指定年度")
    existing = session.scalar(select(Plan).where(Plan.file_hash == preview.sha256))
    if existing is not None:
        raise DuplicateError(f"该分工方案已导入过：《{existing.title}》（计划编号 {existing.id}）")
    for name in preview.unknown_departments:
        departments.add_department(session, name, actor=actor)
    units = {
        row.name: row
        for row in session.scalars(select(Department).where(Department.deleted_at.is_(None)))
    }
    plan = Plan(
        title=preview.title,
        year=preview.year,
        source=str(PlanSource(str(source))),
        file_name=preview.path.name[:260],
        file_hash=preview.sha256,
    )
    add_imported_plan(session, plan, f"该分工方案已导入过：{preview.path.name}")
    by_code: dict[str, Task] = {}
    positions: Counter[str | None] = Counter()
    for item in preview.tasks:
        position = positions[item.parent]
        positions[item.parent] += 1
        lead = units.get(item.lead) if item.lead else None
        task = Task(
            plan=plan,
            parent=by_code.get(item.parent) if item.parent else None,
            position=position,
            code=item.code,
            title=item.title[:500] or item.text[:500],
            text=item.text,
            leader=item.leader or None,
            lead_department=lead,
            deadline=item.deadline,
            co_departments=[units[n] for n in item.co if n in units and units[n] is not lead],
            indicators=_indicators(item) if not item.is_area else [],
        )
        by_code[item.code] = task
    session.add_all(by_code.values())
    session.flush()
    audit.record(session, actor, "import", "plan", plan.id, new=preview.path.name)
    return PlanSummary(
        plan.id, plan.title, plan.year, plan.source, plan.file_name, len(by_code), plan.created_at
    )
