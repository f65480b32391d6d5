"""``fillin export|import|missing``: the round trip by command, exit codes and messages."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from supervisor import cli
from supervisor.services import progress
from supervisor.services.database import open_database
from tests.services.test_roundtrip import (
    DEVELOPMENT,
    INDUSTRY,
    LABOUR,
    PERIOD,
    Seeded,
    counts,
    fill,
    seed_plan,
    typical,
)


@pytest.fixture
def office(database_url: str, seed_report: Path) -> tuple[str, Seeded]:
    """The seed plan with four assigned tasks (see tests.services.test_roundtrip.Seeded)."""
    database = open_database(database_url)
    try:
        with database.sessions() as session:
            seeded = seed_plan(session, seed_report)
    finally:
        database.close()
    return database_url, seeded


def run(capsys: pytest.CaptureFixture[str], url: str, *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main(["--db", url, *(str(arg) for arg in argv)])
    out, err = capsys.readouterr()
    return code, out, err


def stored_counts(url: str) -> tuple[int, int, int]:
    database = open_database(url)
    try:
        with database.sessions() as session:
            return counts(session)
    finally:
        database.close()


def export(capsys: pytest.CaptureFixture[str], url: str, folder: Path) -> dict[str, Path]:
    code, out, err = run(capsys, url, "fillin", "export", "--period", PERIOD, "-o", folder)
    assert code == 0, err
    assert "已导出 3 个单位的填报表" in out
    return {name: next(folder.glob(f"*_{name}_*.xlsx")) for name in (DEVELOPMENT, INDUSTRY, LABOUR)}


def test_export_preview_import_and_missing(
    capsys: pytest.CaptureFixture[str], office: tuple[str, Seeded], tmp_path: Path
) -> None:
    url, seeded = office
    files = export(capsys, url, tmp_path / "out")
    code, out, _ = run(capsys, url, "fillin", "missing", "--period", PERIOD)
    assert code == 0
    assert all(name in out for name in (DEVELOPMENT, INDUSTRY, LABOUR))

    returned = fill(files[DEVELOPMENT], *typical(seeded))
    before = stored_counts(url)
    code, out, _ = run(capsys, url, "fillin", "import", returned)
    assert code == 0
    assert "完成进度（%）：10 → 45" in out
    assert "以上为预览，未写入数据库" in out
    assert stored_counts(url) == before

    # --user names the actor on SQLite only (a server records its login; refused there).
    sqlite = url.startswith("sqlite")
    user = ["--user", "督查员"] if sqlite else []
    code, out, err = run(capsys, url, "fillin", "import", returned, "--yes", *user)
    assert code == 0, err
    assert "已导入 1 个文件，新增 2 条进展报送" in out
    assert stored_counts(url) == (before[0] + 2, before[1] + 2, 1)
    database = open_database(url)
    try:
        with database.sessions() as session:
            latest = {
                info.task_id: info
                for info in progress.latest_progress(
                    session, seeded.plan_id, as_of=dt.date(2020, 7, 5)
                )
            }
    finally:
        database.close()
    assert latest[seeded.shared.id].percent == 45
    assert latest[seeded.shared.id].created_by == ("督查员" if sqlite else "测试员")
    assert latest[seeded.own.id].progress_text == "方案已起草"

    code, out, _ = run(capsys, url, "fillin", "missing", "--period", PERIOD)
    assert code == 0
    assert DEVELOPMENT not in out
    assert INDUSTRY in out
    assert LABOUR in out


def test_export_into_a_zip(
    capsys: pytest.CaptureFixture[str], office: tuple[str, Seeded], tmp_path: Path
) -> None:
    url, _ = office
    target = tmp_path / "填报表.zip"
    code, out, _ = run(
        capsys, url, "fillin", "export", "--period", PERIOD, "--department", LABOUR, "-o", target
    )
    assert code == 0
    assert "已导出 1 个单位的填报表" in out
    with zipfile.ZipFile(target) as archive:
        (name,) = archive.namelist()
    assert LABOUR in name


def test_import_with_errors_exits_1_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], office: tuple[str, Seeded], tmp_path: Path
) -> None:
    url, seeded = office
    files = export(capsys, url, tmp_path / "out")
    rows, actuals = typical(seeded)
    rows[seeded.own.code]["percent"] = 120
    returned = fill(files[DEVELOPMENT], rows, actuals)
    before = stored_counts(url)
    for extra in ((), ("--yes",)):
        code, out, err = run(capsys, url, "fillin", "import", returned, *extra)
        assert code == 1
        assert "完成进度须在 0 到 100 之间，实为 120" in out
        assert "存在错误" in err
        assert stored_counts(url) == before


def test_the_same_file_twice_exits_1(
    capsys: pytest.CaptureFixture[str], office: tuple[str, Seeded], tmp_path: Path
) -> None:
    url, seeded = office
    files = export(capsys, url, tmp_path / "out")
    returned = fill(files[DEVELOPMENT], *typical(seeded))
    assert run(capsys, url, "fillin", "import", returned, "--yes")[0] == 0
    before = stored_counts(url)
    code, out, err = run(capsys, url, "fillin", "import", returned, "--yes")
    assert code == 1
    assert "同一文件不会导入两次" in out
    assert "存在错误" in err
    assert stored_counts(url) == before


def test_only_clean_imports_the_good_file_and_exits_1(
    capsys: pytest.CaptureFixture[str], office: tuple[str, Seeded], tmp_path: Path
) -> None:
    url, seeded = office
    files = export(capsys, url, tmp_path / "out")
    fill(files[LABOUR], {seeded.labour.code: {"percent": 20, "progress_text": "推进中"}})
    fill(files[INDUSTRY], {seeded.industry.code: {"percent": "一半"}})
    code, out, err = run(capsys, url, "fillin", "import", tmp_path / "out", "--yes", "--only-clean")
    assert code == 1
    assert "已导入 1 个文件，新增 1 条进展报送" in out
    assert files[INDUSTRY].name in err
    assert stored_counts(url)[2] == 1


def test_usage_and_unknown_plan(
    capsys: pytest.CaptureFixture[str], office: tuple[str, Seeded], tmp_path: Path
) -> None:
    url, _ = office
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--db", url, "fillin"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--db", url, "fillin", "missing", "--period", "2020-W99"])
    assert exit_info.value.code == 2
    assert "2020年没有第99周" in capsys.readouterr().err
    code, _, err = run(capsys, url, "fillin", "missing", "--plan", "99")
    assert code == 1
    assert "没有编号为 99 的计划" in err
    code, _, err = run(capsys, url, "fillin", "export", "-o", tmp_path / "a.xlsx")
    assert code == 1
    assert "文件夹或 .zip 文件" in err


def test_unsealed_setting_is_shown_and_changed(
    capsys: pytest.CaptureFixture[str], office: tuple[str, Seeded], tmp_path: Path
) -> None:
    url, _ = office
    code, out, _ = run(capsys, url, "fillin", "unsealed")
    assert (code, out.strip()) == (0, "旧版（无密封）填报表：接受（导入时提示无法核验）")
    export(capsys, url, tmp_path / "out")  # the first sealed export turns the default off
    code, out, _ = run(capsys, url, "fillin", "unsealed")
    assert "不接受" in out
    code, out, _ = run(capsys, url, "fillin", "unsealed", "--allow")
    assert (code, out.strip()) == (0, "旧版（无密封）填报表：接受（导入时提示无法核验）")
    code, out, _ = run(capsys, url, "fillin", "unsealed")
    assert "接受（导入时提示" in out
    code, out, _ = run(capsys, url, "fillin", "unsealed", "--refuse")
    assert "不接受" in out
