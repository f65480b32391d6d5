"""CJK fonts for PDF output: shipped TrueType subsets, system fonts, per-character fallback."""

from __future__ import annotations

import hashlib
import os
import struct
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTCollection, TTLibError
from fontTools.ttLib import TTFont as ToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from supervisor.paths import resources_dir

SONG_FILE = "SupervisorSerifSC-Regular.ttf"  # Noto Serif CJK SC subset, OFL 1.1
HEI_FILE = "SupervisorHei-Regular.ttf"  # WenQuanYi Micro Hei subset, Apache-2.0
# Fandol subsets (GPL-3 with the font exception): the free 仿宋, 楷体 and a bold Song for 小标宋.
FANG_FILE = "SupervisorFang-Regular.ttf"
KAI_FILE = "SupervisorKai-Regular.ttf"
SONG_BOLD_FILE = "SupervisorSongBold.ttf"
LICENCE_FILES = ("OFL-NotoSerifCJK.txt", "LICENSE-WenQuanYi-MicroHei.txt", "LICENSE-Fandol.txt")

# Shown instead of a character no available font can draw: visible, and in every shipped subset.
REPLACEMENT_CHAR = "□"

# Well-known CJK faces tried first when a character is missing, before any other system font.
# simsunb.ttf / SimSun-ExtB carry CJK Extension B (rare name characters such as 𠀀).
_PREFERRED_FALLBACKS = (
    "simsun.ttc",
    "simsunb.ttf",
    "SimSun-ExtB.ttf",
    "msyh.ttc",
    "msyh.ttf",
    "simhei.ttf",
    "simkai.ttf",
    "simfang.ttf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "uming.ttc",
    "ukai.ttc",
    "DroidSansFallbackFull.ttf",
    "HanaMinB.ttf",
    "HanaMinA.ttf",
)
_FONT_SUFFIXES = (".ttf", ".ttc")
# A scan of every font on a PC with hundreds of fonts must stay bounded.
_MAX_SCANNED_FILES = 600


class FontError(Exception):
    """A font file cannot be used for PDF output (missing, PostScript outlines, not embeddable)."""


def fonts_dir() -> Path:
    """Return the folder holding the shipped fonts and their licences."""
    return resources_dir() / "fonts"


def shipped_font_paths() -> list[Path]:
    """Return the shipped CJK font files, for the PDF writers and Qt's addApplicationFont.

    Returns:
        The Song-style (page numbers, charts) and Hei-style (headings, table headers) files,
        then the 仿宋 (body), 楷体 and bold Song (title) faces, in that order.
    """
    folder = fonts_dir()
    return [folder / name for name in (SONG_FILE, HEI_FILE, FANG_FILE, KAI_FILE, SONG_BOLD_FILE)]


def system_font_dirs() -> list[Path]:
    """Return the folders where this operating system keeps fonts (existing ones only)."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        candidates = [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        candidates = [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    else:
        candidates = [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts",
            home / ".fonts",
        ]
    return [d for d in candidates if d.is_dir()]


def find_system_font(file_name: str) -> Path | None:
    """Find a font file by its name (e.g. ``simfang.ttf``) in the system font folders.

    Args:
        file_name: The file name, matched case-insensitively.

    Returns:
        The first match, or None.
    """
    wanted = file_name.lower()
    for folder in system_font_dirs():
        direct = folder / file_name
        if direct.is_file():
            return direct
        for path in _walk_fonts(folder):
            if path.name.lower() == wanted:
                return path
    return None


def _walk_fonts(folder: Path) -> Iterator[Path]:
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            if name.lower().endswith(_FONT_SUFFIXES):
                yield Path(root) / name


class PdfFont:
    """A TrueType face registered with reportlab, with its character map and advance widths."""

    def __init__(self, path: Path, subfont_index: int = 0) -> None:
        """Load and register a face.

        Args:
            path: A .ttf or .ttc file with TrueType (glyf) outlines.
            subfont_index: The face inside a .ttc collection.

        Raises:
            FontError: The file is missing, has PostScript outlines or forbids embedding.
        """
        self.path = path
        self.subfont_index = subfont_index
        try:
            stat = path.stat()
        except OSError as exc:
            raise FontError(f"字体文件不存在或无法读取：{path}") from exc
        digest = hashlib.sha1(
            f"{path.resolve()}|{subfont_index}|{stat.st_mtime_ns}|{stat.st_size}".encode()
        ).hexdigest()[:10]
        # reportlab's registry is global: a name unique per file version avoids clashes.
        self.name = f"SupCJK-{digest}"
        try:
            font = TTFont(self.name, str(path), subfontIndex=subfont_index)
        except (TTFError, OSError, ValueError, IndexError) as exc:
            raise FontError(
                f"字体无法嵌入 PDF（需要 TrueType 轮廓且允许嵌入）：{path}：{exc}"
            ) from exc
        pdfmetrics.registerFont(font)
        face = font.face
        self.widths: dict[int, float] = face.charWidths
        self.default_width: float = face.defaultWidth
        self.chars: frozenset[str] = frozenset(chr(c) for c in face.charToGlyph)
        self.ascent: float = face.ascent / 1000.0
        self.descent: float = face.descent / 1000.0

    def covers(self, text: str) -> bool:
        """Return whether every character of ``text`` has a glyph in this face."""
        return self.chars.issuperset(text)

    def char_width(self, char: str, size: float) -> float:
        """Return the advance width of one character at ``size`` points."""
        return self.widths.get(ord(char), self.default_width) * size / 1000.0

    def text_width(self, text: str, size: float) -> float:
        """Return the advance width of a string at ``size`` points."""
        widths = self.widths
        default = self.default_width
        return sum(widths.get(ord(c), default) for c in text) * size / 1000.0

    def __repr__(self) -> str:
        return f"PdfFont({self.path.name!r}, {self.subfont_index})"


_loaded: dict[tuple[str, int], PdfFont] = {}
_loaded_lock = threading.Lock()


def load_font(path: Path | str, subfont_index: int = 0) -> PdfFont:
    """Load a face once per process and return it (see :class:`PdfFont`).

    Args:
        path: A font file, or a bare file name looked up in the system font folders.
        subfont_index: The face inside a .ttc collection.

    Raises:
        FontError: The font cannot be found or used.
    """
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        found = find_system_font(path.name)
        if found is None:
            raise FontError(f"未找到字体：{path}")
        path = found
    key = (str(path.resolve()), subfont_index)
    with _loaded_lock:
        font = _loaded.get(key)
        if font is None:
            font = PdfFont(path, subfont_index)
            _loaded[key] = font
        return font


@dataclass(slots=True)
class RenderNotes:
    """What happened to characters while rendering one document: fallbacks and replacements."""

    replaced: dict[str, int] = field(default_factory=dict)  # char → occurrences shown as □
    fallbacks: dict[str, Path] = field(default_factory=dict)  # char → system font used

    def warnings(self) -> list[str]:
        """Return human-readable Chinese warnings, one per distinct problem."""
        out = []
        for char, font_path in sorted(self.fallbacks.items()):
            out.append(
                f"字符“{char}”（U+{ord(char):04X}）不在内置字体中，"
                f"已改用系统字体 {font_path.name}。"
            )
        for char, count in sorted(self.replaced.items()):
            out.append(
                f"字符“{char}”（U+{ord(char):04X}）在所有可用字体中都不存在，"
                f"已显示为“{REPLACEMENT_CHAR}”（{count}处）。"
            )
        return out


class _SystemFallbacks:
    """Finds, once per process, a system TrueType face that has a given character."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cmaps: list[tuple[Path, int, frozenset[int]]] | None = None
        self._found: dict[str, PdfFont | None] = {}

    def font_for(self, char: str) -> PdfFont | None:
        with self._lock:
            if char in self._found:
                return self._found[char]
            code = ord(char)
            result = None
            for path, index, cmap in self._candidates():
                if code in cmap:
                    try:
                        result = load_font(path, index)
                    except FontError:
                        continue
                    if char in result.chars:
                        break
                    result = None
            self._found[char] = result
            return result

    def _candidates(self) -> list[tuple[Path, int, frozenset[int]]]:
        if self._cmaps is None:
            self._cmaps = []
            for path in self._ordered_files():
                self._cmaps.extend(_read_cmaps(path))
        return self._cmaps

    @staticmethod
    def _ordered_files() -> list[Path]:
        shipped = {p.resolve() for p in shipped_font_paths()}
        preferred = [p for name in _PREFERRED_FALLBACKS if (p := find_system_font(name))]
        rest: list[Path] = []
        for folder in system_font_dirs():
            for path in _walk_fonts(folder):
                if len(rest) >= _MAX_SCANNED_FILES:
                    break
                rest.append(path)
        seen: set[Path] = set()
        ordered = []
        for path in (*preferred, *rest):
            resolved = path.resolve()
            if resolved in seen or resolved in shipped:
                continue
            seen.add(resolved)
            ordered.append(path)
        return ordered


def outline_faces(path: Path) -> list[tuple[int, ToolsFont]]:
    """(face index, face) of each TrueType-outline face of a .ttf/.otf/.ttc file, read lazily.

    Raises whatever fontTools raises on a broken file; callers turn that into "no faces".
    """
    if path.suffix.lower() == ".ttc":
        faces = list(enumerate(TTCollection(str(path), lazy=True).fonts))
    else:
        faces = [(0, ToolsFont(str(path), lazy=True))]
    # reportlab embeds TrueType outlines only; CFF-based files would fail later.
    return [(index, face) for index, face in faces if "glyf" in face]


def _read_cmaps(path: Path) -> list[tuple[Path, int, frozenset[int]]]:
    """Return (path, face index, code points) of each TrueType-outline face in a file."""
    try:
        return [
            (path, index, frozenset(face.getBestCmap() or {}))
            for index, face in outline_faces(path)
        ]
    except (TTLibError, OSError, AssertionError, KeyError, ValueError, struct.error):
        return []


_system_fallbacks = _SystemFallbacks()


@dataclass(frozen=True, slots=True)
class FontSet:
    """The faces a document uses per role, plus the fallbacks for characters they lack.

    ``title`` is drawn with a stroked outline (a 小标宋-like weight); ``subheading`` stands in
    for 楷体 and is the Song face unless a Kai face is configured, since no free Kai face is
    shipped; ``body`` stands in for 仿宋 the same way.
    """

    title: PdfFont
    body: PdfFont
    heading: PdfFont
    subheading: PdfFont
    table: PdfFont
    table_header: PdfFont
    warnings: tuple[str, ...] = ()
    use_system_fallback: bool = True
    page_number: PdfFont | None = None  # 宋体 page numbers; the body face when None
    faces_used: tuple[str, ...] = ()  # "正文（仿宋）：内置字体 Fandol Fang", one per role
    # (role, family) a Word document names per role: the office's face or the standard one.
    families: tuple[tuple[str, str], ...] = ()

    def faces(self) -> list[PdfFont]:
        """Return the distinct faces of this set, role order."""
        out: list[PdfFont] = []
        for font in (
            self.body,
            self.title,
            self.heading,
            self.subheading,
            self.table,
            self.table_header,
            self.page_number,
        ):
            if font is not None and font not in out:
                out.append(font)
        return out

    def font_for_char(self, char: str, preferred: PdfFont) -> PdfFont | None:
        """Return the face that draws ``char``: ``preferred``, another face of the set, or a
        system font; None if no font has it."""
        if char in preferred.chars:
            return preferred
        for font in self.faces():
            if char in font.chars:
                return font
        if self.use_system_fallback:
            return _system_fallbacks.font_for(char)
        return None

    def resolve(
        self, text: str, preferred: PdfFont, notes: RenderNotes
    ) -> tuple[str, dict[str, PdfFont]]:
        """Prepare ``text`` for drawing in ``preferred``.

        Args:
            text: The text to draw.
            preferred: The face the text's style asks for.
            notes: Collects fallbacks and replacements for the caller's warnings.

        Returns:
            The text with undrawable characters replaced by □, and a map of each character
            ``preferred`` lacks to the face that draws it (usually empty).
        """
        if preferred.covers(text):
            return text, {}
        overrides: dict[str, PdfFont] = {}
        out = []
        for char in text:
            if char in preferred.chars or char in overrides or char in "\n\t":
                out.append(char)
                continue
            if char in "\r\u200b\ufeff\u00ad":
                continue  # invisible formatting characters: nothing to draw
            font = self.font_for_char(char, preferred)
            if font is None:
                notes.replaced[char] = notes.replaced.get(char, 0) + 1
                out.append(REPLACEMENT_CHAR)
                continue
            overrides[char] = font
            if font.path.parent.resolve() != fonts_dir().resolve():
                notes.fallbacks.setdefault(char, font.path)
            out.append(char)
        if REPLACEMENT_CHAR in out and REPLACEMENT_CHAR not in preferred.chars:
            font = self.font_for_char(REPLACEMENT_CHAR, preferred)
            if font is not None:
                overrides[REPLACEMENT_CHAR] = font
        return "".join(out), overrides

    def single_font_text(
        self, text: str, preferred: PdfFont, notes: RenderNotes
    ) -> tuple[str, PdfFont]:
        """Prepare a short label that must be drawn in one face (chart labels).

        Returns:
            The text, possibly with □ replacements, and the face to draw it with: ``preferred``
            unless one fallback face covers every missing character.
        """
        resolved, overrides = self.resolve(text, preferred, notes)
        faces = set(overrides.values())
        if not overrides:
            return resolved, preferred
        if len(faces) == 1:
            (font,) = faces
            if font.covers(resolved):
                return resolved, font
        cleaned = "".join(c if c in preferred.chars else REPLACEMENT_CHAR for c in resolved)
        for char in set(resolved) - preferred.chars - {REPLACEMENT_CHAR}:
            notes.fallbacks.pop(char, None)
            notes.replaced[char] = notes.replaced.get(char, 0) + resolved.count(char)
        return cleaned, preferred


def load_font_set(
    *,
    body: Path | str | None = None,
    title: Path | str | None = None,
    heading: Path | str | None = None,
    subheading: Path | str | None = None,
    table: Path | str | None = None,
    use_system_fallback: bool = True,
) -> FontSet:
    """Build the font set for a document: shipped faces, or system faces named in settings.

    Args:
        body: 正文 face (仿宋-like), e.g. ``C:/Windows/Fonts/simfang.ttf`` or ``simfang.ttf``.
        title: 标题 face (小标宋-like).
        heading: 一级标题 face (黑体-like), e.g. ``simhei.ttf``.
        subheading: 二级标题 face (楷体-like), e.g. ``simkai.ttf``.
        table: 表格 face.
        use_system_fallback: Search system fonts for characters the chosen faces lack.

    Returns:
        A FontSet; a configured face that is missing or unusable is replaced by the shipped one
        and named in ``FontSet.warnings``.

    Raises:
        FontError: The shipped fonts themselves are missing (a broken installation).
    """
    song_path, hei_path = shipped_font_paths()[:2]
    song = load_font(song_path)
    hei = load_font(hei_path)
    warnings: list[str] = []

    def pick(setting: Path | str | None, default: PdfFont, role: str) -> PdfFont:
        if setting is None or str(setting).strip() == "":
            return default
        try:
            return load_font(setting)
        except FontError as exc:
            warnings.append(f"{role}字体不可用，已改用内置字体：{exc}")
            return default

    return FontSet(
        title=pick(title, song, "标题"),
        body=pick(body, song, "正文"),
        heading=pick(heading, hei, "一级标题"),
        subheading=pick(subheading, song, "二级标题"),
        table=pick(table, song, "表格"),
        table_header=pick(heading, hei, "表头"),
        warnings=tuple(warnings),
        use_system_fallback=use_system_fallback,
    )


def licence_paths() -> list[Path]:
    """Return the licence files shipped beside the fonts."""
    return [fonts_dir() / name for name in LICENCE_FILES]
