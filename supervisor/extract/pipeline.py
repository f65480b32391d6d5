"""Report text → ExtractedReport: outline, codes, indicators, deadlines and departments."""

from __future__ import annotations

import functools
import re

from supervisor.extract.deadlines import default_deadline, find_deadline
from supervisor.extract.departments import DepartmentTable, load_department_table
from supervisor.extract.indicators import extract_indicators
from supervisor.extract.model import (
    DepartmentSuggestion,
    ExtractedReport,
    ExtractedTask,
    ExtractionError,
    TaskKind,
)
from supervisor.extract.outline import OutlineNode, build_outline
from supervisor.extract.segment import unescape_entities

# Longest government work reports run to ~60,000 characters; 5 million is far beyond any real
# report and still extracts in seconds, so anything larger is refused rather than ground through.
MAX_CHARS = 5_000_000
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_SAMPLE = 100_000


def extract_report(text: str, departments: DepartmentTable | None = None) -> ExtractedReport:
    """Turn the text of a government work report into the plan year's task tree.

    Args:
        text: The report as text (see ``supervisor.extract.source`` for reading files).
        departments: Keyword table for suggested departments; ``None`` uses the shipped one.

    Returns:
        Title, plan year and tasks in pre-order (each parent before its children).

    Raises:
        ExtractionError: Empty, binary or oversized text, or no recognisable plan.
    """
    _check_text(text)
    table = departments if departments is not None else _default_table()
    outline = build_outline(unescape_entities(text))
    tasks: list[ExtractedTask] = []
    for section in outline.sections:
        _emit(section, str(section.number), None, 1, outline.year, table, (), (), tasks)
    return ExtractedReport(title=outline.title, year=outline.year, tasks=tuple(tasks))


@functools.cache
def _default_table() -> DepartmentTable:
    return load_department_table()


def _check_text(text: str) -> None:
    if not text or not text.strip():
        raise ExtractionError("报告内容为空，无法提取任务。")
    if len(text) > MAX_CHARS:
        raise ExtractionError(
            f"报告过长（{len(text):,} 个字符，上限 {MAX_CHARS:,}），请确认选择的是政府工作报告。"
        )
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ExtractionError("文件内容不是文本（可能是二进制文件或编码错误），无法提取任务。")
    if not _CJK.search(sample):
        raise ExtractionError("未识别到中文内容，无法提取任务。")


def _emit(
    node: OutlineNode,
    code: str,
    parent: str | None,
    level: int,
    year: int,
    table: DepartmentTable,
    context: tuple[str, ...],
    inherited: tuple[DepartmentSuggestion, ...],
    out: list[ExtractedTask],
) -> None:
    own_text = node.title if node.kind == TaskKind.SECTION else node.title + "\n" + node.text
    departments = table.suggest(own_text, context) or _inherit(inherited, table)
    deadline_text = node.text if node.kind == TaskKind.ITEM else node.title
    deadline = find_deadline(deadline_text, year) or default_deadline(year)
    indicators = extract_indicators(node.indicator_text) if node.indicator_text else []
    out.append(
        ExtractedTask(
            code=code,
            parent=parent,
            title=node.title,
            text=node.text,
            deadline=deadline,
            departments=departments,
            indicators=tuple(indicators),
            level=level,
            kind=node.kind,
        )
    )
    child_context = (node.title, *context)
    ordinal = 0
    for child in node.children:
        if child.kind == TaskKind.TARGETS:
            child_code = f"{code}.0"
        else:
            ordinal += 1
            child_code = f"{code}.{ordinal}"
        _emit(child, child_code, code, level + 1, year, table, child_context, departments, out)


def _inherit(
    inherited: tuple[DepartmentSuggestion, ...], table: DepartmentTable
) -> tuple[DepartmentSuggestion, ...]:
    if inherited:
        return inherited
    fallback = table.fallback()
    return (fallback,) if fallback else ()
