"""The GUI talks to services only, its parts import only downwards, heavy writers load late."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "supervisor" / "ui"

# Which parts of ui/ each part may import (ui/README.md); app.py and main_window.py may
# import everything.
ALLOWED = {
    "models": {"models"},
    "widgets": {"widgets", "models"},
    "work": {"work", "models"},
    "dialogs": {"dialogs", "work", "widgets", "models"},
    "workflows": {"workflows", "work", "dialogs", "widgets", "models"},
}
PARTS = {"models", "widgets", "work", "dialogs", "workflows"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        )
        if name
    ]


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda p: str(p.relative_to(UI)))
def test_ui_module_never_imports_the_database_layer(path: Path) -> None:
    assert not [name for name in _imports(path) if name.startswith("supervisor.db")]


def _upward_imports(part: str, path: Path) -> list[str]:
    """The imports of ``path`` (a module of ``part``) that reach a part it may not import."""
    wrong = []
    for name in _imports(path):
        pieces = name.split(".")
        if pieces[:2] != ["supervisor", "ui"] or len(pieces) < 3:
            continue
        target = pieces[2]
        if (target in PARTS and target not in ALLOWED[part]) or target in ("main_window", "app"):
            wrong.append(f"{path.name} → {name}")
    return wrong


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_ui_parts_import_only_downwards(part: str) -> None:
    files = sorted((UI / part).glob("*.py"))
    assert files
    assert [w for path in files for w in _upward_imports(part, path)] == []


def test_the_layer_check_sees_a_model_importing_a_workflow(tmp_path: Path) -> None:
    # The check above must not pass vacuously: planted upward imports are seen.
    planted = tmp_path / "bad.py"
    planted.write_text(
        "from supervisor.ui.workflows.context import WorkflowContext\n"
        "def later():\n    import supervisor.ui.dialogs.forms\n"
    )
    assert len(_upward_imports("models", planted)) == 2
    assert len(_upward_imports("workflows", planted)) == 0


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


def test_dialogs_named_by_the_package_are_its_modules_own_and_load_on_use() -> None:
    # The workflows use ``dialogs.Name``; the table behind it must agree with the names given
    # to type checkers and find each name where it is defined, without loading it beforehand.
    code = (
        "import sys\n"
        "from supervisor.ui import dialogs\n"
        "loaded = [m for m in sys.modules if m.startswith('supervisor.ui.dialogs.')]\n"
        "print(loaded)\n"
        "for name, home in sorted(dialogs._HOMES.items()):\n"
        "    value = getattr(dialogs, name)\n"
        "    assert value.__module__ == f'supervisor.ui.dialogs.{home}', (name, home)\n"
        "try:\n"
        "    dialogs.NoSuchDialog\n"
        "except AttributeError:\n"
        "    print('refused')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["[]", "refused"]
    tree = ast.parse((UI / "dialogs" / "__init__.py").read_text(encoding="utf-8"))
    typed = {
        alias.asname
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname
    }
    import supervisor.ui.dialogs as dialogs

    assert typed == set(dialogs._HOMES)
