"""The office fixture of the server tests: ``tests/pg_office.py`` with the sv_test_* logins."""

from __future__ import annotations

import pytest

from tests.pg_office import Office, make_office


@pytest.fixture
def office(data_dir) -> Office:
    """An empty database, set up by init-server, with an admin, an inspector and a leader."""
    return make_office("test")
