"""Read a report file (.txt in any common Chinese encoding, .docx) into clean text."""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from supervisor.errors import InputFileError

# A government work report is 30–100 KB of text; 64 MB is far beyond any real one.
MAX_REPORT_BYTES = 64 * 1024 * 1024
DOCX_SUFFIXES = frozenset({".docx"})
UNSUPPORTED_SUFFIXES = {
    ".doc": "暂不支持旧版 Word 文档（.doc），请在 Word 中另存为 .docx 或 .txt：{name}",
    ".wps": "暂不支持 WPS 文档（.wps），请另存为 .docx 或 .txt：{name}",
    ".pdf": "暂不支持 PDF，请将报告另存为 .docx 或 .txt：{name}",
}

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ReportSource:
    """The text of a report file and what identifies the file."""

    path: Path
    text: str
    sha256: str
    encoding: str


def read_report_file(path: Path | str) -> ReportSource:
    """Read a report file and return its normalised text.

    Args:
        path: a .txt file (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK) or a .docx.

    Returns:
        The text with HTML entities decoded and line ends normalised, plus the SHA-256 of the
        file's bytes (the same file imported twice is recognised by it).

    Raises:
        InputFileError: the file is missing, empty, too large, binary or undecodable.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"文件是空的：{path.name}")
    if size > MAX_REPORT_BYTES:
        raise InputFileError(
            f"文件过大（{size / 1024 / 1024:.0f} MB），报告文本不应超过 "
            f"{MAX_REPORT_BYTES // 1024 // 1024} MB：{path.name}"
        )
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise InputFileError(UNSUPPORTED_SUFFIXES[suffix].format(name=path.name))
    if suffix in DOCX_SUFFIXES or data[:4] == b"PK\x03\x04":
        text, encoding = _docx_text(path), "docx"
    else:
        text, encoding = decode_text(data, path.name)
    text = normalise_text(text)
    if not text.strip():
        raise InputFileError(f"文件中没有文字：{path.name}")
    return ReportSource(
        path=path, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding
    )


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


def _docx_text(path: Path) -> str:
    # Imported here: python-docx pulls in lxml, which plain-text imports never need.
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        raise InputFileError(f"不是有效的 Word 文档（.docx）：{path.name}")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise InputFileError(f"不是有效的 Word 文档（.docx）：{path.name}") from err
    except Exception as err:
        # lxml raises its own XML errors for damaged parts; the user needs only the verdict.
        raise InputFileError(f"Word 文档已损坏，无法读取：{path.name}") from err
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
