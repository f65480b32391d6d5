"""Recording progress (报送进展) and correcting a report from the detail pane's timeline."""

from __future__ import annotations

from PySide6.QtCore import Slot

from supervisor.errors import NotFoundError, SupervisorError
from supervisor.services import progress, tasks
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes


class ProgressWorkflow(Workflow):
    """报送进展 and 更正 (append-only: a correction is a new report)."""

    @Slot()
    def on_progress_action_triggered(self) -> None:
        """Open the progress form of the current task."""
        task = self.context.require_task()
        if task is not None:
            self.open_progress_form(task.task_id).open()

    def open_progress_form(self, task_id: int) -> dialogs.ProgressReportDialog:
        """The progress form of one task, saving through the progress service."""
        with self.context.database.sessions() as session:
            detail = tasks.get_task(session, task_id)
        row = self.context.task_row(task_id)
        last = row.percent_done * 100 if row and row.percent_done is not None else None
        return self._form(detail, last_percent=last)

    @Slot(int, int)
    def on_correction_requested(self, task_id: int, report_id: int) -> None:
        """Open the correction form of one report (a link in the detail pane)."""
        try:
            form = self.open_correction_form(task_id, report_id)
        except SupervisorError as err:
            self.context.error(str(err))
            return
        form.open()

    def open_correction_form(self, task_id: int, report_id: int) -> dialogs.ProgressReportDialog:
        """The progress form filled in with one report, saving a correction of it.

        Raises:
            NotFoundError: the task has no such report (any more).
        """
        with self.context.database.sessions() as session:
            detail = tasks.get_task(session, task_id)
            reports = progress.task_progress(session, task_id)
        report = next((r for r in reports if r.id == report_id), None)
        if report is None:
            raise NotFoundError(self.tr("该进展报送已不存在，请刷新后重试"))
        return self._form(detail, correcting=report)

    def _form(
        self,
        detail: tasks.TaskDetail,
        *,
        last_percent: float | None = None,
        correcting: progress.ProgressInfo | None = None,
    ) -> dialogs.ProgressReportDialog:
        """The progress form of a task (a new report or a correction), saving through
        ``record_progress``."""
        return closing_deletes(
            dialogs.ProgressReportDialog(
                detail,
                self.record_progress,
                self.context.widget,
                today=self.context.today,
                last_percent=last_percent,
                correcting=correcting,
            )
        )

    def record_progress(self, value: dialogs.ProgressInput) -> None:
        """Store a progress report (append-only: not undoable, corrections are new reports)."""
        self.context.record_for_task(progress.add_progress, value.task_id, **value.report_fields())
