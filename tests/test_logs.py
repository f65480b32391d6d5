"""The log follows the data folder: one log at a time, never a dead handler of an old folder."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from supervisor.logs import log_unexpected


def _boom() -> RuntimeError:
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        return error


def test_a_new_data_folder_gets_the_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    monkeypatch.setenv("SUPERVISOR_DATA_DIR", str(first))
    assert log_unexpected(_boom(), "first folder") == first / "supervisor.log"

    monkeypatch.setenv("SUPERVISOR_DATA_DIR", str(second))
    assert log_unexpected(_boom(), "second folder") == second / "supervisor.log"
    assert "second folder" in (second / "supervisor.log").read_text(encoding="utf-8")
    assert "second folder" not in (first / "supervisor.log").read_text(encoding="utf-8")


def test_the_stderr_fallback_writes_to_the_current_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SUPERVISOR_DATA_DIR", str(blocker / "data"))
    old_stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", old_stream)
    assert log_unexpected(_boom(), "while stderr was the old stream") is None
    old_stream.close()  # as pytest closes a test's captured stream

    new_stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", new_stream)
    assert log_unexpected(_boom(), "after stderr changed") is None
    written = new_stream.getvalue()
    assert "after stderr changed" in written
    assert "RuntimeError: boom" in written
    assert "Logging error" not in written  # logging's own complaint about a closed stream
