"""Printing a PDF: each page rendered through QtPdf onto a QPrinter, in the page's own size.

The documents are the PDFs the exports write (or the progress sheet drawn for paper), so the
printout is the document the office sends. Each page goes out in its own paper size and
orientation (a bulletin's landscape annex pages print landscape), rendered at the printer's
resolution in horizontal bands, so a 600-dpi page never needs its whole bitmap in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QMarginsF, QPointF, QRect, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from supervisor.errors import InputFileError
from supervisor.reports.errors import ReportCancelled

MAX_DPI = 600  # laser printers' text resolution; more only costs time and memory
PREVIEW_DPI = 150  # a preview is looked at on a screen
BAND_PIXELS = 1024  # rows of one rendered band

ProgressCallback = Callable[[int, int], None]


class PdfPages:
    """A PDF file opened for printing; ``paint`` draws its pages onto a printer."""

    def __init__(self, path: Path) -> None:
        """Open ``path``.

        Raises:
            InputFileError: the file is missing or not a readable PDF.
        """
        self.path = Path(path)
        self.document = QPdfDocument()
        error = self.document.load(str(self.path))
        if error != QPdfDocument.Error.None_ or self.document.pageCount() < 1:
            self.close()
            raise InputFileError(f"无法打开要打印的文件：{self.path.name}（{error.name}）")

    @property
    def page_count(self) -> int:
        """The number of pages."""
        return self.document.pageCount()

    def page_layout(self, index: int) -> QPageLayout:
        """The paper of one page: its size and orientation, no margins (the PDF has its own)."""
        size = self.document.pagePointSize(index)
        landscape = size.width() > size.height()
        portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
        page_size = QPageSize(
            portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
        )
        orientation = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))

    def paint(
        self,
        printer: QPrinter,
        *,
        dpi: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """Draw every page onto ``printer``; returns the pages drawn.

        Args:
            printer: A printer (or a PDF file, or a preview) set up by the caller.
            dpi: The resolution to render at; the printer's (at most MAX_DPI) when None.
            progress: Called with (pages done, pages in all).
            cancel: When set, printing stops after the current page (the printer is told to
                abort where it can).

        Raises:
            ReportCancelled: ``cancel`` was set.
            InputFileError: the printer could not be opened.
        """
        printer.setFullPage(True)
        resolution = dpi or min(printer.resolution(), MAX_DPI)
        # Only Qt's PDF engine takes a new paper size between pages; a printer keeps the
        # first page's sheet and a page of the other orientation is turned onto it.
        per_page = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and not is_preview(
            printer
        )
        total = self.page_count
        painter = QPainter()
        try:
            for index in range(total):
                if cancel is not None and cancel.is_set():
                    printer.abort()
                    raise ReportCancelled("已取消打印")
                if index == 0 or per_page:
                    printer.setPageLayout(self.page_layout(index))
                if index == 0:
                    if not painter.begin(printer):
                        raise InputFileError("无法开始打印：打印机不可用或文件无法写入")
                elif not printer.newPage():
                    raise InputFileError("打印中断：打印机不接受下一页")
                self._paint_page(painter, printer, index, resolution)
                if progress is not None:
                    progress(index + 1, total)
        finally:
            if painter.isActive():
                painter.end()
        return total

    def _paint_page(self, painter: QPainter, printer: QPrinter, index: int, dpi: int) -> None:
        """Render one page in bands at ``dpi`` and draw them over the whole sheet.

        A landscape page on a portrait sheet (or the other way round) is turned a quarter
        counter-clockwise, its top to the sheet's left edge, as GB/T 9704 turns annex tables.
        """
        sheet = printer.pageLayout().fullRectPixels(printer.resolution())
        points = self.document.pagePointSize(index)
        width = max(1, round(points.width() * dpi / 72))
        height = max(1, round(points.height() * dpi / 72))
        turned = (points.width() > points.height()) != (sheet.width() > sheet.height())
        painter.save()
        if turned:
            painter.translate(QPointF(sheet.x(), sheet.y() + sheet.height()))
            painter.rotate(-90)
            across, down = sheet.height(), sheet.width()
        else:
            painter.translate(QPointF(sheet.x(), sheet.y()))
            across, down = sheet.width(), sheet.height()
        painter.scale(across / width, down / height)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(QSize(width, height))
        for top in range(0, height, BAND_PIXELS):
            band = min(BAND_PIXELS, height - top)
            options.setScaledClipRect(QRect(0, top, width, band))
            image = self.document.render(index, QSize(width, band), options)
            painter.drawImage(QPointF(0, top), image)
        painter.restore()

    def close(self) -> None:
        """Close the document and delete it now, in this thread (the one that opened it).

        A QPdfDocument left to Python would be deleted wherever its wrapper is collected:
        after a print job, in the GUI thread (or another worker) while its own is gone.
        """
        if shiboken6.isValid(self.document):
            self.document.close()
            shiboken6.delete(self.document)


def is_preview(printer: QPrinter) -> bool:
    """Whether ``printer`` is painting for a print preview (a recording, not paper)."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture
