"""GB/T 9704 typesetting read back from the PDF: 28 × 22 grid, signature, rows kept whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_readback import layout, pdftotext, plain

from supervisor.domain import TaskStatus, WarningLight
from supervisor.reports.bulletin import (
    BODY_LEADING,
    BODY_PITCH,
    document_styles,
    write_bulletin,
)
from supervisor.reports.data import BulletinData, TaskRow
from supervisor.reports.fonts import RenderNotes
from supervisor.reports.office_fonts import office_font_set
from supervisor.reports.pdf_layout import TEXT_HEIGHT, TEXT_WIDTH
from supervisor.reports.pdf_table import Cell, GridTable

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

MM = 72 / 25.4
LEFT = 28 * MM
RIGHT = LEFT + 156 * MM
# Plain running text without digits or Latin letters: every full line is 28 characters.
PROSE = (
    "各牵头单位要对照任务清单和序时进度要求逐项细化工作措施明确责任分工倒排工期挂图作战"
    "主要负责同志要亲自研究亲自部署亲自推动及时协调解决工作推进中遇到的困难和问题"
)


def written_with_requirements(
    tmp_path: Path,
    bulletin_builder: Callable[..., BulletinData],
    task_factory: Callable[..., list[TaskRow]],
    requirements: str,
) -> Path:
    data = bulletin_builder(task_factory(3), requirements=requirements)
    return write_bulletin(data, tmp_path / "grid.pdf").path


def test_a_page_of_running_text_has_22_lines_of_28_characters(
    tmp_path: Path,
    bulletin_builder: Callable[..., BulletinData],
    task_factory: Callable[..., list[TaskRow]],
) -> None:
    path = written_with_requirements(
        tmp_path, bulletin_builder, task_factory, "\n".join([PROSE * 3] * 6)
    )
    _sizes, lines = layout(path)
    body = [
        line
        for line in lines
        if 15.5 < line.height < 16.5
        and line.text[:1] != "—"
        and not re.match("[一二三四五六七八九十]+、", line.text)  # 黑体 boxes sit differently
    ]
    per_page = Counter(line.page for line in body)
    page, count = per_page.most_common(1)[0]
    assert count == 22  # a page of nothing but requirements holds exactly 22 lines
    full = [line for line in body if line.page == page and abs(line.right - RIGHT) < 0.5]
    assert len(full) >= 15
    for line in full:
        indented = abs(line.left - (LEFT + 2 * BODY_PITCH)) < 0.5
        assert len(line.text) == (26 if indented else 28), line.text
    tops = sorted(line.top for line in body if line.page == page)
    for a, b in itertools.pairwise(tops):
        assert b - a == pytest.approx(BODY_LEADING, abs=0.01)


def test_signature_and_date_follow_gb9704_7_3_5(
    tmp_path: Path,
    bulletin_builder: Callable[..., BulletinData],
    task_factory: Callable[..., list[TaskRow]],
) -> None:
    path = written_with_requirements(tmp_path, bulletin_builder, task_factory, PROSE)
    _sizes, lines = layout(path)
    data = bulletin_builder(task_factory(3))
    office = data.header.office_name
    # The signature: the office's name with a date one line below it (not the masthead's or
    # the colophon's, which share a line with a date).
    name, date = next(
        (a, b)
        for a, b in itertools.product(lines, lines)
        if a.text == office
        and a.page == b.page
        and b.text.endswith("日")
        and b.top - a.top == pytest.approx(BODY_LEADING, abs=0.5)
    )
    name_width = name.right - name.left
    date_width = date.right - date.left
    if date_width + 2 * BODY_PITCH <= name_width:
        # The name ends two characters in; the date starts two characters right of it.
        assert RIGHT - name.right == pytest.approx(2 * BODY_PITCH, abs=0.5)
        assert date.left - name.left == pytest.approx(2 * BODY_PITCH, abs=0.5)
    else:
        # A date longer than that ends two characters in, and the name moves left with it.
        assert RIGHT - date.right == pytest.approx(2 * BODY_PITCH, abs=1.0)
        assert date.left - name.left == pytest.approx(2 * BODY_PITCH, abs=0.5)


def test_the_red_line_and_the_title_are_two_blank_lines_apart(
    tmp_path: Path,
    bulletin_builder: Callable[..., BulletinData],
    task_factory: Callable[..., list[TaskRow]],
) -> None:
    path = written_with_requirements(tmp_path, bulletin_builder, task_factory, PROSE)
    _sizes, lines = layout(path)
    office_line = next(line for line in lines if line.page == 1 and "督查室" in line.text)
    title = next(line for line in lines if line.page == 1 and line.text.startswith("关于"))
    # The office line's box, 4 pt to the red rule, then two empty lines of the body grid.
    gap = title.top - office_line.bottom
    assert 2 * BODY_LEADING < gap < 3 * BODY_LEADING


def test_a_table_row_is_never_split_unless_it_is_taller_than_a_page() -> None:
    fonts, _faces = office_font_set()
    style = document_styles(fonts).table
    rows = [[Cell(str(i)), Cell("推进重点项目建设。" * 12)] for i in range(30)]
    table = GridTable([40, TEXT_WIDTH - 40], ["序号", "任务"], rows, style, fonts, RenderNotes())
    heights = [row.height for row in table._rows]
    assert min(heights) > 3 * style.body.leading  # rows of several lines each
    for room in (150.0, 233.3, 400.0):
        first, rest = table.split(TEXT_WIDTH, room)
        assert all(row.ends for row in first._rows)  # whole rows only
        assert len(first._rows) + len(rest._rows) == len(rows)
        assert first.wrap(TEXT_WIDTH, room)[1] <= room
    giant = GridTable(
        [40, TEXT_WIDTH - 40],
        ["序号", "任务"],
        [[Cell("1"), Cell("推进重点项目建设。" * 400)]],
        style,
        fonts,
        RenderNotes(),
    )
    assert giant.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1] > TEXT_HEIGHT
    parts = giant.split(TEXT_WIDTH, TEXT_HEIGHT)
    assert len(parts) == 2  # only a row taller than a page flows over pages


def test_a_task_far_behind_and_due_within_days_is_listed_as_lagging(
    tmp_path: Path,
    bulletin_builder: Callable[..., BulletinData],
    task_factory: Callable[..., list[TaskRow]],
) -> None:
    tasks = task_factory(6)
    due = tasks[0].deadline or dt.date(2020, 3, 27)
    urgent = dataclasses.replace(
        tasks[0],
        title="推进城区供热管网改造",
        text="推进城区供热管网改造，完成改造120公里。",
        status=TaskStatus.DUE_SOON,
        percent_done=0.28,
        time_progress=0.97,
        deadline=due,
        lagging=True,
        warning=WarningLight.RED,
    )
    data = bulletin_builder([urgent, *tasks[1:]])
    result = write_bulletin(data, tmp_path / "urgent.pdf")
    text = plain(pdftotext(result.path))
    body, annexes = text.split("附件1滞后任务清单", 1)
    lagging_section = body[body.index("二、滞后任务") : body.index("三、")]
    assert "推进城区供热管网改造" in lagging_section
    assert "28.0%" in lagging_section
    assert "97.0%" in lagging_section
    assert f"{due.month}月{due.day}日到期" in lagging_section
    assert "红灯" in lagging_section
    annex1, rest = annexes.split("附件2", 1)
    assert "推进城区供热管网改造，完成改造120公里" in annex1
    assert "推进城区供热管网改造" not in rest[rest.index("附件3") :]
