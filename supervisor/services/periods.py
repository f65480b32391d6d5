"""Reporting periods (报送期): ISO weeks like 2020-W12 (2020年第12周) or months like 2020-M06."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from supervisor.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period: its key as stored, its Chinese label and its first and last day."""

    key: str
    label: str
    start: dt.date
    end: dt.date


def period_of(day: dt.date, kind: str = "week") -> Period:
    """The week (ISO 8601, Monday to Sunday) or month that contains ``day``."""
    if kind == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return Period(
            f"{day.year}-M{day.month:02d}",
            f"{day.year}年{day.month}月",
            start,
            following - dt.timedelta(days=1),
        )
    if kind != "week":
        raise ValidationError(f"报送周期只能是 week 或 month：{kind}")
    year, week, weekday = day.isocalendar()
    start = day - dt.timedelta(days=weekday - 1)
    return Period(f"{year}-W{week:02d}", f"{year}年第{week}周", start, start + dt.timedelta(days=6))


def periods_between(first: dt.date, last: dt.date, kind: str = "week") -> list[Period]:
    """Every period from the one containing ``first`` to the one containing ``last``."""
    periods: list[Period] = []
    day = first
    while day <= last:
        period = period_of(day, kind)
        periods.append(period)
        day = period.end + dt.timedelta(days=1)
    return periods
