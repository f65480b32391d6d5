"""Shipped CJK fonts, configured system fonts and per-character fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from supervisor.reports.fonts import (
    REPLACEMENT_CHAR,
    FontError,
    RenderNotes,
    licence_paths,
    load_font,
    load_font_set,
    shipped_font_paths,
)

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


def test_shipped_fonts_are_small_and_licensed() -> None:
    total = sum(p.stat().st_size for p in shipped_font_paths())
    assert total < 6_000_000
    texts = [p.read_text(encoding="utf-8") for p in licence_paths()]
    assert "SIL Open Font License" in texts[0] or "SIL OPEN FONT LICENSE" in texts[0]
    assert "Apache License" in texts[1]


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
