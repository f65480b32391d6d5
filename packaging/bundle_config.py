"""What goes into the PyInstaller bundle: data files, hidden imports and the Qt parts left out."""

from __future__ import annotations

import importlib.util
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

TocEntry = tuple[str, str, str]

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "supervisor"
CONSOLE_EXE = "supervisor"
GUI_EXE = "supervisor-gui"

# The Qt modules the app imports (QtCharts draws the dashboard; QtPdf renders the exported
# PDFs' pages and QtPrintSupport sends them to a printer). QtCharts' library also needs Qt's
# OpenGL libraries and QtPdf's needs Qt's network library, which stay; their Python bindings
# are excluded below.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtCharts", "QtPdf", "QtPrintSupport")
# Everything else PySide6 ships; listing them keeps PyInstaller's hooks from pulling them in
# through an optional import somewhere.
QT_MODULES_UNUSED = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCanvasPainter",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
PYTHON_EXCLUDES = (
    *(f"PySide6.{name}" for name in QT_MODULES_UNUSED),
    "tkinter",
    "_tkinter",
    "pydoc_data",
    "IPython",
    "matplotlib",
    "numpy",
    "pytest",
    "hypothesis",
    # QtCharts needs the Qt OpenGL libraries, but not their Python bindings (9 MB).
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    # reportlab imports Pillow's core; its codecs for formats the app never reads (AVIF, WebP,
    # colour profiles, Tk) bring 8 MB of libraries.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    # python-docx and openpyxl use lxml.etree only.
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    # Interactive line editing (pdb, the REPL); the bundle has neither.
    "readline",
    # SQLAlchemy's hook collects every dialect; the app speaks SQLite and PostgreSQL only.
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.oracle",
    "sqlalchemy.dialects.mssql",
)
# Imported by name at run time (Alembic's migration scripts, SQLAlchemy dialects, the
# PostgreSQL driver when the build environment has it), so static analysis misses them.
HIDDEN_IMPORTS = (
    "alembic.op",
    "alembic.context",
    "alembic.runtime.environment",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "logging.handlers",
)
# The PostgreSQL driver of a shared office, bundled when the build environment has it
# (pip install ".[postgres]"); the driver loads its compiled part by name.
OPTIONAL_HIDDEN_IMPORTS = ("psycopg", "psycopg_binary", "psycopg_binary.pq")


def hidden_imports() -> list[str]:
    """The hidden imports, with the optional ones that the build environment can import."""
    optional = [name for name in OPTIONAL_HIDDEN_IMPORTS if _importable(name)]
    return [*HIDDEN_IMPORTS, *optional]


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


# Qt plugin folders kept whole or filtered below; every other plugin folder is dropped.
_PLUGIN_FOLDERS_KEPT = {
    "platforms",
    "imageformats",
    "iconengines",
    "platforminputcontexts",  # fcitx / ibus: typing Chinese on a Linux desktop
    "platformthemes",  # native file dialogs through the desktop portal
    "printsupport",  # the printers of a Linux desktop, through its own CUPS client
    "styles",
    "xcbglintegrations",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
}
# Windows, macOS, X11 and Wayland desktops; offscreen and minimal for servers and tests.
_PLATFORMS_KEPT = re.compile(r"(q?windows|q?cocoa|q?xcb|q?wayland.*|q?offscreen|q?minimal)$")
# Icons and pictures the GUI may show; the app opens no PDF as an image, the rest are unused.
_IMAGEFORMATS_KEPT = re.compile(r"q?(ico|jpeg|gif|svg)$")
# The virtual keyboard drags in QtQuick and QML; the GTK theme drags in GTK's whole stack
# from the build machine, which then clashes with the desktop's own GTK.
_PLUGINS_DROPPED = re.compile(r"q?(tvirtualkeyboardplugin|gtk3)$")
# Qt libraries nothing of the app loads, even when a hook or a plugin list names them; and
# Windows' software OpenGL (20 MB), which only OpenGL drawing would need: the app draws none.
_QT_LIBS_DROPPED = re.compile(
    r"Qt6?(Pdf(Quick|Widgets)|Quick|Qml|WebEngine|3D|Multimedia|Bluetooth|Sensors|Positioning"
    r"|Location|NetworkAuth|VirtualKeyboard|Designer|Help|Sql|Test|TextToSpeech|WebChannel"
    r"|WebSockets|WebView|RemoteObjects|Scxml|SerialBus|SerialPort|SpatialAudio|Nfc"
    r"|Graphs|DataVisualization|ShaderTools|Lottie|ChartsQml|EglFS|EglFsKms)"
    r"|^opengl32sw\.dll$",
)
_QT_TRANSLATIONS_KEPT = re.compile(r"qt(base)?_zh_CN\.qm$")
# Linux: the desktop's own X11 client, D-Bus, GLib and font libraries, those of a bare Debian 12
# with only the X11 client basics (packaging/bare_desktop.sh; README: 系统要求). Qt cannot draw a
# window without them anyway, and a copy from the build machine next to the desktop's own
# configuration is a classic source of breakage (fontconfig reading a newer fonts.conf, two
# GLibs in one process). The xcb-util family, libxcb-render/-shape/-xkb and libxkbcommon-x11
# are not among them: measured with ldd of the xcb platform plugin in that bare root, they
# were missing (libxcb-cursor0 is missing on many stock desktops, and Qt ≥ 6.5 refuses X11
# without it), so the bundle carries them. What only the host libraries needed (libsystemd,
# libgcrypt, libpng …) goes with them. Copies vendored into wheels carry a hash in their name
# (libxcb-9065bb12.so.1) and stay. libcups too: Qt's print plugin talks to the desktop's own
# CUPS server through the desktop's own client (without one it offers printing to PDF only).
_HOST_LIBRARIES = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|xcb|xcb-(randr|shm|sync|xfixes|glx|dri2|dri3|present)"
    r"|xkbcommon|dbus-1|glib-2\.0|gthread-2\.0|fontconfig|freetype|cups)\.so(\.\d+)*$"
)
# The X11 libraries of Qt's xcb platform plugin that the bundle carries (see above); the
# build must find them (.ci/run installs them) or the bundle opens no window on such desktops.
XCB_LIBRARIES_CARRIED = (
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-image.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-render-util.so.0",
    "libxcb-render.so.0",
    "libxcb-shape.so.0",
    "libxcb-util.so.1",
    "libxcb-xkb.so.1",
    "libxkbcommon-x11.so.0",
)


def _stem(name: str) -> str:
    """``libqxcb.so`` → ``qxcb``; ``qwindows.dll`` → ``qwindows``."""
    base = name.split(".")[0]
    return base[3:] if base.startswith("lib") else base


def keep_file(destination: str) -> bool:
    """Whether a file PyInstaller collected belongs in the bundle (``destination`` as in the TOC).

    Qt's plugins, translations and libraries are filtered, and the desktop's own libraries
    are left to the desktop; anything else is kept.
    """
    parts = destination.replace("\\", "/").split("/")
    if "PySide6" not in parts:
        return not _HOST_LIBRARIES.match(parts[-1])
    name = parts[-1]
    if "plugins" in parts:
        at = parts.index("plugins")
        folder = parts[at + 1] if len(parts) > at + 2 else ""
        if folder not in _PLUGIN_FOLDERS_KEPT:
            return False
        if folder == "platforms":
            return bool(_PLATFORMS_KEPT.match(_stem(name)))
        if folder == "imageformats":
            return bool(_IMAGEFORMATS_KEPT.match(_stem(name)))
        return not _PLUGINS_DROPPED.match(_stem(name))
    if "translations" in parts:
        return bool(_QT_TRANSLATIONS_KEPT.search(name))
    if "qml" in parts:
        return False
    return not _QT_LIBS_DROPPED.search(name)


def _keep_entry(entry: TocEntry) -> bool:
    dest, source, kind = entry
    if kind == "SYMLINK":
        # ``source`` is the link's target relative to the link's folder.
        target = posixpath.normpath(posixpath.join(posixpath.dirname(_posix(dest)), _posix(source)))
        return keep_file(dest) and keep_file(target)
    return keep_file(dest)


def _posix(name: str) -> str:
    return name.replace("\\", "/")


def prune(toc: Iterable[TocEntry]) -> list[TocEntry]:
    """The entries of a PyInstaller TOC that :func:`keep_file` keeps (data files)."""
    return [entry for entry in toc if _keep_entry(entry)]


def prune_binaries(
    toc: Iterable[TocEntry], imports: Callable[[str], Iterable[str]], case_sensitive: bool = True
) -> list[TocEntry]:
    """Drop what :func:`keep_file` rejects and the libraries only those dropped files needed.

    PyInstaller collects the shared libraries every collected binary links against; a plugin
    left out leaves its dependencies behind (GTK's stack for the GTK theme, for instance).
    A library stays if a kept binary needs it, directly or through others, or if no binary
    links against it at all (Python extensions, libraries loaded through ctypes).
    ``imports(path)`` names the libraries the binary at ``path`` links against.
    """
    entries = list(toc)

    def key(name: str) -> str:
        base = posixpath.basename(_posix(name))
        return base if case_sensitive else base.lower()

    # A link name resolves to the real file it points at, so a dependency found through a
    # symlink keeps the file and the link.
    real = {key(e[0]): e for e in entries if e[2] != "SYMLINK"}
    links = {key(e[0]): e for e in entries if e[2] == "SYMLINK"}
    for name, link in links.items():
        real.setdefault(name, real.get(key(link[1]), link))

    needs: dict[str, set[str]] = {}
    referenced: set[str] = set()
    for dest, source, kind in entries:
        if kind == "SYMLINK":
            continue
        found = {key(lib) for lib in imports(source)} & real.keys()
        needs[key(dest)] = found
        referenced |= found

    kept = [e for e in entries if _keep_entry(e)]
    kept_real = {key(e[0]): e for e in kept if e[2] != "SYMLINK"}
    # Python extensions are imported, not linked; anything no binary links is loaded some
    # other way (ctypes, Qt's plugin loader): both are where the walk starts.
    pending = [
        name for name, e in kept_real.items() if e[2] == "EXTENSION" or name not in referenced
    ]
    reachable: set[str] = set()
    while pending:
        name = pending.pop()
        if name in reachable or name not in kept_real:
            continue
        reachable.add(name)
        pending.extend(key(real[dependency][0]) for dependency in needs.get(name, ()))
    return [
        e for e in kept if key(e[0]) in reachable or (e[2] == "SYMLINK" and key(e[1]) in reachable)
    ]


def _files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for PyInstaller's ``datas``.

    ``resources/`` keeps its layout beside the code, so ``supervisor.paths.resources_dir()``
    and modules that look two folders up from their own file find it in the bundle too. The
    Alembic migrations go in as files because Alembic reads the scripts from disk.
    """
    pairs: list[tuple[str, str]] = []
    resources = root / "resources"
    for path in _files(resources):
        # The font build script is a developer tool, not something the app reads.
        if path.suffix == ".py":
            continue
        pairs.append((str(path), str(path.parent.relative_to(root))))
    migrations = root / "supervisor" / "db" / "migrations"
    for path in _files(migrations):
        pairs.append((str(path), str(path.parent.relative_to(root))))
    return pairs
