"""GUI entry point: QApplication, Chinese translations and fonts, error reporting."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from supervisor.errors import SupervisorError
from supervisor.logs import log_unexpected, unexpected_error_message
from supervisor.services.database import open_database


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


def show_unexpected_error(error: BaseException, context: str) -> None:
    """Log an unexpected error and tell the user in one Chinese sentence where the log is."""
    log_path = log_unexpected(error, context)
    QMessageBox.critical(None, "重点任务督查督办", unexpected_error_message(log_path))


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
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("supervisor")
    app.setOrganizationName("supervisor")
    app.setApplicationDisplayName("重点任务督查督办")
    install_translations(app)
    sys.excepthook = _excepthook
    try:
        database = open_database(args.db)
    except SupervisorError as err:
        QMessageBox.critical(None, "重点任务督查督办", str(err))
        return 1
    # Imported here so a failed database open shows its message without loading the window.
    from supervisor.ui.main_window import MainWindow

    window = MainWindow(database)
    window.show()
    try:
        return app.exec()
    finally:
        database.close()
