"""Exports (导出报表): 分工方案, 周进度表, 督查通报 and per-unit reports, written in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMessageBox

from supervisor.services.settings import load_settings
from supervisor.ui.workflows.context import Workflow

if TYPE_CHECKING:
    from supervisor.ui.dialogs.export_dialog import ExportDialog
    from supervisor.ui.work.jobs import ExportKind, ExportRequest
    from supervisor.ui.work.workers import WorkerRun


class ExportWorkflow(Workflow):
    """导出报表."""

    export_finished = Signal(object)

    result_box: QMessageBox | None = None

    @Slot()
    def on_export_action_triggered(self) -> None:
        """Open the export form; accepting it starts the export."""
        if not self.context.require_plan():
            return
        dialog = self.open_export_dialog()
        dialog.accepted.connect(lambda: self.start_export(dialog.request()))
        dialog.open()

    def open_export_dialog(self, kind: ExportKind | None = None) -> ExportDialog:
        """The export form for the current plan."""
        from supervisor.ui.dialogs.export_dialog import ExportDialog
        from supervisor.ui.work.jobs import ExportKind

        context = self.context
        kind = kind or ExportKind.PROGRESS
        # Imported on use: the face lookup loads fontTools, needed only for a bulletin.
        from supervisor.reports.office_fonts import OFFICE_FACES, ROLES

        with context.database.sessions() as session:
            settings = load_settings(session)
        period_kind = settings.reporting_period
        folder = Path(str(context.settings.value("paths/export", str(Path.home()))))
        return ExportDialog(
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

    def start_export(self, request: ExportRequest) -> WorkerRun:
        """Write an export in a worker thread with a cancellable progress dialog."""
        from supervisor.ui.work.jobs import export_job
        from supervisor.ui.work.workers import ExportWorker

        settings = self.context.settings
        settings.setValue("paths/export", str(request.path.parent))
        font = str(settings.value("pdf/body_font", "") or "")
        worker = ExportWorker(self.context.database, export_job(request, font or None), "export")
        return self.context.start(
            worker,
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
        self.export_finished.emit(result)
