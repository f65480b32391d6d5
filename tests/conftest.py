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
# Set by .ci/run: there a Qt that cannot load is an error, not a reason to skip the GUI tests.
REQUIRE_QT_ENV = "SUPERVISOR_TEST_REQUIRE_QT"
# An X display with a window manager (.ci/run starts Xvfb + openbox) for real-window tests.
XDISPLAY_ENV = "SUPERVISOR_TEST_XDISPLAY"
# What a bare Debian 12 / Ubuntu needs before Qt loads at all (offscreen included).
QT_APT_LINE = (
    "apt-get install -y --no-install-recommends libegl1 libgl1 libx11-6 libdbus-1-3 "
    "libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0"
)


def _qt_load_error() -> str | None:
    """Why Qt's widgets cannot be imported here (a missing system library), or None."""
    try:
        import PySide6.QtTest
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as err:
        return str(err)
    return None


QT_LOAD_ERROR = _qt_load_error()
QT_MISSING_LINE = (
    f"Qt 无法加载（{QT_LOAD_ERROR}），跳过 tests/ui 的界面测试；请安装：{QT_APT_LINE}"
    if QT_LOAD_ERROR
    else ""
)
if QT_LOAD_ERROR is None:
    # pytest-qt is switched off in pyproject.toml (-p no:pytest-qt) and loaded here only when
    # Qt loads: its own start-up imports Qt and turns a missing library into an INTERNALERROR.
    pytest_plugins = ["pytestqt.plugin"]
else:
    # The GUI tests import Qt when collected; the rest of the suite still runs.
    collect_ignore_glob = ["ui/*"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Without pytest-qt, its settings in pyproject.toml must still be known (--strict-config)."""
    if QT_LOAD_ERROR is not None:
        for name in ("qt_api", "qt_log_level_fail", "qt_log_ignore"):
            parser.addini(name, "pytest-qt setting (pytest-qt not loaded: Qt is missing)")


def pytest_configure(config: pytest.Config) -> None:
    """Where Qt must work (CI), a Qt that cannot load stops the run with the apt line."""
    if QT_LOAD_ERROR is not None and os.environ.get(REQUIRE_QT_ENV) == "1":
        raise pytest.UsageError(
            f"Qt 无法加载（{QT_LOAD_ERROR}），而 {REQUIRE_QT_ENV}=1 要求运行界面测试；"
            f"请安装：{QT_APT_LINE}"
        )


def pytest_report_header(config: pytest.Config) -> str | None:
    """The one line saying the GUI tests were left out, and what to install."""
    return QT_MISSING_LINE or None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat that line at the end, where it is read."""
    if QT_MISSING_LINE:
        terminalreporter.write_line(QT_MISSING_LINE, yellow=True)


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


@pytest.fixture
def real_display() -> str:
    """The X display of a real window system (SUPERVISOR_TEST_XDISPLAY, with a window manager).

    .ci/run starts Xvfb + openbox and sets it; elsewhere tests needing it skip, in CI they fail.
    """
    display = os.environ.get(XDISPLAY_ENV)
    if display:
        return display
    if os.environ.get("CI"):
        pytest.fail(f"{XDISPLAY_ENV} is not set, but CI must run the real-window tests")
    pytest.skip(f"no real X display ({XDISPLAY_ENV} unset)")
    raise AssertionError  # unreachable: skip raises
