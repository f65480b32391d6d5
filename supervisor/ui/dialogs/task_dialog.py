"""Form to add or edit a task: code, title, text, leader, dates and indicators.

When the task changed meanwhile (another clerk saved first), the form shows who changed what
and offers 重新载入: the task as it is now, with what the clerk typed kept where nobody else
changed it and listed where somebody did, so nothing is overwritten silently.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supervisor.errors import ConflictError
from supervisor.services import audit
from supervisor.services.tasks import TaskDetail
from supervisor.ui.dialogs.forms import FormDialog, date_edit
from supervisor.ui.models.indicator_model import (
    IndicatorColumn,
    IndicatorDraft,
    IndicatorTableModel,
)
from supervisor.ui.models.table_model import local_time_text


@dataclass(frozen=True, slots=True)
class TaskInput:
    """What the task form holds."""

    code: str
    title: str
    text: str
    leader: str
    deadline: dt.date | None
    indicators: tuple[IndicatorDraft, ...]

    @classmethod
    def of(cls, task: TaskDetail) -> TaskInput:
        """What the form shows for a stored task."""
        return cls(
            code=task.code,
            title=task.title,
            text=task.text,
            leader=task.leader or "",
            deadline=task.deadline,
            indicators=tuple(IndicatorDraft.from_info(i) for i in task.indicators),
        )


# The form's fields by name, for the messages after 重新载入.
_FIELD_LABELS = {
    "code": "编号",
    "title": "任务名称",
    "text": "任务内容",
    "leader": "责任领导",
    "deadline": "完成时限",
    "indicators": "量化指标",
}


class TaskChangedError(ConflictError):
    """The task changed since the form loaded it; nothing was saved.

    Attributes:
        fresh: the task as it is now (重新载入 shows it).
        changes: the audit lines written since the form loaded the task, as text.
        history: every audit line of the task now: what the form has seen after 重新载入.
    """

    def __init__(
        self,
        fresh: TaskDetail,
        history: list[audit.AuditLine],
        seen: Counter[audit.AuditLine],
    ) -> None:
        super().__init__(
            f"在您编辑期间，任务“{fresh.code} {fresh.title[:20]}”已被他人修改，本次修改未保存。"
            "请看下方的修改记录，点“重新载入”后核对再保存"
        )
        self.fresh = fresh
        self.history = Counter(history)
        # A multiset difference: the same line written twice (two identical edits) counts twice.
        left = Counter(seen)
        changes = []
        for line in history:
            if left[line] > 0:
                left[line] -= 1
            else:
                changes.append(describe_change(line))
        self.changes = tuple(changes)


def describe_change(line: audit.AuditLine) -> str:
    """One audit line as the form shows it: time, who, what, old → new."""
    what = audit.ACTION_LABELS.get(line.action, line.action)
    if line.field:
        whose = audit.ENTITY_LABELS["indicator"] if line.entity == "indicator" else ""
        what += f" {whose}{audit.FIELD_LABELS.get(line.field, line.field)}"
    if line.old_value or line.new_value:
        what += f"：{line.old_value or '（空）'} → {line.new_value or '（空）'}"
    return f"{local_time_text(line.at)} {line.actor} {what}"


def _shown(value: object) -> str:
    if isinstance(value, tuple):  # indicators
        return "；".join(f"{d.name} {d.value}{d.unit}".strip() for d in value) or "（无）"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value not in (None, "") else "（空）"


class TaskDialog(FormDialog):
    """Adds a task (``task`` None) or edits one; ``save`` raises a Chinese error to show."""

    def __init__(
        self,
        save: Callable[[TaskInput], None],
        parent: QWidget | None = None,
        *,
        task: TaskDetail | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        # The task as last loaded (None: a new one) and, after 重新载入, the audit lines known.
        self.task = task
        self.baseline: Counter[audit.AuditLine] | None = None
        self._conflict: TaskChangedError | None = None
        self.setWindowTitle(self.tr("编辑任务") if task else self.tr("新增任务"))
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText(self.tr("留空则自动编号"))
        self.title_edit = QLineEdit(self)
        self.text_edit = QPlainTextEdit(self)
        self.leader_edit = QLineEdit(self)
        self.deadline_box = QCheckBox(self.tr("设定完成时限"), self)
        self.deadline_edit = date_edit(dt.date(year or dt.date.today().year, 12, 31), self)
        self.indicator_model = IndicatorTableModel(self)
        self.indicator_view = QTableView(self)
        self.indicator_view.setModel(self.indicator_model)
        header = self.indicator_view.horizontalHeader()
        # Every column as wide as its title and values (比较 was clipped); 名称 takes the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(IndicatorColumn.NAME, QHeaderView.ResizeMode.Stretch)
        self.add_indicator_button = QPushButton(self.tr("添加指标"), self)
        self.remove_indicator_button = QPushButton(self.tr("删除指标"), self)
        self._build_conflict_panel()
        self._add_error_label_and_buttons()
        if task is not None:
            self._fill(TaskInput.of(task))
        else:
            self.deadline_box.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("编号"), self.code_edit)
        form.addRow(self.tr("任务名称"), self.title_edit)
        form.addRow(self.tr("任务内容"), self.text_edit)
        form.addRow(self.tr("责任领导"), self.leader_edit)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline_box)
        deadline_row.addWidget(self.deadline_edit)
        form.addRow(self.tr("完成时限"), deadline_row)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_indicator_button)
        buttons_row.addWidget(self.remove_indicator_button)
        buttons_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("量化指标"), self))
        layout.addWidget(self.indicator_view)
        layout.addLayout(buttons_row)
        layout.addWidget(self.conflict_panel)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(720, 600)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.add_indicator_button.clicked.connect(self._on_add_indicator_button_clicked)
        self.remove_indicator_button.clicked.connect(self._on_remove_indicator_button_clicked)
        self.deadline_box.toggled.connect(self.deadline_edit.setEnabled)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)

    def _build_conflict_panel(self) -> None:
        self.conflict_panel = QFrame(self)
        self.conflict_panel.setObjectName("conflict_panel")
        self.conflict_panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.conflict_panel.setStyleSheet("#conflict_panel { background: #FFF4CE; }")
        self.conflict_label = QLabel(self.conflict_panel)
        self.conflict_label.setWordWrap(True)
        self.conflict_text = QPlainTextEdit(self.conflict_panel)
        self.conflict_text.setReadOnly(True)
        self.conflict_text.setMaximumHeight(120)
        self.reload_button = QPushButton(self.tr("重新载入"), self.conflict_panel)
        self.reload_button.setToolTip(
            self.tr("载入任务的最新内容；您改过而他人未改的内容保留，与他人修改冲突的列在此处")
        )
        layout = QVBoxLayout(self.conflict_panel)
        layout.addWidget(self.conflict_label)
        layout.addWidget(self.conflict_text)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.reload_button)
        layout.addLayout(row)
        self.conflict_panel.hide()

    def _fill(self, value: TaskInput) -> None:
        self.code_edit.setText(value.code)
        self.title_edit.setText(value.title)
        self.text_edit.setPlainText(value.text)
        self.leader_edit.setText(value.leader)
        self.deadline_box.setChecked(value.deadline is not None)
        if value.deadline is not None:
            d = value.deadline
            self.deadline_edit.setDate(QDate(d.year, d.month, d.day))
        self.deadline_edit.setEnabled(value.deadline is not None)
        self.indicator_model.set_rows(
            [IndicatorDraft(**_draft_fields(d)) for d in value.indicators]
        )

    def show_conflict(self, conflict: TaskChangedError) -> None:
        """Say who changed what since the form was loaded, and offer 重新载入."""
        self._conflict = conflict
        self.conflict_label.setText(
            self.tr("在您编辑期间，其他人修改了这项任务（您的修改尚未保存）：")
        )
        self.conflict_text.setPlainText(
            "\n".join(conflict.changes) or self.tr("（修改记录中没有字段变化，可能是分工或排序）")
        )
        self.reload_button.setEnabled(True)
        self.conflict_panel.show()

    def reload_task(self, fresh: TaskDetail, history: Counter[audit.AuditLine]) -> list[str]:
        """Load the task as it is now, keeping what the clerk typed where nobody else changed it.

        Returns:
            The clerk's values that were not kept (somebody else changed the same field), as
            lines "任务名称：…"; they stay listed in the form.
        """
        base = TaskInput.of(self.task) if self.task is not None else None
        typed = self.value()
        now = TaskInput.of(fresh)
        merged: dict[str, object] = {}
        not_kept = []
        for field in fields(TaskInput):
            name = field.name
            mine, theirs = getattr(typed, name), getattr(now, name)
            original = getattr(base, name) if base is not None else theirs
            if mine in (original, theirs):
                merged[name] = theirs
            elif theirs == original:
                merged[name] = mine  # only the clerk changed it: kept
            else:
                merged[name] = theirs
                not_kept.append(f"{_FIELD_LABELS[name]}：{_shown(mine)}")
        self.task = fresh
        self.baseline = history
        self._fill(TaskInput(**merged))
        lines = list(self._conflict.changes) if self._conflict is not None else []
        if not_kept:
            self.conflict_label.setText(
                self.tr(
                    "已载入最新内容。以下是您输入、但他人也改了的内容（未采用，请核对后自行填入）："
                )
            )
            lines = [*not_kept, "", self.tr("他人的修改："), *lines]
        else:
            self.conflict_label.setText(
                self.tr("已载入最新内容，您改动的内容已保留。请核对后点“确定”保存。他人的修改：")
            )
        self.conflict_text.setPlainText("\n".join(lines))
        self.reload_button.setEnabled(False)
        self.error_label.hide()
        return not_kept

    @Slot()
    def _on_reload_button_clicked(self) -> None:
        if self._conflict is not None:
            self.reload_task(self._conflict.fresh, self._conflict.history)

    def value(self) -> TaskInput:
        """The form's content."""
        has_deadline = self.deadline_box.isChecked()
        return TaskInput(
            code=self.code_edit.text().strip(),
            title=self.title_edit.text(),
            text=self.text_edit.toPlainText(),
            leader=self.leader_edit.text().strip(),
            deadline=self.deadline_edit.date().toPython() if has_deadline else None,
            indicators=tuple(self.indicator_model.drafts),
        )

    @Slot()
    def _on_add_indicator_button_clicked(self) -> None:
        row = self.indicator_model.add_draft()
        index = self.indicator_model.index(row, IndicatorColumn.NAME)
        self.indicator_view.setCurrentIndex(index)
        self.indicator_view.edit(index)

    @Slot()
    def _on_remove_indicator_button_clicked(self) -> None:
        index = self.indicator_view.currentIndex()
        if index.isValid():
            self.indicator_model.remove_draft(index.row())

    def _submit(self) -> None:
        try:
            self._save(self.value())
        except TaskChangedError as conflict:
            self.show_conflict(conflict)
            raise


def _draft_fields(draft: IndicatorDraft) -> dict[str, object]:
    # A copy for the model: the form edits its drafts in place.
    return {f.name: getattr(draft, f.name) for f in fields(IndicatorDraft)}
