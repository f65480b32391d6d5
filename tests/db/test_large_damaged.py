"""A damaged database above the size checked on opening: refused before any write, any size."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from supervisor import cli
from supervisor.db.models import AuditEntry, Plan
from supervisor.errors import DamagedDatabaseError
from supervisor.services import database as database_service
from supervisor.services.database import backup_database, open_database
from tests.db.test_damaged_and_busy import damage_data_page

MARKER = "损坏页上的计划"


def _large_office(folder: Path) -> tuple[str, Path, Path]:
    """A database just above the size checked on opening, and a good backup of it."""
    file = folder / "office.sqlite"
    url = f"sqlite:///{file}"
    # Filled with long audit entries, the quickest way to a file of that size (≈1 s), in a
    # table nothing reads on opening (the window, too, opens without meeting the damage).
    text = "全力推进重点项目建设，完成投资128亿元。" * 50_000
    db = open_database(url)
    try:
        with db.sessions.begin() as session:
            session.add(Plan(title="年度计划", year=2020, source="其他"))
            for index in range(25):
                session.add(
                    AuditEntry(
                        actor="测试员",
                        action="update",
                        entity="plan",
                        old_value=text,
                        new_value=MARKER if index == 12 else text,
                    )
                )
        backup = backup_database(db, folder / "good.sqlite")
    finally:
        db.close()
    assert file.stat().st_size > database_service.QUICK_CHECK_ON_OPEN_BYTES
    return url, file, backup


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def damaged_office(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """A large office database with one damaged page (built once: tests copy nothing)."""
    url, file, backup = _large_office(tmp_path_factory.mktemp("large"))
    damage_data_page(file, MARKER)
    return url, file, backup


def test_it_opens_but_its_first_write_is_refused_naming_the_backup(
    damaged_office: tuple[str, Path, Path],
) -> None:
    url, file, backup = damaged_office
    before = _digest(file)
    db = open_database(url)  # above the size read on opening: no wait at the start
    try:
        assert not db.integrity.done
        with pytest.raises(DamagedDatabaseError) as caught, db.sessions.begin() as session:
            session.add(Plan(title="不该写入", year=2021, source="其他"))
        assert str(file) in str(caught.value)
        assert str(backup) in str(caught.value)
        assert db.integrity.done
        assert not db.integrity.passed
        # Refused again at once, and a read does not make it writable.
        with pytest.raises(DamagedDatabaseError), db.sessions.begin() as session:
            session.get(Plan, 1).title = "改名"
    finally:
        db.close()
    assert _digest(file) == before


def test_the_check_run_on_its_own_gives_the_same_message(
    damaged_office: tuple[str, Path, Path],
) -> None:
    url, file, backup = damaged_office
    db = open_database(url)
    try:
        with pytest.raises(DamagedDatabaseError, match="数据库文件已损坏") as caught:
            db.integrity.run()
    finally:
        db.close()
    assert str(file) in str(caught.value)
    assert str(backup) in str(caught.value)


def test_writing_commands_refuse_it_with_one_line(
    capsys: pytest.CaptureFixture[str], damaged_office: tuple[str, Path, Path]
) -> None:
    url, file, backup = damaged_office
    before = _digest(file)
    for argv in (
        ["plan", "new", "--title", "不该写入", "--year", "2021"],
        ["departments", "add", "市新单位"],
        ["db", "backup", str(file.parent / "copy.sqlite")],
        ["db", "upgrade"],
        ["db", "init"],
    ):
        code = cli.main(["--db", url, *argv])
        _out, err = capsys.readouterr()
        assert code == 1, argv
        assert err.count("\n") == 1, err
        assert f"数据库文件已损坏：{file}" in err
        assert str(backup) in err
        assert "Traceback" not in err
    assert _digest(file) == before
    assert not (file.parent / "copy.sqlite").exists()


def test_a_healthy_large_database_is_written_after_the_check(tmp_path: Path) -> None:
    url, _file, _backup = _large_office(tmp_path)
    db = open_database(url)
    try:
        assert not db.integrity.done
        with db.sessions.begin() as session:
            session.add(Plan(title="检查之后写入", year=2021, source="其他"))
        assert db.integrity.passed
        with db.sessions() as session:
            assert "检查之后写入" in session.scalars(select(Plan.title)).all()
    finally:
        db.close()


def test_an_old_schema_is_checked_before_the_upgrade_copies_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, file, backup = _large_office(tmp_path)
    damage_data_page(file, MARKER)
    before = _digest(file)
    # As if the file were of an older version: the upgrade would copy it aside, then write.
    monkeypatch.setattr(database_service.migrate, "HEAD_REVISION", "9999_newer")
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(url)
    assert str(backup) in str(caught.value)
    assert _digest(file) == before
    assert not list((tmp_path / "backups").glob("*before*"))
