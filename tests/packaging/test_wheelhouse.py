"""The wheelhouse route: target-aware dependency walk, and installing from a folder alone."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
INSTALL_SH = REPO / "packaging" / "install_offline.sh"
SWITCH = "SUPERVISOR_TEST_BUNDLE"


def _load(name: str) -> ModuleType:
    # packaging/ is no package (and its name is taken by PyPI's "packaging"): load by path.
    spec = importlib.util.spec_from_file_location(f"_pkg_{name}", REPO / "packaging" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first: dataclasses look their module up while the class is being built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


wheelhouse = _load("wheelhouse")


def make_wheel(
    folder: Path, name: str, version: str, requires: list[str], tag: str = "py3-none-any"
) -> Path:
    """A real, installable wheel with one module ``name`` that records its version."""
    dist_info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f'VERSION = "{version}"\n',
        f"{dist_info}/METADATA": "\n".join(
            [
                "Metadata-Version: 2.1",
                f"Name: {name}",
                f"Version: {version}",
                *(f"Requires-Dist: {r}" for r in requires),
                "",
            ]
        ),
        f"{dist_info}/WHEEL": (
            f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: {tag}\n"
        ),
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = "\n".join(record) + "\n"
    wheel = folder / f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def test_targets_cover_windows_and_linux_for_311_and_312() -> None:
    names = {t.name for t in wheelhouse.targets()}
    assert names == {
        "win_amd64-cp311",
        "win_amd64-cp312",
        "manylinux_x86_64-cp311",
        "manylinux_x86_64-cp312",
    }


def test_pip_options_ask_for_binary_wheels_of_the_target() -> None:
    target = next(t for t in wheelhouse.targets() if t.name == "manylinux_x86_64-cp312")
    options = target.pip_options()
    assert "--only-binary=:all:" in options
    assert options[options.index("--python-version") + 1] == "3.12"
    platforms = {options[i + 1] for i, o in enumerate(options) if o == "--platform"}
    # pip does not widen manylinux_2_X by itself: older glibc tags must be named.
    assert {"manylinux_2_34_x86_64", "manylinux_2_28_x86_64", "manylinux2014_x86_64"} <= platforms


def test_walk_finds_what_only_windows_needs(tmp_path: Path) -> None:
    make_wheel(tmp_path, "demo_app", "1.0", ['tzdata; sys_platform == "win32"', "demo_dep>=2"])
    make_wheel(tmp_path, "demo_dep", "2.1", [])
    by_name = {t.name: t for t in wheelhouse.targets(["3.11"])}
    root = [Requirement("demo_app==1.0")]
    linux = wheelhouse.missing_requirements(tmp_path, by_name["manylinux_x86_64-cp311"], root)
    windows = wheelhouse.missing_requirements(tmp_path, by_name["win_amd64-cp311"], root)
    assert linux == []
    assert [r.name for r in windows] == ["tzdata"]
    assert wheelhouse.without_marker(windows[0]) == "tzdata"


def test_walk_follows_extras_and_ignores_wheels_of_other_platforms(tmp_path: Path) -> None:
    make_wheel(tmp_path, "demo_app", "1.0", ['demo_pg>=1; extra == "postgres"'])
    make_wheel(tmp_path, "demo_pg", "1.5", [], tag="cp311-cp311-win_amd64")
    by_name = {t.name: t for t in wheelhouse.targets(["3.11"])}
    root = [Requirement("demo_app[postgres]==1.0")]
    assert wheelhouse.missing_requirements(tmp_path, by_name["win_amd64-cp311"], root) == []
    linux = wheelhouse.missing_requirements(tmp_path, by_name["manylinux_x86_64-cp311"], root)
    assert [str(r.specifier) for r in linux] == [">=1"]
    plain = [Requirement("demo_app==1.0")]
    assert wheelhouse.missing_requirements(tmp_path, by_name["manylinux_x86_64-cp311"], plain) == []


def _install(wheels: Path, target: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": sys.executable}
    return subprocess.run(
        ["bash", str(INSTALL_SH), str(wheels), str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def _version_in(target: Path, module: str) -> str:
    result = subprocess.run(
        [str(target / "bin" / "python"), "-c", f"import {module}; print({module}.VERSION)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_script_installs_and_upgrades_from_the_folder_alone(tmp_path: Path) -> None:
    wheels = tmp_path / "wheelhouse"
    wheels.mkdir()
    make_wheel(wheels, "demo_app", "1.0", ["demo_dep>=2"])
    make_wheel(wheels, "demo_dep", "2.0", [])
    (wheels / "requirements.txt").write_text("demo_app\n", encoding="utf-8")
    target = tmp_path / "app"
    first = _install(wheels, target)
    assert first.returncode == 0, first.stderr
    assert _version_in(target, "demo_app") == "1.0"
    assert _version_in(target, "demo_dep") == "2.0"

    # A newer wheelhouse upgrades the same program folder in place.
    make_wheel(wheels, "demo_app", "1.1", ["demo_dep>=2"])
    second = _install(wheels, target)
    assert second.returncode == 0, second.stderr
    assert _version_in(target, "demo_app") == "1.1"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_script_never_falls_back_to_an_index(tmp_path: Path) -> None:
    wheels = tmp_path / "wheelhouse"
    wheels.mkdir()
    make_wheel(wheels, "demo_app", "1.0", ["demo_missing_dependency"])
    (wheels / "requirements.txt").write_text("demo_app\n", encoding="utf-8")
    result = _install(wheels, tmp_path / "app")
    assert result.returncode != 0
    assert "demo_missing_dependency" in result.stderr + result.stdout


def test_install_script_refuses_a_folder_without_wheels(tmp_path: Path) -> None:
    result = _install(tmp_path, tmp_path / "app")
    assert result.returncode == 1
    assert "没有安装包" in result.stderr
    assert not (tmp_path / "app").exists()


@pytest.mark.skipif(os.environ.get(SWITCH) != "1", reason=f"downloads ~500 MB: set {SWITCH}=1")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="installs the Linux wheels")
def test_real_wheelhouse_installs_the_app_offline(tmp_path: Path) -> None:
    folder = REPO / "packaging" / "wheelhouse"
    subprocess.run(
        [sys.executable, str(REPO / "packaging" / "wheelhouse.py"), "--output", str(folder)],
        check=True,
        timeout=3600,
    )
    target = tmp_path / "app"
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run(
        ["bash", str(folder / "install_offline.sh"), str(folder), str(target)],
        check=True,
        env=env,
        timeout=1200,
    )
    seed = REPO / "resources" / "reports" / "2020-shizuishan.txt"
    out = tmp_path / "out"
    out.mkdir()
    program = str(target / "bin" / "supervisor")
    run_env = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    as_of = ["--as-of", "2020-06-30"]
    steps = [
        ["extract", str(seed), "--json"],
        ["import-report", str(seed)],
        ["export", "xlsx", "--kind", "周报", *as_of, "-o", str(out / "周报.xlsx")],
        ["export", "bulletin", *as_of, "-o", str(out / "通报.pdf")],
    ]
    for argv in steps:
        done = subprocess.run(
            [program, *argv], capture_output=True, text=True, env=run_env, timeout=300, check=False
        )
        assert done.returncode == 0, f"{argv}: {done.stderr}"
    assert {p.name for p in out.iterdir()} == {"周报.xlsx", "通报.pdf"}
