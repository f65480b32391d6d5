"""The office's own department keyword table: loaded from CSV/xlsx, kept for later imports.

An office loads its table (单位名称, 别名, 关键词; ``extract.departments`` reads the columns)
once, in the GUI's 单位管理 (the command line's ``--departments`` gives one per run); it is
stored in the database, so
every later report import, on any PC sharing the database, suggests departments from it laid
over the shipped table of the report's level. A file that cannot be a keyword table is
refused with one Chinese message and the table kept before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Setting
from supervisor.errors import InputFileError, ValidationError
from supervisor.services import audit

if TYPE_CHECKING:
    from supervisor.extract.departments import Department, DepartmentTable

# Stored in the ``setting`` table beside the office's settings, as JSON.
OFFICE_TABLE_KEY = "department_table"
# A city's table is a few hundred rows (≈50 KB); 5 MB is no keyword table.
MAX_TABLE_BYTES = 5 * 1024 * 1024
_CSV_SUFFIXES = (".csv", ".txt")
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_WHAT = "单位关键词表"
# The report's title, date line and speaker: what tells its level (city, province, nation).
_HEAD_LINES = 6
_HEAD_CHARS = 400


@dataclass(frozen=True, slots=True)
class OfficeTable:
    """The keyword table an office loaded: where from, when, and its departments' names."""

    file_name: str
    loaded_at: dt.datetime
    names: tuple[str, ...]

    @property
    def size(self) -> int:
        """How many departments it holds."""
        return len(self.names)


def read_table_file(path: Path | str) -> list[Department]:
    """The departments of a CSV (UTF-8, GBK/GB18030, UTF-16) or .xlsx keyword table.

    Raises:
        InputFileError: missing, not a regular file, too large, binary or undecodable, an
            old .xls, a workbook over the archive limits or damaged.
        ValidationError: the columns 单位名称 and 关键词 are missing, or no row names a unit.
    """
    from supervisor.archives import check_regular_file, read_regular_file
    from supervisor.extract.departments import load_department_table, parse_department_csv
    from supervisor.extract.model import ExtractionError
    from supervisor.extract.source import decode_text

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et"):
        raise InputFileError(
            f"暂不支持旧版 Excel 工作簿（{suffix}），请另存为 .xlsx 或 CSV 后再导入：{path.name}"
        )
    if suffix not in _CSV_SUFFIXES + _WORKBOOK_SUFFIXES:
        raise InputFileError(f"{_WHAT}应为 CSV 或 Excel（.xlsx）文件：{path.name}")
    try:
        if suffix in _WORKBOOK_SUFFIXES:
            # The guarded archive reader of extract.departments (sizes, ratios, XML bombs).
            check_regular_file(path, MAX_TABLE_BYTES, what=_WHAT)
            departments = list(load_department_table(path).departments)
        else:
            data = read_regular_file(path, MAX_TABLE_BYTES, what=_WHAT)
            # Excel on a Chinese Windows saves CSV as GBK: decoded like a report's text.
            text, _encoding = decode_text(data, path.name)
            departments = parse_department_csv(text)
    except ExtractionError as err:
        message = str(err) if path.name in str(err) else f"{str(err).rstrip('。')}：{path.name}"
        # A workbook refused by the archive guard is a bad file, not a bad table.
        kind = InputFileError if isinstance(err.__cause__, InputFileError) else ValidationError
        raise kind(message) from err
    if not departments:
        raise ValidationError(f"{_WHAT}中没有任何单位（单位名称列为空）：{path.name}")
    return departments


def load_office_table(
    session: Session, path: Path | str, *, actor: str, now: dt.datetime | None = None
) -> OfficeTable:
    """Read a keyword table and keep it as the office's (replacing the one kept before).

    Nothing is written when the file is refused.

    Raises:
        InputFileError / ValidationError: as ``read_table_file``.
    """
    departments = read_table_file(path)
    loaded_at = (now or dt.datetime.now()).replace(microsecond=0)
    value = json.dumps(
        {
            "file": Path(path).name,
            "loaded_at": loaded_at.isoformat(),
            "rows": [[d.name, d.short_name, d.kind.value, list(d.keywords)] for d in departments],
        },
        ensure_ascii=False,
    )
    row = session.get(Setting, OFFICE_TABLE_KEY)
    old = office_table(session)
    if row is None:
        session.add(Setting(key=OFFICE_TABLE_KEY, value=value))
    else:
        row.value = value
    session.flush()
    audit.record(
        session,
        actor,
        "update",
        "setting",
        None,
        field=OFFICE_TABLE_KEY,
        old=old.file_name if old else "",
        new=f"{Path(path).name}（{len(departments)} 个单位）",
    )
    return OfficeTable(Path(path).name, loaded_at, tuple(d.name for d in departments))


def clear_office_table(session: Session, *, actor: str) -> bool:
    """Go back to the shipped tables; False when the office had none of its own."""
    row = session.get(Setting, OFFICE_TABLE_KEY)
    if row is None:
        return False
    old = office_table(session)
    session.delete(row)
    session.flush()
    audit.record(
        session,
        actor,
        "delete",
        "setting",
        None,
        field=OFFICE_TABLE_KEY,
        old=old.file_name if old else "",
    )
    return True


def office_table(session: Session) -> OfficeTable | None:
    """The table the office loaded, or None (the shipped tables apply)."""
    stored = _stored(session)
    if stored is None:
        return None
    try:
        loaded_at = dt.datetime.fromisoformat(str(stored.get("loaded_at")))
    except ValueError:
        loaded_at = dt.datetime.min
    return OfficeTable(
        str(stored.get("file", "")),
        loaded_at,
        tuple(str(row[0]) for row in stored["rows"] if isinstance(row, list) and row),
    )


def department_table_for(session: Session, text: str) -> DepartmentTable | None:
    """The keyword table for importing ``text``: the office's over the shipped one of its level.

    None when the office loaded no table: extraction then picks the shipped table itself.
    """
    stored = _stored(session)
    if stored is None:
        return None
    from supervisor.domain import DepartmentKind
    from supervisor.extract.departments import (
        Department,
        DepartmentTable,
        load_department_table,
        table_for_report,
    )

    head = "\n".join(text[:_HEAD_CHARS].splitlines()[:_HEAD_LINES])
    merged = {d.name: d for d in load_department_table(table_for_report(head)).departments}
    for row in stored["rows"]:
        try:
            name, short_name, kind, keywords = row
            unit_kind = DepartmentKind(kind)
        except (TypeError, ValueError):
            continue  # a row edited by hand into something else is skipped, not fatal
        merged[str(name)] = Department(
            str(name), str(short_name), unit_kind, tuple(str(k) for k in keywords)
        )
    return DepartmentTable(tuple(merged.values()))


def _stored(session: Session) -> dict | None:
    value = session.scalar(select(Setting.value).where(Setting.key == OFFICE_TABLE_KEY))
    if value is None:
        return None
    try:
        stored = json.loads(value)
        if isinstance(stored, dict) and isinstance(stored.get("rows"), list):
            return stored
    except ValueError:
        pass
    # Only this module writes the value; one edited by hand must not stop every import.
    return None
