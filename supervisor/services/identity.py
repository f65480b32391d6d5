"""The database's identity: fill-in workbooks name the database they were exported from.

Two installations number their plans and tasks alike, so a returned workbook's plan id and
task versions alone cannot tell them apart. The identity lives in the database, so a restored
backup (or a copied SQLite file) is the same database to it.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from supervisor.db.models import Setting
from supervisor.errors import ConflictError

IDENTITY_KEY = "database_id"
_STORED = select(Setting.value).where(Setting.key == IDENTITY_KEY)


def ensure_identity(engine: Engine) -> None:
    """Give the database its identity if it has none yet (on opening, committed at once).

    Created here rather than on the first export so that it never depends on whether an
    export's transaction is committed: workbooks leave the program either way.
    """
    try:
        with engine.begin() as connection:
            _identity(connection)
    except IntegrityError:
        pass  # another program opening the same new database was first
    except OperationalError:
        pass  # a database opened read-only; database_identity() tries again when needed


def stored_identity(session: Session) -> str | None:
    """This database's identity, or None if it has none yet."""
    return session.scalar(_STORED)


def database_identity(session: Session) -> str:
    """This database's identity, created in the session's transaction if it has none yet.

    Raises:
        ConflictError: Another user created it at the same moment (try again).
    """
    try:
        return _identity(session.connection())
    except IntegrityError as err:
        raise ConflictError("另一位用户正在为同一数据库导出填报表，请重试") from err


def _identity(connection: Connection) -> str:
    found = connection.scalar(_STORED)
    if found:
        return found
    identity = uuid.uuid4().hex
    connection.execute(insert(Setting).values(key=IDENTITY_KEY, value=identity))
    return identity
