"""Read a report file (.txt in any common Chinese encoding, .docx, .pdf) into clean text."""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from supervisor.archives import (
    DOCX_LIMITS,
    check_archive_bytes,
    read_regular_file,
)
from supervisor.errors import InputFileError
from supervisor.extract.pdf_source import MAX_PDF_BYTES, pdf_text

# A government work report is 30–100 KB of text; 8 MB of plain text is far beyond any real one
# (a .docx may carry pictures: its limits are DOCX_LIMITS in supervisor.archives).
MAX_REPORT_BYTES = 8 * 1024 * 1024
# The longest reports run to ~60,000 characters and ~400 tasks. Extraction takes ≈300 bytes of
# memory per character, so these bounds keep any accepted report well under 200 MB.
MAX_REPORT_CHARS = 400_000
MAX_REPORT_TASKS = 5_000
DOCX_SUFFIXES = frozenset({".docx"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et"})
UNSUPPORTED_SUFFIXES = {
    ".doc": "暂不支持旧版 Word 文档（.doc），请在 Word 中另存为 .docx 或 .txt：{name}",
    ".wps": "暂不支持 WPS 文档（.wps），请在 WPS 中另存为 .docx 或 .txt：{name}",
}
PDF_SUFFIXES = frozenset({".pdf"})
_NOT_A_REPORT_WORKBOOK = (
    "“{name}”是 Excel 工作簿，不是报告文档；报告请选择 .docx、.txt 或 .pdf 文件"
    "（已有的任务分工表请用“导入分工方案”，各单位交回的填报表请用“导入填报表”）"
)

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ReportSource:
    """The text of a report file and what identifies the file."""

    path: Path
    text: str
    sha256: str  # of the normalised text (text_fingerprint): what "already imported" compares
    encoding: str
    file_sha256: str = ""  # of the file's bytes; plans imported before the fingerprint used it


def read_report_file(path: Path | str) -> ReportSource:
    """Read a report file and return its normalised text.

    Args:
        path: a .txt file (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK), a .docx or
            a .pdf with a text layer.

    Returns:
        The text with HTML entities decoded and line ends normalised, its fingerprint (the
        same report imported twice is recognised by it) and the SHA-256 of the file's bytes.

    Raises:
        InputFileError: the file is missing, not a regular file, empty, too large, binary,
            undecodable, an archive over the guarded reader's limits, or a text longer than
            ``MAX_REPORT_CHARS``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise InputFileError(UNSUPPORTED_SUFFIXES[suffix].format(name=path.name))
    if suffix in XLSX_SUFFIXES:
        raise InputFileError(_NOT_A_REPORT_WORKBOOK.format(name=path.name))
    limit = DOCX_LIMITS.max_file_bytes if suffix in DOCX_SUFFIXES else MAX_REPORT_BYTES
    if suffix in PDF_SUFFIXES:
        limit = MAX_PDF_BYTES
    data = read_regular_file(path, limit, what="文件")
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        text, encoding = pdf_text(path.name, data, MAX_REPORT_CHARS), "pdf"
    elif suffix in DOCX_SUFFIXES or data[:4] == b"PK\x03\x04":
        text, encoding = _docx_text(path.name, data), "docx"
    else:
        text, encoding = decode_text(data, path.name)
    text = normalise_text(text)
    if not text.strip():
        raise InputFileError(f"文件中没有文字：{path.name}")
    check_report_length(text, path.name)
    return ReportSource(
        path=path,
        text=text,
        sha256=text_fingerprint(text),
        encoding=encoding,
        file_sha256=hashlib.sha256(data).hexdigest(),
    )


def check_report_length(text: str, name: str = "") -> None:
    """Refuse a report text longer than any real report before extraction starts.

    Raises:
        InputFileError: over ``MAX_REPORT_CHARS`` characters.
    """
    if len(text) > MAX_REPORT_CHARS:
        raise InputFileError(
            f"报告过长（{len(text):,} 个字符，上限 {MAX_REPORT_CHARS:,}），"
            f"请确认选择的是政府工作报告：{name}"
        )


def check_task_count(count: int, name: str = "") -> None:
    """Refuse an extraction with more tasks than any real report yields, before storing it.

    Raises:
        InputFileError: over ``MAX_REPORT_TASKS`` tasks.
    """
    if count > MAX_REPORT_TASKS:
        raise InputFileError(
            f"报告中识别出的任务过多（{count:,} 项，上限 {MAX_REPORT_TASKS:,}），"
            f"请确认选择的是政府工作报告：{name}"
        )


def text_fingerprint(text: str) -> str:
    """SHA-256 of the text with line ends, spacing and blank lines normalised.

    The same report saved with other line ends, another encoding, trailing spaces or an extra
    blank line has the same fingerprint, so it is recognised as already imported.
    """
    lines = (" ".join(line.split()) for line in normalise_text(text).split("\n"))
    canonical = "\n".join(line for line in lines if line)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode report bytes, trying the encodings Chinese office PCs produce.

    Returns:
        The text and the name of the encoding that decoded it.

    Raises:
        InputFileError: the bytes are binary or fit no supported encoding.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise InputFileError(f"文件编码损坏（{encoding}）：{name}") from err
    if b"\x00" in data[:8192]:
        raise InputFileError(f"不是文本文件（含二进制内容）：{name}")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputFileError(f"不是文本文件（含二进制内容）：{name}")
        return text, encoding
    raise InputFileError(f"无法识别文件编码（支持 UTF-8、GBK/GB18030）：{name}")


def normalise_text(text: str) -> str:
    """Decode HTML entities, unify line ends and drop control characters and NBSPs."""
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\ufeff", "")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t")
    return controls > max(8, len(sample) // 100)


def _docx_text(name: str, data: bytes) -> str:
    # Imported here: python-docx pulls in lxml, which plain-text imports never need.
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    archive = check_archive_bytes(name, data, DOCX_LIMITS)
    if "xl/workbook.xml" in archive.members:
        raise InputFileError(_NOT_A_REPORT_WORKBOOK.format(name=name))
    if "word/document.xml" not in archive.members:
        raise InputFileError(f"不是有效的 Word 文档（.docx）：{name}")
    try:
        document = docx.Document(archive.stream())
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise InputFileError(f"不是有效的 Word 文档（.docx）：{name}") from err
    except Exception as err:
        # lxml raises its own XML errors for damaged parts; the user needs only the verdict.
        raise InputFileError(f"Word 文档已损坏，无法读取：{name}") from err
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
