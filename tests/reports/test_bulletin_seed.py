"""The bulletin of a realistic week on the seed report, read back from the PDF and the .docx."""

from __future__ import annotations

import functools
import itertools
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import bulletin_seed
import docx
import pytest
from docx.oxml.ns import qn
from pdf_readback import TextLine, layout, pdftotext, plain
from pypdf import PdfReader

from supervisor.reports.bulletin_content import ON_SCHEDULE, is_lagging, task_text
from supervisor.reports.data import BulletinData
from supervisor.reports.linebreak import CLOSING_MARKS, NO_LINE_START, UNIT_CHARS
from supervisor.services import exports, reporting
from supervisor.services.database import Database, open_database

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

MM = 72 / 25.4
LEFT = 28 * MM
TOP = 37 * MM
RIGHT = LEFT + 156 * MM
BOTTOM = TOP + 225 * MM
LEADING = 225 * MM / 22
CLOSING = "".join(sorted(CLOSING_MARKS))


@dataclass(frozen=True)
class Written:
    """The seed database, its bulletin data, and the PDF and Word files written from it."""

    data: BulletinData
    pdf: exports.ExportResult
    docx: exports.ExportResult


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Written]:
    folder = tmp_path_factory.mktemp("seed")
    database: Database = open_database(f"sqlite:///{folder / 'office.sqlite'}")
    try:
        plan_id = bulletin_seed.populate(database)
        with database.sessions.begin() as session:
            pdf = exports.export_bulletin(
                session, plan_id, folder / "通报.pdf", period=bulletin_seed.PERIOD, issue_number=5
            )
            word = exports.export_bulletin(
                session,
                plan_id,
                folder / "通报.docx",
                period=bulletin_seed.PERIOD,
                issue_number=5,
                issue_date=pdf.as_of,
                file_format="docx",
            )
            data = reporting.bulletin_data(session, plan_id, as_of=pdf.as_of)
        yield Written(data, pdf, word)
    finally:
        database.close()


@pytest.fixture(scope="module")
def pdf_layout(written: Written) -> tuple[list[tuple[float, float]], list[TextLine]]:
    return layout(written.pdf.path)


def body_pages(written: Written) -> int:
    """Pages before annex 1."""
    return _body_pages(written.pdf.path)


@functools.cache
def _body_pages(path: Path) -> int:
    text = [plain(p.extract_text()) for p in PdfReader(path).pages]
    return next(i for i, page in enumerate(text) if page.startswith("附件1"))


def test_the_body_of_the_seed_fits_in_about_four_pages(written: Written) -> None:
    # Summary and two charts, the lagging tasks grouped by unit, the ranking's ends (the full
    # ranking is annex 5), 主要指标 and the requirements: four pages (it was 38 pages in all).
    assert len(written.data.tasks) > 100
    assert body_pages(written) <= 4
    assert written.pdf.pages <= 30
    assert written.pdf.pages > body_pages(written)


def test_full_body_lines_hold_exactly_28_characters(
    written: Written, pdf_layout: tuple[list, list[TextLine]]
) -> None:
    _sizes, lines = pdf_layout
    # A line followed by "7个单位" gives up its last half character: the number keeps its unit.
    followed_by_number = {
        id(line) for line, after in itertools.pairwise(lines) if after.text[:1].isascii()
    }
    full = [
        line
        for line in lines
        if line.page <= body_pages(written)
        and 15.5 < line.height < 16.5
        and abs(line.left - LEFT) < 0.5
        and abs(line.right - RIGHT) < 0.5
        and all(ord(c) >= 0x2000 for c in line.text)
    ]
    assert full  # this body is mostly tables: test_bulletin_layout sets a page of text
    for line in full:
        # Two adjacent closing marks take one and a half characters (GB/T 15834): a line
        # with such a pair has half a character to spare, too little for one more.
        pairs = len(
            re.findall(r"[，。、；：？！）》」』”’](?=[，。、；：？！）》」』”’])", line.text)
        )
        ems = len(line.text) - pairs / 2
        if id(line) in followed_by_number:
            # It may give a whole character to the number and its unit on the next line.
            assert 27 <= ems <= 28, line.text
        elif pairs:
            assert 27.5 <= ems <= 28, line.text
        else:
            assert ems == 28, line.text


def test_text_stays_in_the_gb9704_block_on_a_22_line_grid(
    written: Written, pdf_layout: tuple[list, list[TextLine]]
) -> None:
    sizes, lines = pdf_layout
    for page in range(1, body_pages(written) + 1):
        assert sizes[page - 1] == pytest.approx((595.28, 841.89), abs=0.1)
        body = [
            line
            for line in lines
            if line.page == page and 15.5 < line.height < 16.5 and not line.text.startswith("—")
        ]
        for line in body:
            assert line.left >= LEFT - 0.5, line
            assert line.right <= RIGHT + 0.5, line
            assert line.top >= TOP - 0.5, line
            assert line.bottom <= BOTTOM + 0.5, line
    # A page of running text: lines on the 22-line grid, one leading apart.
    page = max(
        range(1, body_pages(written) + 1),
        key=lambda p: sum(1 for line in lines if line.page == p and 15.5 < line.height < 16.5),
    )
    # Lines of the body face (pdftotext's boxes follow each face's ascent, and 黑体 headings'
    # differ): their tops lie on the grid.
    tops = sorted(
        {
            round(line.top, 1)
            for line in lines
            if line.page == page
            and 15.5 < line.height < 16.5
            and not re.match(r"[一二三四五六七八九十]+、", line.text)
        }
    )
    assert len(tops) >= 8
    # Adjacent lines of running text are exactly one leading apart.
    gaps = [b - a for a, b in itertools.pairwise(tops) if b - a < 1.5 * LEADING]
    assert len(gaps) >= 5
    for gap in gaps:
        assert gap == pytest.approx(LEADING, abs=0.15)  # tops are rounded to 0.1 pt


def fonts_by_text(path: Path, page: int) -> list[tuple[str, str]]:
    """(text, font name) of each text run drawn on a page."""
    runs: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: float) -> None:
        if text.strip() and font is not None:
            runs.append((text.strip(), str(font.get("/BaseFont", ""))))

    PdfReader(path).pages[page].extract_text(visitor_text=visit)
    return runs


def test_each_role_is_set_in_its_face_and_every_face_is_embedded(written: Written) -> None:
    runs = fonts_by_text(written.pdf.path, 0)

    def face(predicate: Callable[[str], bool]) -> set[str]:
        return {font.split("+")[-1] for text, font in runs if predicate(text)}

    assert face(lambda t: t.startswith("关于")) == {"SupervisorSongBold"}  # 小标宋
    assert face(lambda t: t.startswith("一、")) == {"SupervisorHei-Regular"}  # 黑体
    assert face(lambda t: t.startswith("（2020年")) == {"SupervisorKai"}  # 楷体
    assert face(lambda t: t.startswith("为推动")) == {"SupervisorFang"}  # 仿宋
    assert face(lambda t: t.startswith("—")) == {"SupervisorSerifSC-Regular"}  # 宋体 page no.
    rows = subprocess.run(
        ["pdffonts", str(written.pdf.path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows)
    assert any("正文（仿宋）" in f for f in written.pdf.faces)


def test_no_line_starts_with_closing_punctuation_or_splits_a_number_from_its_unit(
    pdf_layout: tuple[list, list[TextLine]],
) -> None:
    _sizes, lines = pdf_layout
    assert len(lines) > 500
    # Lines of text, not chart labels (small, or rotated into one character a line).
    text = [line for line in lines if 9 < line.height < 17 and line.right - line.left > 20]
    for previous, line in itertools.pairwise(text):
        assert line.text[:1] not in NO_LINE_START, (previous.text, line.text)
        if previous.page == line.page and previous.text[-1:].isdigit():
            assert line.text[:1] not in UNIT_CHARS, (previous.text, line.text)


def annex_text(written: Written) -> dict[int, str]:
    pages = [p.extract_text() for p in PdfReader(written.pdf.path).pages]
    text = plain("".join(pages[body_pages(written) :]))
    parts = re.split(r"附件(\d)(?=滞后|未报送|按序时|主要指标|各单位)", text)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_each_annex_holds_exactly_what_its_title_says(written: Written) -> None:
    annexes = annex_text(written)
    assert annexes[1].startswith("滞后任务清单")
    assert annexes[3].startswith("按序时推进任务清单")
    lagging = [t for t in written.data.tasks if is_lagging(t)]
    on_schedule = [t for t in written.data.tasks if t.status in ON_SCHEDULE and not is_lagging(t)]
    assert lagging
    assert on_schedule

    def key(task: object) -> str:
        return re.sub(r"\s+", "", task_text(task))[:24]  # type: ignore[arg-type]

    for task in lagging:
        assert key(task) in annexes[1]
        assert key(task) not in annexes[3]
    for task in on_schedule:
        assert key(task) in annexes[3]
        assert key(task) not in annexes[1]


def test_annex_tables_are_turned_on_a4_pages_with_the_header_on_every_page(
    written: Written, pdf_layout: tuple[list, list[TextLine]]
) -> None:
    sizes, lines = pdf_layout
    pages = PdfReader(written.pdf.path).pages
    annex_pages = range(body_pages(written) + 1, len(sizes) + 1)
    for page in annex_pages:
        # GB/T 9704 chapter 8: an A4 page like the others, the table turned so its header
        # is on the binding side of an odd page and the outer side of an even one; /Rotate
        # shows it landscape on screen.
        assert sizes[page - 1] == pytest.approx((595.28, 841.89), abs=0.1)
        assert pages[page - 1].get("/Rotate") == (90 if page % 2 else 270)
        texts = [line.text for line in lines if line.page == page]
        assert "序号" in texts or "排名" in texts, page  # annex 5 is the ranking
        # The page number is drawn before the turn: upright, in its portrait place.
        assert any("".join(line.text.split()) == f"—{page}—" for line in lines if line.page == page)


def test_the_colophon_closes_the_last_page(
    written: Written, pdf_layout: tuple[list, list[TextLine]]
) -> None:
    sizes, _lines = pdf_layout
    text = pdftotext(written.pdf.path).split("\f")[len(sizes) - 1]
    flat = plain(text)
    assert flat.index("抄送：") < flat.index("印发")
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日印发", flat)


def test_the_word_document_has_gb9704_styles_sections_and_the_same_text(written: Written) -> None:
    document = docx.Document(str(written.docx.path))
    styles = {s.name: s for s in document.styles}
    for name, family in (
        ("公文标题", "方正小标宋简体"),
        ("公文正文", None),
        ("公文一级标题", "黑体"),
        ("公文二级标题", None),
    ):
        fonts = styles[name].element.rPr.find(qn("w:rFonts"))
        if family:
            assert fonts.get(qn("w:eastAsia")) == family
        else:
            assert fonts.get(qn("w:eastAsia"))
    langs = {lang.get(qn("w:eastAsia")) for lang in document.styles.element.iter(qn("w:lang"))}
    assert langs == {"zh-CN"}  # Chinese punctuation and line-breaking rules in Word/WPS
    body = styles["公文正文"]
    assert body.font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == pytest.approx(LEADING, abs=0.05)
    sections = document.sections
    assert sections[0].top_margin.mm == pytest.approx(37, abs=0.1)
    assert sections[0].left_margin.mm == pytest.approx(28, abs=0.1)
    assert len(sections) == 6  # the body and five landscape annexes
    assert all(s.page_width > s.page_height for s in sections[1:])
    # The PDF's two charts, as PNG pictures of the PDF's drawing width, each with its caption.
    pictures = document.inline_shapes
    assert len(pictures) == 2
    for picture in pictures:
        assert picture.width.pt == pytest.approx(156 * MM, abs=1)
    captions = [p.text for p in document.paragraphs if p.style.name == "公文图题"]
    assert captions == ["图1  各领域任务推进状态", "图2  近期任务推进态势"]
    footer = sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert "—" in footer
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    text = "".join(p.text for p in document.paragraphs)
    assert "关于" in text
    assert "推进情况的通报" in text
    assert "主要指标完成情况" in text
    assert "下步工作要求" in text
    pdf_text = plain("".join(p.extract_text() for p in PdfReader(written.pdf.path).pages))
    for paragraph in document.paragraphs:
        if paragraph.style.name == "公文正文" and len(paragraph.text) > 20:
            assert plain(paragraph.text) in pdf_text


def test_libreoffice_prints_the_word_document_like_the_pdf(
    written: Written, libreoffice_pdf: Callable[[Path], Path]
) -> None:
    printed = libreoffice_pdf(written.docx.path)
    reader = PdfReader(printed)
    ours = written.pdf.pages
    # Fonts differ (the office faces are not on this machine).
    assert abs(len(reader.pages) - ours) <= max(3, ours // 6)
    # The two charts print on the body's pages, as in the PDF.
    images = subprocess.run(
        ["pdfimages", "-list", str(printed)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    pages = [int(row.split()[0]) for row in images if row.split()[2] == "image"]
    assert len(pages) == 2
    assert max(pages) <= body_pages(written) + 1
    # pdftotext keeps quotes drawn by a fallback face in reading order; pypdf does not.
    word_text = plain(pdftotext(printed))
    pdf_text = plain(pdftotext(written.pdf.path))
    for lagging in (t for t in written.data.tasks if is_lagging(t)):
        key = plain(task_text(lagging))[:10]
        assert key in word_text
        assert key in pdf_text
    for phrase in ("下步工作要求", "附件1", "滞后任务清单", "抄送：", "印发"):
        assert phrase in word_text
        assert phrase in pdf_text


def test_word_numbers_turned_annex_pages_at_the_upright_foot(written: Written) -> None:
    document = docx.Document(str(written.docx.path))
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    turned = [
        (footer, vert)
        for section in document.sections[1:]
        for footer, vert in ((section.footer, "vert"), (section.even_page_footer, "vert270"))
    ]
    assert len(turned) == 10
    for footer, vert in turned:
        assert not footer.is_linked_to_previous
        # No text line along the long edge: only the page-anchored, turned number box.
        assert footer.paragraphs[0].text == ""
        anchors = list(footer._element.iter(f"{{{wp}}}anchor"))
        assert len(anchors) == 1
        assert anchors[0].find(f"{{{wp}}}positionH").get("relativeFrom") == "page"
        assert anchors[0].find(f".//{{{wps}}}bodyPr").get("vert") == vert
        assert any(
            f.get(qn("w:instr")).strip() == "PAGE" for f in anchors[0].iter(qn("w:fldSimple"))
        )


def test_libreoffice_prints_turned_page_numbers_at_the_upright_foot(
    written: Written, libreoffice_pdf: Callable[[Path], Path]
) -> None:
    printed = libreoffice_pdf(written.docx.path)
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    landscape = 0
    for number, (width, height, body) in enumerate(pages, start=1):
        w, h = float(width), float(height)
        if w < h:
            continue
        landscape += 1
        boxes = [
            (float(a), float(b), float(c), float(d), t) for a, b, c, d, t in word.findall(body)
        ]
        digits = [b for b in boxes if b[4] == str(number)]
        # The number's box lies along the upright page's foot: the left edge of an odd page,
        # the right edge of an even one, 21–28 mm in; the digits are turned (taller boxes
        # across the line than along it), and below the middle of the long edge.
        edge = [
            b
            for b in digits
            if (b[2] < 30 * MM if number % 2 else b[0] > w - 30 * MM) and b[1] > h / 2
        ]
        assert edge, (number, digits)
        x0, y0, x1, y1, _t = edge[0]
        assert x1 - x0 > y1 - y0
        assert min(x0, w - x1) > 18 * MM
        # Nothing of the number sits along the landscape bottom edge.
        assert not [b for b in boxes if b[4] == "—" and b[1] > h - 30 * MM]
    assert landscape >= 5
