"""督查通报 and a unit's report as an editable Word document (.docx), after GB/T 9704.

The same blocks as the PDF (``bulletin_content``), set with named 公文 styles whose faces are
named by family (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体 or the faces this PC has),
so Word and WPS on an office PC use the office's own fonts. The charts are the PDF's drawings
painted as PNG (``chart_png``), at the PDF's size.

Annexes are landscape sections. GB/T 9704 chapter 8 keeps a turned table's page number where
the upright pages have it (bottom of the upright page, right on odd pages and left on even
ones). Word prints a landscape section's footer along the long edge, so those sections' footers
hold no text line: the number is a text box anchored to the page at the edge that is the
upright page's foot, its text turned a quarter (``vert`` on odd pages, whose table header is on
the binding side, ``vert270`` on even ones), as the PDF turns its annex pages.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict, Unpack

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from supervisor.reports import bulletin_model as bm
from supervisor.reports.atomic import atomic_output
from supervisor.reports.bulletin import (
    BODY_LEADING,
    BODY_PITCH,
    BODY_SIZE,
    BODY_TRACKING,
    COMPACT_SIZE,
    MASTHEAD_SIZE,
    RED,
    TABLE_SIZE,
    TITLE_SIZE,
    BulletinResult,
    document_styles,
)
from supervisor.reports.bulletin_content import report_document
from supervisor.reports.bulletin_docx_xml import (
    LANDSCAPE,
    PORTRAIT,
    PPR_ORDER,
    RPR_ORDER,
    TBLPR_LATER,
    after,
    border,
    frame_at_foot,
    page_field,
    turned_number,
)
from supervisor.reports.chart_png import drawing_png
from supervisor.reports.data import BulletinData
from supervisor.reports.errors import ReportCancelled
from supervisor.reports.fonts import FontSet, RenderNotes
from supervisor.reports.linebreak import break_phrases
from supervisor.reports.office_fonts import DOCX_DEFAULT_FAMILY, ROLES, office_font_set
from supervisor.reports.pdf_charts import area_status_chart, trend_chart
from supervisor.reports.pdf_layout import LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH
from supervisor.reports.pdf_table import Cell, fit_columns

ProgressCallback = Callable[[int, int], None]

# Style names (Chinese, as an office sees them in Word's style list) and their roles.
STYLE_TITLE = "公文标题"
STYLE_BODY = "公文正文"
STYLE_RECIPIENT = "公文主送"
STYLE_HEADING = "公文一级标题"
STYLE_SUBHEADING = "公文二级标题"
STYLE_SUBTITLE = "公文副题"
STYLE_MASTHEAD = "公文版头"
STYLE_ANNEX_LABEL = "公文附件标识"
STYLE_SIGNATURE = "公文署名"
STYLE_TABLE = "公文表格"
STYLE_TABLE_HEADER = "公文表头"
STYLE_COLOPHON = "公文版记"
STYLE_PAGE_NUMBER = "公文页码"
STYLE_FIGURE = "公文图"
STYLE_CAPTION = "公文图题"


def _em(text: str) -> float:
    """Width of a text in ems of a CJK face: half an em for ASCII."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def _set_east_asian(rpr_owner: object, family: str) -> None:
    """Name a face for every script of a style or run (Word picks eastAsia for hanzi)."""
    rpr = rpr_owner.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def _character_spacing(style: ParagraphStyle, points: float) -> None:
    rpr = style.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(points * 20)))
    rpr.insert_element_before(spacing, *after(RPR_ORDER, "w:spacing"))


class _DocxWriter:
    """Writes the blocks of a document into a python-docx Document."""

    def __init__(self, families: dict[str, str], fonts: FontSet, data: BulletinData) -> None:
        self.families = families
        self.fonts = fonts
        self.data = data
        self.doc = docx.Document()
        self.landscape = False
        self._styles()
        self._page(self.doc.sections[0], landscape=False)
        self._page_numbers()

    # --- styles -----------------------------------------------------------------------
    def _style(
        self,
        name: str,
        role: str,
        size: float,
        *,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent_chars: float = 0.0,
        leading: float | None = BODY_LEADING,
        colour: str | None = None,
        tracking: float = 0.0,
    ) -> ParagraphStyle:
        styles = self.doc.styles
        style = styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
        style.base_style = styles["Normal"]
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = False
        _set_east_asian(style.element, self.families[role])
        if colour:
            style.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(indent_chars * BODY_PITCH) if indent_chars else None
        if leading is not None:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(leading)
        fmt.widow_control = True
        if tracking:
            _character_spacing(style, tracking)
        return style

    def _styles(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_SIZE)
        _set_east_asian(normal.element, self.families["body"])
        # Chinese as the East Asian language: Word, WPS and LibreOffice then apply Chinese
        # punctuation and line-breaking rules (python-docx's template says en-US).
        for lang in self.doc.styles.element.iter(qn("w:lang")):
            lang.set(qn("w:eastAsia"), "zh-CN")
        # No extra space between hanzi and digits (Word's and LibreOffice's autospace): the
        # 28-character grid counts a digit as half a character, as the PDF does.
        ppr = normal.element.get_or_add_pPr()
        for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
            flag = OxmlElement(name)
            flag.set(qn("w:val"), "0")
            ppr.insert_element_before(flag, *after(PPR_ORDER, name))
        center = WD_ALIGN_PARAGRAPH.CENTER
        self._style(
            STYLE_MASTHEAD,
            "title",
            MASTHEAD_SIZE,
            align=center,
            leading=MASTHEAD_SIZE * 1.3,
            colour=RED,
        )
        self._style(STYLE_TITLE, "title", TITLE_SIZE, align=center, leading=BODY_LEADING * 1.25)
        self._style(STYLE_SUBTITLE, "subheading", BODY_SIZE, align=center, tracking=BODY_TRACKING)
        self._style(STYLE_BODY, "body", BODY_SIZE, indent_chars=2, tracking=BODY_TRACKING)
        self._style(STYLE_RECIPIENT, "body", BODY_SIZE, tracking=BODY_TRACKING)
        heading = self._style(
            STYLE_HEADING, "heading", BODY_SIZE, indent_chars=2, tracking=BODY_TRACKING
        )
        heading.paragraph_format.keep_with_next = True
        sub = self._style(
            STYLE_SUBHEADING, "subheading", BODY_SIZE, indent_chars=2, tracking=BODY_TRACKING
        )
        sub.paragraph_format.keep_with_next = True
        self._style(
            STYLE_ANNEX_LABEL,
            "heading",
            BODY_SIZE,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            tracking=BODY_TRACKING,
        )
        self._style(
            STYLE_SIGNATURE,
            "body",
            BODY_SIZE,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            tracking=BODY_TRACKING,
        )
        self._style(STYLE_TABLE, "body", TABLE_SIZE, leading=14.5)
        self._style(STYLE_TABLE_HEADER, "heading", TABLE_SIZE, align=center, leading=14.5)
        self._style(STYLE_COLOPHON, "body", 14.0, align=WD_ALIGN_PARAGRAPH.LEFT, leading=None)
        self._style(STYLE_PAGE_NUMBER, "page_number", 14.0, leading=None)
        # A chart's paragraph takes the picture's height (an exact leading would clip it).
        figure = self._style(STYLE_FIGURE, "body", BODY_SIZE, align=center, leading=None)
        figure.paragraph_format.keep_with_next = True
        caption = self._style(STYLE_CAPTION, "heading", 12.0, align=center, leading=18.0)
        caption.paragraph_format.space_after = Pt(6)

    # --- pages ------------------------------------------------------------------------
    def _page(self, section: object, *, landscape: bool) -> None:
        margins = LANDSCAPE if landscape else PORTRAIT
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
        width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        section.page_width, section.page_height = width, height  # type: ignore[attr-defined]
        section.top_margin = Mm(margins["top"])  # type: ignore[attr-defined]
        section.bottom_margin = Mm(margins["bottom"])  # type: ignore[attr-defined]
        section.left_margin = Mm(margins["left"])  # type: ignore[attr-defined]
        section.right_margin = Mm(margins["right"])  # type: ignore[attr-defined]
        # The page number sits 7 mm below the text block: its top is that far above the edge.
        section.footer_distance = Mm(margins["bottom"] - 7 - 5)  # type: ignore[attr-defined]
        section.header_distance = Mm(15)  # type: ignore[attr-defined]

    def _page_numbers(self) -> None:
        """ "— N —" as a PAGE field: right on odd pages, left on even ones, one em in."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles[STYLE_PAGE_NUMBER]
            paragraph.alignment = align
            fmt = paragraph.paragraph_format
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(14)
            else:
                fmt.left_indent = Pt(14)
            paragraph.add_run("— ")
            page_field(paragraph)
            paragraph.add_run(" —")

    def _turned_page_numbers(self, section: object) -> None:
        """A landscape section's page numbers at the upright page's foot (chapter 8).

        Each annex section has its own footers: LibreOffice misplaces anchored boxes in a
        footer a section inherits.
        """
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):  # type: ignore[attr-defined]
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            style = self.doc.styles[STYLE_PAGE_NUMBER]
            paragraph.style = style
            paragraph._p.append(turned_number(odd, self._number_box_id(odd), style.style_id))

    def _number_box_id(self, odd: bool) -> int:
        # Unique per box, and apart from python-docx's picture ids (1, 2 …) in the body.
        return 9000 + 2 * len(self.doc.sections) + (1 if odd else 0)

    # --- blocks -----------------------------------------------------------------------
    def para(self, text: str, style: str) -> DocxParagraph:
        paragraph = self.doc.add_paragraph(style=self.doc.styles[style])
        if text:
            paragraph.add_run(text)
        return paragraph

    def write(self, document: bm.Document, tick: Callable[[], None]) -> None:
        self.doc.core_properties.title = document.title
        first = True
        for block in document.blocks:
            tick()
            self._block(block, first)
            first = False

    def _block(self, block: object, first: bool) -> None:
        if isinstance(block, bm.Masthead):
            paragraph = self.doc.paragraphs[0] if first and self.doc.paragraphs else None
            if paragraph is None:
                paragraph = self.para(block.name, STYLE_MASTHEAD)
            else:
                paragraph.style = self.doc.styles[STYLE_MASTHEAD]
                paragraph.add_run(block.name)
            if block.issue:
                self.para(block.issue, STYLE_SUBTITLE)
            line = self.para("", STYLE_RECIPIENT)
            line.paragraph_format.tab_stops.add_tab_stop(
                Mm(156),
                alignment=2,  # WD_TAB_ALIGNMENT.RIGHT
            )
            line.add_run(f"{block.office}\t{bm.chinese_date(block.date)}")
            border(line, "bottom", RED, 8)
            self.para("", STYLE_RECIPIENT)
            self.para("", STYLE_RECIPIENT)
        elif isinstance(block, bm.Title):
            # The PDF's breaks between phrases (7.3.1), as line breaks Word keeps.
            title = document_styles(self.fonts).title
            measure = title.font.char_width
            lines = break_phrases(list(block.phrases), TEXT_WIDTH, lambda c: measure(c, title.size))
            paragraph = self.para("", STYLE_TITLE)
            run = paragraph.add_run(lines[0])
            for line in lines[1:]:
                run.add_break()
                run.add_text(line)
        elif isinstance(block, bm.Paragraph):
            style = {
                bm.Role.BODY: STYLE_BODY,
                bm.Role.RECIPIENT: STYLE_RECIPIENT,
                bm.Role.HEADING: STYLE_HEADING,
                bm.Role.SUBHEADING: STYLE_SUBHEADING,
                bm.Role.SUBTITLE: STYLE_SUBTITLE,
                bm.Role.CAPTION: STYLE_CAPTION,
            }[block.role]
            self.para(block.text, style)
        elif isinstance(block, bm.Table):
            self._table(block)
        elif isinstance(block, bm.Figure):
            self._figure(block)
        elif isinstance(block, bm.AnnexNote):
            self.para("", STYLE_RECIPIENT)
            for index, title in enumerate(block.titles, start=1):
                if index == 1:
                    self.para(f"附件：{index}.{title}", STYLE_BODY)
                else:
                    paragraph = self.para(f"{index}.{title}", STYLE_BODY)
                    paragraph.paragraph_format.first_line_indent = Pt(5 * BODY_PITCH)
        elif isinstance(block, bm.Signature):
            self._signature(block)
        elif isinstance(block, bm.Annex):
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            self._page(section, landscape=True)
            self._turned_page_numbers(section)
            self.landscape = True
            self.para(f"附件{block.number}", STYLE_ANNEX_LABEL)
            self.para("", STYLE_RECIPIENT)
            self.para(block.title, STYLE_TITLE)
        elif isinstance(block, bm.Colophon):
            self._colophon(block)

    def _signature(self, block: bm.Signature) -> None:
        """7.3.5.2: the name two characters from the right, the date two characters to the
        right of the name's first character (or two from the right if it is longer)."""
        self.para("", STYLE_RECIPIENT)
        date = bm.chinese_date(block.date)
        office_right = 2.0
        date_right = office_right + _em(block.office) - 2 - _em(date)
        if date_right < 2:
            office_right += 2 - date_right
            date_right = 2.0
        for text, right in ((block.office, office_right), (date, date_right)):
            paragraph = self.para(text, STYLE_SIGNATURE)
            paragraph.paragraph_format.right_indent = Pt(right * BODY_PITCH)

    def _figure(self, block: bm.Figure) -> None:
        """The PDF's chart, painted as PNG at the PDF's size, and its caption."""
        width = LANDSCAPE_TEXT_WIDTH if self.landscape else TEXT_WIDTH
        notes = RenderNotes()
        if block.kind == "areas":
            drawing = area_status_chart(self.data.areas, width, self.fonts, notes)
        else:
            drawing = trend_chart(self.data.trend, width, self.fonts, notes)
        if drawing is None:
            return
        faces = [f for f in (self.fonts.heading, self.fonts.body) if f is not None]
        picture = self.para("", STYLE_FIGURE)
        picture.add_run().add_picture(
            io.BytesIO(drawing_png(drawing, faces)), width=Pt(drawing.width)
        )
        self.para(block.caption, STYLE_CAPTION)

    def _table(self, block: bm.Table) -> None:
        styles = document_styles(self.fonts)
        style = styles.compact if block.compact else styles.table
        rows = [[Cell(c.text, c.align, c.fill) for c in row] for row in block.rows]
        total = LANDSCAPE_TEXT_WIDTH if self.landscape else TEXT_WIDTH
        widths = fit_columns(block.header, rows, style, total)
        table = self.doc.add_table(rows=1 + len(rows), cols=len(block.header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        size = COMPACT_SIZE if block.compact else TABLE_SIZE
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Pt(width)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        table._tbl.tblPr.insert_element_before(layout, *TBLPR_LATER)
        _fill_row(table, 0, [Cell(h, "center") for h in block.header], widths, size, header=True)
        for index, row in enumerate(rows, start=1):
            _fill_row(table, index, row, widths, size, header=False)
        _row_flags(table)

    def _colophon(self, block: bm.Colophon) -> None:
        """版记 in a frame anchored to the foot of the last page, between rules."""
        rows = []
        if block.copy_to:
            rows.append(f"抄送：{block.copy_to}")
        rows.append(f"{block.printer}\t{bm.chinese_date(block.date)}印发")
        width = LANDSCAPE_TEXT_WIDTH if self.landscape else TEXT_WIDTH
        for index, text in enumerate(rows):
            paragraph = self.para("", STYLE_COLOPHON)
            fmt = paragraph.paragraph_format
            fmt.left_indent = Pt(14)
            fmt.right_indent = Pt(14)
            fmt.space_before = Pt(4)
            fmt.space_after = Pt(4)
            fmt.tab_stops.add_tab_stop(Pt(width - 28), alignment=2)
            paragraph.add_run(text)
            frame_at_foot(paragraph, width)
            if index == 0:
                border(paragraph, "top", "#000000", 8)
            border(paragraph, "bottom", "#000000", 8 if index == len(rows) - 1 else 4)


def _fill_row(
    table: DocxTable,
    index: int,
    cells: list[Cell],
    widths: list[float],
    size: float,
    *,
    header: bool,
) -> None:
    row = table.rows[index]
    for cell, source, width in zip(row.cells, cells, widths, strict=True):
        cell.width = Pt(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = STYLE_TABLE_HEADER if header else STYLE_TABLE
        paragraph.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }.get(source.align, WD_ALIGN_PARAGRAPH.LEFT)
        lines = source.text.split("\n")
        run = paragraph.add_run(lines[0])
        run.font.size = Pt(size)
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
        fill = source.fill or ("#F2F2F2" if header else None)
        if fill:
            tcpr = cell._tc.get_or_add_tcPr()
            shade = OxmlElement("w:shd")
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:color"), "auto")
            shade.set(qn("w:fill"), fill.lstrip("#"))
            tcpr.append(shade)


def _row_flags(table: DocxTable) -> None:
    """The header row repeats on every page; no row breaks across pages (chapter 8)."""
    for index, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        trpr.append(keep)
        if index == 0:
            repeat = OxmlElement("w:tblHeader")
            trpr.append(repeat)


def _families(fonts: FontSet | None) -> tuple[FontSet, dict[str, str]]:
    if fonts is None:
        fonts = office_font_set()[0]
    named = dict(fonts.families)
    return fonts, {role: named.get(role, family) for role, family in DOCX_DEFAULT_FAMILY.items()}


class DocxOptions(TypedDict, total=False):
    """The keyword options of ``write_bulletin_docx`` (see its Args)."""

    fonts: FontSet | None
    families: dict[str, str] | None
    progress: ProgressCallback | None
    cancel: threading.Event | None


def _write(
    document: bm.Document,
    data: BulletinData,
    path: Path,
    *,
    fonts: FontSet | None = None,
    families: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> BulletinResult:
    font_set, default_families = _families(fonts)
    writer = _DocxWriter(families or default_families, font_set, data)
    total = len(document.blocks) + 1
    done = [0]

    def tick() -> None:
        if cancel is not None and cancel.is_set():
            raise ReportCancelled("已取消生成报告。")
        done[0] += 1
        if progress is not None:
            progress(min(done[0], total - 1), total)

    writer.write(document, tick)
    with atomic_output(path) as temp:
        writer.doc.save(str(temp))
    if progress is not None:
        progress(total, total)
    used = tuple(f"{ROLES[role]}：{family}" for role, family in writer.families.items())
    return BulletinResult(path=Path(path), page_count=0, faces_used=used)


def write_bulletin_docx(
    data: BulletinData,
    path: Path,
    *,
    department: str | None = None,
    **options: Unpack[DocxOptions],
) -> BulletinResult:
    """Write the 督查通报 as .docx (the same text and charts as the PDF), or one unit's report
    when ``department`` is given.

    Args:
        data: The bulletin's data.
        path: The .docx to create or replace; replaced only when writing succeeded.
        department: The unit's name as in ``TaskRow.lead_department``; None: the bulletin.
        fonts: The PDF faces, used to size table columns like the PDF's.
        families: The face family per role that the styles name; the office's installed
            faces, else the standard 公文 names (方正小标宋简体, 仿宋_GB2312 …), when None.
        progress: Called with (done, total).
        cancel: When set, stops with ReportCancelled and writes nothing.

    Returns:
        The path and the family of each role (page_count is 0: Word paginates).
    """
    return _write(report_document(data, department), data, path, **options)
