"""Which year a report plans for, and which of its parts are that year's plan.

Split from ``outline`` (the tree), which reads these words to place its sections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from supervisor.extract.model import NoPlanYearError
from supervisor.extract.numbers import normalize


class _Line(Protocol):
    text: str
    title: str


REPORT_TITLE_YEAR = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年.{0,30}(?:政府)?工作报告")
DATE_YEAR = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\d{1,2}\s*月")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
PLAN_WORDS = re.compile(r"重点|安排|任务|目标|打算|计划|主要工作|工作部署")
REVIEW_WORDS = re.compile(r"回顾|过去|去年|上年|一年来|五年来|成绩|总结|成就")
OUTLOOK_WORDS = re.compile(
    r"今后五年|未来五年|今后一个时期|五年规划|十[一二三四五六七八九]五|\d{4}\s*[—\-~～至]"
)

# A heading about the five-year period's first year ("全力推动十五五开好局、起好步") is that
# year's plan, not the five-year outlook.
OPENING_YEAR_WORDS = re.compile(r"开好局|起好步|开局之年|良好开局|开门红")

CHINESE_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _year_of(token: str) -> int:
    return int(token.translate(CHINESE_YEAR_DIGITS))


def plan_year(
    paras: Sequence[_Line],
    sections: Sequence[tuple[_Line | None, object]],
    fallback: int | None = None,
) -> int:
    """The year the plan is for: from the title or date line, else the plan headings, else
    ``fallback`` (the year the user gave for a text that names none)."""
    head = [normalize(p.text) for p in paras[:4]]
    for pattern in (REPORT_TITLE_YEAR, DATE_YEAR):  # a title's year before a date line's
        for line in head:
            m = pattern.search(line)
            if m:
                return _year_of(m.group(1))
    headings = [normalize(h.title) for h, _ in sections if h is not None]
    plan_years = [int(y) for h in headings if PLAN_WORDS.search(h) for y in YEAR.findall(h)]
    if plan_years:
        return max(plan_years)
    review_years = [int(y) for h in headings if REVIEW_WORDS.search(h) for y in YEAR.findall(h)]
    if review_years:
        return max(review_years) + 1
    years = [int(y) for p in paras[:50] for y in YEAR.findall(normalize(p.text))]
    if years:
        return max(years)
    if fallback is not None:
        return fallback
    raise NoPlanYearError("无法确定计划年度：报告标题和章节中没有年份，请指定计划年度。")


def is_plan_heading(title: str, year: int) -> bool:
    """Whether a part's heading is the year's plan (not a review or a five-year outlook)."""
    norm = normalize(title)
    years = {int(y) for y in YEAR.findall(norm)}
    if year in years:
        return True
    if any(y < year for y in years) or REVIEW_WORDS.search(norm):
        return False
    return not OUTLOOK_WORDS.search(norm) or bool(OPENING_YEAR_WORDS.search(norm))
