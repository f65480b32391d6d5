"""Round trip: what a returned row changes, its date and reporter (cases a mutation run found
unchecked). Plain data in, plain data out: no workbook needed for these rules."""

from __future__ import annotations

import datetime as dt

from supervisor.reports.fillin_format import Severity
from supervisor.reports.xlsx_returned import ReturnedTaskRow
from supervisor.services.periods import period_of
from supervisor.services.roundtrip.changes import (
    EMPTY,
    Latest,
    changes,
    has_content,
    report_date,
    reporter_of,
)

WEEK = period_of(dt.date(2020, 7, 1))  # 29 June – 5 July 2020
INDICATORS = {10: ("重点项目", "个"), 11: ("完成率", "")}


def _row(**values: object) -> ReturnedTaskRow:
    return ReturnedTaskRow(row=7, task_id=3, version=1, code="2.1", **values)  # type: ignore[arg-type]


def test_changes_list_each_value_that_differs_from_the_latest_report() -> None:
    latest = Latest(
        percent=40.0,
        progress_text="开工",
        problems="缺资金",
        next_steps="",
        reporter="王芳（市发展改革委）",
        report_date=dt.date(2020, 6, 22),
        actuals={10: 12.0, 11: 0.5},
    )
    row = _row(
        percent=45.5,
        progress_text="开工",
        problems="",
        next_steps="加快",
        indicator_actuals={11: 0.5, 10: 20.0, 12: 3.0},
    )
    found = changes(row, latest, INDICATORS, dt.date(2020, 7, 3), "王芳（市发展改革委）")
    assert [(c.field, c.label, c.old, c.new) for c in found] == [
        ("report_date", "报送日期", "2020-06-22", "2020-07-03"),
        ("percent", "完成进度（%）", "40", "45.5"),
        ("indicator:10", "指标“重点项目”（个）", "12", "20"),
        ("indicator:12", "指标“编号 12”", EMPTY, "3"),
        ("problems", "存在问题", "缺资金", EMPTY),
        ("next_steps", "下步打算", EMPTY, "加快"),
    ]


def test_changes_against_no_report_start_from_empty() -> None:
    found = changes(
        _row(percent=0.0, progress_text="启动"), None, INDICATORS, dt.date(2020, 7, 1), "李明"
    )
    assert [(c.field, c.old, c.new) for c in found] == [
        ("report_date", EMPTY, "2020-07-01"),
        ("percent", EMPTY, "0"),
        ("progress_text", EMPTY, "启动"),
        ("reporter", EMPTY, "李明"),
    ]
    # The same percent and nothing else new: only the date.
    same = changes(_row(percent=40.0), Latest(percent=40.0), {}, dt.date(2020, 7, 1), "")
    assert [c.field for c in same] == ["report_date"]


def test_the_reporter_names_the_unit_within_100_characters() -> None:
    assert reporter_of("王芳", "市发展改革委") == "王芳（市发展改革委）"
    assert reporter_of("", "市发展改革委") == "市发展改革委"
    unit = "局" * 90
    assert reporter_of("王" * 8, unit) == "王" * 8 + f"（{unit}）"  # exactly 100
    assert reporter_of("王" * 9, unit) == "王" * 9  # 101: the name alone
    assert reporter_of("王" * 120, "局") == "王" * 100


def test_a_report_is_dated_within_its_period() -> None:
    today = dt.date(2020, 12, 31)

    def dated(typed: dt.date | None, when: dt.date = today) -> tuple:
        issues: list = []
        day = report_date("a.xlsx", _row(report_date=typed), WEEK, when, 2020, issues)
        return day, [(i.severity, i.message) for i in issues]

    # Typed within the period (either end included): as typed, no message.
    assert dated(dt.date(2020, 6, 29)) == (dt.date(2020, 6, 29), [])
    assert dated(dt.date(2020, 7, 5)) == (dt.date(2020, 7, 5), [])
    # Nothing typed: the period's last day, or today while the period runs.
    assert dated(None) == (dt.date(2020, 7, 5), [])
    assert dated(None, dt.date(2020, 7, 2)) == (dt.date(2020, 7, 2), [])
    # Typed outside the period: its last day, with a warning.
    day, issues = dated(dt.date(2020, 7, 6))
    assert day == dt.date(2020, 7, 5)
    assert issues == [
        (
            Severity.WARNING,
            "文件“a.xlsx” 工作表“任务进展” 第7行“填报日期”列："
            "填报日期 2020-07-06 不在报送期2020年第27周（2020-06-29至2020-07-05）内，"
            "按 2020-07-05 记录",
        )
    ]
    assert dated(dt.date(2020, 6, 28))[0] == dt.date(2020, 7, 5)
    # After today: refused; today itself is fine.
    day, issues = dated(dt.date(2020, 7, 3), dt.date(2020, 7, 2))
    assert day is None
    assert issues == [
        (
            Severity.ERROR,
            "文件“a.xlsx” 工作表“任务进展” 第7行“填报日期”列：填报日期 2020-07-03 晚于今天",
        )
    ]
    assert dated(dt.date(2020, 7, 2), dt.date(2020, 7, 2))[0] == dt.date(2020, 7, 2)


def test_a_row_has_content_with_a_percent_an_actual_or_a_text() -> None:
    assert has_content(_row(percent=0.0))
    assert has_content(_row(indicator_actuals={10: 0.0}))
    assert has_content(_row(progress_text="推进中"))
    assert not has_content(_row(problems="缺资金", next_steps="加快", reporter="李明"))
