"""A report that names no year: the plan year the user gives, checked before anything is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supervisor.db.models import Plan
from supervisor.errors import ValidationError
from supervisor.extract import NoPlanYearError
from supervisor.services import plans

_PAGE = "今年主要预期目标是：生产总值增长6%以上。\n（一）聚力创新。新增高新技术企业70家。\n"


def _page(tmp_path: Path) -> Path:
    path = tmp_path / "网页摘录.txt"
    path.write_text(_PAGE, encoding="utf-8")
    return path


def test_a_page_without_a_year_is_stored_with_the_year_given(
    session: Session, tmp_path: Path
) -> None:
    with pytest.raises(NoPlanYearError):
        plans.import_report(session, _page(tmp_path), actor="测试员")
    for wrong in (1999, 2101):
        with pytest.raises(ValidationError, match="年度应在 2000 到 2100 之间"):
            plans.import_report(session, _page(tmp_path), actor="测试员", year=wrong)
    assert session.scalar(select(func.count()).select_from(Plan)) == 0
    summary = plans.import_report(session, _page(tmp_path), actor="测试员", year=2100)
    assert session.get(Plan, summary.id).year == 2100
