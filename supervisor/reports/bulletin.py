"""督查通报 (supervision bulletin) and a unit's report as PDF, typeset after GB/T 9704."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from supervisor.reports import bulletin_model as bm
from supervisor.reports.atomic import atomic_output
from supervisor.reports.bulletin_content import (
    MAX_NAMED_TASKS,
    ON_SCHEDULE,
    STATUS_PHRASES,
    report_document,
)
from supervisor.reports.data import BulletinData
from supervisor.reports.fonts import FontSet, RenderNotes
from supervisor.reports.office_fonts import office_font_set
from supervisor.reports.pdf_charts import area_status_chart, trend_chart
from supervisor.reports.pdf_layout import (
    LANDSCAPE_TEXT_HEIGHT,
    LANDSCAPE_TEXT_WIDTH,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    CancelCheck,
    OfficialDocTemplate,
    TextBlock,
    TextStyle,
    draw_lines,
    prepare_text,
)
from supervisor.reports.pdf_table import Cell, GridTable, TableStyle, fit_columns

__all__ = [
    "MAX_NAMED_TASKS",
    "ON_SCHEDULE",
    "STATUS_PHRASES",
    "BulletinResult",
    "write_bulletin",
]

# GB/T 9704: 2号 (22 pt) title, 3号 (16 pt) body, 22 lines of 28 characters in 156 × 225 mm.
TITLE_SIZE = 22.0
BODY_SIZE = 16.0
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_LEADING = TEXT_HEIGHT / LINES_PER_PAGE  # 28.98 pt
# Each character's advance is the block width over 28: a 16 pt face is set 0.21 pt tighter.
BODY_PITCH = TEXT_WIDTH / CHARS_PER_LINE
BODY_TRACKING = BODY_PITCH - BODY_SIZE
MASTHEAD_SIZE = 40.0
TABLE_SIZE = 10.5  # 五号
TABLE_LEADING = 14.5
COMPACT_SIZE = 9.5  # figures-only tables (ranking, lagging list): between 五号 and 小五
COMPACT_LEADING = 12.0
COLOPHON_SIZE = 14.0  # 4号
RED = "#D40000"

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BulletinResult:
    """What a written PDF holds and what happened to its text on the way."""

    path: Path
    page_count: int
    warnings: tuple[str, ...] = ()  # fonts replaced, characters drawn by fallbacks or as □
    replaced_characters: tuple[str, ...] = ()  # characters no font could draw, shown as □
    body_pages: int = 0  # pages before the first annex
    faces_used: tuple[str, ...] = ()  # the face of each 公文 role


@dataclass(frozen=True, slots=True)
class Styles:
    """The text styles of a 公文 for one font set."""

    masthead: TextStyle
    issue: TextStyle
    title: TextStyle
    subtitle: TextStyle
    body: TextStyle
    plain: TextStyle
    heading: TextStyle
    subheading: TextStyle
    caption: TextStyle
    annex_label: TextStyle
    signature: TextStyle
    colophon: TextStyle
    table: TableStyle
    compact: TableStyle


def document_styles(fonts: FontSet) -> Styles:
    """The styles of a bulletin: 仿宋 body on the 28 × 22 grid, 黑体/楷体 headings."""
    indent = 2 * BODY_PITCH
    grid = {"tracking": BODY_TRACKING}
    body = TextStyle(fonts.body, BODY_SIZE, BODY_LEADING, first_indent=indent, **grid)
    table_body = TextStyle(fonts.table, TABLE_SIZE, TABLE_LEADING, align="justify")
    compact_body = TextStyle(fonts.table, COMPACT_SIZE, COMPACT_LEADING, align="justify")
    return Styles(
        masthead=TextStyle(
            fonts.title, MASTHEAD_SIZE, MASTHEAD_SIZE * 1.3, "center", colour=RED, compress=False
        ),
        issue=TextStyle(fonts.body, BODY_SIZE, BODY_LEADING, "center", **grid),
        title=TextStyle(fonts.title, TITLE_SIZE, BODY_LEADING * 1.25, "center"),
        subtitle=TextStyle(fonts.subheading, BODY_SIZE, BODY_LEADING, "center", **grid),
        body=body,
        plain=replace(body, first_indent=0.0),
        heading=TextStyle(fonts.heading, BODY_SIZE, BODY_LEADING, first_indent=indent, **grid),
        subheading=TextStyle(
            fonts.subheading, BODY_SIZE, BODY_LEADING, first_indent=indent, **grid
        ),
        caption=TextStyle(fonts.heading, 12.0, 18.0, "center", space_after=6),
        annex_label=TextStyle(fonts.heading, BODY_SIZE, BODY_LEADING, "left", **grid),
        signature=TextStyle(fonts.body, BODY_SIZE, BODY_LEADING, "left", **grid),
        colophon=TextStyle(fonts.body, COLOPHON_SIZE, COLOPHON_SIZE * 1.5, "left"),
        table=TableStyle(
            body=table_body,
            header=TextStyle(fonts.table_header, TABLE_SIZE, TABLE_LEADING, align="center"),
        ),
        compact=TableStyle(
            body=compact_body,
            header=TextStyle(fonts.table_header, COMPACT_SIZE, COMPACT_LEADING, align="center"),
            padding_y=1.5,
        ),
    )


class _TextPair(Flowable):
    """Two one-line texts across the text width, in a box ``height`` points high."""

    def __init__(
        self,
        first: str,
        second: str,
        style: TextStyle,
        fonts: FontSet,
        notes: RenderNotes,
        height: float,
    ):
        super().__init__()
        self._first = prepare_text(first, style, TEXT_WIDTH, fonts, notes)
        self._second = prepare_text(second, style, TEXT_WIDTH, fonts, notes)
        self._style = style
        self._height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self._height
        return self.width, self.height


class _MastheadLine(_TextPair):
    """The office on the left and the date on the right above the red separator (版头)."""

    def __init__(self, left: str, right: str, style: TextStyle, fonts: FontSet, notes: RenderNotes):
        super().__init__(left, right, style, fonts, notes, style.leading + 4)

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        left = replace(self._style, align="left")
        right = replace(self._style, align="right")
        for prepared, style in ((self._first, left), (self._second, right)):
            draw_lines(canv, prepared.lines[:1], 0, top, self.width, style, prepared.overrides)
        canv.setStrokeColor(HexColor(RED))
        canv.setLineWidth(1.0)
        canv.line(0, 2, self.width, 2)


class _Signature(_TextPair):
    """署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2).

    The office's name ends two characters from the right; the date starts two characters to
    the right of the name's first character; a date that would then end nearer than two
    characters to the margin ends two characters in, and the name moves left with it.
    """

    def __init__(
        self, office: str, date: str, style: TextStyle, fonts: FontSet, notes: RenderNotes
    ):
        super().__init__(office, date, style, fonts, notes, 2 * style.leading)

    def positions(self, width: float) -> tuple[float, float]:
        """The x of the name's and the date's first character."""
        two = 2 * BODY_PITCH
        office_width = sum(line.width for line in self._first.lines[:1])
        date_width = sum(line.width for line in self._second.lines[:1])
        office_x = width - two - office_width
        date_x = office_x + two
        if date_x + date_width > width - two:
            date_x = width - two - date_width
            office_x = date_x - two
        return office_x, date_x

    def draw(self) -> None:
        office_x, date_x = self.positions(self.width)
        style = self._style
        draw_lines(self.canv, self._first.lines[:1], office_x, self.height, self.width, style, {})
        draw_lines(
            self.canv,
            self._second.lines[:1],
            date_x,
            self.height - style.leading,
            self.width,
            style,
            self._second.overrides,
        )


class _Colophon(Flowable):
    """版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期, between rules."""

    def __init__(
        self, block: bm.Colophon, style: TextStyle, fonts: FontSet, notes: RenderNotes
    ) -> None:
        super().__init__()
        self._style = style
        self._rows: list[tuple[str, str]] = []
        if block.copy_to:
            self._rows.append((f"抄送：{block.copy_to}", ""))
        self._rows.append((block.printer, f"{bm.chinese_date(block.date)}印发"))
        self._prepared = [
            (
                prepare_text(left, style, TEXT_WIDTH * 2, fonts, notes),
                prepare_text(right, style, TEXT_WIDTH, fonts, notes),
            )
            for left, right in self._rows
        ]
        self._row_height = style.leading + 6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        own = len(self._rows) * self._row_height
        # Take the rest of the page so the last rule lies on the foot of the text block.
        self.height = max(own, availHeight - 0.5)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        style = self._style
        em = style.size
        rows = len(self._rows)
        canv.setStrokeColor(HexColor("#000000"))
        for index in range(rows + 1):
            y = index * self._row_height
            thick = index in (0, rows)
            canv.setLineWidth(0.35 * mm if thick else 0.25 * mm)
            canv.line(0, y, self.width, y)
        for index, (left, right) in enumerate(self._prepared):
            top = (rows - index) * self._row_height - 3
            left_style = replace(style, align="left")
            draw_lines(canv, left.lines[:1], em, top, self.width - 2 * em, left_style, {})
            if right.lines:
                right_style = replace(style, align="right")
                draw_lines(canv, right.lines[:1], 0, top, self.width - em, right_style, {})


class _FittedFigure(Flowable):
    """A chart with its caption that shrinks (to three quarters at most: 9 pt labels stay
    legible) into the space left on a page
    rather than leave half a page blank; smaller than that, it moves to the next page."""

    MIN_SCALE = 0.75

    def __init__(self, drawing: Drawing, caption: TextBlock) -> None:
        super().__init__()
        self._drawing = drawing
        self._caption = caption
        self._scale = 1.0

    def _natural(self, width: float) -> tuple[float, float]:
        _w, caption_height = self._caption.wrap(width, 1e6)
        return self._drawing.height, caption_height + self._caption.spaceAfter + 4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        chart, caption = self._natural(availWidth)
        self._scale = 1.0
        if chart + caption > availHeight:
            scale = (availHeight - caption) / chart
            if scale >= self.MIN_SCALE:
                self._scale = scale
        self.width = availWidth
        self.height = chart * self._scale + caption
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        _chart, caption = self._natural(self.width)
        canv.saveState()
        offset = (self.width - self._drawing.width * self._scale) / 2
        canv.translate(offset, caption)
        canv.scale(self._scale, self._scale)
        self._drawing.drawOn(canv, 0, 0)
        canv.restoreState()
        self._caption.drawOn(canv, 0, self._caption.spaceAfter)


class _PageMark(Flowable):
    """Records the page it lands on (where the annexes start)."""

    def __init__(self, pages: list[int]) -> None:
        super().__init__()
        self._pages = pages

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self._pages.append(self.canv.getPageNumber())


class _Renderer:
    """Turns the blocks of a document into flowables."""

    def __init__(self, data: BulletinData, fonts: FontSet, notes: RenderNotes) -> None:
        self.data = data
        self.fonts = fonts
        self.notes = notes
        self.styles = document_styles(fonts)
        self.story: list[Flowable] = []
        self.width = TEXT_WIDTH
        self.page_height = TEXT_HEIGHT
        self.annex_pages: list[int] = []
        self.rows = 0

    def text(self, text: str, style: TextStyle, *, keep: bool = False) -> None:
        self.story.append(TextBlock(text, style, self.fonts, self.notes, keep_with_next=keep))

    def blank(self, lines: float = 1) -> None:
        self.story.append(Spacer(1, lines * BODY_LEADING))

    def render(self, document: bm.Document) -> list[Flowable]:
        for block in document.blocks:
            self._block(block)
        return self.story

    def _block(self, block: object) -> None:
        styles = self.styles
        if isinstance(block, bm.Masthead):
            self.text(block.name, styles.masthead)
            if block.issue:
                self.text(block.issue, styles.issue)
            self.story.append(
                _MastheadLine(
                    block.office, bm.chinese_date(block.date), styles.plain, self.fonts, self.notes
                )
            )
            self.blank(2)  # the title is two blank lines below the red line (7.3.1)
        elif isinstance(block, bm.Title):
            self.text(block.text, replace(styles.title, phrases=block.phrases))
        elif isinstance(block, bm.Paragraph):
            self._paragraph(block)
        elif isinstance(block, bm.Table):
            self._table(block)
        elif isinstance(block, bm.Figure):
            self._figure(block)
        elif isinstance(block, bm.AnnexNote):
            # The last paragraph, the annex note and the signature stay on one page: a page
            # holding only a signature is not allowed (GB/T 9704 7.3.5).
            if self.story:
                self.story[-1].keepWithNext = True
            for index, title in enumerate(block.titles, start=1):
                style = (
                    styles.body if index == 1 else replace(styles.body, first_indent=5 * BODY_PITCH)
                )
                if index == 1:
                    style = replace(style, space_before=BODY_LEADING)
                text = f"附件：{index}.{title}" if index == 1 else f"{index}.{title}"
                self.text(text, style, keep=True)
        elif isinstance(block, bm.Signature):
            signature = _Signature(
                block.office, bm.chinese_date(block.date), styles.signature, self.fonts, self.notes
            )
            signature.spaceBefore = BODY_LEADING
            if self.story:
                self.story[-1].keepWithNext = True
            self.story.append(signature)
        elif isinstance(block, bm.Annex):
            self.story.append(NextPageTemplate("landscape"))
            self.story.append(PageBreak())
            if block.number == 1:
                self.story.append(_PageMark(self.annex_pages))
            self.width, self.page_height = LANDSCAPE_TEXT_WIDTH, LANDSCAPE_TEXT_HEIGHT
            # 附件N in 黑体 on the first line, the title centred on the third (7.3.7).
            self.text(f"附件{block.number}", styles.annex_label)
            self.blank()
            self.text(block.title, replace(styles.title, space_after=BODY_LEADING / 2))
        elif isinstance(block, bm.Colophon):
            self.story.append(_Colophon(block, styles.colophon, self.fonts, self.notes))

    def _paragraph(self, block: bm.Paragraph) -> None:
        styles = self.styles
        style = {
            bm.Role.BODY: styles.body,
            bm.Role.RECIPIENT: styles.plain,
            bm.Role.HEADING: styles.heading,
            bm.Role.SUBHEADING: styles.subheading,
            bm.Role.SUBTITLE: styles.subtitle,
            bm.Role.CAPTION: styles.caption,
        }[block.role]
        self.text(block.text, style, keep=block.role in (bm.Role.HEADING, bm.Role.SUBHEADING))

    def _table(self, block: bm.Table) -> None:
        style = self.styles.compact if block.compact else self.styles.table
        rows = [[Cell(c.text, c.align, c.fill) for c in row] for row in block.rows]
        widths = fit_columns(block.header, rows, style, self.width)
        self.story.append(
            GridTable(
                widths,
                [Cell(h, "center") for h in block.header],
                rows,
                style,
                self.fonts,
                self.notes,
                page_height=self.page_height,
            )
        )
        self.rows += len(rows)

    def _figure(self, block: bm.Figure) -> None:
        if block.kind == "areas":
            drawing = area_status_chart(self.data.areas, self.width, self.fonts, self.notes)
        else:
            drawing = trend_chart(self.data.trend, self.width, self.fonts, self.notes)
        if drawing is None:
            return
        caption = TextBlock(block.caption, self.styles.caption, self.fonts, self.notes)
        self.story.append(_FittedFigure(drawing, caption))


def write_bulletin(
    data: BulletinData,
    path: Path,
    *,
    department: str | None = None,
    fonts: FontSet | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> BulletinResult:
    """Write the 督查通报 of a plan and period as PDF, or one unit's report (its lead and co
    tasks, score, lagging tasks) when ``department`` is given.

    Args:
        data: Statistics and tasks computed by the services (for any "as of" date).
        path: The PDF to create or replace; replaced only when writing succeeded.
        department: The unit's name as in ``TaskRow.lead_department``; None: the bulletin.
        fonts: Faces per role; the office's installed 公文 faces, else the shipped ones, when
            None (see ``office_fonts.office_font_set``).
        progress: Called with (done, total) as work proceeds.
        cancel: When set, the export stops with ReportCancelled and writes nothing.

    Returns:
        The path, page counts, the faces used and any font warnings.

    Raises:
        ReportWriteError: The file cannot be written (message in Chinese).
        ReportCancelled: ``cancel`` was set.
    """
    document = report_document(data, department)
    fonts = fonts or office_font_set()[0]
    notes = RenderNotes()
    renderer = _Renderer(data, fonts, notes)
    tracker = CancelCheck(cancel, progress, len(document.blocks) + 2)
    tracker.advance_to(0)
    story = renderer.render(document)
    tracker.advance_to(1)
    blocks_done = [1]

    def on_flowable() -> None:
        blocks_done[0] += 1
        tracker.advance_to(min(blocks_done[0], tracker.total - 1))

    with atomic_output(path) as temp:
        doc = OfficialDocTemplate(
            str(temp),
            fonts,
            title=document.title,
            author=data.header.office_name,
            subject=f"{data.header.plan_title} {data.header.period_label}",
            on_flowable=on_flowable,
        )
        doc.build(story)
        page_count = doc.page
    tracker.advance_to(tracker.total)
    body_pages = renderer.annex_pages[0] - 1 if renderer.annex_pages else page_count
    return BulletinResult(
        path=Path(path),
        page_count=page_count,
        warnings=tuple(list(fonts.warnings) + notes.warnings()),
        replaced_characters=tuple(sorted(notes.replaced)),
        body_pages=body_pages,
        faces_used=fonts.faces_used,
    )
