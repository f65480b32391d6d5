"""Reading report files: encodings, HTML entities, .docx, and every kind of bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from supervisor.errors import InputFileError
from supervisor.extract.source import read_report_file

REPORT = (
    "2023年某市政府工作报告\n二、2023年重点工作\n城镇新增就业1.2万人以上，R&D经费投入增长10%。\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b""), ("utf-16", b"")],
)
def test_common_encodings_give_the_same_text(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(prefix + REPORT.encode(encoding))
    assert read_report_file(path).text == REPORT


def test_windows_line_ends_and_html_entities_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("加大R&amp;D投入&#x3001;建设&lt;智慧城市&gt;\r\n第二行\r\n".encode())
    assert read_report_file(path).text == "加大R&D投入、建设<智慧城市>\n第二行\n"


def test_the_shipped_seed_decodes_its_entities(seed_report: Path) -> None:
    text = read_report_file(seed_report).text
    assert "R&D" in text
    assert "&amp;" not in text
    assert text.startswith("2020年石嘴山市政府工作报告")


def test_same_bytes_same_hash_different_bytes_different_hash(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text(REPORT, encoding="utf-8")
    b.write_text(REPORT, encoding="utf-8")
    c.write_text(REPORT + "补充", encoding="utf-8")
    assert read_report_file(a).sha256 == read_report_file(b).sha256
    assert read_report_file(a).sha256 != read_report_file(c).sha256


def test_docx_is_read_paragraph_by_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    for line in REPORT.strip().split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(str(path))
    source = read_report_file(path)
    assert source.text == REPORT.strip()
    assert source.encoding == "docx"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "是空文件"),
        ("blank.txt", b"  \r\n\n  ", "没有文字"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文本文件"),
        ("latin.txt", bytes(range(0x80, 0x100)) * 4, "无法识别文件编码"),
        ("broken-bom.txt", b"\xef\xbb\xbf\xff\xfe\xfd", "编码损坏"),
        ("fake.docx", b"this is not a zip", "不是有效的 Word 文档"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为 .docx"),
        ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为 .docx"),
        ("report.pdf", b"%PDF-1.4\n", "PDF 文件已损坏"),
        ("fake.pdf", b"just text, no pdf", "不是有效的 PDF"),
    ],
)
def test_bad_input_gets_a_clear_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        read_report_file(path)


def test_zip_without_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(InputFileError, match="Word"):
        read_report_file(path)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="找不到文件"):
        read_report_file(tmp_path / "missing.txt")
    with pytest.raises(InputFileError, match="找不到文件"):
        read_report_file(tmp_path)


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("supervisor.extract.source.MAX_REPORT_BYTES", 1024)
    path = tmp_path / "huge.txt"
    path.write_text("重点工作" * 1000, encoding="utf-8")
    with pytest.raises(InputFileError, match="文件过大"):
        read_report_file(path)
