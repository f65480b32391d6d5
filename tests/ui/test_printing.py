"""打印 and 打印预览 (issue 14, point 3): the exported documents, page by page, on a printer."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest
import shiboken6
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from supervisor.ui.dialogs.print_dialog import PrintChoiceDialog
from supervisor.ui.work.jobs import ExportKind
from supervisor.ui.work.print_jobs import PrintedDocument, PrintRequest
from supervisor.ui.work.printing import PdfPages
from tests.ui.conftest import TODAY, visible_progress_dialogs

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Past QProgressDialog's minimum duration (400 ms): a dialog left to pop up would show by then.
PAST_THE_PROGRESS_DELAY_MS = 700


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(100)  # enough to compare pages; a test need not print at 1200 dpi
    return printer


def _print(qtbot: QtBot, window, request: PrintRequest, target: Path) -> PrintedDocument:
    printing = window.workflows.exports.printing
    printer = _pdf_printer(target)
    with qtbot.waitSignal(printing.printed, timeout=120_000) as blocker:
        printing.print_document(request, printer)
    qtbot.wait(PAST_THE_PROGRESS_DELAY_MS)
    assert visible_progress_dialogs() == []
    return blocker.args[0]


def _orientations(path: Path) -> list[str]:
    out = []
    for page in PdfReader(path).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if page.get("/Rotate", 0) in (90, 270):
            width, height = height, width
        out.append("横" if width > height else "竖")
    return out


def _render(path: Path, page: int, folder: Path) -> Image.Image:
    out = folder / f"page-{uuid.uuid4().hex}"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-singlefile", *pages, str(path), str(out)], check=True
    )
    with Image.open(out.with_suffix(".png")) as image:
        return image.convert("L")


def _difference(one: Image.Image, two: Image.Image) -> float:
    """Mean grey-level difference (0..255), slightly blurred: two rasterisations of the same
    page differ in anti-aliasing, not in what is on it."""
    blur = ImageFilter.BoxBlur(2)
    return ImageStat.Stat(
        ImageChops.difference(one.filter(blur), two.resize(one.size).filter(blur))
    ).mean[0]


def _printed_as(source: Path, printed: Path, page: int, other: int, folder: Path) -> bool:
    """Whether the printed page ``page`` shows the source page: far closer to it than the
    printed page ``other`` is (each printed page differs from the source in rendering only)."""
    wanted = _render(source, page, folder)
    same = _difference(wanted, _render(printed, page, folder))
    different = _difference(wanted, _render(printed, other, folder))
    return same < 12 and same < different / 2


def _text(path: Path) -> str:
    return "".join((page.extract_text() or "") for page in PdfReader(path).pages)


def test_the_progress_sheet_prints_page_by_page(
    qtbot: QtBot, seeded_window, tmp_path: Path
) -> None:
    window = seeded_window
    request = PrintRequest(ExportKind.PROGRESS, window.plan_id, TODAY)
    printed_file = tmp_path / "printer.pdf"
    document = _print(qtbot, window, request, printed_file)

    # What went to the printer is the sheet with the plan's tasks (its text read back) …
    text = _text(document.path).replace("\n", "")
    assert "周进度表" in text
    assert "本期完成进度" in text
    leaves = [r for r in window.task_model.rows if r.kind.value == "考核"][-3:]
    assert all(row.code in text for row in leaves)
    # … and the printer got each of its pages, landscape, with the same picture on it.
    pages = len(PdfReader(document.path).pages)
    assert document.pages == pages == len(PdfReader(printed_file).pages) > 1
    assert set(_orientations(printed_file)) == {"横"}
    assert _printed_as(document.path, printed_file, 1, 2, tmp_path)
    assert _printed_as(document.path, printed_file, pages, 1, tmp_path)


def test_closed_pages_leave_no_pdf_document_behind(qtbot: QtBot, tmp_path: Path) -> None:
    # A print job opens the PDF in its worker thread: the QPdfDocument must be deleted
    # there when the job closes it, not whenever (and wherever) Python collects it.
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "two.pdf"
    canvas = Canvas(str(path))
    for text in ("one", "two"):
        canvas.drawString(72, 720, text)
        canvas.showPage()
    canvas.save()
    pages = PdfPages(path)
    assert pages.page_count == 2
    document = pages.document
    pages.close()
    assert not shiboken6.isValid(document)
    pages.close()  # twice is harmless (the preview closes on every way out)


def test_the_bulletin_prints_its_annex_pages_landscape(
    qtbot: QtBot, staffed_window, tmp_path: Path
) -> None:
    window = staffed_window
    request = PrintRequest(ExportKind.BULLETIN, window.plan_id, TODAY, issue_number=3)
    printed_file = tmp_path / "printer.pdf"
    document = _print(qtbot, window, request, printed_file)

    assert "第3期" in _text(document.path).replace(" ", "")
    shapes = _orientations(document.path)
    assert "竖" in shapes  # body pages upright …
    assert "横" in shapes  # … annex tables turned
    assert _orientations(printed_file) == shapes
    assert _printed_as(document.path, printed_file, len(shapes), 1, tmp_path)


def test_printing_records_no_issue_number(qtbot: QtBot, staffed_window, tmp_path: Path) -> None:
    from supervisor.services.settings import load_settings

    window = staffed_window
    with window.database.sessions() as session:
        before = load_settings(session).bulletin_last_issue
    _print(
        qtbot, window, PrintRequest(ExportKind.BULLETIN, window.plan_id, TODAY), tmp_path / "p.pdf"
    )
    with window.database.sessions() as session:
        assert load_settings(session).bulletin_last_issue == before


def test_the_preview_shows_every_page_and_leaves_no_dialog(
    qtbot: QtBot, seeded_window, tmp_path: Path
) -> None:
    window = seeded_window
    printing = window.workflows.exports.printing
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.print_action in file_menu.actions()
    assert window.print_preview_action in file_menu.actions()

    window.print_preview_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PrintChoiceDialog))
    choice = QApplication.activeModalWidget()
    choice.kind_combo.setCurrentIndex(choice.kind_combo.findData(ExportKind.BULLETIN))
    assert not choice.paper_combo.isEnabled()  # the bulletin is an A4 document
    with qtbot.waitSignal(printing.preview_opened, timeout=120_000) as blocker:
        choice.accept()
    dialog = blocker.args[0]
    assert isinstance(dialog, QPrintPreviewDialog)
    qtbot.waitUntil(dialog.isVisible)
    preview = dialog.findChild(QPrintPreviewWidget)
    written = sorted(Path(printing._folder.path()).glob("督查通报-*.pdf"))[-1]
    assert preview.pageCount() == len(PdfReader(written).pages) > 1

    dialog.reject()
    qtbot.wait(PAST_THE_PROGRESS_DELAY_MS)
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert shown == []


def test_after_an_export_the_sheet_can_be_previewed(
    qtbot: QtBot, seeded_window, tmp_path: Path
) -> None:
    window = seeded_window
    exports = window.workflows.exports
    dialog = exports.open_export_dialog(ExportKind.PROGRESS)
    dialog.path_edit.setText(str(tmp_path / "周进度表.xlsx"))
    with qtbot.waitSignal(exports.export_finished, timeout=60_000) as finished:
        exports.start_export(dialog.request())
    result = finished.args[0]
    request = exports.print_request_for(result)
    assert request is not None
    assert (request.kind, request.as_of, request.source) == (
        ExportKind.PROGRESS,
        result.as_of,
        None,
    )

    buttons = {b.text(): b for b in exports.result_box.findChildren(QPushButton)}
    with qtbot.waitSignal(exports.printing.preview_opened, timeout=120_000) as blocker:
        buttons["打印预览…"].click()
    preview = blocker.args[0].findChild(QPrintPreviewWidget)
    assert preview.pageCount() > 1
    blocker.args[0].reject()
    qtbot.wait(PAST_THE_PROGRESS_DELAY_MS)
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window] == []


def test_an_exported_bulletin_pdf_is_printed_as_written(
    qtbot: QtBot, staffed_window, tmp_path: Path
) -> None:
    window = staffed_window
    exports = window.workflows.exports
    dialog = exports.open_export_dialog(ExportKind.BULLETIN)
    target = tmp_path / "通报.pdf"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(exports.export_finished, timeout=120_000) as finished:
        exports.start_export(dialog.request())
    request = exports.print_request_for(finished.args[0])
    assert request is not None
    assert request.source == target
    exports.result_box.close()
    document = _print(qtbot, window, request, tmp_path / "printer.pdf")
    assert document.path == target
    assert document.pages == len(PdfReader(target).pages)


def test_exports_use_up_issue_numbers_and_prints_do_not(
    qtbot: QtBot, staffed_window, tmp_path: Path
) -> None:
    window = staffed_window
    exports = window.workflows.exports
    numbers = []
    for name in ("一.pdf", "二.pdf"):
        dialog = exports.open_export_dialog(ExportKind.BULLETIN)
        dialog.path_edit.setText(str(tmp_path / name))
        with qtbot.waitSignal(exports.export_finished, timeout=120_000) as finished:
            exports.start_export(dialog.request())
        numbers.append(finished.args[0].issue_number)
        exports.result_box.close()
        if name == "一.pdf":
            request = PrintRequest(ExportKind.BULLETIN, window.plan_id, TODAY)
            document = _print(qtbot, window, request, tmp_path / "printer.pdf")
            assert "第2期" in _text(document.path).replace(" ", "")  # the next, not used up
    assert numbers == [1, 2]


def test_print_from_the_menu_asks_for_the_printer_and_leaves_nothing_open(
    qtbot: QtBot, seeded_window
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    window = seeded_window
    printing = window.workflows.exports.printing
    window.print_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PrintChoiceDialog))
    choice = QApplication.activeModalWidget()
    assert choice.request().kind == ExportKind.PROGRESS
    assert choice.request().as_of == TODAY
    choice.accept()
    qtbot.waitUntil(lambda: isinstance(printing.print_dialog, QPrintDialog))
    qtbot.waitUntil(printing.print_dialog.isVisible)
    printing.print_dialog.reject()  # the user changed their mind: nothing is printed
    qtbot.wait(PAST_THE_PROGRESS_DELAY_MS)
    assert printing.print_dialog is None
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window] == []


def test_a_bulletin_exported_as_word_prints_as_pdf_with_its_issue_number(
    qtbot: QtBot, staffed_window, tmp_path: Path
) -> None:
    window = staffed_window
    exports = window.workflows.exports
    dialog = exports.open_export_dialog(ExportKind.BULLETIN)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("docx"))
    dialog.issue_spin.setValue(7)
    dialog.path_edit.setText(str(tmp_path / "通报.docx"))
    with qtbot.waitSignal(exports.export_finished, timeout=120_000) as finished:
        exports.start_export(dialog.request())
    exports.result_box.close()
    request = exports.print_request_for(finished.args[0])
    assert request is not None
    assert (request.source, request.issue_number) == (None, 7)
    document = _print(qtbot, window, request, tmp_path / "printer.pdf")
    assert document.path.suffix == ".pdf"
    assert "第7期" in _text(document.path).replace(" ", "")


def test_a_past_plan_prints_as_it_ended_as_the_export_proposes(seeded_window) -> None:
    """A 2020 plan opened in 2026: both forms propose its last day, not 2026年第50周."""
    import datetime as dt

    window = seeded_window
    window.context.today = dt.date(2026, 12, 7)
    choice = window.workflows.exports.printing.open_choice(preview=True)
    assert choice.as_of_edit.date().toPython() == dt.date(2020, 12, 31)
    choice.reject()
    window.context.today = dt.date(2020, 6, 30)  # within the plan's year: that day, as before
    choice = window.workflows.exports.printing.open_choice(preview=True)
    assert choice.as_of_edit.date().toPython() == dt.date(2020, 6, 30)
    choice.reject()
