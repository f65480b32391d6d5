"""Text normalisation and parsing of Arabic, full-width and Chinese numerals."""

from __future__ import annotations

import re

# Full-width digits, letters and signs → ASCII, one character for one, so that offsets in the
# normalised text are offsets in the original text too.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FULL_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULL_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULL_WIDTH.update(
    {
        ord("％"): ord("%"),
        ord("﹪"): ord("%"),
        ord("．"): ord("."),
        ord("＋"): ord("+"),
        ord("\u3000"): ord(" "),
        ord("\u00a0"): ord(" "),
    }
)

ARABIC_NUMBER = r"\d{1,15}(?:,\d{3}){1,4}(?:\.\d{1,8})?|\d{1,15}(?:\.\d{1,8})?"
CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE_NUMERAL_CHARS = CHINESE_DIGITS + "十百千万亿"
# Bounded repetition keeps a long run of numeral characters from costing quadratic time.
CHINESE_NUMBER = f"[{CHINESE_NUMERAL_CHARS}]{{1,10}}"

_DIGIT_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
_DIGIT_VALUES.update({"〇": 0, "两": 2})
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CHINESE_RE = re.compile(CHINESE_NUMBER)


def normalize(text: str) -> str:
    """Map full-width digits, letters, ``％`` and ``．`` to ASCII, keeping the length.

    Args:
        text: Any text.

    Returns:
        Text of the same length in which index *i* still refers to character *i* of ``text``.
    """
    return text.translate(_FULL_WIDTH)


def parse_chinese_number(token: str) -> float | None:
    """Value of a Chinese numeral such as ``三``, ``二十``, ``一百二十``, ``十万``.

    Args:
        token: Only Chinese numeral characters.

    Returns:
        The value, or ``None`` when the token is not a well-formed numeral (``一二三``).
    """
    if not token or not _CHINESE_RE.fullmatch(token):
        return None
    total = 0
    section = 0
    digit: int | None = None
    for ch in token:
        if ch in _DIGIT_VALUES:
            if digit is not None and digit != 0:
                return None  # two digits in a row: a code like 一二三, not a quantity
            digit = _DIGIT_VALUES[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            if ch == "亿":
                # 亿 multiplies all before it (一万亿 = 10⁴ × 10⁸); a bare 亿 is 一亿.
                total = ((total + section) or 1) * _BIG_UNITS[ch]
            else:
                total += (section or 1) * _BIG_UNITS[ch]
            section = 0
            digit = None
    return float(total + section + (digit or 0))


def parse_arabic_number(token: str) -> float | None:
    """Value of ``5,000`` / ``1.6`` / ``128``; ``None`` if malformed."""
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


def parse_number(token: str) -> float | None:
    """Value of an Arabic (half- or full-width) or Chinese numeral token.

    Args:
        token: e.g. ``128``, ``１２８``, ``5,000``, ``1.6``, ``三``, ``二十``.

    Returns:
        The value, or ``None`` when the token is not a number.
    """
    token = normalize(token).strip()
    if not token:
        return None
    if token[0].isdigit():
        return parse_arabic_number(token)
    return parse_chinese_number(token)


def split_magnitude(token: str) -> tuple[str, str]:
    """Split a trailing 万/亿 off a Chinese numeral, which is then part of the unit as written.

    ``十万`` + ``亩`` is read like ``10万亩``: value 10, unit ``万亩``.

    Args:
        token: A Chinese numeral token.

    Returns:
        ``(numeral, magnitude)``, magnitude being ``""``, ``万``, ``亿`` or ``万亿``.
    """
    stripped = token.rstrip("万亿")
    if stripped and stripped != token:
        return stripped, token[len(stripped) :]
    return token, ""
