"""Build the one-folder bundle for this OS with PyInstaller, report its size, optionally pack it."""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bundle_config as cfg  # noqa: E402

ROOT = HERE.parent
SPEC = HERE / "supervisor.spec"
DEFAULT_DIST = HERE / "dist"
DEFAULT_WORK = HERE / "build" / "pyinstaller"


def folder_size(folder: Path) -> int:
    """Bytes of all files below ``folder`` (what ``du`` counts, without block rounding)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def app_version() -> str:
    """The version in ``supervisor/__init__.py``, read without importing the app."""
    for line in (ROOT / "supervisor" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("no __version__ in supervisor/__init__.py")


def platform_tag() -> str:
    """``windows-x86_64``, ``linux-x86_64`` …: the zip's name says where it runs."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower().replace('amd64', 'x86_64')}"


def build(dist: Path, work: Path, clean: bool) -> tuple[Path, list[str]]:
    """Run PyInstaller on the spec; returns the bundle folder and its "Library not found" lines."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
    ]
    if clean:
        command.append("--clean")
    # PyInstaller's hooks import PySide6: keep them from looking for a display.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    not_found = []
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, errors="replace"
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:
            sys.stderr.write(line)
            if "Library not found" in line:
                not_found.append(line.strip())
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return dist / "supervisor", not_found


_DEPENDENT = re.compile(r"dependency of '([^']+)'")


def missing_libraries(bundle: Path, not_found: list[str]) -> list[str]:
    """The build's "Library not found" lines for binaries the bundle kept, and the X11
    libraries it must carry (bundle_config.XCB_LIBRARIES_CARRIED) but does not.

    A warning about a plugin the bundle then left out (its dependent is not in the bundle)
    does not matter: nothing loads it.
    """
    names = {path.name for path in bundle.rglob("*")}
    problems = []
    for line in not_found:
        dependent = _DEPENDENT.search(line)
        if dependent is None or Path(dependent.group(1)).name in names:
            problems.append(line)
    if sys.platform.startswith("linux"):
        problems += [
            f"{name}: not in the bundle (bundle_config.XCB_LIBRARIES_CARRIED)"
            for name in cfg.XCB_LIBRARIES_CARRIED
            if name not in names
        ]
    return problems


def make_archive(bundle: Path) -> Path:
    """Pack the bundle so that it unpacks to one ``supervisor`` folder beside the archive.

    Windows gets a zip (Explorer opens it); elsewhere a tar.gz, which keeps the executable
    bits and the symbolic links between Qt's libraries (a zip would store each twice).
    """
    stem = f"supervisor-{app_version()}-{platform_tag()}"
    if sys.platform == "win32":
        target = bundle.parent / f"{stem}.zip"
        target.unlink(missing_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(bundle.rglob("*")):
                if path.is_file():
                    archive.write(path, Path(bundle.name) / path.relative_to(bundle))
        return target
    target = bundle.parent / f"{stem}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=bundle.name)
    return target


def main(argv: list[str] | None = None) -> int:
    """Build; print the bundle's folder, its size and the build time."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="output folder")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="PyInstaller work folder")
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument(
        "--archive",
        action="store_true",
        help="also pack the bundle beside it (zip on Windows, tar.gz elsewhere)",
    )
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="build even when a library the bundle loads was not found (it will not run "
        "on every desktop)",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    bundle, not_found = build(args.dist.resolve(), args.work.resolve(), args.clean)
    seconds = time.monotonic() - started
    problems = missing_libraries(bundle, not_found)
    left_out = sorted(
        {Path(m.group(1)).name for line in not_found if (m := _DEPENDENT.search(line))}
        - {Path(line.split("'")[3]).name for line in problems if line.count("'") >= 4}
    )
    if left_out:
        # Their "Library not found" lines above concern plugins the bundle does not carry.
        print(f"not found, but only for files left out of the bundle: {', '.join(left_out)}")
    if problems:
        print("the bundle lacks libraries it loads:", *problems, sep="\n  ", file=sys.stderr)
        print(
            "on Debian/Ubuntu install them first (see .ci/run), e.g. apt-get install "
            "libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 "
            "libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0",
            file=sys.stderr,
        )
        if not args.allow_missing:
            return 1
    size_mb = folder_size(bundle) / 1_000_000
    print(f"bundle: {bundle}")
    print(f"size: {size_mb:.1f} MB unpacked, built in {seconds:.0f} s")
    if args.archive:
        archive = make_archive(bundle)
        print(f"archive: {archive} ({archive.stat().st_size / 1_000_000:.1f} MB)")
    if shutil.which("du") and sys.platform != "win32":
        subprocess.run(["du", "-sh", str(bundle)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
