"""Shared xlsx helpers: reading typed numbers and dates, text safety, widths, atomic saving."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisor.reports.atomic import atomic_write
from supervisor.reports.errors import ReportCancelled, ReportWriteError
from supervisor.reports.xlsx_common import (
    clean_text,
    display_width,
    fit_width,
    format_number,
    looks_like_formula,
    parse_date,
    parse_number,
    text_lines,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (80, 80.0),
        (12.5, 12.5),
        ("80", 80.0),
        (" 80 ", 80.0),
        ("８０", 80.0),
        ("80%", 80.0),
        ("８０％", 80.0),
        ("1,200.5", 1200.5),
        ("-2.5", -2.5),
        ("过半", None),
        ("", None),
        (None, None),
        (True, None),
        ("nan", None),
        ("inf", None),
        (dt.date(2020, 1, 1), None),
    ],
)
def test_parse_number(value: object, expected: float | None) -> None:
    assert parse_number(value) == expected


def test_parse_number_in_a_percent_formatted_cell() -> None:
    assert parse_number(0.6, percent_format=True) == pytest.approx(60)


@given(st.decimals(-1e9, 1e9, places=4, allow_nan=False, allow_infinity=False))
def test_format_number_reads_back(value) -> None:
    assert parse_number(format_number(float(value))) == pytest.approx(float(value), abs=1e-4)


def test_format_number_drops_trailing_zeros() -> None:
    assert [format_number(x) for x in (128.0, 6.5, 1e-7, -0.0, 1234567.0)] == [
        "128",
        "6.5",
        "0",
        "0",
        "1,234,567",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2020, 3, 20, 15, 0), dt.date(2020, 3, 20)),
        (dt.date(2020, 3, 20), dt.date(2020, 3, 20)),
        ("2020-03-20", dt.date(2020, 3, 20)),
        ("2020年3月20日", dt.date(2020, 3, 20)),
        ("2020/3/20", dt.date(2020, 3, 20)),
        ("2020.3.20", dt.date(2020, 3, 20)),
        ("２０２０－３－２０", dt.date(2020, 3, 20)),
        (43910, dt.date(2020, 3, 20)),  # an Excel serial whose date format was lost
        ("2020-02-30", None),
        ("上周五", None),
        (7, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_formula_prefixes() -> None:
    assert [looks_like_formula(t) for t in ("=1+1", "+1", "-1", "@x", "１", "a=b")] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_clean_text_drops_control_characters_and_caps_length() -> None:
    assert clean_text("a\x00b\x1fc\td\ne") == "abc\td\ne"
    assert len(clean_text("长" * 40_000)) == 32_767


def test_widths_count_chinese_as_two() -> None:
    assert display_width("市发展改革委") == 12
    assert display_width("ab\n市局") == 4
    assert fit_width(["市发展改革委", "短"], 8, 20) == 14
    assert fit_width(["很" * 50], 8, 20) == 20
    assert fit_width([], 8, 20) == 8


def test_text_lines_estimates_wrapping() -> None:
    assert text_lines("", 10) == 1
    assert text_lines("推进" * 10, 21.5) == 2  # 40 units in 20 usable units
    assert text_lines("一\n二\n三", 30) == 3


def test_atomic_write_cleans_up_after_a_failed_write(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "a.xlsx"
    target.write_bytes(b"old")

    def failing(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise ReportCancelled("操作已取消")

    with pytest.raises(ReportCancelled):
        atomic_write(target, failing)
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["a.xlsx"]


def test_atomic_write_keeps_the_mode_of_a_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, lambda temp: temp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = atomic_write(tmp_path / "b.xlsx", lambda temp: temp.write_bytes(b"x"))
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_atomic_write_into_a_read_only_folder(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ReportWriteError, match="没有在文件夹"):
        atomic_write(tmp_path / "a.xlsx", lambda temp: None)


def test_xlsx_modules_import_neither_db_services_nor_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import supervisor.reports.xlsx_export, supervisor.reports.xlsx_fillin\n"
        "import supervisor.reports.xlsx_returned\n"
        "bad = ('supervisor.db', 'supervisor.services', 'PySide6', 'sqlalchemy')\n"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
