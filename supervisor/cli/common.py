"""Helpers shared by the command modules: a transaction on the chosen database, tables."""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy.orm import Session

from supervisor.services.audit import default_actor
from supervisor.services.database import open_database


@contextmanager
def transaction(args: argparse.Namespace) -> Iterator[Session]:
    """One transaction on the database named by ``--db``: committed on success, else rolled back."""
    database = open_database(args.db)
    try:
        with database.sessions.begin() as session:
            yield session
    finally:
        database.close()


def actor(args: argparse.Namespace) -> str:
    """Who the change is recorded as: ``--user`` if the command has it, else the OS user."""
    return getattr(args, "user", None) or default_actor()


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` terminal columns, marking the cut with "…"."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table aligned for Chinese text."""
    cells = [[str(c) for c in headers], *([("" if c is None else str(c)) for c in r] for r in rows)]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)
