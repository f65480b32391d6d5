"""GUI entry point: QApplication, Chinese translations and fonts, error reporting."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from supervisor.errors import SupervisorError
from supervisor.logs import log_unexpected, unexpected_error_message
from supervisor.paths import DB_URL_ENV
from supervisor.ui.fonts import apply_ui_font, register_fonts
from supervisor.ui.settings_store import DATABASE_KEY, gui_settings
from supervisor.ui.work.collector import gui_thread_collection

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from supervisor.services.database import Database
    from supervisor.services.office_roles import OfficeRole
    from supervisor.ui.main_window import MainWindow


def install_translations(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load Qt's own translations (standard buttons: 确定/取消) for the locale, zh_CN by default."""
    locale = locale or QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)
    translators = []
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
        translators.append(translator)
    return translators


def _title() -> str:
    return QCoreApplication.translate("app", "重点任务督查督办")


def show_unexpected_error(error: BaseException, context: str) -> None:
    """Log an unexpected error and tell the user in one Chinese sentence where the log is."""
    log_path = log_unexpected(error, context)
    QMessageBox.critical(None, _title(), unexpected_error_message(log_path))


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    show_unexpected_error(exc.with_traceback(tb), "uncaught exception in the GUI")


def main(argv: Sequence[str] | None = None) -> int:
    """Start the GUI on the database named by ``--db`` (default: the embedded SQLite file)."""
    parser = argparse.ArgumentParser(prog="supervisor-gui", description="重点任务督查督办")
    parser.add_argument("--db", metavar="URL", help="数据库 URL 或 SQLite 文件路径")
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    app = QApplication.instance()
    if app is None:
        # Fractional Windows scaling (125 %, 150 %) renders crisp text instead of rounding;
        # Qt accepts the policy only before the application object exists.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("supervisor")
    app.setOrganizationName("supervisor")
    app.setApplicationDisplayName(_title())
    install_translations(app)
    apply_ui_font(app, register_fonts())
    sys.excepthook = _excepthook
    # Starting allocates ~100,000 long-lived objects (modules, classes, the window) and frees
    # almost none: collections meanwhile would only re-walk them (≈0.08 s in all).
    gc.disable()
    try:
        started = _open_window(args.db)
    finally:
        # The window may have started a worker (the integrity check): while one runs,
        # collections stay in this thread's timer (ui/work/collector.py).
        if not gui_thread_collection().holding:
            gc.enable()
    if started is None:
        return 1
    database, _window = started  # held, so the window lives while the event loop runs
    # Those objects live until exit; frozen, the collector neither re-walks them during
    # work nor once more while the interpreter shuts down (≈0.2 s on closing).
    gc.freeze()
    try:
        return app.exec()
    finally:
        database.close()


def _open_window(db_option: str | None) -> tuple[Database, MainWindow] | None:
    """Open the database and show the main window; None after telling the user why not."""
    # Imported on use, so that importing this module stays cheap (the database layer alone
    # is most of the start-up time).
    from supervisor.services.database import open_database

    settings = gui_settings()
    # A database chosen in the settings dialog applies unless --db or SUPERVISOR_DB says else.
    explicit = db_option or os.environ.get(DB_URL_ENV)
    chosen = explicit or str(settings.value(DATABASE_KEY, "") or "")
    role = None
    try:
        if _needs_login(chosen):
            login = _login(open_database, chosen)
            database, role = login.database, login.role
        else:
            database = _open_chosen(open_database, chosen or None)
    except _LoginCancelledError:
        return None
    except _CreationDeclinedError:
        if explicit:
            return None
        # Not created where the settings point: the default database opens instead.
        return _open_default(open_database, settings)
    except SupervisorError as err:
        if explicit or not chosen:
            QMessageBox.critical(None, _title(), str(err))
            return None
        # A location picked in the settings that no longer works must not lock the user out:
        # say so and open the default database, where the setting can be corrected.
        QMessageBox.warning(
            None,
            _title(),
            QCoreApplication.translate(
                "app", "设置中的数据库无法打开，已改用默认数据库：%1"
            ).replace("%1", str(err)),
        )
        return _open_default(open_database, settings)
    if role is None:
        # A server login given with its password (--db) may hold no office role.
        from supervisor.ui.workflows.roles import read_role

        try:
            role = read_role(database)
        except SupervisorError as err:
            database.close()
            QMessageBox.critical(None, _title(), str(err))
            return None
    return database, _show_main_window(database, settings, role)


def _open_default(
    open_database: Callable[..., Database], settings: QSettings
) -> tuple[Database, MainWindow] | None:
    """The data folder's database (created on a first start) and the window on it."""
    try:
        database = open_database(None)
    except SupervisorError as err:
        QMessageBox.critical(None, _title(), str(err))
        return None
    return database, _show_main_window(database, settings)


class _CreationDeclinedError(Exception):
    """The user chose not to create a missing database: the program ends quietly."""


class _LoginCancelledError(Exception):
    """The user cancelled the server login: the program ends quietly."""


def _needs_login(url: str | None) -> bool:
    from supervisor.ui.dialogs.login_dialog import needs_login

    return needs_login(url)


def _login(open_database: Callable[..., Database], url: str):
    """The login dialog (after the keyring's password, if any); its errors stay in it."""
    from supervisor.ui.dialogs.login_dialog import open_with_login

    login = open_with_login(url, open_database)
    if login is None:
        raise _LoginCancelledError
    return login


def _open_chosen(open_database: Callable[..., Database], url: str | None) -> Database:
    """Open ``url`` without creating it; a missing file is created only if the user agrees.

    The default database in the data folder (``url`` None, no SUPERVISOR_DB) is created
    silently on a first start; a mistyped --db must not silently start an empty one.

    Raises:
        _CreationDeclinedError: the file is missing and the user did not want it created.
        SupervisorError: it cannot be opened (busy, damaged, unreachable: ready to show).
    """
    from supervisor.errors import MissingDatabaseError

    try:
        return open_database(url, create=False)
    except MissingDatabaseError as err:
        answer = QMessageBox.question(
            None,
            _title(),
            QCoreApplication.translate(
                "app", "数据库文件不存在：\n%1\n\n是否在此位置新建一个空数据库？"
            ).replace("%1", str(err.path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            raise _CreationDeclinedError from err
        return open_database(url, create=True)


def _show_main_window(
    database: Database, settings: QSettings, role: OfficeRole | None = None
) -> MainWindow:
    # Imported here so a failed database open shows its message without loading the window.
    from supervisor.ui.main_window import MainWindow

    window = MainWindow(database, settings=settings, role=role)
    window.show()
    return window
