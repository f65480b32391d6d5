"""打印 and 打印预览 of the 周进度表 and the 督查通报, from the menu or after an export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTemporaryDir, Signal, Slot

from supervisor.errors import SupervisorError
from supervisor.ui import dialogs
from supervisor.ui.work.print_jobs import PrintedDocument, PrintRequest
from supervisor.ui.workflows.context import Workflow, WorkflowContext

# Qt's print support, QtPdf and the report kinds are imported on use: the window starts
# without them.
if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

    from supervisor.ui.work.printing import PdfPages
    from supervisor.ui.work.workers import WorkerRun


class PrintWorkflow(Workflow):
    """打印… (Ctrl+P) and 打印预览…: the document is written and drawn in a worker."""

    printed = Signal(object)  # PrintedDocument, its pages sent to the printer
    preview_opened = Signal(object)  # the QPrintPreviewDialog

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context)
        # The documents written for printing; removed with the window.
        self._folder = QTemporaryDir()
        self.print_dialog: QPrintDialog | None = None
        self.preview_dialog: QPrintPreviewDialog | None = None
        self._pages: PdfPages | None = None

    # -- the menu --------------------------------------------------------------------------
    @Slot()
    def on_print_action_triggered(self) -> None:
        """Choose the report, then the printer; printing runs in a worker."""
        self._choose_then(self.print_document, preview=False)

    @Slot()
    def on_print_preview_action_triggered(self) -> None:
        """Choose the report, then see its pages as they will print."""
        self._choose_then(self.preview_document, preview=True)

    def _choose_then(self, then: Callable[[PrintRequest], object], *, preview: bool) -> None:
        """Open the choice form (once a plan is open); its OK passes the request to ``then``."""
        if not self.context.require_plan():
            return
        dialog = self.open_choice(preview=preview)
        dialog.accepted.connect(lambda: then(dialog.request()))
        dialog.open()

    def open_choice(self, *, preview: bool, kind: str = "周进度表") -> dialogs.PrintChoiceDialog:
        """The form that picks the report to print (an ExportKind), for the plan and date shown."""
        from supervisor.ui.work.jobs import ExportKind

        as_of = self.context.view_date
        if self.context.plan_year is not None:
            # A past plan prints as it ended, as 导出报表 proposes (not "2026年第50周" of 2020).
            as_of = min(as_of, dt.date(self.context.plan_year, 12, 31))
        dialog = dialogs.PrintChoiceDialog(
            self.context.plan_id or 0,
            as_of,
            self.context.widget,
            preview=preview,
            kind=ExportKind(kind),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    # -- printing --------------------------------------------------------------------------
    def print_document(self, request: PrintRequest, printer: QPrinter | None = None) -> None:
        """Print ``request``: on ``printer`` at once, or after the user picked one."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        from PySide6.QtWidgets import QDialog

        if printer is not None:
            self.start_print(request, printer)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(request.kind.value)
        dialog = QPrintDialog(printer, self.context.widget)
        dialog.setWindowTitle(self.tr("打印%1").replace("%1", request.kind.value))
        dialog.accepted.connect(lambda: self.start_print(request, printer))
        dialog.finished.connect(self._on_print_dialog_finished)
        self.print_dialog = dialog
        # QPrintDialog.open() takes a receiver in PySide6: QDialog's own opens it window-modal.
        QDialog.open(dialog)

    def start_print(self, request: PrintRequest, printer: QPrinter) -> WorkerRun:
        """Write the document and draw it onto ``printer`` in a worker thread."""
        from supervisor.ui.work.print_jobs import print_job

        job = print_job(request, Path(self._folder.path()), printer, self._pdf_font())
        run = self.context.run_job(
            job,
            "print",
            self.tr("正在打印%1……").replace("%1", request.kind.value),
            self._on_printed,
        )
        run.printer = printer  # kept alive until the job has ended
        return run

    @Slot(object)
    def _on_printed(self, result: object) -> None:
        assert isinstance(result, PrintedDocument)
        message = (
            self.tr("已发送打印：%1，共 %2 页")
            .replace("%1", result.kind.value)
            .replace("%2", str(result.pages))
        )
        self.context.show_status(message)
        self.context.last_message = message
        self.printed.emit(result)

    @Slot(int)
    def _on_print_dialog_finished(self, _result: int) -> None:
        if self.print_dialog is not None:
            self.print_dialog.deleteLater()
            self.print_dialog = None

    # -- preview ---------------------------------------------------------------------------
    def preview_document(self, request: PrintRequest) -> WorkerRun:
        """Write the document in a worker, then show its pages as they will print."""
        from supervisor.ui.work.print_jobs import document_job

        job = document_job(request, Path(self._folder.path()), self._pdf_font())
        return self.context.run_job(
            job,
            "print preview",
            self.tr("正在准备打印预览%1……").replace("%1", request.kind.value),
            self._on_document_ready,
        )

    @Slot(object)
    def _on_document_ready(self, result: object) -> None:
        assert isinstance(result, PrintedDocument)
        self.show_preview(result)

    def show_preview(self, document: PrintedDocument) -> QPrintPreviewDialog | None:
        """The preview of a written PDF; its 打印 button prints the same pages."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from supervisor.ui.work.printing import PdfPages

        try:
            pages = PdfPages(document.path)
        except SupervisorError as err:
            self.context.error(str(err))
            return None
        self._close_preview()
        self._pages = pages
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document.kind.value)
        dialog = QPrintPreviewDialog(printer, self.context.widget)
        dialog.setWindowTitle(self.tr("打印预览：%1").replace("%1", document.kind.value))
        dialog.paintRequested.connect(self._on_preview_paint_requested)
        dialog.finished.connect(self._on_preview_finished)
        dialog.printer_kept = printer  # the dialog does not own the printer
        dialog.resize(900, 760)
        self.preview_dialog = dialog
        dialog.open()
        self.preview_opened.emit(dialog)
        return dialog

    @Slot(object)
    def _on_preview_paint_requested(self, printer: QPrinter) -> None:
        from supervisor.ui.work.printing import PREVIEW_DPI, is_preview

        if self._pages is None:
            return
        try:
            # The preview is a screen's worth; its 打印 button paints at the printer's own.
            self._pages.paint(printer, dpi=PREVIEW_DPI if is_preview(printer) else None)
        except SupervisorError as err:
            self.context.error(str(err))

    @Slot(int)
    def _on_preview_finished(self, _result: int) -> None:
        self._close_preview()

    def _close_preview(self) -> None:
        dialog, self.preview_dialog = self.preview_dialog, None
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
        if self._pages is not None:
            self._pages.close()
            self._pages = None

    def _pdf_font(self) -> str | None:
        return str(self.context.settings.value("pdf/body_font", "") or "") or None
