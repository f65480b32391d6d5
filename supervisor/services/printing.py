"""打印: the 周进度表 as a PDF file for the printer, from the export's data.

The progress sheet, a workbook when exported, is drawn for paper by ``reports.progress_pdf``
from the same rows, columns and options as the workbook. The bulletin needs no drawing of its
own: it is printed from the PDF ``exports.export_bulletin`` writes, in a session that is rolled
back afterwards, so the 期号 it shows is not recorded (a print is not an issue).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from supervisor.errors import ValidationError
from supervisor.reports.progress_pdf import write_progress_pdf
from supervisor.services.exports import PROGRESS, ExportResult
from supervisor.services.reporting import report_header, task_rows
from supervisor.services.settings import load_settings
from supervisor.services.sheet_options import PAPERS, progress_sheet_options
from supervisor.services.tasks import get_plan

ProgressCallback = Callable[[int, int], None]


def progress_sheet_pdf(
    session: Session,
    plan_id: int,
    path: str | os.PathLike[str],
    *,
    as_of: dt.date,
    paper: str = "A4",
    department: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Write the plan's 周进度表 as of a date as a printable PDF (landscape A4 or A3).

    The rows and options are those ``exports.export_progress_sheet`` writes into the
    workbook for the same date (its period: the one the date falls in).

    Raises:
        NotFoundError: No such plan.
        ValidationError: An unknown paper.
        ReportWriteError: The file cannot be written.
        ReportCancelled: ``cancel`` was set.
    """
    if paper not in PAPERS:
        raise ValidationError(f"纸张应为 {' 或 '.join(PAPERS)}：{paper}")
    plan = get_plan(session, plan_id)
    settings = load_settings(session)
    header = report_header(session, plan_id, as_of=as_of, settings=settings)
    rows = task_rows(
        session, plan_id, as_of=as_of, leaves_only=True, department=department, settings=settings
    )
    options = progress_sheet_options(
        session,
        plan_id,
        as_of=as_of,
        period=None,
        settings=settings,
        leaves_only=True,
        department=department,
        paper=paper,
    )
    written = write_progress_pdf(
        header, rows, Path(path), options=options, progress=progress, cancel=cancel
    )
    warnings = list(written.warnings)
    if as_of.year != plan.year:
        warnings.append(f"截至日期 {as_of.isoformat()} 不在计划年度 {plan.year} 年内")
    return ExportResult(
        written.path,
        PROGRESS,
        plan_id,
        as_of,
        header.period_label,
        written.rows,
        written.page_count,
        tuple(warnings),
    )
