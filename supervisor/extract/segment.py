"""Splitting report text into paragraphs, sentences and clauses, and finding quoted names."""

from __future__ import annotations

import html
import re

# Half-width commas separate clauses too (web copies mix them in: 项目建设,实施3万平方米…),
# except inside a number written with thousands separators (1,000).
_CLAUSE_RE = re.compile(r"(?:[^，,；：;:。！？!?]|(?<=\d),(?=\d{3}))+")
_SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]*")
# Quoted names (“四个一”, 《…》, 「…」): numbers inside them are names, not targets. Bounded
# length so an unmatched quote cannot swallow the rest of a paragraph.
_QUOTED_RE = re.compile(
    r"“[^“”\n]{1,30}”|\"[^\"\n]{1,30}\"|《[^《》\n]{1,40}》|「[^「」\n]{1,30}」"
)
# 财政赤字2.76万亿元，其中中央财政赤字……: 其中 opening a clause or sentence lists the parts of
# the total just stated.
BREAKDOWN_START = re.compile(r"\s*其中")
_PARAGRAPH_END = tuple("。！？!?：:；;”）)」》")
_MARKER_START_RE = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}\s*[.、](?!\d)|[①-⑳]|第[一二三四五六七八九十]{1,3}[部章篇]|——)"
)
# ①现有……, 1.新建……: a list item's mark inside a paragraph, part of no name or frame.
ITEM_MARK = re.compile(r"^(?:[①-⑳]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])")
_HEADING_LINE_RE = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[部章篇])"
)
_ENTITY_RE = re.compile(r"&(?:amp|lt|gt|quot|nbsp|#\d{1,6}|#x[0-9a-fA-F]{1,5});")
# A hard-wrapped line is at least this long; shorter lines without end punctuation are headings.
_WRAP_MIN_LENGTH = 30
# A short line with a comma inside is a sentence cut at a page end (今年预期目标设定 / 为6%以上),
# never a heading or a date line.
_INNER_PUNCT = re.compile(r"[，,、；;]")


def unescape_entities(text: str) -> str:
    """Undo HTML entities (``R&amp;D``) that web copies of reports often carry."""
    return _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of a report, re-joining lines that were hard-wrapped.

    A line is joined to the next one when it is long, does not end a sentence, and the next line
    does not start with a heading marker: plain-text copies wrap paragraphs at a fixed width.

    Args:
        text: Report text, lines separated by any newline convention.

    Returns:
        Stripped paragraphs in document order.
    """
    result: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if pending:
                result.append(pending)
                pending = ""
            continue
        if pending and _MARKER_START_RE.match(line):
            result.append(pending)
            pending = ""
        pending += line
        if (
            (len(line) < _WRAP_MIN_LENGTH and not _INNER_PUNCT.search(line))
            or line.endswith(_PARAGRAPH_END)
            or (_HEADING_LINE_RE.match(line) and "。" not in line)
        ):
            result.append(pending)
            pending = ""
    if pending:
        result.append(pending)
    return result


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph (ending in 。！？), end punctuation included."""
    return [m.span() for m in _SENTENCE_RE.finditer(text) if m.group().strip(" 。！？!?")]


def clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the clauses of ``text[start:end]``, split at ，；：and sentence ends."""
    stop = len(text) if end is None else end
    return [m.span() for m in _CLAUSE_RE.finditer(text, start, stop) if m.group().strip()]


def part_start(text: str, marks: str, end: int, start: int = 0) -> int:
    """Where the sentence or clause that runs up to ``end`` begins.

    Args:
        text: The text.
        marks: The punctuation that ends a part (sentence ends, or clause ends too).
        end: A position inside the part.
        start: Where to stop looking back.

    Returns:
        The position just after the last of ``marks`` in ``text[start:end]``, else ``start``.
    """
    return max([text.rfind(mark, start, end) + 1 for mark in marks] + [start])


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted names in ``text`` (quote marks included)."""
    return [m.span() for m in _QUOTED_RE.finditer(text)]
