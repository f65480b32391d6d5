"""Exports (导出报表): 分工方案, 周进度表, 督查通报 and per-unit reports, written in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMessageBox

from supervisor.services.settings import load_settings
from supervisor.ui import dialogs
from supervisor.ui.work.print_jobs import PRINTABLE, PrintRequest
from supervisor.ui.workflows.context import Workflow, WorkflowContext, closing_deletes
from supervisor.ui.workflows.printing import PrintWorkflow

if TYPE_CHECKING:
    from supervisor.services.exports import ExportResult
    from supervisor.ui.work.jobs import ExportKind, ExportRequest
    from supervisor.ui.work.workers import WorkerRun


class ExportWorkflow(Workflow):
    """导出报表, and printing what was exported (打印 / 打印预览 after an export)."""

    export_finished = Signal(object)

    result_box: QMessageBox | None = None

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context)
        self.printing = PrintWorkflow(context)
        self._request: ExportRequest | None = None  # the export running or last run

    @Slot()
    def on_export_action_triggered(self) -> None:
        """Open the export form; accepting it starts the export."""
        if not self.context.require_plan():
            return
        dialog = self.open_export_dialog()
        dialog.accepted.connect(lambda: self.start_export(dialog.request()))
        dialog.open()

    def open_export_dialog(self, kind: ExportKind | None = None) -> dialogs.ExportDialog:
        """The export form for the current plan."""
        from supervisor.ui.work.jobs import ExportKind

        context = self.context
        kind = kind or ExportKind.PROGRESS
        # Imported on use: the face lookup loads fontTools, needed only for a bulletin.
        from supervisor.reports.office_fonts import OFFICE_FACES, ROLES

        with context.database.sessions() as session:
            settings = load_settings(session)
        period_kind = settings.reporting_period
        folder = Path(str(context.settings.value("paths/export", str(Path.home()))))
        return closing_deletes(
            dialogs.ExportDialog(
                context.plan_id or 0,
                context.plan_year or context.today.year,
                period_kind,
                folder,
                context.widget,
                kind=kind,
                today=context.today,
                departments=context.department_names(),
                font_roles=ROLES,
                font_faces=OFFICE_FACES,
                font_choices={role: getattr(settings, f"font_{role}", "auto") for role in ROLES},
            )
        )

    def start_export(self, request: ExportRequest) -> WorkerRun:
        """Write an export in a worker thread with a cancellable progress dialog."""
        from supervisor.ui.work.jobs import export_job

        self._request = request
        settings = self.context.settings
        settings.setValue("paths/export", str(request.path.parent))
        font = str(settings.value("pdf/body_font", "") or "")
        return self.context.run_job(
            export_job(request, font or None),
            "export",
            self.tr("正在导出%1……").replace("%1", request.kind.value),
            self._on_export_finished,
        )

    @Slot(object)
    def _on_export_finished(self, result: object) -> None:
        message = self.tr("已导出：%1").replace("%1", str(result.path))
        self.context.show_status(message)
        if getattr(result, "issue_number", None):
            message += self.tr("\n期号：第%1期").replace("%1", str(result.issue_number))
        if getattr(result, "faces", ()):
            message += self.tr("\n字体：") + "；".join(result.faces)
        if result.warnings:
            message += "\n\n" + "\n".join(result.warnings)
        self.result_box = self.context.offer_to_open(message, Path(result.path))
        self._offer_to_print(self.result_box, result)
        self.export_finished.emit(result)

    def print_request_for(self, result: ExportResult) -> PrintRequest | None:
        """What printing an export prints: its PDF as is, or its document drawn for paper."""
        from supervisor.ui.work.jobs import ExportKind

        request = self._request
        if request is None or request.kind.value not in PRINTABLE:
            return None
        path = Path(result.path)
        return PrintRequest(
            kind=ExportKind(request.kind),
            plan_id=result.plan_id,
            as_of=result.as_of,
            paper=request.paper,
            issue_number=result.issue_number,
            requirements=request.requirements,
            fonts=request.fonts,
            # The bulletin's PDF is printed as written; a workbook or a Word file is drawn
            # for paper from the same data (the bulletin with the 期号 it was given).
            source=path if path.suffix.lower() == ".pdf" else None,
        )

    def _offer_to_print(self, box: QMessageBox, result: ExportResult) -> None:
        request = self.print_request_for(result)
        if request is None:
            return
        print_button = box.addButton(self.tr("打印…"), QMessageBox.ButtonRole.ActionRole)
        print_button.clicked.connect(lambda: self.printing.print_document(request))
        preview_button = box.addButton(self.tr("打印预览…"), QMessageBox.ButtonRole.ActionRole)
        preview_button.clicked.connect(lambda: self.printing.preview_document(request))
