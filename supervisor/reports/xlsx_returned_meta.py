"""The hidden 系统数据 sheet of a returned fill-in workbook: read, bounded, seal checked."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from typing import Any

from supervisor.reports.fillin_format import (
    FIRST_DATA_ROW,
    FORMAT_NAME,
    HEADER_ROW,
    MAX_CODE_LENGTH,
    META_INDICATOR_FIRST_COLUMN,
    META_INDICATOR_HEADERS,
    META_KEYS,
    META_TASK_FIRST_COLUMN,
    META_TASK_HEADERS,
    OPTIONAL_META_KEYS,
    READABLE_FORMAT_VERSIONS,
    FillInMeta,
    MetaIndicator,
    MetaTask,
    is_sealed,
    meta_digest,
)

MAX_META_ROWS = 20_000


class FileProblemError(Exception):
    """A problem that stops reading a file; its message is the user-facing text."""


def _leading_cells(cells: Sequence[object]) -> tuple[int, int, int, str, str]:
    """The five cells a task line and an indicator line both begin with: 行号, two ids
    (task and version, or indicator and task), 任务编号 and a text."""
    return int(cells[0]), int(cells[1]), int(cells[2]), _raw(cells[3]), _raw(cells[4])


def _raw(value: Any) -> str:
    # Metadata text exactly as written: its checksum covers every character.
    return "" if value is None else str(value)


def read_meta(sheet: Any, seal_key: bytes | None = None) -> FillInMeta:
    """The hidden metadata, bounded (rows, codes, sizes) and its checksum or seal checked.

    Args:
        sheet: The 系统数据 sheet.
        seal_key: The database's seal key; needed for a sealed (version 4) workbook.

    Raises:
        FileProblemError: The sheet was edited, is out of bounds, or its seal does not match.
    """
    width = META_INDICATOR_FIRST_COLUMN + len(META_INDICATOR_HEADERS) - 1
    rows = list(sheet.iter_rows(min_row=1, max_row=MAX_META_ROWS, max_col=width, values_only=True))
    if not rows:
        raise FileProblemError("隐藏的“系统数据”工作表是空的，文件不是本系统导出的填报表")
    pairs = {}
    for index, (key, label) in enumerate(META_KEYS):
        row = rows[index] if index < len(rows) else ()
        if len(row) >= 2 and row[0] == label:
            pairs[key] = row[1]
        elif key not in OPTIONAL_META_KEYS:  # absent from older workbooks; checked below
            raise FileProblemError(f"隐藏的“系统数据”工作表被改动（缺少“{label}”）")
    if pairs["format"] != FORMAT_NAME:
        raise FileProblemError("不是本系统导出的填报表（系统数据格式不符）")
    if pairs["format_version"] not in READABLE_FORMAT_VERSIONS:
        readable = "、".join(str(version) for version in READABLE_FORMAT_VERSIONS)
        raise FileProblemError(
            f"填报表格式版本为 {pairs['format_version']}，本程序只能读取版本 {readable}，"
            "请重新导出填报表"
        )
    labels = dict(META_KEYS)
    for key, since in OPTIONAL_META_KEYS.items():
        if pairs["format_version"] >= since and key not in pairs:
            raise FileProblemError(f"隐藏的“系统数据”工作表被改动（缺少“{labels[key]}”）")
    header_task = rows[0][META_TASK_FIRST_COLUMN - 1 : META_TASK_FIRST_COLUMN - 1 + 6]
    header_indicator = rows[0][META_INDICATOR_FIRST_COLUMN - 1 : width]
    if tuple(header_task) != META_TASK_HEADERS or tuple(header_indicator) != (
        META_INDICATOR_HEADERS
    ):
        raise FileProblemError("隐藏的“系统数据”工作表被改动（表头不符）")
    try:
        tasks = []
        indicators = []
        for row in rows[1:]:
            task = row[META_TASK_FIRST_COLUMN - 1 : META_TASK_FIRST_COLUMN - 1 + 6]
            if task[0] is not None:
                previous = None if task[5] is None else float(task[5])
                tasks.append(MetaTask(*_leading_cells(task), previous))
            indicator = row[META_INDICATOR_FIRST_COLUMN - 1 : width]
            if indicator[0] is not None:
                indicators.append(MetaIndicator(*_leading_cells(indicator)))
        meta = FillInMeta(
            plan_id=int(pairs["plan_id"]),
            plan_title=_raw(pairs["plan_title"]),
            department=_raw(pairs["department"]),
            period_label=_raw(pairs["period_label"]),
            period_start=dt.date.fromisoformat(str(pairs["period_start"])),
            period_end=dt.date.fromisoformat(str(pairs["period_end"])),
            exported_at=dt.datetime.fromisoformat(str(pairs["exported_at"])),
            tasks=tuple(tasks),
            indicators=tuple(indicators),
            format_version=int(pairs["format_version"]),
            database_id=_raw(pairs.get("database_id")),
            return_by=dt.date.fromisoformat(str(pairs["return_by"]))
            if pairs.get("return_by")
            else None,
            contact_row=int(pairs["contact_row"]) if pairs.get("contact_row") else None,
        )
    except (TypeError, ValueError, IndexError) as exc:
        raise FileProblemError("隐藏的“系统数据”工作表被改动（内容无法识别）") from exc
    _check_bounds(meta)
    if is_sealed(meta):
        if not seal_key:
            raise FileProblemError(
                "该填报表带有密封，但本数据库没有导出过带密封的填报表（文件可能来自另一个"
                "数据库），无法核验，不能导入"
            )
        if not hmac.compare_digest(meta_digest(meta, seal_key), _raw(pairs["digest"])):
            raise FileProblemError(
                "隐藏的“系统数据”工作表被改动，或该填报表不是从本数据库导出的（密封校验不符），"
                "请使用本系统下发的原表填写"
            )
    elif meta_digest(meta) != pairs["digest"]:
        raise FileProblemError("隐藏的“系统数据”工作表被改动（校验值不符），请使用下发的原表填写")
    return meta


def _check_bounds(meta: FillInMeta) -> None:
    """Refuse metadata no export writes, before any sheet is read by its rows.

    Exports write task and indicator rows one after the other from FIRST_DATA_ROW and the
    contact cells two rows below the tasks; a row number beyond that (an edited sheet claiming
    row 2,000,000,000) would make the reader walk that many empty rows.
    """
    edited = "隐藏的“系统数据”工作表被改动"
    for records, what in ((meta.tasks, "任务"), (meta.indicators, "指标")):
        rows = [record.row for record in records]
        last = FIRST_DATA_ROW + len(rows) - 1
        if len(set(rows)) != len(rows) or any(not FIRST_DATA_ROW <= row <= last for row in rows):
            raise FileProblemError(
                f"{edited}（{what}行号超出导出时的范围 {FIRST_DATA_ROW}–{last}），"
                "请使用下发的原表填写"
            )
        if any(len(record.code) > MAX_CODE_LENGTH for record in records):
            raise FileProblemError(f"{edited}（{what}编号超过 {MAX_CODE_LENGTH} 字）")
    if meta.contact_row is not None and not (
        HEADER_ROW < meta.contact_row <= FIRST_DATA_ROW + len(meta.tasks) + 1
    ):
        raise FileProblemError(f"{edited}（联系信息行号 {meta.contact_row} 超出范围）")
