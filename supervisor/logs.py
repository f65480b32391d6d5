"""Logging to a file in the data folder (standard error when it cannot be written)."""

from __future__ import annotations

import errno
import logging
import sys
from pathlib import Path

from supervisor import paths
from supervisor.errors import SupervisorError

_LOGGER_NAME = "supervisor"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _FallbackMixin:
    """A file handler that, when the file cannot be written, writes the record to stderr.

    logging's own ``handleError`` prints "--- Logging error ---" and a traceback of the
    logging machinery; on a full disk that buries the message the user needs.
    """

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self.failed = True
        _write_to_stderr(record)


def _write_to_stderr(record: logging.LogRecord) -> None:
    try:
        sys.stderr.write(logging.Formatter(_FORMAT).format(record) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nowhere left to write: the caller still shows its one-line message


def configure_logging() -> Path | None:
    """Send the app's log records to ``supervisor.log`` in the data folder (once per process).

    Returns:
        The log file, or None when it cannot be opened (read-only or missing data folder):
        records then go to standard error.
    """
    # Imported on first use: it pulls in socket, pickle and queue, which a start without an
    # error never needs.
    import logging.handlers

    class _FileHandler(_FallbackMixin, logging.handlers.RotatingFileHandler):
        pass

    logger = logging.getLogger(_LOGGER_NAME)
    logger.setLevel(logging.INFO)
    try:
        log_path = paths.log_file()
    except SupervisorError:
        log_path = None
    for handler in logger.handlers:
        if log_path is not None and getattr(handler, "baseFilename", None) == str(log_path):
            return None if getattr(handler, "failed", False) else log_path
        if log_path is None and isinstance(handler, _StderrHandler):
            return None
    try:
        if log_path is None:
            raise OSError(errno.ENOENT, "no data folder")
        handler = _FileHandler(log_path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        logger.addHandler(_StderrHandler())
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return log_path


class _StderrHandler(logging.StreamHandler):
    """Records on standard error, the log of last resort."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.setFormatter(logging.Formatter(_FORMAT))


def log_unexpected(error: BaseException, context: str) -> Path | None:
    """Write an unexpected error with its traceback to the log file and return the file.

    Returns:
        The log file, or None when it could not be written: the record (with its traceback)
        went to standard error instead.
    """
    log_path = configure_logging()
    logger = logging.getLogger(_LOGGER_NAME)
    handlers = [h for h in logger.handlers if isinstance(h, _FallbackMixin)]
    for handler in handlers:
        handler.failed = False
    logger.error("%s", context, exc_info=error)
    if log_path is None or any(h.failed for h in handlers):
        return None
    return log_path


def unexpected_error_message(log_path: Path | None) -> str:
    """The short Chinese message shown for an unexpected error."""
    if log_path is None:
        return "发生意外错误，操作未完成。日志文件无法写入，详细信息已输出到标准错误。"
    return f"发生意外错误，操作未完成。详细信息已写入日志文件：{log_path}"
