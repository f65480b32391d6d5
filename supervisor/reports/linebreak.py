"""Chinese line breaking (禁则): greedy fitting that never starts or ends a line illegally."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

# Characters that must not begin a line (closing punctuation, pause marks, postfix units).
NO_LINE_START = frozenset(
    "，。、；：？！）》」』〉】〕〗〙｝］”’…·‰％°℃〃々〆ヽヾゝゞ゛゜ー,.;:?!)]}%"
)
# Characters that must not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（《「『〈【〔〖〘｛［“‘([{")

# Units and measure words that stay on the line of the number before them: 已催办1次,
# 6月15日, 128亿元, 21万平方米 (GB/T 15835: a number is not separated from its unit).
UNIT_CHARS = (
    "个项次日月年号周期天时分秒元角万亿千百十人户名家所座辆台套件条头只亩吨米斤倍岁位批场届"
    "张份处间栋层公里平方克升度点"
)
# Full-width punctuation that, next to another of its kind, is set half an em narrower
# (GB/T 15834 标点符号连用: 。” ）； ”， and “《 take one and a half characters, not two).
# Only closing-after-closing and opening-after-opening pairs: no line may break inside them,
# so they are single atoms and their width is known when lines are broken.
CLOSING_MARKS = frozenset("，。、；：？！）》」』〕】〉”’")
OPENING_MARKS = frozenset("（《「『〔【〈“‘")
_CLOSING = "".join(sorted(CLOSING_MARKS))
_OPENING = "".join(sorted(OPENING_MARKS))

# Unbreakable atoms: a Latin/number run with its unit (PM2.5, 80.0%, 2020-12-31, 1万人), a
# doubled dash or ellipsis (破折号 and 省略号 are never split), a run of adjacent full-width
# marks (compressed together), a run of spaces, or any single other character.
_ATOM = re.compile(
    rf"[A-Za-z0-9]+(?:[.,:/'&+\-_][A-Za-z0-9]+)*(?:[%‰]|[{UNIT_CHARS}]{{1,4}})?"
    rf"|——+|……+|—{{2,}}|[{_CLOSING}]{{2,}}|[{_OPENING}]{{2,}}|[ \t]+|.",
    re.DOTALL,
)

# Widths are compared with a little tolerance so rounding never pushes a fitting glyph down.
_EPSILON = 0.01


def atoms(text: str) -> list[str]:
    """Split text into its unbreakable units (Latin words and numbers stay whole)."""
    return _ATOM.findall(text)


def compressed_positions(text: str) -> list[int]:
    """Indexes of the full-width marks set half an em narrower because a mark adjoins them.

    Of two adjacent closing marks (）；, 。”) the first gives up the blank half of its box; of
    two adjacent opening marks (“《) the second does.
    """
    out = []
    for index in range(len(text) - 1):
        first, second = text[index], text[index + 1]
        if first in CLOSING_MARKS and second in CLOSING_MARKS:
            out.append(index)
        elif first in OPENING_MARKS and second in OPENING_MARKS:
            out.append(index + 1)
    return out


class Line(NamedTuple):
    """One laid-out line: its text, whether it ends a paragraph (not to be justified), and
    its natural width."""

    text: str
    last: bool
    width: float = 0.0


def _make_line(atoms: list[str], widths: list[float], start: int, end: int, last: bool) -> Line:
    """Return the line of ``atoms[start:end]`` without trailing spaces."""
    while end > start and atoms[end - 1].isspace():
        end -= 1
    return Line("".join(atoms[start:end]), last, sum(widths[start:end]))


def _can_break_before(atoms: list[str], index: int) -> bool:
    """Return whether a line may end before ``atoms[index]``."""
    if index <= 0 or index >= len(atoms):
        return True
    before, after = atoms[index - 1], atoms[index]
    if after.isspace():
        return False  # spaces stay on the line they follow and are trimmed there
    if before.isspace():
        return True
    return after[0] not in NO_LINE_START and before[-1] not in NO_LINE_END


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    first_indent: float = 0.0,
    compress: float = 0.0,
) -> list[Line]:
    """Break text into lines no wider than ``width``, following Chinese line-breaking rules.

    No line starts with a character of NO_LINE_START and none ends with one of NO_LINE_END:
    when a forbidden character would start the next line, the preceding character moves down
    with it (推出), so lines never overflow. Only an atom wider than the whole line is cut, and
    only when no legal break exists is a rule broken rather than the width.

    Args:
        text: The text; ``\\n`` forces a paragraph end.
        width: The available width of each line.
        measure: Width of one character; called for every character, so make it fast
            (e.g. a dict's ``__getitem__`` with ``__missing__``).
        first_indent: Extra indent of the first line of each paragraph (e.g. two characters).
        compress: Width taken off each mark of :func:`compressed_positions` (half an em), or 0
            to set adjacent marks at full width.

    Returns:
        The lines; each paragraph's last line has ``last=True``. Empty text gives no lines.
    """
    lines: list[Line] = []
    if not text:
        return lines
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        _break_paragraph(paragraph, width, first_indent, measure, lines, compress)
    return lines


def _break_paragraph(
    paragraph: str,
    width: float,
    first_indent: float,
    char_width: Callable[[str], float],
    lines: list[Line],
    compress: float = 0.0,
) -> None:
    atoms = _ATOM.findall(paragraph)
    first_line = len(lines)
    widths = [char_width(a) if len(a) == 1 else sum(map(char_width, a)) for a in atoms]
    if compress:
        for index, atom in enumerate(atoms):
            if len(atom) > 1 and (atom[0] in CLOSING_MARKS or atom[0] in OPENING_MARKS):
                widths[index] -= compress * len(compressed_positions(atom))
    start = 0
    available = width - first_indent
    used = 0.0
    index = 0
    while index < len(atoms):
        atom_width = widths[index]
        if used + atom_width <= available + _EPSILON or atoms[index].isspace():
            used += atom_width
            index += 1
            continue
        if index == start and len(atoms[index]) > 1:
            # A single atom wider than the line (a long number or URL): cut it per character.
            chars = list(atoms[index])
            atoms[index : index + 1] = chars
            widths[index : index + 1] = [char_width(c) for c in chars]
            continue
        end = index
        while end > start and not _can_break_before(atoms, end):
            end -= 1
        if end == start:
            # No legal break on this line: break the rule, never the width.
            end = max(index, start + 1)
        lines.append(_make_line(atoms, widths, start, end, False))
        start = end
        while start < len(atoms) and atoms[start].isspace():
            start += 1
        index = start
        used = 0.0
        available = width
    if start >= len(atoms) and len(lines) > first_line:
        lines[-1] = lines[-1]._replace(last=True)
    else:
        lines.append(_make_line(atoms, widths, start, len(atoms), True))


def break_phrases(phrases: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    """Break a title between its phrases into the fewest, most even lines (GB/T 9704 7.3.1:
    回行时要做到词意完整，排列对称).

    A phrase wider than the line is broken inside by :func:`break_lines`.

    Args:
        phrases: The title cut where a line may end, e.g. ["关于", "2020年", "石嘴山市", …].
        width: The line width.
        measure: Width of one character.

    Returns:
        The lines' texts.
    """
    pieces: list[str] = []
    for phrase in phrases:
        if sum(map(measure, phrase)) > width + _EPSILON:
            pieces.extend(line.text for line in break_lines(phrase, width, measure))
        elif phrase:
            pieces.append(phrase)
    count = len(pieces)
    sizes = [sum(map(measure, piece)) for piece in pieces]
    # best[i]: (lines, widest line, unevenness) of the best layout of pieces[i:].
    best: list[tuple[int, float, float, int]] = [(0, 0.0, 0.0, count)] * (count + 1)
    for start in range(count - 1, -1, -1):
        candidate = None
        used = 0.0
        for end in range(start + 1, count + 1):
            used += sizes[end - 1]
            if used > width + _EPSILON and end > start + 1:
                break
            lines, widest, spread, _next = best[end]
            score = (
                lines + 1,
                max(widest, used),
                spread + (0.0 if end == count else abs(used - sizes_sum(sizes, end, best))),
                end,
            )
            if candidate is None or score[:3] < candidate[:3]:
                candidate = score
        assert candidate is not None
        best[start] = candidate
    out = []
    start = 0
    while start < count:
        end = best[start][3]
        out.append("".join(pieces[start:end]))
        start = end
    return out


def sizes_sum(sizes: list[float], start: int, best: list[tuple[int, float, float, int]]) -> float:
    """Width of the line that starts at ``start`` in the best layout found so far."""
    return sum(sizes[start : best[start][3]])
