"""A full disk or an unwritable place: one Chinese line, no traceback, nothing half-written."""

from __future__ import annotations

import builtins
import errno
import gc
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from supervisor import cli
from supervisor.db.models import Plan, Task
from supervisor.reports.atomic import atomic_folder, atomic_output
from supervisor.reports.errors import ReportWriteError
from supervisor.services.database import open_database


class _FullFile:
    """A file on a disk with ``budget`` bytes left: writes beyond it fail with ENOSPC."""

    def __init__(self, real: Any, path: str, budget: list[int]) -> None:
        self._real = real
        self._path = path
        self._budget = budget

    def write(self, data: Any) -> int:
        size = len(data)
        if size > self._budget[0]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._path)
        self._budget[0] -= size
        return self._real.write(data)

    def flush(self) -> None:
        self._real.flush()

    def close(self) -> None:
        self._real.close()

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, int], None]:
    """``full_disk(folder, budget)``: files written under ``folder`` fill up after ``budget``."""
    real_open = io.open

    def install(folder: Path, budget: int) -> None:
        left = [budget]
        root = str(folder.resolve())

        def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_open(file, mode, *args, **kwargs)
            writing = any(flag in mode for flag in "wax+")
            if writing and isinstance(file, str | os.PathLike):
                path = str(Path(os.fspath(file)).resolve())
                if path.startswith(root):
                    return _FullFile(handle, path, left)
            return handle

        monkeypatch.setattr(io, "open", fake_open)
        monkeypatch.setattr(builtins, "open", fake_open)

    return install


EXPORT = ("export", "xlsx", "--kind", "周报", "-o")


def _write_three(target: Path, content: bytes, *, via_open: bool = False) -> None:
    with atomic_folder(target) as staging:
        for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
            if via_open:
                with open(staging / name, "wb") as handle:
                    handle.write(content)
            else:
                (staging / name).write_bytes(content)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    gc.collect()  # any "Exception ignored" echo of an abandoned file would print now
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def office(tmp_path: Path, seed_report: Path) -> str:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    open_database(url).close()
    assert cli.main(["--db", url, "import-report", str(seed_report)]) == 0
    return url


def test_xlsx_export_onto_a_full_disk(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    office: str,
    full_disk: Callable[[Path, int], None],
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "周进度表.xlsx"
    target.write_bytes(b"the previous export")
    capsys.readouterr()
    full_disk(out_dir, 20_000)
    code, _, err = _run(
        capsys, "--db", office, "export", "xlsx", "--kind", "周报", "-o", str(target)
    )
    assert code == 1
    assert err.count("\n") == 1, err
    assert "磁盘空间不足" in err
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in out_dir.iterdir()] == [target.name]


_FULL_DISK_PROCESS = """
import builtins, errno, io, os, sys
from pathlib import Path

root, budget = str(Path(sys.argv[1]).resolve()), [int(sys.argv[2])]
real_open = io.open


class FullFile:
    def __init__(self, real, path):
        self._real, self._path = real, path

    def write(self, data):
        if len(data) > budget[0]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._path)
        budget[0] -= len(data)
        return self._real.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._real.close()

    def __getattr__(self, name):
        return getattr(self._real, name)


def fake_open(file, mode="r", *args, **kwargs):
    handle = real_open(file, mode, *args, **kwargs)
    if any(f in mode for f in "wax+") and isinstance(file, (str, os.PathLike)):
        if str(Path(os.fspath(file)).resolve()).startswith(root):
            return FullFile(handle, str(file))
    return handle


io.open = builtins.open = fake_open
from supervisor.cli import main

sys.exit(main(sys.argv[3:]))
"""


def test_xlsx_export_onto_a_full_disk_in_a_real_process(tmp_path: Path, office: str) -> None:
    # pytest turns "Exception ignored" echoes into warnings; a plain process shows them.
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "周进度表.xlsx"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _FULL_DISK_PROCESS,
            str(out_dir),
            "20000",
            "--db",
            office,
            *EXPORT,
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "磁盘空间不足" in result.stderr
    assert "Exception ignored" not in result.stderr
    assert list(out_dir.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KB file system (tmpfs), where mounting is allowed (root on Linux)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_xlsx_export_onto_a_really_full_disk(
    capsys: pytest.CaptureFixture[str], office: str, tiny_disk: Path
) -> None:
    (tiny_disk / "filler.bin").write_bytes(b"\0" * 48 * 1024)
    target = tiny_disk / "周进度表.xlsx"
    capsys.readouterr()
    code, _, err = _run(
        capsys, "--db", office, "export", "xlsx", "--kind", "周报", "-o", str(target)
    )
    assert code == 1
    assert err.count("\n") == 1, err
    assert "磁盘空间不足" in err
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler.bin"]


def test_atomic_folder_writes_all_or_nothing(
    tmp_path: Path, full_disk: Callable[[Path, int], None]
) -> None:
    tmp_path = tmp_path / "work"
    target = tmp_path / "填报表"
    target.mkdir(parents=True)
    (target / "b.xlsx").write_bytes(b"old b")
    (target / "keep.txt").write_bytes(b"not ours")
    full_disk(tmp_path, 2_500)
    with pytest.raises(ReportWriteError, match=r"磁盘空间不足.*未写入任何文件"):
        _write_three(target, b"x" * 1_000, via_open=True)
    assert sorted(p.name for p in target.iterdir()) == ["b.xlsx", "keep.txt"]
    assert (target / "b.xlsx").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["填报表"]


def test_atomic_folder_publishes_every_file_or_takes_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "b.xlsx").write_bytes(b"old b")
    with atomic_folder(target) as staging:
        for name in ("a.xlsx", "b.xlsx"):
            (staging / name).write_bytes(f"new {name}".encode())
    assert (target / "a.xlsx").read_bytes() == b"new a.xlsx"
    assert (target / "b.xlsx").read_bytes() == b"new b.xlsx"

    real_replace = os.replace
    calls = []

    def failing_replace(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == 4:  # a.xlsx displaced, a.xlsx moved, b.xlsx displaced, then fail
            raise OSError(errno.EIO, "I/O error", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ReportWriteError, match="原有文件未被改动"):
        _write_three(target, b"third round")
    monkeypatch.setattr(os, "replace", real_replace)
    assert sorted(p.name for p in target.iterdir()) == ["a.xlsx", "b.xlsx"]
    assert (target / "a.xlsx").read_bytes() == b"new a.xlsx"
    assert (target / "b.xlsx").read_bytes() == b"new b.xlsx"


def test_a_new_folder_appears_whole(tmp_path: Path) -> None:
    tmp_path = tmp_path / "work"
    target = tmp_path / "2020年第27周" / "填报表"  # folders above it are made as by mkdir -p
    with atomic_folder(target) as staging:
        assert not target.exists()
        (staging / "a.xlsx").write_bytes(b"a")
    assert [p.name for p in target.iterdir()] == ["a.xlsx"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["填报表"]


def test_fillin_export_to_a_folder_on_a_full_disk_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    office: str,
    full_disk: Callable[[Path, int], None],
) -> None:
    steps = [
        "departments add 市工业和信息化局",
        "departments add 市发展改革委",
        "assign 2.1.1.1 --lead 市工业和信息化局",
        "assign 2.1.1.2 --lead 市发展改革委",
        "assign 2.1.1.3 --lead 市发展改革委 --co 市工业和信息化局",
    ]
    for step in steps:
        assert cli.main(["--db", office, *step.split()]) == 0, step
    out_dir = tmp_path / "填报表"
    out_dir.mkdir()
    # Room for about one workbook: the second one fills the disk.
    full_disk(out_dir, 12_000)
    capsys.readouterr()
    code, _, err = _run(capsys, "--db", office, "fillin", "export", "-o", str(out_dir))
    assert code == 1
    assert err.count("\n") == 1, err
    assert "磁盘空间不足" in err
    assert list(out_dir.iterdir()) == []


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


def test_a_log_on_a_full_disk_falls_back_to_stderr(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is a Linux device")
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    open_database(url).close()
    (data_dir / "supervisor.log").symlink_to("/dev/full")
    monkeypatch.setattr("supervisor.services.plans.list_plans", _explode)
    code, _, err = _run(capsys, "--db", url, "plans")
    assert code == 1
    assert "日志文件无法写入" in err
    assert "RuntimeError: boom" in err  # the details are not lost
    assert "Logging error" not in err


def test_a_log_in_an_unusable_data_folder_falls_back_to_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    open_database(url).close()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("SUPERVISOR_DATA_DIR", str(blocker / "data"))
    monkeypatch.setattr("supervisor.services.plans.list_plans", _explode)
    code, _, err = _run(capsys, "--db", url, "plans")
    assert code == 1
    assert "日志文件无法写入" in err
    assert "RuntimeError: boom" in err


@pytest.fixture
def small_database_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call to give SQLite its own "disk is full": the file may no longer grow."""
    from supervisor.db import session as session_module

    real = session_module._on_sqlite_connect

    def capped(connection: Any, record: Any) -> None:
        real(connection, record)
        cursor = connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count={pages + 2}")
        cursor.close()

    return lambda: monkeypatch.setattr(session_module, "_on_sqlite_connect", capped)


def test_a_full_disk_under_the_database(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    seed_report: Path,
    small_database_disk: Callable[[], None],
) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    assert cli.main(["--db", url, "db", "init"]) == 0
    capsys.readouterr()
    small_database_disk()
    code, _, err = _run(capsys, "--db", url, "import-report", str(seed_report))
    assert code == 1
    assert err.count("\n") == 1, err
    assert "磁盘已满" in err
    assert "Traceback" not in err
    database = open_database(url)
    try:
        with database.sessions() as session:
            assert session.scalar(select(func.count(Plan.id))) == 0
            assert session.scalar(select(func.count(Task.id))) == 0
    finally:
        database.close()


def test_a_read_only_database_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "office.sqlite"
    open_database(str(file)).close()
    read_only = f"sqlite:///file:{file}?mode=ro&uri=true"
    code, _, err = _run(capsys, "--db", read_only, "plans")
    assert code == 0, err
    code, _, err = _run(
        capsys, "--db", read_only, "plan", "new", "--title", "新计划", "--year", "2021"
    )
    assert code == 1
    assert err.count("\n") == 1, err
    assert "只读" in err
    assert "Traceback" not in err


def test_a_failed_write_in_a_worker_thread_leaves_collection_to_the_main_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A collection in a worker could destroy the GUI thread's objects left in cycles while
    # its event loop uses them (ui/work/collector.py); the main thread may collect.
    collected: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(threading.current_thread().name))

    errors: list[BaseException] = []
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def fail_to_write() -> None:
        try:
            with atomic_output(out_dir / "out.xlsx") as staging:
                staging.write_bytes(b"half")
                raise OSError(errno.ENOSPC, "No space left on device")
        except ReportWriteError as exc:
            errors.append(exc)

    worker = threading.Thread(target=fail_to_write, name="worker")
    worker.start()
    worker.join()
    assert collected == []
    fail_to_write()
    assert collected == [threading.main_thread().name]
    assert len(errors) == 2
    assert list(out_dir.iterdir()) == []
