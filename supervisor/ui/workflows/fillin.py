"""The departments' fill-in round trip: export workbooks, preview returned ones, apply them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFileDialog

from supervisor.services.settings import load_settings
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes

if TYPE_CHECKING:
    from supervisor.services.periods import Period
    from supervisor.ui.work.workers import WorkerRun


class FillInWorkflow(Workflow):
    """导出填报表 and 导入填报表."""

    fillin_exported = Signal(object)
    returns_previewed = Signal(object)
    returns_applied = Signal(object)

    return_dialog: dialogs.ReturnPreviewDialog | None = None
    fillin_export_dialog: dialogs.FillInExportDialog | None = None

    @Slot()
    def on_fillin_export_action_triggered(self) -> None:
        """Ask for the period and the folder, then export one workbook per department."""
        context = self.context
        if not context.require_plan():
            return
        periods = self.fillin_periods()
        if not periods:
            context.error(self.tr("该计划的年度尚未开始，还没有可填报的报送期"))
            return
        self.open_fillin_export_dialog(periods).open()

    def open_fillin_export_dialog(self, periods: list[Period]) -> dialogs.FillInExportDialog:
        """The form of a fill-in export (period, return date, folder); OK starts the export."""
        folder = Path(str(self.context.settings.value("paths/fillin", str(Path.home()))))
        dialog = closing_deletes(dialogs.FillInExportDialog(periods, folder, self.context.widget))
        dialog.accepted.connect(self._on_fillin_export_dialog_accepted)
        self.fillin_export_dialog = dialog
        return dialog

    @Slot()
    def _on_fillin_export_dialog_accepted(self) -> WorkerRun | None:
        dialog = self.fillin_export_dialog
        if dialog is None:
            return None
        self.context.settings.setValue("paths/fillin", str(dialog.folder()))
        return self.start_fillin_export(dialog.folder(), dialog.period().key, dialog.return_by())

    def fillin_periods(self) -> list[Period]:
        """The plan year's reporting periods up to today that end within the year, newest first."""
        from supervisor.services.periods import periods_between

        context = self.context
        year = context.plan_year or context.today.year
        first, last = dt.date(year, 1, 1), min(context.today, dt.date(year, 12, 31))
        if first > last:
            return []
        with context.database.sessions() as session:
            kind = load_settings(session).reporting_period
        # A week running into the next year (2020年第53周 ends on 2021-01-03) lies outside the
        # plan year: the export would only warn about it, so it is not offered.
        periods = periods_between(first, last, kind)
        return [p for p in reversed(periods) if p.end <= dt.date(year, 12, 31)]

    def start_fillin_export(
        self, target: Path, period_key: str | None = None, return_by: dt.date | None = None
    ) -> WorkerRun:
        """Write one fill-in workbook per department (folder or .zip) in a worker."""
        from supervisor.ui.work.jobs import fillin_export_job

        context = self.context
        return context.run_job(
            fillin_export_job(context.plan_id or 0, target, period_key, return_by),
            "fill-in",
            self.tr("正在导出填报表……"),
            self._on_fillin_exported,
        )

    @Slot(object)
    def _on_fillin_exported(self, result: object) -> None:
        count = len(getattr(result, "workbooks", ()))
        message = (
            self.tr("已为 %1 个单位导出填报表（%2）：%3")
            .replace("%1", str(count))
            .replace("%2", result.period.label)
            .replace("%3", str(result.target))
        )
        self.context.show_status(message)
        if result.warnings:
            message += "\n\n" + "\n".join(result.warnings)
        self.context.offer_to_open(message, Path(result.target))
        self.fillin_exported.emit(result)

    @Slot()
    def on_fillin_import_action_triggered(self) -> None:
        """Ask for the returned workbooks and check them."""
        context = self.context
        if not context.require_plan():
            return
        files, _ = QFileDialog.getOpenFileNames(
            context.widget,
            self.tr("选择各单位交回的填报表"),
            str(context.settings.value("paths/fillin", str(Path.home()))),
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if files:
            self.start_return_preview([Path(f) for f in files])

    def start_return_preview(self, paths: list[Path]) -> WorkerRun:
        """Read and check returned workbooks in a worker, then show the change preview."""
        from supervisor.ui.work.jobs import return_preview_job

        context = self.context
        return context.run_job(
            return_preview_job(context.plan_id or 0, paths, context.today),
            "fill-in preview",
            self.tr("正在核对填报表……"),
            self._on_return_previewed,
        )

    @Slot(object)
    def _on_return_previewed(self, preview: object) -> None:
        dialog = closing_deletes(dialogs.ReturnPreviewDialog(preview, self.context.widget))
        dialog.apply_requested.connect(self.start_return_apply)
        self.return_dialog = dialog
        dialog.open()
        self.returns_previewed.emit(preview)

    @Slot(object, bool)
    def start_return_apply(self, preview: object, only_clean: bool) -> WorkerRun:
        """Apply a checked import in a worker, in one transaction."""
        from supervisor.ui.work.jobs import return_apply_job

        context = self.context
        return context.run_job(
            return_apply_job(preview, only_clean, context.today),
            "fill-in apply",
            self.tr("正在导入填报表……"),
            self._on_return_applied,
        )

    @Slot(object)
    def _on_return_applied(self, result: object) -> None:
        self.context.reload_tasks()
        message = (
            self.tr("已导入 %1 个文件，新增 %2 条进展")
            .replace("%1", str(len(result.files)))
            .replace("%2", str(result.reports))
        )
        if result.skipped:
            message += self.tr("；跳过：%1").replace("%1", "、".join(result.skipped))
        self.context.show_status(message)
        self.returns_applied.emit(result)
