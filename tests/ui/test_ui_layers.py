"""The GUI talks to services only, and the heavy writers stay unloaded until an export."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "supervisor" / "ui"


@pytest.mark.parametrize("path", sorted(UI.glob("*.py")), ids=lambda p: p.name)
def test_ui_module_never_imports_the_database_layer(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("supervisor.db")]


def test_main_window_loads_without_excel_pdf_or_charts() -> None:
    code = (
        "import sys\n"
        "import supervisor.ui.app, supervisor.ui.main_window\n"
        "heavy = ('openpyxl', 'reportlab', 'PySide6.QtCharts', 'fontTools')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == ""
