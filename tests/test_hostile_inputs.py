"""Messages match outcomes: the same report in another dress is a duplicate; text inputs are
read within their limits; FIFOs and devices are refused without hanging."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from supervisor import cli
from supervisor.db.models import Plan
from supervisor.services.database import open_database

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def office(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    open_database(url).close()
    return url


def _plans(url: str) -> int:
    database = open_database(url)
    try:
        with database.sessions() as session:
            return session.scalar(select(func.count(Plan.id))) or 0
    finally:
        database.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _dress(text: str, how: str) -> bytes:
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    if how == "extra-newline":
        return (text + "\n\n").encode("utf-8")
    if how == "trailing-spaces":
        return "\n".join(line + "  \t" for line in text.split("\n")).encode("utf-8")
    if how == "blank-lines":
        return text.replace("\n", "\n\n").encode("utf-8")
    if how == "gbk":
        return text.encode("gb18030")
    if how == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if how == "utf-16":
        return text.encode("utf-16")
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    ["crlf", "extra-newline", "trailing-spaces", "blank-lines", "gbk", "utf-8-bom", "utf-16"],
)
def test_the_same_report_in_another_dress_is_already_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, office: str, seed_report: Path, how: str
) -> None:
    assert _run(capsys, "--db", office, "import-report", str(seed_report))[0] == 0
    text = seed_report.read_text(encoding="utf-8")
    again = tmp_path / f"again-{how}.txt"
    again.write_bytes(_dress(text, how))
    code, _, err = _run(capsys, "--db", office, "import-report", str(again))
    assert code == 1
    assert "已导入过" in err
    assert _plans(office) == 1


def test_a_changed_report_is_a_new_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, office: str, seed_report: Path
) -> None:
    assert _run(capsys, "--db", office, "import-report", str(seed_report))[0] == 0
    changed = tmp_path / "changed.txt"
    changed.write_text(
        seed_report.read_text(encoding="utf-8").replace("石嘴山", "石咀山", 1), encoding="utf-8"
    )
    assert _run(capsys, "--db", office, "import-report", str(changed))[0] == 0
    assert _plans(office) == 2


def test_a_plan_imported_before_the_fingerprint_is_still_found(
    capsys: pytest.CaptureFixture[str], office: str, seed_report: Path
) -> None:
    import hashlib

    assert _run(capsys, "--db", office, "import-report", str(seed_report))[0] == 0
    database = open_database(office)
    try:
        with database.sessions.begin() as session:
            # What older versions stored: the hash of the file's bytes.
            old = hashlib.sha256(seed_report.read_bytes()).hexdigest()
            session.execute(update(Plan).values(file_hash=old))
    finally:
        database.close()
    code, _, err = _run(capsys, "--db", office, "import-report", str(seed_report))
    assert code == 1
    assert "已导入过" in err


def _run_process(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    # In a child process with a timeout: a regression that blocks on a FIFO must fail the
    # test, not hang the suite.
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=REPO,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
@pytest.mark.parametrize(
    "argv",
    [
        ["import-report", "{fifo}"],
        ["extract", "{fifo}"],
        ["extract", "{report}", "--departments", "{fifo}"],
        ["export", "bulletin", "--requirements-file", "{fifo}", "-o", "{out}"],
        ["export", "bulletin", "--requirements-file", "/dev/zero", "-o", "{out}"],
        ["import-report", "/dev/zero"],
    ],
)
def test_fifos_and_devices_are_refused_without_reading(
    tmp_path: Path, office: str, seed_report: Path, argv: list[str]
) -> None:
    fifo = tmp_path / "input.txt"
    os.mkfifo(fifo)
    out = tmp_path / "bulletin.pdf"
    words = [a.format(fifo=fifo, out=out, report=seed_report) for a in argv]
    assert cli.main(["--db", office, "import-report", str(seed_report)]) == 0
    result = _run_process("--db", office, *words)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "不是普通文件" in result.stderr
    assert not out.exists()


def test_an_oversized_requirements_file_stops_at_its_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, office: str, seed_report: Path
) -> None:
    assert _run(capsys, "--db", office, "import-report", str(seed_report))[0] == 0
    big = tmp_path / "要求.txt"
    big.write_bytes("压实工作责任。".encode() * 100_000)
    out = tmp_path / "b.pdf"
    code, _, err = _run(
        capsys,
        "--db",
        office,
        "export",
        "bulletin",
        "--requirements-file",
        str(big),
        "-o",
        str(out),
    )
    assert code == 1
    assert "太大" in err
    assert not out.exists()


def test_a_report_with_more_tasks_than_any_real_one_is_refused_before_storing(
    capsys: pytest.CaptureFixture[str],
    office: str,
    seed_report: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The seed yields 163 tasks; with the bound below that, it stands for a 60,000-task file.
    monkeypatch.setattr("supervisor.extract.source.MAX_REPORT_TASKS", 100)
    code, _, err = _run(capsys, "--db", office, "import-report", str(seed_report))
    assert code == 1
    assert "任务过多" in err
    assert "上限 100" in err
    assert _plans(office) == 0
