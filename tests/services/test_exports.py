"""Export use cases on the imported seed report: workbooks and PDFs read back, as of any date."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader
from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus
from supervisor.errors import NotFoundError, ValidationError
from supervisor.reports.bulletin import STATUS_PHRASES
from supervisor.reports.errors import ReportCancelled, ReportWriteError
from supervisor.reports.sheet_layout import chinese_number
from supervisor.reports.xlsx_export import (
    ASSIGNMENT_HEADERS,
    PROGRESS_HEADERS,
    SHEET_STATUS_COLOURS,
    URGING_COLOURS,
)
from supervisor.services import (
    assignment,
    departments,
    exports,
    plans,
    progress,
    settings,
    urging,
)
from supervisor.services.statistics import plan_statistics
from supervisor.services.status import task_states

ACTOR = "测试员"
AS_OF = dt.date(2020, 6, 30)  # a Tuesday of 2020-W27 (29 June – 5 July)
LATER = dt.date(2020, 7, 15)
HEADER_ROW = 4
INDUSTRY, DEVELOPMENT, LABOUR = "市工业和信息化局", "市发展改革委", "市人力资源社会保障局"


@dataclass(frozen=True)
class Seeded:
    """The imported seed plan with three assigned leaf tasks and their progress."""

    plan_id: int
    behind: int  # 10 % by 29 June: 欠序时; has an indicator with an actual value
    behind_title: str
    behind_indicator: str
    ahead: int  # 60 % by 29 June: 超序时
    ahead_title: str
    done: int  # 100 % on 30 June: 已完成
    done_title: str
    leaves: int


def squeeze(text: str) -> str:
    """Text without whitespace: wrapped lines and justification spacing vanish."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    """All text of a PDF, squeezed."""
    return squeeze("".join(page.extract_text() for page in PdfReader(path).pages))


def sheet(path: Path) -> Worksheet:
    """The only sheet of an exported workbook."""
    return load_workbook(path).worksheets[0]


def data_rows(ws: Worksheet) -> dict[str, dict[str, object]]:
    """Data rows keyed by their 重点任务 cell's first line, each a header → cell mapping."""
    headers = [cell.value for cell in ws[HEADER_ROW]]
    rows: dict[str, dict[str, object]] = {}
    for cells in ws.iter_rows(min_row=HEADER_ROW + 1):
        if not isinstance(cells[0].value, int):
            continue  # an area line or a heading: no 序号
        row = {header: cell for header, cell in zip(headers, cells, strict=True)}
        rows[str(row["重点任务"].value).split("\n")[0]] = row
    return rows


def areas(ws: Worksheet) -> list[tuple[int, str]]:
    """(row, text) of the area lines: 一、… (共N项…) across the sheet."""
    return [
        (row[0].row, row[0].value)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(row[0].value, str)
    ]


def row_of(rows: dict[str, dict[str, object]], title: str) -> dict[str, object]:
    """The row whose 重点任务 cell is the task's code, then its title."""
    matches = [row for key, row in rows.items() if key.partition(" ")[2].startswith(title)]
    assert len(matches) == 1, f"{title!r} in {len(matches)} rows"
    return matches[0]


def leftovers(folder: Path) -> list[Path]:
    """Files an export may have left behind (outputs and temporary files)."""
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in {".xlsx", ".pdf", ".tmp"}]


def seed_plan(session: Session, report: Path) -> Seeded:
    """Import the report, assign three leaf tasks and record progress in week 27 of 2020."""
    plan = plans.import_report(session, report, actor=ACTOR)
    for name in (INDUSTRY, DEVELOPMENT, LABOUR):
        departments.add_department(session, name, actor=ACTOR)
    leaves = task_states(session, plan.id, as_of=AS_OF, leaves_only=True)
    with_indicator = [s for s in leaves if s.indicators]
    behind = with_indicator[0]
    ahead, done = [s for s in leaves if s.task_id != behind.task_id][:2]
    assignment.assign(
        session,
        [behind.task_id],
        actor=ACTOR,
        lead=INDUSTRY,
        co=[DEVELOPMENT],
        leader="张副市长",
        deadline="2020-12-31",
    )
    assignment.assign(session, [ahead.task_id], actor=ACTOR, lead=DEVELOPMENT)
    assignment.assign(session, [done.task_id], actor=ACTOR, lead=LABOUR)
    indicator = behind.indicators[0]
    progress.add_progress(
        session,
        behind.task_id,
        actor=ACTOR,
        report_date="2020-06-29",
        percent=10,
        actuals={indicator.id: 12},
        progress_text="六月进展：已启动前期工作",
        problems="资金到位慢",
        next_steps="加快审批",
    )
    progress.add_progress(session, ahead.task_id, actor=ACTOR, report_date="2020-06-29", percent=60)
    progress.add_progress(session, done.task_id, actor=ACTOR, report_date="2020-06-30", percent=100)
    session.commit()
    return Seeded(
        plan.id,
        behind.task_id,
        behind.title,
        indicator.name,
        ahead.task_id,
        ahead.title,
        done.task_id,
        done.title,
        len(leaves),
    )


@pytest.fixture
def seeded(session: Session, seed_report: Path) -> Seeded:
    """The seed report imported, three tasks assigned, progress in week 27 of 2020."""
    return seed_plan(session, seed_report)


def _add_later_progress(session: Session, seeded: Seeded) -> None:
    progress.add_progress(
        session,
        seeded.behind,
        actor=ACTOR,
        report_date=LATER,
        percent=90,
        progress_text="七月进展：主体完工",
    )
    session.commit()


# --- 任务分工方案 -------------------------------------------------------------------------------


def test_assignment_sheet_puts_each_value_in_its_column(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_assignment_sheet(
        session, seeded.plan_id, tmp_path / "分工.xlsx", as_of=AS_OF
    )

    ws = sheet(result.path)
    assert tuple(cell.value for cell in ws[HEADER_ROW]) == ASSIGNMENT_HEADERS
    rows = data_rows(ws)
    assert len(rows) == result.rows == seeded.leaves
    row = row_of(rows, seeded.behind_title)
    assert isinstance(row["序号"].value, int)
    assert seeded.behind_indicator in row["具体目标/量化指标"].value
    assert row["责任领导"].value == "张副市长"
    assert row["牵头单位"].value == INDUSTRY
    assert row["配合单位"].value == DEVELOPMENT
    assert row["完成时限"].is_date
    assert row["完成时限"].value.date() == dt.date(2020, 12, 31)
    assert row_of(rows, seeded.ahead_title)["牵头单位"].value == DEVELOPMENT
    assert f"有{seeded.leaves - 3}项任务尚未明确牵头单位" in result.warnings


def test_assignment_sheet_of_one_department(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_assignment_sheet(
        session, seeded.plan_id, tmp_path / "发改委.xlsx", department=DEVELOPMENT
    )

    rows = data_rows(sheet(result.path))
    assert result.rows == len(rows) == 2  # leads one task, supports another
    row_of(rows, seeded.behind_title)
    row_of(rows, seeded.ahead_title)


def test_assignment_sheet_titles_the_office_from_the_settings(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    settings.set_setting(session, "office_name", "石嘴山市人民政府督查室", actor=ACTOR)
    session.commit()

    result = exports.export_assignment_sheet(session, seeded.plan_id, tmp_path / "a.xlsx")

    assert "石嘴山市人民政府督查室" in sheet(result.path)["A2"].value


# --- 周进度表 -----------------------------------------------------------------------------------


def test_progress_sheet_shows_status_colour_and_numbers(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_progress_sheet(
        session, seeded.plan_id, tmp_path / "周报.xlsx", as_of=AS_OF
    )

    ws = sheet(result.path)
    assert tuple(cell.value for cell in ws[HEADER_ROW]) == PROGRESS_HEADERS
    rows = data_rows(ws)
    behind = row_of(rows, seeded.behind_title)
    # 10 % done against 49.7 % of the time gone: beyond the red band (the bulletin's rule).
    assert behind["预警"].value == f"红灯\n{TaskStatus.BEHIND.value}"
    assert behind["预警"].fill.fill_type == "solid"
    colour = SHEET_STATUS_COLOURS[TaskStatus.BEHIND][1:]
    assert behind["预警"].fill.fgColor.rgb.endswith(colour)
    assert behind["本期完成进度"].value == pytest.approx(0.10)
    assert behind["上期完成进度"].value is None  # nothing was reported before week 27
    assert behind["序时进度"].value == pytest.approx(182 / 366)  # 1 Jan – 30 Jun of a leap year
    assert behind["本期进展"].value == "六月进展：已启动前期工作"
    assert behind["存在问题"].value == "资金到位慢"
    assert behind["下步计划"].value == "加快审批"
    assert "（已完成12" in behind["重点任务"].value
    assert row_of(rows, seeded.ahead_title)["预警"].value == f"绿灯\n{TaskStatus.AHEAD.value}"
    assert row_of(rows, seeded.done_title)["预警"].value == f"绿灯\n{TaskStatus.DONE.value}"
    assert result.period_label == "2020年第27周"


def test_progress_sheet_as_of_a_past_date_leaves_out_later_reports(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    _add_later_progress(session, seeded)

    past = exports.export_progress_sheet(
        session, seeded.plan_id, tmp_path / "past.xlsx", period="2020-W27"
    )
    now = exports.export_progress_sheet(session, seeded.plan_id, tmp_path / "now.xlsx", as_of=LATER)

    assert past.as_of == dt.date(2020, 7, 5)  # the period's last day
    then = row_of(data_rows(sheet(past.path)), seeded.behind_title)
    assert then["本期完成进度"].value == pytest.approx(0.10)
    assert then["本期进展"].value == "六月进展：已启动前期工作"
    later_rows = data_rows(sheet(now.path))
    later = row_of(later_rows, seeded.behind_title)
    assert later["本期完成进度"].value == pytest.approx(0.90)
    assert later["上期完成进度"].value == pytest.approx(0.10)  # as week 28 ended
    assert later["本期进展"].value == "七月进展：主体完工"
    # The task that reported in week 27 only: silent in week 29, its last report as 上期.
    silent = row_of(later_rows, seeded.ahead_title)
    assert silent["本期进展"].value == "本期未报送（最近报送：2020-06-29）"
    assert silent["本期完成进度"].value is None
    assert silent["上期完成进度"].value == pytest.approx(0.60)
    assert silent["存在问题"].value is None


def test_progress_sheet_titled_by_a_chosen_month(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_progress_sheet(
        session, seeded.plan_id, tmp_path / "m.xlsx", period="2020-M06"
    )

    assert result.as_of == dt.date(2020, 6, 30)
    assert result.period_label == "2020年6月"
    assert "2020年6月" in sheet(result.path)["A1"].value


def test_progress_sheet_with_headings_lists_the_whole_tree(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_progress_sheet(
        session, seeded.plan_id, tmp_path / "all.xlsx", as_of=AS_OF, leaves_only=False
    )

    ws = sheet(result.path)
    tasks = data_rows(ws)
    assert len(tasks) == seeded.leaves
    # Parent tasks are headings of their sub-tasks: code and title, none of their texts.
    headings = [
        row[1].value
        for row in ws.iter_rows(min_row=HEADER_ROW + 1)
        if row[0].value is None and row[1].value
    ]
    assert headings
    for text in headings:
        assert "\n" not in text
        assert len(text) < 60
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value is None and row[1].value:
            level = ws.row_dimensions[row[0].row].outlineLevel
            assert level >= 1


def test_progress_sheet_groups_tasks_under_their_areas_with_subtotals(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_progress_sheet(
        session, seeded.plan_id, tmp_path / "周报.xlsx", as_of=AS_OF
    )

    ws = sheet(result.path)
    found = areas(ws)
    assert len(found) >= 2
    numbers = [text.split("、")[0] for _, text in found]
    assert numbers == [chinese_number(n) for n in range(1, len(found) + 1)]
    area_rows = {row for row, _ in found}
    task_rows = {cell.row for cell in ws["A"][HEADER_ROW:] if isinstance(cell.value, int)}
    assert task_rows
    assert not task_rows & area_rows
    # Every task row is one outline level below its area line, so an area collapses.
    for row in task_rows:
        assert ws.row_dimensions[row].outlineLevel == 1
    for row in area_rows:
        assert not ws.row_dimensions[row].outlineLevel
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    # Subtotals: the counts of one area add up to the tasks below it.
    first_row, first_text = found[0]
    next_row = found[1][0]
    below = [r for r in task_rows if first_row < r < next_row]
    assert f"共{len(below)}项" in first_text
    statuses = [ws.cell(r, PROGRESS_HEADERS.index("预警") + 1).value.split("\n")[1] for r in below]
    for status in set(statuses):
        assert f"{status}{statuses.count(status)}项" in first_text
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{first_row}:O{first_row}" in merged  # an area line spans the sheet


def test_progress_sheet_shows_the_colour_of_the_latest_urging_form(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    urging.urge(session, seeded.behind, actor=ACTOR, note="请加快", date="2020-06-20", colour="黄")
    urging.urge(session, seeded.behind, actor=ACTOR, note="仍滞后", date="2020-06-29", colour="红")
    urging.urge(session, seeded.ahead, actor=ACTOR, note="电话催办", date="2020-06-29")
    session.commit()

    result = exports.export_progress_sheet(
        session, seeded.plan_id, tmp_path / "周报.xlsx", as_of=AS_OF
    )

    rows = data_rows(sheet(result.path))
    behind = row_of(rows, seeded.behind_title)
    assert behind["督办"].value == "红色"
    assert behind["督办"].fill.fgColor.rgb.endswith(URGING_COLOURS["红"][1:])
    assert behind["备注"].value == "催办2次"
    assert row_of(rows, seeded.ahead_title)["督办"].value is None  # a plain urging, no form
    assert row_of(rows, seeded.ahead_title)["备注"].value == "催办1次"


def test_assignment_sheet_is_titled_without_a_week(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_assignment_sheet(
        session, seeded.plan_id, tmp_path / "分工.xlsx", period="2020-W27"
    )

    title = sheet(result.path)["A1"].value
    assert title.endswith("分工方案")
    assert "周" not in title


@pytest.mark.parametrize("export", [exports.export_progress_sheet, exports.export_assignment_sheet])
def test_a3_is_a_setting_with_wider_text_columns(
    session: Session, seeded: Seeded, tmp_path: Path, export: Callable[..., exports.ExportResult]
) -> None:
    a4 = sheet(export(session, seeded.plan_id, tmp_path / "a4.xlsx", as_of=AS_OF).path)
    a3 = sheet(export(session, seeded.plan_id, tmp_path / "a3.xlsx", as_of=AS_OF, paper="A3").path)

    assert int(a4.page_setup.paperSize) == 9
    assert int(a3.page_setup.paperSize) == 8
    assert a3.column_dimensions["B"].width > a4.column_dimensions["B"].width
    with pytest.raises(ValidationError, match="A4 或 A3"):
        export(session, seeded.plan_id, tmp_path / "b5.xlsx", paper="B5")


# --- 督查通报 -----------------------------------------------------------------------------------


def test_bulletin_counts_and_shares_match_the_statistics(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_bulletin(
        session,
        seeded.plan_id,
        tmp_path / "通报.pdf",
        as_of=AS_OF,
        issue_number=7,
        requirements="一、压实工作责任\n各牵头单位要倒排工期。",
    )

    text = pdf_text(result.path)
    stats = plan_statistics(session, seeded.plan_id, as_of=AS_OF)
    # The seed's principles (坚决做到“两个维护”…) are 常态化: in no count of the bulletin.
    routine = [
        s
        for s in task_states(session, seeded.plan_id, as_of=AS_OF, leaves_only=True)
        if s.status is None
    ]
    assert routine
    assert result.rows == stats.total == seeded.leaves - len(routine)
    assert result.pages == len(PdfReader(result.path).pages)
    assert f"共{stats.total}项" in text
    for count in stats.status_counts:
        if count.count:
            phrase = f"{STATUS_PHRASES[count.status]}{count.count}项、占比{count.share * 100:.1f}%"
            assert phrase in text
    assert "第7期" in text
    assert "压实工作责任" in text
    assert squeeze(seeded.behind_title) in text
    for name in (INDUSTRY, DEVELOPMENT, LABOUR):
        assert name in text


def test_bulletin_as_of_a_past_date_leaves_out_later_reports(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    _add_later_progress(session, seeded)

    result = exports.export_bulletin(session, seeded.plan_id, tmp_path / "b.pdf", as_of=AS_OF)

    text = pdf_text(result.path)
    assert "六月进展" in text
    assert "七月进展" not in text
    assert "欠序时进度1项" in text


def test_bulletin_with_a_body_font_this_pc_lacks_uses_the_shipped_face_and_says_so(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_bulletin(
        session, seeded.plan_id, tmp_path / "b.pdf", as_of=AS_OF, body_font="no-such-font.ttf"
    )

    assert any("no-such-font.ttf" in warning for warning in result.warnings)
    assert "欠序时进度1项" in pdf_text(result.path)


def test_department_report_names_the_units_tasks(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_department_report(
        session, seeded.plan_id, DEVELOPMENT, tmp_path / "发改委.pdf", as_of=AS_OF
    )

    text = pdf_text(result.path)
    assert f"关于{DEVELOPMENT}重点任务推进情况的通报" in text
    assert "牵头任务1项、配合任务1项" in text
    assert squeeze(seeded.ahead_title) in text
    assert squeeze(seeded.behind_title) in text
    assert result.rows == 2


def test_bulletin_numbers_itself_and_records_the_number_a_unit_report_does_not(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    issued = dt.date(2020, 7, 1)

    def bulletin(name: str, number: int | None = None) -> exports.ExportResult:
        return exports.export_bulletin(
            session,
            seeded.plan_id,
            tmp_path / name,
            as_of=AS_OF,
            issue_date=issued,
            issue_number=number,
            file_format="docx",
        )

    assert bulletin("a.docx").issue_number == 1
    assert settings.load_settings(session).bulletin_last_issue == "2020-1"
    assert bulletin("b.docx", 2).issue_number == 2  # the next number typed: recorded
    assert settings.load_settings(session).bulletin_last_issue == "2020-2"
    assert bulletin("c.docx", 1).issue_number == 1  # a reissue does not move the count back
    assert settings.load_settings(session).bulletin_last_issue == "2020-2"
    unit = exports.export_department_report(
        session,
        seeded.plan_id,
        DEVELOPMENT,
        tmp_path / "unit.docx",
        as_of=AS_OF,
        issue_date=issued,
        file_format="docx",
    )
    assert unit.issue_number is None
    assert unit.kind == exports.DEPARTMENT_REPORT
    assert settings.load_settings(session).bulletin_last_issue == "2020-2"
    assert bulletin("d.docx").issue_number == 3


def test_department_report_of_an_unknown_unit_writes_nothing(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError, match="没有名为“市不存在局”的单位"):
        exports.export_department_report(
            session, seeded.plan_id, "市不存在局", tmp_path / "x.pdf", as_of=AS_OF
        )
    assert leftovers(tmp_path) == []


# --- targets, cancelling, empty plans ---------------------------------------------------------

EXPORTS: dict[str, Callable[..., exports.ExportResult]] = {
    "assignment": lambda session, plan_id, path, **kw: exports.export_assignment_sheet(
        session, plan_id, path, **kw
    ),
    "progress": lambda session, plan_id, path, **kw: exports.export_progress_sheet(
        session, plan_id, path, **kw
    ),
    "bulletin": lambda session, plan_id, path, **kw: exports.export_bulletin(
        session, plan_id, path, **kw
    ),
    "department": lambda session, plan_id, path, **kw: exports.export_department_report(
        session, plan_id, INDUSTRY, path, **kw
    ),
}
SUFFIX = {"assignment": ".xlsx", "progress": ".xlsx", "bulletin": ".pdf", "department": ".pdf"}


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_missing_folder_is_a_clear_error(
    session: Session, seeded: Seeded, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "不存在" / f"out{SUFFIX[kind]}"
    with pytest.raises(ReportWriteError, match=r"文件夹.*不存在"):
        EXPORTS[kind](session, seeded.plan_id, target, as_of=AS_OF)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_folder_as_target_is_a_clear_error(
    session: Session, seeded: Seeded, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / f"folder{SUFFIX[kind]}"
    folder.mkdir()
    with pytest.raises(ReportWriteError, match="这是一个文件夹"):
        EXPORTS[kind](session, seeded.plan_id, folder, as_of=AS_OF)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_set_cancel_event_writes_nothing(
    session: Session, seeded: Seeded, tmp_path: Path, kind: str
) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelled):
        EXPORTS[kind](session, seeded.plan_id, tmp_path / f"out{SUFFIX[kind]}", cancel=cancel)
    assert leftovers(tmp_path) == []


def test_cancelling_while_the_pdf_is_written_leaves_no_file(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    cancel = threading.Event()
    calls: list[tuple[int, int]] = []

    def on_progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done > 0:
            cancel.set()

    with pytest.raises(ReportCancelled):
        exports.export_bulletin(
            session,
            seeded.plan_id,
            tmp_path / "b.pdf",
            as_of=AS_OF,
            progress=on_progress,
            cancel=cancel,
        )
    assert calls
    assert leftovers(tmp_path) == []


def test_progress_is_reported_up_to_the_total(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    calls: list[tuple[int, int]] = []
    exports.export_progress_sheet(
        session,
        seeded.plan_id,
        tmp_path / "p.xlsx",
        as_of=AS_OF,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (seeded.leaves, seeded.leaves)


@pytest.mark.parametrize("kind", EXPORTS)
def test_an_empty_plan_exports_a_valid_file(session: Session, tmp_path: Path, kind: str) -> None:
    plan = plans.create_plan(
        session, title="2021年领导批示事项", year=2021, source="领导批示", actor=ACTOR
    )
    departments.add_department(session, INDUSTRY, actor=ACTOR)
    session.commit()

    result = EXPORTS[kind](session, plan.id, tmp_path / f"empty{SUFFIX[kind]}")

    assert result.rows == 0
    assert result.as_of.year == 2021
    assert any("没有符合条件的任务" in w for w in result.warnings)
    if result.path.suffix == ".xlsx":
        ws = sheet(result.path)
        assert ws[HEADER_ROW][0].value == "序号"
        assert ws.max_row == HEADER_ROW
    else:
        text = pdf_text(result.path)
        assert result.pages == len(PdfReader(result.path).pages) >= 1
        assert "2021" in text


def test_a_name_without_suffix_gets_one_and_a_wrong_suffix_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = exports.export_assignment_sheet(session, seeded.plan_id, tmp_path / "分工方案")
    assert result.path == tmp_path / "分工方案.xlsx"
    assert result.path.is_file()

    with pytest.raises(ValidationError, match=r"\.pdf"):
        exports.export_bulletin(session, seeded.plan_id, tmp_path / "通报.xlsx")
    assert not (tmp_path / "通报.xlsx").exists()


def test_a_date_outside_the_chosen_period_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="不在报送期2020年第27周"):
        exports.export_progress_sheet(
            session, seeded.plan_id, tmp_path / "p.xlsx", period="2020-W27", as_of=LATER
        )
    assert leftovers(tmp_path) == []


def test_a_bulletin_issue_number_must_be_positive(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="期号"):
        exports.export_bulletin(session, seeded.plan_id, tmp_path / "b.pdf", issue_number=0)


def test_an_unknown_plan_is_not_found(session: Session, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        exports.export_progress_sheet(session, 999, tmp_path / "p.xlsx")
    assert leftovers(tmp_path) == []


# --- periods and default dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "start", "end", "label"),
    [
        ("2020-W12", dt.date(2020, 3, 16), dt.date(2020, 3, 22), "2020年第12周"),
        ("2020w1", dt.date(2019, 12, 30), dt.date(2020, 1, 5), "2020年第1周"),
        ("2020-W53", dt.date(2020, 12, 28), dt.date(2021, 1, 3), "2020年第53周"),
        ("2020-M02", dt.date(2020, 2, 1), dt.date(2020, 2, 29), "2020年2月"),
        (" 2020m12 ", dt.date(2020, 12, 1), dt.date(2020, 12, 31), "2020年12月"),
    ],
)
def test_parse_period(key: str, start: dt.date, end: dt.date, label: str) -> None:
    period = exports.parse_period(key)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("key", ["2021-W53", "2020-W0", "2020-M13", "2020-06-30", "第12周", ""])
def test_parse_period_refuses_what_is_no_period(key: str) -> None:
    with pytest.raises(ValidationError):
        exports.parse_period(key)


@pytest.mark.parametrize(
    ("today", "period", "expected"),
    [
        (dt.date(2026, 11, 28), None, dt.date(2020, 12, 31)),  # last year's plan: as it ended
        (dt.date(2019, 11, 28), None, dt.date(2020, 1, 1)),
        (dt.date(2020, 5, 6), None, dt.date(2020, 5, 6)),
        (dt.date(2020, 5, 6), "2020-W12", dt.date(2020, 3, 22)),  # a past week: its last day
        (dt.date(2020, 5, 6), "2020-W19", dt.date(2020, 5, 6)),  # the running week: today
        (dt.date(2020, 5, 6), "2020-W30", dt.date(2020, 7, 20)),  # a week ahead: its first day
    ],
)
def test_default_as_of(today: dt.date, period: str | None, expected: dt.date) -> None:
    chosen = exports.parse_period(period) if period else None
    assert exports.default_as_of(2020, period=chosen, today=today) == expected
