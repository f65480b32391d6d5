"""Export use cases: 分工方案, 周进度表 (xlsx), 督查通报 and 单位通报 (PDF, Word), as of a date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

from sqlalchemy.orm import Session

from supervisor.domain import ExportKind
from supervisor.errors import ValidationError
from supervisor.reports.bulletin import BulletinResult, write_bulletin
from supervisor.reports.bulletin_docx import write_bulletin_docx
from supervisor.reports.data import BulletinData, DocumentParts, ReportHeader, TaskRow
from supervisor.reports.errors import ReportCancelled, ReportWriteError
from supervisor.reports.fonts import FontSet
from supervisor.reports.office_fonts import ROLES, office_font_set
from supervisor.reports.xlsx_common import cut_cells_warning, noting_cut_cells
from supervisor.reports.xlsx_export import (
    SheetOptions,
    write_assignment_sheet,
    write_progress_sheet,
)
from supervisor.services.departments import find_department
from supervisor.services.periods import Period, default_as_of, parse_period
from supervisor.services.reporting import bulletin_data, report_header, task_rows
from supervisor.services.settings import Settings, load_settings, set_setting
from supervisor.services.sheet_options import PAPERS, progress_sheet_options
from supervisor.services.tasks import get_plan

ProgressCallback = Callable[[int, int], None]

ASSIGNMENT = ExportKind.ASSIGNMENT
PROGRESS = ExportKind.PROGRESS
BULLETIN = ExportKind.BULLETIN
DEPARTMENT_REPORT = ExportKind.DEPARTMENT

_CANCELLED = "已取消导出，未写入任何文件"


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote.

    ``rows`` is the number of task lines (in a PDF: the tasks it covers); ``pages`` is the
    page count of a PDF and None for a workbook. ``warnings`` are for the user to read, e.g.
    characters a PDF font could not draw or tasks without a lead unit.
    """

    path: Path
    kind: str
    plan_id: int
    as_of: dt.date
    period_label: str
    rows: int
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    faces: tuple[str, ...] = ()  # a bulletin's face per 公文 role ("正文（仿宋）：…")
    issue_number: int | None = None  # a bulletin's 期号


class WorkbookOptions(TypedDict, total=False):
    """The keyword options both workbook exports take (see their Args)."""

    as_of: dt.date | None
    period: Period | str | None
    department: str | None
    leaves_only: bool
    paper: str
    progress: ProgressCallback | None
    cancel: threading.Event | None


def export_assignment_sheet(
    session: Session,
    plan_id: int,
    path: str | os.PathLike[str],
    **options: Unpack[WorkbookOptions],
) -> ExportResult:
    """Write the plan's 任务分工方案 (xlsx): 序号, 重点任务, 具体目标, 单位, 领导, 完成时限.

    Arguments, result and errors as for ``export_progress_sheet``; the sheet is titled by the
    plan (a division plan is never a week's), and the result warns about tasks without a lead
    unit.
    """
    return _export_workbook(session, plan_id, path, ASSIGNMENT, **options)


def export_progress_sheet(
    session: Session,
    plan_id: int,
    path: str | os.PathLike[str],
    **options: Unpack[WorkbookOptions],
) -> ExportResult:
    """Write the plan's 周进度表 (xlsx) for a reporting period, as the data stood then.

    Each task shows its latest progress report on or before the date, its 序时进度,
    完成进度 and derived status (coloured); reports entered later are not shown.

    Args:
        session: An open session; nothing is written to the database.
        plan_id: The plan to export.
        path: The .xlsx file to create or replace (".xlsx" is added when there is no suffix).
        as_of: The date to compute for; must lie within ``period`` when both are given.
        period: The reporting period (a Period or a key like "2020-W12"); without ``as_of``
            the export is computed for its last day (see ``default_as_of``).
        department: Only the tasks this unit leads or supports.
        leaves_only: Only the tasks without sub-tasks; False adds the headings.
        paper: "A4" (default) or "A3", for a sheet with wider text columns.
        progress: Called with (rows written, rows in all).
        cancel: When set, the export stops and no file is left behind.

    Returns:
        The path written, the number of task rows and warnings for the user.

    Raises:
        NotFoundError: No such plan or department.
        ValidationError: A malformed period, a date outside the period, a wrong suffix.
        ReportWriteError: The folder is missing, the path is a folder, or the file is locked.
        ReportCancelled: ``cancel`` was set.
    """
    return _export_workbook(session, plan_id, path, PROGRESS, **options)


class DocumentOptions(TypedDict, total=False):
    """The keyword options both 通报 exports take (see ``export_bulletin``'s Args)."""

    as_of: dt.date | None
    period: Period | str | None
    issue_number: int | None
    requirements: str
    progress: ProgressCallback | None
    cancel: threading.Event | None
    body_font: str | os.PathLike[str] | None
    issue_date: dt.date | None
    fonts: Mapping[str, str] | None
    file_format: str


def export_bulletin(
    session: Session,
    plan_id: int,
    path: str | os.PathLike[str],
    **options: Unpack[DocumentOptions],
) -> ExportResult:
    """Write the plan's 督查通报 (PDF or Word) for a reporting period, as the data stood then.

    Counts, shares, areas and the ranking are those of ``services.statistics`` on the date.
    The 版头 name, 主送, 抄送, 印发机关, the 下步工作要求 template and the faces per role come
    from the settings. Without ``issue_number`` the bulletin gets the next 期号 of its year,
    and that number is recorded in the settings (the only write an export makes).

    Args:
        session: An open session.
        plan_id: The plan to report on.
        path: The file to create or replace (".pdf" or ".docx" added when there is no suffix).
        as_of: The date to compute for (数据截止日期); must lie within ``period`` when both
            are given.
        period: The reporting period (a Period or a key like "2020-W12").
        issue_number: The bulletin's 第N期 (positive); the next of the year when None.
        requirements: The 下步工作要求; the settings' template (or the built-in one) if empty.
        progress: Called with (steps done, steps in all) while the file is written.
        cancel: When set, the export stops and no file is left behind.
        body_font: The 正文 face (a family name or a TrueType file); overrides the setting.
        issue_date: 成文日期 (and 印发日期); today when None.
        fonts: Faces per role (title, body, heading, subheading, page_number) over the
            settings: ``auto``, ``shipped``, a family name or a file.
        file_format: "pdf" or "docx".

    Returns:
        The path written, the number of tasks, pages (PDF), the faces used and warnings.

    Raises:
        NotFoundError: No such plan.
        ValidationError: A malformed period, a date outside it, an issue number below 1, an
            unknown format or font role.
        ReportWriteError: The folder is missing, the path is a folder, or the file is locked.
        ReportCancelled: ``cancel`` was set.
    """
    return _export_document(session, plan_id, path, None, **options)


def next_issue_number(last_issue: str, year: int) -> int:
    """The next 期号 of ``year`` after the last one recorded ("2020-5" → 6 in 2020, 1 in 2021)."""
    match = re.fullmatch(r"(\d{4})-(\d+)", last_issue.strip())
    if match is None or int(match[1]) != year:
        return 1
    return int(match[2]) + 1


def export_department_report(
    session: Session,
    plan_id: int,
    department: str,
    path: str | os.PathLike[str],
    **options: Unpack[DocumentOptions],
) -> ExportResult:
    """Write one unit's 通报 (PDF or Word): its lead and co tasks, score, lagging tasks.

    Args:
        session: An open session; nothing is written to the database.
        plan_id: The plan to report on.
        department: The unit, by full or short name (a merged unit's old name leads to
            the unit it was merged into).
        path: The file to create or replace (".pdf" or ".docx" added when there is no suffix).
        as_of: The date to compute for; must lie within ``period`` when both are given.
        period: The reporting period (a Period or a key like "2020-W12").
        issue_number: The 第N期 shown in the masthead (none when None).
        requirements: The 下步工作要求 (the settings' template when empty).
        progress: Called with (steps done, steps in all) while the file is written.
        cancel: When set, the export stops and no file is left behind.
        body_font: As for ``export_bulletin``.
        issue_date: 成文日期; today when None.
        fonts: As for ``export_bulletin``.
        file_format: "pdf" or "docx".

    Returns:
        The path written, the unit's number of tasks, pages, faces and warnings.

    Raises:
        NotFoundError: No such plan or unit.
        ValidationError: A malformed period, a date outside it, an issue number below 1.
        ReportWriteError: The folder is missing, the path is a folder, or the file is locked.
        ReportCancelled: ``cancel`` was set.
    """
    return _export_document(session, plan_id, path, department, **options)


def _export_document(
    session: Session,
    plan_id: int,
    path: str | os.PathLike[str],
    department: str | None,
    *,
    as_of: dt.date | None = None,
    period: Period | str | None = None,
    issue_number: int | None = None,
    requirements: str = "",
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    body_font: str | os.PathLike[str] | None = None,
    issue_date: dt.date | None = None,
    fonts: Mapping[str, str] | None = None,
    file_format: str = "pdf",
) -> ExportResult:
    """Both 通报 exports: the bulletin when ``department`` is None, else that unit's report.

    Only the bulletin numbers itself (the next 期号 of the year when none is given) and
    records its number; a unit's report shows the number it is given, if any.
    """
    job = _prepare(
        session,
        plan_id,
        path,
        _suffix(file_format),
        as_of=as_of,
        period=period,
        cancel=cancel,
        issue_number=issue_number,
        unit=department,
    )
    day = issue_date or dt.date.today()
    settings = load_settings(session)
    unit = job.unit if department is not None else None
    following = next_issue_number(settings.bulletin_last_issue, day.year)
    number = issue_number if unit is not None else issue_number or following
    data = _bulletin_data(
        session, plan_id, job, requirements=requirements, issue_number=number, cancel=cancel
    )
    data = _with_settings(data, settings, day)
    font_set = _office_fonts(settings, fonts, body_font)
    result = _write(file_format, data, job.target, unit, font_set, progress=progress, cancel=cancel)
    warnings = _plan_warnings(len(data.tasks), job.plan_year, job.day)
    if unit is None:
        count = len(data.tasks)
        # A number typed below the next one (a reissue) does not move the count back.
        if issue_number is None or issue_number >= following:
            set_setting(session, "bulletin_last_issue", f"{day.year}-{number}", actor="导出")
    else:
        count = sum(1 for t in data.tasks if t.lead_department == unit or unit in t.co_departments)
        if data.tasks and not count:
            warnings.append(f"{unit}在该计划中没有牵头或配合的任务")
    return ExportResult(
        result.path,
        BULLETIN if unit is None else DEPARTMENT_REPORT,
        plan_id,
        job.day,
        data.header.period_label,
        count,
        result.page_count or None,
        (*warnings, *result.warnings),
        faces=result.faces_used,
        issue_number=number,
    )


FILE_FORMATS = {"pdf": ".pdf", "docx": ".docx"}


def _suffix(file_format: str) -> str:
    suffix = FILE_FORMATS.get(str(file_format).lower().lstrip("."))
    if suffix is None:
        raise ValidationError(f"不支持的格式：{file_format}（可用：pdf、docx）")
    return suffix


def _with_settings(data: BulletinData, settings: Settings, day: dt.date) -> BulletinData:
    """A 通报's data with the settings' 公文 parts, and their 下步工作要求 if none was typed."""
    data = dataclasses.replace(data, parts=_parts(settings, day))
    if not data.requirements:
        data = dataclasses.replace(data, requirements=settings.bulletin_requirements.strip())
    return data


def _parts(settings: Settings, day: dt.date) -> DocumentParts:
    """The 公文 parts the settings give: 版头, 主送, 抄送, 印发机关; 成文日期 ``day``."""
    return DocumentParts(
        masthead=settings.bulletin_masthead,
        recipients=settings.bulletin_recipients,
        copy_to=settings.bulletin_copy_to,
        issue_date=day,
        printer=settings.bulletin_printer,
    )


def _office_fonts(
    settings: Settings,
    choices: Mapping[str, str] | None,
    body_font: str | os.PathLike[str] | None,
) -> FontSet:
    """The faces per role: the call's choices over the settings' (auto by default)."""
    wanted = {role: getattr(settings, f"font_{role}") for role in ROLES}
    unknown = sorted(set(choices or {}) - set(ROLES))
    if unknown:
        raise ValidationError(f"没有名为 {unknown[0]} 的字体角色；可用：{'、'.join(ROLES)}")
    wanted.update(choices or {})
    if body_font:
        wanted["body"] = str(body_font)
    return office_font_set(wanted)[0]


def _write(
    file_format: str,
    data: BulletinData,
    target: Path,
    department: str | None,
    fonts: FontSet,
    *,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> BulletinResult:
    """Write the bulletin (or the unit's report when ``department``) as PDF or Word."""
    write = write_bulletin_docx if _suffix(file_format) == ".docx" else write_bulletin
    return write(data, target, department=department, fonts=fonts, progress=progress, cancel=cancel)


_SHEET_WRITERS = {ASSIGNMENT: write_assignment_sheet, PROGRESS: write_progress_sheet}


def _export_workbook(
    session: Session,
    plan_id: int,
    path: str | os.PathLike[str],
    kind: str,
    *,
    as_of: dt.date | None = None,
    period: Period | str | None = None,
    department: str | None = None,
    leaves_only: bool = True,
    paper: str = "A4",
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Both workbook exports: the same data, written by the kind's writer."""
    if paper not in PAPERS:
        raise ValidationError(f"纸张应为 {' 或 '.join(PAPERS)}：{paper}")
    job = _prepare(session, plan_id, path, ".xlsx", as_of=as_of, period=period, cancel=cancel)
    header, rows = _sheet_data(
        session, plan_id, job, department=department, leaves_only=leaves_only, cancel=cancel
    )
    if kind == PROGRESS:
        options = progress_sheet_options(
            session,
            plan_id,
            as_of=job.day,
            period=job.period,
            settings=load_settings(session),
            leaves_only=leaves_only,
            department=department,
            paper=paper,
        )
    else:
        options = SheetOptions(paper=paper)
    with noting_cut_cells() as cut:
        written = _SHEET_WRITERS[kind](
            header, rows, job.target, options=options, progress=progress, cancel=cancel
        )
    warnings = _plan_warnings(len(rows), job.plan_year, job.day)
    if cut:
        warnings.append(cut_cells_warning(cut))
    unassigned = sum(1 for row in rows if not row.lead_department)
    if kind == ASSIGNMENT and unassigned:
        warnings.append(f"有{unassigned}项任务尚未明确牵头单位")
    return ExportResult(
        written, kind, plan_id, job.day, header.period_label, len(rows), None, tuple(warnings)
    )


@dataclass(frozen=True, slots=True)
class _Job:
    """What every export settles before it reads any data."""

    target: Path
    plan_year: int
    day: dt.date  # the date computed for
    period: Period | None  # the period the user chose, if any
    unit: str  # the unit's full name for a unit's report, else ""


def _prepare(
    session: Session,
    plan_id: int,
    path: str | os.PathLike[str],
    suffix: str,
    *,
    as_of: dt.date | None,
    period: Period | str | None,
    cancel: threading.Event | None,
    issue_number: int | None = None,
    unit: str | None = None,
) -> _Job:
    """The file, the plan, the unit and the date of an export, checked in this order.

    The order is the one the user hears about mistakes in: the target first (a typo fails at
    once), then the issue number, then what needs the database.
    """
    target = _target(path, suffix)
    _check_issue(issue_number)
    _check_cancel(cancel)
    plan = get_plan(session, plan_id)
    name = find_department(session, unit).name if unit is not None else ""
    day, chosen = _when(plan.year, as_of, period)
    return _Job(target, plan.year, day, chosen, name)


def _sheet_data(
    session: Session,
    plan_id: int,
    job: _Job,
    *,
    department: str | None,
    leaves_only: bool,
    cancel: threading.Event | None,
) -> tuple[ReportHeader, list[TaskRow]]:
    """The title rows and task rows of a workbook export."""
    settings = load_settings(session)
    header = report_header(session, plan_id, as_of=job.day, settings=settings)
    rows = task_rows(
        session,
        plan_id,
        as_of=job.day,
        leaves_only=leaves_only,
        department=department,
        settings=settings,
    )
    _check_cancel(cancel)
    return _labelled(header, job.period), rows


def _bulletin_data(
    session: Session,
    plan_id: int,
    job: _Job,
    *,
    requirements: str,
    issue_number: int | None,
    cancel: threading.Event | None,
) -> BulletinData:
    """The statistics and tasks of a PDF export, titled by the chosen period."""
    data = bulletin_data(
        session, plan_id, as_of=job.day, requirements=requirements, issue_number=issue_number
    )
    _check_cancel(cancel)
    return dataclasses.replace(data, header=_labelled(data.header, job.period))


def _target(path: str | os.PathLike[str], suffix: str) -> Path:
    """The file to write, checked before any work is done, so a typo fails at once."""
    target = Path(path)
    if target.is_dir():
        raise ReportWriteError(f"无法保存到“{target}”：这是一个文件夹，请给出文件名")
    if not target.suffix:
        target = target.with_name(target.name + suffix)
    elif target.suffix.lower() != suffix:
        raise ValidationError(f"文件扩展名应为 {suffix}：{target.name}")
    if target.is_dir():
        raise ReportWriteError(f"无法保存到“{target}”：这是一个文件夹，请给出文件名")
    if not target.parent.is_dir():
        raise ReportWriteError(f"无法保存“{target.name}”：文件夹“{target.parent}”不存在")
    return target


def _when(
    plan_year: int, as_of: dt.date | None, period: Period | str | None
) -> tuple[dt.date, Period | None]:
    """The date to compute for and the period the user chose, if any."""
    chosen = parse_period(period) if isinstance(period, str) else period
    if as_of is None:
        return default_as_of(plan_year, period=chosen), chosen
    if chosen is not None and not chosen.start <= as_of <= chosen.end:
        raise ValidationError(
            f"截至日期 {as_of.isoformat()} 不在报送期{chosen.label}"
            f"（{chosen.start.isoformat()} 至 {chosen.end.isoformat()}）内"
        )
    return as_of, chosen


def _labelled(header: ReportHeader, period: Period | None) -> ReportHeader:
    # A month chosen in an office that reports weekly is still titled by that month.
    if period is None:
        return header
    return dataclasses.replace(header, period_label=period.label)


def _plan_warnings(task_count: int, plan_year: int, day: dt.date) -> list[str]:
    warnings = []
    if task_count == 0:
        warnings.append("没有符合条件的任务，导出的文件只有表头和说明")
    if day.year != plan_year:
        warnings.append(f"截至日期 {day.isoformat()} 不在计划年度 {plan_year} 年内")
    return warnings


def _check_issue(issue_number: int | None) -> None:
    if issue_number is not None and issue_number < 1:
        raise ValidationError(f"期号必须是正整数：{issue_number}")


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ReportCancelled(_CANCELLED)
