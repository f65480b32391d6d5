"""Portable mode: portable.txt or --portable keeps data, settings and logs by the program."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from supervisor import paths
from supervisor.errors import SupervisorError
from supervisor.logs import configure_logging
from supervisor.services.database import open_database

REPO = Path(__file__).resolve().parents[2]


def _entry_module() -> ModuleType:
    """``main.py`` as a module, loaded from its file (it is a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("supervisor_main_script", REPO / "main.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A frozen program in a folder of its own, with no data folder chosen by the environment."""
    folder = tmp_path / "U盘" / "supervisor"
    folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "supervisor.exe"))
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "share"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "home" / "AppData"))
    return folder


def test_program_dir_is_the_executables_folder_when_frozen(bundle: Path) -> None:
    assert paths.program_dir() == bundle.resolve()


def test_program_dir_is_the_folder_of_main_py_from_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert (paths.program_dir() / "main.py").is_file()


def test_without_marker_data_goes_to_the_user_data_folder(bundle: Path, tmp_path: Path) -> None:
    folder = paths.data_dir()
    assert folder.is_relative_to(tmp_path / "home")
    assert not (bundle / paths.PORTABLE_DATA_DIR).exists()


def test_marker_file_puts_database_settings_and_log_beside_the_program(bundle: Path) -> None:
    (bundle / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.is_portable()
    beside = bundle.resolve() / "data"
    assert paths.data_dir() == beside
    assert paths.default_database_url() == f"sqlite:///{beside / 'supervisor.sqlite'}"
    assert configure_logging() == beside / "supervisor.log"
    open_database(None).close()
    assert (beside / "supervisor.sqlite").is_file()


def test_environment_variable_wins_over_the_marker(bundle: Path, tmp_path: Path) -> None:
    (bundle / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    chosen = tmp_path / "chosen"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.DATA_DIR_ENV, str(chosen))
        assert paths.data_dir() == chosen


def test_portable_option_is_removed_and_moves_the_data(
    bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # monkeypatch restores SUPERVISOR_DATA_DIR, which --portable sets for the process.
    monkeypatch.setenv(paths.DATA_DIR_ENV, "")
    monkeypatch.setattr(sys, "argv", ["supervisor", "--portable", "plans"])
    assert _entry_module().main() == 0
    assert (bundle / "data" / "supervisor.sqlite").is_file()
    assert "--portable" not in capsys.readouterr().err


def test_strip_portable_option_keeps_everything_else() -> None:
    assert paths.strip_portable_option(["--db", "x.sqlite", "--portable", "plans"]) == (
        ["--db", "x.sqlite", "plans"],
        True,
    )
    assert paths.strip_portable_option(["plans"]) == (["plans"], False)


def test_unwritable_portable_folder_gives_a_chinese_message(bundle: Path) -> None:
    (bundle / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    # A file where the data folder should be: mkdir fails as on a read-only stick.
    (bundle / paths.PORTABLE_DATA_DIR).write_text("", encoding="utf-8")
    with pytest.raises(SupervisorError, match="无法创建数据文件夹"):
        paths.data_dir()


def test_resources_are_found_inside_a_bundle(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unpacked = tmp_path / "_internal"
    monkeypatch.setattr(sys, "_MEIPASS", str(unpacked), raising=False)
    assert paths.resources_dir() == unpacked / "resources"


def test_resources_of_a_wheel_install_are_found_under_the_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "venv" / "lib" / "site-packages"
    (site / "supervisor").mkdir(parents=True)
    shared = tmp_path / "venv" / "share" / "supervisor" / "resources"
    shared.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(site / "supervisor" / "paths.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    assert paths.resources_dir() == shared


def test_resources_of_a_checkout_are_the_repository_folder() -> None:
    assert paths.resources_dir() == REPO / "resources"
