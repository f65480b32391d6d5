"""Atomic file output for every report writer: a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from supervisor.reports.errors import ReportWriteError


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


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
        raise ReportWriteError(f"无法保存“{target}”：{_reason(exc)}。原文件未被改动。") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Write a file with ``write(temporary_path)`` through :func:`atomic_output`.

    Returns:
        The target path.
    """
    with atomic_output(path) as temp:
        write(temp)
    return Path(path)
