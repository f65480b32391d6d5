"""A PostgreSQL database set up by ``db init-server`` with one test login per office role.

Used by tests/pg and the GUI tests that need a real server; skipped without
SUPERVISOR_TEST_PG_URL (a superuser's URL: ``.ci/run`` sets one with a generated password).
Role names are global to a server, so the logins are reused between runs and get a fresh
password each time; each test folder names its own (``make_office("gui")`` → sv_gui_admin …),
so two folders may share the server.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from supervisor.db import server
from supervisor.services import office_server
from supervisor.services.office_roles import OfficeRole

PG_URL_ENV = "SUPERVISOR_TEST_PG_URL"
# The login name's last part per office role: sv_<folder>_admin …
_LOGIN_SUFFIXES = {
    OfficeRole.ADMIN: "admin",
    OfficeRole.INSPECTOR: "inspector",
    OfficeRole.LEADER: "leader",
}


@dataclass(frozen=True)
class Office:
    """The superuser's URL, and per role a URL with and without the password."""

    superuser: str
    urls: dict[OfficeRole, str]
    passwords: dict[OfficeRole, str]

    def url(self, role: OfficeRole, *, with_password: bool = True) -> str:
        """The login's URL; without the password as a clerk's settings would hold it."""
        if with_password:
            return self.urls[role]
        return make_url(self.urls[role])._replace(password=None).render_as_string()

    def raw(self, role: OfficeRole) -> psycopg.Connection:
        """A plain psycopg connection as the role's login (autocommit): SQL past the program."""
        url = make_url(self.urls[role]).set(drivername="postgresql")
        return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def superuser_url() -> str:
    """SUPERVISOR_TEST_PG_URL, or skip the test."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured ({PG_URL_ENV} unset)")
    return url


def make_office(folder: str) -> Office:
    """An empty database set up by init-server, a login per role with a new password."""
    logins = {role: f"sv_{folder}_{suffix}" for role, suffix in _LOGIN_SUFFIXES.items()}
    url = superuser_url()
    engine = create_engine(url)
    with engine.begin() as connection:
        if not server.can_create_roles(connection):
            engine.dispose()
            pytest.skip(f"{PG_URL_ENV} must name a superuser (or a login with CREATEROLE)")
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    office_server.init_server(url)
    passwords = {role: secrets.token_urlsafe(12) for role in logins}
    for role, login in logins.items():
        office_server.grant(url, login, role, lambda role=role: passwords[role])
        with engine.begin() as connection:
            verifier = server.scram_verifier(passwords[role])
            connection.exec_driver_sql(f"ALTER ROLE {login} PASSWORD '{verifier}'")
    engine.dispose()
    base = make_url(url)
    urls = {
        role: base.set(username=logins[role], password=passwords[role]).render_as_string(
            hide_password=False
        )
        for role in logins
    }
    return Office(url, urls, passwords)


# A command that restarts the test server (``.ci/run`` sets it); without it every connection
# of the test database is ended instead, which is what a restart does to its clients.
RESTART_ENV = "SUPERVISOR_TEST_PG_RESTART"


def restart_server(superuser: str) -> None:
    """Restart the server (or end every client connection of the test database)."""
    import shlex
    import subprocess

    import psycopg

    command = os.environ.get(RESTART_ENV)
    if command:
        subprocess.run(shlex.split(command), check=True, capture_output=True, timeout=60)
        return
    plain = make_url(superuser).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND datname = current_database()"
        )
