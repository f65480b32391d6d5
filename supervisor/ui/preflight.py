"""Before the GUI starts on Linux: can Qt open a window here? If not, say why in Chinese."""

from __future__ import annotations

import ctypes
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from supervisor.logs import configure_logging

# Library file → the Debian / Ubuntu / 统信 UOS / 麒麟 package that provides it. Qt aborts the
# process with an English line on a terminal the user never sees when one of these is
# missing, so the check names the package before Qt gets the chance.
PACKAGES: dict[str, str] = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
# Platforms that need no screen (servers, tests): nothing to check beyond loading Qt.
_SCREENLESS = {"offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
_MISSING = re.compile(r"(lib[\w.+-]+?\.so[\d.]*)\s*:\s*cannot open shared object file")
_LIBRARY_NAME = re.compile(r"lib[\w+-]+(?:\.[\w+-]+)*?\.so(?:\.\d+)*")
DIALOG_TITLE = "重点任务督查督办 无法启动"


class WindowUnavailableError(Exception):
    """Qt could not open a window here; the message says why and what to install."""

    def __init__(self, message: str, display_works: bool = True) -> None:
        super().__init__(message)
        #: Whether another program could still show a dialog on the display.
        self.display_works = display_works


def missing_library(error_text: str) -> str | None:
    """The library file the dynamic loader could not find, from its error message."""
    found = _MISSING.search(error_text)
    return found.group(1) if found else None


def install_hint(library: str) -> str:
    """A Chinese sentence naming the package to install for ``library``."""
    package = PACKAGES.get(library)
    if package is None:
        return f"缺少系统库 {library}，请安装提供它的软件包。"
    return (
        f"缺少系统库 {library}，请让管理员安装软件包 {package}"
        f"（统信 UOS、麒麟、Debian、Ubuntu：sudo apt install {package}）。"
    )


def _platform(env: Mapping[str, str]) -> str:
    """The platform Qt will pick: QT_QPA_PLATFORM's first choice, else the session's."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    # Qt 6 prefers Wayland in a Wayland session and falls back to X11 (XWayland) itself.
    return "wayland" if env.get("WAYLAND_DISPLAY") else "xcb"


def _load_qt() -> Path:
    """Import Qt's widgets; returns Qt's plugin folder."""
    try:
        from PySide6.QtCore import QLibraryInfo
        from PySide6.QtWidgets import QApplication  # noqa: F401 (loads Qt's GUI libraries)
    except ImportError as err:
        library = missing_library(str(err))
        if library:
            raise WindowUnavailableError(install_hint(library)) from err
        raise WindowUnavailableError(f"图形界面组件（Qt）无法加载：{err}") from err
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


def _check_xcb(plugins: Path, display: str) -> None:
    """The X11 plugin's libraries load and the display answers."""
    plugin = plugins / "platforms" / "libqxcb.so"
    if plugin.is_file():
        try:
            # Loading it now resolves the same libraries Qt's own loading would, and the
            # loader's message names the first one missing.
            ctypes.CDLL(str(plugin))
        except OSError as err:
            # In the bundle, PyInstaller's ctypes wraps the loader's error in one of its own.
            loader_error = str(err.__cause__ or err)
            library = missing_library(loader_error)
            if library:
                raise WindowUnavailableError(install_hint(library)) from err
            raise WindowUnavailableError(f"X11 显示组件无法加载：{loader_error}") from err
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError as err:
        raise WindowUnavailableError(install_hint("libxcb.so.1")) from err
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode() or None, None)
    try:
        if xcb.xcb_connection_has_error(connection):
            raise WindowUnavailableError(
                f"无法连接到图形显示 {display}：桌面可能已退出，或本用户无权使用该显示。"
                "请在桌面上直接启动本程序。",
                display_works=False,
            )
    finally:
        xcb.xcb_disconnect(connection)


def check(env: Mapping[str, str] | None = None) -> None:
    """Raise :class:`WindowUnavailableError` when the GUI cannot open a window on this machine.

    Only Linux is checked: Windows and macOS bring what Qt needs with the system.
    """
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return
    platform = _platform(env)
    if platform not in _SCREENLESS and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        raise WindowUnavailableError(
            "没有可用的图形显示（未设置 DISPLAY）：请在桌面上启动本程序；"
            "在服务器或远程终端中请使用命令行功能（supervisor --help）。",
            display_works=False,
        )
    plugins = _load_qt()
    if platform == "xcb":
        _check_xcb(plugins, env.get("DISPLAY", ""))


def report(message: str, dialog: bool = True) -> Path | None:
    """Tell the user why the window did not open: the log always, a dialog where possible.

    Returns the log file, or None when the data folder cannot be written either.
    """
    text = f"{DIALOG_TITLE}：{message}"
    print(text, file=sys.stderr)
    log_path: Path | None
    try:
        log_path = configure_logging()
        logging.getLogger("supervisor").error("%s", text)
    except OSError:
        log_path = None
    if log_path is not None:
        text += f"\n\n此信息已写入日志文件：{log_path}"
    if dialog:
        _show_dialog(text)
    return log_path


def _show_dialog(text: str) -> None:
    """The first desktop dialog program present shows ``text``; none present is fine."""
    commands = (
        ("zenity", ["--error", f"--title={DIALOG_TITLE}", "--no-wrap", f"--text={text}"]),
        ("kdialog", ["--title", DIALOG_TITLE, "--error", text]),
        ("xmessage", ["-center", "-buttons", "OK:0", "-default", "OK", _plain(text)]),
    )
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        # The bundle's loader points LD_LIBRARY_PATH at its own libraries; the desktop's
        # dialog programs need the desktop's.
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        env.pop("LD_LIBRARY_PATH", None)
        if original:
            env["LD_LIBRARY_PATH"] = original
    for name, args in commands:
        program = shutil.which(name, path=env.get("PATH"))
        if program is None:
            continue
        try:
            # Waits for the user to close it: the process ends after the message was read.
            shown = subprocess.run([program, *args], env=env, check=False, timeout=3600)
        except (OSError, subprocess.TimeoutExpired):
            continue
        # 0 and 1 are "closed by the user"; anything else means it could not show itself.
        if shown.returncode in (0, 1):
            return


def _plain(text: str) -> str:
    """The essentials of ``text`` in ASCII, for xmessage.

    xmessage draws with the X server's core fonts, which almost never have Chinese glyphs
    (it shows mojibake); the package to install and the log file still come across.
    """
    lines = ["supervisor: the window cannot be opened."]
    library = _LIBRARY_NAME.search(text)
    if library:
        lines.append(f"Missing system library: {library.group(0)}")
    install = re.search(r"sudo apt install [\w.+-]+", text)
    if install:
        lines.append(f"Install it with: {install.group(0)}")
    log = re.search(r"日志文件：(.+)", text)
    if log:
        lines.append(f"Details (in Chinese): {log.group(1)}")
    return "\n".join(lines)


def ensure_window_possible() -> bool:
    """Check, and on failure report; True when the GUI may go on."""
    try:
        check()
    except WindowUnavailableError as err:
        report(str(err), dialog=err.display_works)
        return False
    return True
