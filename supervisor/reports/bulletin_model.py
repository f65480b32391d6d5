"""The parts of a 督查通报 as plain blocks, rendered alike as PDF (bulletin.py) and Word."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """A paragraph's role, and so the 公文 face it is set in (GB/T 9704 7.3.3 and its practice)."""

    RECIPIENT = "recipient"  # 主送: 3号仿宋, flush left
    BODY = "body"  # 3号仿宋, first line indented two characters
    HEADING = "heading"  # 一、 3号黑体
    SUBHEADING = "subheading"  # （一） 3号楷体
    SUBTITLE = "subtitle"  # the period and data cut-off under the title, 3号楷体, centred
    CAPTION = "caption"  # a figure's caption


@dataclass(frozen=True, slots=True)
class TableCell:
    """A table cell: text, alignment (left, center, justify) and an optional fill colour."""

    text: str
    align: str = "left"
    fill: str | None = None


@dataclass(frozen=True, slots=True)
class Masthead:
    """版头: the red name (政务督查), 第N期, the office on the left and 成文日期 on the right."""

    name: str
    issue: str  # "2020年第5期" or ""
    office: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Title:
    """The title, with the phrases between which it may break (GB/T 9704 7.3.1)."""

    phrases: tuple[str, ...]

    @property
    def text(self) -> str:
        """The whole title."""
        return "".join(self.phrases)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of one role."""

    role: Role
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row repeated on every page; its columns are fitted to their text."""

    header: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    compact: bool = False  # one-line rows of figures (rankings, counts)


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart of the bulletin: ``kind`` is "areas" or "trend"."""

    kind: str
    caption: str


@dataclass(frozen=True, slots=True)
class AnnexNote:
    """附件说明 (7.3.3): "附件：1.…" under the body."""

    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """发文机关署名 and 成文日期 of a document without a seal (7.3.5.2)."""

    office: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Annex:
    """The start of an annex on a new landscape page: 附件N and its title (7.3.7)."""

    number: int
    title: str


@dataclass(frozen=True, slots=True)
class Colophon:
    """版记 (7.4): 抄送, 印发机关 and 印发日期 between rules, at the foot of the last page."""

    copy_to: str
    printer: str
    date: dt.date


Block = Masthead | Title | Paragraph | Table | Figure | AnnexNote | Signature | Annex | Colophon


@dataclass(slots=True)
class Document:
    """The blocks of one document, in order, with its title for the file's metadata."""

    title: str
    blocks: list[Block] = field(default_factory=list)


def chinese_date(day: dt.date) -> str:
    """A date as 公文 write it (GB/T 9704 7.3.5: Arabic numerals): 2020年7月6日."""
    return f"{day.year}年{day.month}月{day.day}日"


# Where a title may break: after 关于 and a year, before the parts every title ends with.
_BREAK_AFTER = re.compile(r"(关于|\d{4}年度?|(?<=[^\d])年度)")
_BREAK_BEFORE = re.compile(
    r"(?=政府工作报告|重点任务|重点工作|推进情况|落实情况|完成情况|工作任务|督查)"
)


def title_phrases(text: str) -> tuple[str, ...]:
    """Cut a title into phrases a line may end after, e.g. 关于|2020年|石嘴山市政府工作报告|….

    Only cuts that never split a word are made: after 关于 and a year, before the standard
    endings (重点任务, 推进情况, 的通报 …); a phrase that is still too long for a line is
    broken inside by the line breaker.
    """
    pieces = [text]
    for pattern in (_BREAK_AFTER, _BREAK_BEFORE):
        cut: list[str] = []
        for piece in pieces:
            if pattern is _BREAK_AFTER:
                parts = pattern.split(piece)
                buffer = ""
                for part in parts:
                    buffer += part
                    if pattern.fullmatch(part):
                        cut.append(buffer)
                        buffer = ""
                if buffer:
                    cut.append(buffer)
            else:
                cut.extend(p for p in pattern.split(piece) if p)
        pieces = cut
    return tuple(p for p in pieces if p)
