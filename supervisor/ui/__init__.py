"""The Qt GUI, the only package that imports PySide6; ui/README.md says what lives where."""
