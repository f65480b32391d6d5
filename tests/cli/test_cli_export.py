"""``export xlsx|bulletin|department``: files read back, warnings, exit codes and messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from supervisor import cli
from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.services.database import open_database
from supervisor.services.statistics import plan_statistics
from supervisor.services.status import task_states
from tests.services.test_exports import data_rows, leftovers, pdf_text, row_of

AS_OF = dt.date(2020, 6, 30)
INDUSTRY, DEVELOPMENT = "市工业和信息化局", "市发展改革委"


@dataclass(frozen=True)
class Office:
    """A database with the seed report imported through the command line."""

    url: str
    behind_code: str
    behind_title: str
    ahead_code: str
    ahead_title: str
    leaves: int


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def command(
    capsys: pytest.CaptureFixture[str], url: str, words: str, *more: str
) -> tuple[int, str, str]:
    """Run ``--db URL`` with the space-separated ``words``, then ``more`` (paths) as they are."""
    return run(capsys, "--db", url, *words.split(), *more)


@pytest.fixture
def office(capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_report: Path) -> Office:
    """Seed report imported, two tasks assigned and reported in 2020-W27, all by command."""
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    assert run(capsys, "--db", url, "db", "init")[0] == 0
    assert run(capsys, "--db", url, "import-report", str(seed_report))[0] == 0
    database = open_database(url)
    try:
        with database.sessions() as session:
            leaves = task_states(session, 1, as_of=AS_OF, leaves_only=True)
    finally:
        database.close()
    behind, ahead = leaves[:2]
    for name in (INDUSTRY, DEVELOPMENT):
        assert run(capsys, "--db", url, "departments", "add", name)[0] == 0
    steps = [
        f"assign {behind.code} --lead {INDUSTRY} --co {DEVELOPMENT} --leader 张副市长",
        f"assign {ahead.code} --lead {DEVELOPMENT}",
        f"progress add {behind.code} --date 2020-06-29 --percent 10 --progress 六月进展：已启动",
        f"progress add {ahead.code} --date 2020-06-29 --percent 60",
    ]
    for step in steps:
        code, _, err = command(capsys, url, step)
        assert code == 0, err
    return Office(url, behind.code, behind.title, ahead.code, ahead.title, len(leaves))


def test_export_xlsx_progress_sheet_for_a_period(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    target = tmp_path / "周报.xlsx"
    code, out, _ = command(
        capsys, office.url, "export xlsx --kind 周报 --period 2020-W27 -o", str(target)
    )

    assert code == 0
    assert "已导出周进度表（2020年第27周，截至 2020-07-05" in out
    assert str(target) in out
    rows = data_rows(load_workbook(target).worksheets[0])
    assert len(rows) == office.leaves
    behind = row_of(rows, office.behind_title)
    assert behind["牵头单位"].value == INDUSTRY
    assert behind["配合单位"].value == DEVELOPMENT
    assert behind["责任领导"].value == "张副市长"
    assert behind["完成进度"].value == pytest.approx(0.10)
    assert behind["状态"].value == TaskStatus.BEHIND.value
    assert behind["状态"].fill.fgColor.rgb.endswith(STATUS_COLOURS[TaskStatus.BEHIND][1:])
    assert behind["完成时限"].is_date


def test_export_xlsx_assignment_sheet_warns_about_unassigned_tasks(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    target = tmp_path / "分工.xlsx"
    code, _, err = command(capsys, office.url, "export xlsx --kind 分工 -o", str(target))

    assert code == 0
    assert f"提示：有{office.leaves - 2}项任务尚未明确牵头单位" in err
    ws = load_workbook(target).worksheets[0]
    headers = [cell.value for cell in ws[3]]
    assert headers == [
        "序号",
        "重点任务",
        "目标指标",
        "责任领导",
        "牵头单位",
        "配合单位",
        "完成时限",
    ]


def test_export_as_of_a_past_date_leaves_out_later_reports(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    later = f"progress add {office.behind_code} --date 2020-07-15 --percent 90 --progress 七月进展"
    code, _, err = command(capsys, office.url, later)
    assert code == 0, err
    target = tmp_path / "past.xlsx"
    pdf = tmp_path / "past.pdf"

    xlsx = "export xlsx --kind progress --as-of 2020-06-30 -o"
    assert command(capsys, office.url, xlsx, str(target))[0] == 0
    assert command(capsys, office.url, "export bulletin --as-of 2020-06-30 -o", str(pdf))[0] == 0

    behind = row_of(data_rows(load_workbook(target).worksheets[0]), office.behind_title)
    assert behind["完成进度"].value == pytest.approx(0.10)
    assert behind["本期进展"].value == "六月进展：已启动"
    text = pdf_text(pdf)
    assert "六月进展" in text
    assert "七月进展" not in text


def test_export_bulletin_with_requirements_file_and_issue(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    requirements = tmp_path / "要求.txt"
    requirements.write_bytes("一、压实工作责任\n各牵头单位要倒排工期。\n".encode("gb18030"))
    target = tmp_path / "通报.pdf"
    code, out, _ = command(
        capsys,
        office.url,
        "export bulletin --as-of 2020-06-30 --issue 5 --requirements-file",
        str(requirements),
        "-o",
        str(target),
    )

    assert code == 0
    pages = len(PdfReader(target).pages)
    assert f"{pages} 页" in out
    text = pdf_text(target)
    assert "第5期" in text
    assert "压实工作责任" in text
    database = open_database(office.url)
    try:
        with database.sessions() as session:
            stats = plan_statistics(session, 1, as_of=AS_OF)
    finally:
        database.close()
    assert f"共{stats.total}项" in text
    for count in stats.status_counts:
        if count.count:
            assert f"{count.count}项、占比{count.share * 100:.1f}%" in text
    assert INDUSTRY in text
    assert DEVELOPMENT in text


def test_export_department_report(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    target = tmp_path / "工信局.pdf"
    code, out, _ = command(
        capsys, office.url, f"export department {INDUSTRY} --period 2020-W27 -o", str(target)
    )

    assert code == 0
    assert "已导出单位通报" in out
    text = pdf_text(target)
    assert f"关于{INDUSTRY}重点任务推进情况的通报" in text
    assert "牵头任务1项、配合任务0项" in text


def test_export_department_of_an_unknown_unit_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    code, _, err = command(
        capsys, office.url, "export department 市不存在局 -o", str(tmp_path / "x.pdf")
    )

    assert code == 1
    assert err.strip() == "错误：没有名为“市不存在局”的单位，可先用 departments add 添加"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (("xlsx", "--kind", "分工"), "a.xlsx"),
        (("xlsx", "--kind", "周报"), "a.xlsx"),
        (("bulletin",), "a.pdf"),
        (("department", INDUSTRY), "a.pdf"),
    ],
)
def test_a_missing_folder_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str],
    office: Office,
    tmp_path: Path,
    argv: tuple[str, ...],
    name: str,
) -> None:
    target = tmp_path / "不存在" / name
    code, _, err = run(capsys, "--db", office.url, "export", *argv, "-o", str(target))

    assert code == 1
    assert err.startswith("错误：")
    assert "不存在" in err
    assert len(err.strip().splitlines()) == 1
    assert leftovers(tmp_path) == []


def test_a_folder_as_target_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    code, _, err = run(capsys, "--db", office.url, "export", "bulletin", "-o", str(folder))

    assert code == 1
    assert err.startswith("错误：")
    assert "这是一个文件夹" in err
    assert leftovers(tmp_path) == []


def test_an_empty_plan_made_by_hand_exports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    assert run(capsys, "--db", url, "db", "init")[0] == 0
    code, _, err = command(
        capsys, url, "plan new --title 2021年领导批示事项 --year 2021 --source 领导批示"
    )
    assert code == 0, err
    target = tmp_path / "empty.xlsx"
    pdf = tmp_path / "empty.pdf"

    code, _, err = run(capsys, "--db", url, "export", "xlsx", "--kind", "周报", "-o", str(target))
    assert code == 0, err
    assert "提示：没有符合条件的任务" in err
    assert load_workbook(target).worksheets[0].max_row == 3
    code, _, err = run(capsys, "--db", url, "export", "bulletin", "-o", str(pdf))
    assert code == 0, err
    assert "尚无纳入督查的重点任务" in pdf_text(pdf)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("xlsx", "--kind", "月报"), "--kind"),
        (("xlsx", "--kind", "周报", "--period", "2020-W54"), "2020年没有第54周"),
        (("xlsx", "--kind", "周报", "--as-of", "2020/06/30"), "日期格式"),
        (
            ("xlsx", "--kind", "周报", "--period", "2020-W12", "--as-of", "2020-03-20"),
            "not allowed",
        ),
        (("bulletin", "--issue", "0"), "期号必须是正整数"),
        (("bulletin", "--requirements", "x", "--requirements-file", "y.txt"), "not allowed"),
        (("bulletin",), "-o"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    args = [*argv] if "-o" in message else [*argv, "-o", str(tmp_path / "x")]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--db", f"sqlite:///{tmp_path / 'u.sqlite'}", "export", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "参数错误" in err
    assert message in err
    assert leftovers(tmp_path) == []


def test_a_missing_requirements_file_is_an_error(
    capsys: pytest.CaptureFixture[str], office: Office, tmp_path: Path
) -> None:
    missing, target = str(tmp_path / "无.txt"), str(tmp_path / "b.pdf")
    code, _, err = command(
        capsys, office.url, "export bulletin --requirements-file", missing, "-o", target
    )

    assert code == 1
    assert err.startswith("错误：无法读取文件")
    assert leftovers(tmp_path) == []


def test_export_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", "bulletin", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for phrase in ("督查通报", "报送期", "期号", "下步工作要求", "输出文件路径"):
        assert phrase in out
