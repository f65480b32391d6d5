"""The PDF 督查通报: content read back from the file, embedded fonts, odd inputs, safe writing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from supervisor.domain import TaskStatus
from supervisor.reports.bulletin import (
    MAX_NAMED_TASKS,
    BulletinResult,
    write_bulletin,
)
from supervisor.reports.bulletin_content import task_name
from supervisor.reports.data import BulletinData, TaskRow
from supervisor.reports.errors import ReportCancelled, ReportWriteError
from supervisor.reports.fonts import REPLACEMENT_CHAR, load_font_set
from supervisor.reports.linebreak import NO_LINE_END, NO_LINE_START

TaskFactory = Callable[..., list[TaskRow]]
BulletinBuilder = Callable[..., BulletinData]


def squeeze(text: str) -> str:
    """Text without whitespace: wrapped lines and justification spacing vanish."""
    return re.sub(r"\s+", "", text)


def is_subsequence(needle: str, haystack: str) -> bool:
    """Whether the characters of ``needle`` occur in ``haystack`` in order."""
    remaining = iter(haystack)
    return all(char in remaining for char in needle)


def pdf_text(path: Path, pages: slice = slice(None)) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages[pages])


def unembedded_fonts(path: Path) -> list[str]:
    """Names of fonts not embedded, from pdffonts if installed, else from the PDF objects."""
    if shutil.which("pdffonts"):
        output = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
        rows = output.splitlines()[2:]
        assert rows, "no fonts at all"
        # Columns: name type encoding emb sub uni object-id; name and type may contain spaces.
        return [row.split()[0] for row in rows if row.split()[-5] != "yes"]
    missing = []
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty output folder (tmp_path also holds the app's data folder)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def written(tmp_path: Path, bulletin_data: BulletinData) -> tuple[BulletinResult, str]:
    result = write_bulletin(bulletin_data, tmp_path / "通报.pdf")
    return result, squeeze(pdf_text(result.path))


def test_masthead_title_and_period_are_in_the_pdf(
    written: tuple[BulletinResult, str], bulletin_data: BulletinData
) -> None:
    _result, text = written
    header = bulletin_data.header
    assert "政务督查" in text
    assert f"第{header.issue_number}期" in text
    assert header.office_name in text
    assert "2020年3月20日" in text
    assert squeeze(header.period_label) in text


def test_overall_counts_and_shares_match_the_data(
    written: tuple[BulletinResult, str], bulletin_data: BulletinData
) -> None:
    _result, text = written
    total = sum(sc.count for sc in bulletin_data.status_counts)
    assert f"共{total}项" in text
    on_track = next(sc for sc in bulletin_data.status_counts if sc.status is TaskStatus.ON_TRACK)
    assert f"达到序时进度{on_track.count}项、占比{on_track.share * 100:.1f}%" in text
    for sc in bulletin_data.status_counts:
        assert f"{sc.count}项、占比{sc.share * 100:.1f}%" in text


def test_lagging_and_overdue_tasks_are_named_with_lead_department_and_urgings(
    written: tuple[BulletinResult, str], bulletin_data: BulletinData
) -> None:
    _result, text = written
    lagging = [
        t for t in bulletin_data.tasks if t.status in (TaskStatus.BEHIND, TaskStatus.OVERDUE)
    ]
    assert lagging
    for task in lagging:
        # A table grouped by lead unit: the unit, the task, its status and urgings.
        assert squeeze(task_name(task)) in text
        assert squeeze(task.lead_department) in text
        if task.urging_count:
            assert f"催办{task.urging_count}次" in text


def test_units_that_did_not_report_and_ranking_are_listed(
    written: tuple[BulletinResult, str], bulletin_data: BulletinData
) -> None:
    _result, text = written
    assert bulletin_data.not_reported_departments
    for name in bulletin_data.not_reported_departments:
        assert name in text
    for score in bulletin_data.departments:
        assert score.department in text
        assert f"{score.score:.1f}" in text
    assert "各单位推进情况" in text


def test_areas_requirements_charts_and_annexes_are_present(
    written: tuple[BulletinResult, str], bulletin_data: BulletinData
) -> None:
    _result, text = written
    assert "下步工作要求" in text
    assert "倒排工期、挂图作战" in text
    for heading in (
        "图1",
        "图2",
        "附件1",
        "滞后任务清单",
        "附件2",
        "未报送进展任务清单",
        "附件3",
        "按序时推进任务清单",
        "附件4",
        "主要指标完成情况",
    ):
        assert heading in text
    for task in bulletin_data.tasks:
        assert squeeze(task.title) in text


def test_page_numbers_follow_gb9704(written: tuple[BulletinResult, str]) -> None:
    result, _text = written
    reader = PdfReader(result.path)
    assert len(reader.pages) == result.page_count > 2
    for number, page in enumerate(reader.pages, start=1):
        assert f"— {number} —" in page.extract_text()
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_every_font_is_embedded(written: tuple[BulletinResult, str]) -> None:
    result, _text = written
    assert unembedded_fonts(result.path) == []


def test_body_lines_keep_chinese_line_breaking_rules(
    tmp_path: Path, task_factory: TaskFactory, bulletin_builder: BulletinBuilder
) -> None:
    requirements = (
        "各牵头单位要对照《任务清单》，倒排工期、挂图作战（每周一调度）；"
        "对“欠序时”任务，督查室将发出黄色督办单！确保按期完成。" * 6
    )
    data = bulletin_builder(task_factory(3), requirements=requirements)
    result = write_bulletin(data, tmp_path / "rules.pdf")
    lines = [
        line.strip()
        for line in pdf_text(result.path).splitlines()
        if line.strip() and not line.strip().startswith("—")
    ]
    assert len(lines) > 20
    for previous, line in itertools.pairwise(lines):
        assert line[0] not in NO_LINE_START, (previous, line)
    for line in lines:
        assert line[-1] not in NO_LINE_END, line


def test_a_2000_character_task_flows_over_pages(
    tmp_path: Path, task_factory: TaskFactory, bulletin_builder: BulletinBuilder
) -> None:
    tasks = task_factory(6)
    long_text = ("推进重点项目建设，完成投资128亿元（含“双创”项目）；" * 90)[:2000]
    tasks[5] = dataclasses.replace(tasks[5], title="超长任务", text=long_text)
    data = bulletin_builder(tasks)
    result = write_bulletin(data, tmp_path / "long.pdf")
    text = squeeze(pdf_text(result.path))
    # The cell spans pages, so page numbers and the repeated header interleave with it.
    assert is_subsequence(squeeze(long_text), text)
    assert unembedded_fonts(result.path) == []


def test_an_empty_plan_gives_a_valid_pdf(tmp_path: Path, empty_bulletin_data: BulletinData) -> None:
    result = write_bulletin(empty_bulletin_data, tmp_path / "empty.pdf")
    text = squeeze(pdf_text(result.path))
    assert "尚无纳入督查的重点任务" in text
    assert "本期无滞后任务" in text
    assert result.page_count == len(PdfReader(result.path).pages) >= 1
    assert unembedded_fonts(result.path) == []


def test_5000_tasks_give_a_valid_pdf(
    tmp_path: Path, task_factory: TaskFactory, bulletin_builder: BulletinBuilder
) -> None:
    data = bulletin_builder(task_factory(5000))
    result = write_bulletin(data, tmp_path / "big.pdf")
    reader = PdfReader(result.path)
    assert len(reader.pages) == result.page_count > 100
    last_annex_task = [t for t in data.tasks if t.status is TaskStatus.ON_TRACK][-1]
    # Annex 3 (按序时推进) ends before annex 4 (主要指标) begins.
    text = squeeze(pdf_text(result.path))
    assert squeeze(last_annex_task.title) in text[: text.index("附件4主要指标完成情况")]
    body = squeeze(pdf_text(result.path, slice(0, 12)))
    lagging = sum(t.status in (TaskStatus.BEHIND, TaskStatus.OVERDUE) for t in data.tasks)
    assert f"其余{lagging - MAX_NAMED_TASKS}项详见附件1" in body


@pytest.mark.parametrize("rare", ["犇", "𠀀"])
def test_a_rare_character_is_drawn_or_visibly_replaced_never_dropped(
    tmp_path: Path, rare: str, task_factory: TaskFactory, bulletin_builder: BulletinBuilder
) -> None:
    tasks = task_factory(4)
    tasks[0] = dataclasses.replace(
        tasks[0], title=f"{rare}牛村道路改造", lead_department=f"{rare}镇人民政府"
    )
    data = bulletin_builder(tasks)
    result = write_bulletin(data, tmp_path / "rare.pdf")
    text = squeeze(pdf_text(result.path))
    assert unembedded_fonts(result.path) == []
    assert any(rare in w for w in result.warnings)
    if rare in result.replaced_characters:
        assert f"{REPLACEMENT_CHAR}牛村道路改造" in text
    else:
        assert f"{rare}牛村道路改造" in text


def test_without_system_fallback_rare_characters_become_boxes(
    tmp_path: Path, task_factory: TaskFactory, bulletin_builder: BulletinBuilder
) -> None:
    tasks = task_factory(4)
    tasks[0] = dataclasses.replace(tasks[0], title="犇𠀀村道路改造")
    fonts = load_font_set(use_system_fallback=False)
    result = write_bulletin(bulletin_builder(tasks), tmp_path / "box.pdf", fonts=fonts)
    assert set(result.replaced_characters) == {"犇", "𠀀"}
    assert f"{REPLACEMENT_CHAR * 2}村道路改造" in squeeze(pdf_text(result.path))


def test_as_of_a_past_date_is_stated(tmp_path: Path, bulletin_data: BulletinData) -> None:
    past = dataclasses.replace(
        bulletin_data,
        header=dataclasses.replace(bulletin_data.header, as_of=dt.date(2019, 11, 30)),
    )
    result = write_bulletin(past, tmp_path / "past.pdf")
    assert "截至2019年11月30日" in squeeze(pdf_text(result.path))


def test_department_report_lists_its_own_tasks(tmp_path: Path, bulletin_data: BulletinData) -> None:
    department = bulletin_data.tasks[0].lead_department
    result = write_bulletin(bulletin_data, tmp_path / "dept.pdf", department=department)
    text = squeeze(pdf_text(result.path))
    assert f"关于{department}重点任务推进情况的通报" in text
    lead = [t for t in bulletin_data.tasks if t.lead_department == department]
    assert f"牵头任务{len(lead)}项" in text
    for task in lead:
        assert squeeze(task.title) in text
    others = [
        t
        for t in bulletin_data.tasks
        if t.lead_department != department and department not in t.co_departments
    ]
    assert others
    assert all(squeeze(t.title) not in text for t in others)
    score = next(s for s in bulletin_data.departments if s.department == department)
    assert f"排名第{score.rank}位" in text
    assert unembedded_fonts(result.path) == []


def test_progress_is_reported_and_ends_complete(
    tmp_path: Path, bulletin_factory: Callable[..., BulletinData]
) -> None:
    calls: list[tuple[int, int]] = []
    write_bulletin(
        bulletin_factory(120), tmp_path / "p.pdf", progress=lambda d, t: calls.append((d, t))
    )
    assert len(calls) > 3
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert calls[-1][0] == calls[-1][1]


def test_cancel_writes_nothing(out: Path, bulletin_data: BulletinData) -> None:
    cancel = threading.Event()
    cancel.set()
    target = out / "cancelled.pdf"
    with pytest.raises(ReportCancelled):
        write_bulletin(bulletin_data, target, cancel=cancel)
    assert list(out.iterdir()) == []


def test_cancel_during_drawing_leaves_old_file_untouched(
    out: Path, bulletin_factory: Callable[..., BulletinData]
) -> None:
    target = out / "old.pdf"
    target.write_bytes(b"old")
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done > total // 2:  # cancel once the pages are being drawn
            cancel.set()

    with pytest.raises(ReportCancelled):
        write_bulletin(bulletin_factory(300), target, progress=progress, cancel=cancel)
    assert target.read_bytes() == b"old"
    assert [p.name for p in out.iterdir()] == ["old.pdf"]


def test_target_that_is_a_folder_raises_a_chinese_error(
    tmp_path: Path, bulletin_data: BulletinData
) -> None:
    folder = tmp_path / "通报.pdf"
    folder.mkdir()
    with pytest.raises(ReportWriteError, match="文件夹"):
        write_bulletin(bulletin_data, folder)
    assert list(folder.iterdir()) == []


def test_missing_parent_folder_raises_a_chinese_error(
    tmp_path: Path, bulletin_data: BulletinData
) -> None:
    with pytest.raises(ReportWriteError, match="不存在"):
        write_bulletin(bulletin_data, tmp_path / "无此目录" / "通报.pdf")


def test_target_locked_by_another_program_keeps_old_file(
    out: Path, bulletin_data: BulletinData, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = out / "通报.pdf"
    target.write_bytes(b"old bulletin")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReportWriteError, match="其他程序"):
        write_bulletin(bulletin_data, target)
    assert target.read_bytes() == b"old bulletin"
    assert [p.name for p in out.iterdir()] == ["通报.pdf"]


def test_rewriting_replaces_the_old_file(out: Path, bulletin_data: BulletinData) -> None:
    target = out / "通报.pdf"
    target.write_bytes(b"old")
    write_bulletin(bulletin_data, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == ["通报.pdf"]
