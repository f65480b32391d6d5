"""What a returned row changes: the latest report it is compared with, its date and reporter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supervisor.db.models import ProgressReport
from supervisor.errors import ValidationError
from supervisor.reports.fillin_format import (
    TASK_COLUMNS,
    ReportValues,
    RowIssue,
    Severity,
    header_of,
)
from supervisor.reports.xlsx_returned import ReturnedTaskRow
from supervisor.services import validation
from supervisor.services.periods import Period
from supervisor.services.reporting import format_number
from supervisor.services.roundtrip.state import task_issue
from supervisor.services.status import task_states

EMPTY = "（空）"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value a returned row changes: the latest value in the database → the new one."""

    field: str  # "percent", "indicator:<id>", "progress_text", "problems", ...
    label: str  # as shown to the user, e.g. 完成进度（%）, 指标“重点项目”（个）
    old: str
    new: str


_LABELS = {
    "percent": "完成进度（%）",
    "progress_text": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "reporter": "填报人",
    "report_date": "报送日期",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Latest(ReportValues):
    """A task's latest progress report as the preview compares against, with its actuals."""

    actuals: dict[int, float] = field(default_factory=dict)


def latest_reports(
    session: Session, plan_id: int, task_ids: Iterable[int], as_of: dt.date
) -> tuple[dict[int, Latest], dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    """Latest state per task as of a date, task (code, title), indicator (name, unit)."""
    ids = sorted(set(task_ids))
    if not ids:
        return {}, {}, {}
    states = task_states(session, plan_id, as_of=as_of, task_ids=ids, with_text=True)
    report_ids = [s.last_report_id for s in states if s.last_report_id is not None]
    reports: dict[int, tuple[float | None, str]] = {}
    for start in range(0, len(report_ids), 5000):
        chunk = report_ids[start : start + 5000]
        for report_id, percent, reporter in session.execute(
            select(ProgressReport.id, ProgressReport.percent, ProgressReport.reporter).where(
                ProgressReport.id.in_(chunk)
            )
        ):
            reports[report_id] = (percent, reporter)
    latest: dict[int, Latest] = {}
    titles: dict[int, tuple[str, str]] = {}
    indicators: dict[int, tuple[str, str]] = {}
    for s in states:
        percent, reporter = reports.get(s.last_report_id or -1, (None, ""))
        latest[s.task_id] = Latest(
            percent=percent,
            progress_text=s.progress_text,
            problems=s.problems,
            next_steps=s.next_steps,
            reporter=reporter,
            report_date=s.last_report_date,
            actuals={i.id: i.actual for i in s.indicators if i.actual is not None},
        )
        titles[s.task_id] = (s.code, s.title)
        for item in s.indicators:
            indicators[item.id] = (item.name, item.unit)
    return latest, titles, indicators


def newest_report_dates(session: Session, task_ids: Iterable[int]) -> dict[int, dt.date]:
    ids = sorted(set(task_ids))
    found: dict[int, dt.date] = {}
    for start in range(0, len(ids), 5000):
        found.update(
            session.execute(
                select(ProgressReport.task_id, func.max(ProgressReport.report_date))
                .where(ProgressReport.task_id.in_(ids[start : start + 5000]))
                .group_by(ProgressReport.task_id)
            ).all()
        )
    return found


def _number(value: float | None) -> str:
    return EMPTY if value is None else format_number(value)


def changes(
    row: ReturnedTaskRow,
    latest: Latest | None,
    indicators: dict[int, tuple[str, str]],
    report_date: dt.date,
    reporter: str,
) -> tuple[FieldChange, ...]:
    old = latest or Latest()
    changes = [
        FieldChange(
            "report_date",
            _LABELS["report_date"],
            EMPTY if old.report_date is None else old.report_date.isoformat(),
            report_date.isoformat(),
        )
    ]
    if row.percent != old.percent:
        changes.append(
            FieldChange("percent", _LABELS["percent"], _number(old.percent), _number(row.percent))
        )
    for indicator_id, value in sorted(row.indicator_actuals.items()):
        previous = old.actuals.get(indicator_id)
        if previous != value:
            name, unit = indicators.get(indicator_id, (f"编号 {indicator_id}", ""))
            label = f"指标“{name}”" + (f"（{unit}）" if unit else "")
            changes.append(
                FieldChange(f"indicator:{indicator_id}", label, _number(previous), _number(value))
            )
    for key, new in (
        ("progress_text", row.progress_text),
        ("problems", row.problems),
        ("next_steps", row.next_steps),
        ("reporter", reporter),
    ):
        previous = getattr(old, key)
        if previous != new:
            changes.append(FieldChange(key, _LABELS[key], previous or EMPTY, new or EMPTY))
    return tuple(changes)


def reporter_of(name: str, department: str) -> str:
    """Who reported: the name typed and the unit, so co-units' reports stay distinguishable."""
    combined = f"{name}（{department}）" if name else department
    return combined if len(combined) <= 100 else name[:100]


def report_date(
    name: str,
    row: ReturnedTaskRow,
    period: Period,
    today: dt.date,
    plan_year: int,
    issues: list[RowIssue],
) -> dt.date | None:
    """The date the report is recorded on: the date typed within the period, else its end.

    The sheet asks for the state "截至本期末", so a form filled in a day after the period
    still reports on that period, and is dated on its last day (or today while it runs).
    """
    header = header_of(TASK_COLUMNS, "report_date")
    last = min(period.end, today)
    typed = row.report_date
    if typed is not None and typed > today:
        issues.append(task_issue(name, row.row, header, f"填报日期 {typed} 晚于今天"))
        return None
    if typed is not None and period.start <= typed <= period.end:
        day = typed
    else:
        day = last
        if typed is not None:
            issues.append(
                task_issue(
                    name,
                    row.row,
                    header,
                    f"填报日期 {typed} 不在报送期{period.label}（{period.start}至{period.end}）内，"
                    f"按 {day} 记录",
                    Severity.WARNING,
                )
            )
    try:
        validation.date_near_year(day, "报送日期", plan_year)
    except ValidationError as err:
        issues.append(task_issue(name, row.row, header, str(err)))
        return None
    return day


def has_content(row: ReturnedTaskRow) -> bool:
    return row.percent is not None or bool(row.indicator_actuals) or bool(row.progress_text)
