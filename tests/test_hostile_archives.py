"""Zip bombs and other hostile archives: refused through the guarded reader, in bounded memory."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from supervisor import cli
from supervisor.archives import (
    DOCX_LIMITS,
    XLSX_LIMITS,
    ArchiveError,
    ArchiveLimits,
    read_archive,
)
from supervisor.errors import InputFileError
from supervisor.extract.source import MAX_REPORT_CHARS, read_report_file
from supervisor.services.database import open_database

REPO = Path(__file__).resolve().parent.parent
PEAK_LIMIT_KB = 200 * 1024
# ≈1 GB of one repeated byte packs into ≈1 MB: the shape of the bombs in the issue.
BOMB_BYTES = 1024 * 1024 * 1024
_CHUNK = b"\0" * (8 * 1024 * 1024)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
DOCX_PARTS = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": "<Relationships/>"}
XLSX_PARTS = {**DOCX_PARTS, "xl/workbook.xml": "<workbook/>"}


def write_bomb(path: Path, parts: dict[str, str], member: str, size: int = BOMB_BYTES) -> Path:
    """A zip with small real parts and one member of ``size`` zero bytes, streamed to disk."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open(member, "w") as stream:
            left = size
            while left:
                piece = _CHUNK[: min(left, len(_CHUNK))]
                stream.write(piece)
                left -= len(piece)
    return path


def understate_size(path: Path, member: str, declared: int) -> None:
    """Rewrite ``member``'s unpacked size in both zip headers, as a hostile tool would."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 46)
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each kind of bomb, written once for the module (nothing large is committed)."""
    folder = tmp_path_factory.mktemp("bombs")
    docx = write_bomb(folder / "bomb.docx", DOCX_PARTS, "word/document.xml")
    xlsx = write_bomb(folder / "bomb.xlsx", XLSX_PARTS, "xl/worksheets/sheet1.xml")
    # The same workbook bytes under a report's name: the suffix must not be what saves us.
    xlsx_as_docx = folder / "xlsx-as-report.docx"
    xlsx_as_docx.write_bytes(xlsx.read_bytes())
    # Headers that lie: the member claims 8 MB (a harmless ratio), but unpacks to 1 GB.
    liar = folder / "liar.docx"
    liar.write_bytes(docx.read_bytes())
    understate_size(liar, "word/document.xml", 8 * 1024 * 1024)
    return {"docx": docx, "xlsx": xlsx, "xlsx-as-report": xlsx_as_docx, "liar": liar}


def test_bombs_are_about_one_megabyte(bombs: dict[str, Path]) -> None:
    for path in bombs.values():
        assert 0.5e6 < path.stat().st_size < 2e6, path


_MEASURE = """
import resource, sys
from supervisor.cli import main
code = main(sys.argv[1:])
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def _run_measured(*argv: str, tmp_path: Path) -> tuple[int, str, str, int]:
    env = {**os.environ, "SUPERVISOR_DATA_DIR": str(tmp_path)}
    # Linux keeps a process's peak RSS across fork and exec, so a child of this (large) test
    # process would report the test process's peak; a grandchild started from a small
    # launcher reports only its own.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _LAUNCHER,
            sys.executable,
            "-c",
            _MEASURE,
            "--db",
            str(tmp_path / "office.sqlite"),
            *argv,
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=600,
        check=False,
    )
    lines = result.stderr.strip().splitlines()
    peak = int(lines[-1].split()[-1])
    return result.returncode, result.stdout, "\n".join(lines[:-1]), peak


@pytest.mark.parametrize(
    ("kind", "command", "message"),
    [
        ("docx", "import-report", "压缩炸弹"),
        ("liar", "import-report", "已损坏"),
        ("xlsx-as-report", "import-report", "压缩炸弹"),
        ("xlsx", "import-report", "Excel 工作簿，不是报告"),
        ("xlsx", "fillin import", "压缩炸弹"),
    ],
)
def test_a_bomb_is_refused_in_bounded_memory(
    bombs: dict[str, Path],
    tmp_path: Path,
    seed_report: Path,
    kind: str,
    command: str,
    message: str,
) -> None:
    open_database(str(tmp_path / "office.sqlite")).close()
    if command == "fillin import":
        # A returned workbook is read only once there is a plan to return it for.
        assert (
            cli.main(["--db", str(tmp_path / "office.sqlite"), "import-report", str(seed_report)])
            == 0
        )
    argv = [*command.split(), str(bombs[kind])]
    code, out, err, peak_kb = _run_measured(*argv, tmp_path=tmp_path)
    assert code == 1, err
    assert message in out + err
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1, err
    print(f"peak {peak_kb / 1024:.0f} MB for {kind} via {command}")
    assert peak_kb < PEAK_LIMIT_KB, f"peak {peak_kb / 1024:.0f} MB for {kind}"


@pytest.mark.parametrize("kind", ["docx", "xlsx", "xlsx-as-report", "liar"])
def test_the_guarded_reader_refuses_every_bomb(bombs: dict[str, Path], kind: str) -> None:
    limits = XLSX_LIMITS if kind == "xlsx" else DOCX_LIMITS
    with pytest.raises(ArchiveError, match=r"压缩炸弹|已损坏"):
        read_archive(bombs[kind], limits)


def test_a_lying_directory_is_caught_while_unpacking(tmp_path: Path) -> None:
    # 3 MB of zeros declared as 3 MB (ratio ≈ 1000 : 1 refused from the directory) …
    path = write_bomb(tmp_path / "a.docx", DOCX_PARTS, "word/document.xml", 3 * 1024 * 1024)
    with pytest.raises(ArchiveError, match="压缩比"):
        read_archive(path, DOCX_LIMITS)
    # … and declared as 1 KB: the directory looks harmless, the unpacking stops at 1 KB.
    understate_size(path, "word/document.xml", 1024)
    with pytest.raises(ArchiveError, match="已损坏"):
        read_archive(path, DOCX_LIMITS)


def test_member_count_and_xml_size_limits(tmp_path: Path) -> None:
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as archive:
        for index in range(30):
            archive.writestr(f"word/media/{index}.bin", b"x")
    small = ArchiveLimits(
        kind="Word 文档",
        not_this_kind="不是 Word 文档",
        max_file_bytes=10**6,
        max_unpacked_bytes=10**6,
        max_xml_bytes=100,
    )
    with pytest.raises(ArchiveError, match="30 个部件"):
        read_archive(many, ArchiveLimits(**{**_fields(small), "max_members": 10}))
    xml = tmp_path / "xml.docx"
    with zipfile.ZipFile(xml, "w") as archive:
        archive.writestr("word/document.xml", "<w>" + "字" * 200 + "</w>")
    with pytest.raises(ArchiveError, match="解压后过大"):
        read_archive(xml, small)


def _fields(limits: ArchiveLimits) -> dict[str, object]:
    return {name: getattr(limits, name) for name in limits.__slots__}


def test_a_dtd_split_across_chunks_is_found(tmp_path: Path) -> None:
    path = tmp_path / "dtd.docx"
    # The marker straddles the 64 KB boundary of the unpacking loop.
    body = " " * (64 * 1024 - 4) + '<!DOCTYPE x [<!ENTITY a "b">]><w/>'
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", body)
    with pytest.raises(InputFileError, match="不安全的 XML"):
        read_report_file(path)


def test_a_real_docx_still_reads(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("2024年某市政府工作报告")
    document.add_paragraph("一、2024年重点工作")
    path = tmp_path / "report.docx"
    document.save(str(path))
    assert read_report_file(path).text.startswith("2024年某市政府工作报告")


def test_an_over_long_report_is_refused_before_extraction(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(
        "2024年政府工作报告\n" + "推进重点项目建设。\n" * (MAX_REPORT_CHARS // 9), "utf-8"
    )
    with pytest.raises(InputFileError, match="报告过长"):
        read_report_file(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX things")
def test_fifo_and_device_are_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError, match="不是普通文件"):
        read_report_file(fifo)
    with pytest.raises(InputFileError, match="不是普通文件"):
        read_report_file("/dev/zero")
