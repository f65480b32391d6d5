"""帮助: the shipped manual and 关于 (version, database, data folder)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QMessageBox

from supervisor import __version__
from supervisor.paths import data_dir
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes


class HelpWorkflow(Workflow):
    """帮助 → 使用说明 / 关于."""

    @Slot()
    def on_manual_action_triggered(self) -> None:
        """Show the manual (not modal: it can stay open beside the window)."""
        self.open_manual().show()

    def open_manual(self) -> dialogs.HelpDialog:
        """The manual dialog."""
        return closing_deletes(dialogs.HelpDialog(self.context.widget))

    def about_text(self) -> str:
        """Name, version, where the data lives and that nothing goes online."""
        return (
            self.tr(
                "重点任务督查督办 %1\n\n把政府工作报告分解为重点任务，记录分工和进展，"
                "按序时进度预警，导出周进度表和督查通报。本软件离线运行，不访问互联网。\n\n"
                "数据库：%2\n数据文件夹：%3"
            )
            .replace("%1", __version__)
            .replace("%2", self.context.database.engine.url.render_as_string(hide_password=True))
            .replace("%3", str(data_dir()))
        )

    @Slot()
    def on_about_action_triggered(self) -> None:
        """Show 关于 (window-modal, not blocking)."""
        self.about_box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("关于"),
            self.about_text(),
            QMessageBox.StandardButton.Ok,
            self.context.widget,
        )
        self.about_box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_box.open()
