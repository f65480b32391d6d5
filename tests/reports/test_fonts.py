"""Shipped CJK fonts, configured system fonts and per-character fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from supervisor.reports import office_fonts
from supervisor.reports.fonts import (
    FANG_FILE,
    HEI_FILE,
    KAI_FILE,
    REPLACEMENT_CHAR,
    FontError,
    RenderNotes,
    fonts_dir,
    licence_paths,
    load_font,
    load_font_set,
    shipped_font_paths,
)
from supervisor.reports.office_fonts import SHIPPED, office_font_set

NOTO_CFF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def gb2312() -> set[str]:
    chars = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(bytes((first, second)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


@pytest.mark.parametrize("path", shipped_font_paths(), ids=lambda p: p.name)
def test_shipped_font_is_truetype_and_covers_gb2312_ascii_and_punctuation(path: Path) -> None:
    font = TTFont(str(path), lazy=True)
    assert "glyf" in font
    assert "CFF " not in font
    cmap = {chr(code) for code in font.getBestCmap()}
    ascii_printable = {chr(code) for code in range(0x20, 0x7F)}
    punctuation = set("，。、；：？！（）《》「」“”‘’—…·％～￥　")
    missing = (gb2312() | ascii_printable | punctuation) - cmap
    # WenQuanYi lacks a few GB2312 symbols (box drawing, a few row-2 glyphs); no hanzi may miss.
    assert not {c for c in missing if "\u4e00" <= c <= "\u9fff"}
    assert len(missing) < 40, sorted(missing)


def gb2312_hanzi() -> set[str]:
    return {c for c in gb2312() if "\u4e00" <= c <= "\u9fff"}


def test_gb2312_has_6763_hanzi() -> None:
    assert len(gb2312_hanzi()) == 6763


@pytest.mark.parametrize("role", list(SHIPPED), ids=str)
def test_each_roles_shipped_face_covers_all_6763_gb2312_hanzi(role: str) -> None:
    path = fonts_dir() / SHIPPED[role][0]
    font = TTFont(str(path), lazy=True)
    assert "glyf" in font  # reportlab embeds TrueType outlines only
    cmap = {chr(code) for code in font.getBestCmap()}
    assert gb2312_hanzi() <= cmap
    # Embedding allowed (fsType: no restricted-licence bit).
    assert not font["OS/2"].fsType & 0x0002


def test_shipped_fonts_are_licensed_for_embedding_and_redistribution() -> None:
    total = sum(p.stat().st_size for p in shipped_font_paths())
    assert total < 25_000_000
    texts = [p.read_text(encoding="utf-8") for p in licence_paths()]
    assert "SIL Open Font License" in texts[0] or "SIL OPEN FONT LICENSE" in texts[0]
    assert "Apache License" in texts[1]
    assert "GNU GENERAL PUBLIC LICENSE" in texts[2]
    assert "font exception" in texts[2]
    assert "embed this" in texts[2]


def renamed_copy(source: Path, target: Path, family: str) -> Path:
    """A shipped face saved under another family name, as an office's installed font."""
    font = TTFont(str(source))
    name = font["name"]
    for name_id in (1, 4, 16):
        name.removeNames(nameID=name_id)
        name.setName(family, name_id, 3, 1, 0x804)
    font.save(str(target))
    return target


@pytest.fixture
def office_fonts_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A font folder standing for C:\\Windows\\Fonts, and nothing from fontconfig."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    monkeypatch.setattr(office_fonts, "system_font_dirs", lambda: [folder])
    monkeypatch.setattr(office_fonts, "_fontconfig_faces", list)
    office_fonts.forget_installed_faces()
    yield folder
    office_fonts.forget_installed_faces()


def test_the_offices_installed_face_is_found_by_family_name(office_fonts_folder: Path) -> None:
    renamed_copy(fonts_dir() / FANG_FILE, office_fonts_folder / "FS_GB2312.ttf", "仿宋_GB2312")
    font_set, faces = office_font_set()
    assert faces["body"].font.path == office_fonts_folder / "FS_GB2312.ttf"
    assert faces["body"].family == "仿宋_GB2312"
    assert font_set.body.path == office_fonts_folder / "FS_GB2312.ttf"
    assert any("正文（仿宋）：系统字体 仿宋_GB2312" in f for f in font_set.faces_used)
    # Roles the office has no face for use the shipped ones, and say so.
    assert faces["subheading"].font.path == fonts_dir() / KAI_FILE
    assert any("内置字体 Fandol Kai" in f for f in font_set.faces_used)
    assert dict(font_set.families)["subheading"] == "楷体_GB2312"


def test_shipped_choice_ignores_installed_faces_and_unknown_faces_warn(
    office_fonts_folder: Path,
) -> None:
    renamed_copy(fonts_dir() / FANG_FILE, office_fonts_folder / "simfang.ttf", "仿宋")
    font_set, _faces = office_font_set({"body": "shipped", "heading": "不存在的黑体"})
    assert font_set.body.path == fonts_dir() / FANG_FILE
    assert font_set.heading.path == fonts_dir() / HEI_FILE
    assert any("一级标题" in w and "不存在的黑体" in w for w in font_set.warnings)
    auto, _ = office_font_set()
    assert auto.body.path == office_fonts_folder / "simfang.ttf"


def test_configured_font_that_is_missing_falls_back_with_a_warning(tmp_path: Path) -> None:
    fonts = load_font_set(body=tmp_path / "simfang.ttf")
    assert fonts.body.path == shipped_font_paths()[0]
    assert any("正文" in w for w in fonts.warnings)


@pytest.mark.skipif(not NOTO_CFF.exists(), reason="needs fonts-noto-cjk")
def test_postscript_outline_font_is_refused() -> None:
    with pytest.raises(FontError):
        load_font(NOTO_CFF, 2)
    fonts = load_font_set(heading=NOTO_CFF)
    assert fonts.heading.path == shipped_font_paths()[1]
    assert fonts.warnings


def test_configured_system_font_is_used(tmp_path: Path) -> None:
    # Any TrueType file will do as the "system" face: copy the shipped Hei face elsewhere.
    copy = tmp_path / "myhei.ttf"
    copy.write_bytes(shipped_font_paths()[1].read_bytes())
    fonts = load_font_set(body=copy)
    assert fonts.body.path == copy
    assert not fonts.warnings


def test_character_outside_every_font_becomes_visible_box_and_is_reported() -> None:
    fonts = load_font_set(use_system_fallback=False)
    notes = RenderNotes()
    text, overrides = fonts.resolve("张𠀀同志", fonts.body, notes)
    assert text == f"张{REPLACEMENT_CHAR}同志"
    assert overrides == {}
    assert notes.replaced == {"𠀀": 1}
    assert any("𠀀" in w for w in notes.warnings())


def test_character_missing_from_body_face_is_drawn_by_another_face() -> None:
    fonts = load_font_set(use_system_fallback=False)
    notes = RenderNotes()
    # The two shipped subsets differ in a few symbols: one face stands in for the other.
    candidates = [c for c in fonts.heading.chars - fonts.body.chars if not c.isspace()]
    assert candidates
    char = sorted(candidates)[0]
    text, overrides = fonts.resolve(f"甲{char}乙", fonts.body, notes)
    assert text == f"甲{char}乙"
    assert overrides[char] is fonts.heading
    assert notes.replaced == {}


def test_rare_character_uses_a_system_font_when_one_has_it() -> None:
    fonts = load_font_set()
    notes = RenderNotes()
    text, overrides = fonts.resolve("犇", fonts.body, notes)
    if overrides:
        assert "犇" in overrides["犇"].chars
        assert text == "犇"
        assert any("犇" in w and "系统字体" in w for w in notes.warnings())
    else:  # no system font has it on this machine: shown as a box, and said so
        assert text == REPLACEMENT_CHAR
        assert notes.replaced == {"犇": 1}
