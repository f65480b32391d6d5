"""Time extraction of the seed report and of a 20× longer text (cost must grow linearly)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from supervisor.extract import extract_report, load_department_table  # noqa: E402

SEED = REPO / "resources" / "reports" / "2020-shizuishan.txt"


def _longer(text: str, times: int) -> str:
    """The report ``times`` times over: as many sections, paragraphs and targets per copy."""
    return "\n".join([text] * times)


def _time(text: str, repeat: int) -> float:
    table = load_department_table()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        extract_report(text, table)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    """Print the median time for the seed and for a text about 20 times as long."""
    seed = SEED.read_text(encoding="utf-8")
    long_text = _longer(seed, 20)
    extract_report(seed)  # warm up: compiled patterns, the shipped department table
    seed_time = _time(seed, 15)
    long_time = _time(long_text, 3)
    ratio = len(long_text) / len(seed)
    print(f"seed      {len(seed):>9,} chars  {seed_time * 1000:8.1f} ms")
    print(f"20x seed  {len(long_text):>9,} chars  {long_time * 1000:8.1f} ms")
    print(f"size ratio {ratio:.1f}, time ratio {long_time / seed_time:.1f} (linear ≈ size ratio)")


if __name__ == "__main__":
    main()
