"""公文 faces by role: the office's installed fonts when present, else the shipped free faces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTLibError
from fontTools.ttLib import TTFont as ToolsFont

from supervisor.reports.fonts import (
    FANG_FILE,
    HEI_FILE,
    KAI_FILE,
    SONG_BOLD_FILE,
    SONG_FILE,
    FontError,
    FontSet,
    PdfFont,
    fonts_dir,
    load_font,
    outline_faces,
    system_font_dirs,
)

# The roles of GB/T 9704 and what each is called in messages and settings.
ROLES: dict[str, str] = {
    "title": "标题（小标宋）",
    "body": "正文（仿宋）",
    "heading": "一级标题（黑体）",
    "subheading": "二级标题（楷体）",
    "page_number": "页码（宋体）",
}
# The faces offices install, most specific first (GB2312 and GBK builds, Windows' own).
OFFICE_FACES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong"),
    "body": ("仿宋_GB2312", "FangSong_GB2312", "方正仿宋_GBK", "仿宋", "FangSong", "华文仿宋"),
    "heading": ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体"),
    "subheading": ("楷体_GB2312", "KaiTi_GB2312", "方正楷体_GBK", "楷体", "KaiTi", "华文楷体"),
    "page_number": ("宋体", "SimSun", "方正书宋_GBK", "华文宋体"),
}
# What a Word document names when the office face is not on this PC: the face Word and WPS
# on an office PC will most likely have.
DOCX_DEFAULT_FAMILY: dict[str, str] = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading": "黑体",
    "subheading": "楷体_GB2312",
    "page_number": "宋体",
}
# The shipped face per role, and where it comes from (for "the export says which faces").
SHIPPED: dict[str, tuple[str, str]] = {
    "title": (SONG_BOLD_FILE, "Fandol Song Bold"),
    "body": (FANG_FILE, "Fandol Fang"),
    "heading": (HEI_FILE, "文泉驿微米黑"),
    "subheading": (KAI_FILE, "Fandol Kai"),
    "page_number": (SONG_FILE, "Noto Serif CJK SC"),
}
AUTO = "auto"  # the office's face if installed, else the shipped one
SHIPPED_CHOICE = "shipped"  # always the shipped face (identical output on every PC)
_MAX_SCANNED = 800


@dataclass(frozen=True, slots=True)
class RoleFace:
    """The face one role uses: the loaded font, its family name and where it came from."""

    role: str
    font: PdfFont
    family: str  # the family name a Word document should ask for
    source: str  # e.g. "系统字体 仿宋_GB2312（C:/Windows/Fonts/仿宋_GB2312.ttf）"


class _Installed:
    """Family name → (file, face index) of the CJK TrueType faces installed on this PC."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._families: dict[str, tuple[Path, int]] | None = None

    def find(self, family: str) -> tuple[Path, int] | None:
        with self._lock:
            if self._families is None:
                self._families = _scan()
            return self._families.get(family.casefold())

    def reset(self) -> None:
        with self._lock:
            self._families = None


def _scan() -> dict[str, tuple[Path, int]]:
    """Every installed face by each of its family names (fontconfig, then the font folders)."""
    found: dict[str, tuple[Path, int]] = {}
    shipped = fonts_dir().resolve()
    for family, path, index in _fontconfig_faces():
        if path.parent.resolve() != shipped:
            found.setdefault(family.casefold(), (path, index))
    scanned = 0
    for folder in system_font_dirs():
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                if not name.lower().endswith((".ttf", ".ttc", ".otf")):
                    continue
                scanned += 1
                if scanned > _MAX_SCANNED:
                    return found
                path = Path(root) / name
                for family, index in _families_of(path):
                    found.setdefault(family.casefold(), (path, index))
    return found


def _fontconfig_faces() -> list[tuple[str, Path, int]]:
    """(family, file, index) from ``fc-list`` on Linux desktops (empty where it is missing)."""
    if sys.platform.startswith("win") or shutil.which("fc-list") is None:
        return []
    try:
        output = subprocess.run(
            ["fc-list", "-f", "%{family}\t%{file}\t%{index}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        families, file, index = parts
        for family in families.split(","):
            if family.strip():
                faces.append((family.strip(), Path(file), int(index or 0)))
    return faces


def _families_of(path: Path) -> list[tuple[str, int]]:
    """Family names (every language) of each TrueType-outline face of a font file."""
    try:
        out = []
        for index, face in outline_faces(path):
            for record in face["name"].names:
                if record.nameID in (1, 16):
                    try:
                        out.append((record.toUnicode(), index))
                    except UnicodeDecodeError:
                        continue
        return out
    except (TTLibError, OSError, AssertionError, KeyError, ValueError):
        return []


_installed = _Installed()


def installed_face(family: str) -> tuple[Path, int] | None:
    """Return the file and face index of an installed face with this family name, if any."""
    return _installed.find(family)


def forget_installed_faces() -> None:
    """Scan the installed fonts again on next use (after the user installed a font)."""
    _installed.reset()


def _shipped(role: str) -> RoleFace:
    file_name, origin = SHIPPED[role]
    font = load_font(fonts_dir() / file_name)
    return RoleFace(role, font, DOCX_DEFAULT_FAMILY[role], f"内置字体 {origin}")


def _installed_role(role: str, family: str) -> RoleFace | None:
    found = installed_face(family)
    if found is None:
        return None
    path, index = found
    font = load_font(path, index)
    return RoleFace(role, font, family, f"系统字体 {family}（{path}）")


def resolve_role(role: str, choice: str = AUTO) -> tuple[RoleFace, str | None]:
    """Return the face for one role and a warning when the choice could not be honoured.

    Args:
        role: One of :data:`ROLES`.
        choice: ``auto`` (installed office face, else shipped), ``shipped``, a family name
            (e.g. ``仿宋_GB2312``) or a TrueType file path.

    Raises:
        KeyError: An unknown role.
    """
    label = ROLES[role]
    choice = (choice or AUTO).strip()
    if choice == SHIPPED_CHOICE:
        return _shipped(role), None
    if choice == AUTO:
        for family in OFFICE_FACES[role]:
            try:
                face = _installed_role(role, family)
            except FontError:
                continue  # e.g. a CFF build of the face: try the next name
            if face is not None:
                return face, None
        return _shipped(role), None
    try:
        face = _installed_role(role, choice)
        if face is None:
            path = Path(choice)
            if path.suffix.lower() not in (".ttf", ".ttc", ".otf"):
                raise FontError(f"未安装字体“{choice}”")
            font = load_font(path)
            face = RoleFace(role, font, choice_family(font), f"字体文件 {font.path}")
        return face, None
    except FontError as exc:
        return _shipped(role), f"{label}字体不可用，已改用内置字体：{exc}"


def choice_family(font: PdfFont) -> str:
    """The family name stored in a font file (for a Word document that names it)."""
    try:
        if font.path.suffix.lower() == ".ttc":
            face = TTCollection(str(font.path), lazy=True).fonts[font.subfont_index]
        else:
            face = ToolsFont(str(font.path), lazy=True)
        return face["name"].getBestFamilyName() or font.path.stem
    except (TTLibError, OSError, IndexError, KeyError):
        return font.path.stem


def office_font_set(
    choices: Mapping[str, str] | None = None, *, use_system_fallback: bool = True
) -> tuple[FontSet, dict[str, RoleFace]]:
    """Build the font set of a 公文 from per-role choices (see :func:`resolve_role`).

    Returns:
        The FontSet (warnings name every choice replaced by a shipped face) and the face of
        each role, for the Word writer and for the export's report of faces used.
    """
    choices = dict(choices or {})
    unknown = sorted(set(choices) - set(ROLES))
    if unknown:
        raise KeyError(unknown[0])
    faces: dict[str, RoleFace] = {}
    warnings: list[str] = []
    for role in ROLES:
        face, warning = resolve_role(role, choices.get(role, AUTO))
        faces[role] = face
        if warning:
            warnings.append(warning)
    font_set = FontSet(
        title=faces["title"].font,
        body=faces["body"].font,
        heading=faces["heading"].font,
        subheading=faces["subheading"].font,
        table=faces["body"].font,
        table_header=faces["heading"].font,
        page_number=faces["page_number"].font,
        warnings=tuple(warnings),
        use_system_fallback=use_system_fallback,
        faces_used=tuple(f"{ROLES[r]}：{faces[r].source}" for r in ROLES),
        families=tuple((r, faces[r].family) for r in ROLES),
    )
    return font_set, faces
