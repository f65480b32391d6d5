"""Extraction: cases a mutation run found unchecked (the contract's value_max and parents, the
outline's indent, unit lists and notes, department rows and tables, a workbook named .docx, a plain
paragraph after the main targets, a .docx over the text file limit, a PDF of too many pages)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from supervisor.archives import DOCX_LIMITS
from supervisor.domain import Comparator
from supervisor.errors import InputFileError
from supervisor.extract import extract_report
from supervisor.extract.contract import format_indicator, format_outline, to_contract_dict
from supervisor.extract.departments import load_department_table, parse_department_rows
from supervisor.extract.indicators import extract_indicators
from supervisor.extract.model import (
    DepartmentSuggestion,
    ExtractedIndicator,
    ExtractedReport,
    ExtractedTask,
    ExtractionError,
    TaskKind,
)
from supervisor.extract.naming import _postfix, split_names
from supervisor.extract.pdf_source import MAX_PDF_PAGES, pdf_text
from supervisor.extract.source import (
    MAX_REPORT_BYTES,
    MAX_REPORT_CHARS,
    check_report_length,
    read_report_file,
    text_fingerprint,
)

GDP = ExtractedIndicator("地区生产总值增长", 6.5, 7.0, "%", Comparator.RANGE, "增长6.5%—7%")
JOBS = ExtractedIndicator("城镇新增就业", 1.0, None, "万人", Comparator.GE, "新增就业1万人以上")


def _task(code: str, level: int, departments=(), indicators=()) -> ExtractedTask:
    return ExtractedTask(
        code=code,
        parent=code.rsplit(".", 1)[0] if "." in code else None,
        title=f"任务{code}",
        text=f"任务{code}的原文",
        deadline=dt.date(2020, 12, 31),
        departments=tuple(departments),
        indicators=tuple(indicators),
        level=level,
        kind=TaskKind.ITEM if level > 1 else TaskKind.SECTION,
    )


REPORT = ExtractedReport(
    "政府工作报告",
    2020,
    (
        _task("1", 1),
        _task(
            "1.1",
            2,
            [
                DepartmentSuggestion("市发展改革委", "lead", "项目"),
                DepartmentSuggestion("市财政局", "lead", ""),
                DepartmentSuggestion("市统计局", "co", "统计"),
            ],
            [GDP, JOBS],
        ),
        _task("1.1.1", 3),
    ),
)


def test_the_contract_keeps_a_ranges_upper_bound() -> None:
    data = to_contract_dict(REPORT)
    gdp, jobs = data["tasks"][1]["indicators"]
    assert (gdp["value"], gdp["value_max"], gdp["comparator"]) == (6.5, 7, "range")
    assert (jobs["value"], jobs["value_max"], jobs["unit"]) == (1, None, "万人")
    assert "baseline" not in jobs


def test_the_outline_indents_by_level_and_lists_every_unit() -> None:
    lines = format_outline(REPORT).splitlines()
    assert lines[:3] == [
        "政府工作报告（2020年）",
        "共 3 项任务",
        "1 任务1  [牵头：—；时限：2020-12-31]",
    ]
    assert lines[3] == (
        "  1.1 任务1.1  [牵头：市发展改革委〔项目〕、市财政局；配合：市统计局〔统计〕；"
        "时限：2020-12-31]"
    )
    assert lines[4].startswith("      · 地区生产总值增长")
    assert lines[-1] == "    1.1.1 任务1.1.1  [牵头：—；时限：2020-12-31]"


def test_a_short_department_row_leaves_the_missing_cells_empty() -> None:
    short, full = parse_department_rows(
        ["名称", "关键词", "简称"], [("市教育局", "教育"), ("市财政局", "财政", "财政局")]
    )
    assert (short.name, short.short_name, short.keywords) == ("市教育局", "市教育局", ("教育",))
    assert (full.name, full.short_name, full.keywords) == ("市财政局", "财政局", ("财政",))


def test_an_empty_department_workbook_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "部门表.xlsx"
    Workbook().save(path)
    with pytest.raises(ExtractionError, match="部门表缺少“单位名称”"):
        load_department_table(path)


def test_a_workbook_named_docx_is_sent_to_the_right_import(tmp_path: Path) -> None:
    path = tmp_path / "报告.docx"
    Workbook().save(path)
    with pytest.raises(InputFileError, match=r"“报告\.docx”是 Excel 工作簿，不是报告文档"):
        read_report_file(path)


def test_a_report_text_over_the_limit_is_refused_by_name() -> None:
    check_report_length("字" * MAX_REPORT_CHARS, "a.txt")  # at the limit: fine
    with pytest.raises(
        InputFileError,
        match=f"^报告过长（{MAX_REPORT_CHARS + 1:,} 个字符，上限 {MAX_REPORT_CHARS:,}），"
        "请确认选择的是政府工作报告：a.txt$",
    ):
        check_report_length("字" * (MAX_REPORT_CHARS + 1), "a.txt")


def test_the_fingerprint_is_of_the_text_with_spacing_normalised() -> None:
    canonical = "第一行 甲\n第二行"
    expected = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert text_fingerprint("  第一行   甲 \r\n\r\n第二行\n") == expected
    assert text_fingerprint("第一行甲\n第二行") != expected


def test_a_plain_paragraph_after_the_targets_is_a_task_not_a_target() -> None:
    # Only dash bullets (——, -, ·, •) and numbered lines continue a 主要预期目标 list; a plain
    # paragraph ends it and is a commitment of its own.
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n主要预期目标是：\n"
        "——地区生产总值增长6%左右。\n"
        "新建高标准农田2万亩。\n"
    )
    tasks = {t.code: t for t in extract_report(text).tasks}
    assert sorted(tasks) == ["2", "2.0", "2.1"]
    assert [i.value for i in tasks["2.0"].indicators] == [6]
    assert tasks["2.1"].text == "新建高标准农田2万亩。"
    assert [i.value for i in tasks["2.1"].indicators] == [2]


def test_a_docx_over_the_text_file_limit_is_read(tmp_path: Path) -> None:
    # A .docx may carry pictures: its size limit is the archive's, not the text file's.
    import docx

    path = tmp_path / "报告.docx"
    document = docx.Document()
    document.add_paragraph("2023年某市政府工作报告")
    document.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as archive:
        # Random bytes do not pack: the file grows past the text limit, the ratio stays 1 : 1.
        archive.writestr("word/media/image1.bin", os.urandom(MAX_REPORT_BYTES + 1024))
    assert MAX_REPORT_BYTES < path.stat().st_size < DOCX_LIMITS.max_file_bytes
    source = read_report_file(path)
    assert (source.encoding, source.text) == ("docx", "2023年某市政府工作报告")
    text_path = tmp_path / "报告.txt"
    text_path.write_bytes(b"a" * (MAX_REPORT_BYTES + 1))
    with pytest.raises(InputFileError):
        read_report_file(text_path)


def test_the_contract_names_each_tasks_parent() -> None:
    data = to_contract_dict(REPORT)
    assert [task["parent"] for task in data["tasks"]] == [None, "1", "1.1"]


def test_an_indicator_without_its_own_lead_has_no_note() -> None:
    lines = format_outline(REPORT).splitlines()
    assert lines[4] == f"      · {format_indicator(GDP)}"
    assert lines[5] == f"      · {format_indicator(JOBS)}"


def test_a_missing_department_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "部门表.xlsx"
    with pytest.raises(ExtractionError, match=f"^找不到部门表：{re.escape(str(path))}$"):
        load_department_table(path)


def test_a_pdf_of_too_many_pages_is_refused_by_name() -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(MAX_PDF_PAGES + 1):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(
        InputFileError,
        match=f"^PDF 页数过多（{MAX_PDF_PAGES + 1} 页，上限 {MAX_PDF_PAGES}），"
        "请确认选择的是政府工作报告：长\\.pdf$",
    ):
        pdf_text("长.pdf", buffer.getvalue())


def test_three_qualified_names_share_the_measure_after_the_last() -> None:
    assert split_names("城市、县城、农村特困人员供养标准", 3) == [
        "城市特困人员供养标准",
        "县城特困人员供养标准",
        "农村特困人员供养标准",
    ]


@pytest.mark.parametrize(
    ("after", "noun"),
    [
        ("乡镇全部通硬化路", "乡镇"),  # a stop word (全部) ends the noun from its third character
        (
            "乡村振兴示范村及美丽乡村提升改造工程示范点项目",
            "乡村振兴示范村及美丽乡村提升改造工程示范",
        ),
        ("735名的贫困户", "贫困户"),  # the 的 after a second quantity is dropped too
        ("与医院3所", ""),  # 新建学校5所与医院3所: a conjunction, not a noun
    ],
)
def test_the_noun_after_a_count(after: str, noun: str) -> None:
    # The text right after a quantity's unit: what a count names (at most 20 characters).
    assert _postfix(after, 0, len(after)) == noun


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人均预期寿命达到78岁。", [("人均预期寿命", 78, "岁", Comparator.EQ)]),
        ("城乡居民收入达到全省平均水平的1.5倍。", [("城乡居民收入", 1.5, "倍", Comparator.GE)]),
        ("3个月内完成整改。", []),  # a duration, not a count
        (
            "农村卫生厕所普及率提高到三分之二以上，",
            [("农村卫生厕所普及率", 66.67, "%", Comparator.GE)],
        ),
        (
            "完成3000平方米仓储库、 200亩大棚建设。",  # the space after 、 as a PDF leaves it
            [("仓储库", 3000, "平方米", Comparator.EQ), ("大棚", 200, "亩", Comparator.EQ)],
        ),
        # A clause opening with a space continues the list of counts of the clause before.
        ("建设一座公园， 一条环路、两条滨河路。", [("滨河路", 2, "条", Comparator.EQ)]),
        # 以上 before a kind of machine sizes the machine: no target of its own.
        ("新增3万千瓦以上机组2台。", [("新增3万千瓦以上机组", 2, "台", Comparator.EQ)]),
    ],
)
def test_ages_multiples_durations_fractions_and_listed_counts(text: str, expected: list) -> None:
    found = [(i.name, i.value, i.unit, i.comparator) for i in extract_indicators(text)]
    assert found == expected


def test_a_plain_paragraph_after_a_lead_phrase_belongs_to_the_heading() -> None:
    # A lead phrase (加快制造业转型。) heads only its own paragraph; a first sentence of more
    # than 24 characters with a comma is a commitment, not a lead phrase.
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n（一）推动产业升级\n"
        "加快制造业转型。实施技改项目60个。\n"
        "全年新建学校5所，改造医院3所，新增床位200张。\n"
        "培育壮大战略性新兴产业，推动数字经济与实体经济融合。新增高新技术企业30家。\n"
    )
    tasks = [
        (t.code, t.parent, [i.value for i in t.indicators]) for t in extract_report(text).tasks
    ]
    assert tasks[2:] == [
        ("2.1.1", "2.1", []),
        ("2.1.1.1", "2.1.1", [60]),
        ("2.1.2", "2.1", [5, 3, 200]),
        ("2.1.3", "2.1", []),
        ("2.1.4", "2.1", [30]),
    ]


def test_a_headings_own_sentences_are_its_targets_before_its_sub_headings() -> None:
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n（一）推动产业升级。新建项目10个。\n"
        "1.推进技改\n实施技改项目60个。\n2.培育企业\n新增高新技术企业30家。\n"
    )
    tasks = [(t.code, t.title, [i.value for i in t.indicators]) for t in extract_report(text).tasks]
    assert tasks[1:4] == [
        ("2.1", "推动产业升级", [10]),
        ("2.1.1", "推进技改", []),
        ("2.1.1.1", "实施技改项目60个", [60]),
    ]


def test_a_closing_appeal_with_a_half_width_mark_is_no_task() -> None:
    text = (
        "2023年某市政府工作报告\n三、加强政府自身建设\n严格依法行政，推进政务公开。\n"
        "压减一般性支出5%。\n让我们团结奋斗，再创佳绩!\n"
    )
    assert [t.code for t in extract_report(text).tasks] == ["3", "3.1", "3.2"]


def test_a_lead_phrase_takes_no_deadline_from_the_sentences_under_it() -> None:
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n（一）推动产业升级\n"
        "加快制造业转型。实施技改项目60个。6月底前出台支持政策。\n"
    )
    tasks = {t.title: t.deadline for t in extract_report(text).tasks}
    assert tasks["加快制造业转型"] == dt.date(2023, 12, 31)
    assert tasks["6月底前出台支持政策"] == dt.date(2023, 6, 30)


def test_a_later_paragraph_under_a_heading_stays_a_task_of_its_own() -> None:
    # Only the heading's own sentences are folded into it; a paragraph after it is a task.
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n（一）推动产业升级。新建项目10个。\n"
        "全年新增规上企业5家，培育专精特新企业3家，新增上市企业1家。\n1.推进技改\n实施技改项目60个。\n"
    )
    tasks = [(t.code, [i.value for i in t.indicators]) for t in extract_report(text).tasks]
    assert tasks[1:4] == [("2.1", [10]), ("2.1.1", [5, 3, 1]), ("2.1.2", [])]


def test_a_from_to_of_several_values_under_one_name_keeps_the_name_and_the_baselines() -> None:
    # One name for two from-to pairs (split_names finds no two names in it): each target
    # takes the name and its own baseline, not the clause cut at the numbers.
    found = extract_indicators("供养标准分别从每人每月900元、700元提高到960元、760元。")
    assert [(i.name, i.value, i.baseline, i.unit) for i in found] == [
        ("供养标准", 960, 900, "元"),
        ("供养标准", 760, 700, "元"),
    ]
