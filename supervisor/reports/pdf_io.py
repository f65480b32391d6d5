"""Atomic file output for report writers: write a temporary file beside the target, then replace."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from supervisor.reports.errors import ReportWriteError


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it onto ``path`` when the block ends.

    If the block raises, or the final move fails (target open in another program, read-only
    folder), the temporary file is removed and any existing target is left as it was.

    Args:
        path: The file to create or replace.

    Yields:
        The temporary file to write.

    Raises:
        ReportWriteError: The target cannot be written (message in Chinese).
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ReportWriteError(f"无法保存到“{path}”：这是一个文件夹，请选择文件名。")
    if not folder.is_dir():
        raise ReportWriteError(f"无法保存“{path.name}”：文件夹“{folder}”不存在。")
    temp = folder / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        # O_EXCL: never clobber a file we did not create; mode 0o666 lets the umask decide.
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise ReportWriteError(
            f"无法在文件夹“{folder}”中写入文件（文件夹可能是只读的或没有写入权限）：{_reason(exc)}"
        ) from exc
    try:
        yield temp
        try:
            os.replace(temp, path)
        except PermissionError as exc:
            raise ReportWriteError(
                f"无法保存“{path}”：文件可能正被其他程序（如 PDF 阅读器）打开，或没有写入权限。"
                "请关闭该文件后重试，原文件未被改动。"
            ) from exc
        except OSError as exc:
            raise ReportWriteError(f"无法保存“{path}”：{_reason(exc)}。原文件未被改动。") from exc
    except OSError as exc:
        raise ReportWriteError(f"写入“{path}”时出错：{_reason(exc)}。原文件未被改动。") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
