"""Round-trip cases a planted bug slipped past: a task deleted between preview and apply, a
database without an identity, and a checksum that must cover every field of the hidden sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete
from sqlalchemy.orm import Session

from supervisor.db.models import Setting
from supervisor.errors import ConflictError
from supervisor.reports.fillin_format import (
    META_INDICATOR_FIRST_COLUMN,
    META_INDICATOR_HEADERS,
    META_KEYS,
    META_TASK_FIRST_COLUMN,
    META_TASK_HEADERS,
)
from supervisor.reports.xlsx_fillin import META_SHEET
from supervisor.services import roundtrip, tasks
from supervisor.services.database import Database
from supervisor.services.identity import IDENTITY_KEY, stored_identity
from tests.services.test_roundtrip import (
    ACTOR,
    DEVELOPMENT,
    Seeded,
    assert_refused,
    counts,
    export,
    fill,
    messages,
    preview_of,
    seed_plan,
    typical,
)


@pytest.fixture
def plan(session: Session, seed_report: Path) -> Seeded:
    """The seed plan of the round-trip tests (four assigned tasks)."""
    return seed_plan(session, seed_report)


@pytest.fixture
def returned(session: Session, plan: Seeded, tmp_path: Path) -> Path:
    """发展改革委's workbook, exported and filled in as the round-trip tests' ``typical``."""
    files = export(session, plan.plan_id, tmp_path / "out")
    return fill(files[DEVELOPMENT], *typical(plan))


def test_a_task_deleted_between_preview_and_apply_is_a_conflict(
    database: Database, session: Session, plan: Seeded, returned: Path
) -> None:
    preview = preview_of(session, plan, returned)
    assert not preview.has_errors, messages(preview)
    before = counts(session)
    session.commit()
    with database.sessions.begin() as other:  # another user deletes the task meanwhile
        task = tasks.get_task(other, plan.own.id)
        tasks.delete_task(other, task.id, expected_version=task.version, actor="另一用户")
    with pytest.raises(ConflictError, match="在预览后已被删除") as info:
        roundtrip.apply_returned(session, preview, actor=ACTOR)
    assert plan.own.code in str(info.value)
    session.rollback()
    assert counts(session) == before


def test_a_database_without_an_identity_refuses_a_workbook_that_names_one(
    session: Session, plan: Seeded, returned: Path
) -> None:
    # The workbook was exported from a database whose identity has since gone (an old backup
    # restored, another installation): with no identity here, no workbook can be ours.
    session.execute(delete(Setting).where(Setting.key == IDENTITY_KEY))
    session.commit()
    assert stored_identity(session) is None
    preview = preview_of(session, plan, returned)
    assert preview.files[0].reports == ()
    assert_refused(session, preview, "不是从本数据库导出的")
    assert stored_identity(session) is None  # previewing does not create one


def _tamper_cases() -> list[tuple[str, int, int]]:
    """(what, row, column) of every hidden-sheet cell the checksum must cover."""
    keys = {key: row for row, (key, _label) in enumerate(META_KEYS, 1)}
    cases = [
        (f"meta {key}", keys[key], 2)
        for key in (
            "plan_title",
            "department",
            "period_label",
            "exported_at",
            "return_by",
        )
    ]
    cases += [
        (f"task {header}", 2, META_TASK_FIRST_COLUMN + i)
        for i, header in enumerate(META_TASK_HEADERS)
    ]
    cases += [
        (f"indicator {header}", 2, META_INDICATOR_FIRST_COLUMN + i)
        for i, header in enumerate(META_INDICATOR_HEADERS)
    ]
    return cases


@pytest.mark.parametrize(("what", "row", "column"), _tamper_cases())
def test_the_checksum_covers_every_field_of_the_hidden_sheet(
    session: Session, plan: Seeded, tmp_path: Path, what: str, row: int, column: int
) -> None:
    files = export(session, plan.plan_id, tmp_path / "out")
    path = fill(files[DEVELOPMENT], *typical(plan))
    workbook = load_workbook(path)
    sheet = workbook[META_SHEET]
    value = sheet.cell(row, column).value
    assert value is not None, what
    # A plausible edit: a number one higher (a newer task version), a text changed.
    if isinstance(value, int | float):
        sheet.cell(row, column).value = value + 1
    elif what == "meta exported_at":
        sheet.cell(row, column).value = value.replace("20", "21", 1)
    elif what == "meta return_by":
        sheet.cell(row, column).value = value[:-1] + ("1" if value[-1] != "1" else "2")
    else:
        sheet.cell(row, column).value = f"{value}改"
    workbook.save(path)
    preview = preview_of(session, plan, path)
    # Refused as tampered: by the seal (密封校验不符), or earlier by the bounds a sealed
    # workbook's rows must keep (行号超出导出时的范围); never read as rows to apply.
    assert "隐藏的“系统数据”工作表被改动" in messages(preview), (what, messages(preview))
    assert preview.files[0].reports == (), what
