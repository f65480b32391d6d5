"""Render docs/screenshots/bulletin-*.png from the seed's bulletin (run as a script).

python tests/reports/make_bulletin_screenshots.py   (needs poppler-utils; LibreOffice for the
Word page)
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHOTS = REPO / "docs" / "screenshots"


def _png(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def main() -> None:
    """Write the body pages, the first annex page and the Word document's first pages."""
    sys.path[:0] = [str(REPO), str(HERE)]
    import bulletin_seed
    from pypdf import PdfReader

    from supervisor.services import exports
    from supervisor.services.database import open_database

    folder = Path(tempfile.mkdtemp())
    database = open_database(f"sqlite:///{folder / 'office.sqlite'}")
    plan_id = bulletin_seed.populate(database)
    issued = dt.date(2020, 7, 6)
    with database.sessions.begin() as session:
        pdf = exports.export_bulletin(
            session,
            plan_id,
            folder / "bulletin.pdf",
            period=bulletin_seed.PERIOD,
            issue_number=27,
            issue_date=issued,
        )
        word = exports.export_bulletin(
            session,
            plan_id,
            folder / "bulletin.docx",
            period=bulletin_seed.PERIOD,
            issue_number=27,
            issue_date=issued,
            file_format="docx",
        )
    database.close()
    pages = [p.extract_text() for p in PdfReader(pdf.path).pages]
    first_annex = next(i for i, text in enumerate(pages, start=1) if "滞后任务清单" in text[:40])
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("bulletin-*.png"):
        old.unlink()
    for page in range(1, first_annex):
        _png(pdf.path, page, SHOTS / f"bulletin-page{page}.png")
    _png(pdf.path, first_annex, SHOTS / "bulletin-annex1.png")
    _png(pdf.path, len(pages), SHOTS / "bulletin-last-page.png")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        printed = folder / "word"
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(printed),
                str(word.path),
            ],
            check=True,
            capture_output=True,
        )
        word_pdf = printed / "bulletin.pdf"
        _png(word_pdf, 1, SHOTS / "bulletin-word-page1.png")
        # The charts (PNG in the .docx) and the first turned annex page with its page number
        # at the upright page's foot.
        _png(word_pdf, 2, SHOTS / "bulletin-word-page2.png")
        annex = next(
            i
            for i, page in enumerate(PdfReader(word_pdf).pages, start=1)
            if page.mediabox.width > page.mediabox.height  # LibreOffice prints it landscape
        )
        _png(word_pdf, annex, SHOTS / "bulletin-word-annex1.png")
    print(f"{pdf.pages} pages, body {first_annex - 1}; screenshots in {SHOTS}")


if __name__ == "__main__":
    main()
