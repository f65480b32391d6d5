"""Score the extractor on annotated reports: recall, precision, comparators, names, leads.

Usage (from the repository root)::

    python tools/corpus_eval.py /path/to/corpus            # figures per report and pooled
    python tools/corpus_eval.py /path/to/corpus --detail   # and every miss, extra and wrong field

The folder holds pairs ``NAME.txt`` (the report) and ``NAME.expected.tsv`` (its targets, written
by hand before the extractor is run on the report). An annotation file is tab-separated, ``#``
starts a comment, one target per line::

    name    value    value_max    unit    comparator    lead

``comparator`` is one of ``=  >=  <=  ~  range`` (``value_max`` only for ``range``); ``lead`` is
optional: the functions of the departments that could plausibly lead the task (``|`` separated
word stems such as ``发展和改革|统计``, matched inside the suggested department's name, so one
annotation serves a city, a province and the State Council). The five-column files of
``tests/extract/corpus`` read as well (no lead figure then).

Matching is one to one in document order: a found target matches an annotated one when value
and unit are equal and either the names agree (one contains the other, quotes aside) or the
clause it was read from shares at least two consecutive characters with the annotated name.
Then, over the matched targets: comparator accuracy, the share named by their subject (the
found name agrees with the annotated one), the share whose suggested lead is one of the
annotated functions (``lead``: the target's own suggestion, else its task's) and the same for
the task's lead alone (``tlead``: what an import of the task assigns today).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from supervisor.extract import (  # noqa: E402
    ExtractedIndicator,
    NoPlanYearError,
    extract_report,
)

_NOISE = re.compile(r"[“”\"‘’'《》「」（）()\s]")
_COMPARATORS = {"=", ">=", "<=", "~", "range"}


@dataclass(frozen=True, slots=True)
class Target:
    """One annotated target."""

    name: str
    value: float
    value_max: float | None
    unit: str
    comparator: str
    leads: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Found:
    """One extracted target, the lead suggested for it and the one suggested for its task."""

    indicator: ExtractedIndicator
    lead: str
    task_lead: str


@dataclass(slots=True)
class Figures:
    """Counts for one report (or pooled)."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    comparator_right: int = 0
    named: int = 0
    lead_judged: int = 0
    lead_plausible: int = 0
    task_lead_plausible: int = 0
    missed: list[Target] = field(default_factory=list)
    spurious: list[Found] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        """Add another report's counts (details are not pooled)."""
        self.expected += other.expected
        self.found += other.found
        self.matched += other.matched
        self.comparator_right += other.comparator_right
        self.named += other.named
        self.lead_judged += other.lead_judged
        self.lead_plausible += other.lead_plausible
        self.task_lead_plausible += other.task_lead_plausible

    def row(self, label: str) -> str:
        """One line of the table."""

        def share(part: int, whole: int) -> str:
            return f"{part / whole:6.3f}" if whole else "     -"

        return (
            f"{label:<28} {self.expected:>4} {self.found:>5} {self.matched:>5}"
            f"  {share(self.matched, self.expected)} {share(self.matched, self.found)}"
            f" {share(self.comparator_right, self.matched)} {share(self.named, self.matched)}"
            f" {share(self.lead_plausible, self.lead_judged)}"
            f" {share(self.task_lead_plausible, self.lead_judged)}"
        )


HEADER = (
    f"{'report':<28} {'exp':>4} {'found':>5} {'match':>5}"
    f"  {'recall':>6} {'prec':>6} {'cmp':>6} {'named':>6} {'lead':>6} {'tlead':>6}"
)


def load_targets(path: Path) -> list[Target]:
    """Rows of an annotation file; a malformed row stops with its line number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) not in (5, 6):
            where = f"{path.name}:{number}"
            raise SystemExit(f"{where}: 应为 5 或 6 列（制表符分隔），实为 {len(cells)} 列")
        name, value, value_max, unit, comparator = cells[:5]
        if comparator not in _COMPARATORS:
            raise SystemExit(f"{path.name}:{number}: 比较方式 {comparator!r} 不是 = >= <= ~ range")
        leads = tuple(s for s in cells[5].split("|") if s) if len(cells) == 6 else ()
        rows.append(
            Target(
                name,
                float(value),
                float(value_max) if value_max else None,
                unit,
                comparator,
                leads,
            )
        )
    return rows


def _clean(text: str) -> str:
    return _NOISE.sub("", text)


def names_agree(expected: str, found: str) -> bool:
    """The found name is the annotated one, or one contains the other (quotes aside)."""
    a, b = _clean(expected), _clean(found)
    return a == b or a in b or (len(b) >= 2 and b in a)


def _shares_pair(name: str, clause: str) -> bool:
    name, clause = _clean(name), _clean(clause)
    return any(name[i : i + 2] in clause for i in range(len(name) - 1))


def _same_number(target: Target, found: ExtractedIndicator) -> bool:
    return abs(target.value - found.value) < 1e-9 and target.unit == found.unit


def extract_found(text: str) -> list[Found]:
    """Every target the extractor reads from a report, with its task's suggested lead.

    A report that names no plan year found nothing: the extractor alone refuses it, so its
    targets count as missed (the user could give the year). Any other refusal stops the run.
    """
    try:
        result = extract_report(text)
    except NoPlanYearError as error:
        print(f"  (提取失败：{error})", file=sys.stderr)
        return []
    found = []
    for task in result.tasks:
        lead = next((d.name for d in task.departments if d.role == "lead"), "")
        found.extend(
            Found(indicator, indicator.lead.name if indicator.lead else lead, lead)
            for indicator in task.indicators
        )
    return found


def score(targets: list[Target], found: list[Found]) -> Figures:
    """Match one report's annotation against what was found (see the module docstring)."""
    figures = Figures(expected=len(targets), found=len(found))
    free = list(found)
    for target in targets:
        candidates = [f for f in free if _same_number(target, f.indicator)]
        hit = next((f for f in candidates if names_agree(target.name, f.indicator.name)), None)
        if hit is None:
            hit = next((f for f in candidates if _shares_pair(target.name, f.indicator.text)), None)
        if hit is None:
            figures.missed.append(target)
            continue
        free.remove(hit)
        figures.matched += 1
        label = f"{target.name} {target.value:g}{target.unit}"
        if hit.indicator.comparator.value == target.comparator:
            figures.comparator_right += 1
        else:
            got = hit.indicator.comparator.value
            figures.wrong.append(f"比较 {label}: {got} ≠ {target.comparator}")
        if names_agree(target.name, hit.indicator.name):
            figures.named += 1
        else:
            figures.wrong.append(f"名称 {label}: 「{hit.indicator.name}」")
        if target.leads:
            figures.lead_judged += 1
            if any(stem in hit.task_lead for stem in target.leads):
                figures.task_lead_plausible += 1
            if any(stem in hit.lead for stem in target.leads):
                figures.lead_plausible += 1
            else:
                stems = "|".join(target.leads)
                figures.wrong.append(f"牵头 {label}: {hit.lead or '（无）'} ∉ {stems}")
    figures.spurious = free
    return figures


def report_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(report, annotation) pairs of a folder, by name."""
    pairs = []
    for annotation in sorted(folder.glob("*.expected.tsv")):
        report = annotation.with_name(annotation.name.replace(".expected.tsv", ".txt"))
        if report.exists():
            pairs.append((report, annotation))
    return pairs


def main(argv: list[str] | None = None) -> int:
    """Print the figures of every report in the folder and the pooled figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of NAME.txt + NAME.expected.tsv pairs")
    parser.add_argument("--detail", action="store_true", help="list misses, extras and errors")
    args = parser.parse_args(argv)
    pairs = report_pairs(args.folder)
    if not pairs:
        print(f"{args.folder} 中没有「名称.txt + 名称.expected.tsv」成对的文件", file=sys.stderr)
        return 2
    pooled = Figures()
    lines = [HEADER]
    details = []
    for report, annotation in pairs:
        figures = score(load_targets(annotation), extract_found(report.read_text(encoding="utf-8")))
        pooled.add(figures)
        lines.append(figures.row(report.stem))
        if args.detail:
            details.append(f"== {report.stem}")
            details += [f"  漏 {t.name} {t.value:g}{t.unit} {t.comparator}" for t in figures.missed]
            details += [
                f"  多 {f.indicator.name} {f.indicator.value:g}{f.indicator.unit}"
                f"  ← {f.indicator.text[:40]}"
                for f in figures.spurious
            ]
            details += [f"  {w}" for w in figures.wrong]
    lines.append(pooled.row("pooled"))
    print("\n".join(lines + details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
