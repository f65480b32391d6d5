"""Random and mutated text never makes extraction fail other than with ExtractionError.

Every test runs under a time limit (pytest-timeout): a pattern that backtracks on some input
fails the test instead of hanging the run. The limits are some 30 times what the tests take
on a busy 2-core machine, so they never trip on a slow computer, only on a runaway pattern.
"""

from __future__ import annotations

import re

import pytest
from extract_corpus import CORPUS, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisor.extract import (
    MAX_CHARS,
    ExtractedReport,
    ExtractionError,
    extract_indicators,
    extract_report,
)

_SEED = SEED.read_text(encoding="utf-8")
_OTHER = (CORPUS / "2023-yunling.txt").read_text(encoding="utf-8")
# Characters reports are made of, so random text hits the interesting paths often.
_ALPHABET = st.sampled_from(
    list(
        "一二三四五六七八九十百千万亿两0123456789０１２３.．,%％—～~至到个家万亿元人次以上以内左右"
    )
    + list("分别均各持平其中的增长下降提高到控制在达到新建实施，。；：、（）()“”\n 第年月日季度")
    + list("二、（一）1.（1）回顾工作重点安排目标PMG+")
)
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_CHINESE = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.timeout(180)  # whole hypothesis runs; the pathological runs: below


def _extract(text: str) -> None:
    """Either a report that holds together or an ExtractionError with a Chinese message."""
    try:
        report = extract_report(text)
    except ExtractionError as error:
        message = str(error)
        assert _CHINESE.search(message), f"no Chinese message: {message!r}"
        assert "Traceback" not in message
        return
    assert isinstance(report, ExtractedReport)
    _check(report)


def _check(report: ExtractedReport) -> None:
    for task in report.tasks:
        assert task.departments
        for indicator in task.indicators:
            assert indicator.name
            assert indicator.value_max is None or indicator.value_max > indicator.value


@_SETTINGS
@given(st.text(alphabet=_ALPHABET, max_size=400))
def test_random_report_like_text(text: str) -> None:
    _extract(text)


@_SETTINGS
@given(st.text(max_size=300))
def test_random_unicode(text: str) -> None:
    _extract(text)


@_SETTINGS
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_indicators_of_random_sentences(text: str) -> None:
    for indicator in extract_indicators(text):
        assert indicator.text


@_SETTINGS
@given(
    source=st.sampled_from([_SEED, _OTHER]),
    cuts=st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 1), st.sampled_from(["delete", "dup", "insert"])),
        min_size=1,
        max_size=6,
    ),
    insert=st.text(alphabet=_ALPHABET, max_size=30),
)
def test_mutated_reports(source: str, cuts: list[tuple[float, float, str]], insert: str) -> None:
    text = source
    for a, b, action in cuts:
        i, j = sorted((int(a * len(text)), int(b * len(text))))
        j = min(j, i + 2000)
        if action == "delete":
            text = text[:i] + text[j:]
        elif action == "dup":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + insert + text[i:]
    _extract(text)


def test_binary_input_is_refused() -> None:
    data = bytes(range(256)).decode("latin-1") * 50
    with pytest.raises(ExtractionError, match="二进制"):
        extract_report(data)


def test_oversized_input_is_refused_before_any_work() -> None:
    with pytest.raises(ExtractionError, match="过长"):
        extract_report("各" * (MAX_CHARS + 1))


def test_fifty_megabytes_is_refused() -> None:
    with pytest.raises(ExtractionError):
        extract_report(_SEED * (50_000_000 // len(_SEED.encode("utf-8")) + 1))


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "chunk",
    ["一" * 1000, "1" * 1000, "“" * 500, "1.1.1." * 200, "—" * 1000, "十万" * 500, "%" * 1000],
    ids=["numeral", "digits", "quotes", "dotted", "dashes", "magnitudes", "percent"],
)
def test_pathological_runs_finish(chunk: str) -> None:
    # Runs of numeral characters, quotes or dashes are where a regex could backtrack; these
    # lines must come back promptly (a catastrophic pattern fails on the time limit).
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n（一）测试\n"
        + ("新建项目" + chunk + "个。") * 100
    )
    _extract(text)
