"""完成时限: the deadline a task's text names, else the last day of the plan year."""

from __future__ import annotations

import calendar
import datetime
import re

from supervisor.extract.numbers import normalize, parse_chinese_number

_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_YEAR_PREFIX = r"(?:(?P<year>\d{4})\s*年\s*)?"
_QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "day",
        re.compile(
            _YEAR_PREFIX
            + rf"(?<![\d个])(?P<month>{_MONTH})\s*月\s*(?P<day>[12]\d|3[01]|0?[1-9])\s*[日号]"
        ),
    ),
    (
        "month",
        re.compile(
            _YEAR_PREFIX
            + rf"(?<![\d个])(?P<month>{_MONTH})\s*月(?P<part>上旬|中旬|下旬|份|底|末|前|中)?"
            r"(?!\d)"
        ),
    ),
    ("quarter", re.compile(_YEAR_PREFIX + r"第?(?P<quarter>[一二三四1-4])\s*季度")),
    # 2025年底: the year's own 年 is the 年 of 年底.
    ("half", re.compile(r"(?P<year>\d{4})\s*年(?P<half>底|末|中|内)(?![央国小心期华])")),
    # 年中/年内 are words of time only on their own: not the 年 of 今年 in 今年中央, nor the
    # start of 年中央/年中小企业.
    (
        "half",
        re.compile(
            # 三年内 is a duration, not this year.
            _YEAR_PREFIX + r"(?<![今明去当本该每往近前后同一二三四五六七八九十两\d])"
            r"(?P<half>上半年|年中(?![央国小心期华])|下半年|年底|年末|年内|全年)"
        ),
    ),
)
_DAY_OF_PART = {"上旬": 10, "中旬": 20}
# A character every match of the kind's pattern contains.
_KEY_CHAR = {"day": "月", "month": "月", "quarter": "季", "half": "年"}


def find_deadline(text: str, year: int) -> datetime.date | None:
    """The latest date in the plan year or later that ``text`` names as a time limit.

    ``一季度`` → 03-31, ``上半年`` → 06-30, ``6月底前`` → 06-30, ``9月`` → 09-30, ``年底前`` →
    12-31, ``2021年6月`` → 2021-06-30. Dates before the plan year are history, not deadlines.

    Args:
        text: Task text.
        year: The plan year.

    Returns:
        The date, or ``None`` when the text names none.
    """
    norm = normalize(text)
    found: list[datetime.date] = []
    for kind, pattern in _PATTERNS:
        if _KEY_CHAR[kind] not in norm:
            continue  # a cheap test spares the pattern on most task texts
        for m in pattern.finditer(norm):
            date = _date(kind, m, year)
            if date is not None and date.year >= year:
                found.append(date)
    return max(found) if found else None


def default_deadline(year: int) -> datetime.date:
    """12-31 of the plan year."""
    return datetime.date(year, 12, 31)


def _month(token: str) -> int:
    if token.isdigit():
        return int(token)
    return int(parse_chinese_number(token) or 0)


def _date(kind: str, m: re.Match[str], plan_year: int) -> datetime.date | None:
    year = int(m.group("year")) if m.group("year") else plan_year
    if not 1900 < year < 2200:
        return None
    if kind == "quarter":
        month = _QUARTER_END[m.group("quarter")]
        return _month_end(year, month)
    if kind == "half":
        return _month_end(year, 6 if m.group("half") in ("上半年", "年中", "中") else 12)
    month = _month(m.group("month"))
    if not 1 <= month <= 12:
        return None
    if kind == "day":
        day = int(m.group("day"))
        if day > calendar.monthrange(year, month)[1]:
            return None
        return datetime.date(year, month, day)
    part = m.group("part") or ""
    if part in _DAY_OF_PART:
        return datetime.date(year, month, _DAY_OF_PART[part])
    return _month_end(year, month)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])
