"""Assignment (分工): lead and co-departments, leader and deadline, one task or many; undoable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot

from supervisor.reports.data import TaskRow
from supervisor.services import assignment, tasks
from supervisor.services.audit import default_actor
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes


class AssignmentWorkflow(Workflow):
    """分工."""

    @Slot()
    def on_assign_action_triggered(self) -> None:
        """Open the assignment form for the selected tasks."""
        selected = self.context.require_selection()
        if selected:
            self.open_assign_dialog(selected).open()

    def open_assign_dialog(self, selected: list[TaskRow]) -> dialogs.AssignDialog:
        """The assignment form for the selected tasks."""
        ids = [r.task_id for r in selected]

        def save(value: dialogs.AssignInput) -> None:
            self.assign_tasks(ids, value)

        lead = selected[0].lead_department if len(selected) == 1 else ""
        return closing_deletes(
            dialogs.AssignDialog(
                len(ids),
                self.context.department_names(),
                save,
                self.context.widget,
                year=self.context.plan_year,
                current_lead=lead,
            )
        )

    def assign_tasks(self, task_ids: list[int], value: dialogs.AssignInput) -> None:
        """Assign tasks (raises a Chinese SupervisorError); undo restores the old assignment."""
        from supervisor.ui.work.jobs import ensure_department

        context = self.context
        actor = default_actor()
        with context.database.sessions() as session:
            before = {i: tasks.get_task(session, i) for i in task_ids}
        if value.lead:
            context.in_transaction(lambda s: ensure_department(s, value.lead, actor))
        for name in value.co or ():
            context.in_transaction(lambda s, n=name: ensure_department(s, n, actor))

        def assign(session) -> None:
            assignment.assign(
                session,
                task_ids,
                actor=actor,
                lead=value.lead,
                co=value.co,
                leader=value.leader,
                deadline=value.deadline,
                subtree=value.subtree,
            )

        def apply() -> None:
            context.in_transaction(assign)

        # What this step set (None: left as it was): an undo refuses when somebody else has
        # changed any of it since, rather than overwrite their assignment.
        wanted = {
            "lead_department": value.lead,
            "co_departments": tuple(value.co) if value.co is not None else None,
            "leader": value.leader,
            "deadline": value.deadline,
        }

        def refuse_if_others_changed(
            session, verb: str, expected: Callable[[tasks.TaskDetail, str, object], object]
        ) -> None:
            """Refuse (nothing written) when a field this step set is no longer as expected."""
            from supervisor.ui.workflows.task_editing import refuse_if_changed

            for task_id, old in before.items():
                now = tasks.get_task(session, task_id)
                changed = [
                    k
                    for k, v in wanted.items()
                    if v is not None and _differs(now, k, expected(old, k, v))
                ]
                refuse_if_changed(verb, now.code, changed)

        def revert_each(session) -> None:
            # Undo expects what this step set; redo expects what the undo restored.
            refuse_if_others_changed(session, "撤销", lambda old, k, v: v)
            for task_id, old in before.items():
                assignment.assign(
                    session,
                    [task_id],
                    actor=actor,
                    lead=old.lead_department or "",
                    co=list(old.co_departments),
                    leader=old.leader or "",
                    deadline=old.deadline,
                )

        def redo_each(session) -> None:
            refuse_if_others_changed(session, "重做", lambda old, k, v: getattr(old, k))
            assign(session)

        def revert() -> None:
            context.in_transaction(revert_each)

        def redo() -> None:
            context.in_transaction(redo_each)

        apply()
        context.push(self.tr("分工 %1 项任务").replace("%1", str(len(task_ids))), redo, revert)
        context.reload_tasks()


def _differs(task: tasks.TaskDetail, field: str, value: object) -> bool:
    now = getattr(task, field)
    if field == "co_departments":
        return set(now) != set(value)  # type: ignore[arg-type]
    return (now or None) != (value or None)
