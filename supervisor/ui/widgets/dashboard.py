"""Dashboard: status shares, areas, department ranking, tasks due soon and the trend.

It shows a BulletinData from ``services.reporting.bulletin_data``: the same numbers as the
PDF bulletin of the same date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.data import BulletinData
from supervisor.ui.models.score_model import DepartmentScoreTableModel, ScoreColumn
from supervisor.ui.models.task_model import TaskColumn, TaskIdRole, TaskTableModel

# Line colours of the trend: the status fills are too pale to read as thin lines.
_LINE_COLOURS = {
    TaskStatus.DONE: "#2E7D32",
    TaskStatus.AHEAD: "#66BB6A",
    TaskStatus.ON_TRACK: "#9CCC65",
    TaskStatus.BEHIND: "#F9A825",
    TaskStatus.OVERDUE: "#C62828",
    TaskStatus.DUE_SOON: "#1565C0",
    TaskStatus.NOT_REPORTED: "#757575",
}
_AREA_LABEL_LENGTH = 12


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


class DashboardWidget(QWidget):
    """Charts and tables of one plan on one date."""

    task_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.status_view = QChartView(self)
        self.area_view = QChartView(self)
        self.trend_view = QChartView(self)
        for view in (self.status_view, self.area_view, self.trend_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(240)
        self.score_model = DepartmentScoreTableModel(self)
        self.score_view = QTableView(self)
        self.score_view.setModel(self.score_model)
        self.score_view.verticalHeader().hide()
        score_header = self.score_view.horizontalHeader()
        score_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        score_header.setSectionResizeMode(ScoreColumn.DEPARTMENT, QHeaderView.ResizeMode.Stretch)
        self.due_model = TaskTableModel(self)
        self.due_view = QTableView(self)
        self.due_view.setModel(self.due_model)
        self.due_view.verticalHeader().hide()
        self.due_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        for column in TaskColumn:
            keep = column in (
                TaskColumn.CODE,
                TaskColumn.TITLE,
                TaskColumn.LEAD,
                TaskColumn.DEADLINE,
                TaskColumn.STATUS,
            )
            self.due_view.setColumnHidden(column, not keep)
        due_header = self.due_view.horizontalHeader()
        due_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        due_header.setSectionResizeMode(TaskColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        ranking_box = QGroupBox(self.tr("各单位推进情况"), self)
        QVBoxLayout(ranking_box).addWidget(self.score_view)
        self.due_box = QGroupBox(self.tr("临期任务"), self)
        QVBoxLayout(self.due_box).addWidget(self.due_view)
        grid = QGridLayout()
        grid.addWidget(self.status_view, 0, 0)
        grid.addWidget(self.area_view, 0, 1)
        grid.addWidget(self.trend_view, 0, 2)
        grid.addWidget(ranking_box, 1, 0, 1, 2)
        grid.addWidget(self.due_box, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(grid, 1)
        self._connect_signals()
        self.clear()

    def _connect_signals(self) -> None:
        self.due_view.doubleClicked.connect(self._on_due_view_double_clicked)

    def clear(self) -> None:
        """Show nothing (no plan)."""
        self.summary_label.setText(self.tr("尚无任务清单"))
        for view in (self.status_view, self.area_view, self.trend_view):
            view.setChart(_chart(""))
        self.score_model.set_rows([])
        self.due_model.set_rows([])

    def show_data(self, data: BulletinData, *, today: dt.date, due_days: int) -> None:
        """Render one BulletinData; ``due_days`` is the 临期 setting."""
        total = sum(c.count for c in data.status_counts)
        share_text = self.tr("%1%2项、占比%3%")
        shares = "，".join(
            share_text.replace("%1", str(c.status))
            .replace("%2", str(c.count))
            .replace("%3", f"{c.share * 100:.1f}")
            for c in data.status_counts
            if c.count
        )
        self.summary_label.setText(
            self.tr("《%1》截至 %2（%3）：共 %4 项具体任务（不含上级任务）。%5")
            .replace("%1", data.header.plan_title)
            .replace("%2", data.header.as_of.isoformat())
            .replace("%3", data.header.period_label)
            .replace("%4", str(total))
            .replace("%5", shares)
        )
        self.status_view.setChart(self._status_chart(data))
        self.area_view.setChart(self._area_chart(data))
        self.trend_view.setChart(self._trend_chart(data))
        self.score_model.set_rows(data.departments)
        due = [
            t
            for t in data.tasks
            if t.status != TaskStatus.DONE
            and t.deadline is not None
            and 0 <= (t.deadline - today).days <= due_days
        ]
        due.sort(key=lambda t: t.deadline or today)
        self.due_model.set_rows(due)
        self.due_box.setTitle(
            self.tr("临期任务（%1 天内到期，%2 项）")
            .replace("%1", str(due_days))
            .replace("%2", str(len(due)))
        )

    def _status_chart(self, data: BulletinData) -> QChart:
        chart = _chart(self.tr("任务状态"))
        series = QPieSeries(chart)
        for count in data.status_counts:
            if not count.count:
                continue
            piece = series.append(
                f"{count.status} {count.count}（{count.share * 100:.1f}%）", count.count
            )
            piece.setBrush(QColor(STATUS_COLOURS[count.status]))
            piece.setPen(QPen(QColor(_LINE_COLOURS[count.status]), 1))
        chart.addSeries(series)
        return chart

    def _area_chart(self, data: BulletinData) -> QChart:
        chart = _chart(self.tr("各领域进展"))
        series = QHorizontalStackedBarSeries(chart)
        areas = list(reversed(data.areas))
        for status in TaskStatus:
            bar = QBarSet(str(status), series)
            bar.setColor(QColor(STATUS_COLOURS[status]))
            bar.setBorderColor(QColor(_LINE_COLOURS[status]))
            bar.append([float(area.counts.get(status, 0)) for area in areas])
            series.append(bar)
        chart.addSeries(series)
        axis = QBarCategoryAxis(chart)
        axis.append([_short(area.area) for area in areas] or [""])
        # Qt elides category labels to "…" when it thinks space is short; they are short.
        axis.setTruncateLabels(False)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)
        values = QValueAxis(chart)
        values.setLabelFormat("%d")
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        chart.legend().setVisible(False)
        return chart

    def _trend_chart(self, data: BulletinData) -> QChart:
        chart = _chart(self.tr("趋势"))
        labels = [point.period_label for point in data.trend]
        axis = QBarCategoryAxis(chart)
        axis.append([_short_period(label) for label in labels] or [""])
        values = QValueAxis(chart)
        values.setLabelFormat("%d")
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        top = 1
        for status in TaskStatus:
            counts = [point.counts.get(status, 0) for point in data.trend]
            if not any(counts):
                continue
            line = QLineSeries(chart)
            line.setName(str(status))
            line.setPen(QPen(QColor(_LINE_COLOURS[status]), 2))
            for i, count in enumerate(counts):
                line.append(float(i), float(count))
            top = max(top, *counts)
            chart.addSeries(line)
            line.attachAxis(values)
            line.attachAxis(axis)
        values.setRange(0, top)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart

    @Slot(QModelIndex)
    def _on_due_view_double_clicked(self, index: QModelIndex) -> None:
        task_id = index.data(TaskIdRole)
        if task_id is not None:
            self.task_requested.emit(int(task_id))


def _short(text: str) -> str:
    # A report's area heading is "聚焦产业转型，厚植高质量发展根基": its first phrase names it.
    head = text.split("，", 1)[0]
    return head if len(head) <= _AREA_LABEL_LENGTH else head[: _AREA_LABEL_LENGTH - 1] + "…"


def _short_period(label: str) -> str:
    # "2020年第12周" → "12周", "2020年6月" → "6月": the year is in the summary line.
    return label.split("年", 1)[-1].removeprefix("第")
