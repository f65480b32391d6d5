"""Exports name the texts they had to cut to Excel's cell limit instead of cutting silently."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session
from test_roundtrip import PERIOD, Seeded, seeded

from supervisor.db.models import Task
from supervisor.services import exports, roundtrip

__all__ = ["seeded"]  # the fixture, used by name


def _lengthen(session: Session, task_id: int) -> None:
    session.execute(update(Task).where(Task.id == task_id).values(text="推进" * 20_000))
    session.flush()


def test_fillin_export_names_a_task_text_cut_to_the_cell_limit(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    _lengthen(session, seeded.own.id)
    result = roundtrip.export_fillin_workbooks(
        session, seeded.plan_id, tmp_path / "out", period=PERIOD
    )
    cut = [w for w in result.warnings if "超过 Excel 单元格上限" in w]
    assert len(cut) == 1, result.warnings
    assert cut[0].startswith("有 1 处文字")
    assert f"任务 {seeded.own.code} 的重点任务" in cut[0]


def test_progress_sheet_export_names_a_cell_cut_to_the_limit(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    _lengthen(session, seeded.own.id)
    result = exports.export_progress_sheet(session, seeded.plan_id, tmp_path / "周进度表.xlsx")
    cut = [w for w in result.warnings if "超过 Excel 单元格上限" in w]
    assert len(cut) == 1, result.warnings
    assert "工作表“" in cut[0]  # the sheet and cell it was cut in


def test_exports_that_fit_warn_of_no_cut(session: Session, seeded: Seeded, tmp_path: Path) -> None:
    result = roundtrip.export_fillin_workbooks(
        session, seeded.plan_id, tmp_path / "out", period=PERIOD
    )
    assert not any("单元格上限" in w for w in result.warnings)
