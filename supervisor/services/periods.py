"""Reporting periods (报送期): ISO weeks like 2020-W12 (2020年第12周) or months like 2020-M06."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from supervisor.errors import ValidationError

_WEEK_KEY = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)
_MONTH_KEY = re.compile(r"(\d{4})-?M(\d{1,2})", re.IGNORECASE)


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


def parse_period(text: str) -> Period:
    """The reporting period named by a key: ``2020-W12`` (ISO week) or ``2020-M06`` (month).

    Raises:
        ValidationError: not a week or month key, or no such week or month.
    """
    clean = str(text or "").strip()
    if match := _WEEK_KEY.fullmatch(clean):
        year, week = int(match[1]), int(match[2])
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
        except ValueError as err:
            raise ValidationError(f"{year}年没有第{week}周：{clean}") from err
        return period_of(monday, "week")
    if match := _MONTH_KEY.fullmatch(clean):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise ValidationError(f"月份应在 1 到 12 之间：{clean}")
        return period_of(dt.date(year, month, 1), "month")
    raise ValidationError(f"报送期格式应为 2020-W12（第12周）或 2020-M06（6月）：{clean}")


def default_as_of(
    plan_year: int,
    *,
    period: Period | None = None,
    today: dt.date | None = None,
) -> dt.date:
    """The date an export is computed for when the user names none.

    For a period: its last day once it is over; today while it runs; its first day if it
    lies ahead (a state in the future is not known yet). Without a period: today, moved
    into the plan's year, so last year's plan is shown as it ended, not as of an empty
    January of a year it does not cover.
    """
    today = today or dt.date.today()
    if period is not None:
        return min(period.end, max(today, period.start))
    return min(max(today, dt.date(plan_year, 1, 1)), dt.date(plan_year, 12, 31))
