"""The long jobs run by workers: each opens its own session and returns plain data."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from supervisor.domain import ExportKind
from supervisor.reports.errors import ReportCancelled
from supervisor.services.audit import default_actor
from supervisor.services.database import Database
from supervisor.services.plans import PlanSummary
from supervisor.ui.models.extraction_model import PreviewEdit
from supervisor.ui.work.workers import ProgressCallback

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from supervisor.extract.departments import DepartmentTable
    from supervisor.extract.model import ExtractedReport
    from supervisor.extract.source import ReportSource
    from supervisor.reports.data import BulletinData
    from supervisor.reports.plan_sheet import Field
    from supervisor.services.exports import ExportResult
    from supervisor.services.plan_import import PlanImportPreview
    from supervisor.services.roundtrip import ApplyResult, FillInExportResult, ReturnPreview


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """One export as chosen in the export dialog."""

    kind: ExportKind
    plan_id: int
    as_of: dt.date
    path: Path
    issue_number: int | None = None
    requirements: str = ""
    department: str = ""  # the unit of a 单位通报
    paper: str = "A4"  # the workbooks' paper size: "A4" or "A3" (wider text columns)
    file_format: str = "pdf"  # a bulletin's: "pdf" or "docx" (Word)
    fonts: tuple[tuple[str, str], ...] = ()  # a bulletin's face per 公文 role, over the settings


@dataclass(frozen=True, slots=True)
class ExtractionPreview:
    """A report file read and extracted, not yet stored."""

    path: Path
    report: ExtractedReport
    # The text itself when there is no file to read again on saving (pasted from the clipboard).
    pasted: ReportSource | None = None

    @property
    def origin(self) -> Path | ReportSource:
        """What the import stores: the file, or the pasted text."""
        return self.pasted if self.pasted is not None else self.path


@dataclass(frozen=True, slots=True)
class YearNeeded:
    """A report read that names no year (a page that says only 今年): the window asks for the
    plan year and extracts ``source`` again with it."""

    source: ReportSource
    pasted: bool


def extract_file(
    path: Path,
    source: ReportSource | None = None,
    departments: DepartmentTable | None = None,
    year: int | None = None,
) -> ExtractionPreview:
    """Read a report file (unless ``source`` is it, read already) and extract its task tree.

    ``departments``: the keyword table (the office's, as the import will use); None: shipped.
    ``year``: the plan year for a text that names none.

    Raises:
        InputFileError: the file is a workbook, or cannot be read as a report.
    """
    # Imported here: extraction is heavy and only needed when the user imports a report.
    from supervisor.extract.pipeline import extract_report
    from supervisor.extract.source import read_report_file

    if source is None:
        source = read_report_file(path)
    return ExtractionPreview(Path(path), extract_report(source.text, departments, year=year))


def import_job(
    path: Path | ReportSource,
    edits: Sequence[PreviewEdit],
    accept_suggestions: bool,
    year: int | None = None,
):
    """A job that stores a report as a plan and applies the preview's edits, all or nothing
    (``year``: the plan year the user gave for a text that names none)."""

    def job(database: Database, progress: ProgressCallback, cancel: threading.Event) -> PlanSummary:
        from supervisor.services import departments, plans, tasks
        from supervisor.services.assignment import assign
        from supervisor.services.plans import list_plans

        actor = default_actor()
        total = len(edits) + 2
        progress(0, total)
        with database.sessions.begin() as session:
            summary = plans.import_report(session, path, actor=actor, year=year)
            progress(1, total)
            if accept_suggestions:
                departments.accept_suggestions(session, summary.id, None, actor=actor)
            ids = {t.code: t.id for t in tasks.list_tasks(session, summary.id)}
            deleted: set[str] = set()
            for done, edit in enumerate(edits, start=2):
                if cancel.is_set():
                    # Leaving the block by exception rolls the whole import back.
                    raise ReportCancelled
                progress(done, total)
                task_id = ids.get(edit.code)
                if task_id is None or any(_is_below(edit.code, code) for code in deleted):
                    continue
                if not edit.included:
                    tasks.delete_task(session, task_id, expected_version=None, actor=actor)
                    deleted.add(edit.code)
                    continue
                changes: dict[str, object] = {}
                if edit.title is not None:
                    changes["title"] = edit.title
                if edit.deadline is not None:
                    changes["deadline"] = edit.deadline
                if changes:
                    tasks.edit_task(session, task_id, expected_version=None, actor=actor, **changes)
                if edit.kind is not None:
                    tasks.set_task_kind(
                        session, task_id, edit.kind, expected_version=None, actor=actor
                    )
                if edit.lead:
                    ensure_department(session, edit.lead, actor)
                    assign(session, [task_id], actor=actor, lead=edit.lead)
                elif edit.lead == "":
                    assign(session, [task_id], actor=actor, lead="")
            summary = next(p for p in list_plans(session) if p.id == summary.id)
        progress(total, total)
        return summary

    return job


def _is_below(code: str, ancestor: str) -> bool:
    return code.startswith(ancestor + ".")


def ensure_department(session: Session, name: str, actor: str) -> None:
    """Add a department typed in a form on first use, so the table fills itself."""
    from supervisor.errors import NotFoundError
    from supervisor.services.departments import add_department, find_department

    try:
        find_department(session, name)
    except NotFoundError:
        add_department(session, name, actor=actor)


def extract_job(path: Path):
    """A job that reads and extracts a report for the preview."""

    def read() -> ReportSource:
        from supervisor.extract.source import read_report_file

        # Read once (a workbook or an unreadable file is refused here).
        return read_report_file(path)

    return _preview_job(read, pasted=False)


def extract_pasted_job(text: str):
    """A job that checks and extracts a report pasted from the clipboard for the preview."""

    def read() -> ReportSource:
        from supervisor.services.plans import pasted_report

        return pasted_report(text)

    return _preview_job(read, pasted=True)


def extract_with_year_job(needed: YearNeeded, year: int):
    """A job that extracts a report already read again, with the plan year the user gave."""
    return _preview_job(lambda: needed.source, pasted=needed.pasted, year=year)


def _preview_job(read: Callable[[], ReportSource], *, pasted: bool, year: int | None = None):
    """A job that gets a report's text by ``read``, refuses one already stored and extracts it;
    a pasted report's preview keeps its text, there being no file to read again on saving. A
    text that names no year, with no ``year`` given, ends in ``YearNeeded``."""

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> ExtractionPreview | YearNeeded:
        from supervisor.extract.model import NoPlanYearError

        progress(0, 1)
        source = read()
        table = _checked_source(database, source)
        try:
            preview = extract_file(source.path, source, table, year)
        except NoPlanYearError:
            if year is not None:
                raise
            return YearNeeded(source, pasted)
        progress(1, 1)
        return replace(preview, pasted=source) if pasted else preview

    return job


def _checked_source(database: Database, source: ReportSource) -> DepartmentTable | None:
    """The office's keyword table for the preview, after refusing a report already stored.

    Refused before extracting: a preview of a report already stored would be edited in vain.

    Raises:
        DuplicateError: a plan holds the same text (by its normalised-text fingerprint).
    """
    from supervisor.errors import DuplicateError
    from supervisor.services.keyword_table import department_table_for
    from supervisor.services.plans import find_imported_report

    with database.sessions() as session:
        existing = find_imported_report(session, source)
        if existing is not None:
            raise DuplicateError(
                f"该报告已导入过：《{existing.title}》（计划编号 {existing.id}），无需再次导入"
            )
        return department_table_for(session, source.text)


def export_job(request: ExportRequest, pdf_font: str | None = None):
    """A job that writes one export through ``services.exports`` and returns its result.

    ``pdf_font`` is a TrueType file chosen in the settings for the PDF body text.
    """

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> ExportResult:
        from supervisor.services import exports

        common = {"as_of": request.as_of, "progress": progress, "cancel": cancel}
        pdf = {
            "issue_number": request.issue_number,
            "requirements": request.requirements,
            "body_font": pdf_font,
            "file_format": request.file_format,
            "fonts": dict(request.fonts) or None,
        }
        # Committed: a bulletin records its 期号 (the next export takes the one after).
        with database.sessions.begin() as session:
            if request.kind == ExportKind.BULLETIN:
                return exports.export_bulletin(
                    session, request.plan_id, request.path, **common, **pdf
                )
            if request.kind == ExportKind.DEPARTMENT:
                return exports.export_department_report(
                    session, request.plan_id, request.department, request.path, **common, **pdf
                )
            writer = (
                exports.export_assignment_sheet
                if request.kind == ExportKind.ASSIGNMENT
                else exports.export_progress_sheet
            )
            return writer(session, request.plan_id, request.path, paper=request.paper, **common)

    return job


def fillin_export_job(
    plan_id: int, target: Path, period_key: str | None, return_by: dt.date | None = None
):
    """A job that writes one fill-in workbook per department (a folder or a .zip)."""

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> FillInExportResult:
        from supervisor.services.roundtrip import export_fillin_workbooks

        with database.sessions() as session:
            return export_fillin_workbooks(
                session,
                plan_id,
                target,
                period=period_key,
                return_by=return_by,
                progress=progress,
                cancel=cancel,
            )

    return job


def return_preview_job(plan_id: int, paths: Sequence[Path], today: dt.date | None = None):
    """A job that reads returned workbooks and checks them; nothing is written."""

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> ReturnPreview:
        from supervisor.services.roundtrip import preview_returned

        with database.sessions() as session:
            return preview_returned(
                session, plan_id, list(paths), progress=progress, cancel=cancel, today=today
            )

    return job


def return_apply_job(preview: ReturnPreview, only_clean: bool, today: dt.date | None = None):
    """A job that applies a checked import in one transaction: all of it or nothing."""

    def job(database: Database, progress: ProgressCallback, cancel: threading.Event) -> ApplyResult:
        from supervisor.services.roundtrip import apply_returned

        progress(0, 1)
        with database.sessions.begin() as session:
            result = apply_returned(
                session, preview, actor=default_actor(), only_clean=only_clean, today=today
            )
            if cancel.is_set():
                raise ReportCancelled
        progress(1, 1)
        return result

    return job


def dashboard_job(plan_id: int, as_of: dt.date):
    """A job that computes the dashboard's numbers: the bulletin's data and the 临期 setting."""

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> tuple[BulletinData, int]:
        from supervisor.services.reporting import bulletin_data
        from supervisor.services.settings import load_settings

        with database.sessions() as session:
            data = bulletin_data(session, plan_id, as_of=as_of)
            return data, load_settings(session).due_soon_days

    return job


def plan_sheet_preview_job(
    path: Path, year: int | None, title: str | None, columns: Mapping[Field, int] | None
):
    """A job that reads an office's 分工方案 workbook and checks every row; nothing written."""

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> PlanImportPreview:
        from supervisor.services.plan_import import preview_plan_sheet

        progress(0, 1)
        with database.sessions() as session:
            preview = preview_plan_sheet(
                session, path, year=year, title=title or None, columns=columns or None
            )
        progress(1, 1)
        return preview

    return job


def plan_sheet_import_job(preview: PlanImportPreview, add_departments: bool):
    """A job that stores a previewed 分工方案 as a plan in one transaction, or nothing."""

    def job(database: Database, progress: ProgressCallback, cancel: threading.Event) -> PlanSummary:
        from supervisor.services.plan_import import import_plan_sheet

        progress(0, 1)
        with database.sessions.begin() as session:
            summary = import_plan_sheet(
                session, preview, actor=default_actor(), add_departments=add_departments
            )
            if cancel.is_set():
                raise ReportCancelled
        progress(1, 1)
        return summary

    return job
