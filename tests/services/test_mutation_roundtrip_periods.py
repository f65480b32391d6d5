"""Round trip, the period: the one a preview takes from its files (most files, the latest on
a tie, a month's file), the default period of "who has not returned", and returns counted per
plan (cases a mutation run found unchecked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from supervisor.services import assignment, plans, roundtrip, tasks
from supervisor.services.settings import set_setting
from tests.services.test_roundtrip import (
    ACTOR,
    DEVELOPMENT,
    EARLIER,
    INDUSTRY,
    LABOUR,
    PERIOD,
    Seeded,
    export,
    fill,
    seed_plan,
)


@pytest.fixture
def seeded(session: Session, seed_report: Path) -> Seeded:
    """The seed plan of the round-trip tests (four assigned tasks)."""
    return seed_plan(session, seed_report)


def _inferred(session: Session, seeded: Seeded, *paths: Path) -> str:
    """The key of the period a preview without a named period takes."""
    return roundtrip.preview_returned(session, seeded.plan_id, list(paths)).period.key


def test_a_preview_takes_the_period_most_files_were_exported_for_the_latest_on_a_tie(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    week_27 = export(session, seeded.plan_id, tmp_path / "27", period=PERIOD)
    week_26 = export(session, seeded.plan_id, tmp_path / "26", period=EARLIER)
    # Two files of week 26 against one of week 27 (listed first): week 26.
    assert _inferred(session, seeded, week_27[LABOUR], week_26[DEVELOPMENT], week_26[INDUSTRY]) == (
        EARLIER
    )
    # One each (week 26 listed first): the later week.
    assert _inferred(session, seeded, week_26[DEVELOPMENT], week_27[LABOUR]) == PERIOD


def test_a_months_file_is_previewed_for_its_month_and_counts_as_returned_for_the_default(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    # A monthly office exports for the default period: the current month moved into the
    # plan's year (December 2020 for any day after 2020).
    set_setting(session, "reporting_period", "month", actor=ACTOR)
    session.commit()
    result = roundtrip.export_fillin_workbooks(session, seeded.plan_id, tmp_path / "out")
    month = result.period.key
    assert month == "2020-M12"
    files = {item.department: tmp_path / "out" / item.file_name for item in result.workbooks}
    # Another month's file is previewed for its month, not the default.
    july = export(session, seeded.plan_id, tmp_path / "july", period="2020-M07")
    assert _inferred(session, seeded, july[LABOUR]) == "2020-M07"
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    preview = roundtrip.preview_returned(session, seeded.plan_id, [returned])
    assert preview.period.key == month
    assert not preview.has_errors, [i.message for f in preview.files for i in f.errors]
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    assert roundtrip.missing_returns(session, seeded.plan_id, None) == [DEVELOPMENT, INDUSTRY]
    # Every unit for another month, in the export's order (by name).
    assert roundtrip.missing_returns(session, seeded.plan_id, "2020-M11") == [
        LABOUR,
        DEVELOPMENT,
        INDUSTRY,
    ]


def test_a_return_counts_for_its_own_plan_only(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    preview = roundtrip.preview_returned(session, seeded.plan_id, [returned], period=PERIOD)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    # A second plan of the same year where 人社局 leads a task too.
    other = plans.create_plan(
        session, title="2020年民生实事", year=2020, source="其他", actor=ACTOR
    )
    task = tasks.add_task(session, other.id, title="新增城镇就业", actor=ACTOR)
    assignment.assign(session, [task.id], actor=ACTOR, lead=LABOUR)
    session.commit()
    assert roundtrip.missing_returns(session, seeded.plan_id, PERIOD) == [DEVELOPMENT, INDUSTRY]
    assert roundtrip.missing_returns(session, other.id, PERIOD) == [LABOUR]
