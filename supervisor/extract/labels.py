"""A task's short label for lists: its leading clauses, ending at a phrase boundary."""

from __future__ import annotations

_TRAILING_PUNCT = "。；;：:，,！!？? "
# The longest title a task gets from its first sentence.
TITLE_MAX = 80

# Where a label may end: after a clause, never inside one (so never inside a word).
_PHRASE_ENDS = "，；。、：,;:！？!?"
_OPENING = "（(《“‘「『【〔["
_CLOSING = "）)》”’」』】〕]"
# A label shorter than this reads as a fragment (大力推进，…): take the longer clause instead.
_LABEL_MIN = 6


def short_label(text: str, limit: int = TITLE_MAX) -> str:
    """A task's label for lists: the text itself, or its leading clauses when that is long.

    The label ends at a phrase boundary (，；。、： …) outside brackets and quotes, so it never
    ends inside a word or a name, and it carries no "…": the task keeps its full text
    elsewhere. Text without such a boundary within ``limit`` characters is cut at its first
    boundary after the limit, or kept whole.

    Args:
        text: A sentence or paragraph.
        limit: The longest label wanted, in characters.

    Returns:
        The label, without trailing punctuation.
    """
    whole = text.strip().rstrip(_TRAILING_PUNCT)
    if len(whole) <= limit:
        return whole
    ends: list[int] = []
    depth = 0
    for index, char in enumerate(whole):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif char in _PHRASE_ENDS and depth == 0:
            ends.append(index)
    # A clause end (，；…) is preferred to an enumeration comma (、), which would split a list
    # (旅游接待人数、收入), as long as it leaves at least half the room used.
    within = [end for end in ends if max(_LABEL_MIN, limit // 2) <= end <= limit]
    within = [end for end in within if whole[end] != "、"] or [
        end for end in ends if _LABEL_MIN <= end <= limit
    ]
    cut = within[-1] if within else next((end for end in ends if end > limit), len(whole))
    return whole[:cut].rstrip(_TRAILING_PUNCT)
