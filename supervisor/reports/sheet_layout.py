"""The lines of a task sheet: area headers with subtotals, parent tasks as headings, tasks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from supervisor.domain import TaskStatus
from supervisor.reports.data import TaskRow

CHINESE_NUMERALS = "一二三四五六七八九十"
# An area's own numbering as a report writes it: （一）, 一、, (一), 一. — replaced by the sheet's.
_AREA_NUMBER = re.compile(r"^\s*[（(]?[一二三四五六七八九十百]+[）)、．.]\s*")
MAX_OUTLINE_LEVEL = 7  # Excel's limit
OTHER_AREA = "其他任务"


class LineKind(Enum):
    """What a line of the sheet shows."""

    AREA = "area"  # 一、聚焦产业转型（共12项：…）
    HEADING = "heading"  # a parent task: code and title only, its sub-tasks below it
    TASK = "task"


@dataclass(frozen=True, slots=True)
class SheetLine:
    """One row to write: its kind, outline level, the task (not for areas) and its text."""

    kind: LineKind
    level: int
    task: TaskRow | None = None
    text: str = ""  # area and heading lines
    number: int | None = None  # 序号 of a task line


def chinese_number(number: int) -> str:
    """一 … 九十九, as areas are numbered."""
    if number <= 10:
        return CHINESE_NUMERALS[number - 1]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def area_name(area: str) -> str:
    """The area's name without the numbering the report gave it."""
    return _AREA_NUMBER.sub("", area).strip()


def status_counts_text(tasks: Sequence[TaskRow]) -> str:
    """共12项：已完成2项、欠序时1项 — counts in the order of TaskStatus, zeros left out."""
    counts = Counter(task.status for task in tasks if task.status is not None)
    parts = [f"{status.value}{counts[status]}项" for status in TaskStatus if counts[status]]
    return f"共{len(tasks)}项" + (f"：{'、'.join(parts)}" if parts else "")


def _parent_codes(tasks: Sequence[TaskRow]) -> set[str]:
    codes = {task.code for task in tasks if task.code}
    parents = set()
    for code in codes:
        parts = code.split(".")
        for cut in range(1, len(parts)):
            prefix = ".".join(parts[:cut])
            if prefix in codes:
                parents.add(prefix)
    return parents


def _depth(code: str, parents: set[str]) -> int:
    """How many of the task's ancestors are shown as headings above it."""
    parts = code.split(".")
    return sum(1 for cut in range(1, len(parts)) if ".".join(parts[:cut]) in parents)


def sheet_lines(tasks: Sequence[TaskRow], *, with_status: bool) -> list[SheetLine]:
    """The rows of a sheet in order: one area header per area, its tasks below it.

    A task with sub-tasks in the list (by code: 2.1 above 2.1.1) becomes a heading line; the
    task that *is* an area (its title is the area) is represented by the area line alone.
    Areas keep the order of their first task; tasks without an area go under 其他任务.
    Tasks are numbered 1, 2, … across the sheet (headings are not counted).
    """
    parents = _parent_codes(tasks)
    # The task that is an area is represented by the area line: not a heading of its own.
    areas = {task.code for task in tasks if area_name(task.title) == area_name(task.area)}
    headings = parents - areas
    grouped: dict[str, list[TaskRow]] = {}
    for task in tasks:
        grouped.setdefault(task.area or OTHER_AREA, []).append(task)
    with_areas = not (len(grouped) == 1 and OTHER_AREA in grouped)
    lines: list[SheetLine] = []
    number = 0
    for index, (area, members) in enumerate(grouped.items(), 1):
        leaves = [task for task in members if task.code not in parents]
        if with_areas:
            summary = status_counts_text(leaves) if with_status else f"共{len(leaves)}项"
            text = f"{chinese_number(index)}、{area_name(area)}（{summary}）"
            lines.append(SheetLine(LineKind.AREA, 0, text=text))
        base = 1 if with_areas else 0
        for task in members:
            is_parent = task.code in parents
            if is_parent and task.code in areas:
                continue
            level = min(MAX_OUTLINE_LEVEL, base + _depth(task.code, headings))
            if is_parent:
                heading = f"{task.code} {task.title}" if task.code else task.title
                lines.append(SheetLine(LineKind.HEADING, level, task, text=heading))
            else:
                number += 1
                lines.append(SheetLine(LineKind.TASK, level, task, number=number))
    return lines
