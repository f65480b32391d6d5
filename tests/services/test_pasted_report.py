"""A pasted report is held to a file's checks: blanks, binary content, length, duplicates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supervisor.db.models import Plan
from supervisor.errors import DuplicateError, InputFileError
from supervisor.extract.source import MAX_REPORT_CHARS
from supervisor.services import plans

REPORT = (
    "2023年某县人民政府工作报告\n"
    "一、过去一年工作回顾\n全县地区生产总值增长6%。\n"
    "二、2023年重点工作\n（一）改善民生\n新建乡镇卫生院3所。\n"
)


def test_pasted_text_is_stored_with_where_it_came_from(session: Session) -> None:
    source = plans.pasted_report(REPORT, pasted_at=dt.datetime(2023, 1, 9, 8, 30))
    summary = plans.import_report(session, source, actor="测试员")
    plan = session.get(Plan, summary.id)
    assert plan is not None
    assert plan.file_name == "从剪贴板粘贴（2023-01-09 08:30）"
    assert plan.source_text == REPORT
    assert summary.task_count >= 1


def test_a_pasted_copy_of_an_imported_file_is_a_duplicate(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.replace("\n", "\r\n").encode("gb18030"))
    plans.import_report(session, path, actor="测试员")
    with pytest.raises(DuplicateError, match="该报告已导入过"):
        plans.import_report(session, plans.pasted_report(REPORT + "\n\n"), actor="测试员")
    assert session.scalar(select(func.count(Plan.id))) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "剪贴板中没有文字"),
        ("\u3000 \n\t\r\n", "剪贴板中没有文字"),
        ("PK\x03\x04\x00\x00\x01\x02" * 200, "不是文字"),
        ("报" * (MAX_REPORT_CHARS + 1), "报告过长"),
        ("报" * (3 * MAX_REPORT_CHARS), "报告过长"),
    ],
    ids=["empty", "blanks", "binary", "just-too-long", "far-too-long"],
)
def test_what_no_report_can_be_is_refused(session: Session, text: str, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        plans.pasted_report(text)
    assert session.scalar(select(func.count(Plan.id))) == 0
