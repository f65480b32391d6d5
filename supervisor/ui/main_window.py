"""The main window: the office's plans and, per plan, its tasks."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QMainWindow, QTableView

from supervisor.services.database import Database
from supervisor.services.plans import list_plans
from supervisor.ui.plan_model import PlanColumn, PlanTableModel


class MainWindow(QMainWindow):
    """Top-level window of the app."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self._database = database
        self.setWindowTitle(self.tr("重点任务督查督办"))
        self.plan_model = PlanTableModel(self)
        self.plan_view = QTableView(self)
        self.plan_view.setModel(self.plan_model)
        self.plan_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.plan_view.verticalHeader().hide()
        self.plan_view.horizontalHeader().setSectionResizeMode(
            PlanColumn.TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.setCentralWidget(self.plan_view)
        self.resize(1100, 700)
        self.refresh()

    def refresh(self) -> None:
        """Reload the plans from the database."""
        with self._database.sessions() as session:
            self.plan_model.set_plans(list_plans(session))
        self.statusBar().showMessage(self.tr("共 %n 个任务清单", "", self.plan_model.rowCount()))
