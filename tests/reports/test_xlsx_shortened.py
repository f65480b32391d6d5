"""Text cut to fit a cell is counted and named, in returned workbooks and in written ones."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from xlsx_fixtures import fill_in, make_spec, make_task

from supervisor.reports.xlsx_common import MAX_CELL_TEXT, noting_cut_cells
from supervisor.reports.xlsx_fillin import write_fillin_workbook
from supervisor.reports.xlsx_returned import read_fillin_workbook


def _rewrite(path: Path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    assert any(old in data for _, data in items)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, data.replace(old, new))


def _messages(path: Path) -> str:
    return "\n".join(issue.message for issue in read_fillin_workbook(path).issues)


def test_text_over_the_cell_limit_in_a_returned_file_is_named_as_cut(tmp_path: Path) -> None:
    path = write_fillin_workbook(make_spec(), tmp_path / "填报表.xlsx")
    fill_in(path, {0: {"percent": 50, "progress_text": "PLACEHOLDER"}})
    # openpyxl itself cuts what it writes at the limit: only an edited file holds more.
    _rewrite(path, b"PLACEHOLDER", "进".encode() * 40_000)
    book = read_fillin_workbook(path)
    assert len(book.rows[0].progress_text) == MAX_CELL_TEXT
    messages = _messages(path)
    assert "内容有 40,000 字，超过单元格上限 32,767 字，只导入了前 32,767 字" in messages
    assert "已全部导入" not in messages


def test_a_long_reporter_is_not_said_to_be_imported_in_full(tmp_path: Path) -> None:
    path = write_fillin_workbook(make_spec(), tmp_path / "填报表.xlsx")
    fill_in(path, {0: {"percent": 50, "progress_text": "已开工。", "reporter": "李" * 5_000}})
    assert read_fillin_workbook(path).rows[0].reporter == "李" * 5_000  # the import refuses it
    assert "已全部导入" not in _messages(path)


def test_written_cells_cut_to_the_limit_are_counted_and_named(tmp_path: Path) -> None:
    long_task = make_task(1, text="推进" * 20_000)
    with noting_cut_cells() as cut:
        path = write_fillin_workbook(make_spec((long_task,)), tmp_path / "填报表.xlsx")
    assert len(cut) == 1, cut
    assert cut[0].startswith("任务 2.1 的重点任务（40,")  # its text, targets appended
    assert cut[0].endswith(" 字）")
    sheet = load_workbook(path, read_only=True)["任务进展"]
    lengths = [len(str(c.value)) for row in sheet.iter_rows() for c in row if c.value]
    assert max(lengths) == MAX_CELL_TEXT


def test_nothing_is_noted_outside_a_noting_block(tmp_path: Path) -> None:
    long_task = make_task(1, text="推进" * 20_000)
    write_fillin_workbook(make_spec((long_task,)), tmp_path / "填报表.xlsx")
    with noting_cut_cells() as cut:
        write_fillin_workbook(make_spec(), tmp_path / "短.xlsx")
    assert cut == []
