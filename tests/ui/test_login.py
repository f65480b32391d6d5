"""Login to a shared server: the password dialog, 记住密码 in the system keyring only, and the
Chinese messages for a wrong password, an unreachable server, a missing role, an old schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from supervisor.db import migrate
from supervisor.services.database import open_database
from supervisor.services.office_roles import OfficeRole
from supervisor.ui import credentials
from supervisor.ui.dialogs.login_dialog import LoginDialog, needs_login, open_with_login
from tests.pg_office import Office, make_office


class MemoryKeyring(KeyringBackend):
    """A system keyring stand-in that keeps secrets in memory (like an unlocked wallet)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.secrets:
            raise PasswordDeleteError(username)
        del self.secrets[(service, username)]


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's file keyring, which keeps passwords readable on disk."""


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The system keyring replaced by one in memory for the test."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No usable keyring, as on a bare Linux machine."""
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def office() -> Office:
    """A server set up by init-server with a login per office role."""
    return make_office("gui")


def answering(*attempts: tuple[str, bool]) -> Callable[[LoginDialog], bool]:
    """A clerk who types each (password, 记住密码) in turn and presses 登录."""

    def ask(dialog: LoginDialog) -> bool:
        for password, remember in attempts:
            dialog.password_edit.setText(password)
            dialog.remember_box.setChecked(remember)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            if dialog.result() == QDialog.DialogCode.Accepted:
                return True
        ask.messages.append(dialog.error_label.text())  # type: ignore[attr-defined]
        return False

    ask.messages = []  # type: ignore[attr-defined]
    return ask


def never_asked(dialog: LoginDialog) -> bool:
    raise AssertionError(f"the dialog was shown: {dialog.error_label.text()}")


def test_only_a_server_url_without_password_needs_a_login() -> None:
    assert needs_login("postgresql+psycopg://zhang@db.office/supervisor")
    assert not needs_login("postgresql+psycopg://zhang:secret@db.office/supervisor")
    assert not needs_login("sqlite:///office.sqlite")
    assert not needs_login("C:/督查室/office.sqlite")
    assert not needs_login(None)


def test_without_a_keyring_remember_is_off_and_says_why(qtbot: QtBot, no_keyring: None) -> None:
    dialog = LoginDialog("postgresql+psycopg://zhang@db.office:5433/sv", lambda u, p: None)
    qtbot.addWidget(dialog)
    assert not credentials.keyring_available()
    assert not dialog.remember_box.isEnabled()
    assert "每次询问" in dialog.remember_box.toolTip()
    assert dialog.server_label.text() == "db.office:5433/sv"
    assert dialog.user_edit.text() == ""


def test_a_file_keyring_that_keeps_passwords_readable_is_refused() -> None:
    before = keyring.get_keyring()
    try:
        keyring.set_keyring(PlaintextKeyring())
        assert not credentials.keyring_available()
        assert not credentials.store_password("zhang@db:5432/sv", "secret")
        keyring.set_keyring(MemoryKeyring())
        assert credentials.keyring_available()
    finally:
        keyring.set_keyring(before)


def test_wrong_password_is_said_in_chinese_and_the_dialog_stays(
    qtbot: QtBot, office: Office, no_keyring: None
) -> None:
    url = office.url(OfficeRole.INSPECTOR, with_password=False)
    ask = answering(("wrong-password", False))
    assert open_with_login(url, open_database, ask=ask) is None
    assert "用户名“sv_gui_inspector”或口令不正确" in ask.messages[0]


def test_right_password_after_a_wrong_one_opens_with_the_role_and_no_password_kept(
    qtbot: QtBot, office: Office, no_keyring: None, tmp_path: Path
) -> None:
    url = office.url(OfficeRole.INSPECTOR, with_password=False)
    password = office.passwords[OfficeRole.INSPECTOR]
    login = open_with_login(
        url, open_database, ask=answering(("wrong-password", True), (password, True))
    )
    assert login is not None
    try:
        assert login.role is OfficeRole.INSPECTOR
        assert make_url(login.database.url).password is None
        assert password not in login.database.url
        # Nothing written anywhere under the app's folders (data, settings).
        for file in tmp_path.rglob("*"):
            if file.is_file():
                assert password.encode() not in file.read_bytes(), file
    finally:
        login.database.close()


def test_remembered_password_is_in_the_keyring_and_used_next_time(
    qtbot: QtBot, office: Office, memory_keyring: MemoryKeyring
) -> None:
    url = office.url(OfficeRole.LEADER, with_password=False)
    password = office.passwords[OfficeRole.LEADER]
    first = open_with_login(url, open_database, ask=answering((password, True)))
    assert first is not None
    first.database.close()
    key = credentials.credential_key(url, "sv_gui_leader")
    assert memory_keyring.secrets == {(credentials.SERVICE, key): password}

    again = open_with_login(url, open_database, ask=never_asked)
    assert again is not None
    assert again.role is OfficeRole.LEADER
    again.database.close()


def test_a_remembered_password_the_server_refuses_is_forgotten_and_asked(
    qtbot: QtBot, office: Office, memory_keyring: MemoryKeyring
) -> None:
    url = office.url(OfficeRole.LEADER, with_password=False)
    key = credentials.credential_key(url, "sv_gui_leader")
    memory_keyring.secrets[(credentials.SERVICE, key)] = "an-old-password"
    ask = answering(("still-wrong", False))
    assert open_with_login(url, open_database, ask=ask) is None
    assert "口令不正确" in ask.messages[0]
    assert memory_keyring.secrets == {}


def test_unreachable_server_is_said_in_chinese(qtbot: QtBot, no_keyring: None) -> None:
    url = "postgresql+psycopg://zhang@127.0.0.1:1/supervisor"
    ask = answering(("secret", False))
    assert open_with_login(url, open_database, ask=ask) is None
    assert "无法连接数据库服务器 127.0.0.1:1" in ask.messages[0]


def test_a_login_without_an_office_role_is_refused(
    qtbot: QtBot, office: Office, no_keyring: None
) -> None:
    from supervisor.db import server

    engine = create_engine(office.superuser)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP ROLE IF EXISTS sv_gui_nobody")
        verifier = server.scram_verifier("nobody-pw")
        connection.exec_driver_sql(f"CREATE ROLE sv_gui_nobody LOGIN PASSWORD '{verifier}'")
    engine.dispose()
    url = make_url(office.superuser).set(username="sv_gui_nobody")._replace(password=None)
    ask = answering(("nobody-pw", False))
    assert open_with_login(url.render_as_string(), open_database, ask=ask) is None
    assert "不属于任何督查室角色" in ask.messages[0]


def test_an_old_schema_is_said_to_the_clerk(qtbot: QtBot, office: Office, no_keyring: None) -> None:
    older = sorted(set(migrate.known_revisions()) - {migrate.HEAD_REVISION})[-1]
    engine = create_engine(office.superuser)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
    engine.dispose()
    url = office.url(OfficeRole.INSPECTOR, with_password=False)
    ask = answering((office.passwords[OfficeRole.INSPECTOR], False))
    assert open_with_login(url, open_database, ask=ask) is None
    assert "旧版本" in ask.messages[0]
    assert "db upgrade" in ask.messages[0]


_CHILD_LOGIN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
app = QApplication([])
from supervisor.ui import app as gui
from supervisor.ui.dialogs.login_dialog import LoginDialog
from supervisor.ui.main_window import MainWindow

def type_password(dialog):
    # The clerk: argv[2] is the password typed, "cancel" presses 取消.
    print("asked:", dialog.server_label.text(), dialog.user_edit.text())
    if sys.argv[2] == "cancel":
        return QDialog.DialogCode.Rejected
    dialog.password_edit.setText(sys.argv[2])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result()

def look_and_quit():
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            label = window.findChild(type(window.count_label), "role_label")
            print("shown:", label.text(), window.settings_action.isEnabled())
            window.close()
    app.quit()

LoginDialog.exec = type_password
QTimer.singleShot(0, look_and_quit)
print("exit:", gui.main(["--db", sys.argv[1]]))
"""


def test_the_gui_asks_for_the_password_and_opens_with_the_role(
    office: Office, no_keyring: None
) -> None:
    from tests.ui.test_app import _run_child

    url = office.url(OfficeRole.INSPECTOR, with_password=False)
    where = f"{make_url(url).host}:{make_url(url).port}/{make_url(url).database}"
    password = office.passwords[OfficeRole.INSPECTOR]
    lines = _run_child(_CHILD_LOGIN, url, password, PYTHON_KEYRING_BACKEND=FAIL_KEYRING)
    assert lines == [
        f"asked: {where} sv_gui_inspector",
        "shown: 角色：督查员 False",
        "exit: 0",
    ]
    assert _run_child(_CHILD_LOGIN, url, "cancel", PYTHON_KEYRING_BACKEND=FAIL_KEYRING) == [
        f"asked: {where} sv_gui_inspector",
        "exit: 1",
    ]


FAIL_KEYRING = "keyring.backends.fail.Keyring"


def test_settings_refuse_a_server_address_with_its_password(
    qtbot: QtBot, seeded_window, data_dir: Path
) -> None:
    from supervisor.services.settings import load_settings

    dialog = seeded_window.workflows.settings.open_settings_dialog()
    qtbot.addWidget(dialog)
    dialog.edits["warning_yellow_points"].setText("12")
    dialog.database_edit.setText("postgresql+psycopg://zhang:s3cret-pw@db.office/supervisor")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "不要写口令" in dialog.error_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    with seeded_window.database.sessions() as session:
        assert load_settings(session).warning_yellow_points != 12.0  # nothing half-saved
    assert not any(
        b"s3cret-pw" in f.read_bytes() for f in data_dir.parent.rglob("*") if f.is_file()
    )
    dialog.database_edit.setText("postgresql+psycopg://zhang@db.office/supervisor")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
