"""Reading a PDF back as an office would see it: lines with their boxes, text in order."""

from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TextLine:
    page: int
    top: float
    bottom: float
    left: float
    right: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top


def layout(path: Path) -> tuple[list[tuple[float, float]], list[TextLine]]:
    """Page sizes and text lines from ``pdftotext -bbox-layout``.

    pdftotext puts a mark set half an em narrower (）：) on a line of its own because the
    boxes overlap; pieces of one block at one height are joined back into their line.
    """
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    sizes: list[tuple[float, float]] = []
    lines: list[TextLine] = []
    for number, page in enumerate(root.iter("page"), start=1):
        sizes.append((float(page.get("width")), float(page.get("height"))))
        for block in page.iter("block"):
            pieces = []
            for line in block.iter("line"):
                text = "".join(w.text or "" for w in line.iter("word"))
                box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
                pieces.append((box, text))
            pieces.sort(key=lambda p: (round(p[0][1]), p[0][0]))
            for _y, group in itertools.groupby(pieces, key=lambda p: round(p[0][1])):
                group = list(group)
                lines.append(
                    TextLine(
                        number,
                        min(b[1] for b, _t in group),
                        max(b[3] for b, _t in group),
                        min(b[0] for b, _t in group),
                        max(b[2] for b, _t in group),
                        "".join(t for _b, t in group),
                    )
                )
    return sizes, lines


def plain(text: str) -> str:
    """Text without whitespace and page numbers (a paragraph may run over a page break)."""
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


def pdftotext(path: Path) -> str:
    """The text of a PDF in reading order."""
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
