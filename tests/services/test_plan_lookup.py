"""find_imported_report: a report already stored is found by its normalised text."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Plan
from supervisor.errors import DuplicateError
from supervisor.extract.source import read_report_file
from supervisor.services.plans import add_imported_plan, find_imported_report, import_report


def test_the_same_report_saved_differently_is_found(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    assert find_imported_report(session, read_report_file(seed_report)) is None
    summary = import_report(session, seed_report, actor="测试员")
    session.commit()
    # Another encoding, Windows line ends and trailing spaces: the same report.
    text = seed_report.read_text(encoding="utf-8")
    copy = tmp_path / "另存为.txt"
    copy.write_bytes(("\r\n".join(line + "  " for line in text.split("\n"))).encode("gb18030"))
    found = find_imported_report(session, read_report_file(copy))
    assert found is not None
    assert (found.id, found.title, found.task_count) == (
        summary.id,
        summary.title,
        summary.task_count,
    )


def test_another_report_is_not_found(session: Session, seed_report: Path, tmp_path: Path) -> None:
    import_report(session, seed_report, actor="测试员")
    session.commit()
    other = tmp_path / "其他.txt"
    other.write_text(seed_report.read_text(encoding="utf-8") + "\n另增一段。", encoding="utf-8")
    assert find_imported_report(session, read_report_file(other)) is None


def test_a_plan_inserted_twice_by_a_race_is_a_duplicate_and_the_first_stays(
    session: Session,
) -> None:
    # What another user's import between our hash lookup and our insert leaves behind.
    first = Plan(title="甲", year=2020, source="政府工作报告", file_hash="ab" * 32)
    add_imported_plan(session, first, "已导入过：甲")
    session.commit()
    with pytest.raises(DuplicateError, match="已导入过：乙"):
        add_imported_plan(
            session,
            Plan(title="乙", year=2020, source="政府工作报告", file_hash="ab" * 32),
            "已导入过：乙",
        )
    session.rollback()
    assert session.scalars(select(Plan.title)).all() == ["甲"]
