"""Plain, immutable results of report extraction and the error it raises."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from supervisor.domain import Comparator
from supervisor.domain import TaskKind as AssessmentKind
from supervisor.errors import SupervisorError


class ExtractionError(SupervisorError, ValueError):
    """The text cannot be turned into a plan; the message is Chinese and meant for the user."""


class NoPlanYearError(ExtractionError):
    """The text names no year (a page copied from a news site that says only 今年): the
    caller may ask for the plan year and extract again with ``year=``."""


class TaskKind(StrEnum):
    """Where a task sits in a report's outline."""

    SECTION = "section"  # 二、2020年重点工作
    TARGETS = "targets"  # 主要预期目标 paragraph, code N.0
    HEADING = "heading"  # （一）…, 1. …, （1）… headings below the section
    LEAD = "lead"  # 大力推动工业提质增效。 lead-phrase paragraph
    ITEM = "item"  # one concrete commitment (a sentence)


@dataclass(frozen=True, slots=True)
class DepartmentSuggestion:
    """A suggested lead (牵头) or co (配合) department and the keyword that suggested it."""

    name: str
    role: str  # "lead" or "co"
    keyword: str


@dataclass(frozen=True, slots=True)
class ExtractedIndicator:
    """One quantitative target of the plan year.

    Attributes:
        name: What is measured, as written (e.g. ``两化融合项目``).
        value: The number as written (``1万人`` → 1).
        value_max: Upper bound of a range (``6.5%—7%`` → 7), else ``None``.
        unit: The unit as written after the number (``万人``, ``亿元``, ``%``, ``个百分点``).
        comparator: How the target is meant (``=``, ``>=``, ``<=``, ``~``, ``range``).
        text: The clause the target was read from.
        baseline: 基数, the "from" value of 从X提高到Y (X, in ``unit``), else ``None``.
        lead: The department the target's own name points to when that is not its task's
            lead (社会消费品零售总额 among the main targets → 商务), else ``None``: the task's
            lead applies.
    """

    name: str
    value: float
    value_max: float | None
    unit: str
    comparator: Comparator
    text: str
    baseline: float | None = None
    lead: DepartmentSuggestion | None = None


@dataclass(frozen=True, slots=True)
class ExtractedTask:
    """One node of the plan's task tree.

    Attributes:
        code: Hierarchical code such as ``2.1.1``; ``N.0`` holds the section's main targets.
        parent: Code of the parent task, ``None`` for a plan section.
        title: Short title (heading or lead phrase, or the sentence of an item).
        text: The original text the task stands for.
        deadline: 完成时限; 12-31 of the plan year unless the text names an earlier date.
        departments: Lead first, then co-departments.
        indicators: Quantitative targets read from this task's own text.
        level: Depth in the tree, 1 for a plan section.
        kind: Role of the node in the outline.
        task_kind: 考核 (a deliverable, measured against 序时进度) or 常态化 (a principle or an
            attitude without object, number or date: proposed, the user confirms on import).
    """

    code: str
    parent: str | None
    title: str
    text: str
    deadline: datetime.date
    departments: tuple[DepartmentSuggestion, ...]
    indicators: tuple[ExtractedIndicator, ...]
    level: int
    kind: TaskKind
    task_kind: AssessmentKind = AssessmentKind.ASSESSED


@dataclass(frozen=True, slots=True)
class ExtractedReport:
    """A report's title, plan year and the task tree of that year's plan (pre-order)."""

    title: str
    year: int
    tasks: tuple[ExtractedTask, ...]
