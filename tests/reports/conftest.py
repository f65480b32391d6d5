"""Shared fixtures for report tests: BulletinData built from plain task lists."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence

import pytest

from supervisor.domain import TaskStatus
from supervisor.reports.data import (
    AreaSummary,
    BulletinData,
    DepartmentScore,
    IndicatorRow,
    ReportHeader,
    StatusCount,
    TaskRow,
    TrendPoint,
)

AREAS = (
    "（一）聚焦产业转型，推动经济高质量发展",
    "（二）聚焦生态保护，建设美丽石嘴山",
    "（三）聚焦改革开放，增强发展活力",
    "（四）聚焦民生福祉，提升群众获得感",
)
DEPARTMENTS = (
    "市发展改革委",
    "市工业和信息化局",
    "市财政局",
    "市生态环境局",
    "市住房城乡建设局",
    "市农业农村局",
    "市商务局",
    "市人力资源社会保障局",
    "大武口区人民政府",
    "惠农区人民政府",
    "平罗县人民政府",
)
TITLES = (
    "全力推进重点项目建设",
    "大力推动工业提质增效",
    "城镇新增就业",
    "确保贫困人口全部脱贫退出",
    "打好蓝天保卫战",
    "推进老旧小区改造",
    "深化“放管服”改革",
    "发展现代畜牧产业",
)
TEXTS = (
    "全力推进102个重点项目建设，完成投资128亿元。",
    "实施40个两化融合项目，规模以上工业增加值增长6.5%—7%。",
    "城镇新增就业1万人以上，城镇登记失业率控制在4%以内。",
    "确保剩余158户735名贫困人口全部脱贫退出。",
    "完成大气污染治理项目120个，空气质量优良天数比例达到80%以上。",
    "改造老旧小区21万平方米、棚户区住房588套。",
    "推行“一窗受理、集成服务”，政务服务事项网上可办率达到90%。",
    "新建规模化养殖场10个，奶牛存栏达到6万头。",
)
# Cycled to give every status, weighted like a real plan (most tasks on track).
STATUS_CYCLE = (
    TaskStatus.ON_TRACK,
    TaskStatus.ON_TRACK,
    TaskStatus.ON_TRACK,
    TaskStatus.DONE,
    TaskStatus.AHEAD,
    TaskStatus.BEHIND,
    TaskStatus.ON_TRACK,
    TaskStatus.OVERDUE,
    TaskStatus.DUE_SOON,
    TaskStatus.NOT_REPORTED,
    TaskStatus.ON_TRACK,
)

AS_OF = dt.date(2020, 3, 20)


def make_tasks(count: int, *, seed: int = 7) -> list[TaskRow]:
    """Return ``count`` plausible tasks spread over areas, departments and statuses."""
    rng = random.Random(seed)
    tasks = []
    for index in range(count):
        status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
        time_progress = 0.25
        done = {
            TaskStatus.DONE: 1.0,
            TaskStatus.AHEAD: 0.4,
            TaskStatus.ON_TRACK: 0.25,
            TaskStatus.BEHIND: 0.1,
            TaskStatus.OVERDUE: 0.6,
            TaskStatus.DUE_SOON: 0.8,
            TaskStatus.NOT_REPORTED: None,
        }[status]
        lead = DEPARTMENTS[index % len(DEPARTMENTS)]
        co = tuple(d for d in rng.sample(DEPARTMENTS, 2) if d != lead)
        tasks.append(
            TaskRow(
                task_id=index + 1,
                code=f"{index % 4 + 1}.{index // 4 + 1}",
                title=f"{TITLES[index % len(TITLES)]}（{index + 1}）",
                text=TEXTS[index % len(TEXTS)],
                area=AREAS[index % len(AREAS)],
                indicators=(
                    IndicatorRow(
                        name="投资",
                        target_text="128亿元",
                        value=128,
                        value_max=None,
                        unit="亿元",
                        comparator="=",
                    ),
                ),
                leader="张副市长",
                lead_department=lead,
                co_departments=co,
                deadline=dt.date(2020, 12, 31),
                time_progress=time_progress,
                percent_done=done,
                status=status,
                progress_text=""
                if done is None
                else f"已完成年度目标的{done * 100:.0f}%，项目有序推进。",
                problems="资金到位滞后。" if status is TaskStatus.BEHIND else "",
                next_steps="加快推进。",
                last_report_date=None if done is None else AS_OF - dt.timedelta(days=2),
                urging_count=2 if status in (TaskStatus.BEHIND, TaskStatus.OVERDUE) else 0,
                # services.status: 欠序时 and 逾期 are always 滞后.
                lagging=status in (TaskStatus.BEHIND, TaskStatus.OVERDUE),
            )
        )
    return tasks


def bulletin_from_tasks(
    tasks: Sequence[TaskRow],
    *,
    requirements: str = "一、压实工作责任。各牵头单位要对照任务清单，倒排工期、挂图作战。\n"
    "（一）加强调度。每周报送进展情况。\n对欠序时任务，督查室将发出黄色督办单。",
    issue_number: int | None = 12,
    trend_periods: int = 4,
) -> BulletinData:
    """Build BulletinData whose statistics are computed from ``tasks`` (as services would)."""
    counts = Counter(t.status for t in tasks if t.status is not None)
    total = len(tasks)
    status_counts = tuple(
        StatusCount(status, counts[status], counts[status] / total if total else 0.0)
        for status in TaskStatus
        if counts[status]
    )
    areas = []
    for area in dict.fromkeys(t.area for t in tasks):
        in_area = [t for t in tasks if t.area == area]
        areas.append(
            AreaSummary(area, len(in_area), dict(Counter(t.status for t in in_area if t.status)))
        )
    scores = []
    for department in dict.fromkeys(t.lead_department for t in tasks):
        lead = [t for t in tasks if t.lead_department == department]
        behind = sum(t.status is TaskStatus.BEHIND for t in lead)
        overdue = sum(t.status is TaskStatus.OVERDUE for t in lead)
        scores.append(
            DepartmentScore(
                rank=0,
                department=department,
                lead_tasks=len(lead),
                co_tasks=sum(department in t.co_departments for t in tasks),
                done=sum(t.status is TaskStatus.DONE for t in lead),
                behind=behind,
                overdue=overdue,
                not_reported=sum(t.status is TaskStatus.NOT_REPORTED for t in lead),
                red_cards=overdue,
                score=100.0 - 2 * behind - 5 * overdue,
            )
        )
    scores.sort(key=lambda s: (-s.score, s.department))
    ranked = tuple(
        DepartmentScore(**{**_fields(s), "rank": rank}) for rank, s in enumerate(scores, 1)
    )
    trend = (
        tuple(
            TrendPoint(
                f"2020年第{9 + i}周",
                {s: max(0, c - (trend_periods - 1 - i)) for s, c in counts.items()},
            )
            for i in range(trend_periods)
        )
        if total
        else ()
    )
    not_reported = tuple(
        dict.fromkeys(t.lead_department for t in tasks if t.status is TaskStatus.NOT_REPORTED)
    )
    return BulletinData(
        header=ReportHeader(
            office_name="石嘴山市人民政府督查室",
            plan_title="2020年市政府工作报告重点任务",
            plan_year=2020,
            period_label="2020年第12周",
            as_of=AS_OF,
            issue_number=issue_number,
            plan_id=1,
        ),
        tasks=tuple(tasks),
        status_counts=status_counts,
        areas=tuple(areas),
        departments=ranked,
        trend=trend,
        not_reported_departments=not_reported,
        requirements=requirements,
    )


def _fields(score: DepartmentScore) -> dict[str, object]:
    return {name: getattr(score, name) for name in DepartmentScore.__slots__}


@pytest.fixture
def task_factory() -> Callable[..., list[TaskRow]]:
    """Return ``make_tasks``: (count, seed=7) → plausible TaskRows covering every status."""
    return make_tasks


@pytest.fixture
def bulletin_builder() -> Callable[..., BulletinData]:
    """Return ``bulletin_from_tasks``: (tasks, **kwargs) → BulletinData with their statistics."""
    return bulletin_from_tasks


@pytest.fixture
def bulletin_factory() -> Callable[..., BulletinData]:
    """Return a function (n_tasks, **kwargs) → BulletinData with consistent statistics."""

    def factory(n_tasks: int = 22, **kwargs: object) -> BulletinData:
        return bulletin_from_tasks(make_tasks(n_tasks), **kwargs)  # type: ignore[arg-type]

    return factory


@pytest.fixture
def bulletin_data(bulletin_factory: Callable[..., BulletinData]) -> BulletinData:
    """A small plan: 22 tasks over 4 areas and 11 departments, every status present."""
    return bulletin_factory(22)


@pytest.fixture
def empty_bulletin_data() -> BulletinData:
    """A plan without tasks, statistics or requirements."""
    return bulletin_from_tasks([], requirements="")
