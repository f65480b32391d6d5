"""Editing the task tree by hand: add, edit, split, move, kind, delete, restore; all undoable."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QInputDialog, QMessageBox

from supervisor.domain import TaskKind
from supervisor.errors import ConflictError, SupervisorError, ValidationError
from supervisor.services import audit, tasks
from supervisor.services.audit import default_actor
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes


class TaskEditingWorkflow(Workflow):
    """新增任务, 编辑, 拆分, 移动, 删除, 常态化/考核, 已删除的任务."""

    @Slot()
    def on_add_task_action_triggered(self) -> None:
        """Open the add form, below the current task if the user wants."""
        context = self.context
        if not context.require_plan():
            return
        parent = context.current_task()
        parent_id = None
        if parent is not None:
            answer = QMessageBox.question(
                context.widget,
                self.tr("新增任务"),
                self.tr("作为“%1”的下级任务？").replace("%1", f"{parent.code} {parent.title}"),
            )
            parent_id = parent.task_id if answer == QMessageBox.StandardButton.Yes else None
        self.open_task_dialog(parent_id=parent_id).open()

    def open_task_dialog(
        self, *, task_id: int | None = None, parent_id: int | None = None
    ) -> dialogs.TaskDialog:
        """The add (``task_id`` None) or edit form, wired to the services and undo stack."""
        context = self.context
        detail = None
        seen: Counter[audit.AuditLine] = Counter()
        if task_id is not None:
            with context.database.sessions() as session:
                detail = tasks.get_task(session, task_id)
                seen.update(audit.task_history(session, task_id))
        plan_id = context.plan_id

        def save(value: dialogs.TaskInput) -> None:
            if dialog.task is None:
                self._add_task(plan_id, parent_id, value)
            else:
                # Against the task as the form last loaded it (重新载入 loads it anew, with
                # the changes read then as the new baseline).
                self._edit_task(dialog.task, value, dialog.baseline or seen)

        dialog = closing_deletes(
            dialogs.TaskDialog(save, context.widget, task=detail, year=context.plan_year)
        )
        return dialog

    def _add_task(
        self, plan_id: int | None, parent_id: int | None, value: dialogs.TaskInput
    ) -> None:
        context = self.context
        actor = default_actor()
        created = context.in_transaction(
            lambda s: tasks.add_task(
                s,
                plan_id,
                title=value.title,
                actor=actor,
                parent_id=parent_id,
                code=value.code or None,
                text=value.text,
                leader=value.leader or None,
                deadline=value.deadline,
                indicators=[d.to_input() for d in value.indicators],
            )
        )
        task_id = created.id
        context.push(
            self.tr("新增任务 %1").replace("%1", created.code),
            lambda: context.in_transaction(lambda s: tasks.restore_task(s, task_id, actor=actor)),
            lambda: context.in_transaction(
                lambda s: tasks.delete_task(s, task_id, expected_version=None, actor=actor)
            ),
        )
        context.reload_tasks()
        context.select_task(task_id)

    def _edit_task(
        self, detail: tasks.TaskDetail, value: dialogs.TaskInput, seen: Counter[audit.AuditLine]
    ) -> None:
        context = self.context
        actor = default_actor()
        old = {
            "code": detail.code,
            "title": detail.title,
            "text": detail.text,
            "leader": detail.leader,
            "deadline": detail.deadline,
        }
        new = {
            "code": value.code or detail.code,
            "title": value.title,
            "text": value.text,
            "leader": value.leader or None,
            "deadline": value.deadline,
        }
        changes = {k: v for k, v in new.items() if v != old[k]}
        reverts = {k: old[k] for k in changes}

        def apply_indicators(session) -> None:
            known = {i.id: i for i in detail.indicators}
            kept = {d.indicator_id for d in value.indicators if d.indicator_id is not None}
            for indicator_id in known.keys() - kept:
                tasks.delete_indicator(session, indicator_id, expected_version=None, actor=actor)
            for draft in value.indicators:
                if draft.indicator_id is None:
                    tasks.add_indicator(
                        session, detail.id, draft.to_input(), expected_version=None, actor=actor
                    )
                elif diff := draft.changes(known[draft.indicator_id]):
                    tasks.edit_indicator(
                        session, draft.indicator_id, expected_version=None, actor=actor, **diff
                    )

        def apply(session) -> None:
            # Any change of the task since the form was loaded stops the save, indicators
            # included (those are written without a version check of their own).
            current = tasks.get_task(session, detail.id)
            if current.version != detail.version:
                raise dialogs.TaskChangedError(
                    current, audit.task_history(session, detail.id), seen
                )
            if changes:
                tasks.edit_task(
                    session, detail.id, expected_version=detail.version, actor=actor, **changes
                )
            apply_indicators(session)

        context.in_transaction(apply)
        if changes:
            task_id = detail.id

            def edit(fields: dict[str, object], expected: dict[str, object], verb: str) -> None:
                def work(session) -> None:
                    # On a shared database somebody may have changed the same fields since:
                    # undoing then would overwrite their change without a word.
                    now = tasks.get_task(session, task_id)
                    refuse_if_changed(
                        verb, now.code, [k for k, v in expected.items() if getattr(now, k) != v]
                    )
                    tasks.edit_task(session, task_id, expected_version=None, actor=actor, **fields)

                context.in_transaction(work)

            context.push(
                self.tr("修改任务 %1").replace("%1", detail.code),
                lambda: edit(changes, reverts, "重做"),
                lambda: edit(reverts, changes, "撤销"),
            )
        context.reload_tasks()

    @Slot()
    def on_edit_task_action_triggered(self) -> None:
        """Open the edit form of the current task."""
        task = self.context.require_task()
        if task is not None:
            self.open_task_dialog(task_id=task.task_id).open()

    @Slot()
    def on_split_task_action_triggered(self) -> None:
        """Ask for the sub-task titles, one a line, and split the current task."""
        task = self.context.require_task()
        if task is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self.context.widget,
            self.tr("拆分任务"),
            self.tr("“%1”拆分为以下子任务（每行一项）：").replace("%1", task.title[:30]),
        )
        if ok:
            self.split_task(task.task_id, [line for line in text.splitlines() if line.strip()])

    def split_task(self, task_id: int, titles: list[str]) -> bool:
        """Split a task into sub-tasks (undoable: undo deletes them)."""
        context = self.context
        actor = default_actor()
        created: list[int] = []

        def work(session) -> None:
            details = tasks.split_task(session, task_id, titles, expected_version=None, actor=actor)
            created.extend(d.id for d in details)

        def set_deleted(deleted: bool) -> None:
            def each(session) -> None:
                for child in created:
                    if deleted:
                        tasks.delete_task(session, child, expected_version=None, actor=actor)
                    else:
                        tasks.restore_task(session, child, actor=actor)

            context.in_transaction(each)

        return context.attempt_undoable(
            self.tr("拆分任务"),
            lambda: set_deleted(False),
            lambda: set_deleted(True),
            first=lambda: context.in_transaction(work),
        )

    @Slot()
    def on_move_task_action_triggered(self) -> None:
        """Ask under which task the current one goes, and move it."""
        task = self.context.require_task()
        if task is None:
            return
        others = [r for r in self.context.task_rows() if r.task_id != task.task_id]
        choices = [self.tr("（顶层）")] + [f"{r.code} {r.title[:30]}" for r in others]
        ids = [None] + [r.task_id for r in others]
        choice, ok = QInputDialog.getItem(
            self.context.widget,
            self.tr("移动任务"),
            self.tr("移到哪项任务之下："),
            choices,
            0,
            False,
        )
        if ok:
            self.move_task(task.task_id, ids[choices.index(choice)])

    def move_task(self, task_id: int, parent_id: int | None) -> bool:
        """Move a task under another parent (undoable)."""
        context = self.context
        actor = default_actor()
        with context.database.sessions() as session:
            before = tasks.get_task(session, task_id)

        def move(target: int | None, position: int | None, source: int | None, verb: str) -> None:
            def work(session) -> None:
                now = tasks.get_task(session, task_id)
                # Moved elsewhere by somebody else since: undoing would undo their move too.
                refuse_if_changed(verb, now.code, ["parent_id"] if now.parent_id != source else [])
                tasks.move_task(
                    session,
                    task_id,
                    parent_id=target,
                    position=position,
                    expected_version=None,
                    actor=actor,
                )

            context.in_transaction(work)

        return context.attempt_undoable(
            self.tr("移动任务 %1").replace("%1", before.code),
            lambda: move(parent_id, None, before.parent_id, "重做"),
            lambda: move(before.parent_id, before.position, parent_id, "撤销"),
            first=lambda: move(parent_id, None, before.parent_id, "移动"),
        )

    @Slot()
    def on_delete_task_action_triggered(self) -> None:
        """Ask, then delete the selected tasks."""
        selected = self.context.require_selection()
        if not selected:
            return
        answer = QMessageBox.question(
            self.context.widget,
            self.tr("删除任务"),
            self.tr("删除选中的 %1 项任务及其下级任务？可用“撤销”恢复。").replace(
                "%1", str(len(selected))
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_tasks([r.task_id for r in selected])

    def delete_tasks(self, task_ids: list[int]) -> bool:
        """Delete tasks softly (undoable: undo restores them)."""
        context = self.context
        actor = default_actor()

        def set_deleted(deleted: bool) -> None:
            def each(session) -> None:
                for task_id in task_ids:
                    if deleted:
                        try:
                            tasks.delete_task(session, task_id, expected_version=None, actor=actor)
                        except SupervisorError:
                            # Already gone with a parent deleted in the same selection.
                            if not _is_deleted(session, task_id):
                                raise
                    elif _is_deleted(session, task_id):
                        tasks.restore_task(session, task_id, actor=actor)

            context.in_transaction(each)

        return context.attempt_undoable(
            self.tr("删除 %1 项任务").replace("%1", str(len(task_ids))),
            lambda: set_deleted(True),
            lambda: set_deleted(False),
        )

    @Slot()
    def on_task_kind_action_triggered(self) -> None:
        """Mark the selected tasks 常态化 (not assessed), or 考核 again when all already are."""
        selected = self.context.require_selection()
        if not selected:
            return
        routine = all(row.kind == TaskKind.ROUTINE for row in selected)
        kind = TaskKind.ASSESSED if routine else TaskKind.ROUTINE
        self.set_task_kind({row.task_id: row.kind for row in selected}, kind)

    def set_task_kind(self, old_kinds: dict[int, TaskKind | str], kind: TaskKind) -> bool:
        """Set the kind of tasks (audited; undo gives each its kind before)."""
        context = self.context
        actor = default_actor()

        new_kinds: dict[int, TaskKind | str] = dict.fromkeys(old_kinds, kind)

        def set_kinds(
            kinds: dict[int, TaskKind | str], expected: dict[int, TaskKind | str], verb: str
        ) -> None:
            def each(session) -> None:
                for task_id, each_kind in kinds.items():
                    now = tasks.get_task(session, task_id)
                    changed = now.kind != TaskKind(expected[task_id])
                    refuse_if_changed(verb, now.code, ["kind"] if changed else [])
                    tasks.set_task_kind(
                        session, task_id, each_kind, expected_version=None, actor=actor
                    )

            context.in_transaction(each)

        return context.attempt_undoable(
            self.tr("设为%1：%2 项任务")
            .replace("%1", kind.value)
            .replace("%2", str(len(old_kinds))),
            lambda: set_kinds(new_kinds, old_kinds, "重做"),
            lambda: set_kinds(old_kinds, new_kinds, "撤销"),
            first=lambda: set_kinds(new_kinds, old_kinds, "设置"),
        )

    @Slot()
    def on_deleted_tasks_action_triggered(self) -> None:
        """Open the list of the plan's deletions."""
        try:
            dialog = self.open_deleted_tasks_dialog()
        except SupervisorError as err:
            self.context.error(str(err))
            return
        dialog.open()

    def open_deleted_tasks_dialog(self) -> dialogs.DeletedTasksDialog:
        """The plan's deletions; restoring one is a step of the undo history."""
        plan_id = self.context.plan_id
        if plan_id is None:
            raise ValidationError(self.tr("请先选择一个任务清单"))
        return closing_deletes(
            dialogs.DeletedTasksDialog(
                self.context.database, plan_id, self.restore_task, self.context.widget
            )
        )

    def restore_task(self, task_id: int) -> bool:
        """Bring back a deleted task and the sub-tasks deleted with it (undo deletes again)."""
        context = self.context
        actor = default_actor()

        def restore() -> None:
            context.in_transaction(lambda s: tasks.restore_task(s, task_id, actor=actor))

        def delete_again() -> None:
            context.in_transaction(
                lambda s: tasks.delete_task(s, task_id, expected_version=None, actor=actor)
            )

        return context.attempt_undoable(self.tr("恢复任务"), restore, delete_again)


def refuse_if_changed(verb: str, code: str, fields: list[str]) -> None:
    """Refuse an undo, redo or change whose task fields somebody else changed since.

    On a shared database a step replayed blindly would overwrite another clerk's change
    without a word; nothing is written (the transaction rolls back).

    Raises:
        ConflictError: naming the fields.
    """
    if fields:
        names = "、".join(audit.FIELD_LABELS.get(f, f) for f in fields)
        raise ConflictError(
            f"不能{verb}：任务“{code}”的{names}已被他人修改，{verb}会覆盖别人的修改。"
            "请在任务的修改记录中查看后手工更改"
        )


def _is_deleted(session, task_id: int) -> bool:
    return tasks.get_task(session, task_id, include_deleted=True).deleted_at is not None
