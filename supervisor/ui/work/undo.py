"""Undo/redo of edits: each command replays a service call (the audit log keeps both ways)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from supervisor.errors import SupervisorError


class ServiceCommand(QUndoCommand):
    """An edit already applied through a service, with the service call that reverts it.

    The first ``redo`` (called by ``QUndoStack.push``) does nothing: the edit ran before the
    push so its error could be shown in the form that made it. A failed undo or redo (someone
    else changed the task meanwhile) is reported and the command made obsolete.
    """

    def __init__(
        self,
        text: str,
        apply: Callable[[], None],
        revert: Callable[[], None],
        report_error: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self._revert = revert
        self._report_error = report_error
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            return
        self._run(self._apply)
        self._applied = True

    def undo(self) -> None:
        self._run(self._revert)
        self._applied = False

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except SupervisorError as err:
            self.setObsolete(True)
            self._report_error(str(err))
