"""Settings (设置): thresholds and scores in the database, paths and fonts on this PC."""

from __future__ import annotations

from PySide6.QtCore import Slot

from supervisor.services.audit import default_actor
from supervisor.services.settings import load_settings, set_settings
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes


class SettingsWorkflow(Workflow):
    """设置."""

    @Slot()
    def on_settings_action_triggered(self) -> None:
        """Open the settings form."""
        self.open_settings_dialog().open()

    def open_settings_dialog(self) -> dialogs.SettingsDialog:
        """The settings form."""
        context = self.context
        with context.database.sessions() as session:
            current = load_settings(session)

        def save(changes: dict[str, str]) -> None:
            # One call for the whole form: values that depend on each other (the 黄灯 band
            # must not start above the 红灯 band) are checked together, nothing half-saved.
            context.in_transaction(lambda s: set_settings(s, changes, actor=default_actor()))
            if changes:
                context.reload_tasks()

        return closing_deletes(
            dialogs.SettingsDialog(
                current,
                context.settings,
                save,
                context.widget,
                database_url=context.database.url,
            )
        )
