"""The database's identity and fill-in seal key: workbooks name their database, sealed by it.

Two installations number their plans and tasks alike, so a returned workbook's plan id and
task versions alone cannot tell them apart. The identity lives in the database, so a restored
backup (or a copied SQLite file) is the same database to it.

The seal key signs (HMAC) a fill-in workbook's hidden metadata. It is kept only in the
database, never written into a workbook, so a department cannot recompute the seal after
editing the metadata, turn another department's workbook into its own, or strip the identity.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from supervisor.db.models import Setting
from supervisor.errors import ConflictError

IDENTITY_KEY = "database_id"
SEAL_KEY = "fillin_seal_key"
# When the first sealed workbook left: from then on unsealed ones are refused by default.
SEALED_EXPORT_KEY = "fillin_sealed_since"
# "1"/"0": the office's explicit choice to accept unsealed (older) workbooks or not.
ACCEPT_UNSEALED_KEY = "fillin_accept_unsealed"
_STORED = select(Setting.value).where(Setting.key == IDENTITY_KEY)


def ensure_identity(engine: Engine) -> None:
    """Give the database its identity and seal key if it has none yet (on opening, committed).

    Created here rather than on the first export so that they never depend on whether an
    export's transaction is committed: workbooks leave the program either way.
    """
    try:
        with engine.begin() as connection:
            _stored_or_new(connection, IDENTITY_KEY, _new_identity())
            _stored_or_new(connection, SEAL_KEY, _new_seal_key())
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
    return _created(session, IDENTITY_KEY, _new_identity())


def seal_key(session: Session) -> bytes:
    """The key that seals fill-in workbooks, created in the session's transaction if missing.

    Raises:
        ConflictError: Another user created it at the same moment (try again).
    """
    return bytes.fromhex(_created(session, SEAL_KEY, _new_seal_key()))


def stored_seal_key(session: Session) -> bytes | None:
    """The seal key, or None if this database never had one (it sealed no workbook)."""
    found = session.scalar(select(Setting.value).where(Setting.key == SEAL_KEY))
    return bytes.fromhex(found) if found else None


def note_sealed_export(session: Session) -> None:
    """Record, once, that sealed workbooks went out (unsealed ones are refused from then on)."""
    if session.get(Setting, SEALED_EXPORT_KEY) is None:
        stamp = dt.datetime.now().replace(microsecond=0).isoformat()
        session.add(Setting(key=SEALED_EXPORT_KEY, value=stamp))
        session.flush()


def accepts_unsealed(session: Session) -> bool:
    """Whether unsealed (format 1–3) workbooks may be imported.

    The office's explicit choice when it made one; otherwise yes until the first sealed
    export (every workbook out there is unsealed), no after it.
    """
    choice = session.get(Setting, ACCEPT_UNSEALED_KEY)
    if choice is not None:
        return choice.value == "1"
    return session.get(Setting, SEALED_EXPORT_KEY) is None


def set_accepts_unsealed(session: Session, allow: bool) -> None:
    """Store the office's choice on unsealed workbooks (flushed, committed by the caller)."""
    value = "1" if allow else "0"
    row = session.get(Setting, ACCEPT_UNSEALED_KEY)
    if row is None:
        session.add(Setting(key=ACCEPT_UNSEALED_KEY, value=value))
    else:
        row.value = value
    session.flush()


def _new_identity() -> str:
    return uuid.uuid4().hex


def _new_seal_key() -> str:
    return secrets.token_bytes(32).hex()


def _created(session: Session, key: str, new: str) -> str:
    """The setting ``key``, stored as ``new`` in the session's transaction if missing."""
    try:
        return _stored_or_new(session.connection(), key, new)
    except IntegrityError as err:
        raise ConflictError("另一位用户正在为同一数据库导出填报表，请重试") from err


def _stored_or_new(connection: Connection, key: str, new: str) -> str:
    """The stored value of the setting ``key``; ``new`` is inserted when there is none."""
    found = connection.scalar(select(Setting.value).where(Setting.key == key))
    if found:
        return found
    connection.execute(insert(Setting).values(key=key, value=new))
    return new
