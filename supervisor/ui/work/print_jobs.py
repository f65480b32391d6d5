"""The print jobs run by workers: write the document to print, then draw it onto the printer."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from supervisor.services.database import Database
from supervisor.ui.work.workers import ProgressCallback

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from supervisor.ui.work.jobs import ExportKind

# The reports that can be printed (ExportKind values; jobs, which defines it, is imported on
# use: it pulls in the extraction code, which the window must not load at start).
PRINTABLE = ("周进度表", "督查通报")
_numbers = itertools.count(1)


@dataclass(frozen=True, slots=True)
class PrintRequest:
    """What to print: a report of a plan as of a date, or a PDF an export wrote already."""

    kind: ExportKind
    plan_id: int
    as_of: dt.date
    paper: str = "A4"  # the progress sheet's: "A4" or "A3", landscape
    issue_number: int | None = None  # a bulletin's 期号; the next of the year when None
    requirements: str = ""
    fonts: tuple[tuple[str, str], ...] = ()
    source: Path | None = None  # a PDF written by an export: printed as it is


@dataclass(frozen=True, slots=True)
class PrintedDocument:
    """The PDF that was (or is to be) printed, and how many pages went to the printer."""

    path: Path
    kind: ExportKind
    pages: int = 0


def write_document(
    database: Database,
    request: PrintRequest,
    folder: Path,
    pdf_font: str | None,
    progress: ProgressCallback,
    cancel: threading.Event,
) -> Path:
    """The PDF to print: the export's own file, or one written now into ``folder``.

    Nothing is stored: the session is rolled back, so a printed bulletin's 期号 is not
    recorded (printing is not issuing; the export is).
    """
    if request.source is not None:
        return request.source
    from supervisor.services import printing
    from supervisor.services.exports import export_bulletin
    from supervisor.ui.work.jobs import ExportKind

    target = folder / f"{request.kind.value}-{next(_numbers)}.pdf"
    # Both documents take the plan, the file, the date and the progress; each adds its own.
    if request.kind == ExportKind.BULLETIN:
        # The bulletin's PDF exactly as the export writes it (the 期号 noted is rolled back).
        write = partial(
            export_bulletin,
            file_format="pdf",
            issue_number=request.issue_number,
            requirements=request.requirements,
            fonts=dict(request.fonts) or None,
            body_font=pdf_font,
        )
    else:
        write = partial(printing.progress_sheet_pdf, paper=request.paper)
    with database.sessions() as session:
        try:
            result = write(
                session,
                request.plan_id,
                target,
                as_of=request.as_of,
                progress=progress,
                cancel=cancel,
            )
        finally:
            session.rollback()
    return result.path


def document_job(request: PrintRequest, folder: Path, pdf_font: str | None = None):
    """A job that writes the document for a print preview."""

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> PrintedDocument:
        path = write_document(database, request, folder, pdf_font, progress, cancel)
        return PrintedDocument(path, request.kind)

    return job


def print_job(request: PrintRequest, folder: Path, printer: QPrinter, pdf_font: str | None = None):
    """A job that writes the document and draws its pages onto ``printer``.

    The printer is only painted on in the worker's thread (Qt allows painting onto a
    QPrinter there); the GUI thread leaves it alone until the job has ended.
    """

    def job(
        database: Database, progress: ProgressCallback, cancel: threading.Event
    ) -> PrintedDocument:
        from supervisor.ui.work.printing import PdfPages

        path = write_document(database, request, folder, pdf_font, progress, cancel)
        pages = PdfPages(path)
        try:
            count = pages.paint(printer, progress=progress, cancel=cancel)
        finally:
            pages.close()
        return PrintedDocument(path, request.kind, count)

    return job
