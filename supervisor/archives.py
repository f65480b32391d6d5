"""The one guarded reader for untrusted zip archives (.docx, .xlsx): limits before any parsing."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from supervisor.errors import InputFileError

_CHUNK = 64 * 1024
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OOXML parts never carry a DTD; any DOCTYPE/ENTITY is an attack (billion laughs, XXE).
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """What an archive of one kind may hold; anything beyond is refused before parsing.

    Attributes:
        kind: What the user calls such a file, for messages (e.g. "Word 文档").
        not_this_kind: The end of the message for a file that is no such archive at all.
        max_file_bytes: Size of the file itself (compressed).
        max_unpacked_bytes: All members together, unpacked.
        max_xml_bytes: The XML parts together, unpacked: parsers build trees from these, so
            they bound the parser's memory (images and fonts are never parsed).
        max_members: Number of entries in the zip directory.
        max_ratio: Unpacked ÷ packed size of a member larger than ``ratio_floor_bytes``, and
            of the whole archive. Office XML packs 5–20 : 1; zip bombs pack about 1,000 : 1.
        ratio_floor_bytes: Members this small are not ratio-checked (tiny parts pack well).
    """

    kind: str
    not_this_kind: str
    max_file_bytes: int
    max_unpacked_bytes: int
    max_xml_bytes: int
    max_members: int = 2_000
    max_ratio: int = 100
    ratio_floor_bytes: int = _MIB


# A government work report as .docx: 30–100 KB of text, maybe some pictures. document.xml of a
# 200-page report is ≈ 5 MB; 32 MB of XML is far beyond any report and stays < 200 MB parsed.
DOCX_LIMITS = ArchiveLimits(
    kind="Word 文档",
    not_this_kind="不是有效的 Word 文档（.docx）",
    max_file_bytes=64 * _MIB,
    max_unpacked_bytes=256 * _MIB,
    max_xml_bytes=32 * _MIB,
)
# Workbooks the office reads (returned fill-in sheets, division sheets): a few hundred KB to a
# few MB; 10,000 tasks × 20 columns of text is ≈ 40 MB of sheet XML.
XLSX_LIMITS = ArchiveLimits(
    kind="Excel 工作簿",
    not_this_kind="不是 Excel .xlsx 文件（内容不是 xlsx 格式）",
    max_file_bytes=20 * _MIB,
    max_unpacked_bytes=200 * _MIB,
    max_xml_bytes=64 * _MIB,
)


class ArchiveError(InputFileError):
    """An archive was refused: not a zip, damaged, encrypted, unsafe, or over a limit."""


class FileTooLargeError(InputFileError):
    """A file is larger than what may be read of its kind."""


@dataclass(frozen=True, slots=True)
class CheckedArchive:
    """The bytes of an archive whose every member was unpacked once within the limits."""

    name: str
    data: bytes
    sha256: str
    members: frozenset[str]
    unpacked_bytes: int

    def stream(self) -> io.BytesIO:
        """A fresh file object over the checked bytes, for python-docx or openpyxl."""
        return io.BytesIO(self.data)


def _check_stat(path: Path, max_bytes: int, what: str) -> None:
    """Refuse, by its stat alone, a path that is missing, not a regular file or too large."""
    try:
        info = path.stat()
    except FileNotFoundError as err:
        raise InputFileError(f"找不到文件：{path}") from err
    except OSError as err:
        raise InputFileError(f"无法读取{what}“{path.name}”：{err.strerror or err}") from err
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"找不到文件：“{path}”是文件夹，请选择{what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(f"“{path}”不是普通文件（管道、设备等），已拒绝读取")
    if info.st_size > max_bytes:
        raise FileTooLargeError(_too_large(path.name, info.st_size, max_bytes, what))


def read_regular_file(path: Path | str, max_bytes: int, *, what: str = "文件") -> bytes:
    """Read at most ``max_bytes`` of a regular file; FIFOs, devices and folders are refused.

    The size is checked before reading and enforced while reading (a file that grows, or a
    ``/proc`` file that reports 0 bytes, cannot make the read unbounded).

    Raises:
        InputFileError: missing, not a regular file, empty, unreadable or over ``max_bytes``.
    """
    path = Path(path)
    _check_stat(path, max_bytes, what)
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, open() must
        # not hang waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except PermissionError as err:
        raise InputFileError(
            f"无法读取{what}“{path.name}”：文件正被其他程序占用或没有读取权限，请关闭后重试"
        ) from err
    except OSError as err:
        raise InputFileError(f"无法读取{what}“{path.name}”：{err.strerror or err}") from err
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputFileError(f"“{path}”不是普通文件（管道、设备等），已拒绝读取")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as err:
            raise InputFileError(f"无法读取{what}“{path.name}”：{err.strerror or err}") from err
    if len(data) > max_bytes:
        raise FileTooLargeError(_too_large(path.name, len(data), max_bytes, what))
    if not data:
        raise InputFileError(f"文件“{path.name}”是空文件（0 字节）")
    return data


def check_regular_file(path: Path | str, max_bytes: int, *, what: str = "文件") -> Path:
    """Refuse, without opening it, a path that is not a regular file of at most ``max_bytes``.

    For inputs a library reads itself (a CSV table): FIFOs, devices and folders are refused
    and the size is checked before the library starts.

    Raises:
        InputFileError: missing, not a regular file, or over ``max_bytes``.
    """
    path = Path(path)
    _check_stat(path, max_bytes, what)
    return path


def read_archive(
    path: Path | str, limits: ArchiveLimits, *, required: Iterable[str] = ()
) -> CheckedArchive:
    """Read an untrusted archive and unpack every member once, within ``limits``.

    The zip directory is checked first (member count, declared sizes, ratios, encryption);
    then each member is unpacked in small chunks and counted, because a directory can lie:
    the real bytes, not the declared ones, are held to the limits, and nothing unpacked is
    kept. Only then may a parser see the archive (``CheckedArchive.stream()``).

    Args:
        path: The file.
        limits: The limits for this kind of archive.
        required: Members that must exist (e.g. ``word/document.xml``).

    Raises:
        ArchiveError: with a one-line Chinese message naming the file.
    """
    path = Path(path)
    data = read_regular_file(path, limits.max_file_bytes, what=limits.kind)
    return check_archive_bytes(path.name, data, limits, required=required)


def check_archive_bytes(
    name: str, data: bytes, limits: ArchiveLimits, *, required: Iterable[str] = ()
) -> CheckedArchive:
    """Check archive bytes already in memory as :func:`read_archive` does.

    Raises:
        ArchiveError: with a one-line Chinese message naming the file.
    """
    kind = limits.kind
    if len(data) > limits.max_file_bytes:
        raise FileTooLargeError(_too_large(name, len(data), limits.max_file_bytes, kind))
    if data.startswith(_OLE_MAGIC):
        raise ArchiveError(
            f"文件“{name}”设置了打开密码（已加密）或是旧版 Office 格式（.doc/.xls），"
            "请取消密码并另存为新格式（.docx/.xlsx）后重试"
        )
    if not data.startswith(_ZIP_MAGICS):
        raise ArchiveError(f"文件“{name}”{limits.not_this_kind}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        raise ArchiveError(f"文件“{name}”已损坏，无法作为 {kind} 打开") from err
    with archive:
        members = archive.infolist()
        _check_directory(name, members, limits, len(data))
        names = frozenset(member.filename for member in members)
        missing = [member for member in required if member not in names]
        if missing:
            raise ArchiveError(f"文件“{name}”是 zip 压缩包但不是 {kind}（缺少 {missing[0]}）")
        unpacked = _unpack_all(name, archive, members, limits)
    return CheckedArchive(name, data, hashlib.sha256(data).hexdigest(), names, unpacked)


def _check_directory(
    name: str, members: list[zipfile.ZipInfo], limits: ArchiveLimits, packed: int
) -> None:
    bomb = f"文件“{name}”解压后过大，疑似压缩炸弹，已拒绝读取"
    if len(members) > limits.max_members:
        raise ArchiveError(
            f"文件“{name}”包含 {len(members):,} 个部件（上限 {limits.max_members:,}），"
            "不是正常的 Office 文件，已拒绝读取"
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ArchiveError(f"文件“{name}”的内容被加密，请取消密码后另存再重试")
    declared = sum(member.file_size for member in members)
    declared_xml = sum(m.file_size for m in members if _is_xml(m.filename))
    if declared > limits.max_unpacked_bytes or declared_xml > limits.max_xml_bytes:
        raise ArchiveError(
            f"{bomb}（声明解压后 {declared / _MIB:,.0f} MB，上限 "
            f"{limits.max_unpacked_bytes / _MIB:,.0f} MB）"
        )
    for member in members:
        if member.file_size > limits.ratio_floor_bytes and (
            member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            raise ArchiveError(
                f"{bomb}（{member.filename} 压缩比 "
                f"{member.file_size / max(member.compress_size, 1):,.0f} : 1）"
            )
    if declared > limits.ratio_floor_bytes and declared > limits.max_ratio * packed:
        raise ArchiveError(f"{bomb}（整体压缩比 {declared / packed:,.0f} : 1）")


def _unpack_all(
    name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: ArchiveLimits
) -> int:
    total = xml_total = 0
    for member in members:
        if member.is_dir():
            continue
        xml = _is_xml(member.filename)
        tail = b""
        count = 0
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    count += len(chunk)
                    total += len(chunk)
                    xml_total += len(chunk) if xml else 0
                    if (
                        total > limits.max_unpacked_bytes
                        or xml_total > limits.max_xml_bytes
                        or count > member.file_size
                        or (
                            count > limits.ratio_floor_bytes
                            and count > limits.max_ratio * max(member.compress_size, 1)
                        )
                    ):
                        raise ArchiveError(f"文件“{name}”解压后过大，疑似压缩炸弹，已拒绝读取")
                    if xml:
                        window = tail + chunk
                        if any(marker in window for marker in _DTD_MARKERS):
                            raise ArchiveError(
                                f"文件“{name}”含有不安全的 XML 内容（DTD/实体定义，"
                                f"{member.filename}），已拒绝读取"
                            )
                        tail = window[-32:]
        except ArchiveError:
            raise
        except NotImplementedError as err:
            raise ArchiveError(
                f"文件“{name}”使用了不支持的压缩方式（{member.filename}），请重新保存后重试"
            ) from err
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as err:
            # zipfile stops at the declared size and then fails the CRC check: a member whose
            # header understates its size ends here, after at most the declared bytes.
            raise ArchiveError(
                f"文件“{name}”已损坏（{member.filename} 无法解压），请重新保存后重试"
            ) from err
    return total


def _is_xml(filename: str) -> bool:
    return filename.lower().endswith(_XML_SUFFIXES)


def _too_large(name: str, size: int, limit: int, what: str) -> str:
    return f"{what}过大（{size / _MIB:,.1f} MB，上限 {limit / _MIB:,.0f} MB）：{name}"
