"""记住密码: a server password kept in the system's keyring (never in a file), or not at all.

Windows' Credential Manager, macOS' Keychain and the Secret Service of Linux desktops
(GNOME Keyring, KWallet) are used through the ``keyring`` package. Where none is available
(a bare server, a desktop without a keyring daemon) nothing is stored and the password is
asked each time; a file-based keyring that keeps passwords readable is never accepted.
"""

from __future__ import annotations

import contextlib
import logging

from sqlalchemy.engine import make_url

SERVICE = "supervisor 重点任务督查督办"
_log = logging.getLogger(__name__)


def credential_key(url: str, user: str) -> str:
    """The keyring's user name for one login on one server: ``user@host:port/database``."""
    parsed = make_url(url)
    return f"{user}@{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def keyring_available() -> bool:
    """True when a system keyring that keeps secrets encrypted can be used."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop the login
        return False
    backends = backend.backends if isinstance(backend, chainer.ChainerBackend) else [backend]
    return any(_safe(b) for b in backends if not isinstance(b, fail.Keyring))


def _safe(backend: object) -> bool:
    # keyrings.alt's PlaintextKeyring/EncryptedKeyring files and the null backend do not count:
    # the first keeps passwords readable, the others keep nothing.
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    if "plaintext" in name or "null" in name or "keyrings.alt" in name:
        return False
    priority = getattr(backend, "priority", 0)
    return isinstance(priority, int | float) and priority >= 1


def stored_password(key: str) -> str | None:
    """The password remembered for ``key``, or None (none stored, or no keyring)."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, key)
    except Exception as err:  # a locked or broken keyring: ask instead
        _log.warning("keyring read failed: %s", err)
        return None


def store_password(key: str, password: str) -> bool:
    """Remember the password in the keyring; False when it could not be stored."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, key, password)
    except Exception as err:
        _log.warning("keyring write failed: %s", err)
        return False
    return True


def forget_password(key: str) -> None:
    """Remove a remembered password (it was refused, or the clerk unticked 记住密码)."""
    if not keyring_available():
        return
    import keyring

    with contextlib.suppress(Exception):
        keyring.delete_password(SERVICE, key)
