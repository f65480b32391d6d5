"""Round trip, the preview of returned files: what each planned report records (cases a
mutation run found unchecked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from supervisor.services import departments
from tests.services.test_roundtrip import (
    ACTOR,
    LABOUR,
    Seeded,
    export,
    fill,
    preview_of,
    seed_plan,
)


@pytest.fixture
def seeded(session: Session, seed_report: Path) -> Seeded:
    """The seed plan of the round-trip tests (four assigned tasks)."""
    return seed_plan(session, seed_report)


def test_a_unit_renamed_since_the_export_reports_under_its_new_name(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(
        files[LABOUR],
        {seeded.labour.code: {"percent": 50, "progress_text": "推进中", "reporter": "李明"}},
    )
    departments.rename_department(session, LABOUR, "市人力资源和社会保障局", actor=ACTOR)
    session.commit()
    (item,) = preview_of(session, seeded, returned).files
    assert item.errors == ()
    assert item.department == LABOUR  # as written in the file
    (report,) = item.reports
    assert report.reporter == "李明（市人力资源和社会保障局）"
