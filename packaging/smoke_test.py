"""Run the built bundle alone, in a clean environment, through the app's main workflows."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import real_window

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "resources" / "reports" / "2020-shizuishan.txt"
WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if WINDOWS else ""
UNSHARE = Path("/usr/bin/unshare")
GUI_ALIVE_SECONDS = 6.0


class SmokeError(AssertionError):
    """A step of the smoke test did not do what it should."""


@dataclass
class Result:
    """What one command returned."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class Sandbox:
    """A copy of the bundle and a fresh home folder, away from the source tree."""

    root: Path
    bundle: Path
    home: Path
    isolate_network: bool

    @property
    def program(self) -> Path:
        return self.bundle / f"supervisor{EXE_SUFFIX}"

    def user_data_dir(self) -> Path:
        """Where platformdirs puts the data folder for this fresh home."""
        if WINDOWS:
            return self.home / "AppData" / "Local" / "supervisor"
        return self.home / ".local" / "share" / "supervisor"

    def env(self, **extra: str) -> dict[str, str]:
        """An empty environment with only a fresh home: no PATH, so no Python either."""
        if WINDOWS:
            system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
            env = {
                "SYSTEMROOT": system_root,
                "WINDIR": system_root,
                "PATH": rf"{system_root}\System32;{system_root}",
                "TEMP": str(self.root / "tmp"),
                "TMP": str(self.root / "tmp"),
                "USERPROFILE": str(self.home),
                "APPDATA": str(self.home / "AppData" / "Roaming"),
                "LOCALAPPDATA": str(self.home / "AppData" / "Local"),
                # platformdirs asks Windows itself for these folders, not the variables
                # above; its override variables make the fresh profile count.
                "WIN_PD_OVERRIDE_APPDATA": str(self.home / "AppData" / "Roaming"),
                "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(self.home / "AppData" / "Local"),
            }
        else:
            env = {"HOME": str(self.home)}
        env.update(extra)
        return env

    def command(
        self, args: Sequence[str], program: Path | None = None, isolate: bool = True
    ) -> list[str]:
        command = [str(program or self.program), *args]
        # A network namespace with nothing in it: any connection attempt fails outright.
        if isolate and self.isolate_network:
            return [str(UNSHARE), "--net", *command]
        return command

    def run(self, *args: str, timeout: float = 120, isolate: bool = True, **env: str) -> Result:
        completed = subprocess.run(
            self.command(args, isolate=isolate),
            env=self.env(**env),
            cwd=self.root,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        return Result(
            completed.returncode,
            completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"),
        )

    def ok(self, *args: str, timeout: float = 120, isolate: bool = True, **env: str) -> Result:
        result = self.run(*args, timeout=timeout, isolate=isolate, **env)
        if result.returncode != 0 or "Traceback" in result.stderr:
            command = " ".join(args)
            raise SmokeError(
                f"supervisor {command} → {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result


def can_isolate_network() -> bool:
    """True where ``unshare --net`` works (Linux as root)."""
    if WINDOWS or not UNSHARE.exists():
        return False
    probe = subprocess.run(
        [str(UNSHARE), "--net", "true"], capture_output=True, check=False, timeout=30
    )
    return probe.returncode == 0


def make_sandbox(bundle: Path, root: Path) -> Sandbox:
    """Copy or unpack the bundle away from the source tree, with the seed report beside it.

    ``bundle`` is the built folder or the archive that ``build.py --archive`` made from it.
    """
    copy = root / "app" / "supervisor"
    if bundle.is_dir():
        shutil.copytree(bundle, copy, symlinks=True)
    else:
        # The archive is ours (build.py wrote it), so its members can be trusted.
        shutil.unpack_archive(bundle, root / "app")
        if not copy.is_dir():
            raise SmokeError(f"{bundle} does not unpack to a supervisor folder")
    home = root / "home"
    for folder in (home, root / "tmp", root / "out"):
        folder.mkdir(parents=True)
    shutil.copy2(SEED, root / "report.txt")
    return Sandbox(root, copy, home, can_isolate_network())


def step_help(box: Sandbox) -> str:
    out = box.ok("--help").stdout
    for needle in ("重点任务督查督办", "import-report", "extract"):
        if needle not in out:
            raise SmokeError(f"--help does not mention {needle}:\n{out}")
    return box.ok("--version").stdout.strip()


def step_extract(box: Sandbox) -> str:
    data = json.loads(box.ok("extract", "report.txt", "--json").stdout)
    tasks = data["tasks"]
    indicators = [i for task in tasks for i in task["indicators"]]
    if data["year"] != 2020 or "石嘴山" not in data["title"] or not tasks or not indicators:
        raise SmokeError(f"unexpected extraction: {data['title']!r}, {len(tasks)} tasks")
    return f"{data['title']}: {len(tasks)} tasks, {len(indicators)} indicators"


def step_import(box: Sandbox) -> str:
    out = box.ok("import-report", "report.txt").stdout
    database = box.user_data_dir() / "supervisor.sqlite"
    if not database.is_file():
        raise SmokeError(f"no database at {database} after import-report:\n{out}")
    plans = box.ok("plans").stdout
    if "石嘴山" not in plans:
        raise SmokeError(f"the imported plan is not listed:\n{plans}")
    box.ok("tasks", "--plan", "1")
    return out.strip().splitlines()[-1]


def export_commands(box: Sandbox) -> set[str]:
    """The ``export`` subcommands this build has (the command may not exist at all)."""
    if "export" not in box.ok("--help").stdout:
        return set()
    out = box.ok("export", "--help").stdout
    return {name for name in ("xlsx", "bulletin") if name in out}


# A date inside the seed plan's year: exports default to today, which may lie outside it.
AS_OF = "2020-06-30"


def step_export_xlsx(box: Sandbox) -> str:
    details = []
    for kind, name in (("分工", "任务分工方案.xlsx"), ("周报", "周进度表.xlsx")):
        target = box.root / "out" / name
        box.ok("export", "xlsx", "--kind", kind, "--plan", "1", "--as-of", AS_OF, "-o", str(target))
        details.append(f"{name} {_check_workbook(target)}")
    return "; ".join(details)


def _check_workbook(target: Path) -> str:
    with zipfile.ZipFile(target) as workbook:
        names = workbook.namelist()
    if "xl/workbook.xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise SmokeError(f"{target} is not a workbook: {names}")
    try:
        # Optional: without it the workbook is checked as a zip only.
        import openpyxl
    except ImportError:
        return f"{target.stat().st_size} bytes"
    sheet = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    rows = [[str(v) for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]
    filled = [row for row in rows if row]
    if len(filled) < 10:
        raise SmokeError(f"{target.name} holds {len(filled)} filled rows: {filled}")
    return f"{len(filled)} filled rows"


def step_export_bulletin(box: Sandbox) -> str:
    target = box.root / "out" / "督查通报.pdf"
    box.ok("export", "bulletin", "--plan", "1", "--as-of", AS_OF, "--issue", "1", "-o", str(target))
    data = target.read_bytes()
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
        raise SmokeError(f"{target} is not a PDF")
    # reportlab writes embedded TrueType subsets as FontFile2 streams.
    if b"/FontFile2" not in data:
        raise SmokeError(f"{target} embeds no TrueType font")
    try:
        # Optional, as above.
        from pypdf import PdfReader
    except ImportError:
        return f"{len(data)} bytes, fonts embedded"
    pages = PdfReader(target).pages
    text = "".join(page.extract_text() or "" for page in pages)
    if "督查" not in text:
        raise SmokeError(f"{target.name}: no 督查 in the text read back")
    return f"{len(data)} bytes, {len(pages)} pages, fonts embedded, text reads back"


def step_portable(box: Sandbox) -> str:
    """``--portable`` and the marker file keep the data beside the program, not in the home."""
    home = box.root / "home-portable"
    home.mkdir()
    beside = box.bundle / "data"
    portable_box = Sandbox(box.root, box.bundle, home, box.isolate_network)
    portable_box.ok("--portable", "import-report", "report.txt")
    if not (beside / "supervisor.sqlite").is_file():
        raise SmokeError(f"--portable wrote no database into {beside}")
    shutil.rmtree(beside)
    (box.bundle / "portable.txt").write_text("portable\n", encoding="utf-8")
    try:
        portable_box.ok("import-report", "report.txt")
    finally:
        (box.bundle / "portable.txt").unlink()
    if not (beside / "supervisor.sqlite").is_file():
        raise SmokeError(f"portable.txt did not move the database into {beside}")
    stray = [p for p in home.rglob("*") if "supervisor" in p.name]
    if stray:
        raise SmokeError(f"portable mode still wrote into the home folder: {stray}")
    shutil.rmtree(beside)
    return f"database beside the program in {beside.name}/, home untouched"


def step_postgres(box: Sandbox, url: str) -> str:
    """The bundled PostgreSQL driver: migrate a server's database and list its plans.

    This step needs the server, so it is the one step that runs outside the empty network
    namespace.
    """
    box.ok("--db", url, "db", "upgrade", isolate=False)
    box.ok("--db", url, "plans", isolate=False)
    return "db upgrade and plans on PostgreSQL"


def start_gui(box: Sandbox, program: Path) -> str:
    """Start the GUI offscreen on the imported plan; it must come up and keep running."""
    env = box.env(QT_QPA_PLATFORM="offscreen", QT_DEBUG_PLUGINS="1")
    process = subprocess.Popen(
        box.command([], program),
        env=env,
        cwd=box.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        process.wait(timeout=GUI_ALIVE_SECONDS)
    except subprocess.TimeoutExpired:
        process.terminate()
        _, err_bytes = process.communicate(timeout=30)
        err = err_bytes.decode("utf-8", "replace")
        if "Traceback" in err:
            raise SmokeError(f"the GUI reported an error:\n{err}") from None
        loaded = [line for line in err.splitlines() if "offscreen" in line and "loaded" in line]
        if WINDOWS or any(str(box.bundle) in line for line in err.splitlines()):
            alive = f"running after {GUI_ALIVE_SECONDS:.0f} s"
            return f"{program.name}: {alive}, {len(loaded)} plugin lines"
        raise SmokeError(f"Qt did not load its plugins from the bundle:\n{err[-3000:]}") from None
    out, err_bytes = process.communicate()
    raise SmokeError(
        f"the GUI exited early with {process.returncode}:\n"
        f"{out.decode('utf-8', 'replace')}\n{err_bytes.decode('utf-8', 'replace')}"
    )


def run_steps(
    box: Sandbox,
    postgres_url: str | None = None,
    display: str | None = None,
    bare_root: Path | None = None,
) -> list[tuple[str, float, str]]:
    """Every step in order; the first failure stops the run."""
    steps: list[tuple[str, Callable[[Sandbox], str]]] = [
        ("--help / --version", step_help),
        ("extract seed --json", step_extract),
        ("import-report, plans, tasks", step_import),
    ]
    exports = export_commands(box)
    if "xlsx" in exports:
        steps.append(("export xlsx", step_export_xlsx))
    if "bulletin" in exports:
        steps.append(("export bulletin (PDF)", step_export_bulletin))
    steps.append(("portable mode", step_portable))
    if postgres_url:
        steps.append(("PostgreSQL driver", lambda b: step_postgres(b, postgres_url)))
    steps.append(("GUI offscreen", lambda b: start_gui(b, b.program)))
    if WINDOWS:
        gui = box.bundle / "supervisor-gui.exe"
        steps.append(("GUI offscreen (windowed exe)", lambda b: start_gui(b, gui)))
    else:
        steps.append(("GUI without a display", real_window.step_no_display))
        if display:
            where = real_window.Place(display, bare_root)
            steps.append(("GUI window (xcb)", lambda b: real_window.step_window(b, where)))
            if bare_root:
                steps.append(
                    ("GUI missing libxcb-cursor0", lambda b: real_window.step_missing(b, where))
                )
    results = []
    for name, step in steps:
        started = time.monotonic()
        detail = step(box)
        results.append((name, time.monotonic() - started, detail))
        print(f"ok   {name:32} {results[-1][1]:5.1f} s  {detail}", flush=True)
    missing = {"xlsx", "bulletin"} - exports
    if missing:
        print(f"note: this build has no export command for {', '.join(sorted(missing))}")
    return results


def main(argv: list[str] | None = None) -> int:
    """Copy the bundle to a temporary folder and run every step there."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--bundle",
        type=Path,
        default=HERE / "dist" / "supervisor",
        help="the bundle folder, or its .zip / .tar.gz (default: %(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("SUPERVISOR_TEST_PG_URL"),
        help="also use this PostgreSQL database (default: SUPERVISOR_TEST_PG_URL)",
    )
    parser.add_argument(
        "--display",
        default=os.environ.get("SUPERVISOR_TEST_XDISPLAY"),
        help="an X display with a window manager: also open the GUI's window there "
        "(default: SUPERVISOR_TEST_XDISPLAY)",
    )
    parser.add_argument(
        "--bare-root",
        type=Path,
        default=os.environ.get("SUPERVISOR_BARE_ROOT") or None,
        help="open the window inside this bare Debian root (packaging/bare_desktop.sh), "
        "not on this machine (default: SUPERVISOR_BARE_ROOT)",
    )
    args = parser.parse_args(argv)
    if not (args.bundle / f"supervisor{EXE_SUFFIX}").is_file() and not args.bundle.is_file():
        print(f"no bundle at {args.bundle}: run packaging/build.py first", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="supervisor-smoke-"))
    started = time.monotonic()
    try:
        box = make_sandbox(args.bundle.resolve(), root)
        network = "none (unshare --net)" if box.isolate_network else "not isolated"
        print(f"bundle copy: {box.bundle}\nenvironment: {box.env()}\nnetwork: {network}")
        run_steps(box, args.postgres, args.display, args.bare_root)
    except (AssertionError, subprocess.TimeoutExpired) as err:  # SmokeError, WindowError
        print(f"FAIL {err}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"smoke test passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
