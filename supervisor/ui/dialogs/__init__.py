"""Forms and dialogs; they take data and callbacks and never import a workflow.

The workflows reach them as ``dialogs.Name``: a dialog's module is imported when the name is
first used, so the window starts without loading every form and what some of them pull in.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ``X as X``: named for type checkers, imported by __getattr__
    from supervisor.ui.dialogs.assign_dialog import AssignDialog as AssignDialog
    from supervisor.ui.dialogs.assign_dialog import AssignInput as AssignInput
    from supervisor.ui.dialogs.deleted_tasks_dialog import DeletedTasksDialog as DeletedTasksDialog
    from supervisor.ui.dialogs.departments_dialog import DepartmentsDialog as DepartmentsDialog
    from supervisor.ui.dialogs.export_dialog import ExportDialog as ExportDialog
    from supervisor.ui.dialogs.fillin_dialog import FillInExportDialog as FillInExportDialog
    from supervisor.ui.dialogs.help_dialog import HelpDialog as HelpDialog
    from supervisor.ui.dialogs.import_dialog import ImportDialog as ImportDialog
    from supervisor.ui.dialogs.plan_dialog import PlanDialog as PlanDialog
    from supervisor.ui.dialogs.plan_import_dialog import PlanImportDialog as PlanImportDialog
    from supervisor.ui.dialogs.print_dialog import PrintChoiceDialog as PrintChoiceDialog
    from supervisor.ui.dialogs.progress_form import ProgressInput as ProgressInput
    from supervisor.ui.dialogs.progress_form import ProgressReportDialog as ProgressReportDialog
    from supervisor.ui.dialogs.return_dialog import ReturnPreviewDialog as ReturnPreviewDialog
    from supervisor.ui.dialogs.settings_dialog import SettingsDialog as SettingsDialog
    from supervisor.ui.dialogs.task_dialog import TaskChangedError as TaskChangedError
    from supervisor.ui.dialogs.task_dialog import TaskDialog as TaskDialog
    from supervisor.ui.dialogs.task_dialog import TaskInput as TaskInput
    from supervisor.ui.dialogs.urge_dialog import UrgeDialog as UrgeDialog
    from supervisor.ui.dialogs.urge_dialog import UrgeInput as UrgeInput

# The names offered above, each with the module of this package that defines it.
_HOMES = {
    "AssignDialog": "assign_dialog",
    "AssignInput": "assign_dialog",
    "DeletedTasksDialog": "deleted_tasks_dialog",
    "DepartmentsDialog": "departments_dialog",
    "ExportDialog": "export_dialog",
    "FillInExportDialog": "fillin_dialog",
    "HelpDialog": "help_dialog",
    "ImportDialog": "import_dialog",
    "PlanDialog": "plan_dialog",
    "PlanImportDialog": "plan_import_dialog",
    "PrintChoiceDialog": "print_dialog",
    "ProgressInput": "progress_form",
    "ProgressReportDialog": "progress_form",
    "ReturnPreviewDialog": "return_dialog",
    "SettingsDialog": "settings_dialog",
    "TaskChangedError": "task_dialog",
    "TaskDialog": "task_dialog",
    "TaskInput": "task_dialog",
    "UrgeDialog": "urge_dialog",
    "UrgeInput": "urge_dialog",
}


def __getattr__(name: str) -> object:
    """``dialogs.Name``: import the module defining ``Name`` on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
