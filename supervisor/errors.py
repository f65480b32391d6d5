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


class DatabaseBusyError(DatabaseError):
    """Another writer held the database longer than the busy timeout; try again later."""


class DamagedDatabaseError(DatabaseError):
    """The database file fails SQLite's integrity check; nothing more is written into it."""

    def __init__(
        self, message: str, path: object = None, *, detail: str = "", final: bool = False
    ) -> None:
        super().__init__(message)
        self.path = path
        self.detail = detail
        # False: raised deep in the database layer, which cannot look for backups; the
        # service layer replaces it with the full message (file, what to do, newest backup).
        self.final = final


class MissingDatabaseError(DatabaseError):
    """The database file named by ``--db``/``SUPERVISOR_DB`` does not exist (not created)."""

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.path = path


class DiskFullError(SupervisorError):
    """The disk is full (or a quota reached): nothing was saved."""


def os_error_message(error: OSError, action: str = "写入") -> str:
    """One Chinese line for a failed file operation: disk full, no permission, missing folder."""
    import errno

    where = f"：{error.filename}" if getattr(error, "filename", None) else ""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，无法{action}{where}。请清理磁盘空间后重试，本次操作未完成。"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有{action}权限{where}（文件夹只读或文件被占用）。请换一个位置或检查权限。"
    if error.errno == errno.ENOENT:
        return f"文件或文件夹不存在{where}。"
    return f"无法{action}{where}（{error.strerror or error}）。本次操作未完成。"


class ServerLoginError(DatabaseError):
    """The PostgreSQL server refused the login: wrong password or no such user."""


class ServerUnreachableError(DatabaseError):
    """The PostgreSQL server cannot be reached (address, port, network, TLS, pg_hba.conf)."""


class ConnectionLostError(DatabaseError):
    """The connection to the server broke (e.g. a restart); nothing of the transaction was kept."""


class PermissionDeniedError(DatabaseError):
    """The connected login's role may not do this; the server refused it, nothing was written."""


class SchemaVersionError(DatabaseError):
    """The database's schema is older than the program (and this login cannot upgrade it) or
    newer than the program."""
