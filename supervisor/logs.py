"""Logging to a file in the data folder, so unexpected errors can be reported and diagnosed."""

from __future__ import annotations

import logging
from pathlib import Path

from supervisor import paths

_LOGGER_NAME = "supervisor"


def configure_logging() -> Path:
    """Send the app's log records to ``supervisor.log`` in the data folder (once per process)."""
    # Imported on first use: it pulls in socket, pickle and queue, which a start without an
    # error never needs.
    import logging.handlers

    log_path = paths.log_file()
    logger = logging.getLogger(_LOGGER_NAME)
    for handler in logger.handlers:
        if getattr(handler, "baseFilename", None) == str(log_path):
            return log_path
    handler = logging.handlers.RotatingFileHandler(
        log_path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return log_path


def log_unexpected(error: BaseException, context: str) -> Path:
    """Write an unexpected error with its traceback to the log file and return the file."""
    log_path = configure_logging()
    logging.getLogger(_LOGGER_NAME).error("%s", context, exc_info=error)
    return log_path


def unexpected_error_message(log_path: Path) -> str:
    """The short Chinese message shown for an unexpected error."""
    return f"发生意外错误，操作未完成。详细信息已写入日志文件：{log_path}"
