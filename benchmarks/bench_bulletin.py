"""Benchmark: the bulletin with 1,000 task rows beside a bare reportlab table of the same cells."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from supervisor.domain import TaskStatus
from supervisor.reports.bulletin import document_styles, write_bulletin
from supervisor.reports.bulletin_content import ON_SCHEDULE, task_table
from supervisor.reports.data import (
    AreaSummary,
    BulletinData,
    DepartmentScore,
    ReportHeader,
    StatusCount,
    TaskRow,
    TrendPoint,
)
from supervisor.reports.fonts import RenderNotes, load_font_set
from supervisor.reports.pdf_layout import (
    LEFT_MARGIN,
    TEXT_WIDTH,
    TOP_MARGIN,
    OfficialDocTemplate,
)
from supervisor.reports.pdf_table import Cell, GridTable, fit_columns

STATUSES = list(TaskStatus)
TITLES = (
    "全力推进重点项目建设",
    "大力推动工业提质增效",
    "城镇新增就业",
    "打好蓝天保卫战",
    "推进老旧小区改造",
)
TEXTS = (
    "全力推进102个重点项目建设，完成投资128亿元。",
    "实施40个两化融合项目，规模以上工业增加值增长6.5%—7%。",
    "城镇新增就业1万人以上，城镇登记失业率控制在4%以内。",
    "完成大气污染治理项目120个，空气质量优良天数比例达到80%以上。",
    "改造老旧小区21万平方米、棚户区住房588套（含“三供一业”分离移交）。",
)
DEPARTMENTS = [f"市{name}局" for name in ("发展改革", "工业和信息化", "财政", "生态环境", "商务")]
AREAS = ["（一）聚焦产业转型", "（二）聚焦生态保护", "（三）聚焦改革开放", "（四）聚焦民生福祉"]


def make_data(count: int) -> BulletinData:
    """Return bulletin data of ``count`` tasks with statistics computed from them."""
    tasks = []
    for i in range(count):
        status = STATUSES[i % len(STATUSES)]
        tasks.append(
            TaskRow(
                task_id=i,
                code=f"{i // 10}.{i % 10}",
                title=f"{TITLES[i % len(TITLES)]}（{i + 1}）",
                text=TEXTS[i % len(TEXTS)],
                area=AREAS[i % len(AREAS)],
                lead_department=DEPARTMENTS[i % len(DEPARTMENTS)],
                time_progress=0.25,
                percent_done=0.2,
                status=status,
                progress_text="已完成年度目标的20%，项目前期手续已办结，正在开展施工招标。",
                problems="资金到位滞后。" if status not in ON_SCHEDULE else "",
                urging_count=i % 3,
            )
        )
    counts = Counter(t.status for t in tasks)
    return BulletinData(
        header=ReportHeader(
            office_name="某市人民政府督查室",
            plan_title="2020年政府工作报告重点任务",
            plan_year=2020,
            period_label="2020年第12周",
            as_of=dt.date(2020, 3, 20),
            issue_number=12,
        ),
        tasks=tuple(tasks),
        status_counts=tuple(StatusCount(s, counts[s], counts[s] / count) for s in STATUSES),
        areas=tuple(
            AreaSummary(
                a,
                sum(t.area == a for t in tasks),
                dict(Counter(t.status for t in tasks if t.area == a)),
            )
            for a in AREAS
        ),
        departments=tuple(
            DepartmentScore(r, d, count // 5, 0, 0, 0, 0, 0, 0, 100.0 - r)
            for r, d in enumerate(DEPARTMENTS, start=1)
        ),
        # Earlier weeks: fewer tasks on schedule, more lagging.
        trend=tuple(
            TrendPoint(
                f"第{w}周",
                {
                    s: max(0, c - (12 - w) * (1 if s in ON_SCHEDULE else -1) * (1 + i % 2))
                    for i, (s, c) in enumerate(counts.items())
                },
            )
            for w in range(9, 13)
        ),
        not_reported_departments=(DEPARTMENTS[0],),
        requirements="压实工作责任。",
    )


def annex_cells(data: BulletinData) -> tuple[list[list[str]], list[list[str]]]:
    """Return the header and body cell texts of both annex tables."""
    lagging = [t for t in data.tasks if t.status not in ON_SCHEDULE]
    on_time = [t for t in data.tasks if t.status in ON_SCHEDULE]
    first = task_table(lagging, with_problems=True)
    second = task_table(on_time, with_problems=False)
    header = [list(first.header)]
    return header, [[cell.text for cell in row] for row in (*first.rows, *second.rows)]


def column_widths(data: BulletinData) -> list[float]:
    """The widths the bulletin gives the annex columns (sized to content)."""
    header, rows = annex_cells(data)
    style = document_styles(load_font_set()).table
    return fit_columns(header[0], [[Cell(t) for t in row] for row in rows], style, TEXT_WIDTH)


def bare_reportlab(data: BulletinData, path: Path) -> None:
    """A LongTable of Paragraph cells (reportlab's own CJK wrapping), the same cells and font."""
    fonts = load_font_set()
    style = ParagraphStyle(
        "cell", fontName=fonts.table.name, fontSize=10.5, leading=14.5, wordWrap="CJK"
    )
    header, rows = annex_cells(data)
    table_rows = [
        [Paragraph(text.replace("\n", "<br/>"), style) for text in row] for row in header + rows
    ]
    widths = column_widths(data)
    table = LongTable(table_rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    doc = SimpleDocTemplate(
        str(path),
        leftMargin=LEFT_MARGIN,
        topMargin=TOP_MARGIN,
        initialFontName=fonts.body.name,
    )
    doc.build([table])


def bare_strings(data: BulletinData, path: Path) -> None:
    """A LongTable of plain strings: no wrapping at all (long cells overflow), a lower bound."""
    fonts = load_font_set()
    header, rows = annex_cells(data)
    widths = column_widths(data)
    table = LongTable(header + rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("FONT", (0, 0), (-1, -1), fonts.table.name, 10.5),
            ]
        )
    )
    doc = SimpleDocTemplate(
        str(path), leftMargin=LEFT_MARGIN, topMargin=TOP_MARGIN, initialFontName=fonts.body.name
    )
    doc.build([table])


def our_table_only(data: BulletinData, path: Path) -> None:
    """The same cells through this project's GridTable, without the rest of the bulletin."""
    fonts = load_font_set()
    notes = RenderNotes()
    header, rows = annex_cells(data)
    widths = column_widths(data)
    table = GridTable(widths, header[0], rows, document_styles(fonts).table, fonts, notes)
    doc = OfficialDocTemplate(str(path), fonts, title="bench", author="bench", subject="bench")
    doc.build([table])


def timed(label: str, work: Callable[[], object], repeat: int) -> float:
    """Run ``work`` ``repeat`` times and print and return the median seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{label:<44} {median:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})")
    return median


def screenshots(folder: Path, dpi: int = 80) -> None:
    """Render pages 1-3 and the first annex page of a 40-task sample bulletin as PNG.

    Needs pdftoppm (Debian package poppler-utils).
    """
    folder.mkdir(parents=True, exist_ok=True)
    data = make_data(40)
    with tempfile.TemporaryDirectory() as work:
        pdf = Path(work) / "bulletin.pdf"
        write_bulletin(data, pdf)
        texts = [page.extract_text() for page in PdfReader(pdf).pages]
        annex = next(n for n, text in enumerate(texts, start=1) if "附件1" in text.splitlines())
        wanted = {"page1": 1, "page2": 2, "page3": 3, "annex1": annex}
        for name, number in wanted.items():
            prefix = Path(work) / name
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(dpi),
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(pdf),
                    str(prefix),
                ],
                check=True,
            )
            shutil.copyfile(prefix.with_suffix(".png"), folder / f"bulletin-{name}.png")
    print(f"pages {sorted(set(wanted.values()))} of {len(texts)} written to {folder}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the times and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--screenshots", type=Path, help="instead, render sample pages as PNG into this folder"
    )
    args = parser.parse_args(argv)
    if args.screenshots is not None:
        screenshots(args.screenshots)
        return 0
    data = make_data(args.tasks)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        load_font_set()  # font loading is a one-off per process; keep it out of the timings
        bare_reportlab(data, out / "warm.pdf")
        bare = timed(
            f"bare reportlab LongTable, {args.tasks} rows",
            lambda: bare_reportlab(data, out / "bare.pdf"),
            args.repeat,
        )
        timed(
            f"bare LongTable of strings (no wrap), {args.tasks}",
            lambda: bare_strings(data, out / "strings.pdf"),
            args.repeat,
        )
        table = timed(
            f"GridTable (禁则 wrapping), {args.tasks} rows",
            lambda: our_table_only(data, out / "table.pdf"),
            args.repeat,
        )
        full = timed(
            f"write_bulletin, whole bulletin, {args.tasks} tasks",
            lambda: write_bulletin(data, out / "bulletin.pdf"),
            args.repeat,
        )
    print(f"ratio table / bare:     {table / bare:.2f}")
    print(f"ratio bulletin / bare:  {full / bare:.2f}  (aim: ≤ 1.5 and under 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
