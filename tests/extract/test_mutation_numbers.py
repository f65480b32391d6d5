"""Chinese numerals up to 万亿: exact values, and any integer written out reads back as itself."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from supervisor.extract.numbers import parse_chinese_number, parse_number

_DIGITS = "零一二三四五六七八九"


def _below_10000(value: int) -> str:
    """1..9999 the way it is written: 一千零五, 三百二十, 五十."""
    text, gap = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // size % 10
        if digit == 0:
            gap = bool(text)
            continue
        text += ("零" if gap else "") + _DIGITS[digit] + unit
        gap = False
    return text


def chinese(value: int) -> str:
    """A positive integer below 10¹⁶ in Chinese numerals (一万亿零五, 三千五百万)."""
    yi, wan, rest = value // 10**8, value // 10**4 % 10**4, value % 10**4
    text = chinese(yi) + "亿" if yi else ""
    if wan:
        text += ("零" if text and wan < 1000 else "") + _below_10000(wan) + "万"
    if rest:
        text += ("零" if text and (rest < 1000 or not wan) else "") + _below_10000(rest)
    return text


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("一万亿", 10**12),
        ("两万亿", 2 * 10**12),
        ("十万亿", 10**13),
        ("三千五百万亿", 35 * 10**14),
        ("一万零五百亿", 105 * 10**10),
        ("一万亿零五", 10**12 + 5),
        ("亿", 10**8),
        ("万", 10**4),
        ("五亿", 5 * 10**8),
        ("一亿五千万", 15 * 10**7),
        ("一亿零五万", 100_050_000),
        ("八千万", 8 * 10**7),
        ("一万一千", 11_000),
        ("一千零一", 1001),
        ("零", 0),
        ("〇", 0),
    ],
)
def test_large_compound_numbers_are_exact(token: str, value: int) -> None:
    assert parse_chinese_number(token) == float(value)
    assert parse_number(token) == float(value)


@pytest.mark.parametrize("token", ["", "一二", "五五万", "十一二", "一万一二", "a", "一" * 11])
def test_malformed_numerals_are_refused(token: str) -> None:
    assert parse_chinese_number(token) is None


def test_the_writer_of_this_test_writes_numerals_as_reports_do() -> None:
    assert chinese(105) == "一百零五"
    assert chinese(100_050_000) == "一亿零五万"
    assert chinese(10**12 + 5) == "一万亿零五"
    assert chinese(12_0000_0340) == "一十二亿零三百四十"


# Few non-zero digits at any place up to 10¹⁵, so the numeral stays within 10 characters.
_SPARSE = st.lists(
    st.tuples(st.integers(1, 9), st.integers(0, 15)),
    min_size=1,
    max_size=3,
    unique_by=lambda t: t[1],
).map(lambda terms: sum(d * 10**k for d, k in terms))


@given(st.one_of(st.integers(min_value=1, max_value=99_999), _SPARSE))
def test_any_integer_written_out_reads_back(value: int) -> None:
    text = chinese(value)
    assume(len(text) <= 10)  # longer tokens are refused by design (bounded regex)
    assert parse_chinese_number(text) == float(value), text
