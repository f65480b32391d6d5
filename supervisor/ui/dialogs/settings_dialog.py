"""Settings: office-wide values in the database, database location and PDF font on this PC."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from supervisor.services.settings import LABELS, PERIOD_KINDS, RANKING_SCORES, Settings
from supervisor.ui.dialogs.forms import FormDialog
from supervisor.ui.dialogs.layouts import row_layout
from supervisor.ui.settings_store import DATABASE_KEY, PDF_FONT_KEY

# Settings of the 督查通报 (its 公文 parts and faces) have a tab of their own.
_BULLETIN_PREFIXES = ("bulletin_", "font_")
# The scoring weights are edited less often; they follow the thresholds in the form.
_FIRST_KEYS = (
    "office_name",
    "reporting_period",
    "behind_margin",
    "ahead_margin",
    "due_soon_days",
    "warning_yellow_points",
    "warning_red_points",
    "ranking_score",
)


class SettingsDialog(FormDialog):
    """Edits every setting; ``save`` gets the changed office settings as text (key → value)."""

    def __init__(
        self,
        settings: Settings,
        gui_settings: QSettings,
        save: Callable[[dict[str, str]], None],
        parent: QWidget | None = None,
        *,
        database_url: str = "",
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._gui = gui_settings
        self._save = save
        self.setWindowTitle(self.tr("设置"))
        self.edits: dict[str, QLineEdit | QComboBox] = {}
        # Three tabs, so the form fits a 1024×700 screen: status and scoring, the bulletin's
        # 公文 parts and faces, and this PC's own settings.
        self.tabs = QTabWidget(self)
        office_box = QWidget(self)
        bulletin_box = QWidget(self)
        office_form = QFormLayout(office_box)
        bulletin_form = QFormLayout(bulletin_box)
        keys = [*_FIRST_KEYS, *(f.name for f in fields(Settings) if f.name not in _FIRST_KEYS)]
        for key in keys:
            value = getattr(settings, key)
            if key == "reporting_period":
                combo = QComboBox(self)
                combo.addItem(self.tr("按周"), PERIOD_KINDS[0])
                combo.addItem(self.tr("按月"), PERIOD_KINDS[1])
                combo.setCurrentIndex(PERIOD_KINDS.index(value))
                self.edits[key] = combo
                office_form.addRow(self.tr("报送周期"), combo)
                continue
            if key == "ranking_score":
                combo = QComboBox(self)
                combo.addItem(self.tr("按任务平均（任务多的单位不吃亏）"), RANKING_SCORES[0])
                combo.addItem(self.tr("各项合计"), RANKING_SCORES[1])
                combo.setCurrentIndex(max(0, combo.findData(value)))
                self.edits[key] = combo
                office_form.addRow(self.tr("排名计分方式"), combo)
                continue
            edit = QLineEdit(f"{value:g}" if isinstance(value, float) else str(value), self)
            self.edits[key] = edit
            form = bulletin_form if key.startswith(_BULLETIN_PREFIXES) else office_form
            form.addRow(LABELS[key], edit)
        local_box = QWidget(self)
        local_form = QFormLayout(local_box)
        self.database_edit = QLineEdit(
            str(gui_settings.value(DATABASE_KEY, "") or database_url), self
        )
        self.database_edit.setToolTip(self.tr("SQLite 文件路径或 PostgreSQL 地址；重新启动后生效"))
        self.database_button = QPushButton(self.tr("选择…"), self)
        database_row = row_layout(self.database_edit, self.database_button)
        local_form.addRow(self.tr("数据库位置"), database_row)
        self.font_edit = QLineEdit(str(gui_settings.value(PDF_FONT_KEY, "") or ""), self)
        self.font_edit.setPlaceholderText(self.tr("留空使用内置字体"))
        self.font_button = QPushButton(self.tr("选择…"), self)
        font_row = row_layout(self.font_edit, self.font_button)
        local_form.addRow(self.tr("通报正文字体（TTF）"), font_row)
        self._add_error_label_and_buttons()
        layout = QVBoxLayout(self)
        self.tabs.addTab(office_box, self.tr("预警与考评"))
        if bulletin_form.rowCount():
            self.tabs.addTab(bulletin_box, self.tr("督查通报"))
        self.tabs.addTab(local_box, self.tr("本机设置"))
        layout.addWidget(
            QLabel(self.tr("前两页保存在数据库中，所有用户共用；“本机设置”只影响这台电脑。"), self)
        )
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.database_button.clicked.connect(self._on_database_button_clicked)
        self.font_button.clicked.connect(self._on_font_button_clicked)

    def changed_values(self) -> dict[str, str]:
        """Office settings whose text differs from the stored value."""
        out: dict[str, str] = {}
        for key, widget in self.edits.items():
            text = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
            current = getattr(self._settings, key)
            shown = f"{current:g}" if isinstance(current, float) else str(current)
            if text.strip() != shown:
                out[key] = text
        return out

    @Slot()
    def _on_database_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("数据库文件"),
            self.database_edit.text(),
            self.tr("SQLite 数据库 (*.sqlite *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.database_edit.setText(path)

    @Slot()
    def _on_font_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择字体"), "", self.tr("TrueType 字体 (*.ttf *.ttc)")
        )
        if path:
            self.font_edit.setText(path)

    def _submit(self) -> None:
        _refuse_password_in(self.database_edit.text().strip())
        self._save(self.changed_values())
        # This PC's own settings are kept only once the office settings were accepted.
        self._gui.setValue(DATABASE_KEY, self.database_edit.text().strip())
        self._gui.setValue(PDF_FONT_KEY, self.font_edit.text().strip())
        self._gui.sync()


def _refuse_password_in(url: str) -> None:
    """A server password must not land in the settings file, which is plain text."""
    from supervisor.ui.dialogs.login_dialog import url_has_password

    if url_has_password(url):
        from supervisor.errors import ValidationError

        raise ValidationError(
            "数据库地址中不要写口令（设置文件不加密）：请去掉“:口令”部分，"
            "启动时会询问口令，并可记在系统的密码库中。设置未保存"
        )
