"""Qt widgets, item models and workers: the only package that imports PySide6."""
