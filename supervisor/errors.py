"""Errors a user can act on: each carries a one-line Chinese message shown as is."""

from __future__ import annotations


class SupervisorError(Exception):
    """Base of every expected failure; ``str(err)`` is the Chinese message for the user."""


class InputFileError(SupervisorError):
    """An input file is empty, binary, undecodable, too large or otherwise unreadable."""


class NotFoundError(SupervisorError):
    """A plan, task, department … that the user named does not exist."""


class ValidationError(SupervisorError):
    """A value the user gave breaks a rule (empty title, deadline out of range, …)."""


class ConflictError(SupervisorError):
    """Someone else changed the same record in the meantime; nothing was written."""


class DuplicateError(SupervisorError):
    """The same thing (a report file, a returned workbook) was already imported."""


class DatabaseError(SupervisorError):
    """The database cannot be opened, upgraded or backed up."""
