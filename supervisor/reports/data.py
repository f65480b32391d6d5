"""Plain data the report writers consume: filled by services, free of the database and Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from supervisor.domain import TaskKind, TaskStatus, WarningLight, status_text


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator of a task as shown in a report."""

    name: str
    target_text: str  # the target as written for a reader, e.g. "≥1万人", "6.5—7%"
    value: float | None
    value_max: float | None
    unit: str
    comparator: str
    actual: float | None = None
    indicator_id: int | None = None


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task line of 任务分工方案 / 周进度表 / 督查通报 tables."""

    task_id: int
    code: str
    title: str
    text: str
    area: str  # the top-level area (领域) the task belongs to, e.g. "（一）聚焦产业转型"
    indicators: tuple[IndicatorRow, ...] = ()
    leader: str = ""
    lead_department: str = ""
    co_departments: tuple[str, ...] = ()
    deadline: dt.date | None = None
    time_progress: float | None = None  # 序时进度, 0..1
    percent_done: float | None = None  # 完成进度, 0..1
    status: TaskStatus | None = None
    progress_text: str = ""  # 本期进展 / 进展情况
    problems: str = ""  # 存在问题
    next_steps: str = ""  # 下步打算
    last_report_date: dt.date | None = None
    urging_count: int = 0
    version: int = 1
    reported_percent: float | None = None  # the latest report's own percent, 0..1
    # 滞后 and 预警, derived once in services.status (is_lagging / derive_warning): every
    # writer shows these fields rather than deciding again from the status.
    lagging: bool = False
    warning: WarningLight | None = None  # None: not assessed (常态化) or not computed
    kind: TaskKind = TaskKind.ASSESSED  # a 常态化 task has status None

    @property
    def display_text(self) -> str:
        """The task in full, said once: what a table's 重点任务 column shows.

        ``title`` is a label (the leading clauses of a long sentence) and ``text`` the whole
        original, which usually starts with or contains that label: then the text alone. A
        title the text does not contain (edited by hand) is put before it; without a text,
        the title.
        """
        return full_text(self.title, self.text)

    @property
    def status_text(self) -> str:
        """The status column's text: the status, or 常态化 for a task not assessed."""
        return status_text(self.status, self.kind)


def full_text(title: str, text: str) -> str:
    """A task's title and text as one string that never repeats itself (see TaskRow)."""
    body = text.strip()
    label = title.strip().rstrip("。；;，,：: ")
    if not body:
        return title.strip()
    if not label or label in body:
        return body
    return f"{label}：{body}"


@dataclass(frozen=True, slots=True)
class ReportHeader:
    """What every export states about itself: who issues it, for which plan and period."""

    office_name: str
    plan_title: str
    plan_year: int
    period_label: str  # e.g. "2020年第12周"
    as_of: dt.date
    issue_number: int | None = None  # 第N期 of a bulletin
    plan_id: int | None = None


@dataclass(frozen=True, slots=True)
class StatusCount:
    """How many tasks have one status, and their share of all tasks."""

    status: TaskStatus
    count: int
    share: float  # 0..1


@dataclass(frozen=True, slots=True)
class AreaSummary:
    """Progress of one area (领域): counts per status."""

    area: str
    total: int
    counts: dict[TaskStatus, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DepartmentScore:
    """One line of 各单位推进情况: a department's tasks, lagging ones, 督办单 and its score.

    Every figure the score is computed from is on the line, so a reader can check it:
    ``score = score_base + points / weighted_tasks`` (scoring "average", per task) or
    ``score_base + points`` (scoring "sum"); see ``services.statistics``.
    """

    rank: int | None  # None: the unit leads no task, listed apart and not ranked
    department: str
    lead_tasks: int
    co_tasks: int
    done: int
    behind: int
    overdue: int
    not_reported: int
    red_cards: int
    score: float
    yellow_cards: int = 0
    blue_cards: int = 0
    weighted_tasks: float = 0.0  # lead tasks + co-unit weight × co tasks: the divisor
    points: float = 0.0  # Σ weight × task points + 督办单 points, before the base
    scoring: str = "average"  # "average" (per task) or "sum"

    @property
    def tasks(self) -> int:
        """Tasks the unit leads or supports."""
        return self.lead_tasks + self.co_tasks


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Status counts at the end of one reporting period."""

    period_label: str
    counts: dict[TaskStatus, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """The 公文 parts of a bulletin that come from settings, not data (GB/T 9704 版头, 主送,
    成文日期, 版记)."""

    masthead: str = "政务督查"  # 版头 name: 政务督查 / 督查通报 / 督查专报 …
    recipients: str = ""  # 主送机关, e.g. "各县区人民政府，市政府各部门："
    copy_to: str = ""  # 抄送
    issue_date: dt.date | None = None  # 成文日期 (and 印发日期); the data cut-off when None
    printer: str = ""  # 印发机关; the issuing office when empty


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFigures:
    """The counts and the ranking of a plan's assessed leaf tasks on one date.

    ``services.statistics`` computes them (its ``PlanStatistics``) and a 督查通报 shows them
    (``BulletinData``): each of the two is these figures and more.
    """

    status_counts: tuple[StatusCount, ...]
    areas: tuple[AreaSummary, ...]
    departments: tuple[DepartmentScore, ...]  # the ranked units
    not_reported_departments: tuple[str, ...]
    # Units that lead no task: listed apart (their 配合 tasks and 督办单), never ranked.
    unranked_departments: tuple[DepartmentScore, ...] = ()
    lagging: int = 0  # 滞后 tasks (services.status.is_lagging): 欠序时, 逾期, 临期 behind 序时
    warning_counts: dict[WarningLight, int] = field(default_factory=dict)  # 绿/黄/红灯

    def figures(self) -> dict[str, Any]:
        """These figures alone, as the keywords of another record that holds them."""
        return {item.name: getattr(self, item.name) for item in fields(PlanFigures)}


@dataclass(frozen=True, slots=True, kw_only=True)
class BulletinData(PlanFigures):
    """Everything a 督查通报 shows; computed by services, rendered by reports."""

    header: ReportHeader
    tasks: tuple[TaskRow, ...]
    trend: tuple[TrendPoint, ...]
    requirements: str = ""  # 下步工作要求, supplied by the user
    parts: DocumentParts = DocumentParts()
