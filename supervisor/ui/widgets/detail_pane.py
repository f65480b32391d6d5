"""Detail pane of the selected task: text, indicators, progress timeline, urgings, audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from supervisor.services.audit import (
    ACTION_LABELS,
    ENTITY_LABELS,
    FIELD_LABELS,
    AuditLine,
    task_history,
)
from supervisor.services.progress import ProgressInfo, task_progress
from supervisor.services.tasks import TaskDetail, get_task
from supervisor.services.urging import UrgingInfo, list_urgings
from supervisor.ui.models.table_model import local_time_text
from supervisor.ui.models.task_model import format_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_COMPARATORS = {"=": "", ">=": "≥", "<=": "≤", "~": "约", "range": ""}


@dataclass(frozen=True, slots=True)
class TaskDetailData:
    """Everything the pane shows about one task, read in one session."""

    task: TaskDetail
    actuals: dict[int, float]
    progress: tuple[ProgressInfo, ...]
    urgings: tuple[UrgingInfo, ...]
    audit: tuple[AuditLine, ...]


def load_task_detail(
    session: Session, task_id: int, as_of: dt.date | None = None
) -> TaskDetailData:
    """Read a task with its history through the services."""
    task = get_task(session, task_id)
    progress = tuple(task_progress(session, task_id, as_of=as_of))
    actuals: dict[int, float] = {}
    # Newest first: the first actual seen for an indicator is the current one.
    for report in progress:
        if report.corrected_by_id is not None:
            continue
        for actual in report.actuals:
            actuals.setdefault(actual.indicator_id, actual.value)
    urgings = tuple(list_urgings(session, task.plan_id, task_id=task_id, as_of=as_of))
    return TaskDetailData(task, actuals, progress, urgings, tuple(task_history(session, task_id)))


def target_text(value: float | None, value_max: float | None, unit: str, comparator: str) -> str:
    """A target as a reader writes it: ≥1万人, 6.5—7%."""
    if value is None:
        return ""
    if comparator == "range" and value_max is not None:
        return f"{format_number(value)}—{format_number(value_max)}{unit}"
    return f"{_COMPARATORS.get(comparator, '')}{format_number(value)}{unit}"


_CORRECT_SCHEME = "correct"


class DetailPane(QWidget):
    """Read-only rich-text view of one task; a report's "更正" link asks for its correction."""

    # (task id, report id): the user wants to correct that report.
    correction_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task_id: int | None = None
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.clear()

    def clear(self) -> None:
        """Show the hint for an empty selection."""
        self._task_id = None
        self.browser.setHtml(
            f"<p style='color:#666'>{escape(self.tr('请选择一项任务查看详情'))}</p>"
        )

    def show_detail(self, data: TaskDetailData) -> None:
        """Render one task."""
        self._task_id = data.task.id
        self.browser.setHtml(self.render_html(data))

    @Slot(QUrl)
    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == _CORRECT_SCHEME and url.path().isdigit() and self._task_id is not None:
            self.correction_requested.emit(self._task_id, int(url.path()))

    def render_html(self, data: TaskDetailData) -> str:
        """The pane's HTML (also used by tests to check the content)."""
        t = data.task
        parts = [
            f"<h3>{escape(t.code)} {escape(t.title)}</h3>",
            f"<p>{escape(t.text).replace(chr(10), '<br>')}</p>",
            "<table cellspacing='0' cellpadding='2'>",
            self._row(self.tr("牵头单位"), t.lead_department or self.tr("未分工")),
            self._row(self.tr("配合单位"), "、".join(t.co_departments)),
            self._row(self.tr("责任领导"), t.leader or ""),
            self._row(self.tr("完成时限"), t.deadline.isoformat() if t.deadline else ""),
            "</table>",
            f"<h4>{escape(self.tr('指标'))}</h4>",
        ]
        if t.indicators:
            parts.append(
                "<table border='1' cellspacing='0' cellpadding='3'><tr>"
                f"<th>{escape(self.tr('指标'))}</th><th>{escape(self.tr('目标'))}</th>"
                f"<th>{escape(self.tr('实际'))}</th></tr>"
            )
            for ind in t.indicators:
                actual = data.actuals.get(ind.id)
                target = target_text(ind.value, ind.value_max, ind.unit, ind.comparator)
                shown = format_number(actual) + ind.unit if actual is not None else "—"
                parts.append(
                    f"<tr><td>{escape(ind.name)}</td><td>{escape(target)}</td>"
                    f"<td>{escape(shown)}</td></tr>"
                )
            parts.append("</table>")
        else:
            parts.append(f"<p style='color:#666'>{escape(self.tr('无量化指标'))}</p>")
        parts.append(f"<h4>{escape(self.tr('进展记录'))}</h4>")
        parts.extend(self._timeline(data.progress))
        parts.append(f"<h4>{escape(self.tr('催办记录'))}</h4>")
        if data.urgings:
            parts.append("<ul>")
            for u in data.urgings:
                colour = self.tr("【%1色督办单】").replace("%1", u.colour) if u.colour else ""
                parts.append(
                    f"<li>{u.date.isoformat()} {escape(colour)}{escape(u.department or '')}："
                    f"{escape(u.note)}</li>"
                )
            parts.append("</ul>")
        else:
            parts.append(f"<p style='color:#666'>{escape(self.tr('暂无催办'))}</p>")
        parts.append(f"<h4>{escape(self.tr('修改记录'))}</h4><ul>")
        for line in data.audit:
            change = ""
            if line.field:
                # An indicator's fields share names with the task's (名称, 说明): say whose.
                whose = ENTITY_LABELS["indicator"] if line.entity == "indicator" else ""
                change = f" {escape(whose + FIELD_LABELS.get(line.field, line.field))}"
            if line.old_value or line.new_value:
                change += f"：{escape(line.old_value or '')} → {escape(line.new_value or '')}"
            parts.append(
                f"<li>{local_time_text(line.at)} {escape(line.actor)} "
                f"{escape(ACTION_LABELS.get(line.action, line.action))}{change}</li>"
            )
        parts.append("</ul>")
        return "".join(parts)

    def _timeline(self, reports: tuple[ProgressInfo, ...]) -> list[str]:
        if not reports:
            return [f"<p style='color:#666'>{escape(self.tr('尚未报送进展'))}</p>"]
        out = ["<table cellspacing='0' cellpadding='3'>"]
        for r in reports:
            struck = r.corrected_by_id is not None
            percent = f"{format_number(r.percent)}%" if r.percent is not None else ""
            actuals = "；".join(f"{a.name} {format_number(a.value)}{a.unit}" for a in r.actuals)
            body = "<br>".join(
                escape(text)
                for text in (
                    r.progress_text,
                    f"{self.tr('存在问题')}：{r.problems}" if r.problems else "",
                    f"{self.tr('下步打算')}：{r.next_steps}" if r.next_steps else "",
                    actuals,
                )
                if text
            )
            if struck:
                body = f"<s>{body}</s> <i>({escape(self.tr('已更正'))})</i>"
            else:
                # Only the newest version of a report can be corrected (the service refuses more).
                link = f"<a href='{_CORRECT_SCHEME}:{r.id}'>{escape(self.tr('更正'))}</a>"
                body = f"{body} {link}" if body else link
            out.append(
                f"<tr><td valign='top' style='border-left:3px solid #4472C4'>"
                f"<b>{r.report_date.isoformat()}</b><br>{escape(percent)}</td>"
                f"<td valign='top'>{body}</td></tr>"
            )
        out.append("</table>")
        return out

    @staticmethod
    def _row(label: str, value: str) -> str:
        return f"<tr><td><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>"
