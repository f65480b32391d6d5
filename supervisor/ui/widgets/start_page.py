"""The first screen of an empty database: what to do first, instead of an empty table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class StartPage(QWidget):
    """Three ways to begin: import a government work report or the office's own 分工方案,
    or start a list by hand."""

    import_requested = Signal()
    import_clipboard_requested = Signal()
    import_plan_requested = Signal()
    new_plan_requested = Signal()
    manual_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("<h2>欢迎使用重点任务督查督办</h2>"), self)
        hint = QLabel(
            self.tr(
                "还没有任务清单。请先导入本年度的《政府工作报告》（.txt、.docx 或 .pdf，"
                "或从 Word、网页中复制全文后从剪贴板导入），"
                "程序会提取重点任务、量化指标和建议的牵头单位；已有 Excel 分工方案的，可直接导入；"
                "也可以新建一个空清单，手工录入任务。"
            ),
            self,
        )
        hint.setWordWrap(True)
        self.import_button = QPushButton(self.tr("导入政府工作报告…"), self)
        self.import_clipboard_button = QPushButton(self.tr("从剪贴板导入报告…"), self)
        self.import_plan_button = QPushButton(self.tr("导入已有分工方案…"), self)
        self.new_plan_button = QPushButton(self.tr("新建清单…"), self)
        self.manual_button = QPushButton(self.tr("查看使用说明"), self)
        self.import_button.setDefault(True)
        buttons = (
            self.import_button,
            self.import_clipboard_button,
            self.import_plan_button,
            self.new_plan_button,
            self.manual_button,
        )
        for button in buttons:
            button.setMinimumHeight(40)
        self.import_button.clicked.connect(self.import_requested)
        self.import_clipboard_button.clicked.connect(self.import_clipboard_requested)
        self.import_plan_button.clicked.connect(self.import_plan_requested)
        self.new_plan_button.clicked.connect(self.new_plan_requested)
        self.manual_button.clicked.connect(self.manual_requested)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(hint)
        column.addSpacing(16)
        for button in buttons:
            column.addWidget(button)
        box = QWidget(self)
        box.setLayout(column)
        # A fixed width lets the wrapped hint take the height it needs (heightForWidth).
        box.setFixedWidth(560)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
