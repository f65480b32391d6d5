"""The app opens no network connection: importing it and running its main workflows stays local."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "resources" / "reports" / "2020-shizuishan.txt"

# Runs in a fresh interpreter, so that import-time connections are caught too. Every way
# Python code reaches the network (connect, connect_ex, create_connection, name lookups)
# is recorded and refused before anything of the app is imported.
GUARDED_RUN = textwrap.dedent(
    """
    import json, socket, sys

    attempts = []

    def _refuse(what, *args):
        attempts.append(f"{what}{args!r}")
        raise OSError("network access refused by test_no_network")

    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse("connect", address)
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse("connect_ex", address)
        return _connect_ex(self, address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = lambda address, *a, **k: _refuse("create_connection", address)
    socket.getaddrinfo = lambda host, *a, **k: _refuse("getaddrinfo", host)
    socket.gethostbyname = lambda host: _refuse("gethostbyname", host)

    # The guard itself must work, or an empty result below would prove nothing.
    try:
        socket.create_connection(("127.0.0.1", 9))
    except OSError:
        pass
    probe = attempts.pop()

    from supervisor import cli

    codes = {}
    for argv in json.loads(sys.argv[1]):
        codes[" ".join(argv)] = cli.main(argv)
    json.dump({"probe": probe, "codes": codes, "attempts": attempts}, sys.stdout)
    """
)


def _guarded(commands: list[list[str]], tmp_path: Path, code: str = GUARDED_RUN) -> dict:
    env = {
        **os.environ,
        "SUPERVISOR_DATA_DIR": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        # The checkout's code, whether or not it is installed in this interpreter.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    env.pop("SUPERVISOR_DB", None)
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The commands print their own output first; the report is the last JSON object.
    report = json.loads(result.stdout[result.stdout.rindex('{"probe"') :])
    assert report["probe"].startswith("create_connection")
    return report


def test_cli_workflows_open_no_connection(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    as_of = ["--as-of", "2020-06-30"]
    commands = [
        ["extract", str(SEED), "--json"],
        ["import-report", str(SEED)],
        ["plans"],
        ["tasks", "--plan", "1"],
        ["export", "xlsx", "--kind", "分工", *as_of, "-o", str(out / "分工.xlsx")],
        ["export", "xlsx", "--kind", "周报", *as_of, "-o", str(out / "周报.xlsx")],
        ["export", "bulletin", *as_of, "-o", str(out / "通报.pdf")],
        ["db", "backup", str(out / "backup.sqlite")],
    ]
    report = _guarded(commands, tmp_path)
    assert report["attempts"] == []
    assert set(report["codes"].values()) == {0}, report["codes"]
    written = {p.name for p in out.iterdir()}
    assert written == {"分工.xlsx", "周报.xlsx", "通报.pdf", "backup.sqlite"}


def test_gui_import_and_main_window_open_no_connection(tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtWidgets")
    code = GUARDED_RUN.replace(
        "from supervisor import cli",
        textwrap.dedent(
            """
            from supervisor import cli
            from PySide6.QtWidgets import QApplication
            from supervisor.services.database import open_database
            from supervisor.ui.main_window import MainWindow

            app = QApplication([])
            window = MainWindow(open_database(None))
            window.show()
            app.processEvents()
            window.close()
            """
        ),
    )
    report = _guarded([["plans"]], tmp_path, code)
    assert report["attempts"] == []
    assert report["codes"] == {"plans": 0}
