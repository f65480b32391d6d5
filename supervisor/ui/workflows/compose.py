"""All workflow controllers of one window, built on one shared context."""

from __future__ import annotations

from dataclasses import dataclass

from supervisor.ui.workflows.assignment import AssignmentWorkflow
from supervisor.ui.workflows.backup import BackupWorkflow
from supervisor.ui.workflows.context import WorkflowContext
from supervisor.ui.workflows.dashboard import DashboardWorkflow
from supervisor.ui.workflows.deadlines import DeadlineWorkflow
from supervisor.ui.workflows.departments import DepartmentsWorkflow
from supervisor.ui.workflows.exports import ExportWorkflow
from supervisor.ui.workflows.fillin import FillInWorkflow
from supervisor.ui.workflows.help import HelpWorkflow
from supervisor.ui.workflows.importing import ImportWorkflow
from supervisor.ui.workflows.integrity import IntegrityWorkflow
from supervisor.ui.workflows.plan_import import PlanImportWorkflow
from supervisor.ui.workflows.progress import ProgressWorkflow
from supervisor.ui.workflows.settings import SettingsWorkflow
from supervisor.ui.workflows.task_editing import TaskEditingWorkflow
from supervisor.ui.workflows.urging import UrgingWorkflow
from supervisor.ui.workflows.weekly import WeeklyWorkflow


@dataclass(frozen=True)
class Workflows:
    """The window's workflow controllers, one per workflow."""

    importing: ImportWorkflow
    plan_import: PlanImportWorkflow
    tasks: TaskEditingWorkflow
    assignment: AssignmentWorkflow
    progress: ProgressWorkflow
    urging: UrgingWorkflow
    departments: DepartmentsWorkflow
    settings: SettingsWorkflow
    exports: ExportWorkflow
    fillin: FillInWorkflow
    dashboard: DashboardWorkflow
    backup: BackupWorkflow
    help: HelpWorkflow
    weekly: WeeklyWorkflow
    deadlines: DeadlineWorkflow
    integrity: IntegrityWorkflow

    @classmethod
    def compose(cls, context: WorkflowContext) -> Workflows:
        """One controller of each workflow on ``context``."""
        return cls(
            importing=ImportWorkflow(context),
            plan_import=PlanImportWorkflow(context),
            tasks=TaskEditingWorkflow(context),
            assignment=AssignmentWorkflow(context),
            progress=ProgressWorkflow(context),
            urging=UrgingWorkflow(context),
            departments=DepartmentsWorkflow(context),
            settings=SettingsWorkflow(context),
            exports=ExportWorkflow(context),
            fillin=FillInWorkflow(context),
            dashboard=DashboardWorkflow(context),
            backup=BackupWorkflow(context),
            help=HelpWorkflow(context),
            weekly=WeeklyWorkflow(context),
            deadlines=DeadlineWorkflow(context),
            integrity=IntegrityWorkflow(context),
        )
