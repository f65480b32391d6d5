"""The text layer of a report saved as PDF, with printed line wraps and page numbers undone."""

from __future__ import annotations

import io
import logging
import re

from supervisor.errors import InputFileError

# A work report is 20–80 pages; a PDF of a few hundred pages is something else, and pypdf's
# time and memory grow with pages, so both are bounded before any text is extracted.
MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_PDF_PAGES = 600
_PAGE_NUMBER = re.compile(r"^\s*(?:[—–\-－]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[—–\-－])?\s*$")
# A line that ends a sentence or a heading; any other line was wrapped by the printer.
_LINE_END = "。；;：:！!？?”」）)"
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、]"
    r"|第[一二三四五六七八九十]{1,3}[章节部分]|附件|各位代表|同志们)"
)


def pdf_text(name: str, data: bytes, max_chars: int = 400_000) -> str:
    """The text of a PDF's text layer, one paragraph per line.

    Args:
        name: The file name, for messages.
        data: The PDF's bytes.
        max_chars: Longest text accepted; extraction stops as soon as it is passed.

    Returns:
        The text with page numbers dropped and lines the printer wrapped joined again.

    Raises:
        InputFileError: not a PDF, damaged, encrypted, too many pages, longer than
            ``max_chars``, a stream that unpacks beyond pypdf's limits, or no text layer (a
            scan).
    """
    # Imported here: only PDF imports need pypdf.
    import pypdf
    from pypdf.errors import PdfReadError

    if len(data) > MAX_PDF_BYTES:
        raise InputFileError(f"PDF 文件过大（上限 {MAX_PDF_BYTES // (1024 * 1024)} MB）：{name}")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputFileError(f"不是有效的 PDF 文件：{name}")
    # pypdf logs every damaged object it works around; the user needs only the verdict.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InputFileError(f"PDF 文件已加密，请先解除密码保护或另存为 .docx：{name}")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputFileError(
                f"PDF 页数过多（{len(reader.pages)} 页，上限 {MAX_PDF_PAGES}），"
                f"请确认选择的是政府工作报告：{name}"
            )
        pages: list[str] = []
        total = 0
        for page in reader.pages:
            # Layout mode keeps each line's indent: a paragraph's first line is indented.
            pages.append(page.extract_text(extraction_mode="layout") or "")
            total += len(pages[-1])
            if total > max_chars:
                raise InputFileError(
                    f"报告过长（超过 {max_chars:,} 个字符），请确认选择的是政府工作报告：{name}"
                )
    except InputFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise InputFileError(f"PDF 文件已损坏，无法读取：{name}") from err
    except Exception as err:
        # pypdf raises many kinds of errors on damaged files; none is the user's to read.
        raise InputFileError(f"PDF 文件已损坏，无法读取：{name}") from err
    lines = [line for page in pages for line in page.splitlines()]
    text = join_wrapped_lines(lines)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputFileError(
            f"PDF 中没有可提取的文字（可能是扫描件），请使用 Word 版或文字版报告：{name}"
        )
    return text


def join_wrapped_lines(lines: list[str]) -> str:
    """Paragraphs from printed lines: page numbers dropped, wrapped lines joined.

    Where the printout indents each paragraph's first line (首行缩进, as Word and WPS set
    reports), an indented line starts a paragraph and every other line continues one, even a
    full line that happens to end a sentence. Without indents, a line is continued by the next
    when it fills the printed width (the printer wrapped it) and ends no sentence (。；：！？).
    Either way a line starting a heading (一、, （一）, 1., 附件 …) starts a paragraph and a short
    line (a heading, a title, a paragraph's last line) ends one. Chinese needs no space at a
    join.
    """
    kept = [line.rstrip() for line in lines]
    kept = [line for line in kept if line.strip() and not _PAGE_NUMBER.match(line)]
    indents = [len(line) - len(line.lstrip()) for line in kept]
    margin = min(indents, default=0)
    indented = [indent >= margin + 2 for indent in indents]
    # Indents mean paragraphs only when some lines, not all or nearly none, are indented.
    uses_indents = 0.03 <= sum(indented) / max(len(kept), 1) <= 0.7
    kept = [line.strip() for line in kept]
    widths = sorted(_width(line) for line in kept)
    # The printed width: most lines of a report are full lines of a paragraph.
    full = widths[int(len(widths) * 0.8)] if widths else 0
    paragraphs: list[str] = []
    current = ""
    wrapped = False
    for line, starts in zip(kept, indented, strict=True):
        new_paragraph = not wrapped or _HEADING_START.match(line) or (uses_indents and starts)
        if current and new_paragraph:
            paragraphs.append(current)
            current = line
        else:
            current = _join(current, line)
        wrapped = _width(line) >= 0.8 * full and (
            uses_indents or not line.endswith(tuple(_LINE_END))
        )
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _width(line: str) -> float:
    """Printed width in full-width characters (Latin letters and digits are half as wide)."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in line)


def _join(left: str, right: str) -> str:
    if left and left[-1].isascii() and left[-1].isalnum() and right[:1].isascii():
        return f"{left} {right}"  # Latin words keep their space
    return left + right
