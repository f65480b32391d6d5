"""When the GUI cannot open a window on Linux it says why in Chinese: log, stderr, dialog."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supervisor.ui import preflight

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux launcher")


def _start_gui(data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    environ.update(SUPERVISOR_DATA_DIR=str(data_dir), PATH="/usr/bin:/bin", **env)
    return subprocess.run(
        [sys.executable, str(REPO / "main.py")],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_missing_library_is_read_from_the_loaders_own_message() -> None:
    with pytest.raises(OSError, match="cannot open shared object file") as raised:
        ctypes.CDLL("libxcb-cursor-absent.so.7")
    assert preflight.missing_library(str(raised.value)) == "libxcb-cursor-absent.so.7"
    assert preflight.missing_library("undefined symbol: foo") is None


def test_the_hint_names_the_package_to_install() -> None:
    hint = preflight.install_hint("libxcb-cursor.so.0")
    assert "libxcb-cursor.so.0" in hint
    assert "sudo apt install libxcb-cursor0" in hint
    # A library of no known package still gets a sentence, not a bare file name.
    assert "libfoo.so.1" in preflight.install_hint("libfoo.so.1")


def test_without_a_display_the_gui_says_so_and_logs_it(data_dir: Path) -> None:
    result = _start_gui(data_dir)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "无法启动" in result.stderr
    assert "未设置 DISPLAY" in result.stderr
    logged = (data_dir / "supervisor.log").read_text(encoding="utf-8")
    assert "未设置 DISPLAY" in logged
    assert "supervisor --help" in logged


def test_an_unreachable_display_is_named(data_dir: Path) -> None:
    pytest.importorskip(
        "PySide6.QtWidgets", reason="Qt's system libraries are missing", exc_type=ImportError
    )
    # No X server listens on display 59999 (its socket would be /tmp/.X11-unix/X59999).
    assert not Path("/tmp/.X11-unix/X59999").exists()
    result = _start_gui(data_dir, DISPLAY=":59999")
    assert result.returncode == 1, result.stderr
    assert "无法连接到图形显示 :59999" in result.stderr
    assert "无法连接到图形显示 :59999" in (data_dir / "supervisor.log").read_text(encoding="utf-8")


def test_a_screenless_platform_needs_no_display() -> None:
    pytest.importorskip(
        "PySide6.QtWidgets", reason="Qt's system libraries are missing", exc_type=ImportError
    )
    preflight.check({"QT_QPA_PLATFORM": "offscreen"})
    with pytest.raises(preflight.WindowUnavailableError) as raised:
        preflight.check({"QT_QPA_PLATFORM": "xcb"})
    assert not raised.value.display_works


def test_a_real_display_passes_the_check(real_display: str) -> None:
    pytest.importorskip(
        "PySide6.QtWidgets", reason="Qt's system libraries are missing", exc_type=ImportError
    )
    preflight.check({"DISPLAY": real_display, "QT_QPA_PLATFORM": "xcb"})


def _xdotool(display: str, *args: str) -> str:
    return subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.strip()


def test_the_reason_is_shown_in_a_dialog(real_display: str, tmp_path: Path) -> None:
    xmessage = shutil.which("xmessage")
    if xmessage is None:
        if os.environ.get("CI"):
            pytest.fail("xmessage (x11-utils) is not installed, but CI must show the dialog")
        pytest.skip("xmessage (x11-utils) not installed")
    # Only xmessage on PATH: the dialog programs a desktop may have are tried in order.
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "xmessage").symlink_to(xmessage)
    data = tmp_path / "dialog-data"
    code = (
        "from supervisor.ui import preflight\n"
        "preflight.report(preflight.install_hint('libxcb-cursor.so.0'))"
    )
    env = {
        **os.environ,
        "DISPLAY": real_display,
        "PATH": str(tools),
        "SUPERVISOR_DATA_DIR": str(data),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=REPO, stderr=subprocess.PIPE, text=True
    )
    try:
        window = ""
        deadline = time.monotonic() + 60
        while not window and time.monotonic() < deadline and process.poll() is None:
            window = _xdotool(real_display, "search", "--onlyvisible", "--class", "Xmessage")
            time.sleep(0.3)
        assert window, "no xmessage window appeared"
        # The dialog waits for the user: the process is still there until it is closed.
        assert process.poll() is None
        window = window.split()[0]
        _xdotool(real_display, "windowactivate", "--sync", window)
        _xdotool(real_display, "key", "--clearmodifiers", "Return")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    logged = (data / "supervisor.log").read_text(encoding="utf-8")
    assert "sudo apt install libxcb-cursor0" in logged


def test_xmessage_gets_the_essentials_in_ascii() -> None:
    # xmessage draws with core X fonts, which have no Chinese: the package and log still show.
    text = (
        f"{preflight.DIALOG_TITLE}：{preflight.install_hint('libxcb-cursor.so.0')}\n\n"
        "此信息已写入日志文件：/home/王 科/.local/share/supervisor/supervisor.log"
    )
    plain = preflight._plain(text)
    assert "Missing system library: libxcb-cursor.so.0" in plain
    assert "Install it with: sudo apt install libxcb-cursor0" in plain
    assert plain.endswith("/home/王 科/.local/share/supervisor/supervisor.log")
