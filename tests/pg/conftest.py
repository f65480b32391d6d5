"""A PostgreSQL database set up by ``db init-server`` with one login per office role.

Skipped without SUPERVISOR_TEST_PG_URL (a superuser's URL: ``.ci/run`` sets one with a
generated password). Role names are global to the server, so the logins are reused between
runs and given a new password each time.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from supervisor.db import server
from supervisor.services import office_server
from supervisor.services.office_roles import OfficeRole

PG_URL_ENV = "SUPERVISOR_TEST_PG_URL"
LOGINS = {
    OfficeRole.ADMIN: "sv_test_admin",
    OfficeRole.INSPECTOR: "sv_test_inspector",
    OfficeRole.LEADER: "sv_test_leader",
}


@dataclass(frozen=True)
class Office:
    """The superuser's URL and a URL (with password) per office role's login."""

    superuser: str
    urls: dict[OfficeRole, str]
    passwords: dict[OfficeRole, str]

    def url(self, role: OfficeRole) -> str:
        return self.urls[role]


def superuser_url() -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured ({PG_URL_ENV} unset)")
    return url


@pytest.fixture
def office(data_dir) -> Iterator[Office]:
    """An empty database, set up by init-server, with an admin, an inspector and a leader."""
    url = superuser_url()
    engine = create_engine(url)
    with engine.begin() as connection:
        if not server.can_create_roles(connection):
            engine.dispose()
            pytest.skip(f"{PG_URL_ENV} must name a superuser (or a login with CREATEROLE)")
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    office_server.init_server(url)
    passwords = {role: secrets.token_urlsafe(12) for role in LOGINS}
    for role, login in LOGINS.items():
        office_server.grant(url, login, role, lambda role=role: passwords[role])
        with engine.begin() as connection:
            verifier = server.scram_verifier(passwords[role])
            connection.exec_driver_sql(f"ALTER ROLE {login} PASSWORD '{verifier}'")
    engine.dispose()
    base = make_url(url)
    urls = {
        role: base.set(username=LOGINS[role], password=passwords[role]).render_as_string(
            hide_password=False
        )
        for role in LOGINS
    }
    return Office(url, urls, passwords)
