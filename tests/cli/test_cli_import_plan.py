"""``import-plan``: a preview by default, ``--yes`` stores, ``--columns`` remaps, Chinese errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from supervisor import cli
from supervisor.db.models import Plan, Task
from supervisor.services.database import open_database
from tests.services.test_plan_import import simple_sheet


def run(capsys: pytest.CaptureFixture[str], url: str, *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main(["--db", url, *(str(arg) for arg in argv)])
    out, err = capsys.readouterr()
    return code, out, err


def stored(url: str) -> tuple[int, int]:
    database = open_database(url)
    try:
        with database.sessions() as session:
            plans = session.scalar(select(func.count(Plan.id))) or 0
            tasks = session.scalar(select(func.count(Task.id))) or 0
            return plans, tasks
    finally:
        database.close()


@pytest.fixture
def url(database_url: str, database: object, capsys: pytest.CaptureFixture[str]) -> str:
    # ``database`` creates the file at the newest schema; the commands then open it.
    for name in ("市发展和改革委员会", "市财政局", "市工业和信息化局", "市生态环境局"):
        assert run(capsys, database_url, "departments", "add", name)[0] == 0
    return database_url


def test_preview_names_columns_and_tasks_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = simple_sheet(tmp_path / "分工方案.xlsx")

    code, out, _ = run(capsys, url, "import-plan", path)

    assert code == 0
    assert "表头在第3行" in out
    assert "重点任务=B列（重点任务）" in out
    assert "全力推进102个重点项目建设" in out
    assert "系统中没有的单位（1 个" in out
    assert "市发改委" in out  # no alias registered here
    assert "未写入任何内容" in out
    assert stored(url) == (0, 0)


def test_yes_with_new_units_confirmed_stores_the_plan(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = simple_sheet(tmp_path / "分工方案.xlsx")

    code, _, err = run(capsys, url, "import-plan", path, "--yes")
    assert code != 0
    assert "市发改委" in err
    assert stored(url) == (0, 0)

    code, out, err = run(capsys, url, "import-plan", path, "--yes", "--add-departments")
    assert code == 0, err
    assert "已导入：《2020年市政府工作报告重点工作任务分工方案》" in out
    assert stored(url) == (1, 5)


def test_columns_option_and_its_mistakes(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = simple_sheet(tmp_path / "分工方案.xlsx")

    code, out, _ = run(
        capsys, url, "import-plan", path, "--columns", "重点任务=B,配合单位=C,牵头单位=D"
    )
    assert code == 0
    assert "牵头单位=D列" in out

    code, _, err = run(capsys, url, "import-plan", path, "--columns", "任务=第二列")
    assert code != 0
    assert "列对应关系“任务=第二列”无法识别" in err
    assert "Traceback" not in err


def test_a_file_that_is_no_workbook_is_one_chinese_line(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("hello")

    code, _, err = run(capsys, url, "import-plan", path)

    assert code != 0
    assert "不是 Excel .xlsx 文件" in err
    assert "Traceback" not in err
    assert stored(url) == (0, 0)
