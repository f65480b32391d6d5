"""A sentence written for a failure kind, read as one work paragraph under a plan heading."""

from __future__ import annotations

from supervisor.extract import extract_report

PLAN_HEAD = "2031年某省政府工作报告\n各位代表：\n三、2031年重点工作\n"


def found(sentence: str, head: str = PLAN_HEAD) -> list[tuple[str, float, float | None, str]]:
    """Name, value, upper value and unit of every target the extractor reads in ``sentence``."""
    report = extract_report(head + "（一）某项工作。" + sentence + "\n")
    return [(i.name, i.value, i.value_max, i.unit) for t in report.tasks for i in t.indicators]


def values(sentence: str, head: str = PLAN_HEAD) -> list[float]:
    """The values of the targets read in ``sentence``."""
    return [value for _, value, _, _ in found(sentence, head)]


def names(sentence: str, head: str = PLAN_HEAD) -> list[str]:
    """The names of the targets read in ``sentence``."""
    return [name for name, _, _, _ in found(sentence, head)]
