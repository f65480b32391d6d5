"""A report saved as PDF (text layer) imports like .txt: wraps and page numbers undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from supervisor.errors import InputFileError
from supervisor.extract import extract_report
from supervisor.extract.pdf_source import join_wrapped_lines
from supervisor.extract.source import read_report_file

_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "SupervisorHei-Regular.ttf"
_REPORT = [
    "2024年某区人民政府工作报告",
    "一、2023年工作回顾",
    "过去一年，全区新建学校2所。",
    "二、2024年重点工作",
    "（一）扎实推进项目建设。全年实施120个年度重点项目，完成固定资产投资85亿元。",
    "（二）持续改善民生。新建社区养老服务中心6个，城镇新增就业5000人以上。",
]
_CHARS_PER_LINE = 22


def _write_pdf(path: Path, paragraphs: list[str], *, text_layer: bool = True) -> None:
    pdfmetrics.registerFont(TTFont("ReportHei", str(_FONT)))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y, page = 800, 1
    for paragraph in paragraphs:
        # Printed as a report is: wrapped at a fixed width, mid-sentence.
        for start in range(0, len(paragraph), _CHARS_PER_LINE):
            if y < 120:
                pdf.setFont("ReportHei", 10)
                pdf.drawCentredString(300, 60, f"— {page} —")
                pdf.showPage()
                y, page = 800, page + 1
            if text_layer:
                pdf.setFont("ReportHei", 14)
                pdf.drawString(60, y, paragraph[start : start + _CHARS_PER_LINE])
            else:
                pdf.rect(60, y, 300, 10, fill=1)  # a scan has pictures, not text
            y -= 150
    pdf.setFont("ReportHei", 10)
    pdf.drawCentredString(300, 60, f"— {page} —")
    pdf.save()


def test_a_pdf_report_reads_as_its_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "报告.pdf"
    _write_pdf(path, _REPORT)
    source = read_report_file(path)
    assert source.encoding == "pdf"
    assert source.text.split("\n") == _REPORT  # wraps joined, page numbers gone


def test_a_pdf_report_extracts_like_the_text(tmp_path: Path) -> None:
    path = tmp_path / "报告.pdf"
    _write_pdf(path, _REPORT)
    from_pdf = extract_report(read_report_file(path).text)
    from_text = extract_report("\n".join(_REPORT))
    assert from_pdf == from_text
    found = [(i.name, i.value, i.unit) for t in from_pdf.tasks for i in t.indicators]
    assert ("年度重点项目", 120, "个") in found
    assert ("城镇新增就业", 5000, "人") in found


def test_a_scanned_pdf_says_it_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    _write_pdf(path, _REPORT, text_layer=False)
    with pytest.raises(InputFileError, match="扫描件"):
        read_report_file(path)


def test_a_damaged_pdf_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "报告.pdf"
    _write_pdf(path, _REPORT)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputFileError, match="PDF"):
        read_report_file(path)


def test_join_keeps_headings_and_sentence_ends_apart() -> None:
    lines = [
        "二、2024年重点工作",
        "（一）扎实推进项目建设，全年实施重点项目",
        "120个。",
        "- 3 -",
        "（二）持续改善民生，全年新建社区养老服",
        "务中心6个，新增就业5000人以上，确保零",
        "就业家庭动态清零。",
        "（三）附件",
    ]
    assert join_wrapped_lines(lines).split("\n") == [
        "二、2024年重点工作",
        "（一）扎实推进项目建设，全年实施重点项目120个。",
        "（二）持续改善民生，全年新建社区养老服务中心6个，新增就业5000人以上，确保零就业家庭动态清零。",
        "（三）附件",
    ]


def test_a_pdf_whose_stream_unpacks_to_a_flood_is_refused(tmp_path: Path) -> None:
    import zlib

    # ≈80 KB on disk, 84 MB unpacked: pypdf stops at its output limit (75 MB) and yields no
    # text, so the file is refused with a line instead of filling memory.
    stream = zlib.compress(b"0 0 m " * 14_000_000, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path = tmp_path / "flood.pdf"
    path.write_bytes(body)
    with pytest.raises(InputFileError, match="PDF"):
        read_report_file(path)


def test_a_pdf_longer_than_any_report_is_refused(tmp_path: Path) -> None:
    from supervisor.extract.pdf_source import pdf_text

    path = tmp_path / "报告.pdf"
    _write_pdf(path, _REPORT)
    with pytest.raises(InputFileError, match="报告过长"):
        pdf_text(path.name, path.read_bytes(), max_chars=50)


def test_an_indented_printout_joins_a_full_line_that_ends_a_sentence() -> None:
    # Layout text as pypdf gives it: a margin, and each paragraph's first line two more in.
    width = "这是一个用来占满整行的句子内容啊"  # 16 characters, a full printed line
    lines = [
        "     大力推动工业提质增效。" + width[:3],
        "   " + width[:15] + "。",  # full, ends a sentence, but the paragraph goes on
        "   " + width[:10] + "。",
        "     第二段从这里开始，" + width[:5],
        "   " + width[:6] + "。",
    ]
    text = join_wrapped_lines(lines)
    assert text.splitlines() == [
        "大力推动工业提质增效。" + width[:3] + width[:15] + "。" + width[:10] + "。",
        "第二段从这里开始，" + width[:5] + width[:6] + "。",
    ]


def test_a_printout_without_indents_still_ends_a_paragraph_at_a_short_line() -> None:
    lines = [
        "第一段的文字写满了一整行的宽度内容",
        "最后一行。",
        "第二段的文字写满了一整行的宽度内容",
        "完。",
    ]
    assert join_wrapped_lines(lines).splitlines() == [
        "第一段的文字写满了一整行的宽度内容最后一行。",
        "第二段的文字写满了一整行的宽度内容完。",
    ]
