"""Every written sheet prints on A4 landscape with body text at 9 pt or more on paper.

Measured twice: from the page setup and the written fonts (the scale a fit-to-width page
shrinks by × the smallest font), and by printing each kind once with LibreOffice headless
and reading the word heights back with ``pdftotext -bbox``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from xlsx_fixtures import HEADER, PERIOD_START, make_spec, make_task

from supervisor.domain import TaskStatus
from supervisor.reports.xlsx_common import MIN_PRINTED_POINTS, printed_scale
from supervisor.reports.xlsx_export import (
    SheetOptions,
    write_assignment_sheet,
    write_progress_sheet,
)
from supervisor.reports.xlsx_fillin import write_fillin_workbook

STATUSES = list(TaskStatus)
# pdftotext's word box is the font's ascent + descent: 1.08 × the size for these CJK faces
# (measured on a sheet printed unscaled at 10 pt: boxes 10.8 pt high).
BOX_PER_POINT = 1.08


def _tasks(count: int) -> list:
    return [
        make_task(
            i + 1,
            status=STATUSES[i % len(STATUSES)],
            last_report_date=dt.date(2020, 3, 10 if i % 3 else 18),
            urging_count=i % 2,
        )
        for i in range(count)
    ]


def _write(kind: str, folder: Path) -> Path:
    tasks = _tasks(9)
    options = SheetOptions(period_start=PERIOD_START, urging_colour={2: "红"})
    if kind == "progress":
        return write_progress_sheet(HEADER, tasks, folder / "周进度表.xlsx", options=options)
    if kind == "progress-a3":
        a3 = SheetOptions(paper="A3", period_start=PERIOD_START)
        return write_progress_sheet(HEADER, tasks, folder / "周进度表A3.xlsx", options=a3)
    if kind == "assignment":
        return write_assignment_sheet(HEADER, tasks, folder / "分工方案.xlsx")
    return write_fillin_workbook(
        make_spec(tuple(tasks[:4]), return_by=dt.date(2020, 3, 20)), folder / "填报表.xlsx"
    )


KINDS = ("progress", "progress-a3", "assignment", "fillin")


@pytest.mark.parametrize("kind", KINDS)
def test_every_sheet_prints_body_text_at_nine_points_or_more(kind: str, tmp_path: Path) -> None:
    workbook = load_workbook(_write(kind, tmp_path))
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        setup = sheet.page_setup
        assert setup.orientation == "landscape"
        assert int(setup.paperSize) == (8 if kind == "progress-a3" else 9)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(setup.fitToWidth) == 1
        assert sheet.print_title_rows  # the header row repeats on every printed page
        assert "&P" in sheet.oddFooter.center.text
        widths = [
            sheet.column_dimensions[get_column_letter(c)].width
            for c in range(1, sheet.max_column + 1)
        ]
        margins = sheet.page_margins
        scale = printed_scale(widths, int(setup.paperSize), margins.left, margins.right)
        sizes = {
            cell.font.sz
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None and cell.font is not None
        }
        smallest = min(sizes)
        assert smallest * scale >= MIN_PRINTED_POINTS, (sheet.title, smallest, scale)
        # Never the 60 % shrink of a sheet that does not fit.
        assert scale >= 0.9, sheet.title


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found
    return found


def _word_heights(pdf: Path) -> list[float]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        float(y_max) - float(y_min)
        for y_min, y_max in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', xhtml)
    ]


@pytest.mark.parametrize("kind", ["progress", "assignment", "fillin"])
def test_libreoffice_prints_each_kind_at_nine_points_or_more(
    kind: str, tmp_path: Path, libreoffice_pdf: Callable[[Path], Path]
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    pdf = libreoffice_pdf(_write(kind, tmp_path))

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "全力推进重点项目建设" in text  # it opened and printed the tasks
    assert "系统数据" not in text  # the hidden metadata sheet is never printed
    heights = _word_heights(pdf)
    assert heights
    assert min(heights) / BOX_PER_POINT >= MIN_PRINTED_POINTS, min(heights)
