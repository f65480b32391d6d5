"""The office fixture of the server tests: ``tests/pg_office.py`` with the sv_test_* logins."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from supervisor.services.database import Database, open_database
from supervisor.services.office_roles import OfficeRole
from tests.pg_office import Office, make_office


@pytest.fixture
def office(data_dir) -> Office:
    """An empty database, set up by init-server, with an admin, an inspector and a leader."""
    return make_office("test")


@pytest.fixture
def as_role(office: Office) -> Iterator[Callable[[OfficeRole], Database]]:
    """Opens the office's database as a role's login; closed after the test."""
    opened: list[Database] = []

    def open_as(role: OfficeRole) -> Database:
        database = open_database(office.url(role), create=False)
        opened.append(database)
        return database

    yield open_as
    for database in opened:
        database.close()
