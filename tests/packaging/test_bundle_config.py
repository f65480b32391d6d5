"""The bundle's contents policy: what is collected, which Qt parts are left out, and why."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    # packaging/ is no package (and its name is taken by PyPI's "packaging"): load by path.
    spec = importlib.util.spec_from_file_location(f"_pkg_{name}", REPO / "packaging" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first: dataclasses look their module up while the class is being built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cfg = _load("bundle_config")


def _qt_modules_imported_by_the_app() -> set[str]:
    pattern = re.compile(r"\bPySide6\.(Qt\w+)")
    found: set[str] = set()
    for path in [REPO / "main.py", *(REPO / "supervisor").rglob("*.py")]:
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_qt_module_the_app_imports_is_kept() -> None:
    used = _qt_modules_imported_by_the_app()
    assert used, "the scan found no Qt import at all"
    excluded = {name.removeprefix("PySide6.") for name in cfg.PYTHON_EXCLUDES}
    assert used <= set(cfg.QT_MODULES_USED), used - set(cfg.QT_MODULES_USED)
    assert not used & excluded


def test_hidden_imports_exist() -> None:
    for module in cfg.HIDDEN_IMPORTS:
        assert importlib.util.find_spec(module) is not None, module


def test_data_files_carry_resources_and_migrations() -> None:
    pairs = cfg.data_files(REPO)
    destinations = {(Path(src).name, dest.replace("\\", "/")) for src, dest in pairs}
    assert ("2020-shizuishan.txt", "resources/reports") in destinations
    assert ("default.csv", "resources/departments") in destinations
    assert ("env.py", "supervisor/db/migrations") in destinations
    assert ("script.py.mako", "supervisor/db/migrations") in destinations
    versions = {name for name, dest in destinations if dest.endswith("migrations/versions")}
    assert versions == {p.name for p in (REPO / "supervisor/db/migrations/versions").glob("*.py")}
    fonts = {name for name, dest in destinations if dest == "resources/fonts"}
    assert {p.name for p in (REPO / "resources/fonts").glob("*.ttf")} <= fonts
    assert all(not name.endswith((".pyc", "build_fonts.py")) for name, _ in destinations)


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6\\plugins\\imageformats\\qpdf.dll", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6\\translations\\qt_zh_CN.qm", True),
        ("PySide6/Qt/lib/libQt6Charts.so.6", True),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", True),  # prints the exported PDFs
        ("PySide6/Qt/lib/libQt6PrintSupport.so.6", True),
        ("PySide6/Qt/lib/libQt6Network.so.6", True),  # QtPdf's library needs it
        ("PySide6/Qt/lib/libQt6PdfQuick.so.6", False),
        ("PySide6\\Qt6PdfWidgets.dll", False),
        ("PySide6\\Qt6Pdf.dll", True),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("libcups.so.2", False),  # the desktop's own CUPS client
        ("PySide6\\Qt6WebEngineCore.dll", False),
        ("PySide6\\Qt6Network.dll", True),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6\\Qt6OpenGL.dll", True),
        ("PySide6/Qt/qml/QtQuick/Controls/libqtquickcontrols2plugin.so", False),
        ("resources/fonts/SupervisorHei-Regular.ttf", True),
        ("libpython3.11.so.1.0", True),
        ("libfontconfig.so.1", False),
        ("libX11.so.6", False),
        ("libxcb.so.1", False),
        ("libxcb-randr.so.0", False),
        ("libxkbcommon.so.0", False),
        # The xcb plugin's libraries a bare X11 desktop lacks travel with the bundle.
        ("libxcb-cursor.so.0", True),
        ("libxcb-icccm.so.4", True),
        ("libxcb-render-util.so.0", True),
        ("libxkbcommon-x11.so.0", True),
        ("libglib-2.0.so.0", False),
        ("pillow.libs/libxcb-9065bb12.so.1.1.0", True),
        ("libstdc++.so.6", True),
        ("libsqlite3.so.0", True),
    ],
)
def test_keep_file(destination: str, kept: bool) -> None:
    assert cfg.keep_file(destination) is kept


def test_prune_binaries_drops_what_only_dropped_plugins_needed() -> None:
    toc = [
        ("PySide6/QtCore.abi3.so", "/s/QtCore.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY"),
        ("libcairo.so.2", "/s/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/s/libpixman-1.so.0", "BINARY"),
        ("libharfbuzz.so.0", "/s/libharfbuzz.so.0", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/s/libQt6Quick.so.6", "BINARY"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libloaded_by_ctypes.so", "/s/libloaded_by_ctypes.so", "BINARY"),
    ]
    links = {
        "/s/QtCore.abi3.so": ["libQt6Core.so.6"],
        "/s/libQt6Core.so.6": [],
        "/s/libqgtk3.so": ["libcairo.so.2", "libharfbuzz.so.0", "libQt6Core.so.6"],
        "/s/libcairo.so.2": ["libpixman-1.so.0", "libharfbuzz.so.0"],
        "/s/libqxcb.so": ["libQt6Core.so.6", "libharfbuzz.so.0"],
        "/s/libQt6Quick.so.6": ["libQt6Core.so.6"],
    }
    kept = {dest for dest, _, _ in cfg.prune_binaries(toc, lambda path: links.get(path, []))}
    assert kept == {
        "PySide6/QtCore.abi3.so",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "libQt6Core.so.6",
        "libharfbuzz.so.0",  # still needed by the xcb platform plugin
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libloaded_by_ctypes.so",  # nothing links it: it is loaded some other way
    }


def test_prune_binaries_matches_windows_names_without_case() -> None:
    toc = [
        ("PySide6\\QtCore.pyd", "C:\\s\\QtCore.pyd", "EXTENSION"),
        ("PySide6\\Qt6Core.dll", "C:\\s\\Qt6Core.dll", "BINARY"),
        ("PySide6\\plugins\\platforms\\qvnc.dll", "C:\\s\\qvnc.dll", "BINARY"),
        ("PySide6\\Qt6Network.dll", "C:\\s\\Qt6Network.dll", "BINARY"),
    ]
    links = {
        "C:\\s\\QtCore.pyd": ["QT6CORE.dll"],
        "C:\\s\\qvnc.dll": ["Qt6Core.dll", "Qt6Network.dll"],
    }
    kept = cfg.prune_binaries(toc, lambda path: links.get(path, []), case_sensitive=False)
    assert [dest for dest, _, _ in kept] == ["PySide6\\QtCore.pyd", "PySide6\\Qt6Core.dll"]


build = _load("build")


def _bundle_with(tmp_path: Path, names: list[str]) -> Path:
    bundle = tmp_path / "supervisor"
    (bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    for name in names:
        folder = bundle / "_internal" / ("PySide6/Qt/plugins/platforms" if "libq" in name else "")
        (folder / name).write_bytes(b"\x7fELF")
    return bundle


def test_the_build_names_libraries_the_bundle_loads_but_lacks(tmp_path: Path) -> None:
    kept = ["libqxcb.so", *cfg.XCB_LIBRARIES_CARRIED]
    kept.remove("libxcb-cursor.so.0")
    bundle = _bundle_with(tmp_path, kept)
    warnings = [
        "WARNING: Library not found: could not resolve 'libxcb-cursor.so.0', dependency of "
        "'/venv/PySide6/Qt/plugins/platforms/libqxcb.so'.",
        # The GTK theme plugin is left out of the bundle: what it lacks does not matter.
        "WARNING: Library not found: could not resolve 'libgtk-3.so.0', dependency of "
        "'/venv/PySide6/Qt/plugins/platformthemes/libqgtk3.so'.",
    ]
    problems = build.missing_libraries(bundle, warnings)
    assert problems[0] == warnings[0]
    assert not any("libgtk-3" in line for line in problems)
    if sys.platform.startswith("linux"):
        assert problems[1:] == [
            "libxcb-cursor.so.0: not in the bundle (bundle_config.XCB_LIBRARIES_CARRIED)"
        ]


def test_a_complete_bundle_has_no_missing_libraries(tmp_path: Path) -> None:
    bundle = _bundle_with(tmp_path, ["libqxcb.so", *cfg.XCB_LIBRARIES_CARRIED])
    assert build.missing_libraries(bundle, []) == []
