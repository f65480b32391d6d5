"""The benchmark scripts run to the end at a small size (their figures are not checked here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize(
    ("script", "arguments", "printed"),
    [
        # bench_core's smallest plan: every measurement runs, on a temporary SQLite file.
        (
            "bench_core.py",
            ["--tasks", "1010"],
            ["status of every task", "statistics", "one department's tasks", "bulletin data, warm"],
        ),
        ("bench_bulletin.py", ["--tasks", "100", "--repeat", "1"], ["write_bulletin"]),
        # Every row typed into the returned workbooks is read back without an error.
        (
            "bench_xlsx.py",
            ["--tasks", "100", "--files", "2", "--repeat", "1"],
            ["100 行已填, 0 个错误"],
        ),
        (
            "bench_gui.py",
            ["--rows", "200", "--repeat", "1"],
            ["filter per keystroke", "sort by title"],
        ),
        ("bench_extract.py", [], ["size ratio"]),
        ("bench_quick_check.py", ["--mb", "2", "--runs", "1"], ["PRAGMA quick_check"]),
    ],
)
def test_a_benchmark_runs_to_the_end(
    script: str, arguments: list[str], printed: list[str], tmp_path: Path
) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=environment,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for label in printed:
        assert label in result.stdout


def test_bench_core_refuses_a_plan_too_small_for_its_tree() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_core.py"), "--tasks", "1009"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--tasks must be at least 1010" in result.stderr
