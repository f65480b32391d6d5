"""The command line of the foundation: help, db upgrade/backup, import-report, plans, tasks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supervisor import cli
from supervisor.db.models import Plan, Task
from supervisor.services.database import open_database

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _db_url(tmp_path: Path) -> str:
    """A new, empty office database (only `db init`/`db upgrade` create one from the CLI)."""
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    open_database(url).close()
    return url


def _counts(url: str) -> tuple[int, int]:
    db = open_database(url)
    try:
        with db.sessions() as session:
            return (
                session.scalar(select(func.count(Plan.id))),
                session.scalar(select(func.count(Task.id))),
            )
    finally:
        db.close()


def test_help_lists_the_commands_in_chinese() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    for command in ("import-report", "plans", "tasks", "db"):
        assert command in result.stdout
    assert "重点任务督查督办" in result.stdout


def test_usage_error_exits_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["plans", "--no-such-option"])
    assert exit_info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_import_then_list_plans_and_tasks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_report: Path
) -> None:
    url = _db_url(tmp_path)
    code, out, _ = run(capsys, "--db", url, "import-report", str(seed_report))
    assert code == 0
    assert "2020年石嘴山市政府工作报告" in out

    code, out, _ = run(capsys, "--db", url, "plans")
    assert code == 0
    assert "2020" in out
    assert "石嘴山" in out

    code, out, _ = run(capsys, "--db", url, "tasks")
    assert code == 0
    assert "大力推动工业提质增效" in out


def test_second_import_of_the_same_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_report: Path
) -> None:
    url = _db_url(tmp_path)
    assert run(capsys, "--db", url, "import-report", str(seed_report))[0] == 0
    before = _counts(url)
    copy = tmp_path / "copy-with-another-name.txt"
    copy.write_bytes(seed_report.read_bytes())
    code, _, err = run(capsys, "--db", url, "import-report", str(copy))
    assert code == 1
    assert "已导入过" in err
    assert "Traceback" not in err
    assert _counts(url) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "是空文件"),
        (b"\x00\x01\x02\x03binary\x00", "不是文本文件"),
        (b"\xff\xfe\xfa" * 50, ""),
    ],
)
def test_bad_report_stores_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    url = _db_url(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _, err = run(capsys, "--db", url, "import-report", str(bad))
    assert code == 1
    assert err.startswith("错误：")
    assert message in err
    assert _counts(url) == (0, 0)


def test_db_upgrade_and_backup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = _db_url(tmp_path)
    code, out, _ = run(capsys, "--db", url, "db", "upgrade")
    assert code == 0
    assert "最新" in out
    target = tmp_path / "backup.sqlite"
    code, out, _ = run(capsys, "--db", url, "db", "backup", str(target))
    assert code == 0
    assert target.exists()
    assert _counts(f"sqlite:///{target}") == (0, 0)


def test_unknown_plan_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", _db_url(tmp_path), "tasks", "--plan", "42")
    assert code == 1
    assert err.strip() == "错误：没有编号为 42 的计划"


def test_unexpected_error_is_logged_and_named(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("supervisor.services.plans.list_plans", explode)
    code, _, err = run(capsys, "--db", _db_url(tmp_path), "plans")
    assert code == 1
    assert "supervisor.log" in err
    assert "Traceback" not in err
    log = (data_dir / "supervisor.log").read_text(encoding="utf-8")
    assert "RuntimeError: boom" in log


def test_database_url_from_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("SUPERVISOR_DB", str(path))
    assert run(capsys, "db", "upgrade")[0] == 0
    assert path.exists()


def test_default_database_lives_in_the_data_folder(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "plans")[0] == 0
    assert (data_dir / "supervisor.sqlite").exists()
