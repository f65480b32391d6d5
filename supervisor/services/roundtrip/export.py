"""Export of fill-in workbooks (部门填报表), one per department of a plan."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from supervisor.errors import ValidationError
from supervisor.reports.data import TaskRow
from supervisor.reports.xlsx_common import (
    ProgressCallback,
    check_cancel,
    cut_cells_warning,
    noting_cut_cells,
)
from supervisor.reports.xlsx_fillin import (
    FillInSpec,
    fillin_file_name,
    write_fillin_workbooks,
)
from supervisor.services import validation
from supervisor.services.departments import find_department
from supervisor.services.identity import database_identity, note_sealed_export, seal_key
from supervisor.services.periods import Period, default_as_of
from supervisor.services.reporting import task_rows
from supervisor.services.roundtrip.state import (
    choose_period,
    period_fields,
    plan_state,
)
from supervisor.services.settings import load_settings
from supervisor.services.tasks import get_plan


@dataclass(frozen=True, slots=True)
class ExportedWorkbook:
    """One department's fill-in workbook as exported."""

    department: str
    file_name: str
    tasks: int
    indicators: int


@dataclass(frozen=True, slots=True)
class FillInExportResult:
    """What an export of fill-in workbooks wrote.

    ``paths`` are the workbooks written into the folder, or the single zip.
    """

    plan_id: int
    period: Period
    as_of: dt.date
    target: Path
    paths: tuple[Path, ...]
    workbooks: tuple[ExportedWorkbook, ...]
    warnings: tuple[str, ...] = ()


# --- export ------------------------------------------------------------------------------------


def export_fillin_workbooks(
    session: Session,
    plan_id: int,
    target: str | os.PathLike[str],
    *,
    period: Period | str | None = None,
    departments: Sequence[str] | None = None,
    return_by: dt.date | str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> FillInExportResult:
    """Write one fill-in workbook per department that leads or supports tasks of the plan.

    Each workbook lists the department's leaf tasks (lead and co), with the last reported
    percent and indicator actuals as of the period, and hidden metadata (plan, department,
    period, task ids and versions) that the import checks.

    Args:
        session: An open session; nothing is written to the database (its identity, which
            the workbooks carry, was given when it was opened).
        plan_id: The plan.
        target: A folder (created if missing) or a ``.zip`` file.
        period: The reporting period (a Period or a key like "2020-W12"); default: the
            current one, moved into the plan's year.
        departments: Only these units (full or short names); default: every unit with tasks.
        return_by: The day the office wants the files back (报送截止), printed on every
            sheet; default: the Friday of a weekly period, the last day of a monthly one.
        progress: Called with (workbooks done, workbooks in all).
        cancel: When set, stops before the next workbook; a zip is then not written.

    Returns:
        The files written, one line per workbook and warnings for the user.

    Raises:
        NotFoundError: No such plan or department.
        ValidationError: A malformed period, an .xlsx target, a unit without tasks, or no
            task of the plan is assigned yet.
        ReportWriteError: A file could not be written.
        ReportCancelled: ``cancel`` was set.
    """
    destination = Path(target)
    if destination.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        raise ValidationError(
            f"填报表按单位分别导出，请指定一个文件夹或 .zip 文件，而不是“{destination.name}”"
        )
    check_cancel(cancel, "已取消导出，未写入任何文件")
    plan = get_plan(session, plan_id)
    database_id = database_identity(session)
    key = seal_key(session)
    settings = load_settings(session)
    chosen = choose_period(period, plan.year, settings.reporting_period)
    as_of = default_as_of(plan.year, period=chosen)
    due = _return_by(return_by, chosen)
    # 上期: what the tasks stood at when the period began, whenever the workbooks are exported.
    before = chosen.start - dt.timedelta(days=1)
    state = plan_state(session, plan_id)
    if not state.department_tasks:
        raise ValidationError("该计划还没有分工到单位的任务，请先指定牵头单位或配合单位")
    names = list(state.department_names.values())
    if departments is not None:
        wanted: list[str] = []
        for name in departments:
            unit = find_department(session, name)
            if unit.id not in state.department_tasks:
                raise ValidationError(f"“{unit.name}”在该计划中没有牵头或配合的任务")
            if unit.name not in wanted:
                wanted.append(unit.name)
        names = wanted
    specs = []
    for name in names:
        check_cancel(cancel, "已取消导出，未写入任何文件")
        rows = task_rows(
            session, plan_id, as_of=as_of, leaves_only=True, department=name, settings=settings
        )
        earlier = task_rows(
            session, plan_id, as_of=before, leaves_only=True, department=name, settings=settings
        )
        rows = _with_previous(rows, earlier)
        specs.append(
            FillInSpec(
                plan_id=plan.id,
                plan_title=plan.title,
                department=name,
                **period_fields(chosen),
                tasks=tuple(rows),
                office_name=settings.office_name,
                database_id=database_id,
                return_by=due,
                seal_key=key,
            )
        )
    with noting_cut_cells() as cut:
        paths = write_fillin_workbooks(specs, destination, progress=progress, cancel=cancel)
    note_sealed_export(session)
    warnings = []
    if cut:
        # The same task may be cut in several departments' workbooks: name each text once.
        warnings.append(cut_cells_warning(list(dict.fromkeys(cut))))
    if state.unassigned_leaves:
        warnings.append(f"有{state.unassigned_leaves}项任务尚未分工到单位，未列入任何填报表")
    if as_of.year != plan.year:
        warnings.append(f"报送期{chosen.label}不在计划年度 {plan.year} 年内")
    return FillInExportResult(
        plan_id=plan.id,
        period=chosen,
        as_of=as_of,
        target=destination,
        paths=tuple(paths),
        workbooks=tuple(
            ExportedWorkbook(
                spec.department,
                fillin_file_name(spec),
                len(spec.tasks),
                sum(len(task.indicators) for task in spec.tasks),
            )
            for spec in specs
        ),
        warnings=tuple(warnings),
    )


def _return_by(value: dt.date | str | None, period: Period) -> dt.date:
    """The return deadline: as given (not before the period begins), else the default."""
    if value is None:
        # Offices collect the week's reports on its Friday; a month's on its last day.
        friday = period.start + dt.timedelta(days=4)
        return friday if period.end - period.start == dt.timedelta(days=6) else period.end
    day = validation.parse_date(value, "报送截止日期") if isinstance(value, str) else value
    if day < period.start:
        raise ValidationError(
            f"报送截止日期 {day} 早于报送期{period.label}的开始日期 {period.start}"
        )
    return day


def _with_previous(rows: Sequence[TaskRow], earlier: Sequence[TaskRow]) -> list[TaskRow]:
    """This period's rows (序时进度, versions) carrying last period's reports as 上期."""
    before = {row.task_id: row for row in earlier}
    result = []
    for row in rows:
        last = before.get(row.task_id)
        actuals = {i.indicator_id: i.actual for i in last.indicators} if last else {}
        result.append(
            replace(
                row,
                reported_percent=last.reported_percent if last else None,
                progress_text=last.progress_text if last else "",
                indicators=tuple(
                    replace(i, actual=actuals.get(i.indicator_id)) for i in row.indicators
                ),
            )
        )
    return result
