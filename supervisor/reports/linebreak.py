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

# Unbreakable atoms: a Latin/number run (PM2.5, 80.0%, 2020-12-31), a doubled dash or ellipsis
# (破折号 and 省略号 are never split), a run of spaces, or any single other character.
_ATOM = re.compile(
    r"[A-Za-z0-9]+(?:[.,:/'&+\-_][A-Za-z0-9]+)*[%‰]?"
    r"|——+|……+|—{2,}|[ \t]+|.",
    re.DOTALL,
)

# Widths are compared with a little tolerance so rounding never pushes a fitting glyph down.
_EPSILON = 0.01


def atoms(text: str) -> list[str]:
    """Split text into its unbreakable units (Latin words and numbers stay whole)."""
    return _ATOM.findall(text)


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

    Returns:
        The lines; each paragraph's last line has ``last=True``. Empty text gives no lines.
    """
    lines: list[Line] = []
    if not text:
        return lines
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        _break_paragraph(paragraph, width, first_indent, measure, lines)
    return lines


def _break_paragraph(
    paragraph: str,
    width: float,
    first_indent: float,
    char_width: Callable[[str], float],
    lines: list[Line],
) -> None:
    atoms = _ATOM.findall(paragraph)
    first_line = len(lines)
    widths = [char_width(a) if len(a) == 1 else sum(map(char_width, a)) for a in atoms]
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
