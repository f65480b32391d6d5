"""Login to a shared PostgreSQL server: user, password, 记住密码 (system keyring only).

The server's own words become one Chinese line (wrong password, unreachable server, no such
user, no office role, old schema: ``supervisor.db.server_errors`` and the services); the
dialog shows it and stays open for another try.
"""

from __future__ import annotations

import dataclasses
import getpass
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from supervisor.errors import ServerLoginError, SupervisorError
from supervisor.ui import credentials
from supervisor.ui.dialogs.forms import dialog_buttons

if TYPE_CHECKING:
    from supervisor.services.database import Database
    from supervisor.services.office_roles import OfficeRole

# How long one attempt may wait for a server that does not answer (libpq waits forever).
CONNECT_TIMEOUT_S = 10


def needs_login(url: str | None) -> bool:
    """True for a PostgreSQL URL without a password (the password is asked, never stored)."""
    if not url or "://" not in url:
        return False
    parsed = make_url(url)
    return parsed.get_backend_name() == "postgresql" and parsed.password is None


def url_has_password(url: str) -> bool:
    """True for a URL that carries a password (which must not be saved in the settings)."""
    if "://" not in url:
        return False
    try:
        return make_url(url).password is not None
    except Exception:  # not a URL the program can open: its own check says so later
        return False


def login_message(error: SupervisorError) -> str:
    """The line the dialog shows for a failed attempt (the services' Chinese message)."""
    return str(error)


class LoginDialog(QDialog):
    """Asks for user and password and tries them; a refusal is shown, the dialog stays open."""

    def __init__(
        self,
        url: str,
        attempt: Callable[[str, str], object],
        parent: QWidget | None = None,
        *,
        user: str = "",
        message: str = "",
    ) -> None:
        super().__init__(parent)
        self._attempt = attempt
        self.result_value: object = None
        parsed = make_url(url)
        self.setWindowTitle(self.tr("登录数据库服务器"))
        where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"
        self.server_label = QLabel(where, self)
        self.user_edit = QLineEdit(user, self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(self.tr("记住密码"), self)
        if credentials.keyring_available():
            self.remember_box.setToolTip(self.tr("密码保存在系统的密码库中（加密），不写入文件"))
        else:
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(
                self.tr("本机没有可用的系统密码库（如 Windows 凭据管理器），密码不保存，每次询问")
            )
        self.error_label = QLabel(message, self)
        self.error_label.setStyleSheet("color: #C00000")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(bool(message))
        self.buttons = dialog_buttons(self, accepted=self._on_buttons_accepted)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        form = QFormLayout()
        form.addRow(self.tr("服务器"), self.server_label)
        form.addRow(self.tr("用户名"), self.user_edit)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow("", self.remember_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password_edit if user else self.user_edit).setFocus()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        user = self.user_edit.text().strip()
        if not user:
            self.show_error(self.tr("请输入用户名"))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_value = self._attempt(user, self.password_edit.text())
        except SupervisorError as err:
            self.show_error(login_message(err))
            if isinstance(err, ServerLoginError):
                self.password_edit.selectAll()
                self.password_edit.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def show_error(self, message: str) -> None:
        """Show why the last attempt failed."""
        self.error_label.setText(message)
        self.error_label.show()


@dataclasses.dataclass(frozen=True)
class Login:
    """An open server database, the role of its login, and the URL without the password."""

    database: Database
    role: OfficeRole


def open_with_login(
    url: str,
    open_database: Callable[..., Database],
    *,
    ask: Callable[[LoginDialog], bool] | None = None,
) -> Login | None:
    """Open a PostgreSQL database whose URL has no password; None if the user cancels.

    First without a password (a ``.pgpass`` file or a trusted network needs none), then with
    the one remembered in the system keyring, then by asking. The Database returned keeps
    the URL without the password, so nothing that saves it (the settings) can write it down.

    Args:
        ask: shows the dialog and says whether it was accepted (tests answer it themselves).
    """
    parsed = make_url(url)
    if "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
    user = parsed.username or _os_user()

    def attempt(name: str, password: str | None) -> Login:
        full = parsed.set(username=name)._replace(password=password or None)
        database = open_database(full.render_as_string(hide_password=False), create=False)
        try:
            from supervisor.services.office_roles import connected_role

            with database.sessions() as session:
                role = connected_role(session)
        except SupervisorError:
            database.close()
            raise
        # URL.set ignores None: replace the field itself.
        plain = full._replace(password=None).render_as_string()
        return Login(dataclasses.replace(database, url=plain), role)

    message = ""
    try:
        return attempt(user, None)
    except ServerLoginError:
        pass  # a password is needed: the normal case
    except SupervisorError as err:
        message = login_message(err)
    key = credentials.credential_key(url, user)
    remembered = credentials.stored_password(key) if not message else None
    if remembered:
        try:
            return attempt(user, remembered)
        except ServerLoginError as err:
            credentials.forget_password(key)  # changed on the server: ask, and forget it
            message = login_message(err)
        except SupervisorError as err:
            message = login_message(err)

    def attempt_and_remember(name: str, password: str) -> Login:
        login = attempt(name, password)
        name_key = credentials.credential_key(url, name)
        if dialog.remember_box.isChecked():
            credentials.store_password(name_key, password)
        else:
            credentials.forget_password(name_key)
        return login

    dialog = LoginDialog(url, attempt_and_remember, user=user, message=message)
    dialog.remember_box.setChecked(bool(remembered))
    accepted = ask(dialog) if ask is not None else dialog.exec() == QDialog.DialogCode.Accepted
    result = dialog.result_value if accepted else None
    return result if isinstance(result, Login) else None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
