"""Fixtures shared by every test: an isolated data folder and databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

# Qt aborts without a display unless told to draw offscreen; must be set before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from supervisor.services.database import Database, open_database

REPO = Path(__file__).resolve().parent.parent
SEED_REPORT = REPO / "resources" / "reports" / "2020-shizuishan.txt"
PG_URL_ENV = "SUPERVISOR_TEST_PG_URL"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder, database and settings at a temporary folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("SUPERVISOR_DATA_DIR", str(folder))
    monkeypatch.delenv("SUPERVISOR_DB", raising=False)
    monkeypatch.setenv("SUPERVISOR_USER", "测试员")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return folder


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file always, PostgreSQL when SUPERVISOR_TEST_PG_URL is set."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'office.sqlite'}"
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured ({PG_URL_ENV} unset)")
    _reset_postgres(url)
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """An open database at the newest schema."""
    db = open_database(database_url)
    yield db
    db.close()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session on the test database; the test decides when to commit."""
    with database.sessions() as s:
        yield s


@pytest.fixture
def seed_report() -> Path:
    """The 2020 Shizuishan government work report shipped with the app."""
    return SEED_REPORT


def _soffice_or_skip() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    # CI installs LibreOffice (.ci/run); there a missing converter is a failure, not a skip.
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed, but CI must convert documents")
    pytest.skip("LibreOffice (soffice) not installed")
    raise AssertionError  # unreachable: skip raises


@pytest.fixture
def libreoffice_pdf(tmp_path: Path) -> Callable[[Path], Path]:
    """Convert a document (.xlsx, .docx) to PDF with LibreOffice headless, as an office prints it.

    Returns a function taking the document's path and returning the PDF's path. Each test uses
    its own LibreOffice profile, so conversions in parallel runs do not share a lock.
    """
    soffice = _soffice_or_skip()
    profile = tmp_path / "lo-profile"
    out_dir = tmp_path / "lo-pdf"
    out_dir.mkdir()

    def convert(document: Path) -> Path:
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(document),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        pdf = out_dir / (document.stem + ".pdf")
        if result.returncode != 0 or not pdf.exists():
            raise AssertionError(
                f"LibreOffice could not convert {document.name}: {result.stdout}{result.stderr}"
            )
        return pdf

    return convert
