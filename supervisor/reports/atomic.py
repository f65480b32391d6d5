"""Atomic file output for every report writer: a temporary file (or folder) beside the target,
then rename; a full disk or a read-only folder is one Chinese message and leaves nothing behind."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from supervisor.reports.errors import ReportWriteError


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "磁盘空间不足，请清理磁盘后重试"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限（文件夹只读或文件被占用）"
    return exc.strerror or str(exc)


def _drop_abandoned(exc: BaseException) -> None:
    """Close the failed writer's abandoned file objects now, without "Exception ignored" noise.

    A library that fails half-way through a save (openpyxl's zip writer on a full disk) leaves
    its file objects open in the frames of the traceback; when they are collected, close()
    flushes again, fails the same way and Python prints "Exception ignored … OSError" with a
    traceback after our message. The failure is already reported, so those echoes are dropped.
    """
    previous = sys.unraisablehook

    def hook(unraisable: object) -> None:
        if not isinstance(getattr(unraisable, "exc_value", None), OSError):
            previous(unraisable)  # type: ignore[arg-type]

    sys.unraisablehook = hook
    try:
        traceback.clear_frames(exc.__traceback__)
        if threading.current_thread() is threading.main_thread():
            # Not in a worker: a collection there could destroy GUI objects left in cycles
            # while the GUI thread uses them; the GUI thread's next collection closes the
            # files instead (an "Exception ignored" line on stderr at worst).
            gc.collect()
    finally:
        sys.unraisablehook = previous


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it onto ``path`` when the block ends.

    A reader never sees half a file. If the block raises (a failure or a cancel), or the final
    rename fails (the target is open in another program, the folder is read-only), the
    temporary file is removed and an existing target is left as it was.

    Raises:
        ReportWriteError: the target cannot be written (message in Chinese).
    """
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise ReportWriteError(f"无法保存到“{target}”：这是一个文件夹，请选择文件名。")
    if not folder.is_dir():
        raise ReportWriteError(f"无法保存“{target.name}”：文件夹“{folder}”不存在。")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f"~{target.stem}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ReportWriteError(
            f"无法保存“{target}”：没有在文件夹“{folder}”中写入的权限（{_reason(exc)}）。"
        ) from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        # mkstemp makes the file private to its owner; keep the replaced file's permissions.
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    except PermissionError as exc:
        raise ReportWriteError(
            f"无法保存“{target}”：文件可能正被其他程序（如 Excel、WPS、PDF 阅读器）打开，"
            "或没有写入权限。请关闭该文件后重试，原文件未被改动。"
        ) from exc
    except OSError as exc:
        _drop_abandoned(exc)
        raise ReportWriteError(f"无法保存“{target}”：{_reason(exc)}。原文件未被改动。") from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Write a file with ``write(temporary_path)`` through :func:`atomic_output`.

    Returns:
        The target path.
    """
    with atomic_output(path) as temp:
        write(temp)
    return Path(path)


@contextlib.contextmanager
def atomic_folder(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a staging folder; the files written into it appear in ``folder`` all or none.

    The staging folder is made beside the target (same disk, so moving is a rename). When the
    block ends, a target folder that did not exist is the staging folder renamed; into an
    existing folder the files are moved one by one, and if a move fails every file moved so
    far is taken back and any file it replaced is put back. If the block raises (a failure,
    a cancel, a full disk), nothing reaches ``folder``.

    Use: ``with atomic_folder(target) as staging: write each file to staging / name``; the
    written paths are then ``target / name``.

    Raises:
        ReportWriteError: the folder cannot be written (message in Chinese); nothing changed.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ReportWriteError(f"无法保存到“{target}”：这是一个文件，请选择文件夹。")
    parent = target if target.is_dir() else target.parent
    try:
        # Like mkdir -p: the folders above the target are made; the target appears whole.
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportWriteError(f"无法创建文件夹“{parent}”：{_reason(exc)}。") from exc
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"~{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise ReportWriteError(f"无法保存到“{target}”：{_reason(exc)}。") from exc
    try:
        try:
            yield staging
        except OSError as exc:
            _drop_abandoned(exc)
            raise ReportWriteError(
                f"无法保存到“{target}”：{_reason(exc)}。未写入任何文件。"
            ) from exc
        try:
            _publish(staging, target)
        except OSError as exc:
            raise ReportWriteError(
                f"无法保存到“{target}”：{_reason(exc)}。未写入任何文件，原有文件未被改动。"
            ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staging: Path, target: Path) -> None:
    files = sorted(path for path in staging.iterdir() if path.is_file())
    if not target.exists():
        os.chmod(staging, 0o755)  # mkdtemp makes it private to its owner
        for file in files:
            os.chmod(file, 0o644)
        # The staging folder becomes the target: one rename, so all files appear at once.
        os.rename(staging, target)
        staging.mkdir()  # for the caller's cleanup to find
        return
    displaced = staging / ".replaced"
    displaced.mkdir()
    moved: list[tuple[Path, Path | None]] = []
    try:
        for file in files:
            destination = target / file.name
            old = None
            if destination.exists():
                old = displaced / file.name
                os.replace(destination, old)
            os.chmod(file, old.stat().st_mode & 0o777 if old is not None else 0o644)
            moved.append((destination, old))
            os.replace(file, destination)
    except OSError:
        for destination, old in reversed(moved):
            with contextlib.suppress(OSError):
                if old is not None:
                    os.replace(old, destination)
                else:
                    destination.unlink(missing_ok=True)
        raise
