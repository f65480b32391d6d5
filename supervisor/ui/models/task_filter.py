"""Live filter over the task table: text, area, unit, status, 预警, leader, "due within N days"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from supervisor.domain import TaskStatus, WarningLight
from supervisor.reports.data import TaskRow
from supervisor.ui.models.task_model import TaskTableModel

_Index = QModelIndex | QPersistentModelIndex


class TaskFilterProxyModel(QAbstractProxyModel):
    """Rows of a TaskTableModel that match the criteria, in the source's order.

    A filter change is one Python pass over precomputed lower-case strings and a reset of
    the view, which then asks only for the cells it shows. A QSortFilterProxyModel calls
    filterAcceptsRow from C++ into Python once per source row on every keystroke: about
    twice as slow at 100,000 tasks, beyond the 100 ms a keystroke may take.
    Sorting is handed to the source model, which sorts its list with one key per row on the
    raw values (SortRole); comparing pairs through Python would take seconds.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._text = ""
        self._area: str | None = None
        self._department: str | None = None
        self._status: TaskStatus | None = None
        self._warning: WarningLight | None = None
        self._leader: str | None = None
        self._due_within: int | None = None
        self._today = dt.date.today()
        self._source: TaskTableModel | None = None
        self._visible: list[int] = []  # proxy row → source row
        self._position: list[int] | None = None  # source row → proxy row or -1, made on demand
        self._saved: list[tuple[QPersistentModelIndex, QPersistentModelIndex]] = []

    # -- filter criteria -------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Show tasks whose code, title, text, departments or indicators contain ``text``."""
        self._update(text=text.strip().lower())

    def set_area(self, area: str | None) -> None:
        """Show only the tasks of one area (领域), or all."""
        self._update(area=area)

    def set_department(self, department: str | None) -> None:
        """Show only the tasks a department leads or co-operates on, or all."""
        self._update(department=department)

    def set_status(self, status: TaskStatus | None) -> None:
        """Show only tasks with this status, or all."""
        self._update(status=status)

    def set_warning(self, warning: WarningLight | None) -> None:
        """Show only tasks with this 预警 (绿灯/黄灯/红灯), or all."""
        self._update(warning=warning)

    def set_leader(self, leader: str | None) -> None:
        """Show only the tasks of one 责任领导, or all."""
        self._update(leader=leader)

    def set_due_within(self, days: int | None, today: dt.date | None = None) -> None:
        """Show only unfinished tasks due within ``days`` days from ``today`` (or all)."""
        if today is not None:
            self._today = today
        self._update(due_within=days)

    def clear_filters(self) -> None:
        """Show every task."""
        self._update(
            text="",
            area=None,
            department=None,
            status=None,
            warning=None,
            leader=None,
            due_within=None,
        )

    @property
    def text(self) -> str:
        """The current search text, lower-cased."""
        return self._text

    def _update(self, **criteria: object) -> None:
        changed = False
        for name, value in criteria.items():
            if getattr(self, f"_{name}") != value:
                setattr(self, f"_{name}", value)
                changed = True
        if changed:
            self.refilter()

    def refilter(self) -> None:
        """Recompute which rows show, then let the view reset (it asks only for visible cells)."""
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _compute_mask(self) -> list[bool] | None:
        """One bool per source row, or None when every row shows."""
        source = self._source
        active = self._active_criteria()
        if source is None or not active:
            return None
        rows = source.rows
        text = self._text
        mask = [text in s for s in source.search_strings] if text else [True] * len(rows)
        if active - {"text"}:
            for i, row in enumerate(rows):
                if mask[i] and not self._row_matches(row):
                    mask[i] = False
        return mask

    def _active_criteria(self) -> set[str]:
        # Only the name "text" is read back (_compute_mask); the other names are labels, so a
        # renamed one changes nothing: kept out of mutation testing (docs/mutation.md).
        values = {
            "text": self._text or None,  # pragma: no mutate
            "area": self._area,  # pragma: no mutate
            "department": self._department,  # pragma: no mutate
            "status": self._status,  # pragma: no mutate
            "warning": self._warning,  # pragma: no mutate
            "leader": self._leader,  # pragma: no mutate
            "due_within": self._due_within,  # pragma: no mutate
        }
        return {name for name, value in values.items() if value is not None}

    def _row_matches(self, row: TaskRow) -> bool:
        if self._area is not None and row.area != self._area:
            return False
        if self._department is not None and not (
            row.lead_department == self._department or self._department in row.co_departments
        ):
            return False
        if self._status is not None and row.status != self._status:
            return False
        if self._warning is not None and row.warning != self._warning:
            return False
        if self._leader is not None and row.leader != self._leader:
            return False
        if self._due_within is not None:
            if row.deadline is None or row.status == TaskStatus.DONE:
                return False
            if (row.deadline - self._today).days > self._due_within:
                return False
        return True

    def accepts_row(self, source_row: int) -> bool:
        """Whether a source row is shown."""
        return self._position_of(source_row) >= 0

    def _rebuild(self) -> None:
        mask = self._compute_mask()
        if mask is None:
            self._visible = list(range(self._source.rowCount() if self._source else 0))
        else:
            self._visible = [i for i, keep in enumerate(mask) if keep]
        self._position = None

    def _position_of(self, source_row: int) -> int:
        if self._position is None:
            source_rows = self._source.rowCount() if self._source is not None else 0
            position = [-1] * source_rows
            for proxy_row, row in enumerate(self._visible):
                position[row] = proxy_row
            self._position = position
        if 0 <= source_row < len(self._position):
            return self._position[source_row]
        return -1

    # -- following the source --------------------------------------------------------------
    def setSourceModel(self, model) -> None:
        old = self._source
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._on_source_about_to_be_reset)
            old.modelReset.disconnect(self._on_source_reset)
            old.layoutAboutToBeChanged.disconnect(self._on_source_layout_about_to_be_changed)
            old.layoutChanged.disconnect(self._on_source_layout_changed)
            old.dataChanged.disconnect(self._on_source_data_changed)
        self.beginResetModel()
        self._source = model if isinstance(model, TaskTableModel) else None
        super().setSourceModel(model)
        if self._source is not None:
            self._source.modelAboutToBeReset.connect(self._on_source_about_to_be_reset)
            self._source.modelReset.connect(self._on_source_reset)
            self._source.layoutAboutToBeChanged.connect(self._on_source_layout_about_to_be_changed)
            self._source.layoutChanged.connect(self._on_source_layout_changed)
            self._source.dataChanged.connect(self._on_source_data_changed)
        self._rebuild()
        self.endResetModel()

    def _on_source_about_to_be_reset(self) -> None:
        self.beginResetModel()

    def _on_source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _on_source_layout_about_to_be_changed(self, *args: object) -> None:
        self.layoutAboutToBeChanged.emit()
        # Remember where each persistent index (the selection, the current row) points in
        # the source, to find it again after the source has moved its rows.
        self._saved = [
            (QPersistentModelIndex(index), QPersistentModelIndex(self.mapToSource(index)))
            for index in self.persistentIndexList()
        ]

    def _on_source_layout_changed(self, *args: object) -> None:
        self._rebuild()
        old = [QModelIndex(proxy) for proxy, _ in self._saved]
        new = [
            self.mapFromSource(self._source.index(source.row(), source.column()))
            if self._source is not None and source.isValid()
            else QModelIndex()
            for _, source in self._saved
        ]
        self._saved = []
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _on_source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] | None = None
    ) -> None:
        # An edited task may now match the criteria or not: re-decide, as after a reload.
        before = self._visible
        self._rebuild()
        if self._visible != before:
            # Qt wants the old rows in place while the reset begins.
            self._visible, self._position = before, None
            self.refilter()
            return
        # The same rows show: pass the change on, so the selection and the current row stay
        # (a reset after the roll-ups were summed cleared the selection a moment after load).
        if self._visible:
            self.dataChanged.emit(
                self.index(0, top_left.column()),
                self.index(len(self._visible) - 1, bottom_right.column()),
                roles or [],
            )

    # -- Qt overrides ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._visible):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._source is None:
            return 0
        return self._source.columnCount()

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if self._source is None or not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row()
        if not 0 <= row < len(self._visible):
            return QModelIndex()
        return self._source.index(self._visible[row], proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._position_of(source_index.row())
        return self.index(row, source_index.column()) if row >= 0 else QModelIndex()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._source is None or not index.isValid() or index.row() >= len(self._visible):
            return None
        return self._source.data_at(self._visible[index.row()], index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if self._source is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._visible):
                return str(section + 1)
            return None
        return self._source.headerData(section, orientation, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            self._source.flags(self.mapToSource(index)) if self._source else Qt.ItemFlag.NoItemFlags
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._source is not None and column >= 0:
            self._source.sort(column, order)
