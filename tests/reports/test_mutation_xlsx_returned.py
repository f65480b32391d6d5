"""Returned fill-in workbooks: cases a mutation run found unchecked (bounds, ...)."""

from __future__ import annotations

import datetime as dt

from xlsx_fixtures import DEPARTMENT, PERIOD_LABEL

from supervisor.reports.xlsx_returned import FillInExpectation, PlanBounds


def _expectation(**changes: object) -> FillInExpectation:
    values: dict[str, object] = {
        "plan_id": 7,
        "period_label": PERIOD_LABEL,
        "department_tasks": {DEPARTMENT: {1, 2, 3}},
        "task_versions": {1: 1, 2: 1, 3: 1, 4: 2},
        "period_start": dt.date(2020, 3, 16),
        "period_end": dt.date(2020, 3, 22),
    }
    values.update(changes)
    return FillInExpectation(**values)  # type: ignore[arg-type]


def test_plan_bounds_count_tasks_and_indicators_of_the_expectation() -> None:
    # The indicator count given wins over the indicators listed; with neither, unbounded.
    counted = PlanBounds.of(_expectation(indicator_tasks={10: 1, 11: 1}, indicator_count=5))
    assert (counted.plan_id, counted.tasks, counted.indicators) == (7, 4, 5)
    listed = PlanBounds.of(_expectation(indicator_tasks={10: 1, 11: 1, 20: 2}))
    assert listed.indicators == 3
    assert PlanBounds.of(_expectation()).indicators >= 1 << 62
