"""Build the shipped CJK TrueType subsets and their licence files from Debian's font packages."""

# Sources (Debian 12):
#   fonts-noto-cjk     /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc  (SIL OFL 1.1)
#   fonts-wqy-microhei /usr/share/fonts/truetype/wqy/wqy-microhei.ttc           (Apache-2.0)
#   texlive-lang-chinese  texmf-dist/fonts/opentype/public/fandol/Fandol*.otf
#                      (GPL-3 + font exception): the 公文 faces 仿宋 (body), 楷体 （一）,
#                      bold Song (小标宋 title).
#                      Not installed on purpose (it pulls TeX Live): download and unpack it:
#     apt-get download texlive-lang-chinese && dpkg-deb -x texlive-lang-chinese_*.deb /tmp/tl
#     python resources/fonts/build_fonts.py --fandol /tmp/tl   (needs fontTools; ~60 s)
#
# Noto Serif CJK has CFF (PostScript) outlines, which reportlab cannot embed, so after subsetting
# its outlines are converted to TrueType quadratic curves (fontTools' otf2ttf recipe).
# Both faces are renamed so a subset is never mistaken for the full system font.

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
NOTO_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
WQY_COPYRIGHT = Path("/usr/share/doc/fonts-wqy-microhei/copyright")
APACHE = Path("/usr/share/common-licenses/Apache-2.0")

SONG_FILE = "SupervisorSerifSC-Regular.ttf"
HEI_FILE = "SupervisorHei-Regular.ttf"
FANDOL_SUBDIR = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
FANDOL_DOC = "usr/share/doc/texlive-doc/fonts/fandol"
# (source file, shipped file, family, PostScript name): the 公文 roles Fandol serves.
FANDOL_FACES = (
    ("FandolFang-Regular.otf", "SupervisorFang-Regular.ttf", "Supervisor Fang", "SupervisorFang"),
    ("FandolKai-Regular.otf", "SupervisorKai-Regular.ttf", "Supervisor Kai", "SupervisorKai"),
    (
        "FandolSong-Bold.otf",
        "SupervisorSongBold.ttf",
        "Supervisor Song Bold",
        "SupervisorSongBold",
    ),
)
FANDOL_LICENCE = "LICENSE-Fandol.txt"
# The font exception the Fandol README grants with the GPL (the FSF's standard wording).
FONT_EXCEPTION = (
    "As a special exception, if you create a document which uses this font, and embed this\n"
    "font or unaltered portions of this font into the document, this font does not by itself\n"
    "cause the resulting document to be covered by the GNU General Public License. This\n"
    "exception does not however invalidate any other reasons why the document might be\n"
    "covered by the GNU General Public License.\n"
)

# Curve approximation error in font units (1000 upm): the value fontTools' otf2ttf uses.
MAX_ERR = 1.0
# Fandol's outlines have many more curves than Noto's: at 4 units (0.06 pt at 16 pt, far below
# what a printer resolves) the 仿宋 subset is about half the size it is at 1.0.
FANDOL_MAX_ERR = 4.0

# Characters an official document uses beyond GB2312 itself: ASCII, CJK and general
# punctuation, full-width forms, and the dash/dot variants that GB2312 maps elsewhere.
EXTRA_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2010, 0x2027),
    (0x2030, 0x203B),
    (0x2100, 0x2122),
    (0x2160, 0x216B),
    (0x2190, 0x2193),
    (0x2460, 0x2473),
    (0x25A0, 0x25CF),
    (0x3000, 0x303F),
    (0xFF01, 0xFF5E),
    (0xFFE0, 0xFFE5),
)


def gb2312_characters() -> set[str]:
    """Return every character of the GB2312 set (6,763 hanzi plus symbols)."""
    chars: set[str] = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(bytes((first, second)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_codepoints() -> set[int]:
    """Return the code points the shipped subsets keep."""
    points = {ord(c) for c in gb2312_characters()}
    for low, high in EXTRA_RANGES:
        points.update(range(low, high + 1))
    return points


def _face_index(collection: Path, family: str) -> int:
    if collection.suffix.lower() != ".ttc":
        return -1
    ttc = TTCollection(str(collection), lazy=True)
    for index, font in enumerate(ttc.fonts):
        if font["name"].getDebugName(1) == family:
            return index
    raise SystemExit(f"{family!r} not found in {collection}")


def _subset(source: Path, family: str) -> TTFont:
    font = TTFont(str(source), fontNumber=_face_index(source, family), lazy=False)
    if "VORG" in font:
        del font["VORG"]
    options = subset.Options()
    # reportlab ignores OpenType layout; dropping it keeps the file small.
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted_codepoints() & set(font.getBestCmap()))
    subsetter.subset(font)
    return font


def _cff_to_glyf(font: TTFont, max_err: float = MAX_ERR) -> None:
    """Replace CFF outlines with TrueType quadratic ones, in place (fontTools' otf2ttf)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont, family: str, postscript: str) -> None:
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            name.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, family),
        (2, "Regular"),
        (3, f"{postscript};subset-gb2312"),
        (4, family),
        (6, postscript),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [postscript]


def _debian_licence_block(copyright_file: Path, licence: str) -> str:
    """Return the text of a ``License: <licence>`` paragraph of a Debian copyright file."""
    text = copyright_file.read_text(encoding="utf-8")
    match = re.search(rf"^License: {re.escape(licence)}\n((?: .*\n?)+)", text, re.MULTILINE)
    if match is None:
        raise SystemExit(f"licence {licence!r} not found in {copyright_file}")
    lines = [line[1:] for line in match.group(1).splitlines()]
    return "\n".join("" if line == "." else line for line in lines).strip() + "\n"


def _debian_files_block(copyright_file: Path) -> str:
    """Return the ``Files: *`` paragraph (copyright holders) of a Debian copyright file."""
    text = copyright_file.read_text(encoding="utf-8")
    match = re.search(r"^Files: \*\n(.*?)(?=^License:)", text, re.MULTILINE | re.DOTALL)
    if match is None:
        raise SystemExit(f"no 'Files: *' paragraph in {copyright_file}")
    return match.group(1).replace("\n .\n", "\n\n").strip() + "\n"


def _font_notice(collection: Path, family: str) -> str:
    """Return the copyright, version and trademark notices of a source font's name table."""
    font = TTFont(str(collection), fontNumber=_face_index(collection, family), lazy=True)
    notices = (font["name"].getDebugName(i) for i in (0, 5, 7))
    return "\n".join(n for n in notices if n) + "\n"


def write_licences(out: Path) -> None:
    """Write the licence files shipped beside the fonts."""
    noto = (
        f"{SONG_FILE} (family 'Supervisor Serif SC') is a Modified Version (GB2312 subset,\n"
        "TrueType outlines, renamed) of Noto Serif CJK SC Regular,\n"
        "https://github.com/notofonts/noto-cjk (Debian package fonts-noto-cjk).\n\n"
        f"{_font_notice(NOTO_SERIF, 'Noto Serif CJK SC')}\n"
        f"Debian packaging metadata:\n{_debian_files_block(NOTO_COPYRIGHT)}\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
        f"{_debian_licence_block(NOTO_COPYRIGHT, 'SIL-1.1')}"
    )
    (out / "OFL-NotoSerifCJK.txt").write_text(noto, encoding="utf-8")
    wqy = (
        f"{HEI_FILE} (family 'Supervisor Hei') is a modified version (GB2312 subset,\n"
        "renamed) of WenQuanYi Micro Hei (Debian package fonts-wqy-microhei), used under\n"
        "the Apache License, Version 2.0 (upstream: Apache-2.0 or GPL-3+ with font exception).\n\n"
        f"{_font_notice(WQY, 'WenQuanYi Micro Hei')}\n"
        f"{_debian_files_block(WQY_COPYRIGHT)}\n"
        f"{APACHE.read_text(encoding='utf-8')}"
    )
    (out / "LICENSE-WenQuanYi-MicroHei.txt").write_text(wqy, encoding="utf-8")


def build_fandol(root: Path, out: Path) -> list[Path]:
    """Build the Fandol subsets (仿宋, 楷体, bold Song) from an unpacked texlive-lang-chinese."""
    folder = root / FANDOL_SUBDIR
    written = []
    for source, file_name, family, postscript in FANDOL_FACES:
        font = _subset(folder / source, family)
        _cff_to_glyf(font, FANDOL_MAX_ERR)
        _rename(font, family, postscript)
        target = out / file_name
        font.save(str(target))
        written.append(target)
    gpl = gzip.decompress((root / FANDOL_DOC / "COPYING.gz").read_bytes()).decode("utf-8")
    readme = (root / FANDOL_DOC / "README").read_text(encoding="utf-8")
    names = ", ".join(f"{file} ({source})" for source, file, _f, _p in FANDOL_FACES)
    text = (
        f"{names} are modified versions (GB2312 subset, TrueType outlines, renamed) of the\n"
        "Fandol fonts (Debian package texlive-lang-chinese, TeX Live fonts/fandol),\n"
        "Copyright (c) 2012-2013, the Fandol team (Clerk Ma, Jie Su).\n\n"
        f"Upstream README:\n{readme.strip()}\n\n"
        "Licence: GNU General Public License version 3 with the font exception:\n\n"
        f"{FONT_EXCEPTION}\n{gpl}"
    )
    (out / FANDOL_LICENCE).write_text(text, encoding="utf-8")
    return written


def build(out: Path) -> list[Path]:
    """Build both subsets into ``out`` and return their paths."""
    song = _subset(NOTO_SERIF, "Noto Serif CJK SC")
    _cff_to_glyf(song)
    _rename(song, "Supervisor Serif SC", "SupervisorSerifSC-Regular")
    hei = _subset(WQY, "WenQuanYi Micro Hei")
    _rename(hei, "Supervisor Hei", "SupervisorHei-Regular")
    written = []
    for font, file_name in ((song, SONG_FILE), (hei, HEI_FILE)):
        target = out / file_name
        font.save(str(target))
        written.append(target)
    write_licences(out)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    parser.add_argument(
        "--fandol", type=Path, metavar="DIR", help="unpacked texlive-lang-chinese (see above)"
    )
    parser.add_argument("--only-fandol", action="store_true", help="skip Noto and WenQuanYi")
    args = parser.parse_args(argv)
    paths = [] if args.only_fandol else build(args.out)
    if args.fandol is not None:
        paths += build_fandol(args.fandol, args.out)
    for path in paths:
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
