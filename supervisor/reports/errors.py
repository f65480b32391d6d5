"""Errors the report writers raise, with messages fit to show a user (in Chinese)."""

from __future__ import annotations

from supervisor.errors import SupervisorError


class ReportError(SupervisorError):
    """Base class of report errors."""


class ReportWriteError(ReportError):
    """The report could not be saved; the target file, if any, is left untouched."""


class ReportCancelled(ReportError):  # noqa: N818 - a user action, not a failure
    """The user cancelled the export; nothing was written."""


class WorkbookReadError(ReportError):
    """A workbook could not be read: missing, empty, too large, not xlsx, encrypted or unsafe."""
