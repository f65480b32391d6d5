"""The dashboard's count axes tick at whole numbers a reader can tell apart.

A plan of three tasks showed 0 0 1 2 3 on the trend and 0 0 0 0 1 under the areas: five ticks
over a range of 3 (or 1) labelled with %d. Seen in a real window, not in the model tests.
"""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QValueAxis
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _ticks(axis: QValueAxis) -> list[float]:
    count = axis.tickCount()
    step = (axis.max() - axis.min()) / (count - 1)
    return [axis.min() + i * step for i in range(count)]


@pytest.mark.parametrize("tasks", [3, None])  # a tiny plan of its own, and the seed
def test_count_axes_tick_at_distinct_whole_numbers(
    qtbot: QtBot, seeded_window, tasks: int | None
) -> None:
    window = seeded_window
    if tasks is not None:
        from supervisor.services import plans
        from supervisor.services import tasks as task_service

        summary = window.context.in_transaction(
            lambda s: plans.create_plan(s, title="小清单", year=2020, source="其他", actor="测试员")
        )
        for n in range(tasks):
            window.context.in_transaction(
                lambda s, n=n: task_service.add_task(
                    s, summary.id, title=f"任务{n}", actor="测试员"
                )
            )
        window.show_plan(summary.id)
    flow = window.workflows.dashboard
    with qtbot.waitSignal(flow.dashboard_loaded, timeout=60_000):
        window.tabs.setCurrentWidget(flow.page)
    for view in (flow.widget.area_view, flow.widget.trend_view):
        (axis,) = [a for a in view.chart().axes() if type(a) is QValueAxis]  # not QCategoryAxis
        ticks = _ticks(axis)
        assert all(t == int(t) for t in ticks), ticks
        assert len(set(map(int, ticks))) == len(ticks) >= 2, ticks
