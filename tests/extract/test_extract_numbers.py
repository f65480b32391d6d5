"""Numerals: Arabic, full-width and Chinese, and normalisation that keeps offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supervisor.extract.numbers import normalize, parse_number, split_magnitude


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("128", 128),
        ("１２８", 128),
        ("1.6", 1.6),
        ("１．６", 1.6),
        ("5,000", 5000),
        ("1,234,567.5", 1234567.5),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("二十", 20),
        ("十五", 15),
        ("一百二十", 120),
        ("一百零五", 105),
        ("三千", 3000),
        ("十万", 100_000),
        ("一亿二千万", 120_000_000),
    ],
)
def test_parse_number_reads_every_notation(token: str, value: float) -> None:
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize("token", ["", "一二三", "abc", "1.2.3"])
def test_parse_number_rejects_non_numbers(token: str) -> None:
    assert parse_number(token) is None


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("十万", ("十", "万")),
        ("三", ("三", "")),
        ("一百二十亿", ("一百二十", "亿")),
        ("万", ("万", "")),
    ],
)
def test_split_magnitude_moves_wan_yi_to_the_unit(token: str, expected: tuple[str, str]) -> None:
    assert split_magnitude(token) == expected


@settings(max_examples=100)
@given(st.text())
def test_normalize_keeps_every_offset(text: str) -> None:
    assert len(normalize(text)) == len(text)


def test_normalize_maps_full_width_digits_letters_and_percent() -> None:
    assert normalize("ＰＭ２．５下降８％") == "PM2.5下降8%"
