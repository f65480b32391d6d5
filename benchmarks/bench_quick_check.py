"""Benchmark: SQLite's ``PRAGMA quick_check`` on an office database of 200 MB and more.

Run ``python benchmarks/bench_quick_check.py`` (a temporary file; ``--mb`` for another size,
``--keep FILE`` to leave the database there). Fills a database of this program's schema with
10,000 tasks and weekly progress reports whose texts are as long as offices write them until
the file reaches the size, then prints the file size and the median time of the quick check
(the check run before the first write of any command and in the background when the window
opens), also with the file dropped from the OS cache first (a cold start), of the schema-only
check done on every open, and of the full ``integrity_check`` (``db check``). Figures are
printed, never asserted: they depend on the machine and its disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supervisor.db.models import Plan, ProgressReport, Task
from supervisor.services.database import check_readable, integrity_problems, open_database

PHRASES = (
    "已完成项目立项和可研批复，正在开展施工图设计",
    "本周完成投资1.2亿元，累计完成年度计划的百分之六十",
    "受原材料价格上涨影响，部分标段进度滞后",
    "下一步将加强调度，确保按期完成年度目标任务",
    "已召开专题推进会，协调解决用地和资金问题",
)


def _text(rng: random.Random, sentences: int) -> str:
    return "；".join(rng.choice(PHRASES) for _ in range(sentences)) + "。"


def build(file: Path, megabytes: int, seed: int = 7) -> int:
    """Fill ``file`` until it holds ``megabytes`` MB; returns the number of reports."""
    rng = random.Random(seed)
    database = open_database(f"sqlite:///{file}")
    try:
        with database.sessions.begin() as session:
            plan = Plan(title="基准测试计划", year=2024, source="政府工作报告")
            session.add(plan)
            session.flush()
            session.execute(
                insert(Task),
                [
                    {"plan_id": plan.id, "code": str(i), "title": f"任务{i}", "position": i}
                    for i in range(1, 10_001)
                ],
            )
            task_ids = list(session.scalars(select(Task.id)))
        start = dt.date(2024, 1, 1)
        reports = 0
        while file.stat().st_size < megabytes * 1024 * 1024:
            batch = []
            for _ in range(20_000):
                day = start + dt.timedelta(days=rng.randrange(365))
                batch.append(
                    {
                        "task_id": rng.choice(task_ids),
                        "period": f"2024-W{day.isocalendar().week:02d}",
                        "report_date": day,
                        "percent": rng.randrange(101),
                        "progress_text": _text(rng, 4),
                        "problems": _text(rng, 1),
                        "next_steps": _text(rng, 2),
                        "reporter": "张三",
                    }
                )
            with database.sessions.begin() as session:
                session.execute(insert(ProgressReport), batch)
            reports += len(batch)
        with database.sessions() as session:
            assert session.scalar(select(func.count(ProgressReport.id))) == reports
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()
    return reports


def drop_from_cache(file: Path) -> bool:
    """Ask the OS to forget the file's cached pages (this file only); False where it cannot."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for path in (file, file.with_name(file.name + "-wal")):
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def median_seconds(
    work: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> float:
    """Median wall time of ``runs`` calls of ``work`` (``before`` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    """Build the database, time the checks, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=220, help="size of the database (MB)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the database here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        file = args.keep or Path(folder) / "office.sqlite"
        began = time.perf_counter()
        reports = build(file, args.mb)
        built = time.perf_counter() - began
        size = file.stat().st_size / 1024 / 1024
        print(f"database: {size:.0f} MB, {reports:,} progress reports (built in {built:.0f} s)")
        assert integrity_problems(file) == []
        schema = median_seconds(lambda: check_readable(file), args.runs)
        quick = median_seconds(lambda: integrity_problems(file), args.runs)
        full = median_seconds(lambda: integrity_problems(file, full=True), 1)
        print(f"schema check on open:     {schema * 1000:8.1f} ms")
        print(f"PRAGMA quick_check:       {quick * 1000:8.1f} ms  ({size / quick:.0f} MB/s)")
        if drop_from_cache(file):
            # As on the first start of the day: the file read from the disk, not the cache.
            cold = median_seconds(
                lambda: integrity_problems(file), args.runs, lambda: drop_from_cache(file)
            )
            print(f"  same, file not cached:  {cold * 1000:8.1f} ms  ({size / cold:.0f} MB/s)")
        print(f"PRAGMA integrity_check:   {full * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
