"""Annotated reports for the quality tests: texts and hand-written expected targets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from supervisor.extract import ExtractedIndicator

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SEED = HERE.parents[1] / "resources" / "reports" / "2020-shizuishan.txt"
_NAME_NOISE = re.compile(r"[“”\"‘’'《》「」（）()\s]")


@dataclass(frozen=True, slots=True)
class Expected:
    """One annotated target."""

    name: str
    value: float
    value_max: float | None
    unit: str
    comparator: str


def report_paths() -> list[tuple[Path, Path]]:
    """(report, annotation) pairs: the seed and every report written for the tests."""
    pairs = [(SEED, CORPUS / "2020-shizuishan.expected.tsv")]
    for annotation in sorted(CORPUS.glob("*.expected.tsv")):
        report = CORPUS / annotation.name.replace(".expected.tsv", ".txt")
        if report.exists():
            pairs.append((report, annotation))
    return pairs


def load_expected(path: Path) -> list[Expected]:
    """Rows of an annotation file (tab-separated; # starts a comment)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, value, value_max, unit, comparator = line.split("\t")
        rows.append(
            Expected(name, float(value), float(value_max) if value_max else None, unit, comparator)
        )
    return rows


def _clean(name: str) -> str:
    return _NAME_NOISE.sub("", name)


def names_match(expected: str, found: str) -> bool:
    """The found name is the annotated one, or one contains the other (quotes, brackets aside)."""
    a, b = _clean(expected), _clean(found)
    return a == b or a in b or (len(b) >= 2 and b in a)


def matches(expected: Expected, found: ExtractedIndicator) -> bool:
    """Same value, same unit, matching name."""
    return (
        abs(expected.value - found.value) < 1e-9
        and expected.unit == found.unit
        and names_match(expected.name, found.name)
    )


@dataclass(frozen=True, slots=True)
class Score:
    """Matching of one report's extraction against its annotation."""

    expected: int
    found: int
    matched: int
    comparator_right: int
    missed: tuple[Expected, ...]
    spurious: tuple[ExtractedIndicator, ...]


def score(expected: list[Expected], found: list[ExtractedIndicator]) -> Score:
    """Greedy one-to-one matching in document order."""
    free = list(found)
    missed = []
    comparator_right = 0
    for item in expected:
        hit = next((f for f in free if matches(item, f)), None)
        if hit is None:
            missed.append(item)
            continue
        free.remove(hit)
        comparator_right += hit.comparator.value == item.comparator
    matched = len(expected) - len(missed)
    return Score(len(expected), len(found), matched, comparator_right, tuple(missed), tuple(free))
