"""Importing an office's own 任务分工方案 workbook: preview (mapping, units, problems), then all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot

from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes
from supervisor.ui.workflows.file_choice import open_import_file
from supervisor.ui.workflows.importing import show_imported_plan

if TYPE_CHECKING:
    from supervisor.services.plan_import import PlanImportPreview
    from supervisor.services.plans import PlanSummary
    from supervisor.ui.work.workers import WorkerRun


class PlanImportWorkflow(Workflow):
    """导入分工方案: .xlsx/.xls → preview in a worker → change the mapping → import or not."""

    plan_imported = Signal(object)

    dialog: dialogs.PlanImportDialog | None = None

    @Slot()
    def on_import_plan_action_triggered(self) -> None:
        """Ask for a 分工方案 workbook and preview it."""
        path = open_import_file(
            self.context,
            self.tr("选择分工方案"),
            self.tr("Excel 工作簿 (*.xlsx *.xls);;所有文件 (*)"),
        )
        if path is not None:
            self.start_preview(path)

    def start_preview(
        self,
        path: Path,
        *,
        year: int | None = None,
        title: str | None = None,
        columns: dict | None = None,
    ) -> WorkerRun:
        """Read and check the workbook in a worker (nothing is written), then show it."""
        from supervisor.ui.work.jobs import plan_sheet_preview_job

        return self.context.run_job(
            plan_sheet_preview_job(Path(path), year, title, columns),
            "preview plan sheet",
            self.tr("正在读取分工方案……"),
            self._on_preview_finished,
        )

    @Slot(object)
    def _on_preview_finished(self, preview: PlanImportPreview) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.set_preview(preview)
            return
        dialog = closing_deletes(dialogs.PlanImportDialog(preview, self.context.widget))
        dialog.preview_requested.connect(self._on_dialog_preview_requested)
        dialog.import_requested.connect(self.start_import)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        # Closed, it is deleted (closing_deletes): nothing may ask it anything any more.
        if self.sender() is self.dialog:
            self.dialog = None

    @Slot(object, object, object)
    def _on_dialog_preview_requested(self, year: object, title: object, columns: object) -> None:
        assert self.dialog is not None
        self.start_preview(
            self.dialog.preview.path,
            year=year if isinstance(year, int) else None,
            title=str(title or "") or None,
            columns=dict(columns) if isinstance(columns, dict) else None,
        )

    @Slot(object, bool)
    def start_import(self, preview: PlanImportPreview, add_departments: bool) -> WorkerRun:
        """Store the previewed plan in a worker: one transaction, all of it or nothing."""
        from supervisor.ui.work.jobs import plan_sheet_import_job

        return self.context.run_job(
            plan_sheet_import_job(preview, add_departments),
            "import plan sheet",
            self.tr("正在导入分工方案……"),
            self._on_import_finished,
        )

    @Slot(object)
    def _on_import_finished(self, summary: PlanSummary) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        show_imported_plan(self.context, summary, self.tr("已导入分工方案《%1》，共 %2 项任务"))
        self.plan_imported.emit(summary)
