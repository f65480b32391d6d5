"""Checks of user input shared by the services; each failure is a ValidationError in Chinese."""

from __future__ import annotations

import datetime as dt
import math

from supervisor.errors import ValidationError

# A plan's dates must lie near its year: a typo like 2202 must not slip into a deadline.
YEARS_BEFORE_PLAN = 1
YEARS_AFTER_PLAN = 10


def require_text(value: object, label: str, max_length: int) -> str:
    """``value`` stripped; it must not be empty nor longer than ``max_length`` characters."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError(f"{label}不能为空")
    if len(text) > max_length:
        raise ValidationError(f"{label}过长（最多 {max_length} 个字）")
    return text


def optional_text(value: object, label: str, max_length: int) -> str | None:
    """``value`` stripped, or None when empty; not longer than ``max_length`` characters."""
    text = str(value or "").strip()
    if len(text) > max_length:
        raise ValidationError(f"{label}过长（最多 {max_length} 个字）")
    return text or None


def number(value: object, label: str) -> float:
    """``value`` as a finite float; text such as "128" is accepted, "一百" is not."""
    if isinstance(value, bool):
        raise ValidationError(f"{label}必须是数字：{value}")
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise ValidationError(f"{label}必须是数字：{value}") from err
    if not math.isfinite(result):
        raise ValidationError(f"{label}必须是有限的数字：{value}")
    return result


def optional_number(value: object, label: str) -> float | None:
    """Like ``number`` but None or empty text give None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return number(value, label)


def percent(value: object) -> float | None:
    """A percent done, 0 to 100, or None."""
    result = optional_number(value, "完成进度")
    if result is not None and not 0 <= result <= 100:
        raise ValidationError(f"完成进度应在 0 到 100 之间：{value}")
    return result


def parse_date(value: object, label: str) -> dt.date:
    """A date given as a ``date`` or as ISO text (2020-06-30)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise ValidationError(f"{label}格式应为 年-月-日（如 2020-06-30）：{value}") from err


def date_near_year(value: object, label: str, year: int) -> dt.date:
    """A date within the sane range around a plan's year."""
    day = parse_date(value, label)
    first = dt.date(year - YEARS_BEFORE_PLAN, 1, 1)
    last = dt.date(year + YEARS_AFTER_PLAN, 12, 31)
    if not first <= day <= last:
        raise ValidationError(f"{label} {day} 超出合理范围（{first} 至 {last}）")
    return day


def optional_date_near_year(value: object, label: str, year: int) -> dt.date | None:
    """Like ``date_near_year`` but None or empty text give None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return date_near_year(value, label, year)
