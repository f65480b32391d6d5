"""An office's own keyword table: kept, used by every later import; bad files change nothing."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry, DepartmentSuggestion, Plan, Setting, Task
from supervisor.errors import InputFileError, SupervisorError, ValidationError
from supervisor.services import keyword_table, plans
from tests.test_hostile_archives import XLSX_PARTS, write_bomb

# A made-up unit a shipped table cannot know, with keywords only its office would choose.
OWN_UNIT = "县城乡供水保障中心"
TABLE = (
    "单位名称,别名,关键词\n"
    f"{OWN_UNIT},供水中心,集中供水|供水管网\n"
    "县乡镇卫生院管理办公室,卫管办,乡镇卫生院\n"
)
REPORT = (
    "2023年某县人民政府工作报告\n"
    "一、过去一年工作回顾\n全县地区生产总值增长6%。\n"
    "二、2023年重点工作\n（一）改善民生\n"
    "农村集中供水率从88%提高到92%。\n"
)
WHEN = dt.datetime(2023, 2, 1, 9, 0)


def _csv(folder: Path, text: str = TABLE, encoding: str = "utf-8", name: str = "本县.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _lead(session: Session, tmp_path: Path) -> str:
    """The lead suggested for the report's 供水 task, imported as a new plan."""
    # Each import a text of its own (a review figure differs): the same text is a duplicate.
    count = session.scalar(select(func.count(Plan.id))) or 0
    report = tmp_path / f"report-{count}.txt"
    report.write_text(REPORT.replace("增长6%", f"增长{6 + count}%"), encoding="utf-8")
    summary = plans.import_report(session, report, actor="测试员")
    lead = session.scalar(
        select(DepartmentSuggestion.department_name)
        .join(Task, Task.id == DepartmentSuggestion.task_id)
        .where(
            Task.plan_id == summary.id,
            Task.text.contains("集中供水率"),
            DepartmentSuggestion.role == "lead",
        )
        .order_by(Task.code.desc())
    )
    return lead or ""


def _stored(session: Session) -> str | None:
    return session.scalar(
        select(Setting.value).where(Setting.key == keyword_table.OFFICE_TABLE_KEY)
    )


def test_a_loaded_table_is_kept_and_used_by_later_imports(session: Session, tmp_path: Path) -> None:
    assert keyword_table.office_table(session) is None
    shipped_lead = _lead(session, tmp_path)
    assert shipped_lead != OWN_UNIT

    kept = keyword_table.load_office_table(session, _csv(tmp_path), actor="测试员", now=WHEN)
    assert kept.file_name == "本县.csv"
    assert kept.names == (OWN_UNIT, "县乡镇卫生院管理办公室")
    assert keyword_table.office_table(session) == kept
    assert _lead(session, tmp_path) == OWN_UNIT
    audit = session.scalars(
        select(AuditEntry.new_value).where(AuditEntry.field == keyword_table.OFFICE_TABLE_KEY)
    ).all()
    assert audit == ["本县.csv（2 个单位）"]

    assert keyword_table.clear_office_table(session, actor="测试员")
    assert keyword_table.office_table(session) is None
    assert _lead(session, tmp_path) == shipped_lead


def test_a_gbk_csv_from_excel_reads_its_names_right(session: Session, tmp_path: Path) -> None:
    path = _csv(tmp_path, TABLE.replace("\n", "\r\n"), encoding="gbk")
    kept = keyword_table.load_office_table(session, path, actor="测试员")
    assert kept.names[0] == OWN_UNIT


def test_an_xlsx_table_loads(session: Session, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for line in TABLE.splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "本县.xlsx"
    book.save(path)
    kept = keyword_table.load_office_table(session, path, actor="测试员")
    assert kept.names == (OWN_UNIT, "县乡镇卫生院管理办公室")
    assert _lead(session, tmp_path) == OWN_UNIT


def _hostile(tmp_path: Path, kind: str) -> tuple[Path, type[SupervisorError], str]:
    if kind == "wrong-columns":
        return (
            _csv(tmp_path, "序号,任务,完成时限\n1,集中供水,2023-12-31\n"),
            ValidationError,
            "缺少",
        )
    if kind == "no-rows":
        return _csv(tmp_path, "单位名称,关键词\n,\n"), ValidationError, "没有任何单位"
    if kind == "binary":
        path = tmp_path / "table.csv"
        path.write_bytes(os.urandom(4096))
        return path, InputFileError, "不是文本文件|无法识别文件编码"
    if kind == "old-xls":
        path = tmp_path / "table.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 512)
        return path, InputFileError, "另存为 .xlsx 或 CSV"
    if kind == "not-a-zip":
        path = tmp_path / "table.xlsx"
        path.write_bytes(TABLE.encode("utf-8"))
        return path, InputFileError, "不是 Excel .xlsx 文件"
    if kind == "zip-bomb":
        path = write_bomb(
            tmp_path / "table.xlsx", XLSX_PARTS, "xl/worksheets/sheet1.xml", size=64 * 2**20
        )
        return path, InputFileError, "压缩炸弹"
    if kind == "entity-bomb":
        path = tmp_path / "table.xlsx"
        laughs = (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            "<worksheet>&lol2;</worksheet>"
        )
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in XLSX_PARTS.items():
                archive.writestr(name, text)
            archive.writestr("xl/worksheets/sheet1.xml", laughs)
        return path, InputFileError, "Excel 工作簿|DTD|实体"
    if kind == "fifo":
        path = tmp_path / "table.csv"
        os.mkfifo(path)
        return path, InputFileError, "不是普通文件"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "wrong-columns",
        "no-rows",
        "binary",
        "old-xls",
        "not-a-zip",
        "zip-bomb",
        "entity-bomb",
        "fifo",
    ],
)
def test_a_bad_file_is_refused_with_one_message_and_changes_nothing(
    session: Session, tmp_path: Path, kind: str
) -> None:
    if kind == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are a POSIX thing")
    good = keyword_table.load_office_table(session, _csv(tmp_path), actor="测试员", now=WHEN)
    before = _stored(session)
    (tmp_path / "bad").mkdir()
    path, error, message = _hostile(tmp_path / "bad", kind)
    with pytest.raises(error, match=message) as caught:
        keyword_table.load_office_table(session, path, actor="测试员")
    assert "\n" not in str(caught.value)
    assert _stored(session) == before
    assert keyword_table.office_table(session) == good


def test_a_stored_table_edited_by_hand_does_not_stop_imports(
    session: Session, tmp_path: Path
) -> None:
    keyword_table.load_office_table(session, _csv(tmp_path), actor="测试员", now=WHEN)
    row = session.get(Setting, keyword_table.OFFICE_TABLE_KEY)
    assert row is not None
    row.value = row.value.replace("市直部门", "不存在的类别", 1)
    session.flush()
    # The damaged row is skipped, the other still counts; the import goes through.
    assert _lead(session, tmp_path) != OWN_UNIT
    row.value = "{not json"
    session.flush()
    assert keyword_table.office_table(session) is None
    assert _lead(session, tmp_path)
