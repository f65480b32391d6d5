"""Whole names in reports: a row's display text says the task in full, once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from supervisor.reports.data import TaskRow, full_text
from supervisor.services import reporting, tasks
from tests.services.conftest import ACTOR, Office

_LEAD = "大力推动工业提质增效。实施40个两化融合项目。"
_LONG = "加快建设城市快速路、综合管廊、海绵城市和地下停车场等基础设施项目。"


@pytest.mark.parametrize(
    ("title", "text", "shown"),
    [
        # A lead phrase and its paragraph: the paragraph starts with the title.
        ("大力推动工业提质增效", _LEAD, _LEAD),
        # A label of a long sentence: the sentence alone.
        ("加快建设城市快速路、综合管廊", _LONG, _LONG),
        # An enumeration item: the title sits after the marker (一是…).
        (
            "完善人才引进政策",
            "一是完善人才引进政策，落实住房保障。",
            "一是完善人才引进政策，落实住房保障。",
        ),
        # A title typed by hand that the text does not contain: both, once each.
        ("人才工作", "落实住房保障。", "人才工作：落实住房保障。"),
        # No text: the title.
        ("新建幼儿园5所", "", "新建幼儿园5所"),
    ],
)
def test_full_text_never_repeats_the_title(title: str, text: str, shown: str) -> None:
    assert full_text(title, text) == shown
    row = TaskRow(task_id=1, code="1", title=title, text=text, area="")
    assert row.display_text == shown
    assert shown.count(title) == 1


def test_report_rows_show_each_task_once(session: Session, office: Office) -> None:
    sentence = (
        "全面推进城乡环境综合整治，持续巩固国家卫生城市创建成果，" + "改造背街小巷" * 12 + "。"
    )
    task = tasks.add_task(
        session,
        office.plan_id,
        title="全面推进城乡环境综合整治，持续巩固国家卫生城市创建成果",
        text=sentence,
        parent_id=office.area_people,
        actor=ACTOR,
    )
    rows = reporting.task_rows(session, office.plan_id, as_of=dt.date(2020, 7, 1))
    row = next(r for r in rows if r.task_id == task.id)
    assert row.display_text == sentence
    assert row.display_text.count("持续巩固国家卫生城市创建成果") == 1
