"""Importing a report (extract → preview → store) and creating an empty plan by hand."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QInputDialog

from supervisor.services import plans
from supervisor.services.audit import default_actor
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes
from supervisor.ui.workflows.file_choice import open_import_file

if TYPE_CHECKING:
    from supervisor.services.plans import PlanSummary
    from supervisor.ui.work.workers import Job, WorkerRun
    from supervisor.ui.workflows.context import WorkflowContext


def show_imported_plan(context: WorkflowContext, summary: PlanSummary, message: str) -> None:
    """Show a plan just imported (a report, a 分工方案) and say so in the status bar.

    Args:
        context: The window's workflow context.
        summary: The plan stored.
        message: The (translated) message, %1 standing for the title, %2 for the task count.
    """
    context.show_plan_after_change(summary.id)
    context.show_status(
        message.replace("%1", summary.title).replace("%2", str(summary.task_count)), 8000
    )


class ImportWorkflow(Workflow):
    """导入报告 and 新建清单."""

    import_finished = Signal(object)

    import_dialog: dialogs.ImportDialog | None = None
    # The plan year the user gave for the report being previewed when its text names none.
    given_year: int | None = None

    @Slot()
    def on_import_action_triggered(self) -> None:
        """Ask for a report file and extract it."""
        path = open_import_file(
            self.context,
            self.tr("选择报告文件"),
            self.tr("报告 (*.txt *.docx *.pdf);;所有文件 (*)"),
        )
        if path is not None:
            self.start_extraction(path)

    def start_extraction(self, path: Path) -> WorkerRun:
        """Read and extract a report in a worker, then show the preview."""
        from supervisor.ui.work.jobs import extract_job

        return self._extract(extract_job(path), "extract report")

    @Slot()
    def on_import_clipboard_action_triggered(self) -> None:
        """Import a report pasted from the clipboard (copied from Word, WPS or a web page)."""
        data = QGuiApplication.clipboard().mimeData()
        text = ""
        if data is not None and data.hasText():
            text = data.text()
        elif data is not None and data.hasHtml():
            # Some programs put only HTML on the clipboard: its text is the report.
            document = QTextDocument()
            document.setHtml(data.html())
            text = document.toPlainText()
        if not text.strip():
            self.context.error(
                self.tr(
                    "剪贴板中没有文字：请先在 Word、WPS 或网页中选中报告全文并复制，再从剪贴板导入"
                )
            )
            return
        self.start_pasted_extraction(text)

    def start_pasted_extraction(self, text: str) -> WorkerRun:
        """Check and extract pasted text in a worker (limits and duplicates as for a file)."""
        from supervisor.ui.work.jobs import extract_pasted_job

        return self._extract(extract_pasted_job(text), "extract pasted")

    def _extract(self, job: Job, description: str, year: int | None = None) -> WorkerRun:
        # A file and pasted text end alike: the same progress title, then the same preview.
        self.given_year = year
        return self.context.run_job(
            job, description, self.tr("正在提取报告……"), self._on_extraction_finished
        )

    def ask_year(self) -> int | None:
        """The plan year of a report that names none, or None when the user cancels."""
        year, ok = QInputDialog.getInt(
            self.context.widget,
            self.tr("计划年度"),
            self.tr("报告中没有年份（如网页摘录只写“今年”）。请输入这份报告的计划年度："),
            self.context.today.year,
            2000,
            2100,
        )
        return year if ok else None

    @Slot(object)
    def _on_extraction_finished(self, preview: object) -> None:
        from supervisor.ui.work.jobs import YearNeeded, extract_with_year_job

        if isinstance(preview, YearNeeded):
            year = self.ask_year()
            if year is None:
                self.context.show_status(self.tr("未导入：没有指定计划年度"), 8000)
            else:
                self._extract(extract_with_year_job(preview, year), "extract with year", year)
            return
        dialog = closing_deletes(dialogs.ImportDialog(preview, self.context.widget))
        dialog.save_requested.connect(self.start_import)
        dialog.finished.connect(self._on_import_dialog_finished)
        self.import_dialog = dialog
        dialog.open()

    @Slot(int)
    def _on_import_dialog_finished(self, _result: int) -> None:
        # Closed, it is deleted (closing_deletes): nothing may ask it anything any more.
        if self.sender() is self.import_dialog:
            self.import_dialog = None

    @Slot(object, list, bool)
    def start_import(self, path: object, edits: list, accept_suggestions: bool) -> WorkerRun:
        """Store the report (a file, or pasted text) with the preview's edits in a worker."""
        from supervisor.ui.work.jobs import import_job

        origin = Path(path) if isinstance(path, str | Path) else path
        return self.context.run_job(
            import_job(origin, edits, accept_suggestions, self.given_year),
            "import report",
            self.tr("正在导入报告……"),
            self._on_import_finished,
        )

    @Slot(object)
    def _on_import_finished(self, summary: PlanSummary) -> None:
        show_imported_plan(self.context, summary, self.tr("已导入《%1》，共 %2 项任务"))
        self.import_finished.emit(summary)

    @Slot()
    def on_new_plan_action_triggered(self) -> None:
        """Open the form of a new plan."""
        self.open_plan_dialog().open()

    def open_plan_dialog(self) -> dialogs.PlanDialog:
        """The form of a new plan; the window shows the plan once it is saved."""
        return closing_deletes(dialogs.PlanDialog(self.create_plan, self.context.widget))

    def create_plan(self, title: str, year: int, source: str) -> int:
        """Create an empty plan and show it (raises a Chinese SupervisorError)."""
        summary = self.context.in_transaction(
            lambda s: plans.create_plan(
                s, title=title, year=year, source=source, actor=default_actor()
            )
        )
        self.context.show_plan_after_change(summary.id)
        return summary.id
