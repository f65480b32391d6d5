"""Backups that cannot overwrite the live file, damaged and missing databases, a busy database."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supervisor import cli
from supervisor.db.models import Plan
from supervisor.errors import (
    DamagedDatabaseError,
    DatabaseBusyError,
    DatabaseError,
    MissingDatabaseError,
)
from supervisor.services import database as database_service
from supervisor.services.database import (
    Database,
    backup_database,
    check_database,
    open_database,
    restore_database,
)

TITLE = "备份前的计划（用于寻找数据页）"


def _office(tmp_path: Path, plans: int = 1) -> tuple[str, Path]:
    file = tmp_path / "office.sqlite"
    db = open_database(f"sqlite:///{file}")
    try:
        for index in range(plans):
            _add_plan(db, f"{TITLE}{index}")
    finally:
        db.close()
    return f"sqlite:///{file}", file


def _add_plan(db: Database, title: str) -> None:
    with db.sessions.begin() as session:
        session.add(Plan(title=title, year=2020, source="其他"))


def _titles(url: str) -> list[str]:
    db = open_database(url, create=False)
    try:
        with db.sessions() as session:
            return list(session.scalars(select(Plan.title).order_by(Plan.id)))
    finally:
        db.close()


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def damage_data_page(file: Path, marker: str) -> None:
    """Scribble over the b-tree header of the page holding ``marker``, as a bad sector would."""
    data = bytearray(file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big") or 65536
    at = data.find(marker.encode("utf-8"))
    assert at > page_size, "the marker must lie beyond the schema page"
    start = at // page_size * page_size
    data[start : start + 8] = b"\xff" * 8
    file.write_bytes(bytes(data))


def damage_schema(file: Path) -> None:
    """Flip bytes inside the stored CREATE statements (the issue's UnicodeDecodeError)."""
    data = bytearray(file.read_bytes())
    at = data.find(b"CREATE TABLE")
    assert at != -1
    data[at + 2 : at + 4] = b"\xff\xfe"
    file.write_bytes(bytes(data))


# --- point 3: backup and restore -------------------------------------------------------------


def test_backup_refuses_every_name_of_the_live_file(tmp_path: Path) -> None:
    url, file = _office(tmp_path)
    (tmp_path / "sub").mkdir()
    symlink = tmp_path / "link.sqlite"
    symlink.symlink_to(file)
    hardlink = tmp_path / "hard.sqlite"
    os.link(file, hardlink)
    db = open_database(url)
    try:
        for target in (
            file,
            tmp_path / "sub" / ".." / "office.sqlite",
            symlink,
            hardlink,
            Path(f"{file}-wal"),
        ):
            with pytest.raises(DatabaseError, match="正在使用的数据库文件本身"):
                backup_database(db, target)
        # The process goes on writing, and nothing it writes is lost.
        _add_plan(db, "备份之后写入的计划")
    finally:
        db.close()
    assert _titles(url)[-1] == "备份之后写入的计划"


def test_backup_of_a_damaged_database_is_refused(tmp_path: Path) -> None:
    url, file = _office(tmp_path, plans=60)
    db = open_database(url)
    db.close()
    damage_data_page(file, f"{TITLE}30")
    db = Database(url, *_engine_and_sessions(url))
    try:
        with pytest.raises(DamagedDatabaseError, match=r"已损坏.*没有找到完好的备份"):
            backup_database(db, tmp_path / "copy.sqlite")
    finally:
        db.close()
    assert not (tmp_path / "copy.sqlite").exists()


def _engine_and_sessions(url: str) -> tuple[object, object]:
    from supervisor.db.session import make_engine, make_session_factory

    engine = make_engine(url)
    return engine, make_session_factory(engine)


def test_restore_keeps_the_current_file_and_refuses_bad_backups(tmp_path: Path) -> None:
    url, file = _office(tmp_path)
    db = open_database(url)
    try:
        backup = backup_database(db, tmp_path / "good.sqlite")
        _add_plan(db, "备份之后的计划")
    finally:
        db.close()
    assert len(_titles(url)) == 2

    with pytest.raises(DatabaseError, match="正在使用的数据库文件本身"):
        restore_database(url, file)
    not_ours = tmp_path / "other.sqlite"
    sqlite3.connect(not_ours).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(DatabaseError, match="不是本程序的数据库备份"):
        restore_database(url, not_ours)
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(DatabaseError, match="备份文件已损坏"):
        restore_database(url, broken)
    assert len(_titles(url)) == 2

    assert sorted(p.name for p in tmp_path.glob("good.sqlite*")) == ["good.sqlite"]
    restored, kept = restore_database(url, backup)
    assert restored == file
    assert kept is not None
    assert _titles(url) == [f"{TITLE}0"]
    assert _titles(f"sqlite:///{kept}")[-1] == "备份之后的计划"


def test_cli_backup_onto_itself_and_restore(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, file = _office(tmp_path)
    before = _digest(file)
    code, _, err = _run(capsys, "--db", url, "db", "backup", str(file))
    assert code == 1
    assert "正在使用的数据库文件本身" in err
    assert _digest(file) == before
    target = tmp_path / "b.sqlite"
    assert _run(capsys, "--db", url, "db", "backup", str(target))[0] == 0
    assert _run(capsys, "--db", url, "plan", "new", "--title", "后来的", "--year", "2021")[0] == 0
    code, out, err = _run(capsys, "--db", url, "db", "restore", str(target))
    assert code == 0, err
    assert "恢复前的数据库已另存为" in out
    assert _titles(url) == [f"{TITLE}0"]


# --- point 4: damaged database ---------------------------------------------------------------


@pytest.mark.parametrize("damage", ["schema", "page", "not-sqlite"])
def test_a_damaged_database_names_the_file_and_the_latest_good_backup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, damage: str
) -> None:
    url, file = _office(tmp_path, plans=60)
    backups = tmp_path / "usb"
    backups.mkdir()
    older = tmp_path / "usb" / "older.sqlite"
    newest = tmp_path / "usb" / "newest.sqlite"
    for target in (older, newest):
        assert _run(capsys, "--db", url, "db", "backup", str(target))[0] == 0
    os.utime(older, (1_000_000_000, 1_000_000_000))
    if damage == "schema":
        damage_schema(file)
    elif damage == "page":
        damage_data_page(file, f"{TITLE}30")
    else:
        file.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    before = _digest(file)

    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(url)
    assert str(file) in str(caught.value)
    assert str(newest) in str(caught.value)

    for argv in (
        ["plans"],
        ["plan", "new", "--title", "不该写入", "--year", "2021"],
        ["db", "upgrade"],
        ["db", "backup", str(tmp_path / "copy.sqlite")],
    ):
        code, _, err = _run(capsys, "--db", url, *argv)
        assert code == 1, argv
        assert err.count("\n") == 1, err
        assert "数据库文件已损坏" in err
        assert str(newest) in err
        assert "Traceback" not in err
    code, _, err = _run(capsys, "--db", url, "db", "check")
    assert code == 1
    assert "已损坏" in err
    assert _digest(file) == before
    assert not (tmp_path / "copy.sqlite").exists()


def test_damage_met_after_opening_a_large_database_stops_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, file = _office(tmp_path, plans=60)
    assert _run(capsys, "--db", url, "db", "backup", str(tmp_path / "good.sqlite"))[0] == 0
    damage_data_page(file, f"{TITLE}30")
    before = _digest(file)
    # Above this size only the schema is checked on opening; the damaged page is met later.
    monkeypatch.setattr(database_service, "QUICK_CHECK_ON_OPEN_BYTES", 0)
    code, _, err = _run(capsys, "--db", url, "plans")
    assert code == 1
    assert "数据库文件已损坏" in err
    assert str(tmp_path / "good.sqlite") in err
    assert "Traceback" not in err
    assert _digest(file) == before


def test_db_check_on_demand(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url, file = _office(tmp_path)
    code, out, _ = _run(capsys, "--db", url, "db", "check")
    assert code == 0
    assert "完好" in out
    assert check_database(url) == file


# --- point 5: a path that does not exist ------------------------------------------------------


@pytest.mark.parametrize("via", ["option", "environment"])
def test_a_missing_database_is_not_created_by_ordinary_commands(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    via: str,
) -> None:
    missing = tmp_path / "offcie.sqlite"  # a typo of office.sqlite
    prefix = ["--db", str(missing)]
    if via == "environment":
        monkeypatch.setenv("SUPERVISOR_DB", str(missing))
        prefix = []
    for argv in (["plans"], ["db", "backup", str(tmp_path / "b.sqlite")], ["db", "check"]):
        code, _, err = _run(capsys, *prefix, *argv)
        assert code == 1
        assert "数据库文件不存在" in err
        assert not missing.exists()
    assert not (tmp_path / "b.sqlite").exists()
    assert _run(capsys, *prefix, "db", "init")[0] == 0
    assert missing.exists()
    assert _run(capsys, *prefix, "plans")[0] == 0


def test_db_upgrade_creates_and_the_service_switch(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    with pytest.raises(MissingDatabaseError) as caught:
        open_database(url, create=False)
    assert caught.value.path == tmp_path / "new.sqlite"
    assert not (tmp_path / "new.sqlite").exists()
    assert cli.main(["--db", url, "db", "upgrade"]) == 0
    open_database(url, create=False).close()


# --- point 7: busy database ---------------------------------------------------------------


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real wait is 20 s; the behaviour after it is the same with a short one.
    monkeypatch.setattr("supervisor.db.session.BUSY_TIMEOUT_MS", 200)


def _hold_write_lock(file: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_busy_database_says_so_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, file = _office(tmp_path)
    holder = _hold_write_lock(file)
    try:
        code, _, err = _run(
            capsys, "--db", url, "plan", "new", "--title", "新计划", "--year", "2021"
        )
    finally:
        holder.rollback()
        holder.close()
    assert code == 1
    assert err.strip() == "错误：数据库正忙，请稍后重试（另一个程序或用户正在写入数据库）"
    assert _titles(url) == [f"{TITLE}0"]


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_busy_database_is_a_service_error_the_gui_can_show(tmp_path: Path) -> None:
    url, file = _office(tmp_path)
    db = open_database(url)
    holder = _hold_write_lock(file)
    try:
        with pytest.raises(DatabaseBusyError, match="数据库正忙，请稍后重试"):
            _add_plan(db, "等不到锁的计划")
    finally:
        holder.rollback()
        holder.close()
    try:
        _add_plan(db, "锁释放后的计划")  # the same database object works again afterwards
        with db.sessions() as session:
            assert session.scalar(select(func.count(Plan.id))) == 2
    finally:
        db.close()


def test_connections_wait_for_a_writer(tmp_path: Path) -> None:
    url, _file = _office(tmp_path)
    db = open_database(url)
    try:
        with db.engine.connect() as connection:
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    finally:
        db.close()
    assert timeout is not None
    assert timeout >= 10_000


def test_damage_met_by_a_service_names_the_backup_for_the_gui(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, file = _office(tmp_path, plans=60)
    db = open_database(url)
    try:
        good = backup_database(db, tmp_path / "good.sqlite")
    finally:
        db.close()
    damage_data_page(file, f"{TITLE}30")
    monkeypatch.setattr(database_service, "QUICK_CHECK_ON_OPEN_BYTES", 0)
    db = open_database(url)
    try:
        with pytest.raises(DamagedDatabaseError) as caught, db.sessions() as session:
            session.scalars(select(Plan.title)).all()
    finally:
        db.close()
    assert str(file) in str(caught.value)
    assert str(good) in str(caught.value)
