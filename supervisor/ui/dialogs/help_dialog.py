"""帮助 → 使用说明: the short Chinese manual shipped in resources/help, read offline."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QWidget

from supervisor.paths import resources_dir
from supervisor.ui.dialogs.forms import dialog_buttons
from supervisor.ui.dialogs.layouts import column_layout


def manual_html() -> str:
    """The manual's HTML; a one-line note if the file is missing from this installation."""
    path = resources_dir() / "help" / "manual.html"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"<p>找不到使用说明文件：{path}</p>"


class HelpDialog(QDialog):
    """The manual in a browser pane (links to sections work, nothing goes online)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("使用说明"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(manual_html())
        buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Close)
        column_layout(self, self.browser, buttons)
        self.resize(720, 640)
