"""Pure text → task outline, indicators, deadlines and suggested departments (no DB, no Qt)."""

from __future__ import annotations

from supervisor.extract.contract import format_indicator, format_outline, to_contract_dict
from supervisor.extract.deadlines import find_deadline
from supervisor.extract.departments import (
    Department,
    DepartmentTable,
    load_department_table,
    parse_department_csv,
)
from supervisor.extract.indicators import extract_indicators
from supervisor.extract.model import (
    DepartmentSuggestion,
    ExtractedIndicator,
    ExtractedReport,
    ExtractedTask,
    ExtractionError,
    NoPlanYearError,
    TaskKind,
)
from supervisor.extract.pipeline import MAX_CHARS, extract_report

__all__ = [
    "MAX_CHARS",
    "Department",
    "DepartmentSuggestion",
    "DepartmentTable",
    "ExtractedIndicator",
    "ExtractedReport",
    "ExtractedTask",
    "ExtractionError",
    "NoPlanYearError",
    "TaskKind",
    "extract_indicators",
    "extract_report",
    "find_deadline",
    "format_indicator",
    "format_outline",
    "load_department_table",
    "parse_department_csv",
    "to_contract_dict",
]
