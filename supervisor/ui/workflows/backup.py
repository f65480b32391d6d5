"""备份数据库 and 从备份恢复: a consistent copy while in use; a restore keeps the old file first."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox

from supervisor.errors import DatabaseError, SupervisorError
from supervisor.services.database import backup_database, open_database
from supervisor.ui.workflows.context import Workflow

_FILTER = "SQLite 数据库 (*.sqlite *.db);;所有文件 (*)"


class BackupWorkflow(Workflow):
    """文件 → 备份数据库 / 从备份恢复."""

    def database_file(self) -> Path:
        """The SQLite file of the open database.

        Raises:
            DatabaseError: the database is not a SQLite file (a shared PostgreSQL server).
        """
        url = self.context.database.engine.url
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            raise DatabaseError(
                self.tr("只能备份和恢复本机的 SQLite 数据库；共享的 PostgreSQL 请由管理员备份")
            )
        return Path(url.database)

    def _stamp(self) -> str:
        return dt.datetime.now().strftime("%Y%m%d-%H%M%S")

    @Slot()
    def on_backup_action_triggered(self) -> None:
        """Ask where, then copy the database there."""
        settings = self.context.settings
        folder = Path(str(settings.value("paths/backup", str(Path.home()))))
        name = self.tr("督查督办备份-%1.sqlite").replace("%1", self._stamp())
        path, _ = QFileDialog.getSaveFileName(
            self.context.widget, self.tr("备份数据库"), str(folder / name), self.tr(_FILTER)
        )
        if path:
            settings.setValue("paths/backup", str(Path(path).parent))
            self.backup_to(Path(path))

    def backup_to(self, target: Path) -> Path | None:
        """Copy the database to ``target``; None after telling the user why not."""
        try:
            written = backup_database(self.context.database, target)
        except SupervisorError as err:
            self.context.error(str(err))
            return None
        self.context.offer_to_open(self.tr("已备份到：%1").replace("%1", str(written)), written)
        return written

    @Slot()
    def on_restore_action_triggered(self) -> None:
        """Ask for a backup, confirm, then restore it."""
        context = self.context
        folder = str(context.settings.value("paths/backup", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            context.widget, self.tr("从备份恢复"), folder, self.tr(_FILTER)
        )
        if not path:
            return
        answer = QMessageBox.question(
            context.widget,
            self.tr("从备份恢复"),
            self.tr(
                "用备份“%1”替换当前数据库？\n当前数据库会先复制一份保存在 backups 文件夹中。"
            ).replace("%1", Path(path).name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_from(Path(path))

    def restore_from(self, backup: Path) -> Path | None:
        """Replace the database with a backup; returns the copy kept of the current file.

        The backup is checked (and brought up to date) as a copy first: a file that is no
        database of this program changes nothing. None after telling the user why not.
        """
        context = self.context
        try:
            current = self.database_file()
            keep = current.parent / "backups" / f"恢复前-{self._stamp()}.sqlite"
            keep.parent.mkdir(parents=True, exist_ok=True)
            backup_database(context.database, keep)
            candidate_file = current.parent / f".恢复检查-{self._stamp()}.sqlite"
            try:
                shutil.copy2(backup, candidate_file)
                candidate = open_database(f"sqlite:///{candidate_file}")
                try:
                    # Every pooled connection closed, so the file can be replaced (Windows).
                    context.close_database()
                    backup_database(candidate, current)
                finally:
                    candidate.close()
            finally:
                for leftover in candidate_file.parent.glob(candidate_file.name + "*"):
                    leftover.unlink(missing_ok=True)
        except OSError as err:
            context.error(self.tr("恢复失败：%1").replace("%1", str(err)))
            return None
        except SupervisorError as err:
            context.error(str(err))
            return None
        context.reload_everything()
        context.inform(self.tr("已从备份恢复。恢复前的数据库已保存为：%1").replace("%1", str(keep)))
        return keep
