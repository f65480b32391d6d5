"""Download every wheel the app needs, for Windows and Linux and Python 3.11/3.12, into one folder.

The folder is then copied to an office PC without network and installed with
``install_offline.sh`` (Linux) or ``install_offline.bat`` (Windows), which sit inside it.
"""

from __future__ import annotations

import argparse
import email.parser
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUTPUT = HERE / "wheelhouse"
DEFAULT_EXTRAS = ("postgres", "fonts")
PYTHONS = ("3.11", "3.12")
INSTALLERS = ("install_offline.sh", "install_offline.bat")


@dataclass(frozen=True)
class Target:
    """One platform and Python version the wheelhouse serves."""

    name: str
    python: str
    # pip's --platform values
    platforms: tuple[str, ...]
    sys_platform: str
    platform_system: str
    os_name: str

    @property
    def abi(self) -> str:
        return "cp" + self.python.replace(".", "")

    def tags(self) -> set[Tag]:
        """The wheel tags an interpreter of this target accepts."""
        version = tuple(int(part) for part in self.python.split("."))
        platforms = list(self.platforms)
        if "manylinux2014_x86_64" in platforms:
            platforms += ["manylinux2010_x86_64", "manylinux1_x86_64"]
        tags = set(cpython_tags(version, [self.abi, "abi3", "none"], platforms))
        return tags | set(compatible_tags(version, self.abi[:4], platforms))

    def marker_environment(self) -> dict[str, str]:
        """Environment-marker values of the target, not of the machine running this script."""
        env = dict(default_environment())
        env.update(
            python_version=self.python,
            python_full_version=f"{self.python}.0",
            implementation_name="cpython",
            platform_python_implementation="CPython",
            sys_platform=self.sys_platform,
            platform_system=self.platform_system,
            platform_machine="AMD64" if self.sys_platform == "win32" else "x86_64",
            os_name=self.os_name,
        )
        return env

    def pip_options(self) -> list[str]:
        options = ["--only-binary=:all:", "--implementation", "cp", "--python-version", self.python]
        for abi in (self.abi, "abi3", "none"):
            options += ["--abi", abi]
        for platform in self.platforms:
            options += ["--platform", platform]
        return options


# PySide6 6.12 needs glibc 2.34 (Debian 12, Ubuntu 22.04, current domestic desktops); pip does
# not widen a manylinux_2_X platform to older ones by itself, so every one is named.
GLIBC_MINOR = 34
MANYLINUX = (
    *(f"manylinux_2_{minor}_x86_64" for minor in range(GLIBC_MINOR, 16, -1)),
    "manylinux2014_x86_64",
)


def targets(pythons: Sequence[str] = PYTHONS) -> list[Target]:
    """win_amd64 and manylinux x86_64 for each Python version."""
    result = []
    for python in pythons:
        tag = "cp" + python.replace(".", "")
        result.append(Target(f"win_amd64-{tag}", python, ("win_amd64",), "win32", "Windows", "nt"))
        result.append(
            Target(f"manylinux_x86_64-{tag}", python, MANYLINUX, "linux", "Linux", "posix")
        )
    return result


def app_requirement(extras: Sequence[str]) -> str:
    """``supervisor[postgres]==0.1.0``: the app at exactly the version built here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    suffix = f"[{','.join(extras)}]" if extras else ""
    return f"{project['name']}{suffix}=={version_of_checkout()}"


def version_of_checkout() -> str:
    for line in (ROOT / "supervisor" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("no __version__ in supervisor/__init__.py")


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """The Requires-Dist lines of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]


def missing_requirements(
    folder: Path, target: Target, roots: Iterable[Requirement]
) -> list[Requirement]:
    """Requirements of ``roots`` and their dependencies that no wheel in ``folder`` satisfies.

    pip evaluates environment markers for the machine it runs on even when told another
    platform, so a dependency only Windows needs (``tzdata; sys_platform == "win32"``) is
    missed when downloading on Linux. This walks the wheels' metadata with the target's
    marker values instead.
    """
    accepted = target.tags()
    available: dict[str, list[tuple[object, Path]]] = {}
    for wheel in folder.glob("*.whl"):
        name, version, _, tags = parse_wheel_filename(wheel.name)
        if tags & accepted:
            available.setdefault(name, []).append((version, wheel))
    env = target.marker_environment()
    missing: list[Requirement] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    pending = list(roots)
    while pending:
        requirement = pending.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        candidates = [
            (version, wheel)
            for version, wheel in available.get(key[0], [])
            if requirement.specifier.contains(version, prereleases=True)
        ]
        if not candidates:
            missing.append(requirement)
            continue
        _, wheel = max(candidates, key=lambda item: item[0])
        for dependency in wheel_requirements(wheel):
            active = dependency.marker is None or any(
                dependency.marker.evaluate({**env, "extra": extra})
                for extra in (*requirement.extras, "")
            )
            if active:
                pending.append(dependency)
    return missing


def without_marker(requirement: Requirement) -> str:
    """``tzdata>=2022; sys_platform == "win32"`` → ``tzdata>=2022``."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def build(output: Path, extras: Sequence[str], pythons: Sequence[str]) -> Path:
    """Fill ``output`` with the app's wheel, every dependency's wheels and the install scripts."""
    output.mkdir(parents=True, exist_ok=True)
    for old in output.glob("supervisor-*.whl"):
        old.unlink()
    pip("wheel", "--no-deps", "--wheel-dir", str(output), str(ROOT))
    requirement = app_requirement(extras)
    # pip resolves the app's dependencies from its wheel, found beside the downloads.
    for target in targets(pythons):
        print(f"== {target.name}", flush=True)
        options = [*target.pip_options(), "--dest", str(output), "--find-links", str(output)]
        pip("download", *options, requirement)
        for _ in range(5):
            missing = missing_requirements(output, target, [Requirement(requirement)])
            if not missing:
                break
            # Without their markers: pip would judge those for this machine and skip them.
            names = [without_marker(r) for r in missing]
            print(f"   also for {target.name}: {', '.join(names)}", flush=True)
            pip("download", *options, *names)
        else:
            raise SystemExit(f"{target.name}: still missing {missing}")
    (output / "requirements.txt").write_text(requirement + "\n", encoding="utf-8")
    for name in INSTALLERS:
        shutil.copy2(HERE / name, output / name)
    return output


def main(argv: list[str] | None = None) -> int:
    """Build the wheelhouse and print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--extras",
        default=",".join(DEFAULT_EXTRAS),
        help="extras of the app to include (default: %(default)s; empty for none)",
    )
    parser.add_argument(
        "--python", action="append", choices=PYTHONS, help="only these Python versions"
    )
    args = parser.parse_args(argv)
    extras = [e for e in args.extras.split(",") if e]
    folder = build(args.output.resolve(), extras, args.python or PYTHONS)
    wheels = sorted(folder.glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels) / 1_000_000
    print(f"wheelhouse: {folder} ({len(wheels)} wheels, {size:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
