"""Dashboard: status shares, areas, department ranking, tasks due soon and the trend.

It shows a BulletinData from ``services.reporting.bulletin_data``: the same numbers as the
PDF bulletin of the same date.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
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


def integer_ticks(axis: QValueAxis, top: float) -> None:
    """Count axes tick at whole numbers (0 1 2 3, not 0 0 1 2 3 from 0.75 steps shown as %d):
    the range is rounded up to a step of 1, 2 or 5 × 10ⁿ giving at most six ticks."""
    steps = (mantissa * 10**exponent for exponent in range(12) for mantissa in (1, 2, 5))
    step = next(s for s in steps if top / s <= 5)
    ticks = max(1, math.ceil(top / step))
    axis.setRange(0, ticks * step)
    axis.setTickCount(ticks + 1)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    # Qt's own legend elides its labels ("逾期 121 (10…") when space is short: the dashboard
    # shows a legend of plain labels under each chart instead (ChartLegend), which wraps.
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


class ChartLegend(QWidget):
    """A legend of coloured squares and labels that wraps onto more rows, never elided."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 0, 4, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(2)
        self.labels: list[QLabel] = []

    def set_items(self, items: list[tuple[str, str]], columns: int = 2) -> None:
        """Show ``(colour, text)`` pairs, ``columns`` to a row."""
        for label in self.labels:
            self._grid.removeWidget(label)
            label.deleteLater()
        self.labels = []
        for i, (colour, text) in enumerate(items):
            label = QLabel(f"<span style='color:{colour}'>■</span> {escape(text)}", self)
            label.setToolTip(text)
            self._grid.addWidget(label, i // columns, i % columns)
            self.labels.append(label)


def _chart_box(view: QChartView, legend: ChartLegend, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(view, 1)
    layout.addWidget(legend)
    return box


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
            view.setMinimumHeight(200)
        self.status_legend = ChartLegend(self)
        self.trend_legend = ChartLegend(self)
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
        grid.addWidget(_chart_box(self.status_view, self.status_legend, self), 0, 0)
        grid.addWidget(self.area_view, 0, 1)
        grid.addWidget(_chart_box(self.trend_view, self.trend_legend, self), 0, 2)
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
        self.status_legend.set_items([])
        self.trend_legend.set_items([])
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
        # Units that lead no task are listed below the ranked ones, not ranked (issue 21).
        self.score_model.set_rows([*data.departments, *data.unranked_departments])
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
        legend = []
        for count in data.status_counts:
            if not count.count:
                continue
            text = f"{count.status} {count.count}（{count.share * 100:.1f}%）"
            piece = series.append(text, count.count)
            piece.setBrush(QColor(STATUS_COLOURS[count.status]))
            piece.setPen(QPen(QColor(_LINE_COLOURS[count.status]), 1))
            legend.append((_LINE_COLOURS[count.status], text))
        chart.addSeries(series)
        self.status_legend.set_items(legend)
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
        # Qt drops every other category label when the rows are lower than the font: a
        # smaller font and a chart tall enough for one line per area keep them all.
        font = axis.labelsFont()
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        axis.setLabelsFont(font)
        line = QFontMetrics(font).height() + 4
        self.area_view.setMinimumHeight(max(200, line * len(areas) + 90))
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)
        values = QValueAxis(chart)
        values.setLabelFormat("%d")
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        widest = max((sum(area.counts.values()) for area in areas), default=0)
        integer_ticks(values, max(float(widest), 1.0))
        chart.legend().setVisible(False)
        return chart

    def _trend_chart(self, data: BulletinData) -> QChart:
        chart = _chart(self.tr("趋势"))
        labels = [_short_period(point.period_label) for point in data.trend]
        # Every period's label side by side is cut to "…" on a small screen: label about six
        # periods, evenly spaced, always the latest.
        axis = QCategoryAxis(chart)
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        step = max(1, -(-len(labels) // 6))
        # Categories must be added left to right; counted back from the latest period.
        for i in reversed(range(len(labels) - 1, -1, -step)):
            axis.append(labels[i], float(i))
        axis.setRange(0, max(len(labels) - 1, 1))
        values = QValueAxis(chart)
        values.setLabelFormat("%d")
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        top = 1
        legend = []
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
            legend.append((_LINE_COLOURS[status], str(status)))
        integer_ticks(values, top)
        self.trend_legend.set_items(legend, columns=4)
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
