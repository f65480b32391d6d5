"""The window registers its own faces only, not the bulletin's 公文 faces."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from supervisor.ui.fonts import UI_FAMILY, register_fonts


def test_only_the_window_faces_are_registered(qtbot: QtBot) -> None:
    families = register_fonts()
    assert UI_FAMILY in families
    # The 仿宋/楷体/小标宋 stand-ins are large and only the PDF writer uses them.
    assert not any(("Fang" in f or "Kai" in f or "Song" in f) for f in families), families
