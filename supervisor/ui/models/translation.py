"""A module's tr(): Qt's translation of a text in one named context, for code outside QObjects."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    """The function that translates a text in ``context`` (a model's class name, by custom)."""
    return partial(QCoreApplication.translate, context)
