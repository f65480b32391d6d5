"""Register the CJK fonts shipped under resources/fonts so Chinese renders on any PC."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from supervisor.paths import resources_dir

# The sans face reads best in tables and forms; the serif face is kept for previews of prints.
UI_FAMILY = "Supervisor Hei"


# Only the faces the window draws with: the 公文 faces (仿宋, 楷体, 小标宋 stand-ins, ≈15 MB)
# are for the PDF writer and would slow every start if Qt parsed them too.
UI_FONT_FILES = ("SupervisorHei-Regular.ttf", "SupervisorSerifSC-Regular.ttf")


def register_fonts() -> list[str]:
    """Add the shipped window faces to Qt's font database and return the families added."""
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for path in (folder / name for name in UI_FONT_FILES):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def apply_ui_font(app: QApplication, families: list[str]) -> None:
    """Keep the system face first and put the shipped CJK face behind it as the fallback.

    A PC with its own Chinese fonts keeps its familiar look; one without gets glyphs, not boxes.
    """
    if UI_FAMILY not in families:
        return
    font = QFont(app.font())
    font.setFamilies([font.family(), UI_FAMILY])
    app.setFont(font)
