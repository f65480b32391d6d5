"""Data validation of fill-in sheets: what Excel/WPS lets a clerk type into each input cell."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from supervisor.reports.fillin_format import (
    FIRST_DATA_ROW,
    MAX_REPORTER_LENGTH,
    MAX_TEXT_LENGTH,
    TASK_COLUMNS,
    column_number,
)

if TYPE_CHECKING:
    from supervisor.reports.xlsx_fillin import FillInSpec


def validation(
    kind: str,
    *,
    title: str,
    prompt: str,
    error: str,
    operator: str | None = None,
    formula1: str | None = None,
    formula2: str | None = None,
    error_style: str = "stop",
) -> DataValidation:
    """A validation rule with its prompt and error text (cut to Excel's limits)."""
    # Excel limits: prompt/error title 32 characters, text 255.
    return DataValidation(
        type=kind,
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle=error_style,
        promptTitle=title[:32],
        prompt=prompt[:255],
        errorTitle=title[:32],
        error=error[:255],
    )


def between(
    kind: str, low: object, high: object, *, title: str, prompt: str, error: str
) -> DataValidation:
    """A number, a date or a text length (``kind``) from ``low`` to ``high``."""
    return validation(
        kind,
        operator="between",
        formula1=str(low),
        formula2=str(high),
        title=title,
        prompt=prompt,
        error=error,
    )


def at_most(length: int, *, title: str, prompt: str, error: str) -> DataValidation:
    """A text of at most ``length`` characters."""
    return validation(
        "textLength",
        operator="lessThanOrEqual",
        formula1=str(length),
        title=title,
        prompt=prompt,
        error=error,
    )


def add_task_validations(sheet: Worksheet, spec: FillInSpec, last_row: int) -> None:
    """Percent 0–100, text lengths, the 填报人 list and dates near the period."""

    def cells(key: str) -> str:
        letter = get_column_letter(column_number(TASK_COLUMNS, key))
        return f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"

    percent = between(
        "decimal",
        0,
        100,
        title="完成进度（%）",
        prompt="填写截至本期末的累计完成进度，0 到 100 之间的数字，如 60 表示完成 60%。",
        error="完成进度须为 0 到 100 之间的数字。",
    )
    percent.add(cells("percent"))
    sheet.add_data_validation(percent)
    for key, title, prompt in (
        ("progress_text", "进展情况", "简要填写本期工作进展，包括完成的具体事项和数据。"),
        ("problems", "存在问题", "填写推进中遇到的困难和问题；没有请填“无”。"),
        ("next_steps", "下步打算", "填写下一步工作措施和时间安排。"),
    ):
        text = at_most(
            MAX_TEXT_LENGTH,
            title=title,
            prompt=f"{prompt}（不超过 {MAX_TEXT_LENGTH} 字）",
            error=f"内容过长，请控制在 {MAX_TEXT_LENGTH} 字以内。",
        )
        text.add(cells(key))
        sheet.add_data_validation(text)

    contacts = [name.replace(",", "").replace('"', "").strip() for name in spec.contacts]
    contacts = [name for name in contacts if name]
    choices = ",".join(contacts)
    if contacts and len(choices) <= 250:
        # A drop-down of the department's contacts; "warning" still lets a new name through.
        reporter = validation(
            "list",
            formula1=f'"{choices}"',
            title="填报人",
            prompt="从下拉列表选择填报人，或直接输入姓名。",
            error="填报人不在本单位联系人名单中，确定使用该姓名吗？",
            error_style="warning",
        )
    else:
        reporter = at_most(
            MAX_REPORTER_LENGTH,
            title="填报人",
            prompt="填写填报人姓名。",
            error=f"姓名过长，请控制在 {MAX_REPORTER_LENGTH} 字以内。",
        )
    reporter.add(cells("reporter"))
    sheet.add_data_validation(reporter)

    first = dt.date(spec.period_start.year - 1, 1, 1)
    last = dt.date(spec.period_end.year + 1, 12, 31)
    date = between(
        "date",
        int(to_excel(first)),
        int(to_excel(last)),
        title="填报日期",
        prompt="填写日期，格式如 2020-03-20。",
        error=f"请填写 {first:%Y-%m-%d} 至 {last:%Y-%m-%d} 之间的日期，格式如 2020-03-20。",
    )
    date.add(cells("report_date"))
    sheet.add_data_validation(date)
