"""主要指标: the value 序时 expects and the flag when an indicator is behind."""

from __future__ import annotations

import pytest

from supervisor.reports.bulletin_indicators import (
    expected_value,
    indicator_behind,
    indicator_table,
)
from supervisor.reports.data import IndicatorRow, TaskRow


def indicator(value: float, unit: str, comparator: str = "=", actual: float | None = None):
    return IndicatorRow("投资", f"{value}{unit}", value, None, unit, comparator, actual)


def task(*indicators: IndicatorRow, time_progress: float = 0.5) -> TaskRow:
    return TaskRow(
        1, "1.1", "完成投资", "完成投资128亿元。", "（一）", indicators, time_progress=time_progress
    )


def test_an_amount_to_reach_is_expected_in_proportion_to_the_time_elapsed() -> None:
    assert expected_value(indicator(128, "亿元"), 0.5) == pytest.approx(64)
    assert expected_value(indicator(1, "万人", ">="), 0.25) == pytest.approx(0.25)
    # Rates, ceilings and approximations are not prorated.
    assert expected_value(indicator(6.5, "%"), 0.5) is None
    assert expected_value(indicator(4, "%", "<="), 0.5) is None
    assert expected_value(indicator(5, "亿元", "~"), 0.5) is None


def test_behind_means_more_than_the_margin_below_what_the_time_expects() -> None:
    assert indicator_behind(indicator(128, "亿元", actual=50), 0.5)  # 50 < 64 − 6.4
    assert not indicator_behind(indicator(128, "亿元", actual=60), 0.5)  # within 5 points
    assert not indicator_behind(indicator(128, "亿元", actual=None), 0.5)
    assert indicator_behind(indicator(4, "%", "<=", actual=4.5), 0.5)  # above a ceiling


def test_the_table_shows_target_actual_expected_and_the_flag() -> None:
    behind = indicator(128, "亿元", actual=22.8)
    table = indicator_table([(task(behind), behind)])
    (row,) = table.rows
    texts = [cell.text for cell in row]
    assert texts[3:] == ["128亿元", "22.8亿元", "64亿元", "50.0%", "滞后"]
    assert row[-1].fill is not None
