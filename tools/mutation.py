"""Run mutmut on one module of the mutation set (or all) and print the score per module.

Usage (from the repository root, with the ``mutation`` extra installed)::

    python tools/mutation.py status            # one module
    python tools/mutation.py task_model task_filter
    python tools/mutation.py all               # every module; hours on 2 cores
    python tools/mutation.py --report          # scores of what has run so far, no new run
    python tools/mutation.py extract --sample 5  # every 5th extract mutant (a sampled score)
    python tools/mutation.py extract --retest    # only the survivors again, after new tests
    python tools/mutation.py extract --sample 5 --report  # the score of that sample only
    python tools/mutation.py status --check-with tests/services/test_mutation_status_counts.py
    python tools/mutation.py progress --untested --check-with tests/services/test_progress.py

Sized for a 2-core machine: two workers by default (``--jobs``). Not part of CI: mutmut's
results live in ``mutants/`` (git-ignored) and are reused by the next run, so a rerun after a
new test only retests what changed. The modules and the tests mutmut may use are configured in
``[tool.mutmut]`` of pyproject.toml; docs/mutation.md lists the scores and the survivors.
"""

from __future__ import annotations

import argparse
import filecmp
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Module name -> mutmut mutant-name globs (a mutant is "<dotted module>.x_<func>__mutmut_N";
# methods are "<module>.xǁClassǁmethod__mutmut_N").
MODULES: dict[str, list[str]] = {
    "status": ["supervisor.services.status.*"],
    "statistics": ["supervisor.services.statistics.*"],
    "progress": ["supervisor.services.progress.*"],
    "roundtrip": ["supervisor.services.roundtrip.*"],
    "extract": ["supervisor.extract.*"],
    "xlsx_returned": [
        "supervisor.reports.xlsx_returned.*",
        "supervisor.reports.xlsx_returned_sheets.*",
        "supervisor.reports.xlsx_returned_meta.*",
    ],
    "task_model": ["supervisor.ui.models.task_model.*"],
    "task_filter": ["supervisor.ui.models.task_filter.*"],
}

# mutmut's exit codes, as in mutmut.stats.status_by_exit_code.
KILLED = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}
# 0: every test passed. -15: the worker was stopped by hand (SIGTERM) because reading the
# mutant showed it equivalent, and it would only have run every test of its function (minutes
# each on a shared machine) to survive; counted as a survivor, never as a kill.
SURVIVED = {0, -15}
# No test reaches the mutated function: nothing could notice it, so it counts as a survivor.
NO_TESTS = {33}


def _mutmut() -> str:
    found = shutil.which("mutmut") or str(Path(sys.executable).with_name("mutmut"))
    if not Path(found).exists():
        sys.exit("未安装 mutmut：pip install -e '.[mutation]'")
    return found


def _matches(name: str, globs: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in globs)


def _results() -> dict[str, int | None]:
    """Every mutant's exit code from mutmut's meta files under ``mutants/``."""
    codes: dict[str, int | None] = {}
    for meta in (REPO / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text("utf-8"))
        codes.update(data.get("exit_code_by_key", {}))
    if CHECKED.exists():
        # A survivor that a test run by ``--check-with`` killed (see check_with).
        for name, code in json.loads(CHECKED.read_text("utf-8")).items():
            if name in codes and codes[name] in SURVIVED | NO_TESTS | {None}:
                codes[name] = code
    return codes


def _sampled(codes: dict[str, int | None], globs: list[str], every: int) -> dict[str, int | None]:
    """The results of every ``every``-th mutant (by sorted name) matching the globs."""
    names = sorted(k for k in codes if _matches(k, globs))
    return {k: codes[k] for k in names[::every]}


def score_table(names: list[str], every: int = 1) -> list[tuple[str, int, int, int, int, int]]:
    """(module, mutants, killed, survived, no test, not run) for each module name.

    With ``every`` > 1 only that sample counts (as ``--sample`` chose it), so results left
    from an earlier sample of other mutants do not mix into the score.
    """
    codes = _results()
    rows = []
    for module in names:
        mine = _sampled(codes, MODULES[module], every)
        killed = sum(1 for v in mine.values() if v in KILLED)
        survived = sum(1 for v in mine.values() if v in SURVIVED)
        untested = sum(1 for v in mine.values() if v in NO_TESTS)
        other = len(mine) - killed - survived - untested
        rows.append((module, len(mine), killed, survived, untested, other))
    return rows


def survivors(names: list[str], every: int = 1) -> list[str]:
    """Names of the surviving mutants of the given modules (of the sample, if ``every`` > 1),
    those no test reaches included."""
    globs = [g for module in names for g in MODULES[module]]
    mine = _sampled(_results(), globs, every).items()
    return sorted(k for k, v in mine if v in SURVIVED or v in NO_TESTS)


def untested(names: list[str]) -> list[str]:
    """Mutants of the given modules without a result yet (new, or their function changed)."""
    globs = [g for module in names for g in MODULES[module]]
    return sorted(k for k, v in _results().items() if v is None and _matches(k, globs))


def _reached(names: list[str]) -> tuple[list[str], list[str]]:
    """Split mutant names into those whose function some test reaches and the others.

    mutmut looks an exact mutant name up in its stats without a default (a ``KeyError``
    for a function no test reaches); a glob it would mark "no tests" (33) itself.
    """
    stats = REPO / "mutants" / "mutmut-stats.json"
    reached = json.loads(stats.read_text("utf-8"))["tests_by_mangled_function_name"]
    hit = [n for n in names if reached.get(n.partition("__mutmut_")[0])]
    return hit, [n for n in names if n not in set(hit)]


PENDING = REPO / "mutants" / "retest-pending.json"


def _pending() -> set[str]:
    """Survivors marked for a retest whose retest has not run yet (an aborted run)."""
    if not PENDING.exists():
        return set()
    codes = _results()
    return {name for name in json.loads(PENDING.read_text("utf-8")) if codes.get(name) is None}


def _forget(names: list[str]) -> None:
    """Mark these mutants untested, so that the next run tests them again.

    mutmut keeps a result until the mutated function changes; a new test alone does not
    make it test a survivor again. The names are kept in ``PENDING`` until they have a new
    result, so a retest that stops early is taken up by the next ``--retest``.
    """
    wanted = set(names)
    PENDING.write_text(json.dumps(sorted(wanted | _pending())), "utf-8")
    for meta in (REPO / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text("utf-8"))
        codes = data.get("exit_code_by_key", {})
        hits = wanted.intersection(codes)
        if hits:
            for name in hits:
                codes[name] = None
            meta.write_text(json.dumps(data), "utf-8")


CHECKED = REPO / "mutants" / "checked-kills.json"


def _record(results: dict[str, int]) -> None:
    """Keep the kills of ``check_with`` beside mutmut's meta files, which a running
    ``mutmut run`` rewrites from memory; ``_results`` lays them over mutmut's survivors."""
    known = json.loads(CHECKED.read_text("utf-8")) if CHECKED.exists() else {}
    known.update(results)
    CHECKED.write_text(json.dumps(known, indent=1, sort_keys=True), "utf-8")


def check_with(names: list[str], tests: list[str]) -> dict[str, int]:
    """Run the given tests against each survivor; a failing test kills it, recorded as such.

    mutmut retests a survivor with every test that reached its function, minutes each for
    the status code; a survivor that a new test is written for only needs that test. A pass
    here proves nothing (the other tests were not run), so the survivor stays a survivor
    (an untested mutant stays untested, for mutmut's full selection).
    """
    killed: dict[str, int] = {}
    for name in names:
        env = dict(os.environ, MUTANT_UNDER_TEST=name, PYTHONPATH=str(REPO / "mutants"))
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
        result = subprocess.run(command, cwd=REPO / "mutants", env=env, capture_output=True)
        print(f"{'killed' if result.returncode == 1 else 'passed'} {name}", flush=True)
        if result.returncode == 1:
            killed[name] = 1
    _record(killed)
    return killed


def _print_scores(names: list[str], every: int = 1) -> None:
    print(
        f"{'module':<14}{'mutants':>8}{'killed':>8}{'survived':>9}{'no test':>8}{'not run':>9}"
        f"{'survivors':>11}"
    )
    for module, total, killed, survived, no_test, other in score_table(names, every):
        tested = killed + survived + no_test
        share = f"{100 * (survived + no_test) / tested:.1f} %" if tested else "-"
        print(f"{module:<14}{total:>8}{killed:>8}{survived:>9}{no_test:>8}{other:>9}{share:>11}")


def _mutated_globs() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["mutmut"]["only_mutate"]


def sync_copy() -> list[str]:
    """Bring mutmut's copy of the tree up to date with the worktree; return what changed.

    mutmut copies a source file it does not mutate only once (it skips a file already in
    ``mutants/``) and copies the tests over the old ones without removing any, so after a
    merge the mutants would run against stale helpers (services, db, cli) and stale or
    deleted tests. The mutated files are left to mutmut (it remakes them by mtime).
    """
    mutated = _mutated_globs()
    changed: list[str] = []
    copy = REPO / "mutants"
    for folder in ("supervisor", "tests"):
        for source in (REPO / folder).rglob("*"):
            if not source.is_file() or "__pycache__" in source.parts:
                continue
            relative = source.relative_to(REPO).as_posix()
            if folder == "supervisor" and any(fnmatch.fnmatch(relative, g) for g in mutated):
                continue
            target = copy / relative
            if not target.exists() or not filecmp.cmp(source, target, shallow=False):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
                changed.append(relative)
        for target in (copy / folder).rglob("*"):
            relative = target.relative_to(copy).as_posix()
            if (
                target.is_file()
                and "__pycache__" not in target.parts
                and not target.name.endswith((".meta", ".spans"))
                and not (REPO / relative).exists()
            ):
                target.unlink()
                changed.append(f"{relative} (removed)")
    return changed


def main(argv: list[str] | None = None) -> int:
    """Run mutmut on the chosen modules, then print their scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"all, or some of: {', '.join(MODULES)}")
    parser.add_argument("--jobs", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--report", action="store_true", help="print scores only, run nothing")
    parser.add_argument("--survivors", action="store_true", help="also list surviving mutants")
    parser.add_argument(
        "--sample",
        type=int,
        default=1,
        help="run (with --report: score) only every N-th mutant (for a quick score)",
    )
    parser.add_argument(
        "--check-with",
        nargs="+",
        metavar="TEST",
        help="run only these tests (paths under tests/) against each survivor, record kills",
    )
    parser.add_argument(
        "--untested",
        action="store_true",
        help="test only the mutants without a result (keep the results of unchanged functions)",
    )
    parser.add_argument(
        "--retest",
        action="store_true",
        help="test only the survivors again (after adding tests)",
    )
    args = parser.parse_args(argv)
    names = list(MODULES) if not args.modules or "all" in args.modules else args.modules
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)}")
    os.chdir(REPO)
    if (REPO / "mutants").exists():
        for name in sync_copy():
            print(f"synced {name}", flush=True)
    if args.check_with:
        for test in args.check_with:
            shutil.copy(REPO / test.split("::")[0], REPO / "mutants" / test.split("::")[0])
        # With --untested: the mutants without a result (a kill by the named tests is a kill;
        # a pass leaves the mutant to mutmut, which runs every test reaching its function).
        chosen = untested(names) if args.untested else survivors(names, args.sample)
        check_with(chosen, args.check_with)
        _print_scores(names, args.sample)
        return 0
    again: list[str] = []
    if args.retest:
        globs = [g for n in names for g in MODULES[n]]
        again = sorted(
            set(survivors(names, args.sample)) | {k for k in _pending() if _matches(k, globs)}
        )
        _forget(again)
    if not args.report:
        globs = [g for n in names for g in MODULES[n]]
        if args.retest:
            # Only the survivors: a sampled or stopped run leaves other mutants untested.
            globs = again
            if not globs:
                _print_scores(names, args.sample)
                return 0
        elif args.untested:
            # mutmut retests every mutant a glob names, results or not; exact names keep the
            # others' results. The stats must exist (a first run makes them).
            globs, unreached = _reached(untested(names))
            for name in unreached:
                print(f"no test reaches {name}", flush=True)
            if not globs:
                _print_scores(names, args.sample)
                return 0
        elif args.sample > 1:
            # A first run (with nothing to sample yet) generates the mutants without testing any.
            if not _results():
                subprocess.run([_mutmut(), "run", "--max-children", "1", "no.such.mutant"])
            every = sorted(k for k in _results() if _matches(k, globs))
            globs = every[:: args.sample]
        command = [_mutmut(), "run", "--max-children", str(args.jobs), *globs]
        code = subprocess.run(command).returncode
        if code not in (0, 1):
            return code
    _print_scores(names, args.sample)
    if args.survivors:
        for name in survivors(names, args.sample):
            print(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
