"""Without Qt's system libraries the suite runs its non-GUI tests and names the apt line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# What the dynamic loader says on a machine without GLib, raised where PySide6 would load it.
BLOCK_QT = """
import importlib.abc, sys

class _NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("PySide6.Qt"):
            raise ImportError(
                "libglib-2.0.so.0: cannot open shared object file: No such file or directory"
            )
        return None

sys.meta_path.insert(0, _NoQt())
"""


def _pytest(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCK_QT, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    environ.pop("SUPERVISOR_TEST_REQUIRE_QT", None)
    environ.update(PYTHONPATH=str(site), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_gui_tests_are_left_out_with_the_apt_line(tmp_path: Path) -> None:
    result = _pytest(tmp_path, "tests/extract", "tests/ui")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "INTERNALERROR" not in out
    assert "passed" in out
    # tests/ui was not collected, and the line names the library and the packages.
    assert "tests/ui" not in out.replace("跳过 tests/ui", "")
    line = next(line for line in out.splitlines() if line.startswith("Qt 无法加载"))
    assert "libglib-2.0.so.0" in line
    assert "apt-get install -y --no-install-recommends" in line
    assert "libglib2.0-0" in line
    assert "libxkbcommon0" in line


def test_a_missing_qt_is_an_error_where_required(tmp_path: Path) -> None:
    result = _pytest(tmp_path, "tests/extract", SUPERVISOR_TEST_REQUIRE_QT="1")
    out = result.stdout + result.stderr
    assert result.returncode == 4, out  # pytest's usage error
    assert "INTERNALERROR" not in out
    assert "ERROR: Qt 无法加载（libglib-2.0.so.0" in out
    assert "passed" not in out
