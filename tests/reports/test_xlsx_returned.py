"""Reading returned fill-in workbooks: round trip, every bad input, checks against current data."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from xlsx_fixtures import (
    DEPARTMENT,
    OTHER_DEPARTMENT,
    PERIOD_LABEL,
    fill_in,
    indicator_cell,
    make_spec,
    make_task,
    task_cell,
)

from supervisor.reports import xlsx_common
from supervisor.reports.errors import ReportCancelled
from supervisor.reports.fillin_format import (
    CONTACT_FIELDS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    META_KEYS,
    TASK_COLUMNS,
    TASK_COLUMNS_V2,
    column_number,
    meta_digest,
)
from supervisor.reports.xlsx_fillin import INDICATOR_SHEET, META_SHEET, TASK_SHEET
from supervisor.reports.xlsx_fillin import write_fillin_workbook as export
from supervisor.reports.xlsx_returned import (
    FillInExpectation,
    ReturnedWorkbook,
    Severity,
    read_fillin_folder,
    read_fillin_workbook,
)
from supervisor.reports.xlsx_returned_meta import read_meta

TYPED = {
    0: {
        "percent": 55,
        "progress_text": "已完成项目前期手续，开工3个。",
        "problems": "资金缺口2亿元。",
        "next_steps": "争取专项债。",
        "reporter": "李明",
        "report_date": dt.date(2020, 3, 20),
    },
    2: {"percent": 42.5, "progress_text": "配合完成用地预审。"},
}


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    return export(make_spec(), tmp_path / "填报表.xlsx")


def _messages(book: ReturnedWorkbook, severity: Severity | None = None) -> list[str]:
    return [i.message for i in book.issues if severity is None or i.severity is severity]


def _only_error(book: ReturnedWorkbook) -> str:
    assert len(book.errors) == 1, _messages(book)
    return book.errors[0].message


def _expectation(**changes: object) -> FillInExpectation:
    values: dict[str, object] = {
        "plan_id": 7,
        "period_label": PERIOD_LABEL,
        "department_tasks": {DEPARTMENT: {1, 2, 3}, OTHER_DEPARTMENT: {3, 4}},
        "task_versions": {1: 1, 2: 1, 3: 1, 4: 1},
        "indicator_tasks": {10: 1, 11: 1, 20: 2, 30: 3, 31: 3},
        "period_start": dt.date(2020, 3, 16),
        "period_end": dt.date(2020, 3, 22),
    }
    values.update(changes)
    return FillInExpectation(**values)  # type: ignore[arg-type]


# --- the round trip -------------------------------------------------------------------------


def test_round_trip_values_equal_what_was_typed(exported: Path) -> None:
    fill_in(exported, TYPED, {0: 60, 1: 35.5, 3: -2.5})
    book = read_fillin_workbook(exported)
    assert book.errors == ()
    assert book.warnings == ()
    assert book.sha256 == hashlib.sha256(exported.read_bytes()).hexdigest()
    assert book.size == exported.stat().st_size
    assert book.meta is not None
    assert (book.meta.plan_id, book.meta.department, book.meta.period_label) == (
        7,
        DEPARTMENT,
        PERIOD_LABEL,
    )
    assert [t.task_id for t in book.meta.tasks] == [1, 2, 3]
    first, second, third = book.rows
    assert (first.task_id, first.version, first.row, first.code) == (1, 1, 4, "2.1")
    assert first.percent == 55
    assert first.progress_text == "已完成项目前期手续，开工3个。"
    assert first.problems == "资金缺口2亿元。"
    assert first.next_steps == "争取专项债。"
    assert first.reporter == "李明"
    assert first.report_date == dt.date(2020, 3, 20)
    assert first.indicator_actuals == {10: 60, 11: 35.5}
    assert first.filled
    assert not second.filled
    assert second.percent is None
    assert second.indicator_actuals == {}
    assert third.percent == 42.5
    assert third.indicator_actuals == {30: -2.5}


def test_indicator_only_counts_as_filled(exported: Path) -> None:
    fill_in(exported, {}, {2: 80})
    book = read_fillin_workbook(exported)
    assert book.rows[1].filled
    assert book.rows[1].indicator_actuals == {20: 80}
    assert [r.task_id for r in book.filled_rows] == [2]


_text = st.text(
    alphabet=st.sampled_from("推进项目资金完成率ABCxyz0123456789，。%=+-@ \n"), max_size=60
).map(str.strip)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    percent=st.none() | st.integers(0, 100) | st.decimals(0, 100, places=2).map(float),
    progress_text=_text,
    problems=_text,
    reporter=_text,
    report_date=st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
    actual=st.none() | st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 3)),
)
def test_round_trip_of_any_typed_values(
    tmp_path: Path,
    percent: float | None,
    progress_text: str,
    problems: str,
    reporter: str,
    report_date: dt.date | None,
    actual: float | None,
) -> None:
    path = export(make_spec(), tmp_path / "h.xlsx")
    typed = {
        "percent": percent,
        "progress_text": progress_text or None,
        "problems": problems or None,
        "reporter": reporter or None,
        "report_date": report_date,
    }
    workbook = load_workbook(path)
    for key, value in typed.items():
        cell = workbook[TASK_SHEET][task_cell(key, 0)]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed as text, as Excel does for a leading apostrophe
    workbook[INDICATOR_SHEET][indicator_cell(0)] = actual
    workbook.save(path)

    book = read_fillin_workbook(path)
    row = book.rows[0]
    assert book.errors == ()
    assert row.percent == percent
    assert row.progress_text == progress_text
    assert row.problems == problems
    assert row.reporter == reporter
    assert row.report_date == report_date
    assert row.indicator_actuals == ({} if actual is None else {10: actual})


# --- bad files ----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    book = read_fillin_workbook(tmp_path / "无此文件.xlsx")
    assert "找不到文件" in _only_error(book)
    assert book.meta is None
    assert book.sha256 is None


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert _only_error(read_fillin_workbook(path)) == "文件“空.xlsx”是空文件（0 字节）"


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "乱码.xlsx"
    path.write_bytes(random.Random(1).randbytes(5000))
    assert "不是 Excel .xlsx 文件" in _only_error(read_fillin_workbook(path))


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "不是 Excel 工作簿" in _only_error(read_fillin_workbook(path))


def test_truncated_workbook_is_corrupted(exported: Path) -> None:
    data = exported.read_bytes()
    exported.write_bytes(data[: len(data) // 2])
    assert "已损坏" in _only_error(read_fillin_workbook(exported))


def test_encrypted_ole_file(tmp_path: Path) -> None:
    # An xlsx with an open password is an OLE compound file (as is a legacy .xls).
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    message = _only_error(read_fillin_workbook(path))
    assert "加密" in message
    assert "加密.xlsx" in message


def test_oversized_file_is_refused_unread(exported: Path) -> None:
    book = read_fillin_workbook(exported, max_bytes=1000)
    assert "过大" in _only_error(book)


def test_zip_bomb_claims_are_refused(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The limit is lowered instead of writing 200 MB: what counts is that sizes are summed
    # from the zip directory before anything is decompressed.
    monkeypatch.setattr(xlsx_common, "MAX_UNCOMPRESSED_BYTES", 50_000)
    _rewrite_member(exported, "xl/worksheets/sheet1.xml", lambda data: data + b" " * 60_000)
    assert "压缩炸弹" in _only_error(read_fillin_workbook(exported))


def test_packed_picture_bomb_is_refused_by_the_guarded_reader(exported: Path) -> None:
    # A member that is no XML (never parsed) and unpacks 1,000 : 1 within the size limit:
    # only the guarded reader, which unpacks and ratio-checks every member, notices it.
    with zipfile.ZipFile(exported, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", bytes(8 * 1024 * 1024))
    message = _only_error(read_fillin_workbook(exported))
    assert "压缩炸弹" in message
    assert exported.name in message


def _rewrite_member(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, change(data) if info.filename == member else data)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>\n"
)


def test_billion_laughs_in_a_sheet_is_refused(exported: Path) -> None:
    def attack(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return BILLION_LAUGHS + body.replace(b"<sheetData>", b"<sheetData>&lol9;", 1)

    _rewrite_member(exported, "xl/worksheets/sheet1.xml", attack)
    assert "不安全的 XML" in _only_error(read_fillin_workbook(exported))


def test_entity_in_workbook_xml_is_refused(exported: Path) -> None:
    def attack(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body

    _rewrite_member(exported, "xl/workbook.xml", attack)
    assert "不安全的 XML" in _only_error(read_fillin_workbook(exported))


def test_workbook_of_another_program(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "别的表.xlsx"
    Workbook().save(path)
    assert "不是本系统导出的填报表" in _only_error(read_fillin_workbook(path))


def test_edited_metadata_is_noticed(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook[META_SHEET]["B3"] = 8  # plan id
    workbook.save(exported)
    assert "校验值不符" in _only_error(read_fillin_workbook(exported))


def test_database_identity_is_read_back(tmp_path: Path) -> None:
    path = export(make_spec(database_id="4f1c"), tmp_path / "填报表.xlsx")
    meta = read_fillin_workbook(path).meta
    assert meta is not None
    assert (meta.format_version, meta.database_id) == (3, "4f1c")


def test_edited_database_identity_is_noticed(exported: Path) -> None:
    workbook = load_workbook(exported)
    assert workbook[META_SHEET]["A11"].value == "数据库标识"
    workbook[META_SHEET]["B11"] = "another-database"
    workbook.save(exported)
    assert "校验值不符" in _only_error(read_fillin_workbook(exported))


def test_removed_database_identity_is_noticed(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook[META_SHEET]["A11"] = None
    workbook[META_SHEET]["B11"] = None
    workbook.save(exported)
    assert "缺少“数据库标识”" in _only_error(read_fillin_workbook(exported))


def test_a_newer_format_version_is_refused(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook[META_SHEET]["B2"] = 5
    workbook.save(exported)
    assert "格式版本为 5，本程序只能读取版本 1、2、3、4" in _only_error(
        read_fillin_workbook(exported)
    )


# --- bad content ------------------------------------------------------------------------------


def test_renamed_data_sheet(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook[TASK_SHEET].title = "Sheet1"
    workbook.save(exported)
    message = _only_error(read_fillin_workbook(exported))
    assert "找不到工作表“任务进展”" in message
    assert "Sheet1" in message


def test_moved_rows_are_found_by_their_task_and_flagged(exported: Path) -> None:
    fill_in(exported, TYPED)
    workbook = load_workbook(exported)
    sheet = workbook[TASK_SHEET]
    first = [cell.value for cell in sheet[4]]
    third = [cell.value for cell in sheet[6]]
    for column, (a, b) in enumerate(zip(first, third, strict=True), 1):
        sheet.cell(4, column, b)
        sheet.cell(6, column, a)
    workbook.save(exported)
    book = read_fillin_workbook(exported)
    assert book.errors == ()
    warnings = _messages(book, Severity.WARNING)
    assert any("导出时在第4行，现在第6行" in w for w in warnings)
    rows = {row.task_id: row for row in book.rows}
    assert (rows[1].row, rows[1].percent) == (6, 55)
    assert (rows[3].row, rows[3].percent) == (4, 42.5)


def test_deleted_row_is_an_error(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook[TASK_SHEET].delete_rows(5)
    workbook.save(exported)
    book = read_fillin_workbook(exported)
    message = _only_error(book)
    assert "第5行" in message
    assert "找不到任务“2.2”" in message
    assert [row.task_id for row in book.rows] == [1, 3]


def test_added_row_with_content_is_a_warning(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook[TASK_SHEET]["J10"] = "自行增加的任务"
    workbook.save(exported)
    book = read_fillin_workbook(exported)
    assert book.errors == ()
    assert any("第10行" in w and "不会导入" in w for w in _messages(book))


def test_inserted_column_is_an_error(exported: Path) -> None:
    workbook = load_workbook(exported)
    workbook[TASK_SHEET].insert_cols(3)
    workbook.save(exported)
    assert "表头与导出时不同" in _only_error(read_fillin_workbook(exported))


def test_text_in_a_number_cell(exported: Path) -> None:
    fill_in(exported, {0: {"percent": "过半", "progress_text": "推进中"}}, {0: "约50"})
    book = read_fillin_workbook(exported)
    messages = _messages(book, Severity.ERROR)
    assert len(messages) == 2
    assert "第4行“完成进度（%）”列：应填写数字，实为“过半”" in messages[0]
    assert "工作表“指标完成值” 第4行“本期完成值”列：应填写数字，实为“约50”" in messages[1]
    assert book.rows[0].percent is None


def test_numbers_typed_as_text_or_full_width_are_accepted(exported: Path) -> None:
    fill_in(exported, {0: {"percent": "８０％", "progress_text": "x"}}, {0: "1,200"})
    book = read_fillin_workbook(exported)
    assert book.errors == ()
    assert book.rows[0].percent == 80
    assert book.rows[0].indicator_actuals == {10: 1200}


def test_percent_typed_with_a_percent_sign_in_excel(exported: Path) -> None:
    # Excel turns "60%" typed into a General cell into 0.6 with a percent format.
    workbook = load_workbook(exported)
    cell = workbook[TASK_SHEET][task_cell("percent", 0)]
    cell.value = 0.6
    cell.number_format = "0%"
    workbook.save(exported)
    assert read_fillin_workbook(exported).rows[0].percent == pytest.approx(60)


def test_percent_over_100(exported: Path) -> None:
    fill_in(exported, {0: {"percent": 120, "progress_text": "超额完成"}})
    message = _only_error(read_fillin_workbook(exported))
    assert message == (
        "文件“填报表.xlsx” 工作表“任务进展” 第4行“完成进度（%）”列："
        "完成进度须在 0 到 100 之间，实为 120"
    )


def test_negative_percent(exported: Path) -> None:
    fill_in(exported, {0: {"percent": -5}})
    assert "0 到 100" in _only_error(read_fillin_workbook(exported))


def test_formula_in_an_input_cell_is_an_error_and_not_evaluated(exported: Path) -> None:
    fill_in(exported, {0: {"percent": "=1+1", "progress_text": "=A1"}}, {0: "=SUM(1,2)"})
    book = read_fillin_workbook(exported)
    messages = _messages(book, Severity.ERROR)
    assert len(messages) == 3
    assert all("含有公式" in m for m in messages)
    assert "（=1+1）" in messages[0]
    assert book.rows[0].percent is None
    assert book.rows[0].progress_text == ""
    assert book.rows[0].indicator_actuals == {}


def test_text_beginning_with_equals_stored_as_text_is_text(exported: Path) -> None:
    workbook = load_workbook(exported)
    cell = workbook[TASK_SHEET][task_cell("progress_text", 0)]
    cell.value = "=完成一半"
    cell.data_type = "s"
    workbook.save(exported)
    book = read_fillin_workbook(exported)
    assert book.rows[0].progress_text == "=完成一半"
    assert book.errors == ()


def test_bad_date(exported: Path) -> None:
    fill_in(exported, {0: {"percent": 50, "progress_text": "x", "report_date": "上周五"}})
    assert "应填写日期" in _only_error(read_fillin_workbook(exported))


def test_dates_typed_as_text_are_read(exported: Path) -> None:
    fill_in(exported, {0: {"report_date": "2020年3月19日"}, 1: {"report_date": "2020/3/18"}})
    book = read_fillin_workbook(exported)
    assert [r.report_date for r in book.rows[:2]] == [dt.date(2020, 3, 19), dt.date(2020, 3, 18)]


def test_half_filled_row_and_falling_percent_are_warnings(exported: Path) -> None:
    fill_in(exported, {0: {"percent": 20}, 1: {"progress_text": "开展调研"}})
    book = read_fillin_workbook(exported)
    assert book.errors == ()
    warnings = _messages(book, Severity.WARNING)
    assert any("第4行" in w and "低于上期的 30" in w for w in warnings)
    assert any("第4行" in w and "未填写进展情况" in w for w in warnings)
    assert any("第5行" in w and "未填写完成进度" in w for w in warnings)


# --- checks against the current state --------------------------------------------------------


def test_matching_expectation_adds_nothing(exported: Path) -> None:
    fill_in(exported, TYPED)
    assert read_fillin_workbook(exported, expected=_expectation()).issues == ()


def test_file_of_another_plan(exported: Path) -> None:
    book = read_fillin_workbook(exported, expected=_expectation(plan_id=8))
    assert "属于另一个计划" in _only_error(book)


def test_file_of_another_database(tmp_path: Path) -> None:
    path = export(make_spec(database_id="4f1c"), tmp_path / "填报表.xlsx")
    fill_in(path, TYPED)
    assert read_fillin_workbook(path, expected=_expectation(database_id="4f1c")).issues == ()
    book = read_fillin_workbook(path, expected=_expectation(database_id="9a0e"))
    assert "不是从本数据库导出的" in _only_error(book)


def test_file_of_another_period(exported: Path) -> None:
    book = read_fillin_workbook(exported, expected=_expectation(period_label="2020年第13周"))
    message = _only_error(book)
    assert "是“2020年第12周”" in message
    assert "当前导入的报送期为“2020年第13周”" in message


def test_task_of_another_department(exported: Path) -> None:
    fill_in(exported, TYPED)
    expected = _expectation(department_tasks={DEPARTMENT: {1, 2}, OTHER_DEPARTMENT: {3}})
    message = _only_error(read_fillin_workbook(exported, expected=expected))
    assert "第6行" in message
    assert "任务“2.3”不属于“市发展改革委”（现由“市财政局”负责）" in message


def test_task_changed_after_the_export(exported: Path) -> None:
    fill_in(exported, TYPED)
    expected = _expectation(task_versions={1: 2, 2: 1, 3: 1})
    message = _only_error(read_fillin_workbook(exported, expected=expected))
    assert "第4行" in message
    assert "填报表为第1版，系统中为第2版" in message


def test_unfilled_rows_are_not_checked(exported: Path) -> None:
    expected = _expectation(task_versions={1: 2, 2: 2, 3: 2})
    assert read_fillin_workbook(exported, expected=expected).errors == ()


def test_deleted_task_and_moved_indicator(exported: Path) -> None:
    fill_in(exported, TYPED)
    expected = _expectation(task_versions={1: 1, 2: 1}, indicator_tasks={10: 1, 11: 2})
    fill_in(exported, {}, {1: 5})
    messages = _messages(read_fillin_workbook(exported, expected=expected), Severity.ERROR)
    assert any("任务“2.3”已不在本计划中" in m for m in messages)
    assert any("指标（编号 11）已不属于该任务" in m for m in messages)


def test_new_task_of_the_department_is_a_warning(exported: Path) -> None:
    expected = _expectation(
        department_tasks={DEPARTMENT: {1, 2, 3, 9}}, task_versions={1: 1, 2: 1, 3: 1, 9: 1}
    )
    book = read_fillin_workbook(exported, expected=expected)
    assert book.errors == ()
    assert "有 1 项任务不在该填报表中" in book.warnings[0].message


def test_unexpected_department(exported: Path) -> None:
    expected = _expectation(department_tasks={OTHER_DEPARTMENT: {3}})
    assert (
        "不在本期应报送的单位中"
        in read_fillin_workbook(exported, expected=expected).errors[0].message
    )


# --- several files --------------------------------------------------------------------------


def test_folder_of_returns_with_a_bad_file_and_lock_files(tmp_path: Path) -> None:
    folder = tmp_path / "回收"
    folder.mkdir()
    good = export(make_spec(), folder / "a.xlsx")
    fill_in(good, TYPED)
    other = export(make_spec(department=OTHER_DEPARTMENT), folder / "b.xlsx")
    (folder / "c.xlsx").write_bytes(b"not a workbook")
    (folder / "~$a.xlsx").write_bytes(b"lock")
    (folder / "notes.txt").write_text("x")
    calls: list[tuple[int, int]] = []
    books = read_fillin_folder(folder, progress=lambda *a: calls.append(a))
    assert [b.path.name for b in books] == ["a.xlsx", "b.xlsx", "c.xlsx"]
    assert books[0].errors == ()
    assert books[1].meta is not None
    assert books[1].meta.department == OTHER_DEPARTMENT
    assert books[1].sha256 == hashlib.sha256(other.read_bytes()).hexdigest()
    assert books[2].meta is None
    assert "c.xlsx" in books[2].errors[0].message
    assert calls[-1] == (3, 3)


def test_same_file_twice_has_the_same_hash(exported: Path) -> None:
    copy = exported.with_name("副本.xlsx")
    copy.write_bytes(exported.read_bytes())
    first, second = read_fillin_folder([exported, copy])
    assert first.sha256 == second.sha256


def test_reading_can_be_cancelled(exported: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelled):
        read_fillin_folder([exported], cancel=cancel)


def test_meta_round_trip_with_no_indicators_and_no_tasks(tmp_path: Path) -> None:
    path = export(make_spec(tasks=(make_task(1, indicators=0),)), tmp_path / "a.xlsx")
    assert read_fillin_workbook(path).issues == ()
    path = export(make_spec(tasks=()), tmp_path / "b.xlsx")
    book = read_fillin_workbook(path)
    assert (book.issues, book.rows) == ((), ())


def test_reader_refuses_nothing_written_by_libreoffice_style_shared_strings(exported: Path) -> None:
    data = io.BytesIO(exported.read_bytes())
    workbook = load_workbook(data)
    workbook[TASK_SHEET][task_cell("progress_text", 0)] = "共享字符串"
    workbook.save(exported)
    assert read_fillin_workbook(exported).rows[0].progress_text == "共享字符串"


def test_padded_and_formula_like_descriptions_still_match(tmp_path: Path) -> None:
    tasks = (
        make_task(1, title=" 推进项目建设 \n", text="", code=" 3 "),
        make_task(2, title="=1+1", text="", code=""),
    )
    path = export(make_spec(tasks), tmp_path / "a.xlsx")
    fill_in(
        path, {0: {"percent": 40, "progress_text": "x"}, 1: {"percent": 50, "progress_text": "y"}}
    )
    book = read_fillin_workbook(path)
    assert book.issues == ()
    assert [row.percent for row in book.rows] == [40, 50]


# --- contact cells ------------------------------------------------------------------------------


def _type_contact(path: Path, contact: str, phone: object, reviewer: str) -> None:
    workbook = load_workbook(path)
    sheet = workbook[TASK_SHEET]
    row = FIRST_DATA_ROW + 3 + 1  # below the three task rows and a blank one
    for (_key, _label, _a, _b, first, _last), value in zip(
        CONTACT_FIELDS, (contact, phone, reviewer), strict=True
    ):
        sheet.cell(row, first).value = value
    workbook.save(path)


def test_contact_phone_and_reviewer_are_read_back(exported: Path) -> None:
    _type_contact(exported, "李明", "0952-2011234", "王局长")

    book = read_fillin_workbook(exported)

    assert book.errors == ()
    assert dict(book.contact) == {"contact": "李明", "phone": "0952-2011234", "reviewer": "王局长"}
    # The contact row is not mistaken for a task row added by the department.
    assert not any("不是导出的任务行" in message for message in _messages(book))


def test_a_phone_number_that_is_no_number_is_a_warning(exported: Path) -> None:
    _type_contact(exported, "李明", "找办公室", "")

    book = read_fillin_workbook(exported)

    assert book.errors == ()
    warnings = _messages(book, Severity.WARNING)
    assert any("“联系电话”列" in w and "不像电话号码" in w for w in warnings), warnings


def test_a_formula_in_a_contact_cell_is_not_evaluated(exported: Path) -> None:
    _type_contact(exported, "=A1", "13900000000", "")

    book = read_fillin_workbook(exported)

    assert "contact" not in book.contact
    assert any("“联系人”列" in m and "公式" in m for m in _messages(book, Severity.ERROR))


def test_a_workbook_of_the_version_2_layout_is_still_read(exported: Path) -> None:
    """A file exported before the printable layout, returned late, imports as before."""
    workbook = load_workbook(exported)
    meta = read_meta(workbook[META_SHEET])
    sheet = workbook[TASK_SHEET]
    contact_row = meta.contact_row
    assert contact_row is not None
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row == contact_row:  # version 2 had no contact cells
            sheet.unmerge_cells(str(merged))
    for row in sheet.iter_rows(min_row=HEADER_ROW):
        old = {column.key: cell.value for column, cell in zip(TASK_COLUMNS, row, strict=False)}
        old["indicators"] = "目标" if row[0].row > HEADER_ROW else "目标指标"
        for number, column in enumerate(TASK_COLUMNS_V2, 1):
            value = old.get(column.key) if row[0].row != contact_row else None
            sheet.cell(row[0].row, number).value = (
                column.header if row[0].row == HEADER_ROW else value
            )
    sheet.cell(FIRST_DATA_ROW, column_number(TASK_COLUMNS_V2, "percent")).value = 35
    legacy = replace(meta, format_version=2, return_by=None, contact_row=None)
    info = workbook[META_SHEET]
    for row in range(1, len(META_KEYS) + 1):
        key = META_KEYS[row - 1][0]
        if key in ("return_by", "contact_row"):
            info.cell(row, 1).value = info.cell(row, 2).value = None
    info["B2"] = 2
    info.cell([k for k, _ in META_KEYS].index("digest") + 1, 2).value = meta_digest(legacy)
    workbook.save(exported)

    book = read_fillin_workbook(exported)

    assert book.errors == (), _messages(book)
    assert book.meta is not None
    assert book.meta.format_version == 2
    assert book.rows[0].percent == 35
