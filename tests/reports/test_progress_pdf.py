"""周进度表 on paper (reports.progress_pdf): the workbook's columns, fills and legend, ≥ 9 pt."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from supervisor.domain import TaskStatus
from supervisor.reports.data import ReportHeader, TaskRow
from supervisor.reports.errors import ReportCancelled
from supervisor.reports.progress_pdf import write_progress_pdf
from supervisor.reports.xlsx_common import MIN_PRINTED_POINTS
from supervisor.reports.xlsx_export import (
    LEGEND_TEXT,
    PROGRESS_HEADERS,
    SHEET_STATUS_COLOURS,
    SheetOptions,
    sheet_columns,
)

HEADER = ReportHeader(
    office_name="石嘴山市人民政府督查室",
    plan_title="2020年市政府工作报告",
    plan_year=2020,
    period_label="2020年第26周",
    as_of=dt.date(2020, 6, 28),
    plan_id=1,
)
A4_LANDSCAPE = (842, 595)
A3_LANDSCAPE = (1191, 842)


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(path: Path) -> list[str]:
    return [_plain(page.extract_text() or "") for page in PdfReader(path).pages]


def _sizes(path: Path) -> list[tuple[int, int]]:
    return [
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(path).pages
    ]


def test_the_sheet_prints_every_column_task_and_the_legend(
    tmp_path: Path, task_factory: Callable[..., list[TaskRow]]
) -> None:
    tasks = task_factory(60)
    calls: list[tuple[int, int]] = []
    result = write_progress_pdf(
        HEADER, tasks, tmp_path / "周进度表.pdf", progress=lambda d, t: calls.append((d, t))
    )

    pages = _pages(result.path)
    assert result.page_count == len(pages) > 1
    assert result.rows == 60
    assert set(_sizes(result.path)) == {A4_LANDSCAPE}
    first = pages[0]
    assert "2020年市政府工作报告周进度表（2020年第26周）" in first
    assert "数据截至：2020年6月28日" in first
    assert "共60项任务" in first
    assert _plain(LEGEND_TEXT)[:30] in first
    everything = "".join(pages)
    # The columns are the workbook's, and its header row opens every page.
    assert [c.header for c in sheet_columns(progress=True)] == list(PROGRESS_HEADERS)
    for page in pages:
        assert all(_plain(header) in page for header in ("重点任务", "牵头单位", "预警")), page
    for header in PROGRESS_HEADERS:
        assert header in everything
    for task in tasks:
        assert task.title in everything
    assert "本期未报送（从未报送）" in everything  # the workbook's text for a silent task
    for shown in ("红灯", "2020.12.31", "25.0%"):  # warning, deadline, percent formats
        assert shown in everything
    assert f"第1页，共{len(pages)}页" in first
    assert calls[-1][0] == calls[-1][1]  # progress ends at its total


def test_a3_paper_prints_a3_landscape(
    tmp_path: Path, task_factory: Callable[..., list[TaskRow]]
) -> None:
    result = write_progress_pdf(
        HEADER, task_factory(8), tmp_path / "a3.pdf", options=SheetOptions(paper="A3")
    )
    assert set(_sizes(result.path)) == {A3_LANDSCAPE}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_no_text_is_smaller_than_nine_points(
    tmp_path: Path, task_factory: Callable[..., list[TaskRow]]
) -> None:
    result = write_progress_pdf(HEADER, task_factory(20), tmp_path / "sizes.pdf")
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(result.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    heights = [
        float(y_max) - float(y_min)
        for y_min, y_max in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', xhtml)
    ]
    assert heights
    # pdftotext's word box is the face's ascent + descent: the size itself for the shipped
    # faces (a 16-pt title measures 16.1), never less.
    assert min(heights) >= MIN_PRINTED_POINTS - 0.01, min(heights)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_status_fills_are_printed(
    tmp_path: Path, task_factory: Callable[..., list[TaskRow]]
) -> None:
    result = write_progress_pdf(HEADER, task_factory(14), tmp_path / "fills.pdf")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(result.path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    [png] = tmp_path.glob("p*.png")
    colours = {f"#{r:02X}{g:02X}{b:02X}" for _count, (r, g, b) in _colours(png)}
    for status in TaskStatus:
        assert SHEET_STATUS_COLOURS[status].upper() in colours, status


def _colours(png: Path) -> list[tuple[int, tuple[int, int, int]]]:
    with Image.open(png) as image:
        return image.convert("RGB").getcolors(maxcolors=1 << 20) or []


def test_a_cancelled_sheet_writes_nothing(
    tmp_path: Path, task_factory: Callable[..., list[TaskRow]]
) -> None:
    cancel = threading.Event()
    cancel.set()
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ReportCancelled):
        write_progress_pdf(HEADER, task_factory(5), folder / "cancelled.pdf", cancel=cancel)
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_no_page_ends_with_an_area_heading(
    tmp_path: Path, task_factory: Callable[..., list[TaskRow]]
) -> None:
    """An area's heading row goes over with its first task instead of ending a page alone."""
    seen_breaks = 0
    for count in range(24, 64, 3):
        tasks = task_factory(count, seed=count)
        areas = list(dict.fromkeys(t.area for t in tasks))
        tasks.sort(key=lambda t: areas.index(t.area))
        result = write_progress_pdf(HEADER, tasks, tmp_path / f"{count}.pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", str(result.path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for page in text.split("\f")[:-1]:
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if not re.fullmatch(r"第\s*\d+\s*页.*", line)]
            seen_breaks += 1
            # An area's row: its name and its counts, "三、聚焦改革开放…（共11项：…）".
            assert not re.search(r"（共\d+项", body[-1]), (count, body[-3:])
    assert seen_breaks > 20
