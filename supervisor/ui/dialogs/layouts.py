"""Building a dialog's layout in one expression: a column of parts, a row of parts, a form."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QFormLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget


def _add(box: QBoxLayout, items: tuple[QWidget | QLayout, ...]) -> None:
    for item in items:
        if isinstance(item, QLayout):
            box.addLayout(item)
        else:
            box.addWidget(item)


def column_layout(parent: QWidget, *items: QWidget | QLayout) -> QVBoxLayout:
    """Set ``parent``'s layout to ``items`` (widgets or layouts) from top to bottom."""
    layout = QVBoxLayout(parent)
    _add(layout, items)
    return layout


def row_layout(*items: QWidget | QLayout) -> QHBoxLayout:
    """``items`` (widgets or layouts) from left to right, for a form row or a column."""
    layout = QHBoxLayout()
    _add(layout, items)
    return layout


def form_layout(*rows: tuple[str | QWidget, QWidget | QLayout]) -> QFormLayout:
    """A form of (label, field) rows, a label being a text or a widget (a check box …)."""
    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    return form
