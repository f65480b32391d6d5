"""The JSON contract of ``main.py extract --json`` and the human-readable outline."""

from __future__ import annotations

from typing import Any

from supervisor.domain import Comparator
from supervisor.domain import TaskKind as AssessmentKind
from supervisor.extract.model import ExtractedIndicator, ExtractedReport, ExtractedTask


def to_contract_dict(report: ExtractedReport) -> dict[str, Any]:
    """The extraction contract of DESIGN.md as plain JSON-ready data.

    Args:
        report: An extraction result.

    Returns:
        ``{"title", "year", "tasks": [{"code", "parent", "title", "text", "deadline",
        "departments", "indicators": [{"name", "value", "value_max", "unit", "comparator",
        "text", "baseline"}], "kind"}]}`` with departments as names, lead first, the deadline
        as an ISO date, and kind "考核" or "常态化" (proposed for a principle without a deliverable;
        optional for readers of the contract: a task without it is 考核). An indicator has
        ``baseline`` only when the text gives one (X of 从X提高到Y), and ``lead`` only when
        its own name points to another lead department than its task's.
    """
    return {
        "title": report.title,
        "year": report.year,
        "tasks": [_task_dict(task) for task in report.tasks],
    }


def _task_dict(task: ExtractedTask) -> dict[str, Any]:
    return {
        "code": task.code,
        "parent": task.parent,
        "title": task.title,
        "text": task.text,
        "deadline": task.deadline.isoformat(),
        "departments": [d.name for d in task.departments],
        "indicators": [_indicator_dict(i) for i in task.indicators],
        "kind": task.task_kind.value,
    }


def _indicator_dict(indicator: ExtractedIndicator) -> dict[str, Any]:
    result: dict[str, Any] = {
        "name": indicator.name,
        "value": _number(indicator.value),
        "value_max": None if indicator.value_max is None else _number(indicator.value_max),
        "unit": indicator.unit,
        "comparator": indicator.comparator.value,
        "text": indicator.text,
    }
    if indicator.baseline is not None:
        result["baseline"] = _number(indicator.baseline)
    if indicator.lead is not None:
        result["lead"] = indicator.lead.name
    return result


def _number(value: float) -> int | float:
    """40.0 → 40, so the JSON shows the number as written."""
    return int(value) if value.is_integer() else value


def format_indicator(indicator: ExtractedIndicator) -> str:
    """One indicator as a short line, e.g. ``地区生产总值 6.5—7%``.

    Args:
        indicator: The indicator.

    Returns:
        Name, comparator and value with its unit.
    """
    value = f"{_number(indicator.value)}"
    if indicator.comparator == Comparator.RANGE and indicator.value_max is not None:
        value += f"—{_number(indicator.value_max)}"
    symbol = {
        Comparator.EQ: "",
        Comparator.GE: "≥",
        Comparator.LE: "≤",
        Comparator.APPROX: "约",
        Comparator.RANGE: "",
    }[indicator.comparator]
    if indicator.baseline is not None:
        base = f"{_number(indicator.baseline)}{indicator.unit}"
        return f"{indicator.name} 从{base}到{value}{indicator.unit}"
    return f"{indicator.name} {symbol}{value}{indicator.unit}"


def _why(name: str, keyword: str) -> str:
    return f"{name}〔{keyword}〕" if keyword else name


def format_outline(report: ExtractedReport) -> str:
    """The task tree as indented text for a terminal or a preview pane.

    Args:
        report: An extraction result.

    Returns:
        One line per task (code, title, departments with the keyword that suggested each,
        deadline) and one per indicator.
    """
    lines = [f"{report.title}（{report.year}年）", f"共 {len(report.tasks)} 项任务"]
    for task in report.tasks:
        indent = "  " * (task.level - 1)
        # Each suggestion with the keyword that made it, so the clerk sees why (〔就业〕).
        lead = [_why(d.name, d.keyword) for d in task.departments if d.role == "lead"]
        co = [_why(d.name, d.keyword) for d in task.departments if d.role == "co"]
        who = f"牵头：{'、'.join(lead) or '—'}"
        if co:
            who += f"；配合：{'、'.join(co)}"
        routine = "；常态化" if task.task_kind == AssessmentKind.ROUTINE else ""
        lines.append(
            f"{indent}{task.code} {task.title}  [{who}；时限：{task.deadline.isoformat()}{routine}]"
        )
        for indicator in task.indicators:
            own = indicator.lead
            lead_note = f"  [牵头：{_why(own.name, own.keyword)}]" if own is not None else ""
            lines.append(f"{indent}    · {format_indicator(indicator)}{lead_note}")
    return "\n".join(lines)
